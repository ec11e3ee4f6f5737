#!/usr/bin/env bash
# Builds the two base images that `mvn -Pimage package` puts migscope on, with no container registry and no Docker
# engine: Debian packages from this machine's own apt sources (mmdebstrap) and a jlink'ed runtime of the JDK that
# runs the build (the one the tests ran on).
#
#   build-base.sh OUT_DIR JAVA_HOME
#
# OUT_DIR/runtime.tar     one layer: glibc, libstdc++, zlib, a /bin/sh, the Java runtime in /opt/java, user migscope (10001)
# OUT_DIR/collectors.tar  that same layer plus a second one: ping, iftop and virsh with their libraries
#
# Both are docker-archive tarballs (manifest.json, config, layer tars), the format Jib reads as a tar:// base.
# The layers are reproducible: same Debian package versions and same JDK give the same bytes (SOURCE_DATE_EPOCH,
# sorted tar entries, numeric owners). The package versions are listed in /usr/share/migscope/base-packages.txt.
# mmdebstrap's extract variant only unpacks packages (no maintainer scripts run), which is all a runtime needs.
set -euo pipefail

out="${1:?usage: build-base.sh OUT_DIR JAVA_HOME}"
java_home="${2:?usage: build-base.sh OUT_DIR JAVA_HOME}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# busybox-static gives the launcher its /bin/sh as one static binary; dash would pull in dpkg and tar.
RUNTIME_PACKAGES="libc6,libgcc-s1,libstdc++6,zlib1g,busybox-static"
TOOL_PACKAGES="iputils-ping,iftop,libvirt-clients"
# What `jdeps --print-module-deps` finds in the app's runtime classpath, plus the providers jdeps cannot see because
# they are loaded as services: elliptic-curve TLS (jdk.crypto.ec), Kerberos/JAAS logins (jdk.security.auth), DNS
# for JNDI (jdk.naming.dns), zip file systems (jdk.zipfs) and the extra charsets (jdk.charsets).
JAVA_MODULES="java.base,java.compiler,java.desktop,java.instrument,java.naming,java.net.http,java.rmi,java.scripting,\
java.security.jgss,java.security.sasl,java.sql,jdk.management,jdk.unsupported,\
jdk.crypto.ec,jdk.security.auth,jdk.naming.dns,jdk.zipfs,jdk.charsets"
UID_GID=10001
export SOURCE_DATE_EPOCH=1   # the same instant as Jib's EPOCH_PLUS_SECOND file times
export LC_ALL=C

fail() { echo "build-base.sh: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "must run as root (CI and the dev machines are): the layers record root ownership"
command -v mmdebstrap >/dev/null || fail "mmdebstrap is missing: apt-get install mmdebstrap"
[ -x "$java_home/bin/jlink" ] && [ -d "$java_home/jmods" ] || fail "$java_home has no jlink or jmods (a full JDK is needed)"
. /etc/os-release
[ "${ID:-}" = debian ] && [ -n "${VERSION_CODENAME:-}" ] || fail "the base is built from this machine's Debian release; this is ${PRETTY_NAME:-unknown}"
suite="$VERSION_CODENAME"

# The apt sources this machine already uses: no mirror is named here, and the suite matches the JDK's libc.
sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -s "$f" ] && sources+=("$f")
done
[ "${#sources[@]}" -gt 0 ] || fail "no apt sources found under /etc/apt"

key="$( { cat "$0"; echo "$suite $RUNTIME_PACKAGES $TOOL_PACKAGES $JAVA_MODULES"; "$java_home/bin/java" -version 2>&1;
          mmdebstrap --version; cat "${sources[@]}"; } | sha256sum | cut -c1-64)"
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$key" ] && [ -f "$out/runtime.tar" ] && [ -f "$out/collectors.tar" ]; then
  echo "build-base.sh: base images are up to date in $out"
  exit 0
fi

work="$out/work"
rm -rf "$out"
mkdir -p "$work"

echo "build-base.sh: jlink runtime from $java_home"
"$java_home/bin/jlink" --add-modules "$JAVA_MODULES" --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$work/jre"

# Everything both rootfs get after the packages are unpacked ($1 is the rootfs).
customize() {
  local root="$1"
  mkdir -p "$root/opt" "$root/tmp" "$root/var/lib/migscope" "$root/usr/share/migscope" "$root/etc" "$root/bin"
  cp -a "$work/jre" "$root/opt/java"
  chmod 1777 "$root/tmp"
  ln -sfn busybox "$root/bin/sh"
  printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nmigscope:x:%s:%s:migscope:/var/lib/migscope:/usr/sbin/nologin\n' \
    "$UID_GID" "$UID_GID" > "$root/etc/passwd"
  printf 'root:x:0:\nmigscope:x:%s:\n' "$UID_GID" > "$root/etc/group"
  chown "$UID_GID:$UID_GID" "$root/var/lib/migscope"
  # Keep each package's copyright file (licences travel with the binaries); drop the rest of the documentation.
  find "$root/usr/share/doc" -type f ! -name copyright -delete 2>/dev/null || true
  rm -rf "$root/usr/share/man" "$root/usr/share/info" "$root/usr/share/locale" "$root/usr/share/lintian"
  rm -f "$root/etc/resolv.conf" "$root/etc/hostname"
  # Device nodes are the runtime's business (it mounts /dev); a rootless runtime cannot even unpack them.
  rm -rf "$root/dev" && mkdir -m 755 "$root/dev"
  echo 'include /etc/ld.so.conf.d/*.conf' > "$root/etc/ld.so.conf"
  ldconfig -r "$root"
  rm -rf "$root/var/cache/ldconfig"   # ldconfig's own bookkeeping, different on every run
}

rootfs() {
  local name="$1" packages="$2" root="$work/$1"
  echo "build-base.sh: $name rootfs ($suite: $packages)"
  mmdebstrap --quiet --variant=extract --mode=root --format=directory --include="$packages" \
    --skip=cleanup/apt/cache "$suite" "$root" "${sources[@]}"
  customize "$root"
  for d in "$root"/var/cache/apt/archives/*.deb; do dpkg-deb -f "$d" Package Version | paste -sd' '; done | sort \
    > "$root/usr/share/migscope/base-packages.txt"
  # mmdebstrap leaves its apt state behind; a runtime image has no use for it.
  rm -rf "$root/var/lib/apt" "$root/var/cache/apt" "$root/var/log/apt" "$root/etc/apt"
}

# A reproducible layer tar of the paths listed (NUL-separated, relative to $1).
layer() {
  local root="$1" list="$2" tarfile="$3"
  tar --create --file="$tarfile" --directory="$root" --no-recursion --null --files-from="$list" \
    --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" --clamp-mtime --format=posix \
    --pax-option='exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime'
}

paths() { (cd "$1" && find . -mindepth 1 -printf '%P\n' | sort); }

rootfs runtime "$RUNTIME_PACKAGES"
rootfs collectors "$RUNTIME_PACKAGES,$TOOL_PACKAGES"

paths "$work/runtime" > "$work/runtime.paths"
paths "$work/collectors" > "$work/collectors.paths"
# The collectors' packages must add files, never change one the runtime layer has (beyond the package list).
changed="$(comm -12 "$work/runtime.paths" "$work/collectors.paths" | while read -r p; do
  a="$work/runtime/$p"; b="$work/collectors/$p"
  if [ -f "$a" ] && [ ! -L "$a" ] && ! cmp -s "$a" "$b" && [ "$p" != usr/share/migscope/base-packages.txt ] \
     && [ "$p" != etc/ld.so.cache ]; then echo "$p"; fi
done)"
[ -z "$changed" ] || fail "the tool packages change files of the runtime layer: $changed"

tr '\n' '\0' < "$work/runtime.paths" > "$work/layer1.list"
{ comm -13 "$work/runtime.paths" "$work/collectors.paths"; echo usr/share/migscope/base-packages.txt; echo etc/ld.so.cache; } \
  | sort -u | tr '\n' '\0' > "$work/layer2.list"
layer "$work/runtime" "$work/layer1.list" "$work/layer1.tar"
layer "$work/collectors" "$work/layer2.list" "$work/layer2.tar"

# A docker-archive (`docker save` layout) of the given layers: what Jib's tar:// base reads.
archive() {
  local name="$1"; shift
  local dir="$work/$name.archive" diff_ids="" layers="" created_by="build-base.sh $suite $RUNTIME_PACKAGES"
  mkdir -p "$dir"
  for l in "$@"; do
    cp "$work/$l.tar" "$dir/$l.tar"
    diff_ids="$diff_ids${diff_ids:+,}\"sha256:$(sha256sum "$dir/$l.tar" | cut -c1-64)\""
    layers="$layers${layers:+,}\"$l.tar\""
  done
  [ "$name" = collectors ] && created_by="$created_by + $TOOL_PACKAGES"
  printf '{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:01Z",%s,%s,%s}' \
    "\"config\":{\"User\":\"$UID_GID:$UID_GID\",\"WorkingDir\":\"/var/lib/migscope\",\"Env\":[\"PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\"JAVA_HOME=/opt/java\",\"LANG=C.UTF-8\"]}" \
    "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[$diff_ids]}" \
    "\"history\":[{\"created\":\"1970-01-01T00:00:01Z\",\"created_by\":\"$created_by\"}]" > "$dir/config.json"
  printf '[{"Config":"config.json","RepoTags":["migscope-base-%s:local"],"Layers":[%s]}]' "$name" "$layers" > "$dir/manifest.json"
  (cd "$dir" && find . -mindepth 1 -printf '%P\n' | sort | tr '\n' '\0') > "$work/$name.archive.list"
  layer "$dir" "$work/$name.archive.list" "$out/$name.tar"
}

archive runtime layer1
archive collectors layer1 layer2
cp "$work/collectors/usr/share/migscope/base-packages.txt" "$out/base-packages.txt"
rm -rf "$work"
echo "$key" > "$out/stamp"
ls -l "$out"

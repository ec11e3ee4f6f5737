#!/bin/sh
# Builds the lab guest: Debian's kernel and a busybox initramfs whose /init rewrites DIRTY MiB of random pages in a
# loop (kernel command line dirty=N, optional pause=S seconds between rounds), so a migration has memory to chase.
# Needs linux-image-amd64, busybox-static and cpio (apt). Writes $GUEST/vmlinuz and $GUEST/initrd.gz.
set -e
GUEST=${GUEST:?set GUEST to the guest directory, e.g. /tmp/lab/guest}
mkdir -p "$GUEST"; R=$(mktemp -d)
mkdir -p "$R"/bin "$R"/proc "$R"/sys "$R"/dev "$R"/tmp
cp /bin/busybox "$R"/bin/
cat > "$R"/init <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t devtmpfs dev /dev 2>/dev/null; mount -t tmpfs -o size=100m tmpfs /tmp
DIRTY=0; PAUSE=0
for a in $(cat /proc/cmdline); do case $a in dirty=*) DIRTY=${a#dirty=};; pause=*) PAUSE=${a#pause=};; esac; done
echo "guest up: rewrites $DIRTY MiB, pause $PAUSE s" > /dev/console
if [ "$DIRTY" != 0 ]; then
  # random (not zero) pages so QEMU must send them; rewritten in place, so the same pages are dirtied each round
  dd if=/dev/urandom of=/tmp/seed bs=1M count=1 2>/dev/null
  (while true; do i=0; while [ $i -lt $DIRTY ]; do
     dd if=/tmp/seed of=/tmp/dirt bs=1M count=1 seek=$i conv=notrunc 2>/dev/null; i=$((i+1)); done
   [ "$PAUSE" != 0 ] && sleep $PAUSE; done) &
fi
while true; do sleep 3600; done
INIT
chmod +x "$R"/init
(cd "$R" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$GUEST"/initrd.gz
cp "$(ls /boot/vmlinuz-* | sort -V | tail -1)" "$GUEST"/vmlinuz
rm -rf "$R"

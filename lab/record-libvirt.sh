#!/bin/bash
# Re-records the libvirt fixtures (producers/src/test/resources/captures/libvirt/CASE/) on two real libvirtd hosts in
# two network namespaces (libvirt-hosts-up.sh). Run as root:
#   WD=/tmp/lab sh lab/libvirt-hosts-up.sh
#   WD=/tmp/lab OUT=producers/src/test/resources/captures/libvirt lab/record-libvirt.sh [CASE...]
#   WD=/tmp/lab sh lab/libvirt-hosts-down.sh
# Cases: completed aborted failed-dest-killed failed-net-cut aborted-after-suspend autoconverge-cancelled slow-converge
#        stalled-then-downtime-raised save-restore
#        snapshot dump backup (default: all).
# Per case it keeps, on BOTH hosts: virsh event --all --loop --timestamp (events-hostX.txt), and a loop of
# `date +%s.%N; virsh domjobinfo VM` every 0.5 s (domjobinfo-hostX.txt), the same with --rawstats
# (domjobinfo-raw-hostX.txt), then one `virsh domjobinfo --completed --anystats` (completed-hostX.txt), and the
# commands this script ran, each preceded by its start time (commands.txt). Times: UTC (events), epoch (date).
set -u
export LC_ALL=C
WD=${WD:?set WD to the lab directory used with libvirt-hosts-up.sh}
OUT=${OUT:?set OUT to the fixture directory}
HERE=$(cd "$(dirname "$0")" && pwd)
A="qemu+unix:///system?socket=$WD/hostA/run/libvirt-sock"
B="qemu+unix:///system?socket=$WD/hostB/run/libvirt-sock"
DEST=qemu+tcp://10.77.0.2/system
GUEST=$WD/guest
[ -f "$GUEST/initrd.gz" ] || GUEST=$GUEST sh "$HERE/guest-initrd.sh"

run() { # run a command and note it, with its start time, in commands.txt
  echo "$(date +%s.%N) $*" >> "$D/commands.txt"
  "$@" >> "$D/commands.txt" 2>&1; local rc=$?
  echo "$(date +%s.%N) exit $rc" >> "$D/commands.txt"
}

domain() { # domain NAME CMDLINE [DISK-XML]
  sed -e "s#@NAME@#$1#g" -e "s#@CMDLINE@#$2#" -e "s#@GUEST@#$GUEST#" -e "s#@WD@#$WD#" \
      -e "s#@DISKS@#${3:-}#" "$HERE/domain.xml.in" > "$WD/$1.xml"
  run virsh -c "$A" create "$WD/$1.xml"
  sleep 6 # the guest boots and starts dirtying before anything is recorded
}

watch_start() { # watch_start CASE VM
  D=$OUT/$1; VM=$2; rm -rf "$D"; mkdir -p "$D"; PIDS=""
  for h in A B; do
    u=$A; [ $h = B ] && u=$B
    virsh -c "$u" event --all --loop --timestamp > "$D/events-host$h.txt" 2>&1 & PIDS="$PIDS $!"
    (while :; do date +%s.%N; virsh -c "$u" domjobinfo "$VM" 2>/dev/null; sleep 0.5; done) \
      > "$D/domjobinfo-host$h.txt" & PIDS="$PIDS $!"
    (while :; do date +%s.%N; virsh -c "$u" domjobinfo "$VM" --rawstats 2>/dev/null; sleep 0.5; done) \
      > "$D/domjobinfo-raw-host$h.txt" & PIDS="$PIDS $!"
  done
  sleep 1
}

watch_stop() {
  sleep 3 # late events (the destination's resume, job-completed) arrive after the command returns
  for p in $PIDS; do kill "$p" 2>/dev/null; done; wait 2>/dev/null
  for h in A B; do
    u=$A; [ $h = B ] && u=$B
    { date +%s.%N; virsh -c "$u" domjobinfo "$VM" --completed --anystats 2>&1; } > "$D/completed-host$h.txt"
  done
  for h in A B; do virsh -c "$([ $h = A ] && echo "$A" || echo "$B")" destroy "$VM" > /dev/null 2>&1; done
  # keep only the polls' own stderr-free output; note the versions once per case
  { virsh -c "$A" version; } > "$D/versions.txt" 2>&1
}

migrate_bg() { # migrate_bg VM EXTRA-ARGS...: virsh migrate in the background, noted in commands.txt
  local vm=$1; shift
  (run virsh -c "$A" migrate --live --p2p --verbose "$@" "$vm" "$DEST") & MIG=$!
}

case_completed() {
  watch_start completed lab-completed; domain lab-completed dirty=0
  run virsh -c "$A" migrate --live --p2p --bandwidth 16 lab-completed "$DEST"
  watch_stop
}

case_aborted() {
  watch_start aborted lab-aborted; domain lab-aborted dirty=24
  migrate_bg lab-aborted --bandwidth 4; sleep 8
  run virsh -c "$A" domjobabort lab-aborted
  wait $MIG; watch_stop
}

case_failed_dest_killed() {
  watch_start failed-dest-killed lab-destkill; domain lab-destkill dirty=24
  migrate_bg lab-destkill --bandwidth 4; sleep 8
  run sh -c "kill -9 \$(cat $WD/hostB/run/qemu/lab-destkill.pid)"
  wait $MIG; watch_stop
}

case_failed_net_cut() {
  watch_start failed-net-cut lab-netcut; domain lab-netcut dirty=24
  migrate_bg lab-netcut --bandwidth 4; sleep 8
  run ip -n lv-A route add blackhole 10.77.0.2/32
  # libvirt's keepalive (5 s x 5) or the TCP timeout ends it; abort by hand if it is still running after 90 s
  for i in $(seq 1 90); do kill -0 $MIG 2>/dev/null || break; sleep 1; done
  kill -0 $MIG 2>/dev/null && run virsh -c "$A" domjobabort lab-netcut
  # libvirt marks the job Failed when its keepalive gives up, but QEMU's migration thread stays blocked writing to a
  # socket the peer no longer reads (CLOSE-WAIT, zero window, ~15 min of TCP persist probes): reset it
  for i in $(seq 1 60); do kill -0 $MIG 2>/dev/null || break; sleep 1; done
  kill -0 $MIG 2>/dev/null && run ip -n lv-A route del blackhole 10.77.0.2/32 && \
    run ip netns exec lv-A ss -K dst 10.77.0.2
  wait $MIG
  ip -n lv-A route del blackhole 10.77.0.2/32 2>/dev/null
  watch_stop
}

# virsh migrate --timeout-suspend pauses the guest during the migration (as KubeVirt's Paused mode does) and the
# operator then aborts: the source, suspended for the switchover, takes its guest back.
case_aborted_after_suspend() {
  watch_start aborted-after-suspend lab-suspend; domain lab-suspend dirty=24
  migrate_bg lab-suspend --bandwidth 4 --timeout 15 --timeout-suspend; sleep 19
  run virsh -c "$A" domjobabort lab-suspend
  wait $MIG; watch_stop
}

case_autoconverge_cancelled() {
  watch_start autoconverge-cancelled lab-autoconv; domain lab-autoconv dirty=32
  migrate_bg lab-autoconv --auto-converge --auto-converge-initial 20 --auto-converge-increment 10 --bandwidth 2
  sleep 75
  run virsh -c "$A" domjobabort lab-autoconv
  wait $MIG; watch_stop
}

case_slow_converge() {
  watch_start slow-converge lab-slow; domain lab-slow dirty=2 pause=1
  run virsh -c "$A" migrate --live --p2p --bandwidth 8 lab-slow "$DEST"
  watch_stop
}

# Dirtying about as fast as the link: remaining bytes plateau for minutes (no auto-converge), then the operator
# raises the bandwidth, then the downtime limit (as Nova's downtime steps do) until it converges.
case_stalled_then_downtime_raised() {
  watch_start stalled-then-downtime-raised lab-slow; domain lab-slow dirty=6 pause=2
  migrate_bg lab-slow --bandwidth 3; sleep 240
  run virsh -c "$A" migrate-setspeed lab-slow 6; sleep 25
  run virsh -c "$A" migrate-setmaxdowntime lab-slow 1000; sleep 30
  run virsh -c "$A" migrate-setmaxdowntime lab-slow 2000
  wait $MIG; watch_stop
}

case_save_restore() {
  watch_start save-restore lab-save; domain lab-save dirty=8
  rm -f "$WD/lab-save.img"
  run virsh -c "$A" save lab-save "$WD/lab-save.img"
  sleep 2
  run virsh -c "$A" restore "$WD/lab-save.img"
  sleep 2
  watch_stop
}

DISK="<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='@FILE@'/><target dev='vda' bus='virtio'/></disk>"

case_snapshot() {
  rm -f "$WD/lab-snap.qcow2"; qemu-img create -q -f qcow2 "$WD/lab-snap.qcow2" 16M
  watch_start snapshot lab-snap; domain lab-snap dirty=8 "${DISK/@FILE@/$WD/lab-snap.qcow2}"
  run virsh -c "$A" snapshot-create-as lab-snap snap1 --no-metadata
  sleep 2
  run virsh -c "$A" snapshot-create-as lab-snap snap2 --memspec "file=$WD/lab-snap.mem,snapshot=external" \
      --diskspec "vda,snapshot=external,file=$WD/lab-snap.overlay.qcow2" --no-metadata
  sleep 2
  watch_stop
  rm -f "$WD/lab-snap.mem" "$WD/lab-snap.overlay.qcow2"
}

case_dump() {
  watch_start dump lab-dump; domain lab-dump dirty=8
  rm -f "$WD/lab-dump.core" "$WD/lab-dump.mem"
  run virsh -c "$A" dump lab-dump "$WD/lab-dump.core"
  sleep 2
  run virsh -c "$A" dump lab-dump "$WD/lab-dump.mem" --memory-only
  sleep 2
  watch_stop
  rm -f "$WD/lab-dump.core" "$WD/lab-dump.mem"
}

case_backup() {
  rm -f "$WD/lab-backup.qcow2" "$WD/lab-backup.qcow2".*; qemu-img create -q -f qcow2 "$WD/lab-backup.qcow2" 16M
  watch_start backup lab-backup; domain lab-backup dirty=8 "${DISK/@FILE@/$WD/lab-backup.qcow2}"
  run virsh -c "$A" backup-begin lab-backup
  for i in $(seq 1 20); do sleep 1; virsh -c "$A" domjobinfo lab-backup | grep -q 'Job type: *None' && break; done
  watch_stop
  rm -f "$WD/lab-backup.qcow2".*
}

CASES=${*:-completed aborted failed-dest-killed failed-net-cut aborted-after-suspend autoconverge-cancelled slow-converge stalled-then-downtime-raised save-restore snapshot dump backup}
for c in $CASES; do echo "== $c"; "case_${c//-/_}"; done

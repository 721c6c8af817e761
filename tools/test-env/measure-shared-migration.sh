#!/usr/bin/env bash
# Median migration time and downtime of a running 64 MiB TCG VM with one 1 GiB network disk (an iSCSI LUN, then a
# qcow2 file on NFS, both at 10.77.0.1), first daemon <-> peer, RUNS (default 5) round trips each, with the flags
# the KVM driver uses (live, persist on the destination, undefine the source). See README.md, "Live migration with
# disks on iSCSI and NFS". As root, with libvirtd.sh and libvirtd-peer.sh started. Removes what it made: its tgt
# instance "measure", the file, the domain, and ganesha if it started it.
set -euo pipefail
cd "$(dirname "$0")"
RUNS="${RUNS:-5}" A=qemu:///system B=qemu+tcp://10.77.0.2/system S=10.77.0.1
export STRATA_TEST_STORAGE_ADDRESSES=127.0.0.1,$S
TMP="$(mktemp -d)" NFS_EXPORT="" nfs_started=""
cleanup() {
    local d
    for d in "$A" "$B"; do
        virsh -q -c "$d" destroy mig-measure >/dev/null 2>&1 || true
        virsh -q -c "$d" undefine mig-measure >/dev/null 2>&1 || true
    done
    [ -z "$NFS_EXPORT" ] || rm -f "$NFS_EXPORT/mig-measure.qcow2"
    ./tgt.sh stop measure >/dev/null 2>&1 || true
    [ -z "$nfs_started" ] || ./nfs.sh stop >/dev/null 2>&1
    rm -rf "$TMP"
}
trap cleanup EXIT
./tgt.sh start measure >"$TMP/tgt"
CONTROL="$(sed -n 's/^STRATA_TEST_ISCSI_CONTROL=//p' "$TMP/tgt")"
DIR="$(sed -n 's/^STRATA_TEST_ISCSI_DIR=//p' "$TMP/tgt")"
./nfs.sh status >/dev/null 2>&1 || nfs_started=1
NFS_EXPORT="$(./nfs.sh start | sed -n 's/^STRATA_TEST_NFS_EXPORT_DIR=//p')"
truncate -s 1G "$DIR/lun.img"
tgtadm -C "$CONTROL" --lld iscsi --mode target --op new --tid 1 -T iqn.2026-12.org.strata.test:measure
tgtadm -C "$CONTROL" --lld iscsi --mode logicalunit --op new --tid 1 --lun 1 -b "$DIR/lun.img"
for initiator in $(sed -n 's/^STRATA_TEST_ISCSI_INITIATORS=//p' "$TMP/tgt" | tr , ' '); do
    tgtadm -C "$CONTROL" --lld iscsi --mode target --op bind --tid 1 -I "$initiator"
done
qemu-img create -q -f qcow2 "nfs://$S/strata-test/mig-measure.qcow2" 1G
disk_iscsi="<source protocol='iscsi' name='iqn.2026-12.org.strata.test:measure/1'><host name='$S' port='$CONTROL'/></source><driver name='qemu' type='raw'/>"
disk_nfs="<source protocol='nfs' name='/strata-test/mig-measure.qcow2'><host name='$S' transport='tcp'/><identity user='root' group='root'/></source><driver name='qemu' type='qcow2'/>"
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for backend in iscsi nfs; do
    disk="disk_$backend"
    echo "<domain type='qemu'><name>mig-measure</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type>hvm</type></os>
      <devices><disk type='network' device='disk'>${!disk}<target dev='vda' bus='virtio'/></disk></devices></domain>" >"$TMP/vm.xml"
    virsh -q -c "$A" define "$TMP/vm.xml" >/dev/null; virsh -q -c "$A" start mig-measure >/dev/null
    : >"$TMP/$backend"
    for i in $(seq 1 "$RUNS"); do
        for hop in "$A $B" "$B $A"; do
            set -- $hop
            t0=$(date +%s%N)
            virsh -q -c "$1" migrate --live --persistent --undefinesource mig-measure "$2"
            t1=$(date +%s%N)
            info="$(virsh -q -c "$2" domjobinfo --completed mig-measure)"
            down="$(sed -n 's/^Total downtime: *\([0-9]*\) *ms/\1/p' <<<"$info")"
            total="$(sed -n 's/^Time elapsed: *\([0-9]*\) *ms/\1/p' <<<"$info")"
            echo "$backend $1 -> $2: virsh $(((t1 - t0) / 1000000)) ms, job $total ms, downtime $down ms"
            echo "$(((t1 - t0) / 1000000)) $total $down" >>"$TMP/$backend"
        done
    done
    echo "$backend median of $((2 * RUNS)): virsh migrate $(cut -d' ' -f1 "$TMP/$backend" | median) ms," \
        "job $(cut -d' ' -f2 "$TMP/$backend" | median) ms, downtime $(cut -d' ' -f3 "$TMP/$backend" | median) ms"
    virsh -q -c "$A" destroy mig-measure >/dev/null; virsh -q -c "$A" undefine mig-measure >/dev/null
done

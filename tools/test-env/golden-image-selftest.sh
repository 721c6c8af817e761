#!/usr/bin/env bash
# Proves the golden image (golden-image.sh) against the real peers: QEMU (TCG) boots a copy-on-write overlay of it
# from its own disk with a NoCloud seed (an ISO labelled cidata, as cloud-init documents it); cloud-init sets the
# host name the seed names and runs the seed's command, which calls back over HTTP to a server on 127.0.0.1
# (10.0.2.2 from inside QEMU's user network); then qemu-guest-agent, in the same boot, answers guest-get-osinfo and
# guest-get-host-name through a virtio-serial socket. Root (builds the image when it is not cached: minutes). The
# image stays as it was; everything else the test makes is removed.
#
#   tools/test-env/golden-image-selftest.sh [MODE...]   prints one line per check, the times, then "N passed, N failed"
#
# MODE (default: disk; "san" alone means "disk san", as before):
#   disk         the disk boot above
#   san          SAN boot as a bare-metal machine would: a raw copy is LUN 1 of a private tgt target (tgt.sh), QEMU
#                has no disk, iPXE (QEMU's ROM) gets a boot file from QEMU's DHCP whose script says
#                "sanboot iscsi:10.0.2.2::PORT:1:IQN", GRUB comes from the LUN, the initramfs logs in through iBFT,
#                and cloud-init (NoCloud from the SMBIOS serial "ds=nocloud-net;s=http://10.0.2.2:PORT/seed/")
#                calls back
# The network-boot modes below use no SMBIOS serial: iPXE boots the image's kernel and initrd over HTTP and the
# kernel command line carries the seed ("ds=nocloud-net;s=http://10.0.2.2:PORT/seed/"), as Strata's boot service does:
#   kernel-disk  the root is the machine's own disk (an overlay of the image, virtio: root=/dev/vda1)
#   sanhook      two LUNs in one target (1: the image, 2: the machine's clone, same file-system label); the script
#                "sanhook"s LUN 2 (iPXE fills the iBFT table), the initramfs logs in through iBFT and the root is
#                named by path (root=/dev/disk/by-path/ip-10.0.2.2:PORT-iscsi-IQN-lun-2-part1); proved to be LUN 2
#   nas          the root is the image's ROOTFS folder, exported read-only by nfs-ganesha (nfs.sh export) over
#                NFSv3, under a tmpfs overlay (strata.overlay=tmpfs): the machine's writes stay in its RAM. ganesha,
#                its rpcbind, the HTTP server and QEMU run in a private network and mount namespace (klibc's
#                nfsmount asks the portmapper on port 111, which another test's ganesha may hold on this machine)
set -euo pipefail

SCRIPT_NAME="golden-image-selftest.sh"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR
. "$HERE/lib.sh"

MODES=("$@")
[ ${#MODES[@]} -gt 0 ] || MODES=(disk)
[ "${MODES[*]}" != san ] || MODES=(disk san)
for m in "${MODES[@]}"; do
    case "$m" in
        disk | san | kernel-disk | sanhook | nas) ;;
        *) die "usage: $0 [disk|san|kernel-disk|sanhook|nas]..." ;;
    esac
done

is_root || die "the self-test needs root (it may build the image)"
started=$SECONDS
# A boot under TCG on a busy 2-core machine: cloud-init's first run is most of it.
BOOT_LIMIT="${STRATA_GOLDEN_SELFTEST_LIMIT:-600}"
PASSED=0
FAILED=0
WORK="$(mktemp -d /tmp/strata-golden-selftest.XXXXXX)"
SERVER=""
QEMU=""
TGT_NAME="golden-selftest"
TGT_STARTED=""
# nas: the process that holds the private network and mount namespace, and ganesha's folder in it.
NS_HOLDER=""
NS_SERVER=""
NAS_NFS_DIR="$WORK/nfs"
NAS_NFS_STARTED=""

cleanup() {
    [ -z "$QEMU" ] || end_pids "$QEMU"
    [ -z "$SERVER" ] || end_pids "$SERVER"
    [ -z "$NS_SERVER" ] || end_pids "$NS_SERVER"
    [ -z "$TGT_STARTED" ] || "$HERE/tgt.sh" stop "$TGT_NAME" >/dev/null 2>&1 || true
    if [ -n "$NAS_NFS_STARTED" ] && [ -n "$NS_HOLDER" ]; then
        STRATA_TEST_NFS_DIR="$NAS_NFS_DIR" in_ns "$HERE/nfs.sh" stop >/dev/null 2>&1 || true
    fi
    [ -z "$NS_HOLDER" ] || end_pids "$NS_HOLDER"
    rm -rf "$WORK"
}
trap cleanup EXIT

check() {
    local what="$1"
    shift
    if "$@"; then
        PASSED=$((PASSED + 1))
        echo "ok: $what"
    else
        FAILED=$((FAILED + 1))
        echo "FAILED: $what"
    fi
}

missing=()
command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
command -v genisoimage >/dev/null || missing+=(genisoimage)
command -v python3 >/dev/null || missing+=(python3)
command -v debugfs >/dev/null || missing+=(e2fsprogs)
command -v nsenter >/dev/null || missing+=(util-linux)
install_packages "${missing[@]}"

paths="$("$HERE/golden-image.sh" path 2>/dev/null || "$HERE/golden-image.sh" build)"
IMAGE="$(printf '%s\n' "$paths" | sed -n 's/^IMAGE=//p')"
KERNEL="$(printf '%s\n' "$paths" | sed -n 's/^KERNEL=//p')"
INITRD="$(printf '%s\n' "$paths" | sed -n 's/^INITRD=//p')"
ROOTFS="$(printf '%s\n' "$paths" | sed -n 's/^ROOTFS=//p')"
[ -s "$IMAGE" ] || die "no golden image"

# The callback server; it also serves the image's kernel and initrd and the iPXE scripts.
mkdir -p "$WORK/www"
ln -s "$KERNEL" "$WORK/www/vmlinuz"
ln -s "$INITRD" "$WORK/www/initrd.img"
exec {port_fd}< <(exec python3 -u "$HERE/http-recorder.py" "$WORK/www" </dev/null 2>"$WORK/server.log")
SERVER=$!
read -r -t 10 -u "$port_fd" PORT || die "the HTTP server did not start: $(cat "$WORK/server.log")"
SEED_URL="http://10.0.2.2:$PORT/seed/"

# The user-data, the same for every mode. Its command writes a file to / (where it lands is checked: the disk, the
# LUN, or the tmpfs of an overlay root), then POSTs the kernel command line and one line of facts: the host name,
# the root's source and type, the LUN of the root's disk (SCSI address, "none" for virtio), what an overlay root
# has below it and whether that is mounted read-only, whether the written file is in the overlay's upper layer,
# the guest's uptime. The key is only matched as text: cloud-init copies it, nothing here logs in with it.
KEY="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBdGVzdC1rZXktbm90LWZvci1sb2dpbi0wMDAwMDAwMDA strata-selftest-key"
mkdir -p "$WORK/seed"
sed "s|@PORT@|$PORT|g; s|@KEY@|$KEY|" >"$WORK/seed/user-data" <<'EOF'
#cloud-config
ssh_authorized_keys:
  - @KEY@
runcmd:
  - |
    root=$(findmnt -no SOURCE /)
    disk=$(lsblk -no PKNAME "$root" 2>/dev/null | head -n 1)
    lun=$(lsblk -dno HCTL "/dev/$disk" 2>/dev/null | cut -d: -f4)
    lower=$(findmnt -no FSTYPE,SOURCE /run/strata-overlay/lower 2>/dev/null | tr -s ' ' ',')
    lowermode=$(findmnt -no OPTIONS /run/strata-overlay/lower 2>/dev/null | cut -d, -f1)
    hostname >/strata-selftest-written
    sync
    upper=no
    [ -f /run/strata-overlay/upper/strata-selftest-written ] && upper=yes
    keys=$(grep -c strata-selftest-key /home/debian/.ssh/authorized_keys)
    curl -fsS --data-binary @/proc/cmdline http://10.0.2.2:@PORT@/cmdline
    curl -fsS -X POST --data "hostname=$(hostname) root=$root keys=$keys fstype=$(findmnt -no FSTYPE /) lun=${lun:-none} lower=${lower:-none} lowermode=${lowermode:-none} upper=$upper uptime=$(cut -d' ' -f1 /proc/uptime)" http://10.0.2.2:@PORT@/callback
EOF

# A new NoCloud instance served over HTTP at SEED_URL: cloud-init runs as on a first boot. cloud-init 22.4 asks a
# network seed for vendor-data as well and, on a 404, retries and falls back to no datasource at all (measured:
# 11 requests, then DataSourceNone, no runcmd): an empty one is served.
http_seed() {
    NAME="$1-$RANDOM"
    mkdir -p "$WORK/www/seed"
    printf 'instance-id: %s\nlocal-hostname: %s\n' "$NAME" "$NAME" >"$WORK/www/seed/meta-data"
    cp "$WORK/seed/user-data" "$WORK/www/seed/user-data"
    : >"$WORK/www/seed/vendor-data"
    : >"$WORK/www/requests.log"
}

# QEMU under TCG, no devices but those given, its serial console to a file. PREFIX (nas: nsenter into the
# namespace) runs it elsewhere; nsenter execs QEMU, so $! is QEMU's pid either way.
QEMU_PREFIX=()
boot_qemu() {
    local console="$1"
    shift
    setsid "${QEMU_PREFIX[@]}" qemu-system-x86_64 -machine pc,accel=tcg -m 1024 -smp 1 -display none \
        -no-user-config -nodefaults "$@" -serial "file:$console" </dev/null >"$WORK/qemu.log" 2>&1 &
    QEMU=$!
    QEMU_STARTED=$SECONDS
}

called_back() { grep -q '^POST /callback ' "$WORK/www/requests.log" 2>/dev/null || ! proc_alive "$QEMU"; }
# Waits for the callback; sets callback (its line), cmdline (the kernel command line the guest POSTed) and BOOT_S
# (seconds from QEMU's start).
wait_callback() {
    wait_until "$BOOT_LIMIT" called_back || true
    BOOT_S=$((SECONDS - QEMU_STARTED))
    callback="$(sed -n 's|^POST /callback ||p' "$WORK/www/requests.log" 2>/dev/null | head -n 1)"
    cmdline="$(sed -n 's|^POST /cmdline ||p' "$WORK/www/requests.log" 2>/dev/null | head -n 1)"
}
field() { local f=" $callback "; f="${f#* "$1"=}"; [ "$f" != " $callback " ] && printf '%s' "${f%% *}"; }
root_is() { [ "$(field root)" = "$1" ]; }
field_is() { [ "$(field "$1")" = "$2" ]; }
has_seed_name() { [ "${callback%% *}" = "hostname=$NAME" ]; }
fetched() { grep -q "^GET $1 " "$WORK/www/requests.log"; }
cmdline_has() { [[ " ${cmdline//\\n/} " == *" $1 "* ]]; }
report_time() {
    echo "${1:+$1 }boot to callback: $BOOT_S s (guest uptime at the callback: $(field uptime) s)"
    [ -n "$callback" ] || { say "end of the console:"; tail -n 30 "$2" >&2; }
}
stop_qemu() { end_pids "$QEMU"; QEMU=""; }

# The guest agent: guest-sync first (it discards what a previous client left half-read), then the questions.
qga() {
    timeout 20 python3 - "$WORK/qga.sock" "$@" <<'EOF'
import json, random, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = s.makefile("rwb")
def ask(cmd):
    f.write(json.dumps(cmd).encode() + b"\n"); f.flush()
    while True:
        line = f.readline()
        if not line:
            raise SystemExit("the agent closed the channel")
        reply = json.loads(line)
        if "return" in reply or "error" in reply:
            return reply
token = random.randint(1, 2**31)
s.settimeout(5)
while ask({"execute": "guest-sync", "arguments": {"id": token}}).get("return") != token:
    pass
for name in sys.argv[2:]:
    print(json.dumps(ask({"execute": name})))
EOF
}

mode_disk() {
    # The seed on an ISO this time: a new instance id, so cloud-init runs as on a first boot.
    NAME="strata-selftest-$RANDOM"
    printf 'instance-id: %s\nlocal-hostname: %s\n' "$NAME" "$NAME" >"$WORK/seed/meta-data"
    genisoimage -quiet -output "$WORK/seed.iso" -volid cidata -joliet -rock "$WORK/seed/user-data" "$WORK/seed/meta-data"
    qemu-img create -q -f qcow2 -b "$IMAGE" -F qcow2 "$WORK/disk.qcow2"
    : >"$WORK/www/requests.log"
    # User networking: the guest reaches this machine's loopback as 10.0.2.2. The guest agent's channel is the
    # virtio-serial port named org.qemu.guest_agent.0, as libvirt names it.
    boot_qemu "$WORK/console.log" \
        -drive "file=$WORK/disk.qcow2,if=virtio,format=qcow2" \
        -drive "file=$WORK/seed.iso,media=cdrom,if=ide,readonly=on" \
        -netdev user,id=n0 -device virtio-net-pci,netdev=n0 \
        -chardev "socket,id=qga0,path=$WORK/qga.sock,server=on,wait=off" \
        -device virtio-serial -device virtserialport,chardev=qga0,name=org.qemu.guest_agent.0
    wait_callback
    check "cloud-init called back over HTTP (10.0.2.2 -> 127.0.0.1)" [ -n "$callback" ]
    check "cloud-init set the host name from the NoCloud seed" has_seed_name
    check "the root file system is the image's disk" root_is /dev/vda1
    check "cloud-init gave the default user (debian) the seed's SSH key" field_is keys 1
    check "GRUB and the kernel wrote to the serial console" grep -q 'Linux version' "$WORK/console.log"
    report_time "" "$WORK/console.log"

    local t1=$SECONDS osinfo hostname_reply
    agent_answers() { qga guest-ping >/dev/null 2>&1 || ! proc_alive "$QEMU"; }
    wait_until 120 agent_answers || true
    osinfo="$(qga guest-get-osinfo 2>/dev/null || true)"
    hostname_reply="$(qga guest-get-host-name 2>/dev/null || true)"
    is_debian_12() { [[ "$osinfo" == *'"id": "debian"'* && "$osinfo" == *'"version-id": "12"'* ]]; }
    agent_has_seed_name() { [[ "$hostname_reply" == *"\"$NAME\""* ]]; }
    check "qemu-guest-agent: guest-get-osinfo says Debian 12" is_debian_12
    check "qemu-guest-agent: guest-get-host-name says the seed's name" agent_has_seed_name
    echo "guest agent answered $((SECONDS - t1)) s after the callback: $osinfo"
    stop_qemu
}

# A private tgt (tgt.sh start golden-selftest) with one target: sets TGT_PORT, TGT_DIR, IQN.
start_target() {
    local tgt_lines
    tgt_lines="$("$HERE/tgt.sh" start "$TGT_NAME")"
    TGT_STARTED=1
    TGT_PORT="$(printf '%s\n' "$tgt_lines" | sed -n 's/^STRATA_TEST_ISCSI_CONTROL=//p')"
    TGT_DIR="$(printf '%s\n' "$tgt_lines" | sed -n 's/^STRATA_TEST_ISCSI_DIR=//p')"
    IQN="iqn.2026-12.org.strata.test:golden-selftest"
    tgtadm -C "$TGT_PORT" --lld iscsi --mode target --op new --tid 1 -T "$IQN"
    tgtadm -C "$TGT_PORT" --lld iscsi --mode target --op bind --tid 1 -I ALL
}
add_lun() { tgtadm -C "$TGT_PORT" --lld iscsi --mode logicalunit --op new --tid 1 --lun "$1" -b "$2"; }
stop_target() { "$HERE/tgt.sh" stop "$TGT_NAME" >/dev/null 2>&1 || true; TGT_STARTED=""; }

mode_san() {
    start_target
    local t=$SECONDS
    qemu-img convert -f qcow2 -O raw "$IMAGE" "$TGT_DIR/golden.raw"
    echo "qcow2 to raw LUN: $((SECONDS - t)) s"
    add_lun 1 "$TGT_DIR/golden.raw"
    http_seed strata-san
    printf '#!ipxe\nsanboot iscsi:10.0.2.2::%s:1:%s\n' "$TGT_PORT" "$IQN" >"$WORK/www/san.ipxe"
    boot_qemu "$WORK/san-console.log" \
        -netdev "user,id=n0,bootfile=http://10.0.2.2:$PORT/san.ipxe" -device virtio-net-pci,netdev=n0 -boot n \
        -smbios "type=1,serial=ds=nocloud-net;s=$SEED_URL"
    wait_callback
    check "SAN boot: iPXE fetched its script" fetched /san.ipxe
    check "SAN boot: the initramfs logged in to the LUN through iBFT" grep -q 'iscsistart: Connection.*operational' \
        "$WORK/san-console.log"
    check "SAN boot: cloud-init called back with the seed's host name" has_seed_name
    check "SAN boot: the root file system is the LUN" root_is /dev/sda1
    report_time "SAN" "$WORK/san-console.log"
    stop_qemu
    stop_target
}

# The iPXE script of the network-boot modes: the image's kernel and initrd over HTTP, ARGS and the seed on the
# kernel command line. iPXE splits a command line at spaces only, so "ds=nocloud-net;s=URL" goes through unquoted.
kernel_script() {
    printf '#!ipxe\n%s' "${2:-}"
    printf 'kernel http://10.0.2.2:%s/vmlinuz %s ds=nocloud-net;s=%s console=ttyS0,115200n8\n' "$PORT" "$1" "$SEED_URL"
    printf 'initrd http://10.0.2.2:%s/initrd.img\nboot\n' "$PORT"
}

mode_kernel_disk() {
    qemu-img create -q -f qcow2 -b "$IMAGE" -F qcow2 "$WORK/kdisk.qcow2"
    http_seed strata-kdisk
    kernel_script "root=/dev/vda1 rw" >"$WORK/www/kernel-disk.ipxe"
    boot_qemu "$WORK/kdisk-console.log" \
        -drive "file=$WORK/kdisk.qcow2,if=virtio,format=qcow2" \
        -netdev "user,id=n0,bootfile=http://10.0.2.2:$PORT/kernel-disk.ipxe" -device virtio-net-pci,netdev=n0 -boot n
    wait_callback
    check "kernel-disk: iPXE fetched its script, the kernel and the initrd over HTTP" \
        eval 'fetched /kernel-disk.ipxe && fetched /vmlinuz && fetched /initrd.img'
    check "kernel-disk: the kernel command line carries the seed (ds=nocloud-net;s=$SEED_URL)" \
        cmdline_has "ds=nocloud-net;s=$SEED_URL"
    check "kernel-disk: cloud-init called back with the seed's host name" has_seed_name
    check "kernel-disk: the root file system is the machine's disk" root_is /dev/vda1
    report_time "kernel-disk" "$WORK/kdisk-console.log"
    stop_qemu
}

# debugfs reads a file from the ext4 file system at 1 MiB into a raw disk, without mounting anything.
file_in_raw() { debugfs -R "cat /$2" "$1?offset=1048576" 2>/dev/null; }

mode_sanhook() {
    start_target
    local t=$SECONDS
    qemu-img convert -f qcow2 -O raw "$IMAGE" "$TGT_DIR/golden.raw"
    cp --sparse=always "$TGT_DIR/golden.raw" "$TGT_DIR/machine.raw"
    echo "qcow2 to raw LUNs (image and clone): $((SECONDS - t)) s"
    add_lun 1 "$TGT_DIR/golden.raw"
    add_lun 2 "$TGT_DIR/machine.raw"
    http_seed strata-sanhook
    local root="/dev/disk/by-path/ip-10.0.2.2:$TGT_PORT-iscsi-$IQN-lun-2-part1"
    kernel_script "root=$root rw" "$(printf 'sanhook iscsi:10.0.2.2::%s:2:%s\n' "$TGT_PORT" "$IQN")
" >"$WORK/www/sanhook.ipxe"
    boot_qemu "$WORK/sanhook-console.log" \
        -netdev "user,id=n0,bootfile=http://10.0.2.2:$PORT/sanhook.ipxe" -device virtio-net-pci,netdev=n0 -boot n
    wait_callback
    check "sanhook: iPXE fetched its script, the kernel and the initrd over HTTP" \
        eval 'fetched /sanhook.ipxe && fetched /vmlinuz && fetched /initrd.img'
    check "sanhook: the initramfs logged in to the target through iBFT" \
        grep -q 'iscsistart: Connection.*operational' "$WORK/sanhook-console.log"
    check "sanhook: the kernel command line names the root by path ($root)" cmdline_has "root=$root"
    check "sanhook: cloud-init called back with the seed's host name" has_seed_name
    check "sanhook: the root file system is on LUN 2 (SCSI address of $(field root))" field_is lun 2
    stop_qemu
    written_on_lun2() { [ "$(file_in_raw "$TGT_DIR/machine.raw" strata-selftest-written)" = "$NAME" ]; }
    lun1_untouched() { [ -z "$(file_in_raw "$TGT_DIR/golden.raw" strata-selftest-written)" ]; }
    check "sanhook: the guest's write to / is in LUN 2's file system" written_on_lun2
    check "sanhook: LUN 1 (same label) was not written" lun1_untouched
    report_time "sanhook" "$WORK/sanhook-console.log"
    stop_target
}

# Runs a command in the nas mode's network and mount namespace.
in_ns() { nsenter -t "$NS_HOLDER" --net --mount "$@"; }

# A network namespace of its own (only lo, and a veth pair with a link-local address: ganesha resolves its bind
# address with AI_ADDRCONFIG, which finds nothing with loopback alone) and a mount namespace with its own /run (the
# portmapper's socket and lock files). The mount happens in the process unshare starts, so never in this one's.
start_namespace() {
    local pid_file="$WORK/ns.pid" t
    setsid unshare --net --mount --propagation private -- /bin/sh -ec "
        mount -t tmpfs -o mode=0755 strata-selftest-run /run
        ip link set lo up
        ip link add strata-ns0 type veth peer name strata-ns1
        ip addr add 169.254.77.1/32 dev strata-ns0
        ip link set strata-ns0 up
        ip link set strata-ns1 up
        echo \$\$ >'$pid_file'
        exec sleep 100000" </dev/null >"$WORK/ns.log" 2>&1 &
    t=$!
    ns_ready() { [ -s "$pid_file" ] || ! proc_alive "$t"; }
    wait_until 10 ns_ready || true
    [ -s "$pid_file" ] || die "no namespace: $(cat "$WORK/ns.log")"
    NS_HOLDER="$(cat "$pid_file")"
    if [ "$(readlink "/proc/$NS_HOLDER/ns/net")" = "$(readlink /proc/self/ns/net)" ] ||
        [ "$(readlink "/proc/$NS_HOLDER/ns/mnt")" = "$(readlink /proc/self/ns/mnt)" ]; then
        die "the namespace holder $NS_HOLDER is not in namespaces of its own"
    fi
}

mode_nas() {
    start_namespace
    local lines nfs_path
    STRATA_TEST_NFS_DIR="$NAS_NFS_DIR" STRATA_TEST_STORAGE_ADDRESSES="" in_ns "$HERE/nfs.sh" start >/dev/null
    NAS_NFS_STARTED=1
    lines="$(STRATA_TEST_NFS_DIR="$NAS_NFS_DIR" in_ns "$HERE/nfs.sh" export "$ROOTFS" golden-selftest)"
    nfs_path="$(printf '%s\n' "$lines" | sed -n 's/^STRATA_TEST_NFS_EXTRA_PATH=//p')"
    # The same HTTP service inside the namespace, on the same port number (the namespace has no other listener).
    local fd
    exec {fd}< <(exec nsenter -t "$NS_HOLDER" --net --mount python3 -u "$HERE/http-recorder.py" "$WORK/www" "$PORT" \
        </dev/null 2>"$WORK/ns-server.log")
    NS_SERVER=$!
    read -r -t 10 -u "$fd" _ || die "the HTTP server in the namespace did not start: $(cat "$WORK/ns-server.log")"
    http_seed strata-nas
    kernel_script "root=/dev/nfs nfsroot=10.0.2.2:$nfs_path,tcp,nfsvers=3 ip=dhcp rw strata.overlay=tmpfs" \
        >"$WORK/www/nas.ipxe"
    QEMU_PREFIX=(nsenter -t "$NS_HOLDER" --net --mount)
    boot_qemu "$WORK/nas-console.log" \
        -netdev "user,id=n0,bootfile=http://10.0.2.2:$PORT/nas.ipxe" -device virtio-net-pci,netdev=n0 -boot n
    QEMU_PREFIX=()
    wait_callback
    check "nas: iPXE fetched its script, the kernel and the initrd over HTTP" \
        eval 'fetched /nas.ipxe && fetched /vmlinuz && fetched /initrd.img'
    check "nas: cloud-init called back with the seed's host name" has_seed_name
    check "nas: the root is an overlay" field_is fstype overlay
    check "nas: its lower layer is the NFS export ($nfs_path)" field_is lower "nfs,10.0.2.2:$nfs_path"
    check "nas: the lower layer is mounted read-only" field_is lowermode ro
    check "nas: the guest's write to / is in the overlay's tmpfs layer" field_is upper yes
    check "nas: the exported ROOTFS was not written" [ ! -e "$ROOTFS/strata-selftest-written" ]
    report_time "nas" "$WORK/nas-console.log"
    stop_qemu
}

for m in "${MODES[@]}"; do
    case "$m" in
        disk) mode_disk ;;
        san) mode_san ;;
        kernel-disk) mode_kernel_disk ;;
        sanhook) mode_sanhook ;;
        nas) mode_nas ;;
    esac
done

echo "golden image self-test: $((SECONDS - started)) s"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]

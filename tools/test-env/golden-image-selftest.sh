#!/usr/bin/env bash
# Proves the golden image (golden-image.sh) against the real peers: QEMU (TCG) boots a copy-on-write overlay of it
# from its own disk with a NoCloud seed (an ISO labelled cidata, as cloud-init documents it); cloud-init sets the
# host name the seed names and runs the seed's command, which calls back over HTTP to a server on 127.0.0.1
# (10.0.2.2 from inside QEMU's user network); then qemu-guest-agent, in the same boot, answers guest-get-osinfo and
# guest-get-host-name through a virtio-serial socket. Root (builds the image when it is not cached: minutes). The
# image stays as it was; everything else the test makes is removed.
# With "san", the image then also boots as a bare-metal machine would by SAN boot: a raw copy is LUN 1 of a private
# tgt target (tgt.sh), QEMU has no disk, iPXE (QEMU's ROM) gets a boot file from QEMU's DHCP whose script says
# "sanboot iscsi:10.0.2.2::PORT:1:IQN", GRUB comes from the LUN, the initramfs logs in through iBFT, and cloud-init
# (NoCloud from the SMBIOS serial "ds=nocloud-net;s=http://10.0.2.2:PORT/seed/") calls back with its root device.
#
#   tools/test-env/golden-image-selftest.sh [san]   prints one line per check, the times, then "N passed, N failed"
set -euo pipefail

SCRIPT_NAME="golden-image-selftest.sh"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR
. "$HERE/lib.sh"

is_root || die "the self-test needs root (it may build the image)"
started=$SECONDS
# A boot under TCG on a busy 2-core machine: cloud-init's first run is most of it.
BOOT_LIMIT="${STRATA_GOLDEN_SELFTEST_LIMIT:-600}"
PASSED=0
FAILED=0
WORK="$(mktemp -d /tmp/strata-golden-selftest.XXXXXX)"
SERVER=""
QEMU=""
SAN="${1:-}"
[ -z "$SAN" ] || [ "$SAN" = san ] || die "usage: $0 [san]"
TGT_NAME="golden-selftest"
TGT_STARTED=""

cleanup() {
    [ -z "$QEMU" ] || end_pids "$QEMU"
    [ -z "$SERVER" ] || end_pids "$SERVER"
    [ -z "$TGT_STARTED" ] || "$HERE/tgt.sh" stop "$TGT_NAME" >/dev/null 2>&1 || true
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
install_packages "${missing[@]}"

paths="$("$HERE/golden-image.sh" path 2>/dev/null || "$HERE/golden-image.sh" build)"
IMAGE="$(printf '%s\n' "$paths" | sed -n 's/^IMAGE=//p')"
[ -s "$IMAGE" ] || die "no golden image"

# The callback server.
mkdir -p "$WORK/www"
exec {port_fd}< <(exec python3 -u "$HERE/http-recorder.py" "$WORK/www" </dev/null 2>"$WORK/server.log")
SERVER=$!
read -r -t 10 -u "$port_fd" PORT || die "the HTTP server did not start: $(cat "$WORK/server.log")"

# The NoCloud seed: a new instance id, so cloud-init runs as on a first boot.
NAME="strata-selftest-$RANDOM"
mkdir -p "$WORK/seed"
printf 'instance-id: %s\nlocal-hostname: %s\n' "$NAME" "$NAME" >"$WORK/seed/meta-data"
# The key is only matched as text: cloud-init copies it, nothing here logs in with it.
KEY="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBdGVzdC1rZXktbm90LWZvci1sb2dpbi0wMDAwMDAwMDA strata-selftest-key"
cat >"$WORK/seed/user-data" <<EOF
#cloud-config
ssh_authorized_keys:
  - $KEY
runcmd:
  - [ sh, -c, 'curl -fsS -X POST --data "hostname=\$(hostname) root=\$(findmnt -no SOURCE /) keys=\$(grep -c strata-selftest-key /home/debian/.ssh/authorized_keys) uptime=\$(cut -d" " -f1 /proc/uptime)" http://10.0.2.2:$PORT/callback' ]
EOF
genisoimage -quiet -output "$WORK/seed.iso" -volid cidata -joliet -rock "$WORK/seed/user-data" "$WORK/seed/meta-data"

qemu-img create -q -f qcow2 -b "$IMAGE" -F qcow2 "$WORK/disk.qcow2"
t0=$SECONDS
# User networking: the guest reaches this machine's loopback as 10.0.2.2. The guest agent's channel is the
# virtio-serial port named org.qemu.guest_agent.0, as libvirt names it.
setsid qemu-system-x86_64 -machine pc,accel=tcg -m 1024 -smp 1 -display none -no-user-config -nodefaults \
    -drive "file=$WORK/disk.qcow2,if=virtio,format=qcow2" \
    -drive "file=$WORK/seed.iso,media=cdrom,if=ide,readonly=on" \
    -netdev user,id=n0 -device virtio-net-pci,netdev=n0 \
    -chardev "socket,id=qga0,path=$WORK/qga.sock,server=on,wait=off" \
    -device virtio-serial -device virtserialport,chardev=qga0,name=org.qemu.guest_agent.0 \
    -serial "file:$WORK/console.log" </dev/null >"$WORK/qemu.log" 2>&1 &
QEMU=$!

called_back() { grep -q '^POST /callback ' "$WORK/www/requests.log" 2>/dev/null || ! proc_alive "$QEMU"; }
wait_until "$BOOT_LIMIT" called_back || true
callback="$(sed -n 's|^POST /callback ||p' "$WORK/www/requests.log" 2>/dev/null | head -n 1)"
boot_s=$((SECONDS - t0))
check "cloud-init called back over HTTP (10.0.2.2 -> 127.0.0.1)" [ -n "$callback" ]
check "cloud-init set the host name from the NoCloud seed" [ "${callback%% *}" = "hostname=$NAME" ]
root_is() { [[ "$callback" == *" root=$1 "* ]]; }
check "the root file system is the image's disk" root_is /dev/vda1
default_user_has_key() { [[ "$callback" == *" keys=1 "* ]]; }
check "cloud-init gave the default user (debian) the seed's SSH key" default_user_has_key
check "GRUB and the kernel wrote to the serial console" grep -q 'Linux version' "$WORK/console.log"
echo "boot to callback: $boot_s s (guest uptime at the callback: ${callback##*uptime=} s)"
[ -n "$callback" ] || { say "end of the console:"; tail -n 30 "$WORK/console.log" >&2; }

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
t1=$SECONDS
agent_answers() { qga guest-ping >/dev/null 2>&1 || ! proc_alive "$QEMU"; }
wait_until 120 agent_answers || true
osinfo="$(qga guest-get-osinfo 2>/dev/null || true)"
hostname_reply="$(qga guest-get-host-name 2>/dev/null || true)"
is_debian_12() { [[ "$osinfo" == *'"id": "debian"'* && "$osinfo" == *'"version-id": "12"'* ]]; }
has_seed_name() { [[ "$hostname_reply" == *"\"$NAME\""* ]]; }
check "qemu-guest-agent: guest-get-osinfo says Debian 12" is_debian_12
check "qemu-guest-agent: guest-get-host-name says the seed's name" has_seed_name
echo "guest agent answered $((SECONDS - t1)) s after the callback: $osinfo"

end_pids "$QEMU"
QEMU=""

if [ "$SAN" = san ]; then
    tgt_lines="$("$HERE/tgt.sh" start "$TGT_NAME")"
    TGT_STARTED=1
    TGT_PORT="$(printf '%s\n' "$tgt_lines" | sed -n 's/^STRATA_TEST_ISCSI_CONTROL=//p')"
    TGT_DIR="$(printf '%s\n' "$tgt_lines" | sed -n 's/^STRATA_TEST_ISCSI_DIR=//p')"
    IQN="iqn.2026-12.org.strata.test:golden-selftest"
    t=$SECONDS
    qemu-img convert -f qcow2 -O raw "$IMAGE" "$TGT_DIR/golden.raw"
    echo "qcow2 to raw LUN: $((SECONDS - t)) s"
    tgtadm -C "$TGT_PORT" --lld iscsi --mode target --op new --tid 1 -T "$IQN"
    tgtadm -C "$TGT_PORT" --lld iscsi --mode logicalunit --op new --tid 1 --lun 1 -b "$TGT_DIR/golden.raw"
    tgtadm -C "$TGT_PORT" --lld iscsi --mode target --op bind --tid 1 -I ALL
    # A new instance: cloud-init runs again, from the seed served over HTTP this time.
    NAME="strata-san-$RANDOM"
    mkdir -p "$WORK/www/seed"
    printf 'instance-id: %s\nlocal-hostname: %s\n' "$NAME" "$NAME" >"$WORK/www/seed/meta-data"
    cp "$WORK/seed/user-data" "$WORK/www/seed/user-data"
    # cloud-init 22.4 asks a network seed for vendor-data as well and, on a 404, retries and falls back to no
    # datasource at all (measured: 11 requests, then DataSourceNone, no runcmd).
    : >"$WORK/www/seed/vendor-data"
    printf '#!ipxe\nsanboot iscsi:10.0.2.2::%s:1:%s\n' "$TGT_PORT" "$IQN" >"$WORK/www/san.ipxe"
    : >"$WORK/www/requests.log"
    t0=$SECONDS
    setsid qemu-system-x86_64 -machine pc,accel=tcg -m 1024 -smp 1 -display none -no-user-config -nodefaults \
        -netdev "user,id=n0,bootfile=http://10.0.2.2:$PORT/san.ipxe" -device virtio-net-pci,netdev=n0 -boot n \
        -smbios "type=1,serial=ds=nocloud-net;s=http://10.0.2.2:$PORT/seed/" \
        -serial "file:$WORK/san-console.log" </dev/null >"$WORK/qemu.log" 2>&1 &
    QEMU=$!
    wait_until "$BOOT_LIMIT" called_back || true
    callback="$(sed -n 's|^POST /callback ||p' "$WORK/www/requests.log" 2>/dev/null | head -n 1)"
    check "SAN boot: iPXE fetched its script" grep -q '^GET /san.ipxe ' "$WORK/www/requests.log"
    check "SAN boot: the initramfs logged in to the LUN through iBFT" grep -q 'iscsistart: Connection.*operational' \
        "$WORK/san-console.log"
    check "SAN boot: cloud-init called back with the seed's host name" [ "${callback%% *}" = "hostname=$NAME" ]
    check "SAN boot: the root file system is the LUN" root_is /dev/sda1
    echo "SAN boot to callback: $((SECONDS - t0)) s (guest uptime at the callback: ${callback##*uptime=} s)"
    [ -n "$callback" ] || { say "end of the console:"; tail -n 30 "$WORK/san-console.log" >&2; }
fi

echo "golden image self-test: $((SECONDS - started)) s"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]

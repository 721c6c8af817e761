#!/usr/bin/env bash
# Proves the golden image (golden-image.sh) against the real peers: QEMU (TCG) boots a copy-on-write overlay of it
# from its own disk with a NoCloud seed (an ISO labelled cidata, as cloud-init documents it); cloud-init sets the
# host name the seed names and runs the seed's command, which calls back over HTTP to a server on 127.0.0.1
# (10.0.2.2 from inside QEMU's user network); then qemu-guest-agent, in the same boot, answers guest-get-osinfo and
# guest-get-host-name through a virtio-serial socket. Root (builds the image when it is not cached: minutes). The
# image stays as it was; everything else the test makes is removed.
#
#   tools/test-env/golden-image-selftest.sh     prints one line per check, the times, then "N passed, N failed"
set -euo pipefail

SCRIPT_NAME="golden-image-selftest.sh"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR
. "$HERE/lib.sh"

is_root || die "the self-test needs root (it may build the image)"
# A boot under TCG on a busy 2-core machine: cloud-init's first run is most of it.
BOOT_LIMIT="${STRATA_GOLDEN_SELFTEST_LIMIT:-600}"
PASSED=0
FAILED=0
WORK="$(mktemp -d /tmp/strata-golden-selftest.XXXXXX)"
SERVER=""
QEMU=""

cleanup() {
    [ -z "$QEMU" ] || end_pids "$QEMU"
    [ -z "$SERVER" ] || end_pids "$SERVER"
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
cat >"$WORK/seed/user-data" <<EOF
#cloud-config
runcmd:
  - [ sh, -c, 'curl -fsS -X POST --data "hostname=\$(hostname) uptime=\$(cut -d" " -f1 /proc/uptime)" http://10.0.2.2:$PORT/callback' ]
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

echo "golden image self-test: $((SECONDS - t0)) s from QEMU's start"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]

#!/usr/bin/env bash
# Proves a bare-metal machine (bare-metal.sh) against the real peers: ipmitool (lanplus, -C 3) powers it on and
# off and reads its power through its simulated BMC, "chassis bootdev pxe|disk" shows in the libvirt domain's boot
# order, and with pxe the machine really network-boots: iPXE fetches the boot URL from an HTTP server on
# 127.0.0.1 (through QEMU user networking's 10.0.2.2) and runs the script it serves. Root; libvirtd.sh start first
# (the script starts it when it does not answer). Uses machine 9; removes it and everything else it made.
#
#   tools/test-env/bare-metal-selftest.sh      prints one line per check, then "N passed, N failed"
set -euo pipefail

SCRIPT_NAME="bare-metal-selftest.sh"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR
. "$HERE/lib.sh"

is_root || die "the self-test needs root (libvirt's qemu:///system, the BMC)"
N=9
DOMAIN="strata-bm-$N"
PASSED=0
FAILED=0
WORK="$(mktemp -d /tmp/strata-bm-selftest.XXXXXX)"
SERVER=""
started=$SECONDS

cleanup() {
    [ -z "$SERVER" ] || end_pids "$SERVER"
    "$HERE/bare-metal.sh" stop "$N" >/dev/null 2>&1 || true
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

"$HERE/libvirtd.sh" start >/dev/null
v() { timeout 60 virsh -q -c qemu:///system "$@"; }
ipmi() { timeout 20 ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$BMC_PORT" -U "$BMC_USER" -P "$BMC_PASSWORD" "$@"; }
domstate() { v domstate "$DOMAIN" 2>/dev/null; }
first_boot() { v dumpxml --inactive "$DOMAIN" | sed -n "s/.*<boot dev='\([a-z]*\)'.*/\1/p" | head -n 1; }
power_is() { [ "$(ipmi chassis power status)" = "Chassis Power is $1" ]; }
state_is() { [ "$(domstate)" = "$1" ]; }
fetched() { grep -q "^GET /boot/52:54:00:5b:00:0$N.ipxe " "$WORK/requests.log" 2>/dev/null; }
chained() { grep -q "strata-selftest-chained" "$CONSOLE_LOG" 2>/dev/null; }

# The machine's boot service: a script that says it ran and then waits (shell would need a keyboard).
printf '#!ipxe\necho strata-selftest-chained\nsleep 600\n' >"$WORK/script.ipxe"
mkdir -p "$WORK/boot"
cp "$WORK/script.ipxe" "$WORK/boot/52:54:00:5b:00:0$N.ipxe"
exec {port_fd}< <(exec python3 -u "$HERE/http-recorder.py" "$WORK" </dev/null 2>"$WORK/server.log")
SERVER=$!
read -r -t 10 -u "$port_fd" PORT || die "the HTTP server did not start: $(cat "$WORK/server.log")"

"$HERE/bare-metal.sh" stop "$N" >/dev/null 2>&1 || true
env_lines="$(STRATA_BARE_METAL_BOOT_URL="http://10.0.2.2:$PORT/boot/{mac}.ipxe" "$HERE/bare-metal.sh" start "$N")"
eval "$(printf '%s\n' "$env_lines" | grep -E '^(BMC|BMC_USER|BMC_PASSWORD|CONSOLE_LOG|BOOT_URL)=' | sed 's/=\(.*\)/="\1"/')"
BMC_PORT="${BMC##*:}"
check "start prints the machine's BMC and boot URL" [ "$BOOT_URL" = "http://10.0.2.2:$PORT/boot/52:54:00:5b:00:0$N.ipxe" ]
off_both() { power_is off && state_is "shut off"; }
check "a new machine is off (BMC and libvirt)" off_both

ipmi chassis bootdev pxe >/dev/null
check "chassis bootdev pxe: the domain's boot order starts with the network" [ "$(first_boot)" = network ]

t=$SECONDS
ipmi chassis power on >/dev/null
check "chassis power on: the domain runs" state_is running
check "chassis power status reads on" power_is on
check "PXE: iPXE fetched the boot URL from 127.0.0.1 through 10.0.2.2" wait_until 120 fetched
check "PXE: the served iPXE script ran (serial console)" wait_until 30 chained
echo "power on to iPXE script: $((SECONDS - t)) s"

id_before="$(v domid "$DOMAIN")"
ipmi chassis power reset >/dev/null
# destroy and start: a new QEMU process, so a new domain id.
new_qemu() { [ "$(v domid "$DOMAIN")" != "$id_before" ] && state_is running; }
check "chassis power reset: the domain runs again, as a new QEMU" new_qemu

ipmi chassis power off >/dev/null
check "chassis power off: the domain is off" state_is "shut off"
check "chassis power status reads off" power_is off

ipmi chassis bootdev disk >/dev/null
check "chassis bootdev disk: the domain's boot order starts with the disk" [ "$(first_boot)" = hd ]
ipmi chassis bootdev cdrom >/dev/null
check "chassis bootdev cdrom: the domain's boot order starts with the CD-ROM" [ "$(first_boot)" = cdrom ]

"$HERE/bare-metal.sh" stop "$N" >/dev/null
gone() { ! v domuuid "$DOMAIN" >/dev/null 2>&1 && [ ! -e "/var/lib/libvirt/images/$DOMAIN.qcow2" ] &&
    [ ! -e "/var/lib/strata-test-env/bare-metal-$N" ]; }
check "stop removes the domain, its disk and its folder" gone

echo "bare-metal self-test: $((SECONDS - started)) s"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]

#!/usr/bin/env bash
# Powered hosts: KVM hosts on this machine that really power off, each a libvirtd "peer" (another host, as
# libvirtd-peer.sh makes) with a simulated BMC (OpenIPMI's ipmi_sim) whose chassis control powers it.
# See README.md.
#
#   tools/test-env/powered-host.sh start N     (root) start host N (1-9) and its BMC unless they run, power the
#                                              host on if it is off, wait until its libvirtd answers, and print
#                                              KEY=VALUE lines (URI, BMC, BMC_USER, BMC_PASSWORD, HOST_UUID, ...)
#   tools/test-env/powered-host.sh stop N      (root) stop host N and its BMC; remove its namespace, veth, folder
#                                              (and, with the last host, the bridge and the busy-VM firmware)
#   tools/test-env/powered-host.sh status N    the same KEY=VALUE lines plus POWER=on|off (as the BMC reads it);
#                                              exit 0 when N's BMC answers (whatever the power), else exit 1
#   tools/test-env/powered-host.sh bmc-start N (root) start host N's BMC again after it was stopped on its own (HA's
#                                              "host and BMC gone" test), leaving the host as it is (off)
#   tools/test-env/powered-host.sh stop-all    (root) stop every powered host; remove the busy-VM firmware
#   tools/test-env/powered-host.sh busy-vm-xml NAME [MEMORY_MIB]
#                                              (root the first time) print the XML of a CPU-bound TCG guest
#                                              without an OS: its firmware is one jump to itself
#
# Host N: network namespace "strata-host-N", address 10.78.0.(10+N) on a bridge "strata-hosts" (10.78.0.1/24,
# this machine's side) shared by all powered hosts, so that VMs migrate host to host as well as to and from this
# machine; URI qemu+tcp://10.78.0.(10+N)/system; hostname strata-host-N; host UUID 5a7a7a00-0000-4000-8000-
# 00000000b00N; BMC on 127.0.0.1:(6230+N) (UDP, IPMI v2 lanplus, use -C 3), console 127.0.0.1:(6240+N) (TCP).
#
# !!! TEST ONLY !!! Like the peer, a powered host's libvirtd accepts UNAUTHENTICATED, UNENCRYPTED connections
# on an address that only exists inside this machine, and runs QEMU as root with no security driver.
set -euo pipefail

SCRIPT_NAME="powered-host.sh"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR
. "$HERE/lib.sh"

IPMI_SIM="$HERE/ipmi/ipmi-sim.sh"
export IPMI_SIM_PASSWORD="${IPMI_SIM_PASSWORD:-strata-ipmi}"
BMC_USER="admin"
ROOT_DIR="/var/lib/strata-test-env"
# The busy guest's firmware, in the folder every host shares (a migrating VM finds it at the same path).
BUSY_ROM="/var/lib/libvirt/images/strata-busy.rom"

# Sets everything that makes host N (lib.sh's PEER_* and its BMC's).
host_vars() {
    N="$1"
    [[ "$N" =~ ^[1-9]$ ]] || die "bad host number '$N' (1-9)"
    PEER_NS="strata-host-$N"
    PEER_HOST_IF="strata-host$N"
    PEER_BRIDGE="strata-hosts"
    PEER_HOST_ADDR="10.78.0.1"
    PEER_ADDR="10.78.0.$((10 + N))"
    PEER_HOSTNAME="strata-host-$N"
    # Fixed and unlike any real machine's or the peer's (…beef): libvirt refuses to migrate to "the same host".
    PEER_UUID="5a7a7a00-0000-4000-8000-00000000b00$N"
    PEER_BASE="$ROOT_DIR/host-$N"
    PEER_CACHE="/var/cache/strata-test-env/host-$N"
    peer_vars
    BMC_PORT=$((6230 + N))
    BMC_CONSOLE=$((6240 + N))
    # Also what ipmi-sim.sh derives the BMC's GUID from: one per host.
    BMC_NAME="strata-host-$N-bmc"
    # ipmi-sim.sh keeps the BMC's pid, lan.conf and state under the host's folder: stop removes them with it.
    export STRATA_IPMI_RUN="$PEER_BASE/ipmi"
    export STRATA_IPMI_POWER_HOOK="$PEER_BASE/power-hook"
}

bmc_answers() { "$IPMI_SIM" status "$BMC_NAME" >/dev/null 2>&1; }
bmc() { timeout 10 ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$BMC_PORT" -U "$BMC_USER" -P "$IPMI_SIM_PASSWORD" "$@" 2>/dev/null; }

print_env() {
    cat <<EOF
URI=$PEER_URI
ADDRESS=$PEER_ADDR
HOSTNAME=$PEER_HOSTNAME
HOST_UUID=$PEER_UUID
BMC=127.0.0.1:$BMC_PORT
BMC_USER=$BMC_USER
BMC_PASSWORD=$IPMI_SIM_PASSWORD
BMC_GUID=$(cat "$STRATA_IPMI_RUN/$BMC_NAME/guid" 2>/dev/null || true)
URI_FROM_HOST=qemu+unix:///system?socket=$PEER_HOST_SOCKET_DIR/libvirt-sock
EOF
}

start() {
    host_vars "$1"
    if peer_exists && bmc_answers; then
        if ! peer_powered; then
            is_root || die "host $N is powered off, and powering it on needs root (or its BMC)"
            peer_boot
        fi
        wait_until 30 answers "$PEER_URI" || die "host $N is on but $PEER_URI does not answer; see $PEER_BASE/log/"
        print_env
        return 0
    fi
    is_root || die "powered host $N is not running, and starting it needs root: sudo $0 start $N"
    ensure_libvirt_packages
    fix_dev_kvm
    command -v unshare >/dev/null || die "unshare (util-linux) is missing"
    end_host
    # From here on a failure removes what was made, after showing the end of the daemon's logs if it failed.
    trap 'failed_start' EXIT
    peer_make_network
    peer_make_folders
    peer_write_config
    printf '#!/bin/sh\nexec %q chassis %s "$@"\n' "$HERE/powered-host.sh" "$N" >"$STRATA_IPMI_POWER_HOOK"
    chmod 0755 "$STRATA_IPMI_POWER_HOOK"
    peer_boot
    # The BMC starts while libvirtd boots and QEMU is probed (about a second saved). Its state folder, hook log
    # included, is $STRATA_IPMI_RUN/$BMC_NAME/state.
    "$IPMI_SIM" start "$BMC_NAME" "$BMC_PORT" "$BMC_CONSOLE" >/dev/null &
    BMC_STARTER=$!
    peer_wait_up
    prewarm "$PEER_URI"
    wait "$BMC_STARTER" || die "the BMC of host $N did not start"
    BMC_STARTER=""
    trap - EXIT
    print_env
}

failed_start() {
    local log
    # A BMC still starting would escape the stop below.
    [ -z "${BMC_STARTER:-}" ] || wait "$BMC_STARTER" 2>/dev/null || true
    # The daemon's logs only when the daemon is what failed: otherwise their usual warnings mislead.
    if ! answers "$PEER_URI"; then
        for log in "$PEER_BASE/boot.log" "$PEER_BASE/log/libvirtd.log"; do
            [ -s "$log" ] && { say "end of $log:"; tail -n 5 "$log" >&2; }
        done
    fi
    say "removing what was made for host $N"
    end_host
}

# Everything host N is, gone: BMC, processes, namespace, veth (the bridge with the last host), folder.
end_host() {
    "$IPMI_SIM" stop "$BMC_NAME" 2>/dev/null || true
    peer_end
}

stop() {
    is_root || die "stopping a powered host needs root"
    host_vars "$1"
    end_host
    # The busy guest's firmware goes with the last powered host (a VM running elsewhere keeps its copy in memory).
    ip netns list 2>/dev/null | grep -q '^strata-host-' || rm -f "$BUSY_ROM"
    say "host $N stopped"
}

# The BMC alone, back after "$IPMI_SIM stop": the host keeps its namespace, folder and domains (powered off).
bmc_start() {
    is_root || die "starting a BMC needs root"
    host_vars "$1"
    peer_exists || die "host $N has no namespace: start it with '$0 start $N'"
    bmc_answers || "$IPMI_SIM" start "$BMC_NAME" "$BMC_PORT" "$BMC_CONSOLE" >/dev/null
    print_env
}

# Every host that left a trace (a namespace, a folder, a veth), whatever its number.
stop_all() {
    local n found=()
    is_root || die "stopping the powered hosts needs root"
    for n in $(ip netns list 2>/dev/null | sed -n 's/^strata-host-\([1-9]\)\b.*/\1/p') \
        $(ip -o link show 2>/dev/null | sed -n 's/^[0-9]*: strata-host\([1-9]\)@.*/\1/p') \
        $(find "$ROOT_DIR" -maxdepth 1 -name 'host-[1-9]' -printf '%f\n' 2>/dev/null | cut -d- -f2); do
        [[ " ${found[*]} " == *" $n "* ]] || found+=("$n")
    done
    for n in "${found[@]}"; do
        host_vars "$n"
        end_host
        say "host $n stopped"
    done
    PEER_BRIDGE="strata-hosts"
    peer_bridge_down
    rm -f "$BUSY_ROM"
}

status() {
    host_vars "$1"
    if peer_exists && bmc_answers; then
        print_env
        # As the BMC reads it (its hook runs as root: anyone may ask this way).
        case "$(bmc chassis power status)" in
            *" on") echo "POWER=on" ;;
            *" off") echo "POWER=off" ;;
            *) echo "POWER=unknown" ;;
        esac
    else
        say "powered host $N is not running (its BMC does not answer on 127.0.0.1:$BMC_PORT)"
        return 1
    fi
}

# The BMC's chassis control (ipmi/chassis_control.sh through the host's power-hook): pulling the plug kills every
# process of the host; power on boots it and returns at once (a real BMC does not wait for the OS either).
chassis() {
    host_vars "$1"
    peer_exists || die "host $N has no namespace"
    case "$2" in
        status) if peer_powered; then echo 1; else echo 0; fi ;;
        off) peer_power_off ;;
        on) peer_powered || peer_boot ;;
        # A reset of a machine that is off does nothing, as on most real BMCs.
        reset) if peer_powered; then peer_power_off; peer_boot; fi ;;
        # A powered host always boots its own libvirtd: the BMC's boot device changes nothing.
        boot) ;;
        *) die "chassis: on, off, reset or status" ;;
    esac
}

# A CPU-bound guest without an OS. Its firmware (-bios) is 64 KiB of which only the reset vector, the last 16
# bytes, matters: EB FE is "jmp $", a jump to itself, which TCG executes flat out on one host CPU. No disk, no
# device beyond what the machine type brings, so it starts in a fraction of a second and migrates anywhere that
# sees the firmware file.
busy_vm_xml() {
    local name="$1" memory="${2:-32}"
    [[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$ ]] || die "bad domain name '$name'"
    [[ "$memory" =~ ^[0-9]+$ ]] && [ "$memory" -ge 16 ] || die "bad memory '$memory' (MiB, at least 16)"
    if [ ! -s "$BUSY_ROM" ]; then
        is_root || die "$BUSY_ROM does not exist yet, and making it needs root: sudo $0 busy-vm-xml $name"
        mkdir -p "$(dirname "$BUSY_ROM")"
        { head -c 65520 /dev/zero; printf '\353\376'; head -c 14 /dev/zero; } >"$BUSY_ROM.tmp"
        chmod 0644 "$BUSY_ROM.tmp"
        mv "$BUSY_ROM.tmp" "$BUSY_ROM"
    fi
    cat <<EOF
<domain type='qemu'>
  <name>$name</name>
  <memory unit='MiB'>$memory</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <loader readonly='yes' type='rom'>$BUSY_ROM</loader>
  </os>
  <devices>
    <controller type='usb' model='none'/>
    <memballoon model='none'/>
  </devices>
</domain>
EOF
}

usage() { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

case "${1:-}" in
    start) [ $# -eq 2 ] || usage; start "$2" ;;
    stop) [ $# -eq 2 ] || usage; stop "$2" ;;
    status) [ $# -eq 2 ] || usage; status "$2" ;;
    stop-all) stop_all ;;
    bmc-start) [ $# -eq 2 ] || usage; bmc_start "$2" ;;
    busy-vm-xml) [ $# -ge 2 ] && [ $# -le 3 ] || usage; busy_vm_xml "$2" "${3:-}" ;;
    chassis) [ $# -ge 3 ] && [ $# -le 4 ] || usage; chassis "$2" "$3" ;;
    *) usage ;;
esac

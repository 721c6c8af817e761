#!/usr/bin/env bash
# Bare-metal machines: a libvirt guest (QEMU/TCG on this machine's qemu:///system) behind its own simulated BMC
# (OpenIPMI's ipmi_sim) whose chassis control powers it and sets its boot order. See README.md.
#
#   tools/test-env/bare-metal.sh start N     (root) define machine N (1-9), powered off with an empty disk, and
#                                            start its BMC unless they exist; print KEY=VALUE lines (DOMAIN, MAC,
#                                            BMC, BMC_USER, BMC_PASSWORD, BMC_GUID, CONSOLE_LOG, BOOT_URL, ...)
#   tools/test-env/bare-metal.sh stop N      (root) stop its BMC, destroy and undefine the domain, remove its disk
#                                            and folder
#   tools/test-env/bare-metal.sh stop-all    (root) the same for every machine that left a trace
#   tools/test-env/bare-metal.sh status N    the same lines plus POWER=on|off (as the BMC reads it); exit 0 when
#                                            N's BMC answers, else 1
#   tools/test-env/bare-metal.sh status      every machine's number and power state
#
# Machine N: domain strata-bm-N on qemu:///system (libvirtd.sh), MAC 52:54:00:5b:00:0N, BMC on 127.0.0.1:(6250+N)
# (UDP, IPMI v2 lanplus, use -C 3), console 127.0.0.1:(6260+N). Its NIC is QEMU user networking: the machine
# reaches this machine's loopback as 10.0.2.2, and its DHCP (QEMU's) hands out the boot file
# $STRATA_BARE_METAL_BOOT_URL ("{mac}" replaced by the machine's MAC; read at start), which iPXE fetches when the
# BMC's boot device is pxe.
set -euo pipefail

SCRIPT_NAME="bare-metal.sh"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR
. "$HERE/lib.sh"

IPMI_SIM="$HERE/ipmi/ipmi-sim.sh"
export IPMI_SIM_PASSWORD="${IPMI_SIM_PASSWORD:-strata-ipmi}"
BMC_USER="admin"
URI="qemu:///system"
ROOT_DIR="/var/lib/strata-test-env"
IMAGES="/var/lib/libvirt/images"
DEFAULT_BOOT_URL='http://10.0.2.2:8181/boot/{mac}.ipxe'
BOOT_URL_TEMPLATE="${STRATA_BARE_METAL_BOOT_URL:-$DEFAULT_BOOT_URL}"
MEMORY_MIB="${STRATA_BARE_METAL_MEMORY_MIB:-1024}"
DISK_GIB="${STRATA_BARE_METAL_DISK_GIB:-4}"

machine_vars() {
    N="$1"
    [[ "$N" =~ ^[1-9]$ ]] || die "bad machine number '$N' (1-9)"
    DOMAIN="strata-bm-$N"
    MAC="52:54:00:5b:00:0$N"
    UUID="5a7a7a00-0000-4000-8000-0000000ba00$N"
    BASE="$ROOT_DIR/bare-metal-$N"
    DISK="$IMAGES/$DOMAIN.qcow2"
    CONSOLE_LOG="$BASE/console.log"
    BMC_PORT=$((6250 + N))
    BMC_CONSOLE=$((6260 + N))
    BMC_NAME="strata-bm-$N-bmc"
    export STRATA_IPMI_RUN="$BASE/ipmi"
    export STRATA_IPMI_POWER_HOOK="$BASE/power-hook"
}

v() { timeout 60 virsh -q -c "$URI" "$@"; }
defined() { v domuuid "$DOMAIN" >/dev/null 2>&1; }
bmc_answers() { "$IPMI_SIM" status "$BMC_NAME" >/dev/null 2>&1; }
bmc() { timeout 10 ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$BMC_PORT" -U "$BMC_USER" -P "$IPMI_SIM_PASSWORD" "$@" 2>/dev/null; }
# The boot URL the domain was defined with (the template may have changed since).
boot_url() { v dumpxml --inactive "$DOMAIN" 2>/dev/null | sed -n "s/.*bootfile=\([^,']*\).*/\1/p" | head -n 1; }

print_env() {
    cat <<EOF
DOMAIN=$DOMAIN
URI=$URI
MAC=$MAC
UUID=$UUID
BMC=127.0.0.1:$BMC_PORT
BMC_USER=$BMC_USER
BMC_PASSWORD=$IPMI_SIM_PASSWORD
BMC_GUID=$(cat "$STRATA_IPMI_RUN/$BMC_NAME/guid" 2>/dev/null || true)
CONSOLE_LOG=$CONSOLE_LOG
DISK=$DISK
BOOT_URL=$(boot_url)
EOF
}

# The machine: BIOS (SeaBIOS) output, iPXE's and the OS's console on the serial port, logged to a file; an empty
# disk, an empty CD-ROM drive, one NIC. The NIC is given as QEMU arguments: libvirt 9.0's <interface type='user'>
# cannot name a DHCP boot file (a "-set netdev.hostnet0.bootfile=..." passthrough fails, libvirt hands QEMU its
# netdevs as JSON: "there is no netdev hostnet0 defined"), and without one iPXE has nothing to chain to.
domain_xml() {
    local url="$1"
    # "," separates QEMU's options: a URL with one would be cut.
    [[ "$url" != *,* ]] || die "the boot URL must not contain ',': $url"
    cat <<EOF
<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
  <name>$DOMAIN</name>
  <uuid>$UUID</uuid>
  <description>Strata test bare-metal machine $N (tools/test-env/bare-metal.sh); BMC 127.0.0.1:$BMC_PORT</description>
  <memory unit='MiB'>$MEMORY_MIB</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <boot dev='hd'/>
    <boot dev='network'/>
    <boot dev='cdrom'/>
    <bios useserial='yes'/>
  </os>
  <features><acpi/></features>
  <on_reboot>restart</on_reboot>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$DISK'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='cdrom'>
      <target dev='hdc' bus='ide'/>
      <readonly/>
    </disk>
    <serial type='file'>
      <source path='$CONSOLE_LOG' append='on'/>
      <target port='0'/>
    </serial>
    <controller type='usb' model='none'/>
    <memballoon model='none'/>
  </devices>
  <qemu:commandline>
    <qemu:arg value='-netdev'/>
    <qemu:arg value='user,id=strata-net0,bootfile=$url'/>
    <qemu:arg value='-device'/>
    <qemu:arg value='virtio-net-pci,netdev=strata-net0,mac=$MAC,bus=pci.0,addr=0x10,bootindex=9'/>
  </qemu:commandline>
</domain>
EOF
}

start() {
    local url
    machine_vars "$1"
    if defined && bmc_answers; then
        print_env
        return 0
    fi
    is_root || die "bare-metal machine $N does not exist, and making it needs root: sudo $0 start $N"
    answers "$URI" || die "libvirtd does not answer on $URI: start it first (sudo $HERE/libvirtd.sh start)"
    end_machine
    trap 'say "removing what was made for machine $N"; end_machine' EXIT
    mkdir -p "$BASE" "$IMAGES"
    url="${BOOT_URL_TEMPLATE//"{mac}"/$MAC}"
    qemu-img create -q -f qcow2 "$DISK" "${DISK_GIB}G"
    domain_xml "$url" >"$BASE/domain.xml"
    v define "$BASE/domain.xml" >/dev/null
    printf '#!/bin/sh\nexec %q %q %q "$@"\n' "$HERE/ipmi/libvirt-hook.sh" "$URI" "$DOMAIN" >"$STRATA_IPMI_POWER_HOOK"
    chmod 0755 "$STRATA_IPMI_POWER_HOOK"
    "$IPMI_SIM" start "$BMC_NAME" "$BMC_PORT" "$BMC_CONSOLE" >/dev/null || die "the BMC of machine $N did not start"
    trap - EXIT
    print_env
}

# Everything machine N is, gone: BMC, domain (its QEMU killed), disk, folder.
end_machine() {
    "$IPMI_SIM" stop "$BMC_NAME" 2>/dev/null || true
    if defined; then
        v destroy "$DOMAIN" >/dev/null 2>&1 || true
        v undefine "$DOMAIN" >/dev/null 2>&1 || true
    fi
    rm -rf "$BASE" "$DISK"
}

stop() {
    is_root || die "stopping a bare-metal machine needs root"
    machine_vars "$1"
    end_machine
    say "machine $N stopped"
}

# Every machine that left a trace (a domain, a folder, a disk, a BMC), whatever its number.
stop_all() {
    local n found=()
    is_root || die "stopping the bare-metal machines needs root"
    for n in $(v list --all --name 2>/dev/null | sed -n 's/^strata-bm-\([1-9]\)$/\1/p') \
        $(find "$ROOT_DIR" -maxdepth 1 -name 'bare-metal-[1-9]' -printf '%f\n' 2>/dev/null | cut -d- -f3) \
        $(find "$IMAGES" -maxdepth 1 -name 'strata-bm-[1-9].qcow2' -printf '%f\n' 2>/dev/null | cut -c11); do
        [[ " ${found[*]} " == *" $n "* ]] || found+=("$n")
    done
    for n in "${found[@]}"; do
        machine_vars "$n"
        end_machine
        say "machine $n stopped"
    done
}

status() {
    machine_vars "$1"
    if defined && bmc_answers; then
        print_env
        case "$(bmc chassis power status)" in
            *" on") echo "POWER=on" ;;
            *" off") echo "POWER=off" ;;
            *) echo "POWER=unknown" ;;
        esac
    else
        say "bare-metal machine $N does not run (no domain $DOMAIN, or its BMC does not answer on 127.0.0.1:$BMC_PORT)"
        return 1
    fi
}

status_all() {
    local n
    for n in $(v list --all --name 2>/dev/null | sed -n 's/^strata-bm-\([1-9]\)$/\1/p'); do
        machine_vars "$n"
        echo "$n $(v domstate "$DOMAIN" 2>/dev/null | tr ' ' '-')"
    done
}

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

case "${1:-}" in
    start) [ $# -eq 2 ] || usage; start "$2" ;;
    stop) [ $# -eq 2 ] || usage; stop "$2" ;;
    stop-all) stop_all ;;
    status) if [ $# -eq 1 ]; then status_all; elif [ $# -eq 2 ]; then status "$2"; else usage; fi ;;
    *) usage ;;
esac

#!/bin/sh
# A chassis_control.sh power hook (STRATA_IPMI_POWER_HOOK) that drives a libvirt domain, so that a simulated BMC
# powers a "bare-metal machine" (../bare-metal.sh):
#
#   libvirt-hook.sh URI DOMAIN on|off|reset|status
#   libvirt-hook.sh URI DOMAIN boot DEVICE
#
# on: virsh start unless it runs; off: virsh destroy (pulling the plug); reset: destroy and start again, so that
# a boot device set since the last power on applies, as it does on a real server's reset; status: prints 1 while
# the domain runs (or is paused), else 0. boot: rewrites the domain's persistent boot order (virsh define), which
# a running domain takes at its next power on: pxe puts the network first (<boot dev='network'/> and the NIC's
# bootindex), disk (ipmitool's "disk"; ipmi_sim says "default" for "none") the disk, cdrom the CD-ROM drive.
set -eu
uri="$1"
dom="$2"
op="$3"
v() { timeout 60 virsh -q -c "$uri" "$@"; }
running() {
    case "$(v domstate "$dom" 2>/dev/null)" in
    running | paused | "in shutdown" | pmsuspended | blocked | idle) return 0 ;;
    *) return 1 ;;
    esac
}

# The NIC is QEMU's own (-netdev user with a boot file, in <qemu:commandline>: libvirt's <interface type='user'>
# cannot name one), so libvirt's <boot dev='network'/> does not reach it: its bootindex is set here as well.
# libvirt numbers the devices of <os><boot> in order from 1; the NIC takes 0 to come first, else 9 (last).
boot_order() {
    first="$1"
    case "$first" in
    network) order="network hd cdrom" nic=0 ;;
    cdrom) order="cdrom hd network" nic=9 ;;
    *) order="hd network cdrom" nic=9 ;;
    esac
    xml="$(mktemp)"
    v dumpxml --inactive "$dom" >"$xml"
    lines=""
    for d in $order; do lines="$lines<boot dev='$d'/>"; done
    # One <boot> element per line in libvirt's own formatting; they follow <type> inside <os>.
    awk -v lines="$lines" -v nic="$nic" '
        /^ *<boot dev=/ { next }
        /^ *<type .*>hvm<\/type>/ { print; n = split(lines, b, "/>"); for (i = 1; i < n; i++) print "    " b[i] "/>"; next }
        /<qemu:arg value=.*strata-net0.*bootindex=/ { sub(/bootindex=[0-9]+/, "bootindex=" nic) }
        { print }' "$xml" >"$xml.new"
    v define "$xml.new" >/dev/null
    rm -f "$xml" "$xml.new"
    echo "boot order: $order"
}

case "$op" in
status) if running; then echo 1; else echo 0; fi ;;
on) running || v start "$dom" ;;
off) if running; then v destroy "$dom"; fi ;;
reset) if running; then v destroy "$dom" && v start "$dom"; fi ;;
boot)
    case "${4:-}" in
    pxe) boot_order network ;;
    cdrom | cdrom-*) boot_order cdrom ;;
    # default (no override: the machine's own order, disk first), disk, bios, safe, ...
    *) boot_order hd ;;
    esac
    ;;
*)
    echo "usage: $0 URI DOMAIN on|off|reset|status|boot DEVICE" >&2
    exit 2
    ;;
esac

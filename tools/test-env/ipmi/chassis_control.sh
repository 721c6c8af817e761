#!/bin/sh
# ipmi_sim's chassis_control hook: called as "chassis_control.sh MC get|set name [value] ...". Keeps the power
# state and the boot device in files of the instance's state folder (STRATA_IPMI_STATE, set by ipmi-sim.sh), so
# that what a client did can be checked from outside and survives until the instance is stopped.
#
# With STRATA_IPMI_POWER_HOOK set (powered-host.sh sets it), the BMC powers a real thing: the hook is run as
# "HOOK on|off|reset" for every power change and "HOOK status" (which prints 1 or 0) for every power reading,
# so that the power state read is what is true, not what was last asked for, and "HOOK boot DEVICE" for every
# boot device set (default, pxe, disk, cdrom, bios, ...: what ipmi_sim names), which a hook that boots something
# real applies at the next power on (libvirt-hook.sh; powered-host.sh ignores it). Its output goes to hook.log.
state="${STRATA_IPMI_STATE:?}"
hook="${STRATA_IPMI_POWER_HOOK:-}"
power() { [ -z "$hook" ] || "$hook" "$@" >>"$state/hook.log" 2>&1; }
shift # the MC address
op="$1"; shift
case "$op" in
get)
    # The shell's own read, not $(cat ...): every power status a client asks for runs this script, and a real
    # BMC answers from memory; a process more per request made the simulator, not the client, what a fleet-wide
    # sweep measured (bench/fleet.sh, 500 BMCs on 2 cores).
    for item in "$@"; do
        case "$item" in
        power)
            value=0
            if [ -n "$hook" ]; then
                value="$("$hook" status 2>>"$state/hook.log")"
            elif [ -f "$state/power" ]; then
                read -r value <"$state/power"
            fi
            echo "power:$value"
            ;;
        boot) value=default; [ -f "$state/boot" ] && read -r value <"$state/boot"; echo "boot:$value" ;;
        esac
    done
    ;;
set)
    # Every change is also appended to "changes", so that a test can see a cycle or a reset that leaves
    # the final state as it was.
    echo "$*" >>"$state/changes"
    while [ $# -ge 2 ]; do
        case "$1" in
        power)
            # A quirk some real BMCs have (CloudStack issue 13376), for HA's fencing tests: with the file
            # refuse-off-when-off in the state folder, powering off a machine that is off is answered with an error.
            if [ "$2" = 0 ] && [ -f "$state/refuse-off-when-off" ]; then
                now=0
                if [ -n "$hook" ]; then now="$("$hook" status 2>>"$state/hook.log")"; elif [ -f "$state/power" ]; then read -r now <"$state/power"; fi
                if [ "$now" = 0 ]; then echo "refused: the machine is off already" >>"$state/hook.log"; exit 1; fi
            fi
            echo "$2" >"$state/power"
            if [ "$2" = 1 ]; then power on; else power off; fi
            ;;
        reset) echo "$(( $(cat "$state/resets" 2>/dev/null || echo 0) + 1 ))" >"$state/resets"; power reset ;;
        boot) echo "$2" >"$state/boot"; power boot "$2" ;;
        # A soft shutdown asks the OS to power off; the simulated machine has no OS and obeys at once.
        shutdown) if [ "$2" = 1 ]; then echo 0 >"$state/power"; power off; fi ;;
        esac
        shift 2
    done
    ;;
check) ;;
esac
exit 0

#!/usr/bin/env bash
# Simulated BMCs (OpenIPMI's ipmi_sim) for the IPMI driver's tests. See README.md.
#
#   ipmi-sim.sh start NAME UDP_PORT CONSOLE_PORT [STATE_DIR]   start one BMC on 127.0.0.1:UDP_PORT; wait until it
#                                                              answers IPMI (ipmitool mc info); print its GUID
#   ipmi-sim.sh stop NAME                                      stop it (its state folder stays)
#   ipmi-sim.sh set-sensor NAME SENSOR_NUM VALUE               set a sensor's raw reading through the console;
#                                                              threshold events are generated as on real hardware
#   ipmi-sim.sh status NAME                                    exit 0 when it answers
#
# Several instances run at once, each with its own name, ports, state folder and GUID. The user is "admin",
# the password $IPMI_SIM_PASSWORD (default "strata-ipmi"). Where the script keeps the pids: $STRATA_IPMI_RUN
# (default /run/strata-test-env/ipmi, or a folder under /tmp when /run is not writable).
set -euo pipefail

SCRIPT_NAME="ipmi-sim.sh"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR
. "$HERE/../lib.sh"

PASSWORD="${IPMI_SIM_PASSWORD:-strata-ipmi}"
if [ -n "${STRATA_IPMI_RUN:-}" ]; then
    RUN="$STRATA_IPMI_RUN"
elif mkdir -p "$TEST_ENV_STATE/ipmi" 2>/dev/null && [ -w "$TEST_ENV_STATE/ipmi" ]; then
    RUN="$TEST_ENV_STATE/ipmi"
else
    RUN="${TMPDIR:-/tmp}/strata-ipmi-$(id -u)"
fi

# Installs openipmi and ipmitool as root, or says what to install and fails (as lib.sh does for libvirt).
ensure_ipmi_packages() {
    local missing=()
    command -v ipmi_sim >/dev/null || missing+=(openipmi)
    command -v ipmitool >/dev/null || missing+=(ipmitool)
    install_packages "${missing[@]}"
}

valid_name() { [[ "$1" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$ ]] || die "bad instance name '$1'"; }
valid_port() { if ! [[ "$1" =~ ^[0-9]+$ ]] || [ "$1" -lt 1 ] || [ "$1" -gt 65535 ]; then die "bad port '$1'"; fi; }

# -C 3: ipmi_sim does not answer the cipher suite query; without it every ipmitool call waits 10 s.
mc_answers() { timeout 5 ipmitool -I lanplus -C 3 -N 1 -R 1 -H 127.0.0.1 -p "$1" -U admin -P "$PASSWORD" mc info >/dev/null 2>&1; }
# ipmitool waits a whole second for an answer that cannot come while the port is not bound yet: ask only once the
# simulator listens (/proc/net/udp lists 127.0.0.1 as 0100007F and the port in hex).
udp_bound() { grep -q "^ *[0-9]*: 0100007F:$(printf '%04X' "$1") " /proc/net/udp; }
up_or_dead() { { udp_bound "$1" && mc_answers "$1"; } || ! proc_alive "$2"; }

start() {
    local name="$1" port="$2" console="$3" state="${4:-}" dir pid guid
    valid_name "$name"; valid_port "$port"; valid_port "$console"
    ensure_ipmi_packages
    dir="$RUN/$name"
    if pid_alive "$dir/pid" ipmi_sim; then
        die "instance '$name' already runs (pid $(pid_of "$dir/pid")); stop it first"
    fi
    state="${state:-$dir/state}"
    mkdir -p "$dir" "$state"
    state="$(cd "$state" && pwd)"
    # The GUID is derived from the name: stable across restarts, different for every instance.
    guid="$(printf '%s' "strata-ipmi-sim:$name" | md5sum | cut -c1-32)"
    sed -e "s|@NAME@|$name|" -e "s|@PORT@|$port|" -e "s|@CONSOLE@|$console|" -e "s|@GUID@|$guid|" \
        -e "s|@PASSWORD@|$PASSWORD|" -e "s|@CHASSIS@|$HERE/chassis_control.sh|" \
        "$HERE/lan.conf.template" >"$dir/lan.conf"
    [ -f "$state/power" ] || echo 0 >"$state/power"
    [ -f "$state/boot" ] || echo default >"$state/boot"
    echo "$port" >"$dir/port"
    echo "$console" >"$dir/console"
    echo "$state" >"$dir/statedir"
    echo "$guid" >"$dir/guid"
    # -n: no console on stdin (it runs in the background). setsid: a test runner's process group ending
    # does not take it along before `stop` runs.
    STRATA_IPMI_STATE="$state" setsid ipmi_sim -n -c "$dir/lan.conf" -f "$HERE/bmc.emu" -s "$state/sim" \
        </dev/null >"$dir/ipmi_sim.log" 2>&1 &
    pid=$!
    echo "$pid" >"$dir/pid"
    if ! wait_until 20 up_or_dead "$port" "$pid" || ! proc_alive "$pid"; then
        end_pids "$pid"
        rm -f "$dir/pid"
        die "ipmi_sim '$name' did not answer on UDP port $port; log: $(tail -5 "$dir/ipmi_sim.log" | tr '\n' ' ')"
    fi
    echo "$guid"
}

stop() {
    local name="$1" dir
    valid_name "$name"
    dir="$RUN/$name"
    if pid_alive "$dir/pid" ipmi_sim; then
        end_pids "$(pid_of "$dir/pid")"
    fi
    rm -f "$dir/pid"
}

status() {
    local name="$1" dir
    valid_name "$name"
    dir="$RUN/$name"
    pid_alive "$dir/pid" ipmi_sim && mc_answers "$(cat "$dir/port")"
}

# The console is a line-oriented prompt ("> "); one command per connection, answer read until the next prompt.
set_sensor() {
    local name="$1" num="$2" value="$3" dir port line out=""
    valid_name "$name"
    [[ "$num" =~ ^(0x[0-9a-fA-F]+|[0-9]+)$ && "$value" =~ ^(0x[0-9a-fA-F]+|[0-9]+)$ ]] || die "bad sensor or value"
    dir="$RUN/$name"
    pid_alive "$dir/pid" ipmi_sim || die "instance '$name' does not run"
    port="$(cat "$dir/console")"
    exec 3<>"/dev/tcp/127.0.0.1/$port" || die "console of '$name' (port $port) does not answer"
    printf 'sensor_set_value 0x20 0 %s %s 1\n' "$num" "$value" >&3
    # Read until the prompt that follows the command's answer (or 5 s): the change is then made.
    while IFS= read -r -t 5 -d '>' line <&3; do
        out+="$line"
        case "$out" in *sensor_set_value*) break ;; esac
    done
    exec 3<&- 3>&-
    case "$out" in *[Ee]rror* | *[Ii]nvalid*) die "console refused: $out" ;; esac
}

case "${1:-}" in
start) [ $# -ge 4 ] || die "usage: $0 start NAME UDP_PORT CONSOLE_PORT [STATE_DIR]"; start "$2" "$3" "$4" "${5:-}" ;;
stop) [ $# -eq 2 ] || die "usage: $0 stop NAME"; stop "$2" ;;
status) [ $# -eq 2 ] || die "usage: $0 status NAME"; status "$2" ;;
set-sensor) [ $# -eq 4 ] || die "usage: $0 set-sensor NAME SENSOR_NUM VALUE"; set_sensor "$2" "$3" "$4" ;;
*) die "usage: $0 start NAME UDP_PORT CONSOLE_PORT [STATE_DIR] | stop NAME | status NAME | set-sensor NAME NUM VALUE" ;;
esac

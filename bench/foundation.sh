#!/usr/bin/env bash
# Measures the foundation's figures on this machine: distribution size, cold boot to a ready REST API,
# idle memory and threads, and how long a driver bundle takes to be usable again after a restart or
# an update at run time. Usage: bench/foundation.sh [runs]   (default 3 boots)
# Needs a built distribution (./strata build) and a free port 8443. Prints a table; changes nothing else.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# STRATA_DIST: another distribution to measure (e.g. an earlier build kept aside, for a before/after).
DIST="${STRATA_DIST:-$ROOT/assembly/target/strata-assembly-0.1.0-SNAPSHOT.tar.gz}"
RUNS="${1:-3}"
PW="bench-$$"
HOME_DIR="$(mktemp -d /tmp/strata-bench.XXXXXX)"
# The last boot's JVM is waited for before its folder goes (bin/stop only asks; a JVM still running wrote a new data/).
trap 'stop_and_remove_strata 2>/dev/null || rm -rf "$HOME_DIR"' EXIT
# shellcheck source-path=SCRIPTDIR
. "$ROOT/bench/lib.sh"

now_ms() { date +%s%3N; }
URL=https://127.0.0.1:8443
ready() { scurl -fsS -u "admin:$PW" $URL/api/v1/drivers 2>/dev/null | grep -q '"demo"'; }
vms_ok() {
    local host
    host="$(scurl -fsS -u "admin:$PW" $URL/api/v1/hosts | sed -n 's/.*"id":"\([^"]*\)","name":"demo-host".*/\1/p')"
    [ "$(scurl -s -o /dev/null -w '%{http_code}' -u "admin:$PW" "$URL/api/v1/hosts/$host/vms")" = 200 ]
}
soap_ok() {
    scurl -fsS -u "admin:$PW" -H 'Content-Type: text/xml; charset=UTF-8' --data-binary \
        '<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><s:listDrivers xmlns:s="urn:strata:ws:v1"/></e:Body></e:Envelope>' \
        $URL/soap/drivers 2>/dev/null | grep -q '<id>demo</id>'
}
client() { printf '%s\n' "$1" | "$HOME_DIR/bin/client" -u admin -p "$PW" -b >/dev/null; }
wait_until() { local deadline=$(( $(now_ms) + 120000 )); until "$@"; do [ "$(now_ms)" -lt "$deadline" ] || { echo "timeout: $*" >&2; exit 1; }; sleep 0.05; done; }

printf 'distribution: %s, %s bundles in system/\n' "$(du -h "$DIST" | cut -f1)" \
    "$(tar -tzf "$DIST" | grep -c '\.jar$')"

port_open() { (exec 3<>/dev/tcp/127.0.0.1/8443) 2>/dev/null; }
load() { cut -d' ' -f1 /proc/loadavg; }

boots=(); ports=(); loads=(); cpus=(); soaps=()
for i in $(seq "$RUNS"); do
    rm -rf "$HOME_DIR" && mkdir -p "$HOME_DIR"
    tar -xzf "$DIST" -C "$HOME_DIR" --strip-components=1
    printf 'admin = %s,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembootstrap,ssh\n' "$PW" >>"$HOME_DIR/etc/users.properties"
    start=$(now_ms)
    loads+=("$(load)")
    "$HOME_DIR/bin/start" >/dev/null 2>&1
    wait_until port_open
    ports+=($(( $(now_ms) - start )))
    wait_until ready
    boots+=($(( $(now_ms) - start )))
    # CPU the JVM had used when REST answered (every thread's user + system ticks): moves less with the machine's load
    cpus+=($(( $(cat /proc/"$(cat "$HOME_DIR/karaf.pid")"/task/*/stat 2>/dev/null | sed 's/.*) //' | awk '{s+=$12+$13} END {print s}') * 1000 / $(getconf CLK_TCK) )))
    # The SOAP services are built after REST is ready (docs/api.md, "Faults"): when a SOAP call is answered.
    wait_until soap_ok
    soaps+=($(( $(now_ms) - start )))
    if [ "$i" -lt "$RUNS" ]; then "$HOME_DIR/bin/stop" >/dev/null 2>&1; while [ -f "$HOME_DIR/karaf.pid" ] && kill -0 "$(cat "$HOME_DIR/karaf.pid")" 2>/dev/null; do sleep 0.1; done; fi
done
printf 'cold boot to REST ready (drivers bound), ms: %s\n' "${boots[*]}"
printf '  of which HTTPS port open, ms: %s; load average (1 min) at each start: %s\n' "${ports[*]}" "${loads[*]}"
printf '  JVM CPU (all threads) at REST ready, ms: %s; first SOAP call answered, ms: %s\n' "${cpus[*]}" "${soaps[*]}"

vms_ok || true   # first contact with the demo host
pid="$(cat "$HOME_DIR/karaf.pid")"
rss() { echo "$(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 ))"; }
sleep 10          # idle: let start-up work settle before reading memory
printf 'idle RSS: %s MiB, threads: %s\n' "$(rss)" "$(awk '/Threads/ {print $2}' /proc/$pid/status)"
sleep 35          # bin/setenv: a periodic collection after 30 s without one hands free heap back
printf 'idle RSS 45 s after ready: %s MiB\n' "$(rss)"

swaps=()
for i in $(seq "$RUNS"); do
    client "bundle:stop org.strata.driver.demo"
    wait_until bash -c "! curl --cacert '$HOME_DIR/etc/strata-tls.crt' -fsS -u admin:$PW $URL/api/v1/drivers | grep -q demo"
    client "bundle:start org.strata.driver.demo"   # measured from the moment the shell command returned
    start=$(now_ms)
    wait_until vms_ok
    swaps+=($(( $(now_ms) - start )))
done
printf 'driver hot-swap: demo host usable over REST after bundle:start returned, ms: %s\n' "${swaps[*]}"

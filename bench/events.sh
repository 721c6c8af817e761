#!/usr/bin/env bash
# Event-to-client latency of the event stream (issue 15): a fresh distribution in a temporary folder, on ports of its
# own (HTTPS 28443, HTTP 28181, SSH 28101, RMI 21099/24444, so that it runs beside anything on 8443), CLIENTS
# Server-Sent Events clients on /api/v1/events/stream, then EVENTS events caused at RATE per second (failed logins:
# each one a LOGIN_FAILED event); p50/p90/p99/max of "client read it" minus "event recorded", over every event and
# client, and whether every client got every event once and in order.
# Usage: bench/events.sh [clients=100] [events=200] [rate=20]   (needs ./strata build and the bench module built:
# mvn -pl bench package -DskipTests). Appends a row to bench/results/events.csv, or to EVENTS_CSV (the CI smoke run,
# EventsSmokeIT, writes to a temporary folder).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLIENTS="${1:-100}"
EVENTS="${2:-200}"
RATE="${3:-20}"
DIST="${STRATA_DIST:-$ROOT/assembly/target/strata-assembly-0.1.0-SNAPSHOT.tar.gz}"
PW="bench-$$"
HOME_DIR="$(mktemp -d /tmp/strata-events.XXXXXX)"
export HTTPS_PORT=28443 HTTP_PORT=28181
stop() {
    local pid; pid="$(cat "$HOME_DIR/karaf.pid" 2>/dev/null || true)"
    "$HOME_DIR/bin/stop" >/dev/null 2>&1 || true
    while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
    rm -rf "$HOME_DIR"
}
trap stop EXIT
# shellcheck source-path=SCRIPTDIR
. "$ROOT/bench/lib.sh"
[ -f "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar" ] || { echo "build the bench module first" >&2; exit 1; }
for port in "$HTTPS_PORT" "$HTTP_PORT" 28101 21099 24444; do
    if ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then echo "events.sh: port $port is taken" >&2; exit 3; fi
done
unpack_strata
set_key() {
    local file="$HOME_DIR/etc/$1" key="$2" value="$3"
    touch "$file"
    if grep -Eq "^#? *$key *=" "$file"; then sed -i -E "s|^#? *$key *=.*|$key = $value|" "$file"
    else printf '%s = %s\n' "$key" "$value" >>"$file"; fi
}
set_key org.ops4j.pax.web.cfg org.osgi.service.http.port "$HTTP_PORT"
set_key org.ops4j.pax.web.cfg org.osgi.service.http.port.secure "$HTTPS_PORT"
set_key org.apache.karaf.shell.cfg sshPort 28101
set_key org.apache.karaf.management.cfg rmiRegistryPort 21099
set_key org.apache.karaf.management.cfg rmiServerPort 24444
# The events are failed logins from 127.0.0.1, on purpose: the throttle would lock the address out (it has its own
# tests); here it only counts them.
set_key org.strata.security.cfg throttle.free.failures 1000000
start_strata demo
if [ -n "${STRATA_DIST:-}" ]; then commit="dist:$(basename "$(dirname "$STRATA_DIST")")"; else
    commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"; fi
echo "$CLIENTS SSE clients, $EVENTS events at $RATE/s; $(nproc) CPUs shared by Strata and the clients"
# A short warm-up run (the JIT, TLS), then the measured one.
bench_java org.strata.bench.EventLatency "$(strata_url)" admin "$PW" "$CLIENTS" 50 "$RATE" >/dev/null || true
out="$(bench_java org.strata.bench.EventLatency "$(strata_url)" admin "$PW" "$CLIENTS" "$EVENTS" "$RATE")"
printf '%s\n' "$out"
echo "JVM: $(jvm_figures); load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine counts)"
CSV="${EVENTS_CSV:-$ROOT/bench/results/events.csv}"
[ -f "$CSV" ] || echo "date,commit,clients,events,rate_per_s,p50_ms,p90_ms,p99_ms,max_ms,received" >"$CSV"
line="$(printf '%s\n' "$out" | awk '/latency/ {print $5","$7","$9","$11}')"
got="$(printf '%s\n' "$out" | awk '/received/ {print $8"/"$10}')"
echo "$(date -u +%FT%TZ),$commit,$CLIENTS,$EVENTS,$RATE,$line,$got" >>"$CSV"

#!/usr/bin/env bash
# The OpenAPI fuzzing pass (issue 14): a fresh Strata distribution in a temporary folder, on ports of its own (so it
# runs beside other instances), requests made from its OpenAPI document, valid and invalid, every answer checked
# against the document (org.strata.bench.fuzz.FuzzMain); then it stops the distribution and removes the folder.
# Writes fuzz-report.json (counts and examples per category), fuzz-summary.csv (the counts) and karaf.log to --out.
# See docs/api.md, "OpenAPI fuzzing pass".
#
# Usage: bench/fuzz.sh [--out DIR] [--seed N] [--requests N] [--seconds S] [--report-only] [--http]
#                      [--port P] [--https-port P] [--ssh-port P] [--rmi-registry-port P] [--rmi-server-port P]
#                      [-- FUZZER-OPTION...]
#   --out DIR      where the report goes (bench/target/fuzz)
#   --seed N       one seed, one sequence of requests (1); --requests N (3000) and --seconds S (600) bound the run
#   --http         fuzz http://127.0.0.1:PORT, for a distribution from before HTTPS (STRATA_DIST); by default it
#                  fuzzes https://127.0.0.1:HTTPS-PORT, trusting the certificate the distribution made at first start
#   ports          HTTP 18181, HTTPS 18443, SSH 18101, RMI registry 11099, RMI server 14444
#   after --       options for FuzzMain itself, e.g. --examples 20, --allow-documented-5xx, --request-timeout 30
# Environment: STRATA_DIST (the tar.gz to fuzz; default the one ./strata build made), FUZZ_WORK (where the temporary
# folder goes, /tmp).
# Exit status: 0 no findings (or --report-only), 1 findings, 2 bad usage, 3 could not run (ports taken, no start).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="${STRATA_DIST:-$ROOT/assembly/target/strata-assembly-0.1.0-SNAPSHOT.tar.gz}"
OUT="$ROOT/bench/target/fuzz"
SEED=1
REQUESTS=3000
SECONDS_BUDGET=600
REPORT_ONLY=()
SCHEME=https
HTTP_PORT=18181
HTTPS_PORT=18443
SSH_PORT=18101
RMI_REGISTRY_PORT=11099
RMI_SERVER_PORT=14444
EXTRA=()
usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; }
number() { [[ "$2" =~ ^[0-9]+$ ]] || { echo "fuzz.sh: $1 takes a number, not '$2'" >&2; exit 2; }; echo "$2"; }
while [ $# -gt 0 ]; do
    case "$1" in
        --out) OUT="$2"; shift 2 ;;
        --seed) SEED="$(number "$1" "$2")"; shift 2 ;;
        --requests) REQUESTS="$(number "$1" "$2")"; shift 2 ;;
        --seconds) SECONDS_BUDGET="$(number "$1" "$2")"; shift 2 ;;
        --report-only) REPORT_ONLY=(--report-only); shift ;;
        --http) SCHEME=http; shift ;;
        --https) SCHEME=https; shift ;;
        --port) HTTP_PORT="$(number "$1" "$2")"; shift 2 ;;
        --https-port) HTTPS_PORT="$(number "$1" "$2")"; shift 2 ;;
        --ssh-port) SSH_PORT="$(number "$1" "$2")"; shift 2 ;;
        --rmi-registry-port) RMI_REGISTRY_PORT="$(number "$1" "$2")"; shift 2 ;;
        --rmi-server-port) RMI_SERVER_PORT="$(number "$1" "$2")"; shift 2 ;;
        --) shift; EXTRA=("$@"); break ;;
        -h|--help) usage; exit 0 ;;
        *) echo "fuzz.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
[ -f "$DIST" ] || { echo "fuzz.sh: no distribution at $DIST (./strata build, or set STRATA_DIST)" >&2; exit 3; }
command -v curl >/dev/null || { echo "fuzz.sh needs curl" >&2; exit 3; }
for port in "$HTTP_PORT" "$HTTPS_PORT" "$SSH_PORT" "$RMI_REGISTRY_PORT" "$RMI_SERVER_PORT"; do
    if ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then
        echo "fuzz.sh: port $port is taken; choose others (--port, --https-port, --ssh-port, --rmi-*-port)" >&2
        exit 3
    fi
done
PW="fuzz-$$-$RANDOM$RANDOM"
HOME_DIR=""
stop_strata() {
    [ -n "$HOME_DIR" ] || return 0
    local pid waited=0
    pid="$(cat "$HOME_DIR/karaf.pid" 2>/dev/null || true)"
    "$HOME_DIR/bin/stop" >/dev/null 2>&1 || true
    # bin/stop asks; the JVM may take its time closing drivers. After a minute, only this distribution's JVM is killed.
    while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do
        sleep 0.2
        waited=$((waited + 1))
        [ "$waited" -lt 300 ] || { kill -9 "$pid" 2>/dev/null || true; }
    done
    [ -n "${FUZZ_KEEP:-}" ] || rm -rf "$HOME_DIR"
    HOME_DIR=""
}
trap stop_strata EXIT
# shellcheck source-path=SCRIPTDIR
. "$ROOT/bench/lib.sh"
[ -f "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar" ] || (cd "$ROOT" && mvn -o -q -pl bench -am package -DskipTests)

HOME_DIR="$(mktemp -d "${FUZZ_WORK:-/tmp}/strata-fuzz.XXXXXX")"
unpack_strata
# Ports of its own: set each key (commented out or not), or add it.
set_key() {
    local file="$HOME_DIR/etc/$1" key="$2" value="$3"
    touch "$file"
    if grep -Eq "^#? *$key *=" "$file"; then
        sed -i -E "s|^#? *$key *=.*|$key = $value|" "$file"
    else
        printf '%s = %s\n' "$key" "$value" >>"$file"
    fi
}
export STRATA_SCHEME="$SCHEME" HTTP_PORT HTTPS_PORT
set_key org.ops4j.pax.web.cfg org.osgi.service.http.port "$HTTP_PORT"
set_key org.ops4j.pax.web.cfg org.osgi.service.http.port.secure "$HTTPS_PORT"
set_key org.apache.karaf.shell.cfg sshPort "$SSH_PORT"
set_key org.apache.karaf.management.cfg rmiRegistryPort "$RMI_REGISTRY_PORT"
set_key org.apache.karaf.management.cfg rmiServerPort "$RMI_SERVER_PORT"
# The pass sends hundreds of bad credentials on purpose, from 127.0.0.1 like its good ones: with the login
# throttle as shipped, the address would spend the run locked out. The throttle has tests of its own
# (itests LoginSecurityIT); here it only counts failures.
set_key org.strata.security.cfg throttle.free.failures 1000000
echo "Strata in $HOME_DIR, HTTP $HTTP_PORT, HTTPS $HTTPS_PORT, SSH $SSH_PORT, RMI $RMI_REGISTRY_PORT/$RMI_SERVER_PORT"
start_strata demo libvirt-dir

BASE="$(strata_url)/api/v1"
if [ "$SCHEME" = https ]; then EXTRA=(--cacert "$HOME_DIR/etc/strata-tls.crt" "${EXTRA[@]}"); fi
mkdir -p "$OUT"
set +e
STRATA_FUZZ_PASSWORD="$PW" bench_java org.strata.bench.fuzz.FuzzMain --base-url "$BASE" --user admin --seed "$SEED" \
    --requests "$REQUESTS" --seconds "$SECONDS_BUDGET" --out "$OUT" "${REPORT_ONLY[@]}" "${EXTRA[@]}"
rc=$?
set -e
# The server's side of each 500: the log holds its stack trace under the reference the problem gives.
cp "$HOME_DIR/data/log/karaf.log" "$OUT/karaf.log" 2>/dev/null || true
stop_strata
exit "$rc"

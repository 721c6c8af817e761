#!/usr/bin/env bash
# The fleet benchmark (issue 6): for each fleet size N, a fresh Strata distribution, N libvirt test:/// hosts
# with VMS_PER_HOST VMs each and N/10 (at most 500) ipmi_sim BMCs, registered through REST; then REST latency
# and throughput, VM operations against libvirt-java, fleet sweeps against virsh and ipmitool loops, and the
# Strata JVM's heap, RSS and threads (org.strata.bench.Fleet). Appends one row per size to the results CSV and
# draws the plot (org.strata.bench.FleetPlot). See docs/performance.md.
#
# Usage: bench/fleet.sh [--smoke] [--label LABEL] [--out DIR] [SIZE...]      (sizes default to 100 1000 10000)
#   --smoke   a tiny fleet (5 hosts x 4 VMs, 2 BMCs) that checks the harness works, not the speed (CI runs it)
# Environment: VMS_PER_HOST (20), CLIENTS (8), SHELL_SAMPLE (hosts the virsh loop is timed on, 1000; scaled to
# N above it), BMCS (BMCs per size instead of N/10, at most 500), FLEET_WORK (where the host files are kept, /tmp/strata-fleet), STRATA_DIST (the distribution
# tar.gz to measure; default the one ./strata build made: set it to an older build for "before" figures),
# STRATA_CORE_CFG (lines that replace, or add to, the distribution's etc/org.strata.core.cfg, e.g. 'monitor.interval.seconds = 60'),
# STRATA_REPOSITORY (h2, the default, or postgresql: a PostgreSQL cluster of the benchmark's own, see bench/lib.sh).
# Needs a built distribution (./strata build), port 8443 free, virsh, ipmi_sim, ipmitool and jcmd.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="${STRATA_DIST:-$ROOT/assembly/target/strata-assembly-0.1.0-SNAPSHOT.tar.gz}"
LABEL=run
OUT="$ROOT/bench/results"
SIZES=()
VMS_PER_HOST="${VMS_PER_HOST:-20}"
CLIENTS="${CLIENTS:-8}"
SHELL_SAMPLE="${SHELL_SAMPLE:-1000}"
BMC_MAX=500
while [ $# -gt 0 ]; do
    case "$1" in
        --smoke) SIZES=(5); VMS_PER_HOST=4; CLIENTS=2; BMC_MAX=2; shift ;;
        --label) LABEL="$2"; shift 2 ;;
        --out) OUT="$2"; shift 2 ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) [[ "$1" =~ ^[0-9]+$ ]] || { echo "bad fleet size '$1'" >&2; exit 2; }; SIZES+=("$1"); shift ;;
    esac
done
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100 1000 10000)
for tool in virsh ipmi_sim ipmitool jcmd curl; do
    command -v "$tool" >/dev/null || { echo "fleet.sh needs $tool (Debian: libvirt-clients, openipmi, ipmitool, openjdk-17-jdk-headless, curl)" >&2; exit 1; }
done
WORK="${FLEET_WORK:-/tmp/strata-fleet}"
mkdir -p "$WORK" "$OUT"
PW="bench-$$"
BMC_PW=strata-ipmi
BMC_BASE=20000
HOME_DIR=""
export STRATA_IPMI_RUN="$WORK/ipmi-run"
SIM="$ROOT/tools/test-env/ipmi/ipmi-sim.sh"
STARTED_BMCS=0
bmcs_for() { [ -z "${BMCS:-}" ] || { echo "$BMCS"; return; }; local m=$(( $1 / 10 )); [ "$m" -ge 2 ] || m=2; [ "$m" -le "$BMC_MAX" ] || m=$BMC_MAX; echo "$m"; }
# Stops Strata and waits until its JVM is gone: the next size needs port 8443.
stop_strata() {
    [ -n "$HOME_DIR" ] || return 0
    local pid began; pid="$(cat "$HOME_DIR/karaf.pid" 2>/dev/null || true)"
    began=$(date +%s%N)
    "$HOME_DIR/bin/stop" >/dev/null 2>&1 || true
    while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    # How long a graceful stop takes with the whole fleet: every driver closes its sessions on the way out.
    [ -z "$pid" ] || printf 'Strata stopped in %.1f s\n' "$(( ($(date +%s%N) - began) / 1000000 ))e-3"
    rm -rf "$HOME_DIR"; HOME_DIR=""
}
cleanup() {
    stop_strata
    seq 0 $((STARTED_BMCS - 1)) | xargs -r -P 8 -I{} "$SIM" stop "fleet{}" >/dev/null 2>&1 || true
    stop_bench_postgresql 2>/dev/null || true
}
trap cleanup EXIT
BENCH_OFFERS_POSTGRESQL=yes
# shellcheck source-path=SCRIPTDIR
. "$ROOT/bench/lib.sh"
[ -f "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar" ] || mvn -o -q -f "$ROOT/bench/pom.xml" package -DskipTests

# The BMCs for the largest size, started once (8 at a time: each start waits until its BMC answers).
max_bmcs=0
for n in "${SIZES[@]}"; do m=$(bmcs_for "$n"); [ "$m" -le "$max_bmcs" ] || max_bmcs=$m; done
STARTED_BMCS=$max_bmcs
seq 0 $((max_bmcs - 1)) | xargs -P 8 -I{} sh -c '"$1" start "fleet$2" $(('"$BMC_BASE"' + $2)) $(('"$BMC_BASE"' + 10000 + $2)) >/dev/null' _ "$SIM" {}
echo "$max_bmcs ipmi_sim BMCs on 127.0.0.1:$BMC_BASE-$((BMC_BASE + max_bmcs - 1))"

CSV="$OUT/fleet.csv"
for n in "${SIZES[@]}"; do
    echo
    echo "== $n hosts x $VMS_PER_HOST VMs, $(bmcs_for "$n") BMCs ($LABEL, repository $(repository_kind)) =="
    HOME_DIR="$(mktemp -d /tmp/strata-fleet-home.XXXXXX)"
    unpack_strata
    # An empty inventory: the fleet is all there is.
    sed -i 's/^demo.seed = true/demo.seed = false/' "$HOME_DIR/etc/org.strata.core.cfg"
    # Settings to try at this scale, e.g. STRATA_CORE_CFG='monitor.interval.seconds = 60': each line replaces the
    # key's line, or is added.
    while IFS= read -r line; do
        key="$(printf '%s' "${line%%=*}" | tr -d ' ')"
        [ -n "$key" ] || continue
        sed -i "/^$key *=/d" "$HOME_DIR/etc/org.strata.core.cfg"
        printf '%s\n' "$line" >>"$HOME_DIR/etc/org.strata.core.cfg"
    done <<<"${STRATA_CORE_CFG:-}"
    # How long the periodic rounds over the whole fleet take (VM reconcile, statistics): one line each at DEBUG.
    printf '%s\n' "log4j2.logger.fleetSync.name = org.strata.core.sync.VmSynchronizer.rounds" \
        "log4j2.logger.fleetSync.level = DEBUG" "log4j2.logger.fleetMonitor.name = org.strata.core.monitoring.Monitor.rounds" \
        "log4j2.logger.fleetMonitor.level = DEBUG" >>"$HOME_DIR/etc/org.ops4j.pax.logging.cfg"
    start_strata kvm ipmi
    bench_java -Dstrata.home="$HOME_DIR" org.strata.bench.Fleet "$(strata_url)" admin "$PW" "$WORK" "$n" "$VMS_PER_HOST" "$(bmcs_for "$n")" \
        "$BMC_BASE" "$BMC_PW" "$(cat "$HOME_DIR/karaf.pid")" "$LABEL" "$CSV" "$CLIENTS" "$SHELL_SAMPLE"
    echo "periodic rounds over the fleet (the last three of each kind):"
    for kind in Reconcile Statistics; do
        grep -h "$kind round of" "$HOME_DIR"/data/log/karaf.log* 2>/dev/null | tail -3 | sed 's/^.*| /  /' || true
    done
    # Every round with its time, to lay beside the phases Fleet prints (the log goes with the distribution).
    grep -h "round of" "$HOME_DIR"/data/log/karaf.log* 2>/dev/null | sort >"$OUT/fleet-rounds-$n-$LABEL.log" || true
    echo "every round with its time: $OUT/fleet-rounds-$n-$LABEL.log"
    stop_strata
done
bench_java org.strata.bench.FleetPlot "$CSV" "$OUT/fleet.svg"
printf '\nmachine: %s, %s CPUs, %s MiB RAM, %s\n' "$(uname -r)" "$(nproc)" \
    "$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 ))" "$(java -version 2>&1 | head -1)"

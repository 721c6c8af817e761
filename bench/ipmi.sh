#!/usr/bin/env bash
# Issue 4's whole-system figures: N simulated BMCs (ipmi_sim on loopback), discovered through the REST API of a
# freshly started distribution; then the median of GET /hosts/{id}/power (a pooled BMC session: one IPMI
# request) next to one `ipmitool -I lanplus -C 3 chassis status` (a session of its own each time), and a
# power-status sweep of all N: Strata over REST (8 concurrent clients) against a shell loop of ipmitool,
# with the Strata JVM's threads and RSS during the sweep. The driver alone: drivers/ipmi/bench/run.sh.
# Usage: bench/ipmi.sh [bmcs=50] [runs=20]   (needs ./strata build, port 8443 free, ipmi_sim and ipmitool)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="$ROOT/assembly/target/strata-assembly-0.1.0-SNAPSHOT.tar.gz"
N="${1:-50}"
RUNS="${2:-20}"
PW="bench-$$"
HOME_DIR="$(mktemp -d /tmp/strata-bench.XXXXXX)"
export STRATA_IPMI_RUN="$HOME_DIR/ipmi"
SIM="$ROOT/tools/test-env/ipmi/ipmi-sim.sh"
BASE=9700
cleanup() {
    stop_and_remove_strata 2>/dev/null || rm -rf "$HOME_DIR"
    for i in $(seq 0 $((N - 1))); do "$SIM" stop "bench$i" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT
# shellcheck source-path=SCRIPTDIR
. "$ROOT/bench/lib.sh"
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }

for i in $(seq 0 $((N - 1))); do "$SIM" start "bench$i" $((BASE + i)) $((BASE + 1000 + i)) >/dev/null; done

unpack_strata
echo "sensor.interval.seconds = 3600" >>"$HOME_DIR/etc/org.strata.core.cfg"   # the sweep, not the poll, is measured
start_strata ipmi
A=(-s -u "admin:$PW")
API="$(strata_url)/api/v1"
DC=$(scurl "${A[@]}" "$API/datacenters" | sed 's/.*"items":\[{"id":"\([^"]*\)".*/\1/')
start=$(now_ms)
scurl "${A[@]}" -H 'Content-Type: application/json' "$API/hardware/discoveries?wait=60" -d '{"datacenterId":"'"$DC"'","driverId":"ipmi","addresses":"127.0.0.1","ports":"'"$BASE-$((BASE + N - 1))"'","credentials":[{"username":"admin","password":"strata-ipmi"}]}' \
    | sed 's/.*"result":"\([^"]*\)".*/discovery of '"$N"' BMCs: \1/'
printf ' (%s ms)\n' "$(( $(now_ms) - start ))"
mapfile -t HOSTS < <(scurl "${A[@]}" "$API/hosts?limit=500" | tr '{' '\n' | sed -n 's/.*"id":"\([^"]*\)".*"driverId":"ipmi".*/\1/p')
echo "machines in the inventory: ${#HOSTS[@]}"

one="${HOSTS[0]}"
scurl "${A[@]}" "$API/hosts/$one/power" >/dev/null   # opens the pooled session
for _ in $(seq "$RUNS"); do scurl "${A[@]}" -o /dev/null -w '%{time_total}\n' "$API/hosts/$one/power"; done \
    | awk '{print $1 * 1000}' | median | xargs printf 'GET /hosts/{id}/power, median of %s: %s ms\n' "$RUNS"
for _ in $(seq "$RUNS"); do
    s=$(now_ms); ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$BASE" -U admin -P strata-ipmi chassis status >/dev/null; echo $(( $(now_ms) - s ))
done | median | xargs printf 'ipmitool chassis status, median of %s: %s ms\n' "$RUNS"

sweep() {
    local s; s=$(now_ms)
    printf '%s\n' "${HOSTS[@]}" | xargs -P 8 -I{} curl --cacert "$HOME_DIR/etc/strata-tls.crt" -s -o /dev/null -u "admin:$PW" "$API/hosts/{}/power"
    echo $(( $(now_ms) - s ))
}
cold_ms=$(sweep)    # discovery closed its probe sessions: each machine opens its pooled session here
strata_ms=$(sweep)
jvm="$(jvm_figures)"
start=$(now_ms)
for i in $(seq 0 $((N - 1))); do
    ipmitool -I lanplus -C 3 -H 127.0.0.1 -p $((BASE + i)) -U admin -P strata-ipmi chassis power status >/dev/null
done
loop_ms=$(( $(now_ms) - start ))
printf 'power-status sweep of %s BMCs: Strata over REST %s ms (first sweep, opening sessions: %s ms), shell loop of ipmitool %s ms (%s x)\n' \
    "$N" "$strata_ms" "$cold_ms" "$loop_ms" "$(awk -v a="$loop_ms" -v b="$strata_ms" 'BEGIN {printf "%.1f", a / b}')"
printf 'Strata JVM after the sweep: %s\n' "$jvm"

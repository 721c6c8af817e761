#!/usr/bin/env bash
# The web console measured in a real browser (issue 22): a fresh distribution, HOSTS libvirt test:/// hosts with
# VMS_PER_HOST VMs each registered through REST, then Debian's headless Chromium opens /console/#/inventory after one
# warm-up RUNS times with an empty cache: time to the first VM row and to the whole inventory loaded (recorded in the
# page), the JS heap and element count after load, what the first load downloaded, then SAMPLES VM state changes
# from their recorded event to the page's badge, and the console bundle's size (org.strata.bench.ConsoleBench).
# Appends one row to bench/results/console.csv (or CONSOLE_CSV) and prints the figures. See docs/performance.md.
#
# Usage: bench/console.sh [HOSTS=1000] [VMS_PER_HOST=20]
# Environment: RUNS (5), SAMPLES (20), PROFILE (no; yes adds one load under Chromium's sampling profiler and prints
# the functions that cost most), SCREENSHOT (a PNG file for the inventory as loaded), LABEL (the commit), FLEET_WORK (where the host files are kept, /tmp/strata-fleet),
# STRATA_DIST (the distribution tar.gz; default the one ./strata build made).
# Needs a built distribution (./strata build), the bench module built (mvn -pl bench package -DskipTests), port 8443
# free, Debian's chromium and chromium-driver. Uses port 8443: run it under `flock /tmp/strata-itests.lock` where
# other runs share the machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOSTS="${1:-1000}"
VMS_PER_HOST="${2:-20}"
[[ "$HOSTS" =~ ^[0-9]+$ && "$VMS_PER_HOST" =~ ^[0-9]+$ ]] || { echo "usage: bench/console.sh [HOSTS] [VMS_PER_HOST]" >&2; exit 2; }
DIST="${STRATA_DIST:-$ROOT/assembly/target/strata-assembly-0.1.0-SNAPSHOT.tar.gz}"
for tool in /usr/bin/chromium /usr/bin/chromedriver; do
    [ -x "$tool" ] || { echo "console.sh needs $tool (Debian: apt-get install chromium chromium-driver)" >&2; exit 1; }
done
WORK="${FLEET_WORK:-/tmp/strata-fleet}"
CSV="${CONSOLE_CSV:-$ROOT/bench/results/console.csv}"
mkdir -p "$WORK" "$(dirname "$CSV")"
PW="bench-$$"
HOME_DIR="$(mktemp -d /tmp/strata-console-home.XXXXXX)"
# Selenium must not look for a driver of its own: the explicit paths are the whole story (and no network here).
export SE_OFFLINE=true
# shellcheck source-path=SCRIPTDIR
. "$ROOT/bench/lib.sh"
trap stop_and_remove_strata EXIT
[ -f "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar" ] || mvn -o -q -f "$ROOT/bench/pom.xml" package -DskipTests
unpack_strata
# An empty inventory: the fleet is all there is.
sed -i 's/^demo.seed = true/demo.seed = false/' "$HOME_DIR/etc/org.strata.core.cfg"
JAR="$(find "$HOME_DIR/system" -name 'strata-console-*.jar' | head -1)"
[ -n "$JAR" ] || { echo "this distribution has no console bundle" >&2; exit 1; }
if [ -n "${STRATA_DIST:-}" ]; then label="${LABEL:-dist:$(basename "$(dirname "$STRATA_DIST")")}"; else
    label="${LABEL:-$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo run)}"; fi
echo "== console: $HOSTS hosts x $VMS_PER_HOST VMs ($label) =="
start_strata kvm
bench_java -Dconsole.screenshot="${SCREENSHOT:-}" org.strata.bench.ConsoleBench "$(strata_url)" admin "$PW" "$WORK" "$HOSTS" "$VMS_PER_HOST" "${RUNS:-5}" \
    "${SAMPLES:-20}" "$JAR" "$label" "$CSV" "${PROFILE:-no}"
echo "Strata JVM: $(jvm_figures); load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine counts)"
printf 'machine: %s, %s CPUs, %s MiB RAM, %s, %s\n' "$(uname -r)" "$(nproc)" \
    "$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 ))" "$(java -version 2>&1 | head -1)" \
    "$(/usr/bin/chromium --version 2>/dev/null | head -1)"

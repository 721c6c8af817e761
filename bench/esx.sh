#!/usr/bin/env bash
# Issue 5's figures: against a vCenter simulated by govmomi's vcsim (one cluster of 3 hosts, 100 VMs), login plus
# listing every VM through the ESX driver alone and through REST, and VM power on/off through REST against the
# driver alone.
# Usage: bench/esx.sh [runs]   (default 20)
# Needs a built distribution (./strata build), port 8443 free, and Go with govmomi's source (vcsim.sh installs them
# as root).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="$ROOT/assembly/target/strata-assembly-0.1.0-SNAPSHOT.tar.gz"
RUNS="${1:-20}"
PW="bench-$$"
HOME_DIR="$(mktemp -d /tmp/strata-bench.XXXXXX)"
SIM="$ROOT/tools/test-env/vcsim/vcsim.sh"
export STRATA_VCSIM_RUN="$HOME_DIR/vcsim" VCSIM_PASSWORD="bench-vcsim"
trap '"$SIM" stop bench >/dev/null 2>&1 || true; stop_and_remove_strata 2>/dev/null || rm -rf "$HOME_DIR"' EXIT
# shellcheck source-path=SCRIPTDIR
. "$ROOT/bench/lib.sh"
[ -f "$ROOT/bench/target/lib/strata-driver-esx-0.1.0-SNAPSHOT.jar" ] || mvn -o -q -f "$ROOT/bench/pom.xml" package

URL="$("$SIM" start bench -cluster-hosts 3 -standalone-hosts 0 -vms 100 | sed -n 's/^url=//p')"
AUTHORITY="${URL#http://}"; AUTHORITY="${AUTHORITY%/sdk}"

unpack_strata
start_strata esx

bench_java org.strata.bench.EsxOverhead "$(strata_url)" admin "$PW" "$AUTHORITY" "$VCSIM_PASSWORD" "$RUNS"
printf '\nStrata JVM after the run: %s\n' "$(jvm_figures)"

#!/usr/bin/env bash
# Issue 5's figures: against a vCenter simulated by govmomi's vcsim (one cluster of 3 hosts, 100 VMs), login plus
# listing every VM through the ESX driver alone and through REST, and VM power on/off through REST against the
# driver alone.
# Usage: bench/esx.sh [runs]   (default 20)
# Needs a built distribution (./strata build), port 8181 free, and Go with govmomi's source (vcsim.sh installs them
# as root).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="$ROOT/assembly/target/strata-assembly-0.1.0-SNAPSHOT.tar.gz"
RUNS="${1:-20}"
PW="bench-$$"
HOME_DIR="$(mktemp -d /tmp/strata-bench.XXXXXX)"
SIM="$ROOT/tools/test-env/vcsim/vcsim.sh"
export STRATA_VCSIM_RUN="$HOME_DIR/vcsim" VCSIM_PASSWORD="bench-vcsim"
trap '"$SIM" stop bench >/dev/null 2>&1 || true; "$HOME_DIR/bin/stop" >/dev/null 2>&1 || true; rm -rf "$HOME_DIR"' EXIT
[ -f "$DIST" ] || { echo "build first: ./strata build" >&2; exit 1; }
if [ -z "${JAVA_HOME:-}" ]; then JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"; export JAVA_HOME; fi
[ -f "$ROOT/bench/target/lib/strata-driver-esx-0.1.0-SNAPSHOT.jar" ] || mvn -o -q -f "$ROOT/bench/pom.xml" package

URL="$("$SIM" start bench -cluster-hosts 3 -standalone-hosts 0 -vms 100 | sed -n 's/^url=//p')"
AUTHORITY="${URL#http://}"; AUTHORITY="${AUTHORITY%/sdk}"

tar -xzf "$DIST" -C "$HOME_DIR" --strip-components=1
printf 'admin = %s,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembootstrap,ssh\n' "$PW" >>"$HOME_DIR/etc/users.properties"
"$HOME_DIR/bin/start" >/dev/null 2>&1
deadline=$(( $(date +%s) + 120 ))
until curl -fsS -u "admin:$PW" http://127.0.0.1:8181/api/v1/drivers 2>/dev/null | grep -q '"esx"'; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "Strata did not come up" >&2; exit 1; }
    sleep 0.1
done

"$JAVA_HOME/bin/java" -cp "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
    org.strata.bench.EsxOverhead http://127.0.0.1:8181 admin "$PW" "$AUTHORITY" "$VCSIM_PASSWORD" "$RUNS"
pid="$(cat "$HOME_DIR/karaf.pid")"
printf '\nStrata JVM after the run: RSS %s MiB, %s threads\n' \
    "$(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 ))" "$(awk '/Threads/ {print $2}' /proc/$pid/status)"

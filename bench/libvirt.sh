#!/usr/bin/env bash
# Issue 3's figures: Strata's overhead per VM operation (define, start, power off, list) through REST against
# a direct libvirt-java call on the same libvirtd; VMs started per second on libvirt's test driver; the time
# from a virsh change to the REST inventory.
# Usage: bench/libvirt.sh [runs] [test-vms]   (defaults 20 and 200)
# Needs root for the daemon (tools/test-env/libvirtd.sh), a built distribution (./strata build), port 8181 free.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="$ROOT/assembly/target/strata-assembly-0.1.0-SNAPSHOT.tar.gz"
RUNS="${1:-20}"
TEST_VMS="${2:-200}"
PW="bench-$$"
HOME_DIR="$(mktemp -d /tmp/strata-bench.XXXXXX)"
trap '"$HOME_DIR/bin/stop" >/dev/null 2>&1 || true; rm -rf "$HOME_DIR"' EXIT
[ -f "$DIST" ] || { echo "build first: ./strata build" >&2; exit 1; }
if [ -z "${JAVA_HOME:-}" ]; then JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"; export JAVA_HOME; fi
[ -d "$ROOT/bench/target/lib" ] || mvn -o -q -f "$ROOT/bench/pom.xml" package

"$ROOT/tools/test-env/libvirtd.sh" start >/dev/null
URI=qemu:///system

tar -xzf "$DIST" -C "$HOME_DIR" --strip-components=1
printf 'admin = %s,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembootstrap,ssh\n' "$PW" >>"$HOME_DIR/etc/users.properties"
"$HOME_DIR/bin/start" >/dev/null 2>&1
deadline=$(( $(date +%s) + 120 ))
until curl -fsS -u "admin:$PW" http://127.0.0.1:8181/api/v1/drivers 2>/dev/null | grep -q '"kvm"'; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "Strata did not come up" >&2; exit 1; }
    sleep 0.1
done

"$JAVA_HOME/bin/java" -cp "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
    org.strata.bench.LibvirtOverhead http://127.0.0.1:8181 admin "$PW" "$URI" "$RUNS" "$TEST_VMS"
pid="$(cat "$HOME_DIR/karaf.pid")"
printf '\nStrata JVM after the run: RSS %s MiB, %s threads\n' \
    "$(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 ))" "$(awk '/Threads/ {print $2}' /proc/$pid/status)"

#!/usr/bin/env bash
# Issue 3's figures: Strata's overhead per VM operation (define, start, power off, list) through REST against
# a direct libvirt-java call on the same libvirtd; VMs started per second on libvirt's test driver; the time
# from a virsh change to the REST inventory.
# Usage: bench/libvirt.sh [runs] [test-vms]   (defaults 20 and 200)
# Needs root for the daemon (tools/test-env/libvirtd.sh), a built distribution (./strata build), port 8443 free.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="$ROOT/assembly/target/strata-assembly-0.1.0-SNAPSHOT.tar.gz"
RUNS="${1:-20}"
TEST_VMS="${2:-200}"
PW="bench-$$"
HOME_DIR="$(mktemp -d /tmp/strata-bench.XXXXXX)"
trap '"$HOME_DIR/bin/stop" >/dev/null 2>&1 || true; rm -rf "$HOME_DIR"' EXIT
# shellcheck source-path=SCRIPTDIR
. "$ROOT/bench/lib.sh"
[ -d "$ROOT/bench/target/lib" ] || mvn -o -q -f "$ROOT/bench/pom.xml" package

"$ROOT/tools/test-env/libvirtd.sh" start >/dev/null
URI=qemu:///system

unpack_strata
start_strata kvm

bench_java org.strata.bench.LibvirtOverhead "$(strata_url)" admin "$PW" "$URI" "$RUNS" "$TEST_VMS"
printf '\nStrata JVM after the run: %s\n' "$(jvm_figures)"

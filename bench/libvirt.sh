#!/usr/bin/env bash
# Issue 3's figures: Strata's overhead per VM operation (define, start, power off, list) through REST against
# a direct libvirt-java call on the same libvirtd; VMs started per second on libvirt's test driver; the time
# from a virsh change to the REST inventory.
# Usage: bench/libvirt.sh [runs] [test-vms] [warmup] [jit-warmup]   (defaults 20, 200, 30 and 300: warmup is rounds
# of each operation, both ways, on the daemon before the measured ones; jit-warmup is as many cycles of the same
# operations, both ways, on a libvirt test:/// host first, so that both JVMs run compiled code as a server does;
# issue 3's figures had 2 and 0: a JVM's first operations measure its JIT)
# Each direct round is followed (untimed) by a wait until Strata's synchronizer has handled the VM made behind its
# back (imported, followed, forgotten), so that its work does not land in the REST round measured next.
# STRATA_REPOSITORY=postgresql measures with the repository in PostgreSQL (bench/lib.sh).
# Needs root for the daemon (tools/test-env/libvirtd.sh), a built distribution (./strata build), port 8443 free.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="$ROOT/assembly/target/strata-assembly-0.1.0-SNAPSHOT.tar.gz"
RUNS="${1:-20}"
TEST_VMS="${2:-200}"
WARMUP="${3:-30}"
JIT_WARMUP="${4:-300}"
PW="bench-$$"
HOME_DIR="$(mktemp -d /tmp/strata-bench.XXXXXX)"
# The daemon this script starts is stopped on exit (it would otherwise keep any lock its caller took, e.g.
# flock /tmp/strata-itests.lock bench/libvirt.sh); one that was already running is left as it was.
STARTED_LIBVIRTD=""
trap 'stop_and_remove_strata 2>/dev/null || rm -rf "$HOME_DIR"; stop_bench_postgresql 2>/dev/null || true
[ -z "$STARTED_LIBVIRTD" ] || "$ROOT/tools/test-env/libvirtd.sh" stop >/dev/null 2>&1 || true' EXIT
BENCH_OFFERS_POSTGRESQL=yes
# shellcheck source-path=SCRIPTDIR
. "$ROOT/bench/lib.sh"
[ -d "$ROOT/bench/target/lib" ] || mvn -o -q -f "$ROOT/bench/pom.xml" package

if ! "$ROOT/tools/test-env/libvirtd.sh" status >/dev/null 2>&1; then STARTED_LIBVIRTD=yes; fi
"$ROOT/tools/test-env/libvirtd.sh" start >/dev/null
URI=qemu:///system

unpack_strata
start_strata kvm

echo "repository: $(repository_kind)"
bench_java org.strata.bench.LibvirtOverhead "$(strata_url)" admin "$PW" "$URI" "$RUNS" "$TEST_VMS" "$WARMUP" "$JIT_WARMUP"
printf '\nStrata JVM after the run: %s\n' "$(jvm_figures)"

#!/usr/bin/env bash
# The driver's share of the fleet's periodic rounds, without a distribution or a port (RoundCost): HOSTS libvirt
# test:/// hosts written as bench/fleet.sh writes them (20 VMs each, every other one running), opened through the kvm
# driver; each round times the statistics round's calls (hostStats and runningVmStats per host) and the reconcile
# round's (listVms per host), PARALLELISM hosts at a time, and prints wall and process CPU time; the last line is the
# median of the second half of the rounds. JFR=file.jfr records a JFR profile of the run (see docs/performance.md,
# "Issue 16: periodic rounds at 10,000 hosts", for how it was read).
# Needs libvirt0 only. It measures the strata-libvirt jar in bench/target/lib: after changing bundles/libvirt,
# install it (mvn -o -q -pl bundles/libvirt install) and rebuild this module (mvn -q -f bench/pom.xml package).
# Usage: bench/rounds.sh [hosts=500] [vms-per-host=20] [rounds=20] [parallelism=1]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -f "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar" ] || [ ! -f "$ROOT/bench/target/lib/strata-driver-kvm-0.1.0-SNAPSHOT.jar" ]; then
    mvn -q -f "$ROOT/bench/pom.xml" package
fi
"${JAVA_HOME:+$JAVA_HOME/bin/}java" ${JFR:+-XX:StartFlightRecording=filename=$JFR,settings=profile} \
    -cp "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
    org.strata.bench.RoundCost "${1:-500}" "${2:-20}" "${3:-20}" "${4:-1}"

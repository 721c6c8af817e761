#!/usr/bin/env bash
# Heap taken by the monitoring store (MetricsStore) with every series full: VMS VMs x SAMPLES samples each, the
# state the monitor reaches after SAMPLES rounds (360 rounds of 20 s by default: two hours). Prints MiB and bytes a
# sample. Measures the strata-core jar installed in the local Maven repository: install bundles/core after changing
# it, then rebuild this module (mvn -q -f bench/pom.xml package).
# Usage: bench/metrics-memory.sh [VMS] [SAMPLES]      (defaults 20000 360: a fleet of 1,000 hosts x 20 VMs)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VMS="${1:-20000}"
SAMPLES="${2:-360}"
[ -f "$ROOT/bench/target/lib/strata-core-0.1.0-SNAPSHOT.jar" ] || mvn -q -f "$ROOT/bench/pom.xml" package -DskipTests
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx16g -XX:+UseParallelGC \
    -cp "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
    org.strata.bench.MetricsMemory "$VMS" "$SAMPLES"

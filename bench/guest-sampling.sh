#!/usr/bin/env bash
# The guest sampler's cost at a fleet's size: VMS running VMs on HOSTS hosts in core's real H2 repository, their
# guest agents answered by a stand-in session (host name, two addresses, three file systems whose use moves), each
# answer waiting AGENT_MS as a round trip to a QEMU guest agent does (0: the sampler's own cost). Prints the median
# time of ROUNDS rounds and the heap kept per VM once every file system's ring is full (60 uses). Measures the
# strata-core jar installed in the local Maven repository: install bundles/core after changing it, then rebuild this
# module (mvn -q -f bench/pom.xml package).
# Usage: bench/guest-sampling.sh [VMS] [HOSTS] [ROUNDS] [AGENT_MS] [PARALLELISM]   (defaults 1000 50 10 0 2)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -f "$ROOT/bench/target/lib/strata-core-0.1.0-SNAPSHOT.jar" ] || mvn -q -f "$ROOT/bench/pom.xml" package -DskipTests
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx2g -XX:+UseParallelGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
    org.strata.bench.GuestSampling "${1:-1000}" "${2:-50}" "${3:-10}" "${4:-0}" "${5:-2}"

#!/usr/bin/env bash
# The task runner's hand-over (TaskQueueLatency): TASKS tasks queued at once on TARGETS targets, each doing no
# work; prints per round the time to submit them, the time until all are done, and how long a task waited once it
# could start (its predecessor on the same target finished): p50, p90, p99, max. Needs no running Strata, only
# strata-core and strata-repository in the local Maven repository (install them again after changing them).
# Usage: bench/tasks.sh [tasks] [targets] [rounds]   (defaults 1000 100 5; the first rounds warm the JIT up)
# BENCH_NO_BUILD=1 runs the bench module as built (its CI smoke run, TasksSmokeIT, runs inside that build).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -n "${BENCH_NO_BUILD:-}" ] || mvn -q -f "$ROOT/bench/pom.xml" package -DskipTests
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
    org.strata.bench.TaskQueueLatency "$@"

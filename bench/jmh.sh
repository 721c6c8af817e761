#!/usr/bin/env bash
# JMH micro-benchmark of the configuration repository (RepositoryBench): the reads behind the REST lists and the
# synchronizer (VM pages first and deep, one host's VMs, host pages with and without each host's last report, one
# VM by id) over a fresh embedded H2 file database holding HOSTS hosts of 20 VMs each. Each benchmark seeds its own
# database through the repository's public writes; the forked JVM prints how long that took ("Seeded ...").
# Needs no distribution and no running Strata, only strata-repository and strata-api in the local Maven repository:
# it measures the jar last installed there, so install bundles/repository again after changing it, then rebuild this
# module (mvn -q -f bench/pom.xml package) so that target/lib takes the new jar.
# Usage: bench/jmh.sh [hosts] [JMH options...]   (hosts default 1000; a comma list such as 100,1000 runs each)
#        bench/jmh.sh login [JMH options...]     the login guard's cost on a correct login (LoginBench)
#        bench/jmh.sh authenticator [JMH options...]   the web login cache on a hit, and its HMAC (AuthenticatorBench)
#        bench/jmh.sh balance [JMH options...]   one balancing and one consolidation round at 1,000 and 10,000 hosts
#            (BalanceBench; strata-datacenter from the local Maven repository; -p hosts=10000 for one size)
#        bench/jmh.sh placement [JMH options...]   one placement decision (choice, explanation) at 1,000 and 10,000
#            hosts (PlacementBench)
#        bench/jmh.sh admission [JMH options...]   the datacenter layer's admission check of a VM create and a start
#            in a cluster of 100 and 1,000 hosts with 20 VMs each, on embedded H2 (AdmissionBench)
#        bench/jmh.sh ha [JMH options...]   one round of HA's watch over 1,000 and 10,000 hosts, and the lease reads
#            of one suspect host (HaWatchBench; strata-datacenter and strata-repository from the local Maven repository)
#        bench/jmh.sh usage [JMH options...]   the usage report over a year of hourly samples of 100 pools
#            (UsageReportBench; strata-repository and strata-datacenter from the local Maven repository)
#   e.g. bench/jmh.sh 100 -wi 1 -i 1    bench/jmh.sh 1000 -e 'hosts.*' (JMH's -e excludes benchmarks by regex)
# Writes bench/results/jmh-repository-<hosts>.json besides the table JMH prints.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# target/lib may predate JMH (or the security test-jar LoginBench takes its password module from) in this module's
# dependencies: look for them.
if [ ! -f "$ROOT/bench/target/lib/jmh-core-1.37.jar" ] || [ ! -f "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar" ] \
        || [ ! -f "$ROOT/bench/target/lib/strata-security-0.1.0-SNAPSHOT-tests.jar" ] \
        || [ ! -f "$ROOT/bench/target/lib/strata-datacenter-0.1.0-SNAPSHOT.jar" ]; then
    mvn -q -f "$ROOT/bench/pom.xml" package
fi
mkdir -p "$ROOT/bench/results"
if [ "${1:-}" = login ]; then
    shift
    exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
        org.openjdk.jmh.Main LoginBench -rf json -rff "$ROOT/bench/results/jmh-login.json" "$@"
fi
if [ "${1:-}" = authenticator ]; then
    shift
    exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
        org.openjdk.jmh.Main AuthenticatorBench -rf json -rff "$ROOT/bench/results/jmh-authenticator.json" "$@"
fi
if [ "${1:-}" = balance ]; then
    shift
    exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
        org.openjdk.jmh.Main BalanceBench -rf json -rff "$ROOT/bench/results/jmh-balance.json" "$@"
fi
if [ "${1:-}" = admission ]; then
    shift
    exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
        org.openjdk.jmh.Main AdmissionBench -rf json -rff "$ROOT/bench/results/jmh-admission.json" "$@"
fi
if [ "${1:-}" = ha ]; then
    shift
    exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
        org.openjdk.jmh.Main HaWatchBench -rf json -rff "$ROOT/bench/results/jmh-ha.json" "$@"
fi
if [ "${1:-}" = placement ]; then
    shift
    exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
        org.openjdk.jmh.Main PlacementBench -rf json -rff "$ROOT/bench/results/jmh-placement.json" "$@"
fi
if [ "${1:-}" = usage ]; then
    shift
    exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
        org.openjdk.jmh.Main UsageReportBench -rf json -rff "$ROOT/bench/results/jmh-usage.json" "$@"
fi
HOSTS="${1:-1000}"
[ "$#" -eq 0 ] || shift
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
    org.openjdk.jmh.Main RepositoryBench -p "hosts=$HOSTS" \
    -rf json -rff "$ROOT/bench/results/jmh-repository-${HOSTS//,/-}.json" "$@"

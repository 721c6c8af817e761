#!/usr/bin/env bash
# Measures the IPMI driver against ipmitool on simulated BMCs (see IpmiBenchmark). Needs a built module
# (mvn -o -pl drivers/ipmi install) and ipmi_sim + ipmitool.
#   drivers/ipmi/bench/run.sh [BMCS=50] [REPETITIONS=20] [THREADS=16]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
mvn -o -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
exec java -cp "target/classes:target/test-classes:$(cat "$cp_file")" org.strata.driver.ipmi.IpmiBenchmark "$@"

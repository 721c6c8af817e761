#!/usr/bin/env bash
# Where Strata's own time goes for one REST operation of each kind (issue 16's groundwork; docs/performance.md,
# "Profile before issue 16"). A fresh distribution, one client, one operation at a time: a VM list of a host, a VM
# read, then OPS VM defines, starts, power offs and deletes, each kind in a phase with a JFR recording of its own
# (org.strata.bench.OperationProfile), after WARMUP cycles of all of them; every phase also runs once without a
# recording, for CPU (per thread kind, from /proc) and latency. Then:
#   1. the recordings read by org.strata.bench.JfrBreakdown: per operation, the Strata JVM's CPU (from /proc) and
#      its share by cost bucket (logging, repository: H2 commit / SQL / JSON / pool, authentication, event
#      publishing, driver, TLS, REST JSON, CXF, Jetty, task runner ...), the top Strata and leaf frames, the writes
#      to H2's file by the repository call that made them, allocation and GC;
#   2. unless --no-trace, a second fresh distribution whose repository traces every JDBC call to a file
#      (H2 TRACE_LEVEL_FILE=3), TRACE_OPS operations per phase: commits and SQL statements per operation.
#
# Usage: bench/profile.sh [--host demo|test] [--no-trace] [--keep DIR] [OPS] [WARMUP]   (defaults demo, 300, 1000)
#   --host demo   the demo datacenter's demo-host (the demo driver, VMs in memory: the driver costs nothing)
#   --host test   a libvirt test:/// host added with the kvm driver (the fleet benchmark's kind of host)
#   --keep DIR    keep the recordings (PHASE.jfr: `jfr print --events jdk.ExecutionSample DIR/define.jfr`) in DIR
# Environment: STRATA_DIST (the tar.gz to measure; default the one ./strata build made), TRACE_OPS (30),
# STRATA_REPOSITORY (h2, or postgresql: see bench/lib.sh; no H2 trace then),
# PROFILE_RESULT (where to write the results instead; the CI smoke run, ProfileSmokeIT, writes to a temporary folder).
# Writes bench/results/profile-HOST.md (the breakdown and the statement counts); everything else it makes (the
# distributions, recordings unless --keep) is removed on exit. Needs a built distribution, the bench module
# (mvn -o -q -f bench/pom.xml package -DskipTests), jcmd, and port 8443 free: run it under the itests lock on a
# shared machine (flock /tmp/strata-itests.lock bench/profile.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="${STRATA_DIST:-$ROOT/assembly/target/strata-assembly-0.1.0-SNAPSHOT.tar.gz}"
HOST=demo
TRACE=yes
KEEP=""
ARGS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --host) HOST="$2"; shift 2 ;;
        --no-trace) TRACE=no; shift ;;
        --keep) KEEP="$2"; shift 2 ;;
        -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) [[ "$1" =~ ^[0-9]+$ ]] || { echo "bad argument '$1'" >&2; exit 2; }; ARGS+=("$1"); shift ;;
    esac
done
[ "$HOST" = demo ] || [ "$HOST" = test ] || { echo "--host is demo or test" >&2; exit 2; }
OPS="${ARGS[0]:-300}"
WARMUP="${ARGS[1]:-1000}"
TRACE_OPS="${TRACE_OPS:-30}"
command -v jcmd >/dev/null || { echo "profile.sh needs jcmd (Debian: openjdk-17-jdk-headless)" >&2; exit 1; }
PW="bench-$$"
WORK="$(mktemp -d /tmp/strata-profile.XXXXXX)"
HOME_DIR=""
stop_strata() {
    [ -n "$HOME_DIR" ] || return 0
    local pid; pid="$(cat "$HOME_DIR/karaf.pid" 2>/dev/null || true)"
    "$HOME_DIR/bin/stop" >/dev/null 2>&1 || true
    while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    rm -rf "$HOME_DIR"; HOME_DIR=""
}
trap 'stop_strata; rm -rf "$WORK"; stop_bench_postgresql 2>/dev/null || true' EXIT
BENCH_OFFERS_POSTGRESQL=yes
# shellcheck source-path=SCRIPTDIR
. "$ROOT/bench/lib.sh"
[ -f "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar" ] || mvn -o -q -f "$ROOT/bench/pom.xml" package -DskipTests
RESULT="${PROFILE_RESULT:-$ROOT/bench/results/profile-$HOST.md}"
mkdir -p "$(dirname "$RESULT")" "$WORK/jfr"
DRIVER=demo; [ "$HOST" = demo ] || DRIVER=kvm

# JFR's "profile" settings with Java samples every millisecond (10 ms there: too few for operations of a few
# milliseconds) and every write and force of a file recorded with its stack (H2's commits show as writes).
sed -e '/<event name="jdk.ExecutionSample">/,/<\/event>/ s|<setting name="period"[^>]*>[^<]*<|<setting name="period">1 ms<|' \
    -e '/<event name="jdk.File\(Write\|Force\)">/,/<\/event>/ s|<setting name="threshold"[^>]*>[^<]*<|<setting name="threshold">0 ms<|' \
    "$JAVA_HOME/lib/jfr/profile.jfc" >"$WORK/profile.jfc"

# Deep stacks (Jetty, CXF, then Strata) would be cut at JFR's default 64 frames, losing who called.
export EXTRA_JAVA_OPTS="${EXTRA_JAVA_OPTS:-} -XX:FlightRecorderOptions=stackdepth=512"

echo "== profile: $HOST host, $OPS operations per phase after $WARMUP warm-up cycles, repository $(repository_kind) =="
HOME_DIR="$(mktemp -d /tmp/strata-profile-home.XXXXXX)"
unpack_strata
start_strata demo "$DRIVER"
bench_java org.strata.bench.OperationProfile "$(strata_url)" admin "$PW" "$(cat "$HOME_DIR/karaf.pid")" "$OPS" "$WARMUP" \
    "$WORK/jfr" "$WORK/profile.jfc" "$HOST"
printf '\nStrata JVM after the run: %s\n' "$(jvm_figures)"
stop_strata
{
    printf '# Profile of REST operations on a %s host (bench/profile.sh, %s)\n\n' "$HOST" "$(date -u +%F)"
    printf 'Machine: %s CPUs, %s; %d operations per phase after %d warm-up cycles, one client.\n\n' "$(nproc)" \
        "$(java -version 2>&1 | head -1)" "$OPS" "$WARMUP"
    printf '```\n'; cat "$WORK/jfr/phases.tsv"; printf '```\n\nCPU per operation by thread kind (/proc/PID/task):\n\n```\n'
    cat "$WORK/jfr/threads.tsv"; printf '```\n'
} >"$RESULT"
bench_java org.strata.bench.JfrBreakdown "$WORK/jfr" >/dev/null
cat "$WORK/jfr/breakdown.md" >>"$RESULT"
[ -z "$KEEP" ] || { mkdir -p "$KEEP"; cp "$WORK"/jfr/*.jfr "$WORK"/jfr/*.tsv "$KEEP/"; }

# The trace is H2's own: on PostgreSQL the profile runs without it.
[ "${STRATA_REPOSITORY:-h2}" = h2 ] || TRACE=no
if [ "$TRACE" = yes ]; then
    echo
    echo "== H2 statements and commits per operation ($TRACE_OPS per phase, repository traced) =="
    HOME_DIR="$(mktemp -d /tmp/strata-profile-home.XXXXXX)"
    unpack_strata
    # The distribution's own URL with H2's file trace at its most detailed (every JDBC call and statement).
    printf '%s\n' 'url = jdbc:h2:file:${karaf.data}/strata/repository;WRITE_DELAY=0;TRACE_LEVEL_FILE=3;TRACE_MAX_FILE_SIZE=4000' \
        >>"$HOME_DIR/etc/org.strata.repository.cfg"
    start_strata demo "$DRIVER"
    mkdir -p "$WORK/trace"
    bench_java org.strata.bench.OperationProfile "$(strata_url)" admin "$PW" "$(cat "$HOME_DIR/karaf.pid")" "$TRACE_OPS" 5 \
        "$WORK/trace" none "$HOST" "$HOME_DIR/data/strata/repository.trace.db"
    [ -z "$KEEP" ] || cp "$HOME_DIR/data/strata/repository.trace.db" "$WORK/trace/statements.tsv" "$KEEP/"
    stop_strata
    { printf '\n### H2 statements per operation (TRACE_LEVEL_FILE=3, %d per phase; background rounds included)\n\n```\n' "$TRACE_OPS"
      cat "$WORK/trace/statements.tsv"; printf '```\n'; } >>"$RESULT"
fi
echo
echo "written: $RESULT"

#!/usr/bin/env bash
# REST under many concurrent clients, and what a login costs (issue 14): a fresh distribution, wrk on the same
# machine with 200 connections (2 threads) for 30 s on three reads (drivers: no database; one host by id; a page of
# datacenters), then the cost of a correct login: the first request of each of 20 users (a JAAS login: the login
# guard and bcrypt) against the same request answered from the 10 s login cache.
# Usage: bench/http.sh [--http] [--smoke] [connections=200] [seconds=30]   (needs ./strata build, port 8443 free,
# wrk and curl)
# STRATA_DIST picks another distribution; with --http it is one from before HTTPS, on 8181.
# --smoke: 8 connections, 2 s per read after 1 s of warm-up, 3 users: checks that the harness works (CI's
# HttpSmokeIT), says nothing about speed.
# HTTP_JFR=DIR (with jcmd): a JFR recording of each measured read in DIR (READ.jfr, Java samples every 10 ms, deep
# stacks), and the Strata JVM's CPU per thread kind during each read in DIR/READ-threads.tsv.
# Appends a row per read to bench/results/http.csv (HTTP_CSV names another file).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SMOKE=no
while [ $# -gt 0 ]; do
    case "$1" in
        --http) export STRATA_SCHEME=http; shift ;;
        --smoke) SMOKE=yes; shift ;;
        *) break ;;
    esac
done
if [ "$SMOKE" = yes ]; then CONNECTIONS="${1:-8}"; DURATION="${2:-2}"; WARMUP=1; USERS=3; else
    CONNECTIONS="${1:-200}"; DURATION="${2:-30}"; WARMUP=20; USERS=20; fi
JFR_DIR="${HTTP_JFR:-}"
if [ -n "$JFR_DIR" ]; then
    command -v jcmd >/dev/null || { echo "HTTP_JFR needs jcmd (Debian: openjdk-17-jdk-headless)" >&2; exit 1; }
    mkdir -p "$JFR_DIR"; JFR_DIR="$(cd "$JFR_DIR" && pwd)"
    # Jetty, CXF and then Strata make stacks deeper than JFR's default 64 frames.
    export EXTRA_JAVA_OPTS="${EXTRA_JAVA_OPTS:-} -XX:FlightRecorderOptions=stackdepth=512"
fi
DIST="${STRATA_DIST:-$ROOT/assembly/target/strata-assembly-0.1.0-SNAPSHOT.tar.gz}"
PW="bench-$$"
HOME_DIR="$(mktemp -d /tmp/strata-http.XXXXXX)"
stop() {
    local pid; pid="$(cat "$HOME_DIR/karaf.pid" 2>/dev/null || true)"
    "$HOME_DIR/bin/stop" >/dev/null 2>&1 || true
    while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
    rm -rf "$HOME_DIR"
}
trap stop EXIT
for tool in wrk curl; do command -v "$tool" >/dev/null || { echo "http.sh needs $tool (Debian: apt-get install $tool)" >&2; exit 1; }; done
# shellcheck source-path=SCRIPTDIR
. "$ROOT/bench/lib.sh"
unpack_strata
for i in $(seq 1 "$USERS"); do printf 'user%s = pass-%s,viewer\n' "$i" "$i" >>"$HOME_DIR/etc/users.properties"; done
start_strata demo
URL="$(strata_url)/api/v1"
AUTH="Authorization: Basic $(printf 'admin:%s' "$PW" | base64 -w0)"
HOST_ID="$(scurl -fsS -u "admin:$PW" "$URL/hosts" | sed -n 's/.*"id":"\([^"]*\)","name":"demo-host".*/\1/p')"
# The commit of the checkout, or the distribution named by STRATA_DIST (its build is not known from here).
if [ -n "${STRATA_DIST:-}" ]; then commit="dist:$(basename "$(dirname "$STRATA_DIST")")"; else
    commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"; fi
CSV="${HTTP_CSV:-$ROOT/bench/results/http.csv}"
[ -f "$CSV" ] || echo "date,commit,scheme,read,connections,seconds,requests_per_s,p50_ms,p90_ms,p99_ms,errors" >"$CSV"

ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 } else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 } else print v }'; }
[ -n "$HOST_ID" ] || { echo "the demo host was not found" >&2; exit 1; }
PID="$(cat "$HOME_DIR/karaf.pid")"
# CPU ticks of the Strata JVM's threads by kind (the name without its digits): "kind ticks" lines.
thread_ticks() {
    local t
    for t in /proc/"$PID"/task/*; do
        awk '{ s = $0; sub(/^[^(]*\(/, "", s); name = s; sub(/\).*$/, "", name); sub(/^.*\) /, "", s);
               split(s, f, " "); gsub(/[0-9]+/, "N", name); gsub(/ /, "_", name); print name, f[12] + f[13] }' \
            "$t/stat" 2>/dev/null || true
    done | awk '{ a[$1] += $2 } END { for (k in a) print k, a[k] }' | sort
}
echo "wrk: $CONNECTIONS connections, 2 threads, ${DURATION} s each; $(nproc) CPUs shared with Strata"
# Warm-up at full concurrency first: the JIT, the TLS sessions, the login cache. A shorter one measured the JIT.
for target in "$URL/drivers" "$URL/hosts/$HOST_ID" "$URL/datacenters?limit=50"; do
    wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -H "$AUTH" "$target" >/dev/null 2>&1 || true
done
for read in "drivers:$URL/drivers" "host:$URL/hosts/$HOST_ID" "datacenters:$URL/datacenters?limit=50"; do
    name="${read%%:*}"; target="${read#*:}"
    if [ -n "$JFR_DIR" ]; then
        thread_ticks >"$JFR_DIR/$name-before.tsv"
        jcmd "$PID" JFR.start name="$name" settings=profile filename="$JFR_DIR/$name.jfr" >/dev/null
    fi
    out="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "$AUTH" "$target")"
    if [ -n "$JFR_DIR" ]; then
        jcmd "$PID" JFR.stop name="$name" >/dev/null
        thread_ticks | join -a2 -e0 -o '0,1.2,2.2' "$JFR_DIR/$name-before.tsv" - \
            | awk '{ print $1 "\t" $3 - $2 }' | sort -t$'\t' -k2 -nr >"$JFR_DIR/$name-threads.tsv"
        rm "$JFR_DIR/$name-before.tsv"
    fi
    rps="$(printf '%s\n' "$out" | awk '/Requests\/sec/ {print $2}')"
    p50="$(ms "$(printf '%s\n' "$out" | awk '$1 == "50%" {print $2}')")"
    p90="$(ms "$(printf '%s\n' "$out" | awk '$1 == "90%" {print $2}')")"
    p99="$(ms "$(printf '%s\n' "$out" | awk '$1 == "99%" {print $2}')")"
    errors="$(printf '%s\n' "$out" | awk '/Non-2xx|Socket errors/ {sub(/^ +/, ""); printf "%s; ", $0}')"
    printf '%-12s %8s req/s  p50 %6s ms  p90 %6s ms  p99 %6s ms  %s\n' "$name" "$rps" "$p50" "$p90" "$p99" "$errors"
    echo "$(date -u +%FT%TZ),$commit,${STRATA_SCHEME:-https},$name,$CONNECTIONS,$DURATION,$rps,$p50,$p90,$p99,\"$errors\"" >>"$CSV"
done
echo "JVM: $(jvm_figures)"

# A correct login: the first request of a user is checked by the realm (guard, bcrypt, audit, event); the next
# ones within 10 s are answered from the login cache.
first=(); cached=()
for i in $(seq 1 "$USERS"); do
    first+=("$(scurl -s -o /dev/null -w '%{time_starttransfer}' -u "user$i:pass-$i" "$URL/drivers")")
    cached+=("$(scurl -s -o /dev/null -w '%{time_starttransfer}' -u "user$i:pass-$i" "$URL/drivers")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)] * 1000}'; }
echo "a correct login over REST (time to first byte, median of $USERS users, one new connection each):"
echo "  checked by the realm: $(median "${first[@]}") ms; from the login cache: $(median "${cached[@]}") ms"

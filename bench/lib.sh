# What the whole-system benchmarks share: a fresh distribution in a folder of their own, started, and the
# figures of its JVM. Sourced, not run; the caller sets ROOT, DIST, PW and HOME_DIR.
# shellcheck shell=bash

if [ -z "${JAVA_HOME:-}" ]; then JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"; export JAVA_HOME; fi
[ -f "$DIST" ] || { echo "build first: ./strata build" >&2; exit 1; }

# STRATA_REPOSITORY=postgresql puts the repository of every distribution a benchmark unpacks in PostgreSQL (Debian's
# package; the production store) instead of the embedded H2: one cluster of the benchmark's own on 127.0.0.1:
# BENCH_PG_PORT (55433) with PostgreSQL's defaults (fsync and synchronous commit on, as in production), and a new
# database per distribution. Scripts that offer it set BENCH_OFFERS_POSTGRESQL=yes and stop it on exit with
# stop_bench_postgresql.
# shellcheck source=../tools/test-env/postgresql.sh
. "$ROOT/tools/test-env/postgresql.sh"
BENCH_PG_DATABASES=0
repository_kind() { printf '%s' "${STRATA_REPOSITORY:-h2}"; }
use_bench_repository() {
    case "$(repository_kind)" in
        h2) return 0 ;;
        postgresql) [ "${BENCH_OFFERS_POSTGRESQL:-}" = yes ] || { echo "$(basename "$0") runs on H2 only" >&2; exit 2; } ;;
        *) echo "STRATA_REPOSITORY is h2 or postgresql, not '$(repository_kind)'" >&2; exit 2 ;;
    esac
    if [ -z "$PG_DIR" ]; then
        pg_start "${BENCH_PG_PORT:-55433}" on || { echo "STRATA_REPOSITORY=postgresql needs PostgreSQL (Debian: apt-get install postgresql)" >&2; exit 1; }
    fi
    BENCH_PG_DATABASES=$((BENCH_PG_DATABASES + 1))
    printf 'url = %s\n' "$(pg_create_db "strata_bench_$BENCH_PG_DATABASES")" >>"$HOME_DIR/etc/org.strata.repository.cfg"
}
stop_bench_postgresql() { pg_stop; }

# Unpacks the distribution into HOME_DIR with the user admin/PW; the caller may add configuration before starting.
unpack_strata() {
    tar -xzf "$DIST" -C "$HOME_DIR" --strip-components=1
    printf 'admin = %s,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembootstrap,ssh\n' "$PW" \
        >>"$HOME_DIR/etc/users.properties"
    use_bench_repository
}

# Where the Strata of HOME_DIR answers: HTTPS on HTTPS_PORT (8443), with the certificate it made at its first start.
# STRATA_SCHEME=http with HTTP_PORT (8181) is for distributions from before HTTPS (bench/fuzz.sh --http).
strata_url() {
    if [ "${STRATA_SCHEME:-https}" = http ]; then
        printf 'http://127.0.0.1:%s' "${HTTP_PORT:-8181}"
    else
        printf 'https://127.0.0.1:%s' "${HTTPS_PORT:-8443}"
    fi
}

# curl trusting the installation's own certificate.
scurl() {
    if [ -f "$HOME_DIR/etc/strata-tls.crt" ]; then curl --cacert "$HOME_DIR/etc/strata-tls.crt" "$@"; else curl "$@"; fi
}

# Starts it and waits (120 s at most) until it is ready and REST lists every driver named (DRIVER_ID...).
start_strata() {
    local driver deadline
    "$HOME_DIR/bin/start" >/dev/null 2>&1
    deadline=$(( $(date +%s) + 120 ))
    for driver in "$@"; do
        until scurl -fsS -u "admin:$PW" "$(strata_url)/api/v1/drivers" 2>/dev/null | grep -q "\"$driver\""; do
            [ "$(date +%s)" -lt "$deadline" ] || { echo "Strata did not come up" >&2; exit 1; }
            sleep 0.1
        done
    done
}

# Stops the Strata of HOME_DIR, waits for its JVM to end (a minute at most, then kills it: only that JVM) and removes
# HOME_DIR. bin/stop only asks: removing the folder before the JVM has ended left it writing a new data/ there.
stop_and_remove_strata() {
    [ -n "${HOME_DIR:-}" ] && [ -d "$HOME_DIR" ] || return 0
    local pid waited=0
    pid="$(cat "$HOME_DIR/karaf.pid" 2>/dev/null || true)"
    "$HOME_DIR/bin/stop" >/dev/null 2>&1 || true
    while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do
        sleep 0.2
        waited=$((waited + 1))
        [ "$waited" -lt 300 ] || { kill -9 "$pid" 2>/dev/null || true; }
    done
    rm -rf "$HOME_DIR"
}

# The benchmark programs of bench/src, with their libraries; they trust the installation's certificate.
bench_java() {
    "$JAVA_HOME/bin/java" -Dstrata.cacert="$HOME_DIR/etc/strata-tls.crt" \
        -cp "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" "$@"
}

# "RSS N MiB, T threads" of the running Strata JVM.
jvm_figures() {
    local pid
    pid="$(cat "$HOME_DIR/karaf.pid")"
    printf 'RSS %s MiB, %s threads' "$(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 ))" \
        "$(awk '/Threads/ {print $2}' "/proc/$pid/status")"
}

# A PostgreSQL cluster of its own, in a temporary folder on 127.0.0.1, for the tests (./strata test) and the
# benchmarks (bench/lib.sh, STRATA_REPOSITORY=postgresql). Sourced, not run. Needs Debian's postgresql package.
#   pg_start PORT FSYNC   starts it (FSYNC on: PostgreSQL's defaults, as in production; off: for tests) and creates
#                         the role strata (password strata); sets PG_DIR. Returns 1 when PostgreSQL is not installed.
#   pg_create_db NAME     a database owned by strata; prints its JDBC URL
#   pg_stop               stops it and removes its folder (safe to call when nothing was started)
# shellcheck shell=bash

PG_DIR=""
PG_RUN_PORT=""
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
# The server refuses to run as root: as root, its commands run as the postgres user Debian's package made.
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

pg_start() {
    local port="$1" fsync="$2" bin
    bin="$(pg_bin)"
    [ -n "$bin" ] || return 1
    # Outside any checkout: the postgres user must reach it, whatever the checkout's permissions.
    PG_DIR="$(mktemp -d /tmp/strata-pg.XXXXXX)"
    PG_RUN_PORT="$port"
    [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
    as_pg "'$bin/initdb' -D '$PG_DIR/data' -A trust -U postgres >'$PG_DIR/initdb.log' 2>&1"
    as_pg "'$bin/pg_ctl' -D '$PG_DIR/data' -l '$PG_DIR/server.log' -w \
        -o \"-p $port -k '$PG_DIR' -c listen_addresses=127.0.0.1 -c fsync=$fsync\" start >/dev/null"
    as_pg "'$bin/psql' -h 127.0.0.1 -p $port -U postgres -qc \"create user strata password 'strata'\""
}

pg_create_db() {
    as_pg "'$(pg_bin)/psql' -h 127.0.0.1 -p $PG_RUN_PORT -U postgres -qc 'create database $1 owner strata'"
    printf 'jdbc:postgresql://127.0.0.1:%s/%s?user=strata&password=strata\n' "$PG_RUN_PORT" "$1"
}

pg_stop() {
    local bin
    bin="$(pg_bin)"
    [ -n "$bin" ] && [ -n "$PG_DIR" ] && [ -f "$PG_DIR/data/postmaster.pid" ] &&
        as_pg "'$bin/pg_ctl' -D '$PG_DIR/data' -m fast stop >/dev/null" || true
    [ -n "$PG_DIR" ] && rm -rf "$PG_DIR" || true
    PG_DIR=""
}

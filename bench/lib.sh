# What the whole-system benchmarks share: a fresh distribution in a folder of their own, started, and the
# figures of its JVM. Sourced, not run; the caller sets ROOT, DIST, PW and HOME_DIR.
# shellcheck shell=bash

if [ -z "${JAVA_HOME:-}" ]; then JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"; export JAVA_HOME; fi
[ -f "$DIST" ] || { echo "build first: ./strata build" >&2; exit 1; }

# Unpacks the distribution into HOME_DIR with the user admin/PW; the caller may add configuration before starting.
unpack_strata() {
    tar -xzf "$DIST" -C "$HOME_DIR" --strip-components=1
    printf 'admin = %s,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembootstrap,ssh\n' "$PW" \
        >>"$HOME_DIR/etc/users.properties"
}

# Starts it and waits (120 s at most) until REST lists every driver named (DRIVER_ID...): REST answers before
# drivers bind. HTTP_PORT is the port the caller gave it (8181 unless it changed etc/org.ops4j.pax.web.cfg).
start_strata() {
    local driver deadline
    "$HOME_DIR/bin/start" >/dev/null 2>&1
    deadline=$(( $(date +%s) + 120 ))
    for driver in "$@"; do
        until curl -fsS -u "admin:$PW" "http://127.0.0.1:${HTTP_PORT:-8181}/api/v1/drivers" 2>/dev/null | grep -q "\"$driver\""; do
            [ "$(date +%s)" -lt "$deadline" ] || { echo "Strata did not come up" >&2; exit 1; }
            sleep 0.1
        done
    done
}

# The benchmark programs of bench/src, with their libraries.
bench_java() {
    "$JAVA_HOME/bin/java" -cp "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" "$@"
}

# "RSS N MiB, T threads" of the running Strata JVM.
jvm_figures() {
    local pid
    pid="$(cat "$HOME_DIR/karaf.pid")"
    printf 'RSS %s MiB, %s threads' "$(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 ))" \
        "$(awk '/Threads/ {print $2}' "/proc/$pid/status")"
}

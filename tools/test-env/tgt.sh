#!/usr/bin/env bash
# A private iSCSI target (tgt's user-space tgtd) for the iscsi storage driver's tests. See README.md, "An iSCSI target".
#
#   tools/test-env/tgt.sh start [NAME]    start a tgtd of its own on 127.0.0.1 and a free port, with a temporary
#                                         backing folder, wait until it answers, print KEY=VALUE lines for the tests
#   tools/test-env/tgt.sh stop [NAME]     stop it (its targets first) and remove its folder; safe to call twice
#   tools/test-env/tgt.sh status [NAME]   print the KEY=VALUE lines and exit 0 when it answers, else exit 1
#
# NAME (default "default"; lower-case letters, digits, '-') tells instances apart: each has its own portal port,
# control port (the same number) and folder /tmp/strata-tgt-NAME. The machine's own tgtd (control port 0, portal
# 3260) is never touched. TEST ONLY: targets made by the driver are open to every initiator (ACL ALL), without CHAP.
#
# STRATA_TEST_STORAGE_ADDRESSES=127.0.0.1,10.77.0.1 (start): also serve on 10.77.0.1, the peer's veth, same port, so
# that QEMU on both libvirt daemons opens a LUN under one URL (live migration); start adds the portal to a running
# instance too. Prints STRATA_TEST_ISCSI_PORTALS and STRATA_TEST_ISCSI_INITIATORS (the ACL a target needs to admit
# the clients of every portal) as well.
set -euo pipefail

SCRIPT_NAME="tgt.sh"
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NAME="${2:-default}"
[[ "$NAME" =~ ^[a-z0-9][a-z0-9-]{0,40}$ ]] || die "NAME must be lower-case letters, digits and '-': $NAME"
DIR="/tmp/strata-tgt-$NAME"
PID_FILE="$DIR/tgtd.pid"
PORT_FILE="$DIR/port"
# The subnets admitted through the extra portals, one a line (storage_addresses): what the ACL line prints.
CLIENTS_FILE="$DIR/clients"

port() { cat "$PORT_FILE" 2>/dev/null || true; }

running() { pid_alive "$PID_FILE" tgtd && proc_alive "$(pid_of "$PID_FILE")"; }

answers_tgt() {
    timeout 5 tgtadm -C "$1" --lld iscsi --mode portal --op show 2>/dev/null | grep -q "^Portal: 127.0.0.1:$1,"
}

# The portals tgtd really listens on, as tgtadm lists them ("127.0.0.1:PORT" first).
portals() {
    timeout 5 tgtadm -C "$1" --lld iscsi --mode portal --op show 2>/dev/null | sed -n 's/^Portal: \(.*\),[0-9]*$/\1/p'
}

print_lines() {
    local p extra
    p="$(port)"
    echo "STRATA_TEST_ISCSI_ADDRESS=iscsi://127.0.0.1:$p/?control=$p&dir=$DIR/backing&pool=iqn.2026-12.org.strata.test:$NAME"
    echo "STRATA_TEST_ISCSI_PORTAL=127.0.0.1:$p"
    echo "STRATA_TEST_ISCSI_CONTROL=$p"
    echo "STRATA_TEST_ISCSI_DIR=$DIR/backing"
    extra="$(portals "$p" | grep -v "^127\.0\.0\.1:" || true)"
    if [ -n "$extra" ]; then
        echo "STRATA_TEST_ISCSI_PORTALS=$( (echo "127.0.0.1:$p"; echo "$extra") | paste -sd,)"
        echo "STRATA_TEST_ISCSI_INITIATORS=$( (echo 127.0.0.1; sort -u "$CLIENTS_FILE" 2>/dev/null) | paste -sd,)"
    fi
}

# Adds a portal on each extra address (same port) that tgtd does not listen on yet, and records its subnet.
add_portals() {
    local p="$1" extras a net
    extras="$(storage_addresses)" || exit 1
    [ -n "$extras" ] || return 0
    while read -r a net; do
        if ! portals "$p" | grep -qx "$a:$p"; then
            timeout 5 tgtadm -C "$p" --lld iscsi --mode portal --op new --param "portal=$a:$p" >/dev/null ||
                die "tgtd on control port $p could not add portal $a:$p; see $DIR/tgtd.log"
        fi
        grep -qx "$net" "$CLIENTS_FILE" 2>/dev/null || echo "$net" >>"$CLIENTS_FILE"
    done <<<"$extras"
}

# A port free both as a TCP port (20000-32699: tgtd refuses control ports above 32767) on 127.0.0.1 and as a tgtd control socket (tgtd locks /run/tgtd/socket.N.lock).
free_port() {
    local p i
    for i in $(seq 1 50); do
        p=$((20000 + RANDOM % 12700)) # tgtd takes control ports up to 32767 only
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
        [ -e "/run/tgtd/socket.$p.lock" ] && ! flock -n "/run/tgtd/socket.$p.lock" true 2>/dev/null && continue
        echo "$p"
        return 0
    done
    return 1
}

start() {
    storage_addresses >/dev/null || exit 1
    if running && answers_tgt "$(port)"; then
        add_portals "$(port)"
        print_lines
        return 0
    fi
    is_root || die "tgtd for the tests is started as root: sudo $0 start $NAME"
    command -v tgtd >/dev/null && command -v tgtadm >/dev/null || install_packages tgt
    stop_quietly
    mkdir -p "$DIR/backing"
    chmod 700 "$DIR"
    local p pid
    p="$(free_port)" || die "no free port found for tgtd"
    echo "$p" >"$PORT_FILE"
    # tgtd keeps its control socket in /run/tgtd; a stale socket of a dead tgtd with the same number is in the way.
    mkdir -p /run/tgtd
    rm -f "/run/tgtd/socket.$p" "/run/tgtd/socket.$p.lock"
    # -f: in the foreground of its own session (setsid), so its pid is the one to stop; it logs to stderr.
    setsid tgtd -f --iscsi "portal=127.0.0.1:$p" -C "$p" </dev/null >"$DIR/tgtd.log" 2>&1 &
    pid=$!
    echo "$pid" >"$PID_FILE"
    wait_until 10 tgt_up_or_gone "$p" "$pid" || die "tgtd does not answer on control port $p after 10 s; see $DIR/tgtd.log"
    proc_alive "$pid" || die "tgtd exited at once; see $DIR/tgtd.log"
    add_portals "$p"
    print_lines
}

tgt_up_or_gone() { answers_tgt "$1" || ! proc_alive "$2"; }

# tgtd ignores TERM while it has targets: remove them (forced, sessions included), then ask it to exit.
stop_quietly() {
    local p pid tid
    p="$(port)"
    if running && [ -n "$p" ]; then
        pid="$(pid_of "$PID_FILE")"
        for tid in $(timeout 5 tgtadm -C "$p" --lld iscsi --mode target --op show 2>/dev/null |
            sed -n 's/^Target \([0-9]*\):.*/\1/p'); do
            timeout 5 tgtadm -C "$p" --lld iscsi --mode target --op delete --force --tid "$tid" >/dev/null 2>&1 || true
        done
        timeout 5 tgtadm -C "$p" --mode system --op delete >/dev/null 2>&1 || true
        end_pids "$pid"
    fi
    if [ -n "$p" ]; then
        rm -f "/run/tgtd/socket.$p" "/run/tgtd/socket.$p.lock"
    fi
    rm -rf "$DIR"
}

stop() {
    stop_quietly
    say "stopped; $DIR removed"
}

status() {
    if running && answers_tgt "$(port)"; then
        print_lines
    else
        say "no test tgtd '$NAME' answers"
        return 1
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

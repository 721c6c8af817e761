#!/usr/bin/env bash
# The machine's own libvirtd with QEMU (qemu:///system) for Strata's end-to-end tests. See README.md.
#
#   tools/test-env/libvirtd.sh start    install what is missing (as root), start virtlogd and libvirtd unless
#                                       they already run, wait until qemu:///system answers, print the URI
#   tools/test-env/libvirtd.sh stop     stop the daemons this script started; daemons started otherwise stay
#   tools/test-env/libvirtd.sh status   print the URI and exit 0 when qemu:///system answers, else exit 1
#
# Works without systemd (CI machines and containers have none). Idempotent: daemons already running, whoever
# started them, are used as they are.
set -euo pipefail

SCRIPT_NAME="libvirtd.sh"
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

URI="qemu:///system"
# The daemons' default pid files, so that daemons started by hand (`libvirtd -d`) are recognised as well
# (this script's libvirtd writes no pid file there: see start_libvirtd).
LIBVIRTD_PID=/run/libvirtd.pid
VIRTLOGD_PID=/run/virtlogd.pid
# Pids of the daemons this script started; only those are stopped by `stop`.
STARTED="$TEST_ENV_STATE/libvirtd.started"

start() {
    if answers "$URI" && pid_alive "$VIRTLOGD_PID" virtlogd; then
        fix_dev_kvm
        # A libvirtd started before lockd was configured (or whose virtlockd died: a new virtlockd does not know
        # the lockspaces libvirtd registered) starts no VM with a lease; restarting it here would end its VMs.
        lockd_runs ||
            say "warning: this libvirtd has no virtlockd beside it: VM leases (KvmLeaseEndToEndTest) fail until" \
                "it is restarted with lockd: $0 stop; $0 start (as root; stop ends its VMs)"
        echo "$URI"
        return 0
    fi
    if ! is_root; then
        if answers "$URI"; then
            say "warning: virtlogd does not run; VMs will not start until root runs: $0 start"
            echo "$URI"
            return 0
        fi
        command -v libvirtd >/dev/null || ensure_libvirt_packages
        # Debian lets group libvirt in through polkit, which needs D-Bus.
        [ -S /run/libvirt/libvirt-sock ] && die "libvirtd runs, but user $(id -un) may not use $URI" \
            "($(timeout 10 virsh -c "$URI" uri 2>&1 | grep -v '^error: failed to connect' | head -n 1));" \
            "add it to group libvirt (sudo adduser $(id -un) libvirt) on a machine with D-Bus and polkit"
        die "libvirtd does not answer on $URI; start it as root: sudo $0 start"
    fi
    ensure_libvirt_packages
    fix_dev_kvm
    mkdir -p "$TEST_ENV_STATE"
    # libvirtd hands QEMU's console output to virtlogd: without it no VM starts.
    if ! pid_alive "$VIRTLOGD_PID" virtlogd; then
        /usr/sbin/virtlogd -d -p "$VIRTLOGD_PID"
        wait_until 10 pid_alive "$VIRTLOGD_PID" virtlogd ||
            die "virtlogd did not start; see /var/log/libvirt/virtlogd.log"
        echo "virtlogd $(pid_of "$VIRTLOGD_PID")" >>"$STARTED"
    fi
    lease_dir_make
    if ! answers "$URI"; then
        if pid_alive "$LIBVIRTD_PID" libvirtd; then
            say "libvirtd $(pid_of "$LIBVIRTD_PID") runs but does not answer yet; waiting for it"
        else
            start_libvirtd
        fi
    fi
    wait_until 30 answers "$URI" ||
        die "libvirtd does not answer on $URI after 30 s; see /var/log/libvirt/libvirtd.log"
    prewarm "$URI"
    echo "$URI"
}

# libvirtd runs in a pid namespace of its own, as the child of a bash that is the namespace's pid 1 and reaps
# every orphan at once. Why: QEMU daemonizes, so its zombie goes to pid 1, and libvirt waits for the zombie to
# vanish before it calls a VM stopped. Some inits (this sandbox's, for one) reap only every second or two: each `virsh destroy`
# then took 1.4-1.9 s instead of about 0.1 s, and the first QEMU capability probe (4 throwaway QEMUs) 8 s.
# Side effect: stopping this libvirtd ends its VMs as well (the namespace dies with its pid 1).
start_libvirtd() {
    local wrapper
    mkdir -p /var/log/libvirt
    # The mount namespace exists only to give the pid namespace its own /proc; `slave` keeps this machine's
    # later mounts visible to libvirtd while nothing mounted inside leaks out. The pid file holds a pid of the
    # namespace, so it must not be /run/libvirtd.pid, which names processes as seen from here. setsid: a Ctrl-C
    # meant for the caller (./strata test) must not reach the daemon; the caller stops it.
    # The same mount namespace gives this libvirtd lockd (lockd_files) without changing the machine's
    # /etc/libvirt: a libvirtd started otherwise keeps the machine's settings. Its virtlockd runs in its pid
    # namespace too: virtlockd ties each lease to the pid of the QEMU that holds it, as libvirtd names it; one
    # outside the namespace kept a lease after its VM was destroyed (measured), and refused the VM's next start.
    lockd_files
    # shellcheck disable=SC2016 # $1, $2, $3 and $! belong to the inner bash
    setsid unshare --pid --fork --mount-proc --propagation slave -- \
        bash -c 'for f in qemu.conf qemu-lockd.conf; do mount --bind "$2/$f" "/etc/libvirt/$f" || exit 1; done
            /usr/sbin/virtlockd -d -p "$3" || exit 1
            /usr/sbin/libvirtd -p "$1" & wait $!' \
        libvirtd-init "$TEST_ENV_STATE/libvirtd.ns-pid" "$TEST_ENV_STATE/libvirt-etc" \
        "$TEST_ENV_STATE/virtlockd.ns-pid" \
        </dev/null >>/var/log/libvirt/libvirtd.log 2>&1 &
    wrapper=$!
    wait_until 10 find_libvirtd "$wrapper" || die "libvirtd did not start; see /var/log/libvirt/libvirtd.log"
    echo "libvirtd $LIBVIRTD" >>"$STARTED"
    echo "virtlockd $(pgrep -P "$(ps -o ppid= -p "$LIBVIRTD" | tr -d ' ')" -x virtlockd | head -n 1)" >>"$STARTED"
    wait_until 30 up_or_gone "$URI" "$LIBVIRTD" || true
    answers "$URI" || die "libvirtd does not answer on $URI; see /var/log/libvirt/libvirtd.log"
}

# Whether the libvirtd this script started has its virtlockd beside it (a libvirtd started by an older version of
# this script, or by hand, has none; then nothing is known and nothing said).
lockd_runs() {
    local pid
    [ -s "$STARTED" ] || return 0
    pid="$(awk '$1 == "libvirtd" { print $2 }' "$STARTED" | tail -n 1)"
    [ -n "$pid" ] || return 0
    pgrep -P "$(ps -o ppid= -p "$pid" | tr -d ' ')" -x virtlockd >/dev/null
}

# The qemu.conf and qemu-lockd.conf this script's libvirtd reads (bound over the machine's in its own mount
# namespace): the machine's qemu.conf plus lock_manager = "lockd" where it names no lock manager, and lib.sh's
# lockspace settings. A qemu.conf that names another lock manager wins, with a warning: leases then fail with
# libvirt's own error.
lockd_files() {
    local dir="$TEST_ENV_STATE/libvirt-etc"
    mkdir -p "$dir"
    cp /etc/libvirt/qemu.conf "$dir/qemu.conf" 2>/dev/null || : >"$dir/qemu.conf"
    if ! grep -Eq '^[[:space:]]*lock_manager[[:space:]]*=' "$dir/qemu.conf"; then
        printf '\n# Added by tools/test-env/%s: VM leases (HA) through virtlockd.\nlock_manager = "lockd"\n' \
            "$SCRIPT_NAME" >>"$dir/qemu.conf"
    elif ! grep -Eq '^[[:space:]]*lock_manager[[:space:]]*=[[:space:]]*"lockd"' "$dir/qemu.conf"; then
        say "warning: /etc/libvirt/qemu.conf names another lock_manager; VM leases need \"lockd\""
    fi
    lockd_conf >"$dir/qemu-lockd.conf"
    # The mount points must exist; Debian ships both files (all comments).
    [ -e /etc/libvirt/qemu.conf ] || : >/etc/libvirt/qemu.conf
    [ -e /etc/libvirt/qemu-lockd.conf ] || : >/etc/libvirt/qemu-lockd.conf
}

# Sets LIBVIRTD to the pid (as seen here) of the libvirtd under WRAPPER (unshare -> bash -> libvirtd).
find_libvirtd() {
    local init
    init="$(pgrep -P "$1" -x bash | head -n 1)"
    [ -n "$init" ] || return 1
    LIBVIRTD="$(pgrep -P "$init" -x libvirtd | head -n 1)"
    [ -n "$LIBVIRTD" ]
}

stop() {
    local name n pid pids=()
    if [ ! -s "$STARTED" ]; then
        answers "$URI" && say "libvirtd was not started by this script; leaving it running"
        return 0
    fi
    # libvirtd before virtlogd and virtlockd: libvirtd holds connections to both.
    for name in libvirtd virtlogd virtlockd; do
        while read -r n pid; do
            [ "$n" = "$name" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ] && pids+=("$pid")
        done <"$STARTED"
        [ ${#pids[@]} -eq 0 ] || end_pids "${pids[@]}"
        pids=()
    done
    rm -f "$STARTED"
    say "stopped (with the VMs it ran)"
}

status() {
    if answers "$URI"; then
        echo "$URI"
    else
        say "libvirtd does not answer on $URI"
        return 1
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

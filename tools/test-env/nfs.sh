#!/usr/bin/env bash
# A private NFS server (Debian's user-space nfs-ganesha with its VFS backend) for the NFS storage driver's tests.
# See README.md, "An NFS server".
#
#   tools/test-env/nfs.sh start    as root: install what is missing, start ganesha on 127.0.0.1 (NFSv3 over TCP, its
#                                  own configuration, log, pid file and exported folder under /tmp, free ports),
#                                  and rpcbind when none runs; wait until it answers; print KEY=VALUE lines
#   tools/test-env/nfs.sh stop     stop that ganesha (and rpcbind, only if start started it), remove its folder
#   tools/test-env/nfs.sh status   print the KEY=VALUE lines and exit 0 when it answers, else exit 1
#   tools/test-env/nfs.sh export DIR NAME
#                                  as root: also export folder DIR, read-only (root not squashed, so that a whole root
#                                  tree is readable), NFSv3/TCP, under the pseudo path /strata-export-NAME, on the
#                                  running server (ganesha re-reads its configuration on SIGHUP); wait until a client
#                                  can mount it; print STRATA_TEST_NFS_EXTRA_PATH, its NFS and MOUNT ports. Again with
#                                  the same NAME: nothing changes. stop removes it with everything else.
#
# TEST ONLY: the export is read-write for any client on 127.0.0.1 with no root squashing. Idempotent: start on a
# server that answers only prints its lines; stop twice is quiet.
#
# STRATA_TEST_STORAGE_ADDRESSES=127.0.0.1,10.77.0.1 (start): also serve on 10.77.0.1, the peer's veth, so that QEMU on
# both libvirt daemons opens a file under one URL (live migration). Ganesha binds one address only, so it then binds
# every address and its export admits only 127.0.0.1 and the subnets of the extra addresses (10.77.0.0/24: the peer).
# Prints STRATA_TEST_NFS_URLS as well. A running server without those addresses must be stopped first.
set -euo pipefail

SCRIPT_NAME="nfs.sh"
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DIR="${STRATA_TEST_NFS_DIR:-/tmp/strata-test-nfs}"
EXPORT_DIR="$DIR/export"
PSEUDO=/strata-test
URL="nfs://127.0.0.1$PSEUDO"
CONF="$DIR/ganesha.conf"
LOG="$DIR/ganesha.log"
PID_FILE="$DIR/ganesha.pid"
# Written only when this script started rpcbind: stop then stops it too, and only then.
RPCBIND_PID_FILE="$DIR/rpcbind.pid"
# The extra addresses the running server serves on, "ADDRESS NETWORK/LEN" a line (storage_addresses).
EXTRAS_FILE="$DIR/addresses"
PACKAGES=(nfs-ganesha nfs-ganesha-vfs rpcbind qemu-utils qemu-block-extra)

running() { pid_alive "$PID_FILE" ganesha.nfsd; }

# Both services QEMU's libnfs needs, found as libnfs finds them: through the portmapper.
answers_nfs() {
    local a
    for a in 127.0.0.1 $(extra_addresses); do
        timeout 5 rpcinfo -t "$a" mountd 3 >/dev/null 2>&1 && timeout 5 rpcinfo -t "$a" nfs 3 >/dev/null 2>&1 || return 1
    done
}

extra_addresses() { cut -d' ' -f1 "$EXTRAS_FILE" 2>/dev/null || true; }

rpcbind_answers() { timeout 5 rpcinfo -p 127.0.0.1 >/dev/null 2>&1; }

print_lines() {
    echo "STRATA_TEST_NFS_URL=$URL"
    echo "STRATA_TEST_NFS_EXPORT_DIR=$EXPORT_DIR"
    if [ -s "$EXTRAS_FILE" ]; then
        echo "STRATA_TEST_NFS_URLS=$( (echo "$URL"; extra_addresses | sed "s|.*|nfs://&$PSEUDO|") | paste -sd,)"
    fi
}

free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    die "found no free port on 127.0.0.1"
}

ensure_packages() {
    local missing=() p installed
    installed=" $(dpkg-query -W -f='${Status} ${Package}\n' "${PACKAGES[@]}" 2>/dev/null |
        sed -n 's/^install ok installed //p' | tr '\n' ' ') "
    for p in "${PACKAGES[@]}"; do
        [[ "$installed" == *" $p "* ]] || missing+=("$p")
    done
    install_packages "${missing[@]}"
}

# Ganesha's defaults want /var/run/ganesha (Kerberos credential cache), /var/lib/nfs/ganesha (NFSv4 recovery) and
# the system D-Bus; everything below points into $DIR instead, and without D-Bus ganesha only logs that it has none.
# Protocols 3 only: QEMU 7.2's libnfs speaks NFSv3 (libnfs 4.0 cannot parse a v4 URL with an address here).
# mount_path_pseudo lets v3 clients mount by the short pseudo path instead of the folder's real path.
write_config() {
    local nfs_port="$1" mnt_port="$2" bind=127.0.0.1 access="Access_Type = RW;"
    # One bind address only: with extra addresses, all of them, and the export's client list keeps everyone else out.
    if [ -s "$EXTRAS_FILE" ]; then
        bind=0.0.0.0
        access="Access_Type = None;
    CLIENT {
        Clients = 127.0.0.1, $(cut -d' ' -f2 "$EXTRAS_FILE" | paste -sd, | sed 's/,/, /g');
        Access_Type = RW;
    }"
    fi
    cat >"$CONF" <<EOF
NFS_CORE_PARAM {
    Bind_addr = $bind;
    NFS_Port = $nfs_port;
    MNT_Port = $mnt_port;
    Enable_NLM = false;
    Enable_RQUOTA = false;
    Enable_UDP = false;
    Protocols = 3;
    mount_path_pseudo = true;
}
NFSV4 {
    Graceless = true;
    RecoveryRoot = "$DIR/recovery";
}
NFS_KRB5 {
    Active_krb5 = false;
    CCacheDir = "$DIR/run";
}
EXPORT {
    Export_Id = 77;
    Path = "$EXPORT_DIR";
    Pseudo = "$PSEUDO";
    Protocols = 3;
    Transports = TCP;
    $access
    Squash = No_Root_Squash;
    SecType = sys;
    FSAL { Name = VFS; }
}
EOF
}

start_rpcbind() {
    rpcbind_answers && return 0
    # rpcbind's -h (bind to 127.0.0.1) aborts with a double free in Debian 12's rpcbind 1.2.6, and limits UDP only
    # anyway: it listens on port 111 of every address. -f keeps it in the foreground so that its pid is ours.
    setsid /usr/sbin/rpcbind -f </dev/null >"$DIR/rpcbind.log" 2>&1 &
    echo $! >"$RPCBIND_PID_FILE"
    wait_until 10 rpcbind_answers || die "rpcbind did not answer within 10 s; see $DIR/rpcbind.log"
}

start() {
    local extras
    extras="$(storage_addresses)" || exit 1
    if running && answers_nfs; then
        # ganesha cannot change its bind address while it runs, and restarting it would pull the export from under
        # the tests that use it
        local a
        for a in $(cut -d' ' -f1 <<<"$extras"); do
            extra_addresses | grep -qx "$a" ||
                die "the test NFS server runs without $a (STRATA_TEST_STORAGE_ADDRESSES); stop it first: $0 stop"
        done
        print_lines
        return 0
    fi
    is_root || die "ganesha for the tests is started as root: sudo $0 start"
    ensure_packages
    running && end_pids "$(pid_of "$PID_FILE")"
    if answers_nfs; then
        die "another NFS server is registered with the portmapper on 127.0.0.1 (rpcinfo -p 127.0.0.1); stop it first"
    fi
    local keep_rpcbind=""
    [ -r "$RPCBIND_PID_FILE" ] && keep_rpcbind="$(cat "$RPCBIND_PID_FILE")"
    rm -rf "$EXPORT_DIR" "$DIR/recovery" "$DIR/run" "$CONF" "$LOG" "$PID_FILE" "$EXTRAS_FILE"
    mkdir -p "$EXPORT_DIR" "$DIR/recovery" "$DIR/run"
    chmod 700 "$DIR"
    [ -z "$extras" ] || echo "$extras" >"$EXTRAS_FILE"
    [ -z "$keep_rpcbind" ] || echo "$keep_rpcbind" >"$RPCBIND_PID_FILE"
    start_rpcbind
    local nfs_port mnt_port
    nfs_port="$(free_port)"
    mnt_port="$(free_port)"
    while [ "$mnt_port" = "$nfs_port" ]; do mnt_port="$(free_port)"; done
    write_config "$nfs_port" "$mnt_port"
    # ganesha detaches itself and writes its pid file.
    ganesha.nfsd -f "$CONF" -L "$LOG" -p "$PID_FILE" -N NIV_EVENT </dev/null >/dev/null 2>&1 ||
        die "ganesha did not start; see $LOG"
    wait_until 20 answers_nfs || die "ganesha does not answer on 127.0.0.1 $(extra_addresses | paste -sd' ') after 20 s; see $LOG"
    print_lines
}

stop() {
    if running; then
        end_pids "$(pid_of "$PID_FILE")"
    fi
    if [ -r "$RPCBIND_PID_FILE" ]; then
        local pid
        pid="$(pid_of "$RPCBIND_PID_FILE")"
        [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = rpcbind ] && end_pids "$pid"
    fi
    rm -rf "$DIR"
    say "stopped; $DIR removed"
}

status() {
    if running && answers_nfs; then
        print_lines
    else
        say "no test NFS server answers on 127.0.0.1"
        return 1
    fi
}

# The comment line that heads an extra export's block in $CONF.
export_marker() { echo "# strata extra export $1"; }

# Adds an EXPORT block, headed by export_marker, to the running server's configuration and makes ganesha re-read it
# (SIGHUP: "Reread exports complete" in its log; the exports it has keep working). Read-only: a shared tree.
extra_export() {
    local dir="$1" name="$2" pseudo id nfs_port mnt_port access
    [[ "$name" =~ ^[a-z0-9][a-z0-9-]{0,40}$ ]] || die "NAME must be lower-case letters, digits and '-': $name"
    [ -d "$dir" ] || die "not a folder: $dir"
    dir="$(cd "$dir" && pwd -P)"
    is_root || die "exports are added as root: sudo $0 export $dir $name"
    { running && answers_nfs; } || die "no test NFS server answers; start it first: $0 start"
    pseudo="/strata-export-$name"
    nfs_port="$(sed -n 's/^ *NFS_Port = \([0-9]*\);/\1/p' "$CONF")"
    mnt_port="$(sed -n 's/^ *MNT_Port = \([0-9]*\);/\1/p' "$CONF")"
    if ! grep -qxF "$(export_marker "$name")" "$CONF"; then
        id="$(sed -n 's/^ *Export_Id = \([0-9]*\);/\1/p' "$CONF" | sort -n | tail -n 1)"
        id=$((id + 1))
        access="Access_Type = RO;"
        if [ -s "$EXTRAS_FILE" ]; then
            access="Access_Type = None;
    CLIENT {
        Clients = 127.0.0.1, $(cut -d' ' -f2 "$EXTRAS_FILE" | paste -sd, | sed 's/,/, /g');
        Access_Type = RO;
    }"
        fi
        cat >>"$CONF" <<EOF
$(export_marker "$name")
EXPORT {
    Export_Id = $id;
    Path = "$dir";
    Pseudo = "$pseudo";
    Protocols = 3;
    Transports = TCP;
    $access
    Squash = No_Root_Squash;
    SecType = sys;
    FSAL { Name = VFS; }
}
EOF
        local before
        before="$(grep -c "" "$LOG" 2>/dev/null || echo 0)"
        kill -HUP "$(pid_of "$PID_FILE")"
        reread() { tail -n "+$((before + 1))" "$LOG" | grep -q "Reread exports complete"; }
        wait_until 20 reread || die "ganesha did not re-read its exports within 20 s of SIGHUP; see $LOG"
    fi
    echo "STRATA_TEST_NFS_EXTRA_PATH=$pseudo"
    echo "STRATA_TEST_NFS_PORT=$nfs_port"
    echo "STRATA_TEST_NFS_MOUNT_PORT=$mnt_port"
}

case "${1:-}" in
    start) start ;;
    export) [ $# -eq 3 ] || die "usage: $0 export DIR NAME"; extra_export "$2" "$3" ;;
    stop) stop ;;
    status) status ;;
    *) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

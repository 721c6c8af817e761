#!/usr/bin/env bash
# A SECOND libvirtd on this machine that looks like another host, for Strata's live-migration tests.
# See README.md.
#
#   tools/test-env/libvirtd-peer.sh start    (root) start the peer unless it runs, print its URI
#   tools/test-env/libvirtd-peer.sh stop     (root) stop the peer, its VMs and its network namespace
#   tools/test-env/libvirtd-peer.sh status   print the URI and exit 0 when the peer answers, else exit 1
#   tools/test-env/libvirtd-peer.sh uri-from-peer   the URI by which the PEER reaches this machine's libvirtd
#                                            (only peer-to-peer migrations back need it)
#
# How it looks like another host:
#   - network: its own namespace "strata-peer", joined to this machine by a veth pair, 10.77.0.1/24 on this
#     machine's side and 10.77.0.2/24 inside. The network exists only inside this machine.
#   - filesystem: its own mount namespace in which libvirt's system paths (/etc/libvirt, /run/libvirt,
#     /var/lib/libvirt, /var/cache/libvirt, /var/log/libvirt) are private folders under $BASE; everything else
#     (so the disk images a migrating VM uses, e.g. under /var/lib/libvirt/images or /tmp) is the same.
#   - identity: its own host UUID, hostname "strata-peer", its own virtlogd.
#
# !!! TEST ONLY !!! The peer accepts UNAUTHENTICATED, UNENCRYPTED connections (listen_tcp=1, auth_tcp="none")
# on 10.77.0.2:16509, an address that only exists inside this machine, and runs QEMU as root with no
# security driver. Never copy this configuration to a real host.
set -euo pipefail

SCRIPT_NAME="libvirtd-peer.sh"
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NS="strata-peer"
HOST_IF="strata-peer0"          # the veth end in this machine's namespace
PEER_IF="eth0"                  # the veth end inside the peer's namespace
HOST_ADDR="10.77.0.1"
PEER_ADDR="10.77.0.2"
PEER_HOSTNAME="strata-peer"
# Fixed and unlike any real machine's, so both daemons never claim the same host (libvirt refuses a migration
# to "the same host").
PEER_UUID="5a7a7a00-0000-4000-8000-00000000beef"
PEER_URI="qemu+tcp://$PEER_ADDR/system"

BASE="/var/lib/strata-test-env/peer"       # the peer's private libvirt folders; emptied at every start
CACHE="/var/cache/strata-test-env/peer"    # its QEMU capability cache, kept: a cold probe costs seconds
# Seen from inside the peer, this machine's libvirtd socket (for peer-to-peer migrations back to it).
HOST_SOCKET_DIR="$BASE/host-run-libvirt"

running() { [ -e "/run/netns/$NS" ] && answers "$PEER_URI"; }

start() {
    if running; then
        echo "$PEER_URI"
        return 0
    fi
    is_root || die "the peer libvirtd is not running, and starting it needs root: sudo $0 start"
    ensure_libvirt_packages
    fix_dev_kvm
    command -v unshare >/dev/null || die "unshare (util-linux) is missing"
    end_peer quiet
    make_network
    make_folders
    write_config
    # Own mount, UTS and pid namespaces inside the network namespace. The pid namespace gives the peer a pid 1
    # (boot.sh's bash) that reaps exited QEMUs at once; see start_libvirtd in libvirtd.sh for why that matters.
    # setsid: a Ctrl-C meant for the caller (./strata test) must not reach the daemons; the caller stops them.
    setsid ip netns exec "$NS" unshare --mount --uts --pid --fork --mount-proc -- bash "$BASE/boot.sh" \
        </dev/null >"$BASE/boot.log" 2>&1 &
    wait_until 30 up_or_gone "$PEER_URI" $! || true
    answers "$PEER_URI" ||
        die "the peer did not come up on $PEER_URI; see $BASE/boot.log and $BASE/log/libvirtd.log"
    prewarm "$PEER_URI"
    echo "$PEER_URI"
}

# The peer gets no default route: it can answer only 10.77.0.0/24, that is this machine, even where this
# machine forwards packets for others.
make_network() {
    [ -z "$(ip -o route show "${HOST_ADDR%.*}.0/24")" ] ||
        die "${HOST_ADDR%.*}.0/24 is already routed on this machine ($(ip -o route show "${HOST_ADDR%.*}.0/24")); the peer needs it"
    ip netns add "$NS" || die "ip netns add $NS failed (does this sandbox allow network namespaces?)"
    ip link add "$HOST_IF" type veth peer name "$PEER_IF" netns "$NS"
    ip addr add "$HOST_ADDR/24" dev "$HOST_IF"
    ip link set "$HOST_IF" up
    ip -n "$NS" link set lo up
    ip -n "$NS" addr add "$PEER_ADDR/24" dev "$PEER_IF"
    ip -n "$NS" link set "$PEER_IF" up
}

make_folders() {
    rm -rf "$BASE"
    mkdir -p "$BASE"/{etc,lib/images,log,run} "$HOST_SOCKET_DIR" "$CACHE" "$TEST_ENV_STATE" \
        /var/lib/libvirt/images /run/libvirt
}

write_config() {
    local host_names
    # Only virtlogd's own settings come from this machine; domains, networks, pools and secrets do not.
    [ -f /etc/libvirt/virtlogd.conf ] && cp /etc/libvirt/virtlogd.conf "$BASE/etc/"
    cat >"$BASE/etc/libvirtd.conf" <<EOF
# !!! TEST ONLY !!! Written by tools/test-env/libvirtd-peer.sh. Anyone who reaches $PEER_ADDR:16509 controls
# this daemon without a password; the address exists only inside this machine (network namespace $NS).
listen_tls = 0
listen_tcp = 1
listen_addr = "$PEER_ADDR"
tcp_port = "16509"
auth_tcp = "none"
host_uuid = "$PEER_UUID"
log_outputs = "3:file:/var/log/libvirt/libvirtd.log"
EOF
    cat >"$BASE/etc/qemu.conf" <<EOF
# !!! TEST ONLY !!! Written by tools/test-env/libvirtd-peer.sh.
# QEMU runs as root and nothing relabels or chowns images: the disk images of a migrating VM are shared with
# the first daemon, which chowns them to its own QEMU user; two daemons relabelling the same file fight.
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
security_driver = "none"
# Incoming migration streams: listen on, and tell the source to connect to, the peer's own address (by default
# libvirt would announce the hostname "$PEER_HOSTNAME", which the first daemon cannot resolve).
migration_address = "$PEER_ADDR"
migration_host = "$PEER_ADDR"
EOF
    # A migration back to the first daemon streams to the host name that daemon announces (its hostname);
    # inside the peer that name must lead to $HOST_ADDR, not to the peer's own loopback.
    host_names="$(hostname)"
    local fqdn
    fqdn="$(hostname -f 2>/dev/null || true)"
    [ -n "$fqdn" ] && [ "$fqdn" != "$host_names" ] && host_names="$host_names $fqdn"
    printf '127.0.0.1 localhost\n%s %s\n%s %s\n' "$PEER_ADDR" "$PEER_HOSTNAME" "$HOST_ADDR" "$host_names" \
        >"$BASE/hosts"
    # Runs inside the new namespaces. The mount namespace is private: none of these mounts is seen outside,
    # and they vanish with the peer's last process.
    cat >"$BASE/boot.sh" <<EOF
set -e
hostname $PEER_HOSTNAME
mount --bind $BASE/hosts /etc/hosts
mount --bind /run/libvirt $HOST_SOCKET_DIR
mount --bind /var/lib/libvirt/images $BASE/lib/images
mount --bind $BASE/etc /etc/libvirt
mount --rbind $BASE/lib /var/lib/libvirt
mount --bind $CACHE /var/cache/libvirt
mount --bind $BASE/log /var/log/libvirt
mount --bind $BASE/run /run/libvirt
# Own pid files: the default ones (/run/*.pid) belong to this machine's daemons.
/usr/sbin/virtlogd -d -p /run/libvirt/virtlogd.pid
# Not exec: this bash stays pid 1 of the namespace and reaps the QEMUs libvirtd leaves behind.
/usr/sbin/libvirtd -l -p /run/libvirt/libvirtd.pid 2>>/var/log/libvirt/libvirtd.log &
wait \$!
EOF
}

# Ends every process in the peer's network namespace (libvirtd, virtlogd and the QEMU of its VMs: all of
# them started by this script), then the namespace and the veth pair. KILL, not TERM: the next start throws
# the peer's state away anyway, and libvirtd and virtlogd take seconds to stop politely.
end_peer() {
    local pids=() pid deadline
    if [ -e "/run/netns/$NS" ]; then
        mapfile -t pids < <(ip netns pids "$NS" 2>/dev/null || true)
        if [ ${#pids[@]} -gt 0 ]; then
            kill -KILL "${pids[@]}" 2>/dev/null || true
            deadline=$((SECONDS + 10))
            for pid in "${pids[@]}"; do
                while proc_alive "$pid" && [ $SECONDS -lt $deadline ]; do sleep 0.05; done
            done
        fi
        ip netns del "$NS"
    fi
    ip link del "$HOST_IF" 2>/dev/null || true
    [ "${1:-}" = quiet ] || say "stopped"
}

stop() {
    is_root || die "stopping the peer needs root"
    end_peer
}

status() {
    if running; then
        echo "$PEER_URI"
    else
        say "the peer libvirtd does not answer on $PEER_URI"
        return 1
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    uri-from-peer) echo "qemu+unix:///system?socket=$HOST_SOCKET_DIR/libvirt-sock" ;;
    *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

#!/usr/bin/env bash
# A SECOND libvirtd on this machine that looks like another host, for Strata's live-migration tests.
# See README.md.
#
#   tools/test-env/libvirtd-peer.sh start    (root) start the peer unless it runs, print its URI
#   tools/test-env/libvirtd-peer.sh stop     (root) stop the peer, its VMs, its network namespace and folder
#   tools/test-env/libvirtd-peer.sh status   print the URI and exit 0 when the peer answers, else exit 1
#   tools/test-env/libvirtd-peer.sh uri-from-peer   the URI by which the PEER reaches this machine's libvirtd
#                                            (only peer-to-peer migrations back need it)
#
# How it looks like another host:
#   - network: its own namespace "strata-peer", joined to this machine by a veth pair, 10.77.0.1/24 on this
#     machine's side and 10.77.0.2/24 inside. The network exists only inside this machine.
#   - filesystem: its own mount namespace in which libvirt's system paths (/etc/libvirt, /run/libvirt,
#     /var/lib/libvirt, /var/cache/libvirt, /var/log/libvirt) are private folders under
#     /var/lib/strata-test-env/peer; everything else
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

# What makes the peer another host (the way to make one is lib.sh's peer_*, shared with powered-host.sh).
PEER_NS="strata-peer"
PEER_HOST_IF="strata-peer0"     # the veth end in this machine's namespace
PEER_HOST_ADDR="10.77.0.1"
PEER_ADDR="10.77.0.2"
PEER_BRIDGE=""                  # a point-to-point link: this machine and the peer only
PEER_HOSTNAME="strata-peer"
# Fixed and unlike any real machine's, so both daemons never claim the same host (libvirt refuses a migration
# to "the same host").
PEER_UUID="5a7a7a00-0000-4000-8000-00000000beef"
PEER_BASE="/var/lib/strata-test-env/peer"       # the peer's private libvirt folders; emptied at every start
PEER_CACHE="/var/cache/strata-test-env/peer"    # its QEMU capability cache, kept: a cold probe costs seconds
peer_vars

start() {
    if peer_running; then
        echo "$PEER_URI"
        return 0
    fi
    is_root || die "the peer libvirtd is not running, and starting it needs root: sudo $0 start"
    ensure_libvirt_packages
    fix_dev_kvm
    command -v unshare >/dev/null || die "unshare (util-linux) is missing"
    peer_end
    peer_make_network
    peer_make_folders
    peer_write_config
    peer_boot
    peer_wait_up
    prewarm "$PEER_URI"
    echo "$PEER_URI"
}

stop() {
    is_root || die "stopping the peer needs root"
    peer_end
    say "stopped"
}

status() {
    if peer_running; then
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
    uri-from-peer) echo "qemu+unix:///system?socket=$PEER_HOST_SOCKET_DIR/libvirt-sock" ;;
    *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

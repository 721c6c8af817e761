# Helpers shared by the test-environment scripts in this folder; sourced, not run.
# shellcheck shell=bash

# Everything these scripts must remember between calls (pids of what they started). /run is a tmpfs, so a
# reboot forgets it together with the processes it describes.
# shellcheck disable=SC2034 # used by the scripts that source this file
TEST_ENV_STATE="/run/strata-test-env"

# Debian packages a real libvirtd with QEMU needs; libvirt-daemon-system brings the libvirt-qemu user.
# iproute2 for the peer's network, procps for pgrep (neither is in every minimal Debian image);
# libxml2-utils for xmllint, which virt-xml-validate (the Xen driver's tests) runs.
LIBVIRT_PACKAGES=(libvirt-daemon libvirt-daemon-system libvirt-daemon-driver-qemu qemu-system-x86 qemu-utils
    libvirt-clients iproute2 procps libxml2-utils)

say() { printf '%s: %s\n' "$SCRIPT_NAME" "$*" >&2; }
die() { say "$*"; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# Installs the missing packages as root, or says exactly what to install and fails.
ensure_libvirt_packages() {
    local missing=() p
    if command -v dpkg-query >/dev/null; then
        # One dpkg-query for all: one per package cost half a second of every start.
        local installed
        installed=" $(dpkg-query -W -f='${Status} ${Package}\n' "${LIBVIRT_PACKAGES[@]}" 2>/dev/null |
            sed -n 's/^install ok installed //p' | tr '\n' ' ') "
        for p in "${LIBVIRT_PACKAGES[@]}"; do
            [[ "$installed" == *" $p "* ]] || missing+=("$p")
        done
    else
        # Not Debian: judge by the programs, and name the Debian packages as a hint.
        command -v libvirtd >/dev/null || missing+=(libvirt-daemon libvirt-daemon-system libvirt-daemon-driver-qemu)
        command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
        command -v qemu-img >/dev/null || missing+=(qemu-utils)
        command -v virsh >/dev/null || missing+=(libvirt-clients)
        command -v ip >/dev/null || missing+=(iproute2)
        command -v pgrep >/dev/null || missing+=(procps)
    fi
    # The package scripts try to start daemons through systemd or init scripts; without systemd that fails
    # harmlessly, and the scripts here start them themselves.
    install_packages "${missing[@]}"
}

# Installs the Debian packages named as root, or says exactly what to install and fails; nothing named, nothing done.
install_packages() {
    [ $# -eq 0 ] && return 0
    if is_root && command -v apt-get >/dev/null; then
        say "installing $*"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
    else
        die "missing system packages; run: sudo apt-get install $*"
    fi
}

# QEMU probes /dev/kvm as user libvirt-qemu (group kvm). With root:root 0600 that probe fails, libvirt then
# distrusts its capability cache and re-probes QEMU on nearly every call (a define took 40 s instead of 23 ms).
fix_dev_kvm() {
    [ -e /dev/kvm ] && is_root || return 0
    if [ "$(stat -c '%G %a' /dev/kvm)" != "kvm 660" ] && getent group kvm >/dev/null; then
        chgrp kvm /dev/kvm && chmod 0660 /dev/kvm && say "made /dev/kvm root:kvm 0660"
    fi
}

# True when the pid in FILE is alive and is the program NAME (a stale pid file may name another process).
pid_alive() {
    local file="$1" name="$2" pid
    [ -r "$file" ] || return 1
    pid="$(tr -dc '0-9' <"$file")"
    [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ]
}

pid_of() { tr -dc '0-9' <"$1"; }

# Does a libvirt daemon answer on URI? Only opens a connection: cheap, never probes QEMU.
answers() { timeout 10 virsh -q -c "$1" uri >/dev/null 2>&1; }

# Polls COMMAND... until it succeeds, for at most LIMIT seconds.
wait_until() {
    local limit="$1" deadline
    shift
    deadline=$((SECONDS + limit))
    until "$@"; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.05
    done
}

# For waiting on a daemon being started: true once URI answers, or once its starter PID has died.
up_or_gone() { answers "$1" || ! proc_alive "$2"; }

# A killed daemon stays a zombie until init reaps it, which can take a second; a zombie holds nothing.
proc_alive() {
    local state
    state="$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null)"
    [ -n "$state" ] && [ "$state" != Z ]
}

# The addresses besides 127.0.0.1 on which the test storage servers (tgt.sh, nfs.sh) also serve, from
# STRATA_TEST_STORAGE_ADDRESSES (comma-separated, e.g. "127.0.0.1,10.77.0.1"): one line "ADDRESS NETWORK/LEN" each,
# NETWORK/LEN being the subnet of the interface that holds ADDRESS, the clients admitted through it (for 10.77.0.1,
# the peer's veth: 10.77.0.0/24, which holds only the peer). Each must be an IPv4 address of this machine already
# (e.g. libvirtd-peer.sh start made the veth first); dies otherwise.
storage_addresses() {
    local a cidr len ip n
    local list="${STRATA_TEST_STORAGE_ADDRESSES:-}"
    for a in ${list//,/ }; do
        [ "$a" = 127.0.0.1 ] && continue
        [[ "$a" =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ ]] || die "STRATA_TEST_STORAGE_ADDRESSES: '$a' is not an IPv4 address"
        cidr="$(ip -o -4 addr show | awk -v a="$a" '{ split($4, p, "/"); if (p[1] == a) { print $4; exit } }')"
        [ -n "$cidr" ] || die "STRATA_TEST_STORAGE_ADDRESSES: $a is not an address of this machine (start the peer first)"
        len="${cidr#*/}"
        IFS=. read -r -a ip <<<"$a"
        n=$(((ip[0] << 24) | (ip[1] << 16) | (ip[2] << 8) | ip[3]))
        n=$((n & ((0xffffffff << (32 - len)) & 0xffffffff)))
        printf '%s %d.%d.%d.%d/%s\n' "$a" $((n >> 24 & 255)) $((n >> 16 & 255)) $((n >> 8 & 255)) $((n & 255)) "$len"
    done
}

# Sends TERM to each pid, waits until they are gone (at most 15 s), then KILLs what is left.
end_pids() {
    local pid deadline alive
    [ $# -gt 0 ] || return 0
    kill -TERM "$@" 2>/dev/null || true
    deadline=$((SECONDS + 15))
    while :; do
        alive=()
        for pid in "$@"; do proc_alive "$pid" && alive+=("$pid"); done
        [ ${#alive[@]} -gt 0 ] || return 0
        if [ $SECONDS -ge $deadline ]; then
            say "killing ${alive[*]} (did not stop on TERM)"
            kill -KILL "${alive[@]}" 2>/dev/null || true
            return 0
        fi
        sleep 0.1
    done
}

# The first QEMU capability probe takes 1-8 s per daemon; paying it here keeps it out of the first test.
# `capabilities` probes every installed emulator (x86_64 and i386), `domcapabilities` the domain side.
prewarm() {
    local uri="$1" started=$SECONDS
    { timeout 60 virsh -q -c "$uri" capabilities && timeout 60 virsh -q -c "$uri" domcapabilities --virttype qemu; } \
        >/dev/null ||
        say "warning: $uri could not report QEMU domain capabilities (is qemu-system-x86 installed?)"
    [ $((SECONDS - started)) -lt 2 ] || say "probed QEMU for $uri in $((SECONDS - started)) s"
}

# ---- VM leases: libvirt's lock manager (lockd) on every daemon ------------------------------------------------
# The test bed's "shared storage" for leases: every daemon (this machine's, the peer, the powered hosts) sees this
# machine's file systems outside libvirt's own folders, as real hosts would all mount one NFS export, and fcntl
# locks work across their namespaces. A VM with <lease><lockspace>strata</lockspace><key>K</key><target
# path='LEASE_ROOT'/></lease> locks the file LEASE_DIR/K there. The folder name is the lockspace's name.
LEASE_ROOT="/var/lib/strata-test-env/leases"
LEASE_DIR="$LEASE_ROOT/strata"

# qemu-lockd.conf for every daemon. Leases only where a domain names one: no automatic disk leases (auto off means
# nothing changes for VMs without <lease>, so every other test runs as before) and none required.
lockd_conf() {
    cat <<CONF
auto_disk_leases = 1
require_lease_for_disks = 0
file_lockspace_dir = "$LEASE_DIR"
CONF
}

lease_dir_make() { mkdir -p "$LEASE_DIR"; }

# ---- peers: a libvirtd that looks like another host ------------------------------------------------------
# The one way to make one, for libvirtd-peer.sh (the peer) and powered-host.sh (powered hosts). The caller sets
#   PEER_NS         its network namespace
#   PEER_HOST_IF    the veth end in this machine's namespace (at most 15 characters)
#   PEER_HOST_ADDR  this machine's address as the peer sees it
#   PEER_ADDR       the peer's address (on eth0 inside its namespace)
#   PEER_BRIDGE     empty: PEER_HOST_ADDR sits on PEER_HOST_IF, a /24 of this machine and this peer only;
#                   else the bridge (holding PEER_HOST_ADDR/24) that PEER_HOST_IF joins, shared by several peers
#                   so that they reach one another as well as this machine
#   PEER_HOSTNAME   its host name (own UTS namespace)
#   PEER_UUID       its libvirt host UUID
#   PEER_BASE       its private libvirt folders (under /var/lib/strata-test-env)
#   PEER_CACHE      its QEMU capability cache, kept across starts (a cold probe costs seconds)
# and then calls peer_vars.
peer_vars() {
    PEER_URI="qemu+tcp://$PEER_ADDR/system"
    PEER_SUBNET="${PEER_HOST_ADDR%.*}.0/24"
    # Seen from inside the peer, this machine's libvirtd socket (for peer-to-peer migrations back to it).
    PEER_HOST_SOCKET_DIR="$PEER_BASE/host-run-libvirt"
}

peer_exists() { [ -e "/run/netns/$PEER_NS" ]; }
peer_running() { peer_exists && answers "$PEER_URI"; }
# Every process in the peer's network namespace: its libvirtd, virtlogd and QEMUs (zombies are not listed).
peer_pids() { peer_exists && ip netns pids "$PEER_NS" 2>/dev/null; }
peer_powered() { [ -n "$(peer_pids)" ]; }

# The peer gets no default route: it can answer only its own /24, that is this machine (and the other peers on
# the same bridge), even where this machine forwards packets for others.
peer_make_network() {
    if [ -z "$PEER_BRIDGE" ]; then
        [ -z "$(ip -o route show "$PEER_SUBNET")" ] ||
            die "$PEER_SUBNET is already routed on this machine ($(ip -o route show "$PEER_SUBNET")); $PEER_NS needs it"
    else
        peer_bridge_up
    fi
    ip netns add "$PEER_NS" || die "ip netns add $PEER_NS failed (does this sandbox allow network namespaces?)"
    ip link add "$PEER_HOST_IF" type veth peer name eth0 netns "$PEER_NS"
    if [ -z "$PEER_BRIDGE" ]; then
        ip addr add "$PEER_HOST_ADDR/24" dev "$PEER_HOST_IF"
    else
        ip link set "$PEER_HOST_IF" master "$PEER_BRIDGE"
    fi
    ip link set "$PEER_HOST_IF" up
    peer_network_unlock
    ip -n "$PEER_NS" link set lo up
    ip -n "$PEER_NS" addr add "$PEER_ADDR/24" dev eth0
    ip -n "$PEER_NS" link set eth0 up
}

# Several peers start at once (./strata test starts two): one of them makes the bridge. The lock is held until
# the caller's veth is on the bridge (peer_network_unlock), so that a peer removing itself meanwhile never
# removes the bridge as unused under another's feet.
peer_bridge_up() {
    local routes
    mkdir -p "$TEST_ENV_STATE"
    # The lock is the folder itself: no lock file to leave behind.
    exec {PEER_LOCK}<"$TEST_ENV_STATE"
    flock "$PEER_LOCK"
    routes="$(ip -o route show "$PEER_SUBNET")"
    if ip link show "$PEER_BRIDGE" >/dev/null 2>&1; then
        [[ "$routes" == *"dev $PEER_BRIDGE "* ]] ||
            die "bridge $PEER_BRIDGE exists but $PEER_SUBNET is not routed to it (${routes:-no route}); remove it: ip link del $PEER_BRIDGE"
    else
        [ -z "$routes" ] || die "$PEER_SUBNET is already routed on this machine ($routes); $PEER_NS needs it"
        ip link add "$PEER_BRIDGE" type bridge
        ip addr add "$PEER_HOST_ADDR/24" dev "$PEER_BRIDGE"
        ip link set "$PEER_BRIDGE" up
    fi
}

peer_network_unlock() {
    [ -z "${PEER_LOCK:-}" ] || exec {PEER_LOCK}<&-
    PEER_LOCK=""
}

# Removes the bridge once no peer is on it.
peer_bridge_down() {
    local lock
    # A start that failed half-way may still hold the lock (a second flock of this process would wait for it).
    peer_network_unlock
    [ -n "$PEER_BRIDGE" ] && ip link show "$PEER_BRIDGE" >/dev/null 2>&1 || return 0
    mkdir -p "$TEST_ENV_STATE"
    exec {lock}<"$TEST_ENV_STATE"
    flock "$lock"
    [ -n "$(ip -o link show master "$PEER_BRIDGE" 2>/dev/null)" ] || ip link del "$PEER_BRIDGE" 2>/dev/null || true
    exec {lock}<&-
}

peer_make_folders() {
    rm -rf "$PEER_BASE"
    mkdir -p "$PEER_BASE"/{etc,lib/images,log,run} "$PEER_HOST_SOCKET_DIR" "$PEER_CACHE" "$TEST_ENV_STATE" \
        /var/lib/libvirt/images /run/libvirt
}

peer_write_config() {
    local host_names fqdn
    # Only virtlogd's and virtlockd's own settings come from this machine; domains, networks, pools and secrets
    # do not.
    [ -f /etc/libvirt/virtlogd.conf ] && cp /etc/libvirt/virtlogd.conf "$PEER_BASE/etc/"
    [ -f /etc/libvirt/virtlockd.conf ] && cp /etc/libvirt/virtlockd.conf "$PEER_BASE/etc/"
    cat >"$PEER_BASE/etc/libvirtd.conf" <<CONF
# !!! TEST ONLY !!! Written by tools/test-env/$SCRIPT_NAME. Anyone who reaches $PEER_ADDR:16509 controls
# this daemon without a password; the address exists only inside this machine (network namespace $PEER_NS).
listen_tls = 0
listen_tcp = 1
listen_addr = "$PEER_ADDR"
tcp_port = "16509"
auth_tcp = "none"
host_uuid = "$PEER_UUID"
log_outputs = "3:file:/var/log/libvirt/libvirtd.log"
CONF
    cat >"$PEER_BASE/etc/qemu.conf" <<CONF
# !!! TEST ONLY !!! Written by tools/test-env/$SCRIPT_NAME.
# QEMU runs as root and nothing relabels or chowns images: the disk images of a migrating VM are shared with
# the other daemons, and the first one chowns them to its own QEMU user; two daemons relabelling the same file fight.
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
security_driver = "none"
# Incoming migration streams: listen on, and tell the source to connect to, the peer's own address (by default
# libvirt would announce the hostname "$PEER_HOSTNAME", which the other daemons cannot resolve).
migration_address = "$PEER_ADDR"
migration_host = "$PEER_ADDR"
# VM leases through this host's own virtlockd (started by boot.sh, killed with the host at power-off, which
# frees its leases as a real power loss does); the lockspace is in qemu-lockd.conf.
lock_manager = "lockd"
CONF
    lockd_conf >"$PEER_BASE/etc/qemu-lockd.conf"
    lease_dir_make
    # A migration back to the first daemon streams to the host name that daemon announces (its hostname);
    # inside the peer that name must lead to $PEER_HOST_ADDR, not to the peer's own loopback.
    host_names="$(hostname)"
    fqdn="$(hostname -f 2>/dev/null || true)"
    [ -n "$fqdn" ] && [ "$fqdn" != "$host_names" ] && host_names="$host_names $fqdn"
    printf '127.0.0.1 localhost\n%s %s\n%s %s\n' "$PEER_ADDR" "$PEER_HOSTNAME" "$PEER_HOST_ADDR" "$host_names" \
        >"$PEER_BASE/hosts"
    # Runs inside the new namespaces. The mount namespace is private: none of these mounts is seen outside,
    # and they vanish with the peer's last process.
    cat >"$PEER_BASE/boot.sh" <<BOOT
set -e
hostname $PEER_HOSTNAME
mount --bind $PEER_BASE/hosts /etc/hosts
mount --bind /run/libvirt $PEER_HOST_SOCKET_DIR
mount --bind /var/lib/libvirt/images $PEER_BASE/lib/images
mount --bind $PEER_BASE/etc /etc/libvirt
mount --rbind $PEER_BASE/lib /var/lib/libvirt
mount --bind $PEER_CACHE /var/cache/libvirt
mount --bind $PEER_BASE/log /var/log/libvirt
mount --bind $PEER_BASE/run /run/libvirt
# Own pid files: the default ones (/run/*.pid) belong to this machine's daemons.
/usr/sbin/virtlogd -d -p /run/libvirt/virtlogd.pid
# Before libvirtd: its lock manager registers the lockspace with virtlockd when it starts, and every VM start
# asks virtlockd. Its socket is in this host's own /run/libvirt.
/usr/sbin/virtlockd -d -p /run/libvirt/virtlockd.pid
# Not exec: this bash stays pid 1 of the namespace and reaps the QEMUs libvirtd leaves behind.
/usr/sbin/libvirtd -l -p /run/libvirt/libvirtd.pid 2>>/var/log/libvirt/libvirtd.log &
wait \$!
BOOT
}

# Starts virtlogd and libvirtd in the peer's namespaces (they must exist: peer_make_network, and the folders:
# peer_make_folders, peer_write_config) and returns at once; PEER_BOOT_PID is the starter. Own mount, UTS and
# pid namespaces inside the network namespace. The pid namespace gives the peer a pid 1 (boot.sh's bash) that
# reaps exited QEMUs at once (see start_libvirtd in libvirtd.sh for why that matters), and when it dies the
# kernel ends every process of the peer with it: one kill powers the whole host off. /run is fresh as after a
# real boot; /etc and /var/lib (persistent domains) are kept. setsid and no inherited descriptors: a Ctrl-C
# meant for the caller must not reach the daemons, and a caller that reads our output (ipmi_sim reading its
# chassis-control hook) must not wait for them.
peer_boot() {
    rm -rf "$PEER_BASE/run"
    mkdir -p "$PEER_BASE/run"
    (
        close_inherited_fds
        exec setsid ip netns exec "$PEER_NS" unshare --mount --uts --pid --fork --mount-proc -- \
            bash "$PEER_BASE/boot.sh"
    ) </dev/null >>"$PEER_BASE/boot.log" 2>&1 &
    PEER_BOOT_PID=$!
    # Not a job of this shell: its end (a power off kills it) is no news to print.
    disown "$PEER_BOOT_PID"
}

# Closes every descriptor above 2 of this (sub)shell, so that what it starts holds none of them.
close_inherited_fds() {
    local fd
    for fd in /proc/"$BASHPID"/fd/*; do
        fd="${fd##*/}"
        [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null
    done
    return 0
}

# Waits (30 s at most) until the peer booted by peer_boot answers, or dies saying where to look.
peer_wait_up() {
    wait_until 30 up_or_gone "$PEER_URI" "$PEER_BOOT_PID" || true
    answers "$PEER_URI" ||
        die "$PEER_HOSTNAME did not come up on $PEER_URI; see $PEER_BASE/boot.log and $PEER_BASE/log/libvirtd.log"
}

# Kills every process in the peer's network namespace (libvirtd, virtlogd and the QEMU of its VMs: all of them
# started by these scripts) and waits until they are gone (10 s at most); the namespace stays. KILL, not TERM:
# this is pulling the plug, and libvirtd and virtlogd take seconds to stop politely.
peer_power_off() {
    local pids=() pid deadline
    mapfile -t pids < <(peer_pids || true)
    [ ${#pids[@]} -gt 0 ] || return 0
    kill -KILL "${pids[@]}" 2>/dev/null || true
    deadline=$((SECONDS + 10))
    for pid in "${pids[@]}"; do
        while proc_alive "$pid" && [ $SECONDS -lt $deadline ]; do sleep 0.05; done
    done
}

# Ends the peer and removes all it made: processes, network namespace, veth pair (and the shared bridge when it
# was the last peer on it), its folder under /var/lib/strata-test-env. The capability cache stays.
peer_end() {
    peer_power_off
    ! peer_exists || ip netns del "$PEER_NS"
    ip link del "$PEER_HOST_IF" 2>/dev/null || true
    peer_bridge_down
    rm -rf "$PEER_BASE"
}

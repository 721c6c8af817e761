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
        for p in "${LIBVIRT_PACKAGES[@]}"; do
            dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
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

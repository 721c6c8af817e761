#!/usr/bin/env bash
# The vSphere API simulator (govmomi's vcsim) for the ESX driver's tests and benchmarks. See README.md.
#
#   vcsim.sh build                      build strata-vcsim (once; again when main.go changes); print its path
#   vcsim.sh start NAME [FLAGS...]      start one simulator on a free loopback port; wait until it answers;
#                                       print "url=..." (and "thumbprint=..." with -tls). FLAGS go to
#                                       `strata-vcsim serve`: -esx, -tls, -clusters N, -cluster-hosts N,
#                                       -standalone-hosts N, -vms N, -datastores N
#   vcsim.sh stop NAME                  stop it
#   vcsim.sh status NAME                exit 0 when it runs
#   vcsim.sh vm URL VMNAME              the VM as govmomi's client sees it (JSON): the independent witness
#   vcsim.sh power URL VMNAME on|off|suspend
#                                       change a VM's power state from outside Strata
#
# The user is "strata", the password $VCSIM_PASSWORD (default "strata-vcsim"). Where the pids are kept:
# $STRATA_VCSIM_RUN (default /run/strata-test-env/vcsim, or a folder under /tmp when /run is not writable).
set -euo pipefail

SCRIPT_NAME="vcsim.sh"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR
. "$HERE/../lib.sh"

# golang-go builds it; golang-github-vmware-govmomi-dev is govmomi's source (simulator and client).
GOVMOMI=/usr/share/gocode/src/github.com/vmware/govmomi
export VCSIM_USERNAME="strata"
export VCSIM_PASSWORD="${VCSIM_PASSWORD:-strata-vcsim}"
BUILD="$HERE/target"
BIN="$BUILD/strata-vcsim"
if [ -n "${STRATA_VCSIM_RUN:-}" ]; then
    RUN="$STRATA_VCSIM_RUN"
elif mkdir -p "$TEST_ENV_STATE/vcsim" 2>/dev/null && [ -w "$TEST_ENV_STATE/vcsim" ]; then
    RUN="$TEST_ENV_STATE/vcsim"
else
    RUN="${TMPDIR:-/tmp}/strata-vcsim-$(id -u)"
fi

ensure_go_packages() {
    local missing=()
    command -v go >/dev/null || missing+=(golang-go)
    [ -d "$GOVMOMI/simulator" ] || missing+=(golang-github-vmware-govmomi-dev)
    install_packages "${missing[@]}"
}

# Offline, from Debian's copy of govmomi (GOPATH mode): no module download. Builds under a lock, so that test
# classes starting simulators at once build it once.
build() {
    ensure_go_packages
    mkdir -p "$BUILD"
    (
        flock 9
        if [ ! -x "$BIN" ] || [ "$HERE/main.go" -nt "$BIN" ]; then
            say "building strata-vcsim from $GOVMOMI (about 30 s, once)"
            mkdir -p "$BUILD/src"
            cp "$HERE/main.go" "$BUILD/src/main.go"
            (cd "$BUILD/src" && GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$BUILD/gocache" \
                go build -o "$BIN.new" main.go) || die "go build failed"
            mv "$BIN.new" "$BIN"
        fi
    ) 9>"$BUILD/.lock"
    echo "$BIN"
}

valid_name() { [[ "$1" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$ ]] || die "bad instance name '$1'"; }

# The simulator's first output line ("url=...") means it serves.
has_url() { grep -q '^url=' "$1" || ! proc_alive "$2"; }

start() {
    local name="$1" dir pid
    shift
    valid_name "$name"
    build >/dev/null
    dir="$RUN/$name"
    mkdir -p "$dir"
    if pid_alive "$dir/pid" strata-vcsim; then
        die "instance '$name' already runs (pid $(pid_of "$dir/pid")); stop it first"
    fi
    : >"$dir/out"
    # The simulator makes its datastores' folders (govcsim-*) in $TMPDIR: here, so that `stop` removes them
    # even when the simulator had to be killed (and a test's run folder, removed, takes them along).
    rm -rf "$dir/tmp"
    mkdir -p "$dir/tmp"
    # setsid: a test runner's process group ending does not take it along before `stop` runs.
    TMPDIR="$dir/tmp" setsid "$BIN" serve -username "$VCSIM_USERNAME" -password "$VCSIM_PASSWORD" "$@" \
        </dev/null >"$dir/out" 2>"$dir/log" &
    pid=$!
    echo "$pid" >"$dir/pid"
    if ! wait_until 30 has_url "$dir/out" "$pid" || ! proc_alive "$pid"; then
        end_pids "$pid"
        rm -f "$dir/pid"
        die "strata-vcsim '$name' did not start; log: $(tail -5 "$dir/log" | tr '\n' ' ')"
    fi
    # The thumbprint line follows the url line at once; wait for it too when TLS was asked for.
    case " $* " in *" -tls "*) wait_until 5 grep -q '^thumbprint=' "$dir/out" ;; esac
    cat "$dir/out"
}

stop() {
    local name="$1" dir
    valid_name "$name"
    dir="$RUN/$name"
    if pid_alive "$dir/pid" strata-vcsim; then
        end_pids "$(pid_of "$dir/pid")"
    fi
    rm -f "$dir/pid"
    rm -rf "$dir/tmp"
}

status() {
    valid_name "$1"
    pid_alive "$RUN/$1/pid" strata-vcsim
}

case "${1:-}" in
build) build ;;
start) [ $# -ge 2 ] || die "usage: $0 start NAME [FLAGS...]"; shift; start "$@" ;;
stop) [ $# -eq 2 ] || die "usage: $0 stop NAME"; stop "$2" ;;
status) [ $# -eq 2 ] || die "usage: $0 status NAME"; status "$2" ;;
vm) [ $# -eq 3 ] || die "usage: $0 vm URL VMNAME"; "$(build)" vm "$2" "$3" ;;
power) [ $# -eq 4 ] || die "usage: $0 power URL VMNAME on|off|suspend"; "$(build)" power "$2" "$3" "$4" ;;
snapshots) [ $# -eq 3 ] || die "usage: $0 snapshots URL VMNAME"; "$(build)" snapshots "$2" "$3" ;;
*) die "usage: $0 build | start NAME [FLAGS...] | stop NAME | status NAME | vm URL VMNAME | power URL VMNAME ACTION | snapshots URL VMNAME" ;;
esac

#!/usr/bin/env bash
# Issue 18's figures for templates and snapshots, through REST on a fresh distribution against this machine's
# libvirtd (QEMU under TCG): N linked clones deployed from one template (time until all are defined, then until all
# run), a full clone of the template, and a VM snapshot taken and reverted with and without memory.
# Usage: bench/clones.sh [clones=50] [memory-mb=32]   (root: it starts tools/test-env/libvirtd.sh; a built
# distribution, ./strata build; port 8443 free; curl)
# The clones are submitted all at once, as a user deploying a lab would; Strata runs them on its task lanes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="$ROOT/assembly/target/strata-assembly-0.1.0-SNAPSHOT.tar.gz"
CLONES="${1:-50}"
MEMORY="${2:-32}"
PW="bench-$$"
HOME_DIR="$(mktemp -d /tmp/strata-clones.XXXXXX)"
POOL="bench-clones-$$"
POOL_DIR="/var/lib/libvirt/images/$POOL"
URI="qemu:///system"
cleanup() {
    local name
    for name in $(virsh -q -c "$URI" list --all --name 2>/dev/null | grep "^bench-clone-$$-" || true); do
        virsh -q -c "$URI" destroy "$name" >/dev/null 2>&1 || true
        virsh -q -c "$URI" snapshot-list "$name" --name 2>/dev/null | while read -r s; do
            [ -z "$s" ] || virsh -q -c "$URI" snapshot-delete "$name" "$s" >/dev/null 2>&1 || true
        done
        virsh -q -c "$URI" undefine "$name" >/dev/null 2>&1 || true
    done
    virsh -q -c "$URI" pool-destroy "$POOL" >/dev/null 2>&1 || true
    rm -rf "$POOL_DIR"
    stop_and_remove_strata 2>/dev/null || rm -rf "$HOME_DIR"
}
trap cleanup EXIT
# shellcheck source-path=SCRIPTDIR
. "$ROOT/bench/lib.sh"
"$ROOT/tools/test-env/libvirtd.sh" start >/dev/null
unpack_strata
start_strata kvm libvirt-dir
URL="$(strata_url)/api/v1"
# One REST call; a refusal is shown with its problem body, and ends the run.
api() {
    local method="$1" path="$2" out
    shift 2
    if ! out="$(scurl --fail-with-body -sS -u "admin:$PW" -X "$method" -H 'Content-Type: application/json' "$URL$path" "$@")"; then
        echo "$method $path: $out" >&2
        exit 1
    fi
    printf '%s' "$out"
}
json() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" | head -n 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
# Waits until every task id given has ended; fails on one that did not succeed.
await_tasks() {
    local id state
    for id in "$@"; do
        while :; do
            state="$(api GET "/tasks/$id" | json state)"
            case "$state" in
                SUCCEEDED) break ;;
                FAILED | CANCELLED) echo "task $id $state: $(api GET "/tasks/$id")" >&2; exit 1 ;;
            esac
            sleep 0.05
        done
    done
}

mkdir -p "$POOL_DIR"
virsh -q -c "$URI" pool-create-as "$POOL" dir --target "$POOL_DIR" >/dev/null
DC="$(api GET /datacenters | json id)"
KVM="$(api POST /hosts -d "{\"name\":\"bench-kvm\",\"datacenterId\":\"$DC\",\"driverId\":\"kvm\",\"address\":\"$URI\"}" | json id)"
# A cluster that overcommits CPUs 64 times, as a lab of idle VMs would: outside one, a host admits its CPUs only.
CLUSTER="$(api POST /clusters -d "{\"datacenterId\":\"$DC\",\"name\":\"bench-lab\",\"cpuOvercommit\":64}" | json id)"
api POST "/clusters/$CLUSTER/hosts" -d "{\"hostId\":\"$KVM\"}" >/dev/null
STORAGE="$(api POST /hosts -d "{\"name\":\"bench-dir\",\"datacenterId\":\"$DC\",\"driverId\":\"libvirt-dir\",\"address\":\"$URI\",\"kind\":\"STORAGE\"}" | json id)"
BASE="$(api POST "/hosts/$STORAGE/storage-pools/$POOL/volumes?wait=60" -d '{"name":"base.qcow2","capacityMb":1024,"format":"qcow2"}' | json result)"
TEMPLATE="$(api POST '/vms?wait=60' -d "{\"hostId\":\"$KVM\",\"spec\":{\"name\":\"bench-clone-$$-tpl\",\"cpus\":1,\"memoryMb\":$MEMORY,\"disks\":[{\"source\":\"$BASE\",\"format\":\"qcow2\"}]}}" | json result)"

# Snapshots of one VM: disks only (stopped), then with memory (running).
echo "VM snapshot (1 GiB qcow2 disk, $MEMORY MiB of memory), through REST, each a task waited for:"
t="$(now)"; api POST "/vms/$TEMPLATE/snapshots?wait=60" -d '{"name":"cold"}' >/dev/null; echo "  take, stopped (disks only): $(elapsed "$t") s"
api POST "/vms/$TEMPLATE/actions/start?wait=60" >/dev/null
t="$(now)"; api POST "/vms/$TEMPLATE/snapshots?wait=60" -d '{"name":"warm","memory":true}' >/dev/null; echo "  take, running, with memory: $(elapsed "$t") s"
t="$(now)"; api POST "/vms/$TEMPLATE/snapshots?wait=60" -d '{"name":"disks","memory":false}' >/dev/null; echo "  take, running, disks only: $(elapsed "$t") s"
t="$(now)"; api POST "/vms/$TEMPLATE/snapshots/warm/revert?wait=60" >/dev/null; echo "  revert to the memory snapshot (VM runs on): $(elapsed "$t") s"
t="$(now)"; api POST "/vms/$TEMPLATE/snapshots/disks/revert?wait=60" >/dev/null; echo "  revert to the disks-only snapshot (VM left stopped): $(elapsed "$t") s"
t="$(now)"; api POST "/vms/$TEMPLATE/snapshots/cold/revert?wait=60" >/dev/null; echo "  revert to the stopped snapshot: $(elapsed "$t") s"
for s in disks warm cold; do api DELETE "/vms/$TEMPLATE/snapshots/$s?wait=60" >/dev/null; done

api PUT "/vms/$TEMPLATE/template" -d "" >/dev/null
t="$(now)"; api POST "/vms/$TEMPLATE/clone?wait=60" -d "{\"name\":\"bench-clone-$$-full\"}" >/dev/null
echo "a full clone of the template (1 GiB disk, empty): $(elapsed "$t") s"

tasks=()
t="$(now)"
for i in $(seq 1 "$CLONES"); do
    tasks+=("$(api POST "/vms/$TEMPLATE/clone" -d "{\"name\":\"bench-clone-$$-$i\",\"linked\":true}" | json id)")
done
await_tasks "${tasks[@]}"
defined="$(elapsed "$t")"
ids=()
for id in "${tasks[@]}"; do ids+=("$(api GET "/tasks/$id" | json result)"); done
starts=()
for vm in "${ids[@]}"; do starts+=("$(api POST "/vms/$vm/actions/start" | json id)"); done
await_tasks "${starts[@]}"
running="$(elapsed "$t")"
echo "$CLONES linked clones of one template: all defined after $defined s, all running after $running s"
echo "  libvirt agrees: $(virsh -q -c "$URI" list --name | grep -c "^bench-clone-$$-") running"
stops=()
for vm in "${ids[@]}"; do stops+=("$(api POST "/vms/$vm/actions/poweroff" | json id)"); done
await_tasks "${stops[@]}"
echo "JVM: $(jvm_figures)"

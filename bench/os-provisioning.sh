#!/usr/bin/env bash
# Time from "provision" to the OS calling back, per method, under QEMU TCG on this machine (issue 20): the median of
# RUNS runs of OsProvisioningIT's real boots, one at a time on a fresh distribution per run:
#   network-install  a bare-metal machine PXE-boots Debian's installer from Strata; to the installer's `installing`
#                    callback (a full install needs a package mirror: docs/os.md)
#   image-deploy     a VM's disk cloned from the golden image; to cloud-init's `booted` callback
#   san-boot         a bare-metal machine boots a LUN cloned from the golden image; to `booted`
#   nas-boot         a bare-metal machine boots the golden image's shared NFS root; to `booted`
# and, on the deployed VM and the golden image (issue 21, docs/os-patching.md), each a task to its end:
#   scan-of-a-running-vm, scan-of-an-offline-image           reading the software and judging it
#   remediation-of-a-running-vm                              snapshot, apt through the agent, re-read, snapshot gone
#   remediation-of-an-offline-image                          read, copy, dpkg -i offline (libguestfs), re-read
# Usage (as root, with the test bed: tools/test-env/libvirtd.sh, tgt.sh, nfs.sh started by this script):
#   bench/os-provisioning.sh [runs=5]
# Appends one row per run and method to bench/results/os-provisioning.csv, and prints the medians.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
TE="$ROOT/tools/test-env"
CSV="${OS_PROVISIONING_CSV:-$ROOT/bench/results/os-provisioning.csv}"
REPORT="$ROOT/itests/target/failsafe-reports/org.strata.itests.OsProvisioningIT-output.txt"
TESTS="OsProvisioningIT#aBareMetalMachineNetworkBootsDebiansInstallerFromStrataWhichLoadsThePreseedAndCallsBack+aVmDeployedFromTheGoldenImageReportsThroughItsAgentAndIsPatchedWithTheImage+aBareMetalMachineSanBootsALunClonedFromTheGoldenImageAndCallsBack+aBareMetalMachineNasBootsTheGoldenImagesSharedRootAndCallsBack"
stop_all() {
    "$TE/tgt.sh" stop >/dev/null 2>&1 || true
    "$TE/nfs.sh" stop >/dev/null 2>&1 || true
    "$TE/libvirtd.sh" stop >/dev/null 2>&1 || true
}
trap stop_all EXIT
"$TE/golden-image.sh" build >/dev/null
export STRATA_TEST_LIBVIRT_URI="$("$TE/libvirtd.sh" start | tail -n 1)"
for script in tgt nfs; do
    while IFS= read -r line; do
        case "$line" in STRATA_TEST_ISCSI_[A-Z_]*=* | STRATA_TEST_NFS_[A-Z_]*=*) export "$line" ;; esac
    done < <("$TE/$script.sh" start)
done
mkdir -p "$(dirname "$CSV")"
[ -f "$CSV" ] || echo "date,run,method,ms" >"$CSV"
times="$(mktemp)"
for run in $(seq "$RUNS"); do
    # One test at a time (the suite runs three at once): each boot timed alone on the machine.
    (cd "$ROOT" && mvn -B -q -o -f itests/pom.xml verify -Dit.test="$TESTS" -Dstrata.itests.threads=1) >/dev/null ||
        { echo "run $run failed: see itests/target/failsafe-reports" >&2; exit 1; }
    sed -n 's/^OsProvisioningIT: \(.*\), from provision to .* \([0-9]*\) ms$/\1,\2/p' "$REPORT" |
        cat - <(sed -n 's/^OsProvisioningIT: \(\(scan\|remediation\) of .*\) \([0-9]*\) ms$/\1,\3/p' "$REPORT") |
        while IFS=, read -r method ms; do
            m="$(printf '%s' "$method" | tr 'A-Z ' 'a-z-')"
            echo "$(date -u +%FT%TZ),$run,$m,$ms" | tee -a "$CSV" >>"$times"
        done
done
echo "medians of $RUNS runs (ms from provision to the callback; patching: the task's time):"
cut -d, -f3 "$times" | sort -u | while read -r m; do
    grep ",$m," "$times" | cut -d, -f4 | sort -n | awk -v m="$m" '{a[NR]=$1} END {printf "%-16s %s  (runs: %d; min %s, max %s)\n", m, a[int((NR+1)/2)], NR, a[1], a[NR]}'
done
rm -f "$times"

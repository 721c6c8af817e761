#!/usr/bin/env bash
# The boot service under many machines at once (issue 20): how many provisionings one Strata node can boot at the
# same time before its boot service is the bottleneck. A fresh distribution with plain HTTP on (the boot service's
# only door), the golden image registered for NAS boot (its kernel and initrd served by Strata) and one open
# provisioning (a NAS boot of a demo VM: the demo driver boots nothing, so the provisioning stays open and its files
# stay served); then wrk, on the same machine, plays machines fetching what a booting machine fetches:
#   script   GET /boot/ipxe/{mac} as iPXE (the machine's script: a repository read and the driver's command line)
#   seed     GET /boot/nocloud/{token}/user-data (a token lookup and the driver's cloud-init file)
#   initrd   GET /boot/images/{id}/initrd (the image's 35 MiB initrd from the node's disk)
# and prints requests/s and MiB/s for each, and what they allow: a machine fetches 2 scripts, the kernel and initrd
# (44 MiB) and 4 seed files per boot.
# Usage: bench/boot.sh [connections=64] [seconds=20]   (needs ./strata build, the golden image
# (tools/test-env/golden-image.sh build, as root), ports 8443 and 8181 free, wrk and curl)
# Appends a row per read to bench/results/boot.csv (BOOT_CSV names another file).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONNECTIONS="${1:-64}"
DURATION="${2:-20}"
DIST="${STRATA_DIST:-$ROOT/assembly/target/strata-assembly-0.1.0-SNAPSHOT.tar.gz}"
PW="bench-$$"
HOME_DIR="$(mktemp -d /tmp/strata-boot.XXXXXX)"
CSV="${BOOT_CSV:-$ROOT/bench/results/boot.csv}"
# shellcheck source=lib.sh
. "$ROOT/bench/lib.sh"
trap stop_and_remove_strata EXIT
command -v wrk >/dev/null || { echo "needs wrk (Debian: apt-get install wrk)" >&2; exit 1; }
eval "$("$ROOT/tools/test-env/golden-image.sh" path | sed 's/^/GOLDEN_/')"
[ -f "${GOLDEN_KERNEL:-}" ] || { echo "no golden image: tools/test-env/golden-image.sh build (as root)" >&2; exit 1; }

unpack_strata
printf 'org.osgi.service.http.enabled = true\norg.ops4j.pax.web.listening.addresses = 127.0.0.1\n' \
    >>"$HOME_DIR/etc/org.ops4j.pax.web.cfg"
start_strata demo os-debian
api() { scurl -fsS -u "admin:$PW" -H 'Content-Type: application/json' "$@"; }
BASE="$(strata_url)/api/v1"
image="$(api -X POST "$BASE/os/images" -d "{\"name\":\"bench-golden\",\"profileId\":\"debian-12-server\",\
\"nfsRoot\":\"127.0.0.1:/strata-export-bench\",\"kernel\":\"$GOLDEN_KERNEL\",\"initrd\":\"$GOLDEN_INITRD\"}" |
    sed -n 's/.*"id":"\([^"]*\)".*/\1/p')"
vm="$(api "$BASE/vms?limit=1" | sed -n 's/.*"id":"\([0-9a-f-]\{36\}\)".*/\1/p' | head -n 1)"
mac="$(api "$BASE/vms/$vm" | sed -n 's/.*"mac":"\([^"]*\)".*/\1/p' | head -n 1)"
[ -n "$image" ] && [ -n "$vm" ] && [ -n "$mac" ] || { echo "could not set the bench up (image $image, vm $vm, mac $mac)" >&2; exit 1; }
api -X POST "$BASE/provisionings" -d "{\"targetType\":\"vm\",\"targetId\":\"$vm\",\"profileId\":\"debian-12-server\",\
\"method\":\"NAS_BOOT\",\"imageId\":\"$image\",\"hostname\":\"bench-1\"}" >/dev/null
PLAIN="http://127.0.0.1:8181"
script=""
for _ in $(seq 100); do
    script="$(curl -fsS -A 'iPXE/1.21.1' "$PLAIN/boot/ipxe/$mac" || true)"
    case "$script" in *nocloud*) break ;; esac
    sleep 0.1
done
seed="$(printf '%s' "$script" | sed -n 's/.* ds=nocloud-net;s=http:\/\/[^/]*\(\/boot\/nocloud\/[^ ]*\).*/\1/p')"
[ -n "$seed" ] || { echo "no seed URL in the script: $script" >&2; exit 1; }

mkdir -p "$(dirname "$CSV")"
[ -f "$CSV" ] || echo "date,read,connections,seconds,requests_per_s,mib_per_s,p50_ms,p99_ms" >"$CSV"
declare -A RPS MIBS
for read in script seed initrd; do
    case "$read" in
        script) path="/boot/ipxe/$mac"; header="User-Agent: iPXE/1.21.1"; c="$CONNECTIONS" ;;
        seed) path="${seed}user-data"; header="User-Agent: cloud-init"; c="$CONNECTIONS" ;;
        # a machine reads its initrd over one connection; more than a few dozen at once is many machines at once
        initrd) path="/boot/images/$image/initrd"; header="User-Agent: iPXE/1.21.1"; c=$((CONNECTIONS < 16 ? CONNECTIONS : 16)) ;;
    esac
    wrk -t2 -c"$c" -d2s -H "$header" "$PLAIN$path" >/dev/null 2>&1 || true
    out="$(wrk -t2 -c"$c" -d"${DURATION}s" --latency -H "$header" "$PLAIN$path")"
    rps="$(printf '%s\n' "$out" | awk '/Requests\/sec/ {print $2}')"
    transfer="$(printf '%s\n' "$out" | awk '/Transfer\/sec/ {print $2}')"
    mib="$(printf '%s' "$transfer" | awk '{v=$1+0; if ($1 ~ /GB/) v*=1024; else if ($1 ~ /KB/) v/=1024; else if ($1 !~ /MB/) v/=1048576; printf "%.1f", v}')"
    p50="$(printf '%s\n' "$out" | awk '$1=="50%" {print $2}')"
    p99="$(printf '%s\n' "$out" | awk '$1=="99%" {print $2}')"
    non2xx="$(printf '%s\n' "$out" | awk '/Non-2xx/ {print $4}')"
    [ -z "$non2xx" ] || { echo "$read: $non2xx answers were not 2xx" >&2; printf '%s\n' "$out" >&2; exit 1; }
    RPS[$read]="$rps"
    MIBS[$read]="$mib"
    echo "$read ($c connections, ${DURATION} s): $rps requests/s, $mib MiB/s, p50 $p50, p99 $p99"
    echo "$(date -u +%FT%TZ),$read,$c,$DURATION,$rps,$mib,$p50,$p99" >>"$CSV"
done
awk -v s="${RPS[script]}" -v d="${RPS[seed]}" -v m="${MIBS[initrd]}" 'BEGIN {
    bys = s / 2; byd = d / 4; bym = m / 44;
    min = bys; what = "scripts"; if (byd < min) { min = byd; what = "seed files" } if (bym < min) { min = bym; what = "kernel and initrd bytes" }
    printf "machines booted per second, as far as the boot service goes: %.1f by scripts, %.1f by seed files, %.2f by kernel and initrd bytes: %s limit it\n", bys, byd, bym, what
}'

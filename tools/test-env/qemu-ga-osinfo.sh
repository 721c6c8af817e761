#!/bin/sh
# Prints what the real QEMU guest agent answers to guest-get-osinfo, one "key=value" line each, for the OS of this
# machine or, given an os-release file, for that OS: qemu-ga then runs in a private mount namespace where the file
# is bind-mounted over /etc/os-release (nothing outside the namespace changes). qemu-ga is Debian's, downloaded once
# and unpacked under /var/cache/strata-test-env/qemu-ga (not installed: it is a guest's service). It listens on a
# Unix socket in a temporary folder it removes; no network.
#
#   qemu-ga-osinfo.sh [OS_RELEASE_FILE]
#
# Needs root (unshare -m) when a file is given, apt's sources on the first run, and Debian's python3.
set -eu
CACHE=${STRATA_QEMU_GA_CACHE:-/var/cache/strata-test-env/qemu-ga}
ROOT=$CACHE/root
if [ ! -x "$ROOT/usr/sbin/qemu-ga" ]; then
    mkdir -p "$CACHE"
    (cd "$CACHE" && apt-get download -q qemu-guest-agent >/dev/null 2>&1)
    dpkg-deb -x "$(ls "$CACHE"/qemu-guest-agent_*.deb | head -n1)" "$ROOT.tmp.$$"
    rm -rf "$ROOT"
    mv "$ROOT.tmp.$$" "$ROOT"
fi
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
if [ -n "${1:-}" ]; then
    cp "$1" "$DIR/os-release"
    START="mount --bind $DIR/os-release /etc/os-release && exec $ROOT/usr/sbin/qemu-ga -m unix-listen -p $DIR/qga.sock -t $DIR"
    WRAP="unshare -m"
else
    START="exec $ROOT/usr/sbin/qemu-ga -m unix-listen -p $DIR/qga.sock -t $DIR"
    WRAP=""
fi
$WRAP sh -c "$START" &
AGENT=$!
/usr/bin/python3 - "$DIR/qga.sock" <<'PY'
import json, socket, sys, time
deadline = time.monotonic() + 10
while True:
    try:
        s = socket.socket(socket.AF_UNIX)
        s.connect(sys.argv[1])
        break
    except OSError:
        if time.monotonic() > deadline:
            sys.exit("qemu-ga did not listen within 10 s")
        time.sleep(0.02)
s.sendall(b'{"execute":"guest-get-osinfo"}\n')
data = b""
while not data.endswith(b"\n"):
    chunk = s.recv(4096)
    if not chunk:
        break
    data += chunk
for k, v in sorted(json.loads(data)["return"].items()):
    print("%s=%s" % (k, v))
PY
RC=$?
kill "$AGENT" 2>/dev/null || true
wait "$AGENT" 2>/dev/null || true
exit $RC

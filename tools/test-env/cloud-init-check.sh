#!/bin/sh
# Checks cloud-init NoCloud files with cloud-init's own code, without installing cloud-init on this machine (it is a
# boot-time service): Debian's cloud-init package is downloaded once and unpacked under
# /var/cache/strata-test-env/cloud-init, and run from there with Debian's Python libraries.
#
#   cloud-init-check.sh user-data FILE        cloud-init's "schema --config-file" (exit 1 on a schema error)
#   cloud-init-check.sh network-config FILE   cloud-init's network-config parser (strict), then its ENI renderer
#
# Needs the Debian packages python3-yaml python3-jsonschema python3-requests python3-jinja2 python3-configobj
# python3-jsonpatch (tools/test-env/README.md); the first run needs apt's sources (apt-get download cloud-init).
set -eu
CACHE=${STRATA_CLOUD_INIT_CACHE:-/var/cache/strata-test-env/cloud-init}
ROOT=$CACHE/root
if [ ! -f "$ROOT/usr/bin/cloud-init" ]; then
    mkdir -p "$CACHE"
    (cd "$CACHE" && apt-get download -q cloud-init >/dev/null 2>&1)
    dpkg-deb -x "$(ls "$CACHE"/cloud-init_*.deb | head -n1)" "$ROOT.tmp.$$"
    rm -rf "$ROOT"
    mv "$ROOT.tmp.$$" "$ROOT"
fi
export PYTHONPATH="$ROOT/usr/lib/python3/dist-packages"
case "${1:-}" in
user-data)
    exec /usr/bin/python3 "$ROOT/usr/bin/cloud-init" schema --config-file "$2"
    ;;
network-config)
    exec /usr/bin/python3 - "$2" <<'PY'
import sys, yaml
from cloudinit.net import network_state, eni
cfg = yaml.safe_load(open(sys.argv[1]))
if not isinstance(cfg, dict) or cfg.get("version") != 2:
    sys.exit("network-config: not a version 2 document")
ns = network_state.parse_net_config_data(cfg, skip_broken=False)
sys.stdout.write(eni.Renderer()._render_interfaces(ns))
PY
    ;;
*)
    echo "usage: $0 user-data|network-config FILE" >&2
    exit 2
    ;;
esac

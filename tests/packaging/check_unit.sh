#!/usr/bin/env bash
# The generated systemd unit: `systemd-analyze verify` accepts it without a single complaint (it
# only warns, exit 0, about unknown keys and bad values, so any output fails), and it keeps the
# hardening the issue asks for.
#   check_unit.sh UNIT AGENT_BINARY
set -euo pipefail
unit=$1 agent=$2
command -v systemd-analyze >/dev/null || { echo "systemd-analyze missing (package systemd)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# verify checks that ExecStart's program exists: point it at the built agent.
sed "s|^ExecStart=/usr/bin/findata-agent |ExecStart=$agent |" "$unit" >"$tmp/findata-agent.service"
grep -q "^ExecStart=$agent serve " "$tmp/findata-agent.service" || { echo "ExecStart is not /usr/bin/findata-agent serve …"; exit 1; }
out=$(systemd-analyze verify "$tmp/findata-agent.service" 2>&1) || { echo "$out"; exit 1; }
if [ -n "$out" ]; then echo "systemd-analyze verify complained:"; echo "$out"; exit 1; fi

status=0
for want in Type=notify User=findata Group=findata NoNewPrivileges=yes ProtectSystem=strict \
            ReadWritePaths=/var/lib/findata PrivateTmp=yes ProtectHome=yes PrivateDevices=yes \
            CapabilityBoundingSet= KillMode=mixed WantedBy=multi-user.target; do
  grep -qx "$want" "$unit" || { echo "unit lacks $want"; status=1; }
done
grep -q -- "--config /etc/findata/agent.conf" "$unit" || { echo "unit does not read /etc/findata/agent.conf"; status=1; }
grep -q -- "--data-dir /var/lib/findata" "$unit" || { echo "unit does not pass --data-dir /var/lib/findata"; status=1; }
# Everything it writes must be inside the one writable path.
exposure=$(systemd-analyze security --offline=yes "$tmp/findata-agent.service" 2>/dev/null | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
echo "systemd-analyze security exposure: ${exposure:-?}"
if [ -n "$exposure" ] && awk "BEGIN{exit !($exposure > 3.0)}"; then
  echo "exposure $exposure is above 3.0: hardening got lost"; status=1
fi
exit $status

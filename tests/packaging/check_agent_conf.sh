#!/usr/bin/env bash
# /etc/findata/agent.conf: the agent accepts it as shipped and with every documented default
# uncommented, and it documents every setting the agent has (keys from `findata-agent --help`).
#   check_agent_conf.sh AGENT CONF
set -euo pipefail
agent=$1 conf=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$agent" --config "$conf" --help >/dev/null
# Uncomment `# key = value` lines (not prose) and leave out those documented as empty.
sed -n 's/^# \([a-z_]*\) = \(..*\)$/\1 = \2/p; /^[a-z_]* = /p' "$conf" >"$tmp/defaults.conf"
[ "$(wc -l <"$tmp/defaults.conf")" -ge 6 ] || { echo "too few documented defaults"; cat "$tmp/defaults.conf"; exit 1; }
"$agent" --config "$tmp/defaults.conf" --help >/dev/null
# Every setting the agent knows appears in the file (flag --data-dir ↔ key data_dir).
status=0
for flag in $("$agent" --help | sed -n 's/^  --\([a-z-]*\) VALUE.*/\1/p'); do
  key=${flag//-/_}
  grep -Eq "^(# )?$key =" "$conf" || { echo "agent.conf does not document $key"; status=1; }
done
# A misspelt key must be refused, or the checks above prove nothing.
echo "data_dirr = /x" >"$tmp/bad.conf"
if "$agent" --config "$tmp/bad.conf" --help >/dev/null 2>&1; then echo "agent accepted an unknown key"; status=1; fi
exit $status

#!/usr/bin/env bash
# The cost of the roll-forward and drift checks (issue 15: < 15 % of the sync time), by one
# command: on embedded databases in a scratch directory, a generated RETAIL portfolio is synced
# as period 1, then period 2 — the same file with every 1000th loan gone (missing_loan) and every
# 100th loan's days past due raised by 100 (dpd_jump), the payment plan as it was — and the
# second sync's stage timings are printed: ROLL_FORWARD (the roll-forward rules, each part's time
# from the sync's log line) and DRIFT against the whole sync. Not a test: CI never runs it.
#
# usage: tests/bench/rollforward.sh [--agent PATH] [--rows N] [--payment-rows M]
#   defaults: build/dev/agent/findata-agent, --rows 1000000, --payment-rows 3000000.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
agent="$here/../../build/dev/agent/findata-agent"
rows=1000000
payment_rows=3000000
while [ $# -gt 0 ]; do
  case "$1" in
    --agent) agent=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --payment-rows) payment_rows=$2; shift 2 ;;
    *) sed -n '2,10p' "$0" >&2; exit 2 ;;
  esac
done
[ -x "$agent" ] || { echo "no agent at $agent" >&2; exit 1; }

dir=$(mktemp -d /tmp/findata-rollforward.XXXXXX)
chmod 711 "$dir"  # the embedded database accounts must reach the staged files
databases_pid=""
cleanup() {
  if [ -n "$databases_pid" ] && kill -0 "$databases_pid" 2>/dev/null; then
    kill -TERM "$databases_pid" 2>/dev/null || true
    for _ in $(seq 1 120); do kill -0 "$databases_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$databases_pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$agent" databases --data-dir "$dir/data" --urls-file "$dir/urls" >"$dir/databases.log" 2>&1 &
databases_pid=$!
for _ in $(seq 1 120); do
  [ -s "$dir/urls" ] && break
  kill -0 "$databases_pid" 2>/dev/null || { cat "$dir/databases.log" >&2; exit 1; }
  sleep 1
done
[ -s "$dir/urls" ] || { echo "the databases did not start" >&2; exit 1; }
set -a
# shellcheck disable=SC1090
. "$dir/urls"
set +a
case "$FINDATA_CLICKHOUSE_URL" in http://*@127.0.0.1:*) ;; *) echo "refusing $FINDATA_CLICKHOUSE_URL" >&2; exit 1 ;; esac

run() { "$agent" --data-dir "$dir/data" --log-level info "$@" 2>>"$dir/agent.log"; }

run generate --loan-type RETAIL --rows "$rows" --payment-rows "$payment_rows" --out "$dir/p1" >/dev/null
mkdir -p "$dir/p2"
awk -F';' -v OFS=';' '
  NR == 1 { for (i = 1; i <= NF; i++) if ($i == "days_past_due") dpd = i; print; next }
  (NR - 1) % 1000 == 0 { next }
  (NR - 1) % 100 == 0 { $dpd = $dpd + 100 }
  { print }' "$dir/p1/credit.csv" >"$dir/p2/credit.csv"
cp "$dir/p1/payment_plan.csv" "$dir/p2/payment_plan.csv"
# The plan's rows of the loans gone are rejected as CROSS_REFERENCE (a few per thousand).

run tenant add BENCHRF --name "roll-forward bench" >/dev/null
for period in p1 p2; do
  for file in credit payment_plan; do
    run load-csv --tenant BENCHRF --loan-type RETAIL --file-type "$file" --file "$dir/$period/$file.csv" >/dev/null
  done
  echo "${period}_start $(date +%H:%M:%S)" >>"$dir/marks"
  start=$(date +%s.%N)
  "$agent" --data-dir "$dir/data" --log-level info sync --tenant BENCHRF --loan-type RETAIL \
    >"$dir/$period.out" 2>"$dir/$period.log"
  grep -h "roll-forward against" "$dir/$period.log" | sed 's/.*: roll-forward/  roll-forward/' || true
  end=$(date +%s.%N)
  timings=$(sed -n 's/.*timings (ms)  //p' "$dir/$period.out")
  echo "$period: sync $(echo "$end - $start" | bc) s wall; stage timings (ms) $timings"
  grep -E "^sync .*: (COMPLETED|FAILED)|findings|reason" "$dir/$period.out" | sed 's/^/  /'
done
python3 - "$dir/p2.out" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
t = json.loads(re.search(r"timings \(ms\)  (\{.*\})", text).group(1))
total = sum(t.values())
checks = t.get("ROLL_FORWARD", 0) + t.get("DRIFT", 0)
print(f"roll-forward {t.get('ROLL_FORWARD', 0)} ms + drift {t.get('DRIFT', 0)} ms = {checks} ms "
      f"of {total} ms of stages: {100.0 * checks / total:.1f} % (target < 15 %)")
PY

#!/usr/bin/env bash
# The cost of the roll-forward and drift checks (issue 15: < 15 % of the sync time), by one
# command: on embedded databases in a scratch directory, a generated RETAIL portfolio is synced
# as period 1, then period 2 — the same file with every 1000th loan gone (missing_loan) and every
# 100th loan's days past due raised by 100 (dpd_jump), the payment plan as it was — and the
# second sync's stage timings are printed: ROLL_FORWARD (the roll-forward rules, each part's time
# from the sync's log line) and DRIFT against the whole sync. Not a test: CI never runs it.
# The periods are 2026-10 and 2026-11; --repeat N restates period 2 N more times (the same rows,
# one blank line more, so the intake takes it as a new delivery), each again compared with period
# 1, so one run gives several measurements of a loaded machine; the last line sums them up.
# --compare OTHER_AGENT runs every other repeat with that binary (same databases and files), so a
# before/after comparison sees the same machine load; the summary is given per binary.
#
# usage: tests/bench/rollforward.sh [--agent PATH] [--rows N] [--payment-rows M] [--repeat N]
#                                   [--files DIR] [--compare OTHER_AGENT]
#   defaults: build/dev/agent/findata-agent, --rows 1000000, --payment-rows 3000000, --repeat 0;
#   --files keeps the generated CSVs in DIR (made when absent) for the next run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
agent="$here/../../build/dev/agent/findata-agent"
rows=1000000
payment_rows=3000000
repeat=0
files=""
compare=""
while [ $# -gt 0 ]; do
  case "$1" in
    --agent) agent=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --payment-rows) payment_rows=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --files) files=$2; shift 2 ;;
    --compare) compare=$2; shift 2 ;;
    *) sed -n '2,15p' "$0" >&2; exit 2 ;;
  esac
done
[ -x "$agent" ] || { echo "no agent at $agent" >&2; exit 1; }

# shellcheck source=tests/bench/lib.sh
. "$here/lib.sh"
bench_dir rollforward
bench_start_databases

run() { "$agent" --data-dir "$dir/data" --log-level info "$@" 2>>"$dir/agent.log"; }

[ -n "$files" ] || files="$dir/files"
if [ ! -s "$files/p2/payment_plan.csv" ]; then
  mkdir -p "$files/p2"
  run generate --loan-type RETAIL --rows "$rows" --payment-rows "$payment_rows" --out "$files/p1" >/dev/null
  awk -F';' -v OFS=';' '
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == "days_past_due") dpd = i; print; next }
    (NR - 1) % 1000 == 0 { next }
    (NR - 1) % 100 == 0 { $dpd = $dpd + 100 }
    { print }' "$files/p1/credit.csv" >"$files/p2/credit.csv"
  cp "$files/p1/payment_plan.csv" "$files/p2/payment_plan.csv"
  # The plan's rows of the loans gone are rejected as CROSS_REFERENCE (a few per thousand).
fi

run tenant add BENCHRF --name "roll-forward bench" >/dev/null
sync_period() {  # name, source dir, period[, agent]
  local name=$1 source=$2 period=$3 binary=${4:-$agent} file start end timings
  for file in credit payment_plan; do
    run load-csv --tenant BENCHRF --loan-type RETAIL --file-type "$file" --period "$period" \
      --file "$source/$file.csv" >/dev/null
  done
  start=$(date +%s.%N)
  "$binary" --data-dir "$dir/data" --log-level info sync --tenant BENCHRF --loan-type RETAIL \
    --period "$period" >"$dir/$name.out" 2>"$dir/$name.log"
  end=$(date +%s.%N)
  grep -h "roll-forward against" "$dir/$name.log" | sed 's/.*: roll-forward/  roll-forward/' || true
  timings=$(sed -n 's/.*timings (ms)  //p' "$dir/$name.out")
  echo "$name ($period): sync $(echo "$end - $start" | bc) s wall; stage timings (ms) $timings"
  grep -E "^sync .*: (COMPLETED|FAILED)|findings|reason" "$dir/$name.out" | sed 's/^/  /'
}
sync_period p1 "$files/p1" 2026-10
sync_period p2 "$files/p2" 2026-11
outs=("$agent=$dir/p2.out")
if [ "$repeat" -gt 0 ]; then
  mkdir -p "$dir/again"
  cp "$files/p2/credit.csv" "$files/p2/payment_plan.csv" "$dir/again/"
  for i in $(seq 1 "$repeat"); do
    printf '\n' >>"$dir/again/credit.csv"
    printf '\n' >>"$dir/again/payment_plan.csv"
    binary=$agent
    [ -n "$compare" ] && [ $((i % 2)) -eq 1 ] && binary=$compare
    sync_period "p2-again$i" "$dir/again" 2026-11 "$binary"
    outs+=("$binary=$dir/p2-again$i.out")
  done
fi
python3 - "${outs[@]}" <<'PY'
import json, re, sys
shares = {}
for arg in sys.argv[1:]:
    binary, path = arg.split("=", 1)
    text = open(path).read()
    t = json.loads(re.search(r"timings \(ms\)  (\{.*\})", text).group(1))
    total = sum(t.values())
    checks = t.get("ROLL_FORWARD", 0) + t.get("DRIFT", 0)
    shares.setdefault(binary, []).append(100.0 * checks / total)
    print(f"{binary}: roll-forward {t.get('ROLL_FORWARD', 0)} ms + drift {t.get('DRIFT', 0)} ms "
          f"= {checks} ms of {total} ms of stages: {shares[binary][-1]:.1f} % (target < 15 %)")
for binary, s in shares.items():
    if len(s) > 1:
        print(f"{binary}: {len(s)} syncs of period 2: checks {min(s):.1f}-{max(s):.1f} % of the sync")
PY

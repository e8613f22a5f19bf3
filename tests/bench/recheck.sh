#!/usr/bin/env bash
# Peak RSS of the agent in the syncs whose memory follows a count of keys (issue 14), on embedded
# databases in a scratch directory, for generated RETAIL files:
#   package      credit file + payment plan (the plan checked against the credits)
#   recheck      a credit-only sync that re-checks the live payment plan (its batch replayed
#                from the warehouse plus the rows of its delivered file the batch lacks)
#   credit       a credit-only sync of a tenant without a plan (the credit file screened for
#                duplicates in a pre-pass above duplicate_screen_above_mb)
# Prints each sync's wall time and peak RSS. Not a test: CI never runs it.
#
# usage: tests/bench/recheck.sh [--agent PATH] [--loans N] [--payment-rows M]
#   defaults: build/release/agent/findata-agent, 100000 loans, 1200000 payment rows.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
agent="$here/../../build/release/agent/findata-agent"
loans=100000
payment_rows=1200000
while [ $# -gt 0 ]; do
  case "$1" in
    --agent) agent=$2; shift 2 ;;
    --loans) loans=$2; shift 2 ;;
    --payment-rows) payment_rows=$2; shift 2 ;;
    *) sed -n '2,13p' "$0" >&2; exit 2 ;;
  esac
done
[ -x "$agent" ] || { echo "no agent at $agent" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (package time)" >&2; exit 1; }

# shellcheck source=tests/bench/lib.sh
. "$here/lib.sh"
bench_dir recheck
bench_start_databases

run() { "$agent" --data-dir "$dir/data" --log-level warn "$@"; }
now() { date +%s.%N; }
# One sync of the tenant's staged files: "| what | seconds | peak RSS |".
measure() {
  local what=$1 tenant=$2 start
  start=$(now)
  /usr/bin/time -o "$dir/sync.time" -f "%M" "$agent" --data-dir "$dir/data" --log-level warn \
    sync --tenant "$tenant" --loan-type RETAIL >"$dir/sync.log" 2>&1 ||
    { cat "$dir/sync.log" >&2; exit 1; }
  grep -q COMPLETED "$dir/sync.log" || { cat "$dir/sync.log" >&2; exit 1; }
  printf '| %s | %.1f s | %s MB |\n' "$what" "$(echo "$(now) - $start" | bc)" \
    "$(echo "$(tail -1 "$dir/sync.time") / 1024" | bc)"
}

run generate --loan-type RETAIL --rows "$loans" --payment-rows "$payment_rows" --out "$dir/gen" >/dev/null
# The same credits again, one more (blank) line: new bytes, the same rows.
cp "$dir/gen/credit.csv" "$dir/credit-again.csv"
echo >>"$dir/credit-again.csv"

echo "| sync ($loans loans, $payment_rows payment rows) | time | agent peak RSS |"
echo "|---|---|---|"
run tenant add RECHECK --name "recheck" >/dev/null
run load-csv --tenant RECHECK --loan-type RETAIL --file-type credit --file "$dir/gen/credit.csv" >/dev/null
run load-csv --tenant RECHECK --loan-type RETAIL --file-type payment_plan --file "$dir/gen/payment_plan.csv" >/dev/null
measure "package: credit + payment plan" RECHECK
run load-csv --tenant RECHECK --loan-type RETAIL --file-type credit --file "$dir/credit-again.csv" >/dev/null
measure "recheck: credit only, the live plan re-checked" RECHECK
run tenant add CREDITONLY --name "credit only" >/dev/null
run load-csv --tenant CREDITONLY --loan-type RETAIL --file-type credit --file "$dir/gen/credit.csv" >/dev/null
measure "credit only, no plan" CREDITONLY

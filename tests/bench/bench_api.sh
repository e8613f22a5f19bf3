#!/usr/bin/env bash
# The REST API under load: a served agent (embedded databases in a scratch directory) holding
# N generated RETAIL credit rows (1,000,000 by default) of one tenant; `wrk` with 64 connections
# for ~10 s on GET /api/sync/logs/ and on GET /api/data/ pages sorted by a column, and the time of
# a full GET /api/profiling/. Prints requests/s and p50/p99 latency; targets: p99 < 50 ms,
# a data page < 100 ms, a full profile < 1 s. Only ever talks to 127.0.0.1; stops by itself.
#
# usage: tests/bench/bench_api.sh [--agent PATH] [--rows N] [--duration S] [--connections C]
#                                 [--keep DIR]
#   --agent  the findata-agent binary (default: build/release/agent/findata-agent, else on PATH)
#   --keep   reuse (or create) this data directory, with its loaded rows, across runs
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
agent=""
rows=1000000
duration=10
connections=64
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --agent) agent=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ -z "$agent" ]; then
  agent="$here/build/release/agent/findata-agent"
  [ -x "$agent" ] || agent=$(command -v findata-agent || true)
fi
[ -x "$agent" ] || { echo "no findata-agent binary; give --agent PATH" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing: run scripts/setup" >&2; exit 2; }

# shellcheck source=tests/bench/benchagent.sh
. "$here/tests/bench/benchagent.sh"

status() { curl -s -o /dev/null -m 60 -w '%{http_code}' -H "$auth" "$url$1"; }
millis() { curl -s -o /dev/null -m 60 -w '%{time_total}' -H "$auth" "$url$1" | awk '{printf "%.0f", $1 * 1000}'; }

# wrk's --latency report → "requests/s  p50  p99" on one line, plus the error count. A third
# argument is a wrk Lua script (it then chooses the paths).
bench() {
  local name=$1 path=$2 script=${3:-} out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s --latency -H "$auth" \
    ${script:+-s "$script"} "$url$path")
  local rps p50 p99 non2xx errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
  errors=$(awk '/Socket errors:/ {print}' <<<"$out")
  printf '%-38s %9s req/s   p50 %8s   p99 %8s   non-2xx %s %s\n' "$name" "$rps" "$p50" "$p99" \
    "${non2xx:-0}" "$errors"
}

echo "== wrk: $connections connections, ${duration} s each"
bench "GET /api/sync/logs/" "/api/sync/logs/"

# The full profile before the data pages, so it meets an idle warehouse. The first call
# computes it; the second may come from the agent's read cache.
profile_path="/api/profiling/?loan_type=RETAIL&data_type=credit"
for call in first second; do
  read -r code seconds < <(curl -s -o /dev/null -m 120 -w '%{http_code} %{time_total}\n' \
    -H "$auth" "$url$profile_path")
  if [ "$code" != 200 ]; then
    echo "GET /api/profiling/ answers $code: not timed (route missing or parameters differ)"
    break
  fi
  printf '%-38s %6.0f ms (%s call)\n' "GET /api/profiling/ (full)" \
    "$(echo "$seconds * 1000" | bc)" "$call"
done

data_path="/api/data/?loan_type=RETAIL&data_type=credit&sort=outstanding_principal_balance&order=desc&page=100&page_size=50"
code=$(status "/api/data/?loan_type=RETAIL&data_type=credit&page_size=1")
if [ "$code" = 200 ]; then
  printf '%-38s %6s ms (one request, uncached, idle agent)\n' "GET /api/data/ sorted page" \
    "$(millis "$data_path")"
  bench "GET /api/data/ same page (cached)" "$data_path"
  # Pages of 50 anywhere in the first 100,000 rows, sorted by one of six columns either way:
  # (almost) every request misses the agent's read cache and sorts in ClickHouse.
  cat >"$dir/pages.lua" <<'LUA'
local columns = {"outstanding_principal_balance", "days_past_due", "customer_id",
                 "nominal_interest_rate", "final_maturity_date", "original_loan_amount"}
function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
function request()
  local path = "/api/data/?loan_type=RETAIL&data_type=credit&page_size=50" ..
               "&sort=" .. columns[math.random(#columns)] ..
               "&order=" .. (math.random(2) == 1 and "asc" or "desc") ..
               "&page=" .. math.random(1, 2000)
  return wrk.format("GET", path)
end
LUA
  bench "GET /api/data/ random sorted pages" "/api/data/" "$dir/pages.lua"
else
  echo "GET /api/data/ answers $code: not benchmarked (route missing or parameters differ)"
fi

cleanup
trap - EXIT
echo "== stopped"

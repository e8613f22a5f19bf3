#!/usr/bin/env bash
# Sorted data pages of a large view (issue 14): a served agent (embedded databases in a scratch
# directory) holding N generated RETAIL credit rows (10,000,000 by default), its read cache off
# (every page is computed). Waits for the agent's sort index of the view (built at start, as
# after a sync), then prints, each beside its target:
#   the index build: wall time and ClickHouse's CPU seconds (the sync's extra cost after COMPLETED)
#   the storage of the index and its row store next to the fact table's (system.parts bytes)
#   100 random pages (random column, direction and offset, 50 rows) one at a time: p50 / p99
#   the same kind of pages with a filter that is always true (the SQL sort answers): p50 / p99
#   16 clients paging at random for --duration seconds (wrk): p99
# Only ever talks to 127.0.0.1; stops everything it started.
#
# usage: tests/bench/sortpages.sh [--agent PATH] [--rows N] [--duration S] [--keep DIR]
#   --agent  the findata-agent binary (default: build/release/agent/findata-agent, else on PATH)
#   --keep   reuse (or create) this data directory, with its loaded rows, across runs
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
agent=""
rows=10000000
duration=20
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --agent) agent=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    *) sed -n '2,16p' "$0" >&2; exit 2 ;;
  esac
done
if [ -z "$agent" ]; then
  agent="$here/build/release/agent/findata-agent"
  [ -x "$agent" ] || agent=$(command -v findata-agent || true)
fi
[ -x "$agent" ] || { echo "no findata-agent binary; give --agent PATH" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing: run scripts/setup" >&2; exit 2; }

# No read cache: every page below is computed (X-Cache is checked too).
export FINDATA_READ_CACHE_BYTES=0
# shellcheck source=tests/bench/benchagent.sh
. "$here/tests/bench/benchagent.sh"

ch() { curl -sS --fail-with-body "$FINDATA_CLICKHOUSE_URL/" --data-binary "$1"; }
clickhouse_pid=$(bench_clickhouse_pid)
ticks() { awk '{print $14 + $15}' "/proc/${1:-$clickhouse_pid}/stat"; }
hz=$(getconf CLK_TCK)
start_ticks=$(ticks)
agent_ticks=$(ticks "$server_pid")
start=$(date +%s.%N)

database="${tenant,,}_dw"
mapfile -t columns < <(curl -sS -H "$auth" "$url/api/data/?loan_type=RETAIL&data_type=credit&page_size=1" |
  python3 -c 'import json,sys; [print(c["name"]) for c in json.load(sys.stdin)["columns"]]')
[ "${#columns[@]}" -gt 0 ] || { echo "no columns from GET /api/data/" >&2; exit 1; }

# 1. The index: complete when every column and the key order are marked ready.
echo "== waiting for the sort index of ${#columns[@]} columns"
bench_wait_sort_index "$database" "${#columns[@]}"
build=$(echo "$(date +%s.%N) - $start" | bc)
cpu=$(echo "($(ticks) - $start_ticks) / $hz" | bc -l)
agent_cpu=$(echo "($(ticks "$server_pid") - $agent_ticks) / $hz" | bc -l)
printf '%-44s %8.1f s wall, %.1f s ClickHouse CPU, %.1f s agent CPU (%d rows, %d columns; after COMPLETED, in the background)\n' \
  "sort index build" "$build" "$cpu" "$agent_cpu" "$rows" "${#columns[@]}"
read -r index_bytes fact_bytes < <(ch "SELECT sumIf(bytes_on_disk, table IN ('sort_index', 'sort_rows')), sumIf(bytes_on_disk, table = 'fact_credit') FROM system.parts WHERE database = '$database' AND active FORMAT TSV")
printf '%-44s %8.0f MB next to the fact table'"'"'s %.0f MB (%.2f ×)\n' "sort index storage" \
  "$(echo "$index_bytes / 1048576" | bc -l)" "$(echo "$fact_bytes / 1048576" | bc -l)" \
  "$(echo "$index_bytes / $fact_bytes" | bc -l)"

# 2. Random pages one at a time: every one computed by the agent (X-Cache: miss).
random_page() {
  local column=${columns[RANDOM % ${#columns[@]}]} order=asc
  [ $((RANDOM % 2)) = 1 ] && order=desc
  local offset=$(((RANDOM * 32768 + RANDOM) % rows))
  echo "/api/data/?loan_type=RETAIL&data_type=credit&sort=$column&order=$order&limit=50&offset=$offset$1"
}
percentiles() {  # milliseconds on stdin → "p50 p99"
  sort -n | awk '{a[NR] = $1} END {p50 = a[int(NR * 0.5 + 0.5)]; p99 = a[int(NR * 0.99 + 0.5)]; printf "%.0f %.0f\n", p50, p99}'
}
timed_pages() {  # count, suffix → one line of milliseconds per page; fails on a cached answer
  local i
  for i in $(seq 1 "$1"); do
    curl -sS -o /dev/null -D "$dir/headers" -m 60 -w '%{http_code} %{time_total}\n' -H "$auth" \
      "$url$(random_page "$2")" | awk '{if ($1 != 200) {print "HTTP " $1 > "/dev/stderr"; exit 1} printf "%.1f\n", $2 * 1000}'
    if grep -qi '^x-cache: hit' "$dir/headers"; then echo "a cached page" >&2; exit 1; fi
  done
}
read -r p50 p99 < <(timed_pages 100 "" | percentiles)
printf '%-44s p50 %5s ms (target < 150)   p99 %5s ms (target < 400)\n' \
  "100 random uncached pages (index)" "$p50" "$p99"
read -r p50 p99 < <(timed_pages 10 "&total_installment_count__gte=0" | percentiles)
printf '%-44s p50 %5s ms                  p99 %5s ms\n' "10 random pages, SQL sort (always-true filter)" \
  "$p50" "$p99"

# 3. 16 clients paging at random.
cat >"$dir/sortpages.lua" <<LUA
local columns = {$(printf '"%s",' "${columns[@]}")}
function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
function request()
  local path = "/api/data/?loan_type=RETAIL&data_type=credit&limit=50" ..
               "&sort=" .. columns[math.random(#columns)] ..
               "&order=" .. (math.random(2) == 1 and "asc" or "desc") ..
               "&offset=" .. math.random(0, $rows - 1)
  return wrk.format("GET", path)
end
LUA
postgres_pid=$(bench_postgres_pid)
cpu_before="$(bench_cpu_ticks "$clickhouse_pid") $(bench_cpu_ticks "$server_pid") $(bench_cpu_ticks --tree "$postgres_pid")"
out=$(wrk -t2 -c16 -d"${duration}s" --timeout 10s --latency -H "$auth" -s "$dir/sortpages.lua" "$url/")
cpu_after="$(bench_cpu_ticks "$clickhouse_pid") $(bench_cpu_ticks "$server_pid") $(bench_cpu_ticks --tree "$postgres_pid")"
requests=$(awk '/requests in/ {print $1}' <<<"$out")
printf '%-44s p50 %8s   p99 %8s (target < 1 s)   %s req/s   non-2xx %s\n' \
  "16 clients, random pages, ${duration} s" \
  "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
  "$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")" \
  "$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out" | grep . || echo 0)"
# Where a page's time goes: CPU per page of each process (2 cores: 1000 ms / (sum / 2) pages/s).
read -r c0 a0 p0 <<<"$cpu_before"
read -r c1 a1 p1 <<<"$cpu_after"
awk -v n="$requests" -v hz="$hz" -v c=$((c1 - c0)) -v a=$((a1 - a0)) -v p=$((p1 - p0)) 'BEGIN {
  if (n < 1) n = 1
  printf "%-44s ClickHouse %.1f ms, agent %.1f ms, PostgreSQL %.1f ms (%d pages)\n",
    "  CPU per page", 1000 * c / hz / n, 1000 * a / hz / n, 1000 * p / hz / n, n }'

cleanup
trap - EXIT
echo "== stopped"

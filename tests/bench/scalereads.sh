# Sourced by scale.sh once its table is printed: the reads of issue 14, on the largest credit
# size's tenant ($largest_tenant, $largest rows, API key ${keys[...]}), served on loopback.
#   profile   first GET /api/profiling/ after the sync (what the sync stored); then the stored
#             profiles deleted and the agent restarted, the first GET again (recomputed)
#   index     the sort indexes the agent builds for a view of >= sort_index_above_rows rows
#             (at start, as after a sync): wall time, ClickHouse's CPU, storage
#   pages     GET /api/data/ sorted by a random catalog column, random direction, random page,
#             the agent's read cache off: 100 in a row, then 16 clients at once (20 pages each)

tenant=$largest_tenant
auth="Authorization: Api-Key ${keys[$tenant]}"
scope="loan_type=RETAIL&data_type=credit"

# "SECONDS STATUS" of one GET of $1 (path and query); the body lands in ${2:-$dir/read.json}.
get() {
  curl -sS -m 600 -o "${2:-$dir/read.json}" -w '%{time_total} %{http_code}' -H "$auth" "$url$1"
}
# Seconds of a GET that must answer 200; 503 (the agent's first look at its databases) waits.
get_ok() {
  local out status
  for _ in $(seq 1 60); do
    out=$(get "$1")
    status=${out##* }
    [ "$status" = 503 ] || break
    sleep 1
  done
  [ "$status" = 200 ] || { echo "GET $1: $status $(head -c 300 "$dir/read.json")" >&2; exit 1; }
  echo "${out% *}"
}
# The value at fraction $1 of the numbers on stdin (nearest rank).
percentile() {
  sort -g | awk -v p="$1" '{v[NR] = $1} END {i = int(p * NR); if (i < p * NR) i++; if (i < 1) i = 1; print v[i]}'
}
ms() { printf '%.0f ms' "$(echo "$1 * 1000" | bc -l)"; }

echo "== reads of $largest credit rows ($tenant)" >&2
database="${tenant,,}_dw"
clickhouse_pid=$(bench_clickhouse_pid)
ticks() { awk '{print $14 + $15}' "/proc/$clickhouse_pid/stat"; }
start_ticks=$(ticks)
start=$(now)
bench_serve_env=FINDATA_READ_CACHE_BYTES=0 bench_serve --warm-cache off --request-timeout 600s

ready=$(get_ok "/api/profiling/?$scope")
ready_source=$(jq -r '.source // "?"' "$dir/read.json")

get_ok "/api/data/?$scope&page_size=1" >/dev/null
mapfile -t columns < <(jq -r '.columns[].name' "$dir/read.json")
total=$(jq -r '.total' "$dir/read.json")
pages=$(((total + 49) / 50))
[ "${#columns[@]}" -gt 0 ] && [ "$pages" -gt 0 ] || { echo "no rows to page through" >&2; exit 1; }
index="none (fewer rows than sort_index_above_rows)"
if [ "$largest" -ge "${FINDATA_SORT_INDEX_ABOVE_ROWS:-1000000}" ]; then
  echo "== waiting for the sort indexes of ${#columns[@]} columns" >&2
  bench_wait_sort_index "$database" "${#columns[@]}"
  read -r index_bytes fact_bytes < <(ch "SELECT sumIf(bytes_on_disk, table IN ('sort_index', 'sort_rows')), sumIf(bytes_on_disk, table = 'fact_credit') FROM system.parts WHERE database = '$database' AND active FORMAT TSV")
  index=$(printf '%.0f s after the agent started, ClickHouse %.0f CPU-s; %.0f MB (%.2f × the fact table)' \
    "$(since "$start")" "$(echo "($(ticks) - $start_ticks) / $(getconf CLK_TCK)" | bc -l)" \
    "$(echo "$index_bytes / 1048576" | bc -l)" "$(echo "$index_bytes / $fact_bytes" | bc -l)")
fi

# One random sorted page; prints its seconds (fails on anything but 200).
random_page() {
  local column=${columns[RANDOM % ${#columns[@]}]}
  local order=asc page=$(((RANDOM * 32768 + RANDOM) % pages + 1))
  [ $((RANDOM % 2)) = 0 ] || order=desc
  local out
  out=$(get "/api/data/?$scope&sort=$column&order=$order&page=$page&page_size=50" "$1")
  [ "${out##* }" = 200 ] || { echo "sorted page $column $order $page: ${out##* }" >&2; return 1; }
  echo "${out% *}"
}
for _ in $(seq 1 100); do random_page "$dir/read.json"; done >"$dir/pages.one"
client_pids=()
for c in $(seq 1 16); do
  (for _ in $(seq 1 20); do random_page "$dir/read$c.json"; done >"$dir/pages.c$c") &
  client_pids+=($!)
done
for pid in "${client_pids[@]}"; do wait "$pid" || { echo "a paging client failed" >&2; exit 1; }; done
cat "$dir"/pages.c* >"$dir/pages.many"

# The recompute: no stored profile, a new agent process (no cache).
bench_stop_pid "$server_pid" 30
psql -q "$FINDATA_PG_URL" -c "DELETE FROM ${tenant,,}.batch_profiles" >/dev/null
bench_serve --warm-cache off --request-timeout 600s
recompute=$(get_ok "/api/profiling/?$scope")
recompute_source=$(jq -r '.source // "?"' "$dir/read.json")
bench_stop_pid "$server_pid" 30

echo
echo "| reads of $largest credit rows | measured | target |"
echo "|---|---|---|"
printf '| profile after COMPLETED, first GET (source %s) | %s | < 1 s |\n' "$ready_source" "$(ms "$ready")"
printf '| profile recomputed from the warehouse, first GET (source %s) | %.1f s | < 3 s |\n' \
  "$recompute_source" "$recompute"
printf '| sort indexes of the %d columns (built in the background after COMPLETED) | %s | — |\n' \
  "${#columns[@]}" "$index"
printf '| sorted page, one client: %d random pages (p50 / p99) | %s / %s | < 150 ms / < 400 ms |\n' \
  "$(wc -l <"$dir/pages.one")" "$(ms "$(percentile 0.5 <"$dir/pages.one")")" \
  "$(ms "$(percentile 0.99 <"$dir/pages.one")")"
printf '| sorted pages, 16 clients at once: %d pages (p50 / p99) | %s / %s | p99 < 1 s |\n' \
  "$(wc -l <"$dir/pages.many")" "$(ms "$(percentile 0.5 <"$dir/pages.many")")" \
  "$(ms "$(percentile 0.99 <"$dir/pages.many")")"

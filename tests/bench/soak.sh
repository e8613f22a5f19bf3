#!/usr/bin/env bash
# Soak benchmark of a served agent: N × (upload + sync) of one generated credit file while R
# reader loops page through /api/data/ (varying pages and sorts) and ask /api/kpis/. After each
# sync it prints the sync's duration, the agent's RSS (VmRSS) and peak RSS (VmHWM) from /proc and
# the disk the data directory uses; at the end the p50/p99 of the reads and the disk growth per
# sync. Targets (issue 12): peak RSS < 256 MB over 50 syncs of 300 k rows with 8 readers.
#
#   tests/bench/soak.sh [--syncs 50] [--rows 300000] [--readers 8] [--payment-rows 0]
#                       [--quick] [--agent PATH] [--preload LIB] [--keep DIR]
#
# --quick: 5 syncs of 50 000 rows, for trying. --preload LIB runs only the agent (not its
# databases) with LD_PRELOAD=LIB, e.g. /usr/lib/x86_64-linux-gnu/libjemalloc.so.2, to compare
# allocators. The databases run as a separate `findata-agent databases` process, so the RSS
# figures are the agent's alone. Not run by CTest.
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
agent=""
syncs=50
rows=300000
readers=8
payment_rows=0
preload=""
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --agent) agent=$2; shift 2 ;;
    --syncs) syncs=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --readers) readers=$2; shift 2 ;;
    --payment-rows) payment_rows=$2; shift 2 ;;
    --preload) preload=$2; shift 2 ;;
    --quick) syncs=5; rows=50000; shift ;;
    --keep) keep=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ -z "$agent" ]; then
  for candidate in "$here/build/release/agent/findata-agent" "$here/build/dev/agent/findata-agent"; do
    [ -x "$candidate" ] && { agent=$candidate; break; }
  done
  [ -n "$agent" ] || agent=$(command -v findata-agent || true)
fi
[ -x "$agent" ] || { echo "no findata-agent binary; give --agent PATH" >&2; exit 2; }
[ -z "$preload" ] || [ -r "$preload" ] || { echo "cannot read $preload" >&2; exit 2; }
for tool in curl jq bc; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run scripts/setup" >&2; exit 2; }
done

# shellcheck source=tests/bench/lib.sh
. "$here/tests/bench/lib.sh"
bench_dir soak "$keep"
reader_pids=()
bench_at_exit+=('for pid in "${reader_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done'
  'for pid in "${reader_pids[@]}"; do wait "$pid" 2>/dev/null || true; done')

# 1. The embedded databases, in a process of their own (URLs reach the agent via the environment).
bench_start_databases

# 2. The file, generated once, and a tenant.
run() { "$agent" --data-dir "$dir/data" --log-level warn "$@"; }
# Two versions (seeds 1 and 2) taken in turn: the agent does not stage again the file it synced
# last.
for seed in 1 2; do
  if [ ! -s "$dir/gen$seed/credit.csv" ]; then
    echo "== generating $rows RETAIL credit rows, seed $seed (payment plan rows: $payment_rows)"
    run generate --loan-type RETAIL --rows "$rows" --payment-rows "$payment_rows" --seed "$seed" \
      --out "$dir/gen$seed" >/dev/null
  fi
done
tenant=SOAK
keyfile="$dir/key"
[ -s "$keyfile" ] || bench_tenant_key "$tenant" "Soak benchmark" >"$keyfile"
auth="Authorization: Api-Key $(cat "$keyfile")"

# 3. Serve (the scheduler quiet: every sync is started by this script).
bench_serve_env=${preload:+LD_PRELOAD=$preload} bench_serve_grace=60 bench_serve --warm-cache off
log="$dir/serve.log"
echo "== agent $server_pid at $url ($agent${preload:+, LD_PRELOAD=$preload})"

# kB of a /proc/PID/status field, in MB.
proc_mb() { awk -v f="$2:" '$1 == f {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
disk_mb() { du -sm "$dir/data" 2>/dev/null | cut -f1; }

upload() {
  local file=$1 type=$2
  curl -sf -m 600 -o /dev/null -X POST -H "$auth" -H 'Content-Type: text/csv' \
    --data-binary "@$file" "$url/api/uploads/?loan_type=RETAIL&file_type=$type&filename=$type.csv"
}

# Starts a sync and waits for its end; prints "STATUS SECONDS ROWS_LOADED".
sync_once() {
  local id status reply
  id=$(curl -s -m 60 -X POST -H "$auth" -H 'Content-Type: application/json' \
    -d '{"loan_type":"RETAIL"}' "$url/api/sync/" | tee -a "$dir/sync-replies" | jq -r .sync_id)
  [ -n "$id" ] && [ "$id" != null ] || { echo "NO-SYNC 0 0"; return; }
  for _ in $(seq 1 200); do
    reply=$(curl -s -m 60 -H "$auth" "$url/api/sync/logs/$id/?wait=30")
    status=$(jq -r .status <<<"$reply")
    case "$status" in COMPLETED | FAILED) break ;; esac
  done
  jq -r '"\(.status) \(.duration_seconds) \(.rows_loaded)"' <<<"$reply"
}

# 4. The first sync, so the readers find data; then the readers.
upload "$dir/gen1/credit.csv" credit
[ "$payment_rows" -eq 0 ] || upload "$dir/gen1/payment_plan.csv" payment_plan
read -r status seconds loaded < <(sync_once)
[ "$status" = COMPLETED ] || { echo "the first sync ended $status:" >&2; tail -20 "$log" >&2; exit 1; }

# One reader: batches of 20 requests in one curl (one connection), each line "CODE SECONDS".
reader() {
  local n=$1 columns=(outstanding_principal_balance days_past_due customer_id
    nominal_interest_rate final_maturity_date original_loan_amount)
  local orders=(asc desc) args
  RANDOM=$((n * 7919 + $$))
  while :; do
    args=()
    for _ in $(seq 1 20); do
      if [ $((RANDOM % 5)) -eq 0 ]; then
        args+=(-o /dev/null "$url/api/kpis/?loan_type=RETAIL")
      else
        args+=(-o /dev/null "$url/api/data/?loan_type=RETAIL&data_type=credit&page_size=50&sort=${columns[RANDOM % 6]}&order=${orders[RANDOM % 2]}&page=$((RANDOM % 2000 + 1))")
      fi
    done
    curl -s -m 120 -H "$auth" -w '%{http_code} %{time_total}\n' "${args[@]}" || true
  done >>"$dir/reads.$n"
}
rm -f "$dir"/reads.*
for n in $(seq 1 "$readers"); do
  reader "$n" &
  reader_pids+=($!)
done

disk0=$(disk_mb)
echo "== sync 1 (before the readers): $status in ${seconds} s, $loaded rows; RSS $(proc_mb "$server_pid" VmRSS) MB, disk $disk0 MB"
echo "== $syncs syncs of $rows rows with $readers readers"
printf '%5s %10s %8s %9s %9s %9s %10s\n' sync status seconds rows "RSS MB" "HWM MB" "disk MB"
failed=0
for i in $(seq 1 "$syncs"); do
  gen="$dir/gen$((i % 2 + 1))"
  upload "$gen/credit.csv" credit || { echo "upload $i failed" >&2; failed=$((failed + 1)); }
  [ "$payment_rows" -eq 0 ] || upload "$gen/payment_plan.csv" payment_plan
  read -r status seconds loaded < <(sync_once)
  [ "$status" = COMPLETED ] || failed=$((failed + 1))
  kill -0 "$server_pid" 2>/dev/null || { echo "the agent died:" >&2; tail -20 "$log" >&2; exit 1; }
  printf '%5d %10s %8.1f %9s %9s %9s %10s\n' "$i" "$status" "$seconds" "$loaded" \
    "$(proc_mb "$server_pid" VmRSS)" "$(proc_mb "$server_pid" VmHWM)" "$(disk_mb)"
done

for pid in "${reader_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
for pid in "${reader_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
reader_pids=()

disk1=$(disk_mb)
hwm=$(proc_mb "$server_pid" VmHWM)
echo "== summary"
echo "peak RSS (VmHWM): $hwm MB (target < 256 MB)"
echo "disk: $disk0 MB after the first sync, $disk1 MB after $syncs more: $(echo "scale=1; ($disk1 - $disk0) / $syncs" | bc) MB a sync"
for part in postgres clickhouse uploads; do
  [ -d "$dir/data/$part" ] && echo "  $part: $(du -sm "$dir/data/$part" | cut -f1) MB"
done
cat "$dir"/reads.* | awk 'NF == 2' | sort -k2 -g >"$dir/reads.sorted"
total=$(wc -l <"$dir/reads.sorted")
if [ "$total" -gt 0 ]; then
  pct() { awk -v n="$total" -v p="$1" 'NR == int(n * p / 100 + 0.999) {printf "%.0f", $2 * 1000; exit}' "$dir/reads.sorted"; }
  non200=$(awk '$1 != 200' "$dir/reads.sorted" | wc -l)
  echo "reads: $total (non-200: $non200), p50 $(pct 50) ms, p99 $(pct 99) ms, max $(pct 100) ms"
fi
echo "syncs not COMPLETED: $failed"
[ "$failed" -eq 0 ]

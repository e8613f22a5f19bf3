#!/usr/bin/env bash
# Profiles of issue 14, measured: for a generated RETAIL credit file of --rows rows, on embedded
# databases in a scratch directory,
#   sync cost     `sync` staged → COMPLETED with profile_during_sync on and off (one tenant
#                 each, the same file; --repeat alternates which goes first)
#   ready         the first GET /api/profiling/ after the sync (profile stored by the sync)
#   both merged   GET of both loan types (a COMMERCIAL file of --commercial-rows synced too) from
#                 the profiles' stored states, no scan
#   recompute     the first GET /api/profiling/ of the tenant synced without it (one scan of
#                 the warehouse, Native stream profiled by the agent) with where its time went:
#                 ClickHouse's CPU (/proc/<pid>/stat), the agent's, the bytes streamed; then
#                 both loan types (COMMERCIAL scanned alone, merged with RETAIL's new state)
# and prints each target beside its figure. Not a test: CI never runs it.
#
# usage: tests/bench/profile.sh [--agent PATH] [--rows N] [--commercial-rows N] [--repeat R]
#                               [--dir DIR]
#   defaults: build/release/agent/findata-agent, --rows 1000000, --commercial-rows rows/4,
#   --repeat 1, a scratch directory under /tmp (--dir: there instead, kept at the end).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
agent="$here/../../build/release/agent/findata-agent"
rows=1000000
commercial_rows=""
repeat=1
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --agent) agent=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --commercial-rows) commercial_rows=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --dir) keep=$2; shift 2 ;;
    *) sed -n '2,21p' "$0" >&2; exit 2 ;;
  esac
done
[ -n "$commercial_rows" ] || commercial_rows=$((rows / 4))
[ -x "$agent" ] || { echo "no agent at $agent (cmake --build --preset release --target findata-agent)" >&2; exit 1; }

# shellcheck source=tests/bench/lib.sh
. "$here/lib.sh"
bench_dir profile "$keep"
bench_start_databases

run() { "$agent" --data-dir "$dir/data" --log-level warn "$@"; }
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }

# A tenant with the file staged; prints its API key.
tenant_with_file() {
  bench_tenant_key "$1" "profile bench"
  run load-csv --tenant "$1" --loan-type RETAIL --file-type credit --file "$dir/gen/credit.csv" \
    >/dev/null
}
# Seconds of `sync` of tenant $1 with profile_during_sync $2 (loan type $3, default RETAIL).
sync_seconds() {
  local start; start=$(now)
  FINDATA_PROFILE_DURING_SYNC=$2 "$agent" --data-dir "$dir/data" --log-level info \
    sync --tenant "$1" --loan-type "${3:-RETAIL}" >"$dir/sync.log" 2>&1 || { cat "$dir/sync.log" >&2; exit 1; }
  grep -q COMPLETED "$dir/sync.log" || { cat "$dir/sync.log" >&2; exit 1; }
  since "$start"
  # The profiling thread's own account (profile on): its CPU, and how long the sync waited for it.
  grep -o 'profile of .*' "$dir/sync.log" | sed 's/^/   /' >&2 || true
}

echo "== generating $rows RETAIL credit rows" >&2
run generate --loan-type RETAIL --rows "$rows" --payment-rows 0 --out "$dir/gen" >/dev/null
echo "== generating $commercial_rows COMMERCIAL credit rows" >&2
run generate --loan-type COMMERCIAL --rows "$commercial_rows" --payment-rows 0 --out "$dir/genc" \
  --seed 2 >/dev/null
declare -A keys
on_times=()
off_times=()
for i in $(seq 1 "$repeat"); do
  keys[ON$i]=$(tenant_with_file "PROFON$i")
  keys[OFF$i]=$(tenant_with_file "PROFOFF$i")
  if [ $((i % 2)) -eq 1 ]; then
    off_times+=("$(sync_seconds "PROFOFF$i" off)")
    on_times+=("$(sync_seconds "PROFON$i" on)")
  else
    on_times+=("$(sync_seconds "PROFON$i" on)")
    off_times+=("$(sync_seconds "PROFOFF$i" off)")
  fi
  printf '== sync %d: profile on %.2f s, off %.2f s\n' "$i" "${on_times[-1]}" "${off_times[-1]}" >&2
done
# Both loan types: the COMMERCIAL file synced for the first two tenants (profile on / off).
for t in ON1:on OFF1:off; do
  run load-csv --tenant "PROF${t%%:*}" --loan-type COMMERCIAL --file-type credit \
    --file "$dir/genc/credit.csv" >/dev/null
  sync_seconds "PROF${t%%:*}" "${t##*:}" COMMERCIAL >/dev/null
done
rm -rf "$dir/gen" "$dir/genc"

bench_serve_log_level=info bench_serve --warm-cache off --request-timeout 300s
log="$dir/serve.log"

# Seconds of one GET of the profile ($1: key, $2: query), and what it says of itself.
get_profile() {
  local out status
  for _ in 1 2 3 4 5; do  # 503 while the agent's first look at its databases is pending
    out=$(curl -sS -o "$dir/profile.json" -w '%{time_total} %{http_code}' \
      -H "Authorization: Api-Key $1" "$url/api/profiling/?$2")
    status=${out##* }
    [ "$status" = 503 ] || break
    sleep 2
  done
  [ "$status" = 200 ] || { echo "GET /api/profiling/?$2: $status $(cat "$dir/profile.json")" >&2; exit 1; }
  local source rowsin
  source=$(grep -o '"source":"[a-z]*"' "$dir/profile.json" | head -1 | cut -d'"' -f4)
  rowsin=$(grep -o '"rows":[0-9]*' "$dir/profile.json" | head -1 | cut -d: -f2)
  echo "$out $source $rowsin"
}
# CPU seconds (utime + stime) of a process so far.
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }
clickhouse_pid=$(bench_clickhouse_pid)
read -r ready _ ready_source ready_rows < <(get_profile "${keys[ON1]}" "loan_type=RETAIL&data_type=credit")
read -r merged _ merged_source merged_rows < <(get_profile "${keys[ON1]}" "data_type=credit")
ch0=$(cpu_of "$clickhouse_pid"); ag0=$(cpu_of "$server_pid")
read -r recompute _ recompute_source recompute_rows < <(get_profile "${keys[OFF1]}" "loan_type=RETAIL&data_type=credit")
ch1=$(cpu_of "$clickhouse_pid"); ag1=$(cpu_of "$server_pid")
read -r both _ both_source both_rows < <(get_profile "${keys[OFF1]}" "data_type=credit")
echo "== the agent's account of its scans:" >&2
grep -o 'warehouse profile of .*\|profile of [0-9]* credit rows.*' "$log" | sed 's/^/   /' >&2 || true
[ "$ready_rows" = "$rows" ] && [ "$recompute_rows" = "$rows" ] ||
  { echo "profiles of $ready_rows / $recompute_rows rows, expected $rows" >&2; exit 1; }

avg() { printf '%s\n' "$@" | awk '{s += $1} END {printf "%.2f", s / NR}'; }
on=$(avg "${on_times[@]}")
off=$(avg "${off_times[@]}")
echo
echo "| $rows credit rows ($(nproc) cores, $(date -u +%Y-%m-%d)) | measured | target |"
echo "|---|---|---|"
printf '| sync with the profile / without (mean of %d) | %.2f s / %.2f s (%+.1f %%) | ≤ +10 %% |\n' \
  "$repeat" "$on" "$off" "$(echo "($on - $off) / $off * 100" | bc -l)"
printf '| profile after COMPLETED: first GET (source %s) | %.3f s | < 1 s |\n' "$ready_source" "$ready"
printf '| both loan types from stored states (source %s, %s rows) | %.3f s | < 3 s |\n' \
  "$merged_source" "$merged_rows" "$merged"
printf '| profile recomputed from the warehouse: first GET (source %s) | %.2f s | < 3 s |\n' \
  "$recompute_source" "$recompute"
printf '|   its CPU: ClickHouse / the agent | %.2f s / %.2f s | — |\n' \
  "$(echo "$ch1 - $ch0" | bc)" "$(echo "$ag1 - $ag0" | bc)"
printf '| both loan types, COMMERCIAL (%s rows) scanned + merged (source %s, %s rows) | %.2f s | < 3 s |\n' \
  "$commercial_rows" "$both_source" "$both_rows" "$both"

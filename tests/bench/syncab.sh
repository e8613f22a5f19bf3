#!/usr/bin/env bash
# Before/after of a sync on a busy machine: agents A and B (and more) alternate (A B A B …) on one
# generated RETAIL credit file, each run on a tenant of its own on the same embedded databases.
# Per run it prints the sync's wall time next to ClickHouse's Native floor for the same rows (as
# tests/bench/scale.sh measures it), and the CPU each process spent — which survives the load that
# wall times do not: the agent (user + sys), ClickHouse (/proc/<pid>/stat), PostgreSQL (the
# postmaster's reaped backends, read after they exit) — then the sync's stage timings and its
# log lines on the validating thread (CPU, waits for a CPU, ClickHouse and PostgreSQL).
# Not a test: CI never runs it.
#
# usage: tests/bench/syncab.sh [--rows N] [--repeat R] AGENT_A [AGENT_B …]
#   defaults: --rows 1000000 --repeat 2. Copy each build's agent aside first.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rows=1000000
repeat=2
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    -*) sed -n '2,12p' "$0" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
agents=("$@")
for a in "${agents[@]}"; do [ -x "$a" ] || { echo "no agent at $a" >&2; exit 1; }; done
agent=${agents[0]}

# shellcheck source=tests/bench/lib.sh
. "$here/lib.sh"
bench_dir syncab
bench_start_databases
hz=$(getconf CLK_TCK)
clickhouse_pid=$(bench_clickhouse_pid)
postgres_pid=$(pgrep -P "$databases_pid" postgres | head -1)
# CPU seconds of a process and its reaped children.
cpu() { awk -v hz="$hz" '{print ($14 + $15 + $16 + $17) / hz}' "/proc/$1/stat"; }
now() { date +%s.%N; }
ch() { curl -sS --fail-with-body "$FINDATA_CLICKHOUSE_URL/" --data-binary "$1" "${@:2}"; }

"$agent" --data-dir "$dir/data" --log-level warn generate --loan-type RETAIL --rows "$rows" \
  --payment-rows 0 --out "$dir/gen" >/dev/null
n=0
for _ in $(seq 1 "$repeat"); do
  for a in "${agents[@]}"; do
    n=$((n + 1))
    tenant="AB$n"
    "$a" --data-dir "$dir/data" --log-level warn tenant add "$tenant" --name "ab $n" >/dev/null
    "$a" --data-dir "$dir/data" --log-level warn load-csv --tenant "$tenant" --loan-type RETAIL \
      --file-type credit --file "$dir/gen/credit.csv" >/dev/null
    sleep 2
    c0=$(cpu "$clickhouse_pid"); p0=$(cpu "$postgres_pid"); start=$(now)
    /usr/bin/time -o "$dir/time" -f "%U %S" "$a" --data-dir "$dir/data" --log-level info \
      sync --tenant "$tenant" --loan-type RETAIL >"$dir/sync.log" 2>&1 ||
      { cat "$dir/sync.log" >&2; exit 1; }
    wall=$(echo "$(now) - $start" | bc); c1=$(cpu "$clickhouse_pid")
    sleep 2  # the sync's PostgreSQL backends exit after the agent: their CPU counts once reaped
    p1=$(cpu "$postgres_pid")
    grep -q COMPLETED "$dir/sync.log" || { cat "$dir/sync.log" >&2; exit 1; }
    db="ab${n}_dw"  # the tenant's warehouse: its schema + _dw (store/tenants.cpp)
    ch "SELECT * FROM $db.fact_credit FORMAT Native" -o "$dir/rows.native"
    ch "CREATE TABLE $db.ab_floor AS $db.fact_credit" >/dev/null
    sleep 2
    f0=$(cpu "$clickhouse_pid"); start=$(now)
    curl -sS --fail-with-body -X POST -T "$dir/rows.native" \
      -H 'Content-Type: application/octet-stream' \
      "$FINDATA_CLICKHOUSE_URL/?query=INSERT%20INTO%20$db.ab_floor%20FORMAT%20Native" >/dev/null
    floor=$(echo "$(now) - $start" | bc); f1=$(cpu "$clickhouse_pid")
    ch "DROP TABLE $db.ab_floor" >/dev/null
    rm -f "$dir/rows.native"
    read -r user sys <"$dir/time"
    printf 'run %d %s: sync %.2f s / floor %.2f s = %.2f × | CPU s: agent %.2f, ClickHouse %.2f (floor %.2f), PostgreSQL %.2f | load %s\n' \
      "$n" "$a" "$wall" "$floor" "$(echo "$wall / $floor" | bc -l)" "$(echo "$user + $sys" | bc)" \
      "$(echo "$c1 - $c0" | bc)" "$(echo "$f1 - $f0" | bc)" "$(echo "$p1 - $p0" | bc)" \
      "$(cut -d' ' -f1 /proc/loadavg)"
    grep -E "timings|validated|insert finished|control totals|screened" "$dir/sync.log" |
      sed -E 's/^\[[^]]*\] \[sync\] \[info\] sync [0-9a-f-]+: /    /; s/^ +/    /'
  done
done

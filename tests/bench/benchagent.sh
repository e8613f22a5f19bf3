# Sourced by the API and desktop benchmarks: a served agent on embedded databases in a scratch
# directory (or --keep DIR) holding $rows generated RETAIL credit rows of one tenant.
# Expects: here, agent, rows, keep. Sets: dir, url, key, auth, server_pid, databases_pid and an
# EXIT trap that stops everything (call cleanup to stop earlier). warm_cache=on lets the agent
# compute profiles and KPIs at start (default off: the API benchmark times that computation).

# shellcheck source=tests/bench/lib.sh
. "$here/tests/bench/lib.sh"
bench_dir bench-api "$keep"
cleanup() { bench_cleanup; }

# 1. The embedded databases, once for every step (their URLs reach the agent's commands through
#    FINDATA_PG_URL / FINDATA_CLICKHOUSE_URL).
bench_start_databases

run() { "$agent" --data-dir "$dir/data" --log-level warn "$@"; }
tenant=BENCHAPI
keyfile="$dir/key"

# 2. Data: one tenant with the generated rows loaded (skipped when --keep holds them already).
if [ ! -s "$keyfile" ]; then
  echo "== generating $rows RETAIL credit rows"
  run generate --loan-type RETAIL --rows "$rows" --payment-rows 1 --out "$dir/gen" >/dev/null
  bench_tenant_key "$tenant" "API benchmark" >"$keyfile.new"
  start=$(date +%s.%N)
  run load-csv --tenant "$tenant" --loan-type RETAIL --file-type credit \
    --file "$dir/gen/credit.csv" >/dev/null
  run sync --tenant "$tenant" --loan-type RETAIL | tail -4
  printf '== staged and synced in %.1f s\n' "$(echo "$(date +%s.%N) - $start" | bc)"
  rm -rf "$dir/gen"
  mv "$keyfile.new" "$keyfile"
fi
key=$(cat "$keyfile")
auth="Authorization: Api-Key $key"

# 3. Serve on a free loopback port. A long scheduler interval keeps the runs quiet.
# The agent stops first at exit; if a warehouse query holds it, stopping the databases releases it.
bench_serve --warm-cache "${warm_cache:-off}"
log="$dir/serve.log"
echo "== agent at $url"

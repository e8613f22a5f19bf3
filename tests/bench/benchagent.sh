# Sourced by the API and desktop benchmarks: a served agent on embedded databases in a scratch
# directory (or --keep DIR) holding $rows generated RETAIL credit rows of one tenant.
# Expects: here, agent, rows, keep. Sets: dir, url, key, auth, server_pid, databases_pid and an
# EXIT trap that stops everything (call cleanup to stop earlier). warm_cache=on lets the agent
# compute profiles and KPIs at start (default off: the API benchmark times that computation).

# shellcheck source=tests/bench/lib.sh
. "$here/tests/bench/lib.sh"
bench_dir bench-api "$keep"
server_pid=""
# The agent first; if a warehouse query holds it, stopping the databases releases it.
bench_at_exit+=('bench_stop_pid "$server_pid" 30')
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
  # Not a terminal: the agent writes the key to a 0600 file and prints its path.
  written=$(run tenant add "$tenant" --name "API benchmark" |
    sed -n "s/^API key of $tenant: written to \(.*\) (readable only by this account)\$/\1/p")
  [ -n "$written" ] && cat "$written" >"$keyfile.new"
  [ -s "$keyfile.new" ] || { echo "no API key from 'tenant add'" >&2; exit 1; }
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
log="$dir/serve.log"
: >"$log"  # exists before the agent's shell opens it, for the sed below
"$agent" --data-dir "$dir/data" --log-level warn serve --listen 127.0.0.1:0 \
  --scheduler-interval 1d --warm-cache "${warm_cache:-off}" >"$log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 120); do
  url=$(sed -n 's/^listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$log" | head -1)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 1
done
[ -n "$url" ] || { echo "the agent did not start:" >&2; cat "$log" >&2; exit 1; }
case "$url" in http://127.0.0.1:*) ;; *) echo "refusing to load $url" >&2; exit 1 ;; esac
echo "== agent at $url"

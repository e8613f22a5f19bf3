# Sourced by the bench scripts: a scratch directory and the embedded databases, which go away
# when the script ends. Expects $agent (the findata-agent binary). Provides:
#   bench_dir NAME [KEEP]    $dir: KEEP when given (kept at the end), else a new
#                            /tmp/findata-NAME.XXXXXX (removed at the end); the EXIT trap
#   bench_start_databases    `$agent databases` on $dir/data in the background ($databases_pid);
#                            their URLs exported (FINDATA_PG_URL, FINDATA_CLICKHOUSE_URL), which
#                            is how the agent's commands find them; loopback only
#   bench_stop_pid PID GRACE SIGTERM, up to GRACE seconds, then SIGKILL
#   bench_at_exit+=(CMD …)   commands run at exit before the databases stop (e.g. a server)
#   bench_tenant_key T NAME  a new tenant's API key
#   bench_serve [ARGS…]      a served agent: $server_pid, $url
#   bench_wait_sort_index DB C   until a view of C columns of warehouse DB is fully indexed
#   bench_clickhouse_pid     the pid of the embedded ClickHouse server (for its CPU time)
#   bench_postgres_pid       the pid of the embedded PostgreSQL's postmaster
#   bench_cpu_ticks [--tree] PID   CPU ticks of PID (and, with --tree, of its live children)

bench_at_exit=()
databases_pid=""
bench_keep=""

bench_stop_pid() {
  local pid=$1 grace=$2
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 "$grace"); do kill -0 "$pid" 2>/dev/null || return 0; sleep 1; done
  echo "process $pid did not stop within ${grace} s: killed" >&2
  kill -KILL "$pid" 2>/dev/null || true
}

bench_cleanup() {
  local command
  for command in "${bench_at_exit[@]}"; do eval "$command" || true; done
  bench_stop_pid "$databases_pid" 120
  [ -n "$bench_keep" ] || [ -z "${dir:-}" ] || rm -rf "$dir"
}

bench_dir() {
  bench_keep=${2:-}
  if [ -n "$bench_keep" ]; then
    dir=$bench_keep
    mkdir -p "$dir"
  else
    dir=$(mktemp -d "/tmp/findata-$1.XXXXXX")
  fi
  chmod 711 "$dir"  # the embedded database accounts must reach the staged files
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_start_databases() {
  rm -f "$dir/urls"
  "$agent" databases --data-dir "$dir/data" --urls-file "$dir/urls" >"$dir/databases.log" 2>&1 &
  databases_pid=$!
  for _ in $(seq 1 120); do
    [ -s "$dir/urls" ] && break
    kill -0 "$databases_pid" 2>/dev/null || { cat "$dir/databases.log" >&2; exit 1; }
    sleep 1
  done
  [ -s "$dir/urls" ] || { echo "the databases did not start" >&2; exit 1; }
  set -a
  # shellcheck disable=SC1091
  . "$dir/urls"
  set +a
  case "$FINDATA_CLICKHOUSE_URL" in
    http://*@127.0.0.1:*) ;;
    *) echo "refusing $FINDATA_CLICKHOUSE_URL" >&2; exit 1 ;;
  esac
}

# bench_tenant_key TENANT NAME   adds the tenant on $dir/data and prints its API key (not a
#                                terminal: the agent writes the key to a 0600 file and names it)
bench_tenant_key() {
  local written
  written=$("$agent" --data-dir "$dir/data" --log-level warn tenant add "$1" --name "$2" |
    sed -n "s/^API key of $1: written to \(.*\) (readable only by this account)\$/\1/p")
  [ -n "$written" ] && [ -s "$written" ] || { echo "no API key from 'tenant add $1'" >&2; exit 1; }
  cat "$written"
}

# bench_serve [SERVE ARGS…]      `$agent serve` on a free loopback port in the background, its
#                                log in $dir/serve.log; sets server_pid and url (http://127.0.0.1:P)
#                                and stops it at exit ($bench_serve_grace s, default 30, then
#                                SIGKILL). $bench_serve_env: VAR=value words for env;
#                                $bench_serve_log_level: default warn.
bench_serve() {
  local log="$dir/serve.log"
  : >"$log"  # exists before the agent's shell opens it, for the sed below
  # shellcheck disable=SC2086
  env ${bench_serve_env:-} "$agent" --data-dir "$dir/data" --log-level "${bench_serve_log_level:-warn}" serve \
    --listen 127.0.0.1:0 --scheduler-interval 1d "$@" >"$log" 2>&1 &
  server_pid=$!
  bench_at_exit+=("bench_stop_pid $server_pid ${bench_serve_grace:-30}")
  url=""
  for _ in $(seq 1 120); do
    url=$(sed -n 's/^listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$log" | head -1)
    [ -n "$url" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 1
  done
  [ -n "$url" ] || { echo "the agent did not start:" >&2; cat "$log" >&2; exit 1; }
  case "$url" in http://127.0.0.1:*) ;; *) echo "refusing $url" >&2; exit 1 ;; esac
}

# bench_wait_sort_index DATABASE C   waits (up to 2 h, while the served agent lives) until a
#                                    view of C columns of the warehouse database is fully
#                                    indexed: C orders, the key order and the row store, C + 2
#                                    markers in sort_index_ready
bench_wait_sort_index() {
  local ready=0
  set -- "$1" $(($2 + 2))
  for _ in $(seq 1 7200); do
    ready=$(curl -sS "$FINDATA_CLICKHOUSE_URL/" \
      --data-binary "SELECT count() FROM $1.sort_index_ready" 2>/dev/null | tr -d '\n' || true)
    [ "${ready:-0}" -ge "$2" ] 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$dir/serve.log" >&2; exit 1; }
    sleep 1
  done
  echo "no complete sort index in $1 after 2 h ($ready of $2)" >&2
  exit 1
}

# bench_clickhouse_pid               the embedded ClickHouse server's pid (a child of `databases`)
bench_clickhouse_pid() {
  ps --ppid "$databases_pid" -o pid=,comm= | awk '$2 ~ /clickhouse/ {print $1; exit}'
}

# PostgreSQL's postmaster (its backends are its children: bench_cpu_ticks counts them once
# they exited, so sample after the work's connections closed, or compare like with like).
bench_postgres_pid() {
  ps --ppid "$databases_pid" -o pid=,comm= | awk '$2 ~ /postgres/ {print $1; exit}'
}

# CPU ticks (user + system) of a process, its exited children included; of a process and the
# live children of it with --tree.
bench_cpu_ticks() {
  if [ "${1:-}" = --tree ]; then
    local total=0 pid
    for pid in $2 $(ps --ppid "$2" -o pid= 2>/dev/null); do
      total=$((total + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    echo "$total"
  else
    awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat"
  fi
}

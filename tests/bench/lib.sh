# Sourced by the bench scripts: a scratch directory and the embedded databases, which go away
# when the script ends. Expects $agent (the findata-agent binary). Provides:
#   bench_dir NAME [KEEP]    $dir: KEEP when given (kept at the end), else a new
#                            /tmp/findata-NAME.XXXXXX (removed at the end); the EXIT trap
#   bench_start_databases    `$agent databases` on $dir/data in the background ($databases_pid);
#                            their URLs exported (FINDATA_PG_URL, FINDATA_CLICKHOUSE_URL), which
#                            is how the agent's commands find them; loopback only
#   bench_stop_pid PID GRACE SIGTERM, up to GRACE seconds, then SIGKILL
#   bench_at_exit+=(CMD …)   commands run at exit before the databases stop (e.g. a server)

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

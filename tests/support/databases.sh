#!/usr/bin/env bash
# CTest fixture: starts one embedded PostgreSQL + ClickHouse for the whole test run (the same code
# the agent uses: `findata-agent databases`) and stops it afterwards.
#   databases.sh start AGENT DIR   — fresh servers under DIR; DIR/urls holds their URLs
#   databases.sh stop DIR
set -euo pipefail
action=$1
if [ "$action" = start ]; then
  agent=$2 dir=$3
  if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
    kill -TERM "$(cat "$dir/pid")" || true
    for _ in $(seq 1 60); do kill -0 "$(cat "$dir/pid")" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  chmod 0755 "$dir"
  setsid "$agent" databases --data-dir "$dir" --urls-file "$dir/urls" >"$dir/databases.log" 2>&1 &
  echo $! >"$dir/pid"
  for _ in $(seq 1 240); do
    [ -f "$dir/urls" ] && { cat "$dir/urls"; exit 0; }
    kill -0 "$(cat "$dir/pid")" 2>/dev/null || break
    sleep 0.5
  done
  echo "test databases did not start; log:" >&2
  tail -n 40 "$dir/databases.log" >&2
  exit 1
else
  dir=$2
  [ -f "$dir/pid" ] || exit 0
  pid=$(cat "$dir/pid")
  kill -TERM "$pid" 2>/dev/null || exit 0
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
fi

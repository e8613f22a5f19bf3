#!/usr/bin/env bash
# The desktop client with a large tenant: a served agent holding N generated RETAIL credit rows
# (1,000,000 by default; see benchagent.sh), warmed as a running agent is, then bench_desktop
# (offscreen): launch to a populated dashboard, and memory after visiting every screen.
# Targets: < 1.5 s and < 200 MB.
#
# usage: tests/bench/bench_desktop.sh [--build DIR] [--rows N] [--keep DIR]
#   --build  the build directory with findata-agent and bench_desktop (default build/release)
#   --keep   reuse (or create) this data directory, with its loaded rows, across runs
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
build="$here/build/release"
rows=1000000
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$(realpath "$2"); shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
agent="$build/agent/findata-agent"
bench="$build/tests/bench/bench_desktop"
[ -x "$agent" ] && [ -x "$bench" ] || {
  echo "build findata-agent and bench_desktop in $build first" >&2; exit 2; }

warm_cache=on
# shellcheck source=tests/bench/benchagent.sh
. "$here/tests/bench/benchagent.sh"

# What the agent computes at start (profiles, KPIs) is ready before the client comes, as on an
# agent that has been running; this request waits for it.
curl -s -o /dev/null -m 300 -H "$auth" "$url/api/profiling/?loan_type=RETAIL&data_type=credit"

echo "== bench_desktop (offscreen), $rows rows"
QT_QPA_PLATFORM=offscreen "$bench" "$url" "$key"

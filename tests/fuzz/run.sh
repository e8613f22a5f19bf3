#!/usr/bin/env bash
# Builds the libFuzzer target over core/ (clang, ASan + UBSan), replays every regression input in
# tests/data/fuzz-regressions/, then fuzzes for a fixed budget from a seed corpus made of the
# project's own sample and broken files. A crash fails the run and leaves its input in
# build/fuzz/crashes/ — add it to tests/data/fuzz-regressions/ once fixed.
#   tests/fuzz/run.sh [SECONDS]   (default 60; FINDATA_FUZZ_SECONDS also sets it)
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${1:-${FINDATA_FUZZ_SECONDS:-60}}"
out=build/fuzz
mkdir -p "$out/crashes"
rm -rf "$out/corpus" && mkdir -p "$out/corpus"

echo "== building the fuzz target (clang, libFuzzer, ASan + UBSan)"
# shellcheck disable=SC2046
clang++ -std=c++20 -O1 -g -I. -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  $(ls core/*.cpp) tests/fuzz/fuzz_fileprocessor.cpp -o "$out/fuzz_fileprocessor"

# Seeds: every sample and broken file, each under all four (file type, loan type) choices of
# the control byte.
i=0
while IFS= read -r -d '' seed; do
  for control in '\x00' '\x01' '\x06' '\x0b'; do
    { printf "$control"; head -c 60000 "$seed"; } >"$out/corpus/seed-$i"
    i=$((i + 1))
  done
done < <(find tests/data data-test -type f \( -name '*.csv' -o -name '*.bin' \) -print0)

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if compgen -G "tests/data/fuzz-regressions/*" >/dev/null; then
  echo "== replaying tests/data/fuzz-regressions/"
  "$out/fuzz_fileprocessor" tests/data/fuzz-regressions/*
fi
echo "== fuzzing for $seconds s from $i seeds"
"$out/fuzz_fileprocessor" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
  -rss_limit_mb=2048 -artifact_prefix="$out/crashes/" -print_final_stats=1 "$out/corpus" \
  2>"$out/fuzz.log" || { tail -n 60 "$out/fuzz.log"; echo "fuzzing found a crash (see $out/crashes/)"; exit 1; }
grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$out/fuzz.log" || true
echo "== fuzzing: no crash in $seconds s"

#!/usr/bin/env bash
# Runs the scale benchmarks of BENCHMARKS.md at 10k, 100k and 1M reports
# (STRIKES_BENCH_SIZES=10k,100k narrows them; STRIKES_BENCH_SIZES=5M runs 5M,
# which imports for about a quarter of an hour). Takes several minutes at 1M.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${STRIKES_BENCH_DIR:=$(mktemp -d)}"; export STRIKES_BENCH_DIR
trap 'rm -rf "$STRIKES_BENCH_DIR"' EXIT
b() { go test ./bench -run '^$' -timeout 120m -bench "$1" -benchtime "$2" | grep -E '^Benchmark' ; }
b '^BenchmarkImport$' 1x
b '^BenchmarkFirstFrame$' 5x
b '^BenchmarkKey$' 2000x
b '^BenchmarkFilterTyping$' 5x
b '^BenchmarkCompare$' 100x
b '^BenchmarkMemory$' 1x
b '^BenchmarkCheck$' 1x

#!/usr/bin/env bash
# Kills a large `strikes import` with SIGKILL at random moments and checks,
# after every kill, that the store passes `strikes check` and holds exactly
# the state before or after the import (by the SHA-256 of its export).
# cmd/strikes TestKillDuringImport does the same in CI with a small file.
#
#   bench/crash.sh                     # 1,000,000 reports, 20 kills
#   ROWS=200000 KILLS=30 SEED=7 bench/crash.sh
#
# Takes about 20 minutes at a million rows. The data is synthetic
# (cmd/strikesgen), UCDP GED-shaped.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${ROWS:=1000000}" "${KILLS:=20}" "${SEED:=2026}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/strikes" ./cmd/strikes
go build -o "$dir/strikesgen" ./cmd/strikesgen
s() { "$dir/strikes" --db "$dir/strikes.db" "$@"; }
state() { s export | sha256sum | cut -d' ' -f1; }

echo "== generating $((ROWS / 10)) and $ROWS UCDP-shaped rows"
"$dir/strikesgen" -format ucdp -reports $((ROWS / 10)) -seed 1 -o "$dir/a.csv"
"$dir/strikesgen" -format ucdp -reports "$ROWS" -seed 2 -o "$dir/b.csv"

echo "== the state before: the first import"
s import --format ucdp-ged --dataset synthetic-a "$dir/a.csv" >/dev/null 2>&1
cp "$dir/strikes.db" "$dir/before.db"
before=$(state)

echo "== the state after: the second import, left alone"
start=$(date +%s.%N)
s import --format ucdp-ged --dataset synthetic-b "$dir/b.csv" >/dev/null 2>&1
took=$(echo "$(date +%s.%N) - $start" | bc)
s check >/dev/null
after=$(state)
echo "   the import takes ${took}s"

seen_before=0 seen_after=0
for i in $(seq 1 "$KILLS"); do
  cp "$dir/before.db" "$dir/strikes.db" # a stale strikes.db.tmp-import from the last kill stays
  at=$(awk -v s="$SEED" -v i="$i" -v t="$took" 'BEGIN { srand(s * 1000 + i); printf "%.3f", rand() * t }')
  # The binary itself, not the function s: $! must be the import's own pid.
  "$dir/strikes" --db "$dir/strikes.db" import --format ucdp-ged --dataset synthetic-b "$dir/b.csv" >/dev/null 2>&1 &
  pid=$!
  sleep "$at"
  kill -9 "$pid" 2>/dev/null || true
  rc=0; wait "$pid" 2>/dev/null || rc=$?
  killed="killed"; [ "$rc" -eq 137 ] || killed="finished first, exit $rc"
  if ! s check >"$dir/check.txt" 2>&1; then
    echo "kill $i at ${at}s: check failed:"; cat "$dir/check.txt"; exit 1
  fi
  case $(state) in
    "$before") seen_before=$((seen_before + 1)); what=before ;;
    "$after") seen_after=$((seen_after + 1)); what=after ;;
    *) echo "kill $i at ${at}s: the store holds neither the state before nor after the import"; exit 1 ;;
  esac
  echo "kill $i at ${at}s ($killed): sound, $what"
done
echo; echo "crash test passed: $KILLS kills, the store held the state before $seen_before times and after $seen_after times"

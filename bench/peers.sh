#!/usr/bin/env bash
# bench/peers.sh: strikes against VisiData on one CSV, on this machine, in
# one run. Not run by CI (it installs a package and takes minutes).
# Usage: bench/peers.sh [ROWS]   (default 1000000; VisiData is skipped
# above 1M rows, or with SKIP_VISIDATA=1)
#
# It generates one SYNTHETIC UCDP-GED-shaped CSV (cmd/strikesgen), then
# times, the screens driven in a real terminal (tmux, 160x50, polled every
# 10-20 ms):
#   1. VisiData from launch until its row count is complete;
#   2. strikes import of the CSV (wall, CPU and peak memory), and the
#      store's size against the CSV's;
#   3. the dashboard on the imported store until its first page of rows,
#      and until the whole store is loaded (its count final), best of 3;
#   4. strikes list --limit 20, show ID and list --json of everything
#      (time, peak memory, strikes per second);
#   5. VisiData selecting rows by regex on the actor column (side_a, |
#      russia) until the selection count is on screen, against the
#      dashboard filtering by actor (/actor:russia Enter) until the
#      filtered count is on screen.
# and prints the times and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
vd_on=1
if [ "${SKIP_VISIDATA:-}" = 1 ] || [ "$rows" -gt 1000000 ]; then vd_on=0; fi
if [ $vd_on = 1 ] && ! command -v vd >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y visidata >/dev/null
fi
command -v tmux >/dev/null || { echo "peers.sh needs tmux" >&2; exit 2; }

work=$(mktemp -d)
sock="peers-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/strikes" ./cmd/strikes
go build -o "$work/strikesgen" ./cmd/strikesgen
csv="$work/synthetic-ucdp.csv"
"$work/strikesgen" -reports "$rows" -format ucdp -o "$csv"
sync
now() { date +%s.%N; }
elapsed() { echo "$1 $2" | awk '{printf "%.3f", $2 - $1}'; }
# start CMD: run CMD in a fresh tmux session.
# It stops the last one first (stop), so that a caller who calls stop
# before it takes the time does not count that.
stop() {
  tmux -L "$sock" kill-server 2>/dev/null || true
  while tmux -L "$sock" has-session 2>/dev/null; do sleep 0.05; done
  sleep 0.2
}
start() {
  tmux -L "$sock" has-session 2>/dev/null && stop
  local tries=0
  until tmux -L "$sock" new-session -d -s p -x 160 -y 50 "$1; sleep 600" 2>/dev/null; do
    tries=$((tries + 1)); [ $tries -ge 20 ] && { echo "cannot start tmux" >&2; exit 1; }
    sleep 0.1
  done
  tmux -L "$sock" set-option -t p status off >/dev/null
}
screen() { tmux -L "$sock" capture-pane -p -t p 2>/dev/null || true; }
# until REGEX [ABSENT]: wait until the screen matches REGEX (and not ABSENT).
until_screen() {
  local end=$((SECONDS + 900))
  while :; do
    s=$(screen)
    if grep -qE -- "$1" <<<"$s" && { [ -z "${2:-}" ] || ! grep -qE -- "$2" <<<"$s"; }; then return 0; fi
    [ $SECONDS -ge $end ] && { echo "timed out waiting for /$1/:"; echo "$s"; exit 1; }
    sleep 0.02
  done
}
keys() { tmux -L "$sock" send-keys -t p "$@"; }
nrows=$(echo "$rows" | sed -E ':a;s/([0-9])([0-9]{3})($|,)/\1,\2\3/;ta')

# measure CMD...: prints "seconds cpu-seconds peak-MB" of one run.
measure() {
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  awk '{printf "%.2f %.2f %.0f", $1, $2 + $3, $4 / 1024}' "$work/time"
}
best3() { # the best of three runs of measure
  for i in 1 2 3; do measure "$@"; echo; done | sort -g | head -1
}

vd_load=- vd_select=- vd_selected=""
if [ $vd_on = 1 ]; then
  echo "== VisiData $(vd --version 2>/dev/null | head -1): load $rows rows"
  stop; t0=$(now)
  start "vd $csv"
  until_screen " $rows rows" '[0-9]+%'
  vd_load=$(elapsed "$t0" "$(now)")
  echo "   $vd_load s"
  echo "== VisiData: select rows by regex on side_a (| russia)"
  keys c; sleep 0.3; keys -l '^side_a$'; keys Enter; sleep 0.5
  t0=$(now)
  keys '|'; sleep 0.1; keys -l "[Rr]ussia"; keys Enter
  until_screen "selected [0-9]+ rows" '[0-9]+%'
  vd_select=$(elapsed "$t0" "$(now)")
  vd_selected=$(screen | grep -oE "selected [0-9]+ rows" | tail -1)
  echo "   $vd_select s ($vd_selected)"
  tmux -L "$sock" kill-server 2>/dev/null || true
fi

db="$work/strikes.db"
echo "== strikes import of $rows rows"
read -r imp_s imp_cpu imp_mb <<<"$(measure "$work/strikes" import --db "$db" --format ucdp-ged --dataset synthetic-ucdp "$csv")"
echo "   $imp_s s, $imp_cpu s of CPU, $imp_mb MB peak"
csv_mb=$(du -m --apparent-size "$csv" | cut -f1)
db_mb=$(du -m --apparent-size "$db" | cut -f1)
echo "   store $db_mb MB for a CSV of $csv_mb MB"

echo "== strikes: the dashboard's first page, then the whole store loaded"
first="" whole=""
for i in 1 2 3; do
  stop; t0=$(now)
  start "$work/strikes --db $db"
  until_screen "so far of|of $nrows strikes"
  t1=$(now)
  until_screen "of $nrows strikes"
  t2=$(now)
  echo "   run $i: first page $(elapsed "$t0" "$t1") s, all loaded $(elapsed "$t0" "$t2") s"
  first=$(printf '%s\n' $first "$(elapsed "$t0" "$t1")" | sort -g | head -1)
  whole=$(printf '%s\n' $whole "$(elapsed "$t0" "$t2")" | sort -g | head -1)
done
rss_mb=$(ps -o rss= -C strikes | sort -n | tail -1 | awk '{printf "%.0f", $1 / 1024}')
echo "   the dashboard holds $rss_mb MB once loaded"
echo "== strikes: filter by actor (/actor:russia Enter)"
keys /; sleep 0.3
t0=$(now)
keys -l "actor:russia"; keys Enter
until_screen "of $nrows strikes . actor:russia" "filtering"
st_filter=$(elapsed "$t0" "$(now)")
echo "   $st_filter s ($(screen | grep -oE "[0-9,]+ of $nrows strikes" | head -1))"
tmux -L "$sock" kill-server 2>/dev/null || true

echo "== strikes: the CLI"
id=$("$work/strikes" list --db "$db" --limit 1 --json | sed -E 's/^\{"id":"([^"]+)".*/\1/')
read -r l20_s l20_cpu l20_mb <<<"$(best3 "$work/strikes" list --db "$db" --limit 20)"
echo "   list --limit 20: $l20_s s, $l20_mb MB"
read -r show_s show_cpu show_mb <<<"$(best3 "$work/strikes" show --db "$db" "$id")"
echo "   show $id: $show_s s, $show_mb MB"
read -r json_s json_cpu json_mb <<<"$(best3 "$work/strikes" list --db "$db" --json)"
json_rate=$(echo "$rows $json_s" | awk '{printf "%.0f", $1 / $2}')
echo "   list --json of all: $json_s s ($json_rate strikes/s), $json_mb MB"

echo
r() { echo "$1 $2" | awk '{ if ($1 != "-" && $2 > 0) printf "%.1f×", $1 / $2; else print "-" }'; }
echo "| on this machine, $rows rows | VisiData | strikes | ratio (VisiData / strikes) |"
echo "|---|---|---|---|"
echo "| load to a browsable screen vs the dashboard's first page | $vd_load s | $first s | $(r "$vd_load" "$first") |"
echo "| load to a browsable screen vs the whole store loaded | $vd_load s | $whole s | $(r "$vd_load" "$whole") |"
echo "| select by regex on the actor column vs filter actor:russia | $vd_select s | $st_filter s | $(r "$vd_select" "$st_filter") |"
echo "| import | - | $imp_s s, $imp_cpu s CPU, $imp_mb MB | - |"
echo "| store size against the CSV ($csv_mb MB) | - | $db_mb MB | - |"
echo "| list --limit 20 | - | $l20_s s, $l20_mb MB | - |"
echo "| show ID | - | $show_s s, $show_mb MB | - |"
echo "| list --json of everything | - | $json_s s, $json_rate strikes/s, $json_mb MB | - |"
echo "| the dashboard's memory once loaded | - | $rss_mb MB | - |"

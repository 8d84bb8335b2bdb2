#!/usr/bin/env bash
# bench/peers.sh: strikes against VisiData on one 1M-row CSV, on this
# machine, in one run. Not run by CI (it installs a package and takes
# minutes). Usage: bench/peers.sh [ROWS]   (default 1000000)
#
# It generates one SYNTHETIC UCDP-GED-shaped CSV (cmd/strikesgen), then
# times, each driven in a real terminal (tmux, 160x50, screen polled every
# 20 ms):
#   1. VisiData from launch until its row count is complete;
#   2. strikes import of the CSV, then the dashboard until its first frame;
#   3. the dashboard on the already imported store until its first frame;
#   4. VisiData selecting rows by regex on the actor column (side_a, | russia)
#      until the selection count is on screen, against
#   5. the dashboard filtering by actor (/actor:russia Enter) until the
#      filtered count is on screen.
# and prints the times and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
if ! command -v vd >/dev/null 2>&1; then
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
start() {
  tmux -L "$sock" kill-server 2>/dev/null || true
  while tmux -L "$sock" has-session 2>/dev/null; do sleep 0.05; done
  sleep 0.2
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

echo "== VisiData $(vd --version 2>/dev/null | head -1): load $rows rows"
t0=$(now)
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

db="$work/strikes.db"
echo "== strikes: import $rows rows, then the dashboard's first frame"
t0=$(now)
start "$work/strikes import --db $db --format ucdp-ged --dataset synthetic-ucdp $csv >$work/import.log 2>&1 && $work/strikes --db $db"
until_screen "of $nrows strikes"
st_import_frame=$(elapsed "$t0" "$(now)")
echo "   $st_import_frame s ($(cat "$work/import.log" | tr -d '\r' | tail -1))"

echo "== strikes: first frame on the imported store"
best=""
for i in 1 2 3; do
  t0=$(now)
  start "$work/strikes --db $db"
  until_screen "of $nrows strikes"
  t=$(elapsed "$t0" "$(now)")
  echo "   run $i: $t s"
  best=$(printf '%s\n' $best "$t" | sort -g | head -1)
done
st_frame=$best
echo "== strikes: filter by actor (/actor:russia Enter)"
keys /; sleep 0.3
t0=$(now)
keys -l "actor:russia"; keys Enter
until_screen "of $nrows strikes . actor:russia" "filtering"
st_filter=$(elapsed "$t0" "$(now)")
echo "   $st_filter s ($(screen | grep -oE "[0-9,]+ of $nrows strikes" | head -1))"

echo
echo "| on this machine, $rows rows | VisiData | strikes | ratio (VisiData / strikes) |"
echo "|---|---|---|---|"
r() { echo "$1 $2" | awk '{ if ($2 > 0) printf "%.1f", $1 / $2; else print "-" }'; }
echo "| load to a browsable screen (VisiData) vs import + first frame | $vd_load s | $st_import_frame s | $(r "$vd_load" "$st_import_frame")× |"
echo "| load to a browsable screen (VisiData) vs first frame of the imported store | $vd_load s | $st_frame s | $(r "$vd_load" "$st_frame")× |"
echo "| select by regex on the actor column vs filter actor:russia | $vd_select s | $st_filter s | $(r "$vd_select" "$st_filter")× |"

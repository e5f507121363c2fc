#!/usr/bin/env bash
# Prints raw and gzip sizes of everything in dist/ (the numbers quoted in closing notes) and
# fails when the wasm's gzip size passes the budget in scripts/size-budget (a size check is
# deterministic, unlike a timing, so CI can hold it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../dist"
printf '%-48s %10s %10s\n' file raw gzip
total_raw=0; total_gz=0; wasm_gz=0; app_gz=0; lazy_gz=0
for f in $(find . -type f ! -name ".*" | sort); do
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  case "$f" in
    # The spreadsheet worker is downloaded only when a spreadsheet is imported or exported.
    ./sheets*) lazy_gz=$((lazy_gz + gz)) ;;
    *.wasm) wasm_gz=$((wasm_gz + gz)); app_gz=$((app_gz + gz)) ;;
    *.js|*.css|*.html|*.woff2) app_gz=$((app_gz + gz)) ;;
  esac
  printf '%-48s %10d %10d\n' "${f#./}" "$raw" "$gz"
done
printf '%-48s %10d %10d\n' TOTAL "$total_raw" "$total_gz"
printf '%-48s %10s %10d\n' "app (wasm + js + css + html + fonts)" "" "$app_gz"
printf '%-48s %10s %10d\n' "spreadsheet worker (on first use)" "" "$lazy_gz"
budget=$(grep -v '^#' "$here/size-budget" | tr -d '[:space:]')
if [ "$wasm_gz" -gt "$budget" ]; then
  echo "FAIL: the wasm is $wasm_gz bytes gzip, over the budget of $budget (scripts/size-budget)." >&2
  echo "Find what grew with twiggy (see docs/performance.md) before raising the budget." >&2
  exit 1
fi
echo "wasm gzip $wasm_gz bytes: within the budget of $budget bytes (scripts/size-budget)."

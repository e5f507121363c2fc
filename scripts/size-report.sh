#!/usr/bin/env bash
# Prints raw and gzip sizes of everything in dist/ (the numbers quoted in closing notes).
set -euo pipefail
cd "$(dirname "$0")/../dist"
printf '%-48s %10s %10s\n' file raw gzip
total_raw=0; total_gz=0
for f in $(find . -type f ! -name ".*" | sort); do
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-48s %10d %10d\n' "${f#./}" "$raw" "$gz"
done
printf '%-48s %10d %10d\n' TOTAL "$total_raw" "$total_gz"

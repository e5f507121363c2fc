#!/usr/bin/env bash
# Every change to the dataset goes through one door: `Dispatch::run` with a domain `Command`
# (src/ui/dispatch.rs). The dataset's write half may only be named there and where it is created
# and kept in step with storage and other tabs (ui/persist); anywhere else is a bug.
set -euo pipefail
cd "$(dirname "$0")/.."
allowed='^src/ui/((dispatch|app)\.rs|persist/)'
found=$(grep -rlE 'WriteSignal<Dataset>|RwSignal<Dataset>|set_ds\b|signal\(loaded\.dataset' src || true)
bad=$(printf '%s\n' "$found" | grep -vE "$allowed" | grep -v '^$' || true)
if [ -n "$bad" ]; then
  echo "The dataset is written outside Dispatch::run in:" >&2
  printf '  %s\n' $bad >&2
  exit 1
fi
# The old hand-written paths must not come back.
old=$(grep -rnE '\.set\.(update|set)\(|store\.apply\(|say_undoable|Ok::<\(\), \(\)>' src/ui || true)
if [ -n "$old" ]; then
  echo "A data change bypasses the command dispatcher:" >&2
  echo "$old" >&2
  exit 1
fi
echo "dispatch check: every data change goes through Dispatch::run"

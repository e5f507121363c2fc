#!/bin/sh
# Trunk post-build hook, run on the staged dist/ (both steps in one hook: Trunk runs the hooks of
# a stage concurrently, and the second step lists the first one's output).
#  1. Moves Trunk's inline start-up script into boot-<hash>.js, so the Content-Security-Policy in
#     index.html can forbid inline scripts.
#  2. Copies wasm-split's chunks of the app and their loader (scripts/bin/wasm-bindgen made them)
#     next to the app, through wasm-opt in a release build like the app itself.
#  3. Writes sw.js (from pwa/sw.js) with the list of files to precache and a version that changes
#     whenever any file changes, so browsers install the new build.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk}"
cd "$dir"

# The bindings go on window as soon as they are imported (Trunk sets them only after start-up):
# wasm-split's loader takes the app's memory and table from them, and a section opened by the
# address starts loading while the app is still starting.
awk '/<script type="module">/ {inside = 1; next} inside && /<\/script>/ {inside = 0; next}
  inside {print} inside && /^import init, \* as bindings from/ {print "window.wasmBindings = bindings;"}' index.html > boot.tmp
if ! grep -q '^window.wasmBindings = bindings;$' boot.tmp; then
  echo "post-build: Trunk's start-up script no longer imports the bindings as expected" >&2
  exit 1
fi
if [ ! -s boot.tmp ]; then
  echo "post-build: no inline start-up script found in index.html" >&2
  exit 1
fi
boot="boot-$(sha256sum boot.tmp | cut -c1-16).js"
mv boot.tmp "$boot"
awk -v src="$boot" '
  /<script type="module">/ {inside = 1; printf "<script type=\"module\" src=\"./%s\"></script>\n", src; next}
  inside && /<\/script>/ {inside = 0; next}
  !inside {print}
' index.html > index.tmp
mv index.tmp index.html
if grep -q '<script type="module">' index.html; then
  echo "post-build: an inline script is left in index.html" >&2
  exit 1
fi

for js in kariz-*.js; do
  link=$(grep -o '__wasm_split-[0-9a-f]*\.js' "$js" | head -n 1 || true)
  [ -n "$link" ] || continue
  split="${CARGO_TARGET_DIR:-$TRUNK_SOURCE_DIR/target}/wasm-bindgen/$TRUNK_PROFILE/wasm-split"
  if [ ! -f "$split/$link" ]; then
    echo "post-build: $js imports $link, which is not in $split" >&2
    exit 1
  fi
  cp "$split/$link" .
  chunks=$(grep -o '"\./[A-Za-z0-9_-]*\.wasm"' "$link" | tr -d '"' | sed 's|^\./||' | sort -u)
  for chunk in $chunks; do
    # KARIZ_KEEP_NAMES: a build for CPU profiles keeps function names (`make profile`).
    if [ "$TRUNK_PROFILE" = release ] && [ -z "${KARIZ_KEEP_NAMES:-}" ]; then
      wasm-opt -Oz "$split/$chunk" -o "$chunk" 2>/dev/null
    else
      cp "$split/$chunk" .
    fi
  done
  echo "post-build: $(echo "$chunks" | wc -w) wasm chunks loaded on demand by $link"
done

files=$(find . -type f ! -name sw.js | sed 's|^\./||' | LC_ALL=C sort)
version=$(for f in $files; do sha256sum "$f"; done | sha256sum | cut -c1-16)
# The spreadsheet worker (sheets*) is fetched only by those who import or export a spreadsheet:
# not precached, so installing the app does not download it; cached the first time it is used.
list=$(for f in $files; do case "$f" in sheets*) ;; *) printf '"%s",' "$f" ;; esac; done | sed 's/,$//')
lazy=$(for f in $files; do case "$f" in sheets*) printf '"%s",' "$f" ;; esac; done | sed 's/,$//')
sed -e "s/__VERSION__/$version/" -e "s|__FILES__|[$list]|" -e "s|__LAZY__|[$lazy]|" "$TRUNK_SOURCE_DIR/pwa/sw.js" > sw.js
echo "post-build: $boot; sw.js with $(echo "$files" | wc -l) files (spreadsheet worker on first use), version $version"

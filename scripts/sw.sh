#!/bin/sh
# Trunk post-build hook: writes sw.js into the staged dist/ with the list of files to precache
# and a version that changes whenever any file changes (so browsers install the new build).
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk}"
cd "$dir"
files=$(find . -type f ! -name sw.js | sed 's|^\./||' | LC_ALL=C sort)
version=$(for f in $files; do sha256sum "$f"; done | sha256sum | cut -c1-16)
list=$(for f in $files; do printf '"%s",' "$f"; done | sed 's/,$//')
sed -e "s/__VERSION__/$version/" -e "s|__FILES__|[$list]|" "$TRUNK_SOURCE_DIR/pwa/sw.js" > sw.js
echo "sw.js: $(echo "$files" | wc -l) files, version $version"

#!/usr/bin/env bash
# Vendor the JavaScript/CSS a News Atlas map embeds, from the npm registry (npm pack, no install).
# Rebuilds data/assets/ from scratch; versions are pinned here and recorded in data/assets/MANIFEST.txt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/data/assets"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# package@version  files to keep (relative to the package root)
packages=(
  "leaflet@1.9.4 dist/leaflet.js dist/leaflet.css dist/images/layers.png dist/images/layers-2x.png dist/images/marker-icon.png LICENSE"
  "leaflet.markercluster@1.5.3 dist/leaflet.markercluster.js dist/MarkerCluster.css dist/MarkerCluster.Default.css MIT-LICENCE.txt"
)

rm -rf "$dest"
mkdir -p "$dest"
{
  echo "# Map assets vendored by scripts/fetch_assets.sh from the npm registry (npm pack)."
  echo "# package version sha1-of-tarball licence"
} > "$dest/MANIFEST.txt"
for entry in "${packages[@]}"; do
  read -r spec files <<<"$entry"
  name=${spec%@*}
  version=${spec##*@}
  (cd "$tmp" && npm pack "$spec" --silent >/dev/null)
  tarball=$(ls "$tmp"/"$name"-"$version".tgz)
  mkdir -p "$tmp/$name" "$dest/$name"
  tar xzf "$tarball" -C "$tmp/$name"
  for f in $files; do
    mkdir -p "$dest/$name/$(dirname "$f")"
    cp "$tmp/$name/package/$f" "$dest/$name/$f"
  done
  licence=$(node -e "console.log(require('$tmp/$name/package/package.json').license)")
  echo "$name $version $(sha1sum "$tarball" | cut -d' ' -f1) $licence" >> "$dest/MANIFEST.txt"
done
cat "$dest/MANIFEST.txt"

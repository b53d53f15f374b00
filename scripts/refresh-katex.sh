#!/usr/bin/env bash
# Refresh the KaTeX copy the site is built with, from the npm package.
# Usage: scripts/refresh-katex.sh [VERSION]   (needs npm; the build itself never fetches anything)
# The build runs src/multiclass_site/katex/katex.min.js (in V8, through mini-racer) to typeset every
# formula; the pages then need only the stylesheet and the fonts, served from docs/assets/katex/.
# Kept: the script, the stylesheet with its woff2 fonts (every browser the site supports reads
# woff2; the woff and ttf fallbacks are dropped from the stylesheet and not copied), the licence.
set -euo pipefail
version="${1:-0.19.1}"
root="$(cd "$(dirname "$0")/.." && pwd)"
script_dir="$root/src/multiclass_site/katex"
assets="$root/docs/assets/katex"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
set -x
(cd "$work" && npm pack --silent "katex@$version" >/dev/null)
tar xzf "$work/katex-$version.tgz" -C "$work"
rm -rf "$script_dir" "$assets"
mkdir -p "$script_dir" "$assets/fonts"
cp "$work/package/dist/katex.min.js" "$work/package/LICENSE" "$script_dir/"
cp "$work/package/LICENSE" "$assets/"
cp "$work/package/dist/fonts/"*.woff2 "$assets/fonts/"
sed -E 's/,url\(fonts\/[^)]*\.woff\) format\("woff"\),url\(fonts\/[^)]*\.ttf\) format\("truetype"\)//g' \
  "$work/package/dist/katex.min.css" > "$assets/katex.min.css"
if grep -qE '\.(woff|ttf)\)' "$assets/katex.min.css"; then
  echo "katex.min.css still names woff or ttf fonts: update the sed expression above" >&2
  exit 1
fi
printf 'katex %s (MIT, see LICENSE), from the npm package by scripts/refresh-katex.sh\n' "$version" \
  | tee "$script_dir/VERSION" > "$assets/VERSION"
du -sh "$script_dir" "$assets"

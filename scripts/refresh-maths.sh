#!/usr/bin/env bash
# Refresh what the site typesets its maths with: Temml (from npm) and Latin Modern Math (Debian).
# Usage: scripts/refresh-maths.sh [TEMML_VERSION]  (needs npm, apt-get, dpkg-deb and the project's
# .venv; the build itself never fetches anything)
#
# src/multiclass_site/temml/: temml.min.js, which src/multiclass_site/maths.py runs in V8 (through
#   mini-racer) to turn every formula into MathML when the site is built; the pages load no script.
# docs/assets/maths/: Temml's stylesheet for Latin Modern (temml.css; the font it names is the
#   build's subset, maths.woff2, under the subset's own name) and Temml.woff2 (primes), MIT.
# src/multiclass_site/fonts/: Latin Modern Math (GUST Font License) as woff2, lossless from the
#   Debian package's OpenType file. The build cuts it down to the glyphs the pages use, renamed as
#   the licence asks (src/multiclass_site/maths_font.py), and serves that; browsers draw MathML in
#   it (docs/assets/maths/maths.css).
set -euo pipefail
version="${1:-0.13.5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
temml="$root/src/multiclass_site/temml"
fonts="$root/src/multiclass_site/fonts"
python="$root/.venv/bin/python"  # fontTools and brotli come with the docs dependencies
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
set -x
(cd "$work" && npm pack --silent "temml@$version" >/dev/null)
tar xzf "$work/temml-$version.tgz" -C "$work"
rm -rf "$temml" && mkdir -p "$temml"
cp "$work/package/dist/temml.min.js" "$work/package/LICENSE" "$temml/"
printf 'temml %s (MIT, see LICENSE), from the npm package by scripts/refresh-maths.sh\n' "$version" \
  > "$temml/VERSION"
assets="$root/docs/assets/maths"
rm -rf "$assets" && mkdir -p "$assets"
cp "$work/package/dist/Temml.woff2" "$work/package/LICENSE" "$temml/VERSION" "$assets/"
sed -e "s#url('./latinmodernmath.woff2')#url('maths.woff2') format('woff2')#" \
  -e 's/"Latin Modern Math"/"Multiclass Maths"/; s/font-family: Latin Modern Math;/font-family: "Multiclass Maths";/' \
  "$work/package/dist/Temml-Latin-Modern.css" > "$assets/temml.css"
grep -q "url('maths.woff2')" "$assets/temml.css" || { echo "temml.css: font URL not replaced" >&2; exit 1; }

(cd "$work" && apt-get download fonts-lmodern >/dev/null)
dpkg-deb -x "$work"/fonts-lmodern_*.deb "$work/lm"
otf="$work/lm/usr/share/texmf/fonts/opentype/public/lm-math/latinmodern-math.otf"
docs="$work/lm/usr/share/texmf/doc/fonts/lm-math"
rm -rf "$fonts" && mkdir -p "$fonts"
"$python" -m fontTools.ttLib.woff2 compress -o "$fonts/latinmodern-math.woff2" "$otf"
cp "$docs/GUST-FONT-LICENSE.txt" "$docs/README-Latin-Modern-Math.txt" \
  "$docs/MANIFEST-Latin-Modern-Math.txt" "$fonts/"
cp "$docs/GUST-FONT-LICENSE.txt" "$root/docs/assets/maths/"
deb="$(basename "$work"/fonts-lmodern_*.deb)"
printf 'Latin Modern Math (GUST Font License, see GUST-FONT-LICENSE.txt), from Debian %s\n' "$deb" \
  > "$fonts/VERSION"
du -sh "$temml" "$fonts"

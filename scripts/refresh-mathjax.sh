#!/usr/bin/env bash
# Refresh the MathJax copy the site serves itself (docs/assets/mathjax/) from the npm packages.
# Usage: scripts/refresh-mathjax.sh [VERSION]   (needs npm; the site itself never fetches MathJax)
# Kept: the TeX-to-SVG bundle, the accessibility and menu components it loads on demand, the
# speech rules for English and the Nemeth braille rules (the labels screen readers and braille
# displays read), and the New Computer Modern SVG font ranges a maths page can need.
# Dropped: CommonHTML/MathML bundles, node entry points, other speech locales, and font ranges for
# scripts the site does not write (Arabic, Hebrew, Devanagari, Cherokee, Cyrillic, Braille, PUA).
set -euo pipefail
version="${1:-4.1.3}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/docs/assets/mathjax"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
set -x
(cd "$work" && npm pack --silent "mathjax@$version" "@mathjax/mathjax-newcm-font@$version" >/dev/null)
mkdir -p "$work/mj" "$work/font"
tar xzf "$work/mathjax-$version.tgz" -C "$work/mj"
tar xzf "$work/mathjax-mathjax-newcm-font-$version.tgz" -C "$work/font"
rm -rf "$dest"
mkdir -p "$dest/sre/mathmaps" "$dest/fonts/mathjax-newcm-font/svg/dynamic"
cp "$work/mj/package/"{tex-svg.js,LICENSE} "$dest/"
cp -r "$work/mj/package/"{a11y,ui} "$dest/"
cp "$work/mj/package/sre/speech-worker.js" "$dest/sre/"
cp "$work/mj/package/sre/mathmaps/"{base,en,nemeth}.json "$dest/sre/mathmaps/"
for f in "$work/font/package/svg/dynamic/"*.js; do
  case "$(basename "$f")" in
    arabic.js|hebrew.js|devanagari.js|cherokee.js|cyrillic*.js|braille*.js|PUA.js) ;;
    *) cp "$f" "$dest/fonts/mathjax-newcm-font/svg/dynamic/" ;;
  esac
done
cp "$work/font/package/package.json" "$dest/fonts/mathjax-newcm-font/package.json"
printf 'mathjax %s and @mathjax/mathjax-newcm-font %s (Apache-2.0, see LICENSE), trimmed by scripts/refresh-mathjax.sh\n' \
  "$version" "$version" > "$dest/VERSION"
du -sh "$dest"

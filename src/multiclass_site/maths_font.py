"""The maths font the site serves: Latin Modern Math cut down, when the site is built, to its glyphs.

Browsers draw the MathML of the pages (see :mod:`multiclass_site.maths`) in an OpenType font with a
MATH table, which tells them how to place scripts and limits, and how to stretch brackets and
arrows. The site serves Latin Modern Math (GUST Font License; ``fonts/``, refreshed by
``scripts/refresh-maths.sh``) cut down to the characters its formulas use, with every size variant
and part of a stretchy glyph that the MATH table names (fontTools' subsetter keeps them), as woff2:
the whole font is 390 kB, the site's part a sixth of it. The cut font is renamed, as the licence
asks of a modified font, and a browser loads it only for a page that draws a formula
(``docs/assets/maths/temml.css`` declares it).

The formulas of every page go through :func:`characters` while MkDocs renders the pages; once the
last page is rendered, :func:`page_done` writes the font into the site folder
(``assets/maths/maths.woff2``). No MkDocs hook is involved: the Markdown extension finds the page,
the list of pages and the site folder in MkDocs' own ``relpath`` tree processor, as
:mod:`multiclass_site.notebook_extension` does.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fontTools import subset
from fontTools.ttLib import TTFont

__all__ = ["FAMILY", "FONT", "characters", "font_subset", "page_done"]

FONT = Path(__file__).with_name("fonts") / "latinmodern-math.woff2"
#: The cut font's name (the licence asks that a modified font be renamed); temml.css uses it.
FAMILY = "Multiclass Maths"
#: Where the site serves it, relative to the site folder (temml.css names it ``maths.woff2``).
SITE_PATH = Path("assets", "maths", "maths.woff2")

_TEXT = re.compile(r">([^<]+)<")
_SINGLE_MI = re.compile(r"<mi(?![^>]*mathvariant)[^>]*>([^<])</mi>")


#: Letters a browser draws in italic, outside the runs below (MathML Core's italic mapping).
_ITALIC_SPECIALS = {
    "h": "\u210e", "\u0131": "\U0001d6a4", "\u0237": "\U0001d6a5", "\u2207": "\U0001d6fb",
    "\u2202": "\U0001d715", "\u03f5": "\U0001d716", "\u03d1": "\U0001d717", "\u03f0": "\U0001d718",
    "\u03d5": "\U0001d719", "\u03f1": "\U0001d71a", "\u03d6": "\U0001d71b",
}  # fmt: skip
#: Runs of letters and where their italic forms start: A-Z, a-z, Greek capitals and small letters.
_ITALIC_RUNS = ((0x41, 0x5A, 0x1D434), (0x61, 0x7A, 0x1D44E), (0x391, 0x3A9, 0x1D6E2),
                (0x3B1, 0x3C9, 0x1D6FC))  # fmt: skip


def _italic(char: str) -> str | None:
    """The mathematical italic form a browser draws a one-letter ``<mi>`` in, if any."""
    if char in _ITALIC_SPECIALS:
        return _ITALIC_SPECIALS[char]
    code = ord(char)
    for first, last, italic in _ITALIC_RUNS:
        if first <= code <= last:
            return chr(italic + code - first)
    return None


def characters(mathml: str) -> set[str]:
    """Every character a browser draws for ``mathml``, one-letter identifiers in italic too.

    >>> sorted(characters('<math><mi>x</mi><mo>=</mo><mn>1</mn></math>')) == [
    ...     '1', '=', 'x', chr(0x1D465)]  # x, and the italic x it is drawn in
    True
    """
    found = set("".join(_TEXT.findall(mathml)).replace("&amp;", "&").replace("&lt;", "<"))
    found.discard("\n")
    for letter in _SINGLE_MI.findall(mathml):
        if (italic := _italic(letter)) is not None:
            found.add(italic)
    return found


def font_subset(chars: Iterable[str]) -> bytes:
    """Latin Modern Math as woff2, cut down to ``chars`` and the MATH table's variants of them."""
    font = TTFont(FONT, recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # the maths features (ssty: script-size glyphs) included
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # FontForge's timestamps
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=sorted({ord(c) for c in chars} | {0x20, 0xA0}))
    cutter.subset(font)
    _rename(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


def _rename(font: TTFont) -> None:
    """Give the cut font its own names, saying what it is cut from and under which licence."""
    names = font["name"]
    source = names.getDebugName(1) or "Latin Modern Math"
    version = names.getDebugName(5) or ""
    postscript = FAMILY.replace(" ", "") + "-Regular"
    for record in list(names.names):
        if record.nameID in {1, 4, 16}:
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 3:
            names.setName(f"{postscript} (from {source} {version})", 3, record.platformID,
                          record.platEncID, record.langID)  # fmt: skip
        elif record.nameID == 6:
            names.setName(postscript, 6, record.platformID, record.platEncID, record.langID)
    names.setName(
        f"The glyphs of {source} ({version}) that the multiclass site uses, cut by its build; "
        "GUST Font License.",
        10, 3, 1, 0x409,
    )  # fmt: skip


@dataclass
class _Build:
    """What one build has rendered so far: its pages, their characters, the font written."""

    pages: set[str] = field(default_factory=set)
    chars: set[str] = field(default_factory=set)
    written: frozenset[str] | None = None


#: The attribute of MkDocs' list of files that holds its build's :class:`_Build`. The state lives
#: with the build, not in this module: the build imports the project's modules afresh after its
#: first page (multiclass_site.exec_extension), and ``mkdocs serve`` builds again and again.
_STATE = "multiclass_maths_font"


def page_done(relpath: Any, chars: set[str]) -> Path | None:
    """Note a rendered page's characters (``relpath``: MkDocs' tree processor of the page).

    Returns the font's path when this call wrote it: when every page of the build has been
    rendered and the characters differ from those of the font already written (the docstrings
    of the API page are rendered, by mkdocstrings, before the page itself).
    """
    files, config = relpath.files, relpath.config
    build = getattr(files, _STATE, None)
    if build is None:
        build = _Build()
        setattr(files, _STATE, build)
    build.chars |= chars
    if relpath.file is not None:
        build.pages.add(relpath.file.src_uri)
    expected = {f.src_uri for f in files.documentation_pages()}
    if not expected <= build.pages or build.written == frozenset(build.chars):
        return None
    target = Path(config.site_dir, SITE_PATH)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(font_subset(build.chars))
    build.written = frozenset(build.chars)
    return target

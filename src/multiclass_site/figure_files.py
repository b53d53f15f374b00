"""Figures as files: each drawing of a page's figures is an SVG file the browser loads when needed.

:func:`multiclass_site.figures.to_svg` returns a figure with its two drawings inline (wide screens
and phones), a self-contained piece of HTML that a notebook shows as it is. On the site, inline
drawings cost every reader both drawings of every figure before the page is readable: on the
model-choice page half a megabyte of glyph outlines, parsed by a phone before the text after
them. This Python-Markdown extension (``multiclass_site.figure_files`` in ``mkdocs.yml``) writes
each drawing of a page as files next to the page's HTML, in ``figures/``, once per colour scheme
(the ink, ``currentColor`` inline, becomes the scheme's text colour, :data:`INKS`), and puts in
their place a ``<picture>`` per scheme whose ``<img>`` the browser loads lazily:

- the ``<source>`` for narrow windows (below :data:`~multiclass_site.figures.NARROW_BELOW`) gives
  the phone drawing, so a phone fetches only that one and a desktop only the wide one;
- the stylesheet hides the picture of the other scheme, and a hidden lazy image is not fetched;
- ``width`` and ``height`` reserve the drawing's box before it arrives, so nothing moves;
- the text alternative is the image's ``alt``; the caption stays in the page.

Outside MkDocs (no page is being built) the HTML is left as it is. The extension finds the page
and the site folder as the maths font and the notebooks do
(:mod:`multiclass_site.rendered_page`); no MkDocs hook or plugin is involved.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from multiclass_site.figures import NARROW_BELOW
from multiclass_site.rendered_page import rendered_page

__all__ = [
    "INKS",
    "FigureFilesExtension",
    "drawings",
    "file_name",
    "makeExtension",
    "picture",
    "with_ink",
]

#: The text colour of each of Material's colour schemes (``--md-default-fg-color``, the dark one at
#: the theme's ``--md-hue`` of 225 degrees): the ink of the figures drawn for it, as the inline
#: drawings get it through ``currentColor``. The browser tests compare it with the page's.
INKS = {"light": "rgba(0, 0, 0, 0.87)", "dark": "hsla(225, 15%, 90%, 0.82)"}
#: Where a page's drawings go, beside its HTML.
FOLDER = "figures"

_FIGURE = re.compile(
    r'(<figure class="figure" id="figure-(?P<name>[^"]+)">'
    r'<div class="figure__drawings" data-search-exclude>)(?P<drawings>.*?)(</div>)',
    flags=re.DOTALL,
)
_DRAWING = re.compile(r'<svg class="figure__(?P<variant>wide|narrow)" .*?</svg>', flags=re.DOTALL)


def drawings(inline: str) -> dict[str, str]:
    """The drawings of one figure's inline HTML, each a standalone SVG document, by variant.

    The attributes that made an inline drawing an image (class, role, label) are left out: the
    ``<img>`` holding the file carries the text alternative.
    """
    found = {m["variant"]: m[0] for m in _DRAWING.finditer(inline)}
    if set(found) != {"wide", "narrow"}:
        msg = f"a figure has the drawings {sorted(found)}, expected ['narrow', 'wide']"
        raise ValueError(msg)
    return {
        variant: re.sub(r' (?:class|role|aria-label)="[^"]*"', "", svg.split(">", 1)[0], count=3)
        + ">"
        + svg.split(">", 1)[1]
        for variant, svg in found.items()
    }


def with_ink(svg: str, ink: str) -> str:
    """``svg`` with its ink (``currentColor``) in the colour ``ink``, as an image needs it.

    An SVG loaded as an image inherits nothing from the page, not even its colour.
    """
    return svg.replace("currentColor", ink)


def _size_px(svg: str) -> tuple[int, int]:
    """The drawing's natural size in CSS px (matplotlib gives it in points, 72 to 96 px)."""
    found = re.search(r'<svg [^>]*?width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    if found is None:
        msg = "a drawing has no width and height in points"
        raise ValueError(msg)
    return round(float(found[1]) * 4 / 3), round(float(found[2]) * 4 / 3)


def file_name(name: str, variant: str, scheme: str) -> str:
    """The file of figure ``name``'s ``variant`` drawing in ``scheme``, in :data:`FOLDER`.

    ``NAME.svg`` is the wide drawing in the light scheme; ``-narrow`` marks the phone drawing and
    ``-dark`` the dark scheme: ``NAME-narrow-dark.svg``.
    """
    return (
        f"{name}{'-narrow' if variant == 'narrow' else ''}{'-dark' if scheme == 'dark' else ''}.svg"
    )


def picture(name: str, scheme: str, alt: str, sizes: dict[str, tuple[int, int]]) -> str:
    """The ``<picture>`` of figure ``name`` in ``scheme``: phone drawing in narrow windows.

    ``sizes`` gives each variant's natural size in CSS px; the files are named by
    :func:`file_name`.
    """
    (wide_w, wide_h), (narrow_w, narrow_h) = sizes["wide"], sizes["narrow"]
    return (
        f'<picture class="figure__{scheme}">'
        f'<source media="(max-width: {NARROW_BELOW - 0.02}px)" '
        f'srcset="{FOLDER}/{file_name(name, "narrow", scheme)}" '
        f'width="{narrow_w}" height="{narrow_h}">'
        f'<img src="{FOLDER}/{file_name(name, "wide", scheme)}" '
        f'alt="{html.escape(alt, quote=True)}" '
        f'width="{wide_w}" height="{wide_h}" loading="lazy" decoding="async"></picture>'
    )


def write_figures(page_html: str, folder: Path) -> str:
    """``page_html`` with each figure's inline drawings written to ``folder`` and replaced.

    Every drawing becomes one file per colour scheme; the same figure gives the same bytes.
    """

    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        inline = match["drawings"]
        alt = re.search(r'aria-label="([^"]*)"', inline)
        if alt is None:
            msg = f"figure {name!r} has no text alternative (aria-label)"
            raise ValueError(msg)
        found = drawings(inline)
        folder.mkdir(parents=True, exist_ok=True)
        for variant, svg in found.items():
            for scheme, ink in INKS.items():
                file = folder / file_name(name, variant, scheme)
                file.write_text(with_ink(svg, ink), encoding="utf-8")
        sizes = {variant: _size_px(svg) for variant, svg in found.items()}
        text = html.unescape(alt[1])
        pictures = "".join(picture(name, scheme, text, sizes) for scheme in INKS)
        return f"{match[1]}{pictures}{match[4]}"

    return _FIGURE.sub(replace, page_html)


class _WriteFigures(Postprocessor):
    def run(self, text: str) -> str:
        page = rendered_page(self.md)
        if page is None or "figure__drawings" not in text:
            return text
        file, _, config = page
        folder = Path(config.site_dir, posixpath.dirname(file.dest_uri), FOLDER)
        return write_figures(text, folder)


class FigureFilesExtension(Extension):
    """Writes the figures of each page as files (see the module docstring)."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Register after ``raw_html`` (30), which puts the printed figures back in the page."""
        md.postprocessors.register(_WriteFigures(md), "figure_files", 10)


def makeExtension(**kwargs: Any) -> FigureFilesExtension:
    """The extension, as Python-Markdown loads it by module name."""
    return FigureFilesExtension(**kwargs)

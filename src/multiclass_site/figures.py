"""Figures drawn at build time: deterministic SVG, readable in light and dark schemes.

Axes, labels and text are drawn in a sentinel colour that :func:`to_svg` rewrites to
``currentColor``, so that inline (in a notebook) the ink follows the foreground colour. On the
site, :mod:`multiclass_site.figure_files` writes each drawing as files, one per colour scheme
with that scheme's text colour as ink, loaded lazily as images.

Every figure is drawn twice: as laid out by its code, for wide screens, and again for phones
(:func:`narrow`), at a width a phone's column shows without shrinking it, side-by-side panels
stacked, so that its text keeps its size (the page's stylesheet shows one of the two). Text is
drawn as glyph outlines taken from matplotlib's own fonts (DejaVu Sans, and STIX for the
calligraphic letters of mathtext), so every reader sees every character whatever fonts their
device has; a character those fonts lack fails the build (:class:`MissingGlyphError`). Data colours
follow the hues of the Okabe-Ito palette (distinguishable with colour-vision deficiencies),
darkened or lightened so that each has a contrast of at least 3:1, the WCAG 2.1 minimum for
graphics (success criterion 1.4.11), against both white and Material's dark slate background
(``SLATE``); ``tests/test_figures.py`` checks it.

References:
    M. Okabe, K. Ito, "Color Universal Design", 2008 (the hues).
    W3C, "Web Content Accessibility Guidelines (WCAG) 2.1", 2018, 1.4.11 Non-text Contrast.
"""

from __future__ import annotations

import html
import io
import itertools
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
from cycler import cycler

mpl.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.contour import ContourSet
from matplotlib.gridspec import GridSpec

#: Sentinel colour for ink; replaced by ``currentColor`` in the SVG text.
INK = "#010203"
#: Data colours, in the order figures use them: blue, orange, green, purple, violet, vermillion.
PALETTE = ("#2B83BA", "#B07800", "#009E73", "#BB5F95", "#7C6FD8", "#D55E00")
#: Material's slate background, hsl(232, 15%, 14%), the dark scheme's page colour.
SLATE = "#1E2029"

#: Width of the phone drawing, in inches (96 CSS px each): a 390 px phone's column is 358 px.
NARROW_WIDTH = 3.6
#: Resolution of the parts drawn as images: two device pixels per CSS pixel at natural size.
RASTER_DPI = 192
#: Below this window width (CSS px) pages show the phone drawing (Material's tablet breakpoint).
NARROW_BELOW = 720

_STYLE: dict[Any, Any] = {
    "svg.fonttype": "path",  # glyph outlines: the same characters on every device
    "mathtext.fontset": "dejavusans",
    "font.family": "sans-serif",
    "font.size": 10,
    "text.color": INK,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "axes.facecolor": "none",
    "axes.prop_cycle": cycler(color=PALETTE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.facecolor": "none",
    "xtick.color": INK,
    "ytick.color": INK,
    "grid.color": INK,
    "grid.alpha": 0.15,
    "legend.frameon": False,
    "lines.linewidth": 2.0,
    "path.simplify": True,  # curves drop points that change no pixel (matplotlib's default)
}


@contextmanager
def style() -> Iterator[None]:
    """Matplotlib settings shared by every figure of the site."""
    with mpl.rc_context(_STYLE):
        yield


class MissingGlyphError(ValueError):
    """A figure's text has a character its font cannot draw (it would show as an empty box)."""


def narrow(fig: Any) -> None:
    """Lay ``fig`` out again for a phone: :data:`NARROW_WIDTH` wide, side-by-side panels stacked.

    Text keeps its size in points, so it is as large on a phone as on a desktop. A row of ``n``
    panels becomes a column, each panel as tall for its width as before; a figure of one column
    keeps its panels and grows taller in proportion, plus a third, for the text that now takes
    more of its width.
    """
    width, height = fig.get_size_inches()
    # A legend in several columns is wider than a phone's panel: drawn again in one column, in
    # the same place (matplotlib lays a legend out once, when it is made). An anchor the figure's
    # code gave is kept in the axes' coordinates, which survive the new layout.
    for ax in fig.axes:
        if (legend := ax.get_legend()) is None:
            continue
        anchor = None
        if legend._bbox_to_anchor is not None:
            anchor = legend.get_bbox_to_anchor().transformed(ax.transAxes.inverted()).bounds
        ax.legend(
            legend.legend_handles,
            [text.get_text() for text in legend.get_texts()],
            loc=legend._loc,
            bbox_to_anchor=anchor,
            prop=legend.prop,
            ncols=1,
        )
    tops = {}  # the top-level cell of every panel, and the gridspec of the whole figure
    for ax in fig.axes:
        spec = ax.get_subplotspec()
        if spec is not None:
            tops[ax] = spec.get_topmost_subplotspec()
    grids = {spec.get_gridspec() for spec in tops.values()}
    rows, columns = next(iter(grids)).get_geometry() if len(grids) == 1 else (1, 1)
    if rows == 1 and columns > 1:
        stacked = GridSpec(columns, 1, figure=fig)
        for ax, top in tops.items():
            cell = stacked[top.colspan.start, 0]
            spec = ax.get_subplotspec()
            if spec is top:
                ax.set_subplotspec(cell)
            else:
                # A panel that shares its cell (with a colorbar) sits in a grid nested in that cell:
                # move the grid. Matplotlib has no public setter for a nested grid's cell.
                grid = spec.get_gridspec()
                while hasattr(grid, "_subplot_spec") and grid._subplot_spec is not top:
                    grid = grid._subplot_spec.get_gridspec()
                if hasattr(grid, "_subplot_spec"):  # not moved yet with another of its panels
                    grid._subplot_spec = cell
            if len(ax.get_shared_y_axes().get_siblings(ax)) > 1:
                ax.yaxis.set_tick_params(labelleft=True)  # a shared y axis, labelled on each panel
        fig.set_size_inches(NARROW_WIDTH, columns * height * NARROW_WIDTH / (width / columns))
    else:
        fig.set_size_inches(NARROW_WIDTH, height * NARROW_WIDTH / width * 4 / 3)
    fig.set_layout_engine("tight")
    if rows == 1 and columns > 1:
        _close_gaps(fig, columns)
    _untangle_tick_labels(fig)


def _close_gaps(fig: Any, panels: int) -> None:
    """Shorten a stacked figure whose panels (of a fixed aspect) leave empty bands between them.

    A panel drawn with ``set_aspect("equal")`` is only as tall as it is wide: the height beyond
    that, in each of the stacked cells, is taken off the figure (keeping a little air).
    """
    for _ in range(3):  # the layout moves the labels a little each time
        fig.draw_without_rendering()
        width, height = fig.get_size_inches()
        cell = height / panels
        used = [
            ax.get_position().height * height
            for ax in fig.axes
            if ax.get_subplotspec() is not None and ax.get_aspect() != "auto"
        ]
        spare = cell - max(used, default=cell) - 0.9  # titles, tick labels and axis labels
        if spare < 0.05:
            return
        fig.set_size_inches(width, height - panels * spare)


def _untangle_tick_labels(fig: Any) -> None:
    """Turn the x tick labels of an axes by 30 degrees where they overlap at the new width."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        labels = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
        boxes = [t.get_window_extent(renderer) for t in labels]
        if any(a.x1 > b.x0 for a, b in itertools.pairwise(boxes)):
            for label in labels:
                label.set(rotation=30, horizontalalignment="right", rotation_mode="anchor")


def _svg(fig: Any, name: str) -> str:
    """The SVG text of ``fig``, with ids seeded by ``name``; a missing glyph raises."""
    buffer = io.StringIO()
    # Filled contours (decision regions) are pictures, not lines: as an image they take a tenth
    # of the bytes their outlines would. Their colours are the data's, the same in both schemes.
    for ax in fig.axes:
        for artist in ax.collections:
            if isinstance(artist, ContourSet) and artist.filled:
                artist.set_rasterized(True)
    with (
        mpl.rc_context({"svg.hashsalt": name, "svg.id": f"fig-{name}"}),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        fig.savefig(
            buffer,
            format="svg",
            bbox_inches="tight",
            transparent=True,
            dpi=RASTER_DPI,
            metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
        )
    for warning in caught:
        if re.search(r"Glyph \d+ .*missing from", str(warning.message)):
            msg = f"figure {name!r}: {warning.message} Use a character DejaVu Sans or STIX has."
            raise MissingGlyphError(msg)
        warnings.warn_explicit(
            warning.message, warning.category, warning.filename, warning.lineno, source=fig
        )
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.DOTALL)
    text = text.replace(INK, "currentColor").replace(INK.upper(), "currentColor")
    return _compact(text, name)


def _compact(svg: str, name: str) -> str:
    """``svg`` with ids seeded by ``name``, in fewer bytes and with the same drawing.

    Every id is made unique to the drawing, so that each drawing stands alone (a file, an image
    in a notebook) and two drawings inline never share an id. Comments and ids nobody refers to
    go; coordinates keep a tenth of a point (an eighth of a CSS pixel at natural size); a style
    repeated on many markers becomes a class, and markers share one clipped group. (Links stay
    ``xlink:href``: the theme's script rewrites every element with an ``href`` attribute, which
    an SVG ``<use>`` has only as a read-only property.)
    """
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.DOTALL)
    svg = re.sub(r">\s+<", "><", svg)
    svg = re.sub(r' d="[^"]*"', lambda m: re.sub(r"\s*\n\s*", " ", m.group(0)), svg)
    # Coordinates to a tenth of a unit (a point, or a glyph's font unit). Scales keep every digit.
    svg = re.sub(r' (?:d|x|y)="[^"]*"', lambda m: re.sub(r"(\.\d)\d+", r"\1", m.group(0)), svg)
    svg = re.sub(r' d="[^"]*"', lambda m: re.sub(r" ?([MLCQZz]) ?", r"\1", m.group(0)), svg)
    referenced = set(re.findall(r'(?:href="#|url\(#)([^")]+)', svg))
    svg = re.sub(
        r' id="(?!fig-)([^"]+)"', lambda m: m.group(0) if m.group(1) in referenced else "", svg
    )

    def seeded(target: str) -> str:
        return f"{name}-{target}"

    svg = re.sub(r'id="(?!fig-)([^"]+)"', lambda m: f'id="{seeded(m.group(1))}"', svg)
    svg = re.sub(r"url\(#(?!fig-)([^)]+)\)", lambda m: f"url(#{seeded(m.group(1))})", svg)
    svg = re.sub(r'href="#(?!fig-)([^"]+)"', lambda m: f'href="#{seeded(m.group(1))}"', svg)
    # A style on many markers of a scatter plot becomes a class of this drawing.
    styles = re.findall(r'<use [^>]*?( style="[^"]*")', svg)
    rules = []
    for index, style_ in enumerate(s for s in dict.fromkeys(styles) if styles.count(s) >= 8):
        rules.append(f".{name}-s{index}{{{style_[8:-1]}}}")
        svg = svg.replace(style_ + "/>", f' class="{name}-s{index}"/>')
    if rules:
        svg = svg.replace("</style>", "".join(rules) + "</style>", 1)
    # Markers drawn one by one each sit in a group with the axes' clip path: one group for all.
    group = r'(<g clip-path="url\(#(?P<clip>[^)]+)\)">(?:<use [^>]*/>)+)</g><g clip-path="url\(#(?P=clip)\)">'
    while (merged := re.sub(group, r"\1", svg)) != svg:
        svg = merged
    return re.sub(r'( [xy]="-?\d+)\.0"', r'\1"', svg)


def to_svg(fig: Any, name: str, alt: str, *, caption: str, phone: Any = None) -> str:
    """Return ``fig`` as an inline SVG ``<figure>``, drawn for wide screens and for phones.

    Args:
        fig: A matplotlib figure drawn under :func:`style`.
        name: A kebab-case name, unique on its page: it seeds the SVG ids (``svg.hashsalt``) so
            that two builds give identical bytes and two figures never share an id.
        alt: A sentence describing the figure for screen readers (``aria-label``).
        caption: The visible caption, plain text: what the figure shows, in a sentence or two.
            The build puts "Figure N." in front of it (:mod:`multiclass_site.captions`).
        phone: A figure drawn for phones, at most :data:`NARROW_WIDTH` wide, for a drawing that
            :func:`narrow` cannot lay out again (a diagram whose boxes must move, not shrink);
            by default ``fig`` laid out again by :func:`narrow`.

    Returns:
        HTML: a ``<figure class="figure" id="figure-NAME">`` holding two SVGs with ``role="img"``, the drawing as
        laid out (class ``figure__wide``) and the one laid out again by :func:`narrow`
        (``figure__narrow``), and a ``<figcaption class="figure__caption">``; the stylesheet
        shows one drawing, by the window's width. The drawings are left out of the search index.
        Each drawing stands alone (its own glyph outlines and ids). On the site each drawing
        becomes files and images (:mod:`multiclass_site.figure_files`).

    Raises:
        ValueError: the caption is empty.
        MissingGlyphError: the figure's text has a character its fonts cannot draw.
    """
    if not caption.strip():
        plt.close(fig)
        if phone is not None:
            plt.close(phone)
        msg = f"figure {name!r}: caption must be a sentence saying what the figure shows; got ''"
        raise ValueError(msg)
    label = html.escape(alt, quote=True)
    drawings = []
    try:
        for variant in ("wide", "narrow"):
            if variant == "narrow" and phone is None:
                narrow(fig)
            drawing = phone if variant == "narrow" and phone is not None else fig
            svg = _svg(drawing, name if variant == "wide" else f"{name}-narrow")
            attributes = f'class="figure__{variant}" role="img" aria-label="{label}" '
            drawings.append(svg.replace("<svg ", f"<svg {attributes}", 1))
    finally:
        plt.close(fig)
        if phone is not None:
            plt.close(phone)
    text = html.escape(caption.strip(), quote=False)
    return (
        f'<figure class="figure" id="figure-{name}"><div class="figure__drawings" data-search-exclude>'
        f'{"".join(drawings)}</div><figcaption class="figure__caption">{text}</figcaption></figure>'
    )

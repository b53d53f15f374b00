"""Figures drawn at build time: deterministic inline SVG, readable in light and dark schemes.

Axes, labels and text are drawn in a sentinel colour that :func:`to_svg` rewrites to
``currentColor``, so the ink follows the page's foreground colour in both schemes. Data colours
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
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
from cycler import cycler

mpl.use("Agg")

import matplotlib.pyplot as plt

#: Sentinel colour for ink; replaced by ``currentColor`` in the SVG text.
INK = "#010203"
#: Data colours, in the order figures use them: blue, orange, green, purple, violet, vermillion.
PALETTE = ("#2B83BA", "#B07800", "#009E73", "#BB5F95", "#7C6FD8", "#D55E00")
#: Material's slate background, hsl(232, 15%, 14%), the dark scheme's page colour.
SLATE = "#1E2029"

_STYLE: dict[Any, Any] = {
    "svg.fonttype": "none",  # text stays text: small, searchable, in the page's font
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
    "path.simplify": False,
}


@contextmanager
def style() -> Iterator[None]:
    """Matplotlib settings shared by every figure of the site."""
    with mpl.rc_context(_STYLE):
        yield


def to_svg(fig: Any, name: str, alt: str) -> str:
    """Return ``fig`` as an inline SVG ``<figure>`` and close it.

    Args:
        fig: A matplotlib figure drawn under :func:`style`.
        name: A kebab-case name, unique on its page: it seeds the SVG ids (``svg.hashsalt``) so
            that two builds give identical bytes and two figures never share an id.
        alt: A sentence describing the figure for screen readers (``aria-label``).

    Returns:
        HTML: a ``<figure class="figure">`` wrapping the SVG, with ``role="img"``.
    """
    buffer = io.StringIO()
    with mpl.rc_context({"svg.hashsalt": name, "svg.id": f"fig-{name}"}):
        fig.savefig(
            buffer,
            format="svg",
            bbox_inches="tight",
            transparent=True,
            metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
        )
    plt.close(fig)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.DOTALL)
    text = text.replace(INK, "currentColor").replace(INK.upper(), "currentColor")
    # Make ids unique per figure even where matplotlib derives them from content alone.
    text = re.sub(r'id="(?!fig-)([^"]+)"', rf'id="{name}-\1"', text)
    text = re.sub(r"url\(#(?!fig-)([^)]+)\)", rf"url(#{name}-\1)", text)
    text = re.sub(r'xlink:href="#(?!fig-)([^"]+)"', rf'xlink:href="#{name}-\1"', text)
    label = html.escape(alt, quote=True)
    text = text.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return f'<figure class="figure">{text}</figure>'

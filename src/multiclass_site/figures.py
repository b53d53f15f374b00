"""Figures drawn at build time: deterministic inline SVG, readable in light and dark schemes.

Axes, labels and text are drawn in a sentinel colour that :func:`to_svg` rewrites to
``currentColor``, so the ink follows the page's foreground colour in both schemes. Data colours
come from the Okabe-Ito palette, distinguishable with colour-vision deficiencies and legible on
white and on Material's dark slate background.

References:
    M. Okabe, K. Ito, "Color Universal Design", 2008 (the palette).
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
#: Okabe-Ito colours, in the order figures use them.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")

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

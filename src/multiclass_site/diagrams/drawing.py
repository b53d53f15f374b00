"""What the diagrams share: two drawings and a text alternative, laid out in inches.

Every drawing is laid out in inches: its axes fill the figure and one data unit is one inch, so
that a label's place and its size (in points, 72 to the inch) are measured in the same units.
Numbers are written as the pages print them, with a true minus sign.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import matplotlib.pyplot as plt
import numpy as np

from multiclass_site.figures import INK, NARROW_WIDTH, style, to_svg

#: Font size of a diagram's labels, in points: 12.7 CSS px at the drawings' natural size (the
#: phone drawing is shown at natural size on a 390 px phone, whose column is 358 px).
FONT = 9.5
#: Width of the wide drawings, in inches.
WIDE = 6.4
MINUS = "\N{MINUS SIGN}"
TIMES = "\N{MULTIPLICATION SIGN}"
#: Width of the phone drawings' canvas, in inches: the SVG's tight bounding box adds a margin of
#: 0.1 in on each side, and the drawing must fit NARROW_WIDTH, a phone's column.
PHONE = NARROW_WIDTH - 0.2
NODE = {"boxstyle": "circle,pad=0.25", "facecolor": "none", "edgecolor": INK, "linewidth": 1.1}
BOX = {"boxstyle": "round,pad=0.35", "facecolor": "none", "edgecolor": INK, "linewidth": 1.1}
TEXT = {"fontsize": FONT, "ha": "center", "va": "center"}


class Drawing(NamedTuple):
    """A diagram before it becomes HTML: its two figures and its text alternative."""

    wide: Any
    phone: Any
    alt: str


def number(value: float, digits: int = 4, *, strip: bool = False) -> str:
    """``value`` to ``digits`` decimals, with a true minus sign; trailing zeros go if ``strip``.

    A value that is not 0 but rounds to 0 is written with its exponent (``3.1e-83``), so that
    the diagram never shows a possible class as impossible.
    """
    if value != 0 and round(abs(value), digits) == 0:
        text = f"{value:.1e}".replace("e-0", "e-")
    else:
        text = f"{value:.{digits}f}"
        if strip and "." in text:
            text = text.rstrip("0").rstrip(".")
    return text.replace("-", MINUS)


def vector(values: Iterable[float], digits: int = 4, *, strip: bool = False) -> str:
    """``values`` as ``[a, b, c]``, each written by :func:`number`."""
    return "[" + ", ".join(number(v, digits, strip=strip) for v in values) + "]"


def canvas(width: float, height: float) -> tuple[Any, Any]:
    """A figure ``width`` by ``height`` inches whose axes fill it, one data unit an inch."""
    fig = plt.figure(figsize=(width, height))
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set(xlim=(0, width), ylim=(0, height))
    ax.axis("off")
    return fig, ax


def arrow(ax: Any, start: Any, end: Any, colour: str = INK, **props: Any) -> None:
    """An arrow from the text ``start`` to the text ``end``, stopping at their outlines."""
    ax.annotate(
        "",
        xy=end.get_position(),
        xytext=start.get_position(),
        arrowprops={
            "arrowstyle": "-|>",
            "color": colour,
            "lw": 1.0,
            "shrinkA": 2,
            "shrinkB": 2,
            "patchA": start.get_bbox_patch(),
            "patchB": end.get_bbox_patch(),
            "mutation_scale": 9,
            **props,
        },
    )


def check_size(value: object, name: str, least: int, most: int) -> int:
    """``value`` as an int in ``[least, most]``; TypeError or ValueError naming ``name`` if not."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        msg = f"{name} must be an integer; got {value!r}"
        raise TypeError(msg)
    if not least <= value <= most:
        msg = f"{name} must be between {least} and {most} for the diagram to stay legible; got {value}"
        raise ValueError(msg)
    return int(value)


def figure_html(drawing: Drawing, name: str, caption: str) -> str:
    """The page's ``<figure>`` of ``drawing`` (:func:`~multiclass_site.figures.to_svg`)."""
    with style():
        return to_svg(drawing.wide, name, drawing.alt, caption=caption, phone=drawing.phone)

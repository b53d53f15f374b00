r"""Conceptual diagrams, drawn from code at build time: the network, the pipeline, an MLP.

Each function returns a figure's HTML (:func:`multiclass_site.figures.to_svg`: two drawings, ink
in ``currentColor``, a text alternative and a caption), ready to ``print`` from an executed block
with ``html="true"``. The numbers a diagram shows are computed by the library (``softmax``,
``cross_entropy``, ``MLP``), never typed, and its text alternative states the same numbers.
Classes and layers are numbered from 1, as in the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from multiclass import MLP, cross_entropy, softmax
from multiclass_site.figures import INK, PALETTE, style, to_svg

__all__ = ["linear_network", "mlp_diagram", "pipeline"]

#: Font size of a diagram's labels, in points: 9 pt is 12 CSS px, on a phone too (the phone
#: drawing keeps the text's size; the site's minimum is 9 px).
FONT = 9.5
_NODE = {"boxstyle": "circle,pad=0.3", "facecolor": "none", "edgecolor": INK, "linewidth": 1.2}
_BOX = {"boxstyle": "round,pad=0.35", "facecolor": "none", "edgecolor": INK, "linewidth": 1.2}
_ACTIVATIONS = {"relu": "ReLU", "tanh": "tanh", "sigmoid": "sigmoid", "gelu": "GELU"}
_MINUS = "\N{MINUS SIGN}"


def _number(value: float, digits: int = 3) -> str:
    """``value`` as the text prints it: rounded, with a true minus sign, no trailing zeros."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return text.replace("-", _MINUS) if text not in {"-0", ""} else "0"


def _vector(values: Sequence[float], digits: int = 3) -> str:
    return "[" + ", ".join(_number(v, digits) for v in values) + "]"


def _canvas(width: float, height: float, xlim: float, ylim: float) -> tuple[Any, Any]:
    fig, ax = plt.subplots(figsize=(width, height))
    ax.set(xlim=(0, xlim), ylim=(0, ylim))
    ax.axis("off")
    return fig, ax


def _arrow(ax: Any, start: Any, end: Any, colour: str = INK, **props: Any) -> None:
    """An arrow from the text ``start`` to the text ``end``, stopping at their outlines."""
    ax.annotate(
        "",
        xy=end.get_position(),
        xytext=start.get_position(),
        arrowprops={
            "arrowstyle": "-|>",
            "color": colour,
            "lw": 1.0,
            "shrinkA": 0,
            "shrinkB": 0,
            "patchA": start.get_bbox_patch(),
            "patchB": end.get_bbox_patch(),
            "mutation_scale": 9,
            **props,
        },
    )


def _check_size(value: int, name: str, most: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        msg = f"{name} must be an integer; got {value!r}"
        raise TypeError(msg)
    if not 1 <= value <= most:
        msg = f"{name} must be between 1 and {most} for the diagram to stay legible; got {value}"
        raise ValueError(msg)
    return int(value)


def _network_figure(num_features: int, num_classes: int) -> tuple[Any, str]:
    D = _check_size(num_features, "num_features", 6)
    K = _check_size(num_classes, "num_classes", 6)
    rows = max(D, K)
    fig, ax = _canvas(5.6, 0.5 * rows + 0.9, 10.0, rows + 1.0)

    def place(count: int) -> list[float]:  # centred on the taller column, first at the top
        return [rows - (rows - count) / 2 - i for i in range(count)]

    text = {"fontsize": FONT, "ha": "center", "va": "center"}
    inputs = [ax.text(1.0, y, f"$x_{{{d + 1}}}$", bbox=_NODE, **text) for d, y in enumerate(place(D))]
    scores = [ax.text(5.6, y, f"$z_{{{k + 1}}}$", bbox=_NODE, **text) for k, y in enumerate(place(K))]
    for k, score in enumerate(scores):
        for d, source in enumerate(inputs):
            colour = PALETTE[0] if k == 0 else INK
            _arrow(ax, source, score, colour, alpha=1.0 if k == 0 else 0.35)
            if k == 0:
                (x0, y0), (x1, y1) = source.get_position(), score.get_position()
                ax.text(
                    x0 + 0.3 * (x1 - x0), y0 + 0.3 * (y1 - y0) + 0.18, f"$w_{{1{d + 1}}}$",
                    color=PALETTE[0], fontsize=FONT - 1, ha="center", va="bottom",
                )
        ax.text(
            6.3, score.get_position()[1], rf"$= \vec w_{{{k + 1}}}^{{\top}} \vec x + b_{{{k + 1}}}$",
            fontsize=FONT, ha="left", va="center",
        )
    top = rows + 0.75
    ax.text(1.0, top, f"inputs ({D})", fontsize=FONT, ha="center", va="center")
    ax.text(5.6, top, f"scores ({K})", fontsize=FONT, ha="center", va="center")
    ax.text(
        5.0, 0.0, rf"$W$: {K} × {D}, row $k$ is $\vec w_k^{{\top}}$;  $\vec b$: {K}",
        fontsize=FONT, ha="center", va="center",
    )
    alt = (
        f"A network with {D} inputs x_1 to x_{D} on the left and {K} scores z_1 to z_{K} on the "
        f"right. Every input is joined to every score by a weight: {D * K} weights, the {K} × {D} "
        f"matrix W, whose row k holds the weights into z_k (those into z_1, w_11 to w_1{D}, are "
        f"drawn in colour). Each score adds its bias b_k: z_k = w_k^T x + b_k, so z = W x + b."
    )
    return fig, alt


def linear_network(
    num_features: int = 3,
    num_classes: int = 3,
    *,
    name: str = "linear-network",
    caption: str = "K linear models side by side: each score z_k has its own weights and bias.",
) -> str:
    r"""The K linear models of a classifier as one network, $\vec z = W\vec x + \vec b$.

    Inputs $x_1, \dots, x_D$ on the left, scores $z_1, \dots, z_K$ on the right; every input is
    joined to every score by a weight $w_{kd}$. The weights into $z_k$ are row $k$ of $W$
    ($K \times D$), $\vec w_k^{\mathsf T}$, and $z_k$ adds its bias $b_k$. The weights into $z_1$
    are drawn in colour and labelled.

    Args:
        num_features: D, the number of inputs, 1 to 6.
        num_classes: K, the number of scores, 1 to 6.
        name: The figure's name, unique on its page (:func:`~multiclass_site.figures.to_svg`).
        caption: The visible caption.

    Returns:
        The figure's HTML, with a text alternative that states D, K and the shape of W.

    Raises:
        TypeError: if a size is not an integer.
        ValueError: if a size is outside 1 to 6.

    Example:
        In an executed block of a page::

            ```python exec="on" html="true" session="linear-scores"
            from multiclass_site.diagrams import linear_network

            print(linear_network(num_features=2, num_classes=3))
            ```
    """
    with style():
        fig, alt = _network_figure(num_features, num_classes)
        return to_svg(fig, name, alt, caption=caption)


def _pipeline_figure(z: Sequence[float], true_class: int) -> tuple[Any, str]:
    scores = np.asarray(z, dtype=float)
    if scores.ndim != 1 or not 2 <= scores.size <= 5 or not np.isfinite(scores).all():
        msg = f"z must be 2 to 5 finite scores; got {z!r}"
        raise ValueError(msg)
    K = scores.size
    j = _check_size(true_class, "true_class (1-based)", K)
    y = softmax(scores)
    loss = float(cross_entropy(scores, j - 1))
    t = np.eye(K)[j - 1]
    fig, ax = _canvas(6.4, 0.42 * K + 1.5, 10.0, K + 2.2)
    middle = (K + 1) / 2
    text = {"fontsize": FONT, "ha": "center", "va": "center"}
    column = "\n".join
    x = ax.text(0.5, middle, r"$\vec x$", bbox=_NODE, **text)
    zs = ax.text(3.0, middle, column(_number(v) for v in scores), bbox=_BOX, linespacing=1.6, **text)
    ys = ax.text(6.2, middle, column(_number(v) for v in y), bbox=_BOX, linespacing=1.6, **text)
    E = ax.text(9.1, middle, _number(loss), bbox=_BOX, **text)
    top = K + 1.6
    for node, label in [(zs, r"scores $\vec z$"), (ys, r"$\vec y$"), (E, r"loss $\mathcal{E}$")]:
        ax.text(node.get_position()[0], top, label, **text)
    ax.text(0.5, top, "input", **text)
    for start, end, label in [
        (x, zs, r"$W\vec x + \vec b$"),
        (zs, ys, "softmax"),
        (ys, E, rf"$-\log\, y_{{{j}}}$"),
    ]:
        _arrow(ax, start, end)
        ax.text(
            (start.get_position()[0] + end.get_position()[0]) / 2, middle + 0.35, label,
            fontsize=FONT - 0.5, ha="center", va="bottom",
        )
    ax.text(
        7.65, 0.1, rf"true class $j = {j}$: $\vec t = $" + _vector(t, 0),
        fontsize=FONT, ha="center", va="center",
    )
    for k in range(K):  # the class of each row, 1-based, left of the scores
        ax.text(1.95, middle + (K - 1) / 2 * 0.62 - 0.62 * k, f"{k + 1}", color=PALETTE[0], **text)
    alt = (
        f"The pipeline from an input x to its loss. The scores z = W x + b are {_vector(scores)}; "
        f"softmax turns them into the probabilities y = {_vector(y)}; with true class {j} "
        f"(target t = {_vector(t, 0)}) the cross-entropy is E = {_MINUS}log y_{j} = "
        f"{_number(loss)}."
    )
    return fig, alt

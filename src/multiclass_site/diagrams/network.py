r"""The $K$ linear models of a classifier drawn as one network, $\vec z = W\vec x + \vec b$."""

from __future__ import annotations

from typing import Any

from multiclass_site.diagrams.drawing import (
    FONT,
    NODE,
    PHONE,
    TEXT,
    TIMES,
    Drawing,
    arrow,
    canvas,
    check_size,
    figure_html,
)
from multiclass_site.figures import INK, PALETTE, style


def _network(D: int, K: int, width: float) -> Any:
    rows = max(D, K)
    fig, ax = canvas(width, 0.55 * rows + 1.05)
    left, right = 0.45, width - 1.75
    top = 0.75 + 0.55 * (rows - 1)

    def place(count: int) -> list[float]:  # centred on the taller column, first at the top
        return [top - 0.55 * ((rows - count) / 2 + i) for i in range(count)]

    inputs = [
        ax.text(left, y, f"$x_{{{d + 1}}}$", bbox=NODE, **TEXT) for d, y in enumerate(place(D))
    ]
    scores = [
        ax.text(right, y, f"$z_{{{k + 1}}}$", bbox=NODE, **TEXT) for k, y in enumerate(place(K))
    ]
    for k in reversed(range(K)):  # the weights into z_1 last, on top, in colour
        for source in inputs:
            arrow(ax, source, scores[k], PALETTE[0] if k == 0 else INK, alpha=1 if k == 0 else 0.3)
    row = (
        ", ".join(f"w_{{1{d + 1}}}" for d in range(D))
        if D <= 3
        else rf"w_{{11}}, \dots, w_{{1{D}}}"
    )
    ax.text(
        (left + right) / 2,
        max(place(D)[0], place(K)[0]) + 0.22,
        f"${row}$",
        color=PALETTE[0],
        fontsize=FONT,
        ha="center",
        va="bottom",
    )
    for k, score in enumerate(scores):
        ax.text(
            right + 0.3,
            score.get_position()[1],
            rf"$= \vec{{w}}_{{{k + 1}}}^{{\top}} \vec{{x}} + b_{{{k + 1}}}$",
            fontsize=FONT,
            ha="left",
            va="center",
        )
    ax.text(left, top + 0.6, f"{D} inputs", **TEXT)
    ax.text(right, top + 0.6, f"{K} scores", **TEXT)
    ax.text(
        width / 2,
        0.2,
        rf"$W$: {K} {TIMES} {D} (row $k$ is $\vec{{w}}_k^{{\top}}$),  $\vec{{b}}$: {K}",
        **TEXT,
    )
    return fig


def linear_network(
    num_features: int = 3,
    num_classes: int = 3,
    *,
    name: str = "linear-network",
    caption: str | None = None,
) -> str:
    r"""The $K$ linear models of a classifier as one network, $\vec z = W\vec x + \vec b$.

    Inputs $x_1, \dots, x_D$ on the left, scores $z_1, \dots, z_K$ on the right; every input is
    joined to every score by a weight $w_{kd}$. The weights into $z_k$ are row $k$ of $W$
    ($K \times D$), $\vec w_k^{\mathsf T}$, and $z_k$ adds its bias $b_k$. The weights into $z_1$
    are drawn in colour and labelled.

    Args:
        num_features: $D$, the number of inputs, 1 to 5.
        num_classes: $K$, the number of scores, 1 to 5.
        name: The figure's name, unique on its page (:func:`~multiclass_site.figures.to_svg`).
        caption: The visible caption; by default it names the sizes and the shape of W.

    Returns:
        The figure's HTML, with a text alternative that states $D$, $K$ and the shape of $W$.

    Raises:
        TypeError: if a size is not an integer.
        ValueError: if a size is outside 1 to 5.

    Example:
        In an executed block of a page::

            ```python exec="on" html="true" session="linear-scores"
            from multiclass_site.diagrams import linear_network

            print(linear_network(num_features=2, num_classes=3))
            ```
    """
    drawing = network_drawing(num_features, num_classes)
    if caption is None:
        D, K = num_features, num_classes
        caption = (
            f"{K} linear models side by side, reading the same {D} inputs: each score has its own "
            f"weights (a row of the {K} {TIMES} {D} matrix W) and its own bias."
        )
    return figure_html(drawing, name, caption)


def network_drawing(num_features: int = 3, num_classes: int = 3) -> Drawing:
    """The figures and text alternative of :func:`linear_network` (for tests and notebooks)."""
    D = check_size(num_features, "num_features", 1, 5)
    K = check_size(num_classes, "num_classes", 1, 5)
    alt = (
        f"A network with {D} inputs x_1 to x_{D} on the left and {K} scores z_1 to z_{K} on the "
        f"right. Every input is joined to every score by a weight: {K * D} weights, the {K} {TIMES} {D} "
        f"matrix W, whose row k holds the weights into z_k (those into z_1, w_11 to w_1{D}, are "
        f"drawn in colour). Each score adds its bias b_k, {K} biases in all: "
        f"z_k = w_k^T x + b_k, so z = W x + b."
    )
    with style():
        return Drawing(_network(D, K, 4.8), _network(D, K, PHONE), alt)

"""A multilayer perceptron's layers drawn as columns of units, with their parameter counts."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from matplotlib.collections import LineCollection
from matplotlib.patches import Circle

from multiclass import MLP
from multiclass_site.diagrams.drawing import (
    FONT,
    PHONE,
    TEXT,
    WIDE,
    Drawing,
    canvas,
    figure_html,
)
from multiclass_site.figures import INK, PALETTE, style

_ACTIVATIONS = {"relu": "ReLU", "tanh": "tanh", "sigmoid": "sigmoid", "gelu": "GELU"}


def _layer_nodes(size: int) -> list[int | None]:
    """The units of a layer that are drawn, 0-based; ``None`` is the gap of a wide layer."""
    return list(range(size)) if size <= 6 else [0, 1, 2, None, size - 2, size - 1]


def _mlp(
    sizes: list[int], labels: list[str], counts: list[int], footer: list[str], width: float
) -> Any:
    tallest = max(len(_layer_nodes(s)) for s in sizes)
    lift = 0.2 * (len(footer) - 1)  # room for the footer's lines
    # Below the units: the parameter counts, the layers' names, the total.
    bottom = 1.75 + lift
    top = bottom + 0.42 * (tallest - 1)
    fig, ax = canvas(width, top + 0.55)
    step = (width - 1.0) / (len(sizes) - 1)
    centres: list[list[tuple[float, float]]] = []
    for i, size in enumerate(sizes):
        x = 0.5 + step * i
        nodes = _layer_nodes(size)
        ys = [top - 0.42 * ((tallest - len(nodes)) / 2 + r) for r in range(len(nodes))]
        centres.append([(x, y) for n, y in zip(nodes, ys, strict=True) if n is not None])
        for n, y in zip(nodes, ys, strict=True):
            if n is None:
                ax.text(x, y, "⋮", **TEXT)
            else:
                ax.add_patch(Circle((x, y), 0.11, facecolor="none", edgecolor=INK, lw=1.0))
        ax.text(x, top + 0.35, str(size), fontweight="bold", **TEXT)
        ax.text(x, 0.8 + lift, labels[i], linespacing=1.3, **TEXT)
    for i, (a, b) in enumerate(itertools.pairwise(centres)):
        colour = PALETTE[i % 2 * 2]
        ax.add_collection(
            LineCollection(
                [[(xa + 0.11, ya), (xb - 0.11, yb)] for xa, ya in a for xb, yb in b],
                colors=colour,
                linewidths=0.6,
                alpha=0.45,
            )
        )
        ax.text(
            0.5 + step * (i + 0.5),
            bottom - 0.35,
            str(counts[i]),
            color=colour,
            fontsize=FONT - 1,
            ha="center",
            va="center",
        )
    ax.text(
        width / 2,
        0.2 + lift / 2,
        "\n".join(footer),
        linespacing=1.3,
        **TEXT,
    )
    return fig


def mlp_diagram(
    layer_sizes: Sequence[int] = (2, 16, 16, 3),
    activation: str = "relu",
    *,
    name: str = "mlp-diagram",
    caption: str | None = None,
) -> str:
    r"""An MLP's layers: $D$ inputs, the hidden layers with their activation, $K$ scores.

    One column of units a layer, with its width above it; a layer of more than 6 units shows
    its first three and last two with a gap (every unit is joined to every unit of the next
    layer all the same). Under two columns, in the colour of their connections, the number of
    weights and biases of that layer, $(h_{\ell-1} + 1)\,h_\ell$; the last line adds them up to
    :attr:`multiclass.MLP.num_parameters`.

    Args:
        layer_sizes: $[D, h_1, \dots, h_{L-1}, K]$ as for :class:`multiclass.MLP`, 2 to 6 sizes.
        activation: The hidden layers' activation, as for :class:`multiclass.MLP`.
        name: The figure's name, unique on its page.
        caption: The visible caption; by default it names the sizes and the parameter count.

    Returns:
        The figure's HTML; its text alternative states every layer's size and parameter count.

    Raises:
        TypeError, ValueError: as :class:`multiclass.MLP` for ``layer_sizes`` and
            ``activation``, and ValueError for more than 6 sizes.

    Example:
        ```python exec="on" html="true" session="model-choice"
        from multiclass_site.diagrams import mlp_diagram

        print(mlp_diagram(layer_sizes=(2, 16, 16, 3), activation="relu"))
        ```
    """
    drawing = mlp_drawing(layer_sizes, activation)
    if caption is None:
        model = MLP(layer_sizes, activation)
        sizes, total = model.layer_sizes, model.num_parameters
        caption = (
            f"An MLP {'-'.join(map(str, sizes))} with {_ACTIVATIONS[model.activation]} hidden "
            f"layers: {total} weights and biases."
        )
    return figure_html(drawing, name, caption)


def mlp_drawing(layer_sizes: Sequence[int] = (2, 16, 16, 3), activation: str = "relu") -> Drawing:
    """The figures and text alternative of :func:`mlp_diagram` (for tests and notebooks)."""
    model = MLP(layer_sizes, activation)  # checks the sizes and the activation
    sizes = model.layer_sizes
    if len(sizes) > 6:
        msg = f"layer_sizes must hold at most 6 sizes for the diagram to stay legible; got {sizes}"
        raise ValueError(msg)
    act = _ACTIVATIONS[model.activation]
    hidden = len(sizes) - 2
    counts = [(a + 1) * b for a, b in itertools.pairwise(sizes)]
    labels = ["inputs"] + [f"hidden {i}\n{act}" for i in range(1, hidden + 1)] + ["scores\nsoftmax"]
    layers = "; ".join(
        f"hidden layer {i}: {sizes[i]} {act} units, {counts[i - 1]} weights and biases"
        for i in range(1, hidden + 1)
    )
    alt = (
        f"A multilayer perceptron drawn as columns of units: {sizes[0]} inputs"
        + (f"; {layers}" if hidden else "")
        + f"; {sizes[-1]} output scores, {counts[-1]} weights and biases, then softmax. "
        f"Every unit is joined to every unit of the next layer. In all "
        f"{model.num_parameters} weights and biases."
    )
    total = f"{' + '.join(map(str, counts))} = {model.num_parameters}"
    width = min(WIDE, 1.4 * len(sizes) + 0.6)
    footer = [f"weights and biases: {total}"] if hidden < 3 else ["weights and biases:", total]
    with style():
        wide = _mlp(sizes, labels, counts, [f"weights and biases: {total}"], width)
        if hidden > 2:  # columns too close for "hidden 3" and its activation: these go below
            labels = ["inputs", *(str(i) for i in range(1, hidden + 1)), "scores"]
            footer.insert(0, f"hidden layers 1\N{EN DASH}{hidden}: {act}; scores: softmax")
        phone = _mlp(sizes, labels, counts, footer, PHONE)
    return Drawing(wide, phone, alt)

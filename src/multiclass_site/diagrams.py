r"""Conceptual diagrams, drawn from code at build time: the network, the pipeline, an MLP.

Each function returns a figure's HTML (:func:`multiclass_site.figures.to_svg`: ink in
``currentColor``, a text alternative and a visible caption), ready to ``print`` from an executed
block with ``html="true"``. A diagram is drawn twice, for wide screens and for phones
(:data:`PHONE` wide, its boxes moved rather than its text shrunk).
The numbers a diagram shows are computed by the library (``softmax``, ``cross_entropy``,
``MLP.num_parameters``), never typed, and its text alternative states the same numbers. Classes
and layers are numbered from 1, as in the text.

Every drawing is laid out in inches: its axes fill the figure and one data unit is one inch, so
that a label's place and its size (in points, 72 to the inch) are measured in the same units.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.patches import Circle

from multiclass import MLP, cross_entropy, softmax
from multiclass_site.figures import INK, NARROW_WIDTH, PALETTE, style, to_svg

__all__ = ["linear_network", "mlp_diagram", "pipeline"]

#: Font size of a diagram's labels, in points: 12.7 CSS px at the drawings' natural size (the
#: phone drawing is shown at natural size on a 390 px phone, whose column is 358 px).
FONT = 9.5
#: Width of the wide drawings, in inches.
WIDE = 6.4
_MINUS = "\N{MINUS SIGN}"
_TIMES = "\N{MULTIPLICATION SIGN}"
#: Characters of a vector that fit on one line of the phone drawing's boxes.
_PHONE_CHARACTERS = 26
#: Width of the phone drawings' canvas, in inches: the SVG's tight bounding box adds a margin of
#: 0.1 in on each side, and the drawing must fit NARROW_WIDTH, a phone's column.
PHONE = NARROW_WIDTH - 0.2
_NODE = {"boxstyle": "circle,pad=0.25", "facecolor": "none", "edgecolor": INK, "linewidth": 1.1}
_BOX = {"boxstyle": "round,pad=0.35", "facecolor": "none", "edgecolor": INK, "linewidth": 1.1}
_TEXT = {"fontsize": FONT, "ha": "center", "va": "center"}
_ACTIVATIONS = {"relu": "ReLU", "tanh": "tanh", "sigmoid": "sigmoid", "gelu": "GELU"}


class Drawing(NamedTuple):
    """A diagram before it becomes HTML: its two figures and its text alternative."""

    wide: Any
    phone: Any
    alt: str


def _number(value: float, digits: int = 4, *, strip: bool = False) -> str:
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
    return text.replace("-", _MINUS)


def _vector(values: Iterable[float], digits: int = 4, *, strip: bool = False) -> str:
    return "[" + ", ".join(_number(v, digits, strip=strip) for v in values) + "]"


def _canvas(width: float, height: float) -> tuple[Any, Any]:
    """A figure ``width`` by ``height`` inches whose axes fill it, one data unit an inch."""
    fig = plt.figure(figsize=(width, height))
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set(xlim=(0, width), ylim=(0, height))
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
            "shrinkA": 2,
            "shrinkB": 2,
            "patchA": start.get_bbox_patch(),
            "patchB": end.get_bbox_patch(),
            "mutation_scale": 9,
            **props,
        },
    )


def _check_size(value: object, name: str, least: int, most: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        msg = f"{name} must be an integer; got {value!r}"
        raise TypeError(msg)
    if not least <= value <= most:
        msg = f"{name} must be between {least} and {most} for the diagram to stay legible; got {value}"
        raise ValueError(msg)
    return int(value)


def _network(D: int, K: int, width: float) -> Any:
    rows = max(D, K)
    fig, ax = _canvas(width, 0.55 * rows + 1.05)
    left, right = 0.45, width - 1.75
    top = 0.75 + 0.55 * (rows - 1)

    def place(count: int) -> list[float]:  # centred on the taller column, first at the top
        return [top - 0.55 * ((rows - count) / 2 + i) for i in range(count)]

    inputs = [
        ax.text(left, y, f"$x_{{{d + 1}}}$", bbox=_NODE, **_TEXT) for d, y in enumerate(place(D))
    ]
    scores = [
        ax.text(right, y, f"$z_{{{k + 1}}}$", bbox=_NODE, **_TEXT) for k, y in enumerate(place(K))
    ]
    for k in reversed(range(K)):  # the weights into z_1 last, on top, in colour
        for source in inputs:
            _arrow(ax, source, scores[k], PALETTE[0] if k == 0 else INK, alpha=1 if k == 0 else 0.3)
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
    ax.text(left, top + 0.6, f"{D} inputs", **_TEXT)
    ax.text(right, top + 0.6, f"{K} scores", **_TEXT)
    ax.text(
        width / 2,
        0.2,
        rf"$W$: {K} {_TIMES} {D} (row $k$ is $\vec{{w}}_k^{{\top}}$),  $\vec{{b}}$: {K}",
        **_TEXT,
    )
    return fig


def linear_network(
    num_features: int = 3,
    num_classes: int = 3,
    *,
    name: str = "linear-network",
    caption: str = "K linear models side by side: each score z_k has its own weights and bias.",
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
        caption: The visible caption.

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
    return _html(network_drawing(num_features, num_classes), name, caption)


def network_drawing(num_features: int = 3, num_classes: int = 3) -> Drawing:
    """The figures and text alternative of :func:`linear_network` (for tests and notebooks)."""
    D = _check_size(num_features, "num_features", 1, 5)
    K = _check_size(num_classes, "num_classes", 1, 5)
    alt = (
        f"A network with {D} inputs x_1 to x_{D} on the left and {K} scores z_1 to z_{K} on the "
        f"right. Every input is joined to every score by a weight: {K * D} weights, the {K} {_TIMES} {D} "
        f"matrix W, whose row k holds the weights into z_k (those into z_1, w_11 to w_1{D}, are "
        f"drawn in colour). Each score adds its bias b_k, {K} biases in all: "
        f"z_k = w_k^T x + b_k, so z = W x + b."
    )
    with style():
        return Drawing(_network(D, K, 4.8), _network(D, K, PHONE), alt)


def _one_line(lines: list[str]) -> str:
    """A vector on one line, ``[a, b, c]``, or on two when it is too long for a phone's box."""
    if len(lines) == 1:
        return lines[0]
    if sum(len(line) + 2 for line in lines) <= _PHONE_CHARACTERS:
        return "[" + ", ".join(lines) + "]"
    half = (len(lines) + 1) // 2
    return "[" + ", ".join(lines[:half]) + ",\n" + ", ".join(lines[half:]) + "]"


def _pipeline(
    stages: list[tuple[str, str, list[str]]], steps: list[str], t: str, vertical: bool
) -> Any:
    """The boxes of ``stages`` (header, symbol, entries) joined by arrows labelled ``steps``."""
    if vertical:  # one stage a row, its header on the left, the vector on one line (or two)
        contents = [_one_line(lines) for _, _, lines in stages]
        tall = [0.3 + 0.24 * content.count("\n") for content in contents] + [0.3]  # and the target
        gaps = [(a + b) / 2 + 0.6 for a, b in itertools.pairwise(tall)]
        gaps[-1] = 0.55  # the target's arrow has no label
        ys = list(itertools.accumulate([0.0, *gaps]))
        height = ys[-1] + (tall[0] + tall[-1]) / 2 + 0.15
        fig, ax = _canvas(PHONE, height)
        places = [(2.15, height - tall[0] / 2 - 0.1 - y) for y in ys]
    else:  # one stage a column, its header above, the vector as a column, each entry named
        contents = [
            "\n".join(
                f"${symbol}_{{{k + 1}}}$ = {line}" if symbol else line
                for k, line in enumerate(lines)
            )
            for _, symbol, lines in stages
        ]
        height = 0.3 * max(len(lines) for _, _, lines in stages) + 1.45
        fig, ax = _canvas(WIDE, height)
        places = [(0.3 + 1.8 * i, height / 2 + 0.05) for i in range(len(stages))]
    boxes = []
    for (header, _, _), content, (x, y) in zip(stages, contents, places, strict=False):
        if vertical:
            ax.text(0.05, y, header, fontsize=FONT, ha="left", va="center")
        else:
            ax.text(x, fig.get_size_inches()[1] - 0.2, header, **_TEXT)
        style_ = _NODE if header == "input" else _BOX
        boxes.append(ax.text(x, y, content, bbox=style_, linespacing=1.5, **_TEXT))
    for start, end, step in zip(boxes, boxes[1:], steps, strict=False):
        _arrow(ax, start, end)
        (x0, y0), (x1, y1) = start.get_position(), end.get_position()
        if vertical:
            ax.text(x0 + 0.12, (y0 + y1) / 2, step, fontsize=FONT, ha="left", va="center")
        else:
            ax.text((x0 + x1) / 2, y0 + 0.12, step, fontsize=FONT, ha="center", va="bottom")
    x = boxes[-1].get_position()[0]  # the target under the loss
    target = ax.text(x, places[-1][1] if vertical else 0.3, t, bbox=_BOX, **_TEXT)
    if vertical:
        ax.text(0.05, places[-1][1], "target", fontsize=FONT, ha="left", va="center")
    _arrow(ax, target, boxes[-1])
    return fig


def pipeline(
    z: Sequence[float] = (3.0, -1.0, 4.0),
    true_class: int = 1,
    *,
    name: str = "pipeline",
    caption: str = "From an input to its loss: scores, softmax, probabilities, cross-entropy.",
) -> str:
    r"""The pipeline $\vec x \to \vec z \to \operatorname{softmax} \to \vec y \to \mathcal E(\vec t)$, with numbers.

    The scores ``z`` go through :func:`multiclass.softmax` to the probabilities $\vec y$, and
    with the one-hot target $\vec t$ of ``true_class`` through :func:`multiclass.cross_entropy`
    to the loss $\mathcal E = -\log y_j$. Scores are shown to 2 decimals, probabilities and
    loss to 4 (a value that rounds to 0 but is not 0 with its exponent, as ``3.1e-83``).

    Args:
        z: The scores, 2 to 4 numbers in $[-99, 99]$, shown to 2 decimals (the input
            $\vec x$ is not drawn with numbers).
        true_class: $j$, the true class, **1-based** as in the text (1 to K).
        name: The figure's name, unique on its page.
        caption: The visible caption.

    Returns:
        The figure's HTML; its text alternative states $\vec z$, $\vec y$, $\vec t$ and
        $\mathcal E$ with the digits the drawing shows.

    Raises:
        TypeError: if ``true_class`` is not an integer.
        ValueError: if ``z`` is not 2 to 4 numbers in $[-99, 99]$ or ``true_class`` is outside
            1 to K.

    Example:
        ```python exec="on" html="true" session="softmax"
        from multiclass_site.diagrams import pipeline

        print(pipeline([3, -1, 4], true_class=1))
        ```
    """
    return _html(pipeline_drawing(z, true_class), name, caption)


def pipeline_drawing(z: Sequence[float] = (3.0, -1.0, 4.0), true_class: int = 1) -> Drawing:
    """The figures and text alternative of :func:`pipeline` (for tests and notebooks)."""
    try:
        scores = np.asarray(z, dtype=float)
    except (TypeError, ValueError):
        scores = np.array([np.nan])
    if scores.ndim != 1 or not 2 <= scores.size <= 4 or not (np.abs(scores) <= 99).all():
        msg = f"z must be 2 to 4 scores in [-99, 99] for the diagram to stay legible; got {z!r}"
        raise ValueError(msg)
    K = scores.size
    j = _check_size(true_class, "true_class (1-based)", 1, K)
    y = softmax(scores)
    loss = float(cross_entropy(scores, j - 1))
    t = np.eye(K)[j - 1]
    stages = [
        ("input", "", [r"$\vec{x}$"]),
        (r"scores $\vec{z}$", "z", [_number(v, 2, strip=True) for v in scores]),
        (r"probabilities $\vec{y}$", "y", [_number(v) for v in y]),
        (r"loss $\mathcal{E}$", "", [_number(loss)]),
    ]
    steps = [r"$W\vec{x} + \vec{b}$", "softmax", rf"$-\log y_{{{j}}}$"]
    target = rf"$\vec{{t}}$ = {_vector(t, 0, strip=True)}"
    alt = (
        f"The pipeline from an input x to its loss. The scores z = W x + b are "
        f"{_vector(scores, 2, strip=True)}; "
        f"softmax turns them into the probabilities y = {_vector(y)}; the true class is {j}, "
        f"target t = {_vector(t, 0, strip=True)}, so the cross-entropy is E = {_MINUS}log y_{j} = "
        f"{_number(loss)}."
    )
    with style():
        return Drawing(
            _pipeline(stages, steps, target, vertical=False),
            _pipeline(stages, steps, target, vertical=True),
            alt,
        )


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
    fig, ax = _canvas(width, top + 0.55)
    step = (width - 1.0) / (len(sizes) - 1)
    centres: list[list[tuple[float, float]]] = []
    for i, size in enumerate(sizes):
        x = 0.5 + step * i
        nodes = _layer_nodes(size)
        ys = [top - 0.42 * ((tallest - len(nodes)) / 2 + r) for r in range(len(nodes))]
        centres.append([(x, y) for n, y in zip(nodes, ys, strict=True) if n is not None])
        for n, y in zip(nodes, ys, strict=True):
            if n is None:
                ax.text(x, y, "⋮", **_TEXT)
            else:
                ax.add_patch(Circle((x, y), 0.11, facecolor="none", edgecolor=INK, lw=1.0))
        ax.text(x, top + 0.35, str(size), fontweight="bold", **_TEXT)
        ax.text(x, 0.8 + lift, labels[i], linespacing=1.3, **_TEXT)
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
        **_TEXT,
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
    return _html(drawing, name, caption)


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


def _html(drawing: Drawing, name: str, caption: str) -> str:
    with style():
        return to_svg(drawing.wide, name, drawing.alt, caption=caption, phone=drawing.phone)

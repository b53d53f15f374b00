r"""The pipeline from an input to its loss, $\vec x \to \vec z \to \vec y \to \mathcal E$, with numbers."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

from multiclass import cross_entropy, softmax
from multiclass_site.diagrams.drawing import (
    BOX,
    FONT,
    MINUS,
    NODE,
    PHONE,
    TEXT,
    WIDE,
    Drawing,
    arrow,
    canvas,
    check_size,
    figure_html,
    number,
    vector,
)
from multiclass_site.figures import style

#: Characters of a vector that fit on one line of the phone drawing's boxes.
_PHONE_CHARACTERS = 26


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
        fig, ax = canvas(PHONE, height)
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
        fig, ax = canvas(WIDE, height)
        places = [(0.3 + 1.8 * i, height / 2 + 0.05) for i in range(len(stages))]
    boxes = []
    for (header, _, _), content, (x, y) in zip(stages, contents, places, strict=False):
        if vertical:
            ax.text(0.05, y, header, fontsize=FONT, ha="left", va="center")
        else:
            ax.text(x, fig.get_size_inches()[1] - 0.2, header, **TEXT)
        style_ = NODE if header == "input" else BOX
        boxes.append(ax.text(x, y, content, bbox=style_, linespacing=1.5, **TEXT))
    for start, end, step in zip(boxes, boxes[1:], steps, strict=False):
        arrow(ax, start, end)
        (x0, y0), (x1, y1) = start.get_position(), end.get_position()
        if vertical:
            ax.text(x0 + 0.12, (y0 + y1) / 2, step, fontsize=FONT, ha="left", va="center")
        else:
            ax.text((x0 + x1) / 2, y0 + 0.12, step, fontsize=FONT, ha="center", va="bottom")
    x = boxes[-1].get_position()[0]  # the target under the loss
    target = ax.text(x, places[-1][1] if vertical else 0.3, t, bbox=BOX, **TEXT)
    if vertical:
        ax.text(0.05, places[-1][1], "target", fontsize=FONT, ha="left", va="center")
    else:
        ax.text(x - 0.75, 0.3, "target", fontsize=FONT, ha="right", va="center")
    arrow(ax, target, boxes[-1])
    return fig


def pipeline(
    z: Sequence[float] = (3.0, -1.0, 4.0),
    true_class: int = 1,
    *,
    name: str = "pipeline",
    caption: str | None = None,
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
        caption: The visible caption; by default it names the scores and the true class.

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
    drawing = pipeline_drawing(z, true_class)
    if caption is None:
        scores = vector(z, 2, strip=True).replace(", ", ",\N{NO-BREAK SPACE}")  # one line
        caption = (
            f"From an input to its loss: the scores {scores}, their softmax "
            f"probabilities, and the cross-entropy when class {true_class} is the true class."
        )
    return figure_html(drawing, name, caption)


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
    j = check_size(true_class, "true_class (1-based)", 1, K)
    y = softmax(scores)
    loss = float(cross_entropy(scores, j - 1))
    t = np.eye(K)[j - 1]
    stages = [
        ("input", "", [r"$\vec{x}$"]),
        (r"scores $\vec{z}$", "z", [number(v, 2, strip=True) for v in scores]),
        (r"probabilities $\vec{y}$", "y", [number(v) for v in y]),
        (r"loss $\mathcal{E}$", "", [number(loss)]),
    ]
    steps = [r"$W\vec{x} + \vec{b}$", "softmax", rf"$-\log y_{{{j}}}$"]
    target = rf"$\vec{{t}}$ = {vector(t, 0, strip=True)}"
    alt = (
        f"The pipeline from an input x to its loss. The scores z = W x + b are "
        f"{vector(scores, 2, strip=True)}; "
        f"softmax turns them into the probabilities y = {vector(y)}; the true class is {j}, "
        f"target t = {vector(t, 0, strip=True)}, so the cross-entropy is E = {MINUS}log y_{j} = "
        f"{number(loss)}."
    )
    with style():
        return Drawing(
            _pipeline(stages, steps, target, vertical=False),
            _pipeline(stages, steps, target, vertical=True),
            alt,
        )

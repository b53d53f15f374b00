"""The conceptual diagrams state the library's numbers, in their drawings and text alternatives alike.

Each diagram is drawn twice (wide screens, phones); both drawings and the text alternative must
agree with :mod:`multiclass`, number classes and layers from 1, and stay legible on a 390 px phone.
"""

from __future__ import annotations

import html
import itertools
import re
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from matplotlib.text import Text

from multiclass import MLP, cross_entropy, softmax
from multiclass_site import diagrams
from multiclass_site.diagrams import Drawing
from multiclass_site.figures import INK

#: A 390 px phone's column, in CSS px, and the smallest text the site allows on it.
PHONE_COLUMN_PX = 358
SMALLEST_TEXT_PX = 9
MINUS = "\N{MINUS SIGN}"

# Each example draws two figures (about a tenth of a second): fewer examples than the profile's.
few = settings(max_examples=25)


def texts(fig: Any) -> list[Text]:
    """The visible, non-empty text artists of a figure (an arrow is an empty annotation)."""
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def drawn(fig: Any) -> str:
    return "\n".join(t.get_text() for t in texts(fig))


def numbers(text: str) -> list[float]:
    """The decimal numbers of ``text``, true minus signs and exponents included."""
    found = re.findall(r"[-\u2212]?\d+(?:\.\d+)?(?:e[-\u2212]?\d+)?", text)
    return [float(n.replace(MINUS, "-")) for n in found]


def close(drawing: Drawing) -> None:
    plt.close(drawing.wide)
    plt.close(drawing.phone)


def rounding_bound(shown: str) -> float:
    """Half a unit in the last place shown: the most that rounding to that place can change."""
    mantissa, _, exponent = shown.replace(MINUS, "-").partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 0.5 * 10.0 ** (-decimals + (int(exponent) if exponent else 0))


# ---------------------------------------------------------------------------------- pipeline


@st.composite
def scores_and_class(draw: st.DrawFn) -> tuple[list[float], int]:
    K = draw(st.integers(2, 4))
    # Scores as a reader would type them, up to 2 decimals (what the drawing shows) in [-99, 99].
    z = draw(st.lists(st.integers(-9900, 9900).map(lambda c: c / 100), min_size=K, max_size=K))
    return z, draw(st.integers(1, K))


@few
@given(scores_and_class())
@example(([3.0, -1.0, 4.0], 1))  # the softmax page's figure
@example(([99.0, -99.0], 2))  # y_2 = e^-198 and E = 198: an exponent, never a 0
def test_the_pipeline_states_the_library_s_probabilities_and_loss(
    case: tuple[list[float], int],
) -> None:
    z, j = case
    given_z = list(z)
    drawing = diagrams.pipeline_drawing(z, true_class=j)
    close(drawing)
    assert z == given_z  # the input is not modified
    y = softmax(np.array(z))
    loss = float(cross_entropy(np.array(z), j - 1))  # j is 1-based, the library's labels 0-based
    match = re.fullmatch(
        r"The pipeline .* are \[(.*)\]; softmax .* probabilities y = \[(.*)\]; the true class is "
        r"(\d), target t = \[(.*)\], so the cross-entropy is E = \u2212log y_(\d) = (\S+)\.",
        drawing.alt,
    )
    assert match, drawing.alt
    shown_z, shown_y, shown_j, shown_t, shown_j_again, shown_loss = match.groups()
    assert numbers(shown_z) == pytest.approx(z, abs=0)  # drawn with up to 2 decimals: exact
    assert int(shown_j) == int(shown_j_again) == j
    assert numbers(shown_t) == [1.0 if k == j - 1 else 0.0 for k in range(len(z))]
    for value, shown in zip(y, shown_y.split(", "), strict=True):
        assert abs(float(shown.replace(MINUS, "-")) - value) <= rounding_bound(shown) * (1 + 1e-12)
        assert float(shown.replace(MINUS, "-")) != 0 or value == 0  # nothing possible shown as 0
    assert abs(float(shown_loss.replace(MINUS, "-")) - loss) <= rounding_bound(shown_loss) * (
        1 + 1e-12
    )
    # Both drawings show every number the text alternative states, and the class j, 1-based.
    for fig in (drawing.wide, drawing.phone):
        shown_text = drawn(fig)
        for entry in [*shown_z.split(", "), *shown_y.split(", "), shown_loss]:
            assert entry in shown_text, (entry, shown_text)
        assert f"\\log y_{{{j}}}" in shown_text


@pytest.mark.parametrize(
    ("z", "true_class", "error", "message"),
    [
        ([3.0], 1, ValueError, "z must be 2 to 4 scores"),
        ([1.0, 2.0, 3.0, 4.0, 5.0], 1, ValueError, "z must be 2 to 4 scores"),
        ([1.0, float("nan")], 1, ValueError, "z must be 2 to 4 scores"),
        ([1.0, 100.0], 1, ValueError, r"in \[-99, 99\]"),
        ([[1.0, 2.0]], 1, ValueError, "z must be 2 to 4 scores"),
        (["a", "b"], 1, ValueError, "z must be 2 to 4 scores"),
        ([3.0, -1.0, 4.0], 0, ValueError, r"true_class \(1-based\) must be between 1 and 3"),
        ([3.0, -1.0, 4.0], 4, ValueError, r"true_class \(1-based\) must be between 1 and 3"),
        ([3.0, -1.0, 4.0], True, TypeError, "true_class .* must be an integer"),
        ([3.0, -1.0, 4.0], 1.0, TypeError, "true_class .* must be an integer"),
    ],
)
def test_the_pipeline_refuses_what_it_cannot_draw(
    z: Any, true_class: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        diagrams.pipeline(z, true_class)
    assert not plt.get_fignums()


# ----------------------------------------------------------------------------------- network


@pytest.mark.parametrize(("D", "K"), list(itertools.product(range(1, 6), range(1, 6))))
def test_the_network_draws_every_input_and_score_numbered_from_1(D: int, K: int) -> None:
    drawing = diagrams.network_drawing(D, K)
    close(drawing)
    for fig in (drawing.wide, drawing.phone):
        shown = drawn(fig)
        assert re.findall(r"\$x_\{(\d+)\}\$", shown) == [str(d) for d in range(1, D + 1)]
        assert re.findall(r"\$z_\{(\d+)\}\$", shown) == [str(k) for k in range(1, K + 1)]
        assert f"$W$: {K} \N{MULTIPLICATION SIGN} {D}" in shown
    assert f"{K * D} weights, the {K} \N{MULTIPLICATION SIGN} {D} matrix W" in drawing.alt
    assert f"{K} biases" in drawing.alt
    assert f"x_1 to x_{D}" in drawing.alt
    assert f"z_1 to z_{K}" in drawing.alt


@pytest.mark.parametrize(
    ("D", "K", "error", "name"),
    [
        (0, 3, ValueError, "num_features must be between 1 and 5"),
        (3, 6, ValueError, "num_classes must be between 1 and 5"),
        (2.0, 3, TypeError, "num_features must be an integer"),
        (True, 3, TypeError, "num_features must be an integer"),
    ],
)
def test_the_network_refuses_sizes_it_cannot_draw(
    D: Any, K: Any, error: type[Exception], name: str
) -> None:
    with pytest.raises(error, match=name):
        diagrams.linear_network(D, K)


# --------------------------------------------------------------------------------------- MLP


@st.composite
def layer_sizes(draw: st.DrawFn) -> list[int]:
    hidden = draw(st.lists(st.integers(1, 512), max_size=4))
    return [draw(st.integers(1, 64)), *hidden, draw(st.integers(2, 20))]


@few
@given(layer_sizes(), st.sampled_from(["relu", "tanh", "sigmoid", "gelu"]))
@example([2, 16, 16, 3], "relu")  # the model-choice page's diagram
@example([2, 3], "tanh")  # no hidden layer: the linear classifier
def test_the_mlp_diagram_states_the_library_s_parameter_counts(
    sizes: list[int], activation: str
) -> None:
    drawing = diagrams.mlp_drawing(sizes, activation)
    close(drawing)
    model = MLP(sizes, activation)
    # Every layer's count, as the text alternative states it, then the total.
    per_layer = [int(n) for n in re.findall(r"(\d+) weights and biases", drawing.alt)]
    total = int(re.search(r"In all (\d+) weights and biases\.$", drawing.alt)[1])  # type: ignore[index]
    assert total == model.num_parameters
    assert per_layer[:-1] == [
        W.size + b.size for W, b in zip(model.weights, model.biases, strict=True)
    ]
    hidden = re.findall(r"hidden layer (\d+): (\d+) ", drawing.alt)
    assert hidden == [(str(i), str(h)) for i, h in enumerate(sizes[1:-1], start=1)]  # 1-based
    # Both drawings show the sizes and the same sum.
    line = f"{' + '.join(map(str, per_layer[:-1]))} = {total}"
    for fig in (drawing.wide, drawing.phone):
        shown = drawn(fig)
        assert line in shown.replace("\n", " "), shown
        assert [int(t.get_text()) for t in texts(fig) if t.get_fontweight() == "bold"] == sizes


@pytest.mark.parametrize(
    ("sizes", "activation", "error", "message"),
    [
        ([2, 4, 4, 4, 4, 4, 3], "relu", ValueError, "at most 6 sizes"),
        ([2, 4, 3], "softplus", ValueError, "softplus"),
        ([2, 0, 3], "relu", ValueError, "layer size"),
        ([2, 4, 1], "relu", ValueError, "K, the number of classes"),
        ("2-4-3", "relu", TypeError, "layer_sizes"),
    ],
)
def test_the_mlp_diagram_refuses_what_it_cannot_draw(
    sizes: Any, activation: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        diagrams.mlp_diagram(sizes, activation)


# ------------------------------------------------------------------------------ every diagram

EXTREMES = [
    ("linear_network", lambda: diagrams.network_drawing(3, 3)),
    ("linear_network 5 x 5", lambda: diagrams.network_drawing(5, 5)),
    ("linear_network 1 x 5", lambda: diagrams.network_drawing(1, 5)),
    ("pipeline", diagrams.pipeline_drawing),
    (
        "pipeline, 4 long scores",
        lambda: diagrams.pipeline_drawing([-98.76, -87.65, -76.54, 99.0], 1),
    ),
    ("pipeline, 2 scores", lambda: diagrams.pipeline_drawing([0.5, -0.25], 2)),
    ("mlp_diagram", diagrams.mlp_drawing),
    (
        "mlp_diagram, 6 layers",
        lambda: diagrams.mlp_drawing([784, 512, 256, 128, 64, 10], "sigmoid"),
    ),
    ("mlp_diagram, no hidden layer", lambda: diagrams.mlp_drawing([4, 3], "relu")),
]


def overlaps(a: Any, b: Any) -> bool:
    return bool(a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1)


@pytest.mark.parametrize("make", [make for _, make in EXTREMES], ids=[case for case, _ in EXTREMES])
def test_a_diagram_s_text_is_legible_on_a_phone_and_never_overlaps(make: Any) -> None:
    drawing = make()
    try:
        for variant in ("wide", "phone"):
            fig = getattr(drawing, variant)
            fig.draw_without_rendering()
            renderer = fig.canvas.get_renderer()
            boxes = [t.get_window_extent(renderer) for t in texts(fig)]
            page = fig.bbox
            for text, box in zip(texts(fig), boxes, strict=True):
                # Inside the figure: the SVG's tight bounding box would otherwise widen the drawing.
                inside = (
                    page.x0 <= box.x0 <= box.x1 <= page.x1
                    and page.y0 <= box.y0 <= box.y1 <= page.y1
                )
                assert inside, (variant, text.get_text())
            for (i, a), (k, b) in itertools.combinations(enumerate(boxes), 2):
                assert not overlaps(a, b), (
                    variant,
                    texts(fig)[i].get_text(),
                    texts(fig)[k].get_text(),
                )
        # The phone drawing fits a phone's column at its natural size (96 CSS px an inch), so its
        # text is drawn at its size in points, 96/72 CSS px each: at least 9 px.
        width_px = drawing.phone.get_size_inches()[0] * 96
        assert width_px <= PHONE_COLUMN_PX
        smallest_pt = min(float(t.get_fontsize()) for t in texts(drawing.phone))
        assert smallest_pt * 96 / 72 >= SMALLEST_TEXT_PX
    finally:
        close(drawing)


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: diagrams.linear_network(2, 3), "linear-network"),
        (diagrams.pipeline, "pipeline"),
        (diagrams.mlp_diagram, "mlp-diagram"),
    ],
)
def test_a_diagram_is_a_captioned_figure_in_current_colour_with_its_text_alternative(
    make: Any, name: str
) -> None:
    figure = make()
    assert figure.startswith(f'<figure class="figure" id="figure-{name}">')
    assert re.search(
        r'<figcaption class="figure__caption">[^<]{20,}</figcaption></figure>$', figure
    )
    labels = re.findall(r'aria-label="([^"]*)"', figure)
    assert len(labels) == 2
    assert labels[0] == labels[1]
    assert len(html.unescape(labels[0])) > 100
    assert "currentColor" in figure
    assert INK.lower() not in figure.lower()
    assert re.findall(r'<svg class="(figure__\w+)"', figure) == ["figure__wide", "figure__narrow"]
    # The phone drawing, as written to the page, fits a phone's column (72 pt an inch, 96 px).
    width_pt = float(re.findall(r'<svg class="figure__narrow"[^>]*width="([\d.]+)pt"', figure)[0])
    assert width_pt * 96 / 72 <= PHONE_COLUMN_PX
    assert not plt.get_fignums()


def test_the_mlp_caption_states_the_library_s_total() -> None:
    figure = diagrams.mlp_diagram((2, 16, 16, 3), activation="relu")
    caption = re.search(r'<figcaption class="figure__caption">([^<]*)<', figure)[1]  # type: ignore[index]
    assert (
        caption
        == f"An MLP 2-16-16-3 with ReLU hidden layers: {MLP([2, 16, 16, 3]).num_parameters} weights and biases."
    )


def test_a_diagram_gives_the_same_bytes_twice() -> None:
    assert diagrams.pipeline() == diagrams.pipeline()


def caption_of(figure: str) -> str:
    found = re.search(r'<figcaption class="figure__caption">([^<]*)</figcaption>', figure)
    assert found, figure[-300:]
    return html.unescape(found[1])


@pytest.mark.parametrize(("D", "K"), [(2, 3), (4, 5)])
def test_the_network_caption_states_its_sizes(D: int, K: int) -> None:
    caption = caption_of(diagrams.linear_network(D, K))
    assert f"{K} linear models" in caption
    assert f"the same {D} inputs" in caption
    assert f"{K} \N{MULTIPLICATION SIGN} {D} matrix W" in caption


def test_the_pipeline_caption_states_its_scores_on_one_line_and_the_true_class() -> None:
    caption = caption_of(diagrams.pipeline([0.5, -2, 7], true_class=3))
    assert "[0.5,\N{NO-BREAK SPACE}\N{MINUS SIGN}2,\N{NO-BREAK SPACE}7]" in caption
    assert "when class 3 is the true class" in caption

"""Shared Hypothesis strategies: every property test draws its inputs from here.

Float elements are bounded so that the properties under test are about the maths, not about
overflow in the test's own arithmetic; the extremes (huge spreads, -inf, ties) are pinned with
``@example`` in the tests and covered by the contract tests.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

#: Scores a model can realistically produce; wide enough that exp(z) overflows float64.
SCORE_BOUND = 1000.0
FLOAT_DTYPES = (np.float16, np.float32, np.float64)


def scores(bound: float = SCORE_BOUND, width: int = 64) -> st.SearchStrategy[float]:
    """Finite floats in [-bound, bound], without subnormals (they add no information here)."""
    return st.floats(
        -bound, bound, allow_nan=False, allow_infinity=False, allow_subnormal=False, width=width
    )


def vectors(
    bound: float = SCORE_BOUND, min_k: int = 1, max_k: int = 8, dtype: Any = np.float64
) -> st.SearchStrategy[np.ndarray]:
    """Score vectors z of length K in [min_k, max_k]."""
    width = np.dtype(dtype).itemsize * 8
    return hnp.arrays(
        dtype,
        st.integers(min_k, max_k),
        elements=scores(min(bound, float(np.finfo(dtype).max) / 4), width=width),
    )


def matrices(
    bound: float = SCORE_BOUND,
    min_n: int = 1,
    max_n: int = 6,
    min_k: int = 1,
    max_k: int = 8,
    dtype: Any = np.float64,
) -> st.SearchStrategy[np.ndarray]:
    """Score matrices Z of shape (N, K)."""
    width = np.dtype(dtype).itemsize * 8
    return hnp.arrays(
        dtype,
        st.tuples(st.integers(min_n, max_n), st.integers(min_k, max_k)),
        elements=scores(min(bound, float(np.finfo(dtype).max) / 4), width=width),
    )


def arrays_with_axis(
    bound: float = SCORE_BOUND, max_dims: int = 3, dtype: Any = np.float64
) -> st.SearchStrategy[tuple[np.ndarray, int]]:
    """An array of 1 to ``max_dims`` dimensions and a valid (possibly negative) axis of it."""
    width = np.dtype(dtype).itemsize * 8
    shapes = hnp.array_shapes(min_dims=1, max_dims=max_dims, min_side=1, max_side=5)
    return hnp.arrays(dtype, shapes, elements=scores(bound, width=width)).flatmap(
        lambda z: st.tuples(st.just(z), st.integers(-z.ndim, z.ndim - 1))
    )


@st.composite
def logits_and_labels(
    draw: st.DrawFn, bound: float = SCORE_BOUND, max_n: int = 6, min_k: int = 1, max_k: int = 8
) -> tuple[np.ndarray, np.ndarray]:
    """Scores Z of shape (N, K) and integer labels y of shape (N,) in [0, K)."""
    z = draw(matrices(bound, 1, max_n, min_k, max_k))
    n, k = z.shape
    y = draw(hnp.arrays(np.int64, n, elements=st.integers(0, k - 1)))
    return z, y


@st.composite
def probability_rows(draw: st.DrawFn, n: int, k: int) -> np.ndarray:
    """Probability rows (N, K): non-negative, each summing to 1 (zeros allowed)."""
    weights = draw(
        hnp.arrays(np.float64, (n, k), elements=st.floats(0.0, 1.0, allow_subnormal=False))
    )
    weights[np.arange(n), draw(st.integers(0, k - 1))] += 1.0  # no all-zero row
    return weights / weights.sum(axis=1, keepdims=True)


# --- pages ---
# Strategies for the claims of the answer pages (linear scores, softmax, sigmoid, cross-entropy).


def tied_vectors(min_k: int = 1, max_k: int = 6) -> st.SearchStrategy[np.ndarray]:
    """Score vectors drawn from a few small integers, so that ties at the maximum are common."""
    return hnp.arrays(np.float64, st.integers(min_k, max_k), elements=st.integers(-3, 3).map(float))


def temperatures(low: float = 1e-3, high: float = 1e3) -> st.SearchStrategy[float]:
    """Temperatures T > 0 spanning six orders of magnitude."""
    return st.floats(low, high, allow_nan=False, allow_infinity=False, allow_subnormal=False)


def extreme_temperatures(low: float = 0.0, infinite: bool = True) -> st.SearchStrategy[float]:
    """Temperatures T > low anywhere in the float64 range: subnormal, tiny, huge, and inf.

    Dividing scores of order 1 by the smallest of them overflows, by the largest underflows:
    exactly where ``softmax(z / T)`` breaks and the ``temperature`` keyword must not.
    """
    return st.floats(min_value=low, exclude_min=True, allow_nan=False, allow_infinity=infinite)


def dyadic_vectors(min_k: int = 1, max_k: int = 8) -> st.SearchStrategy[np.ndarray]:
    """Scores that are multiples of 1/4 in [-740, 8]: every difference z_i - z_j is exact.

    Their shifted exponentials span the whole float64 range (e^-748 is below the smallest
    subnormal), so a softmax of them tests the division without any rounding of the shift.
    """
    quarters = st.integers(-4 * 740, 4 * 8).map(lambda n: n / 4)
    return hnp.arrays(np.float64, st.integers(min_k, max_k), elements=quarters)


@st.composite
def leading_scores(
    draw: st.DrawFn, bound: float = 100.0, min_k: int = 2, max_k: int = 8
) -> tuple[np.ndarray, int, float]:
    """Scores z, a class j and a gap >= 0 with z_j = max_{k != j} z_k + gap."""
    z = draw(vectors(bound, min_k, max_k))
    j = draw(st.integers(0, z.size - 1))
    gap = draw(st.floats(0.0, 2 * bound, allow_subnormal=False))
    others = np.delete(z, j)
    z[j] = others.max() + gap
    return z, j, gap


@st.composite
def linear_models(
    draw: st.DrawFn, bound: float = 10.0, max_n: int = 5, max_d: int = 4, max_k: int = 5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Samples X (N, D), weights W (K, D) and biases b (K,) with entries in [-bound, bound]."""
    n = draw(st.integers(1, max_n))
    d = draw(st.integers(1, max_d))
    k = draw(st.integers(1, max_k))
    elements = scores(bound)
    X = draw(hnp.arrays(np.float64, (n, d), elements=elements))
    W = draw(hnp.arrays(np.float64, (k, d), elements=elements))
    b = draw(hnp.arrays(np.float64, k, elements=elements))
    return X, W, b


@st.composite
def vectors_and_targets(
    draw: st.DrawFn, bound: float = SCORE_BOUND, max_k: int = 8
) -> tuple[np.ndarray, np.ndarray]:
    """Scores z of length K and a probability target t of the same length (zeros allowed)."""
    z = draw(vectors(bound, 1, max_k))
    return z, draw(probability_rows(1, z.size))[0]


# --- Training and model choice (LinearClassifier, MLP, activations, search) ---

#: Feature values of training data: the size of standardised features and then some.
FEATURE_BOUND = 5.0


def activation_inputs(bound: float = 10.0, max_n: int = 8) -> st.SearchStrategy[np.ndarray]:
    """Pre-activation vectors a of length 1 to ``max_n`` with entries in [-bound, bound]."""
    return hnp.arrays(np.float64, st.integers(1, max_n), elements=scores(bound))


@st.composite
def classification_data(
    draw: st.DrawFn,
    max_n: int = 12,
    max_d: int = 4,
    min_k: int = 2,
    max_k: int = 4,
    every_class: bool = False,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Samples X (N, D) in [-FEATURE_BOUND, FEATURE_BOUND], labels y (N,) in [0, K), and K.

    With ``every_class`` each class labels at least one sample (N >= K): without it a class's
    bias can lower the loss forever and the objective has no minimiser.
    """
    k = draw(st.integers(min_k, max_k))
    n = draw(st.integers(k if every_class else 1, max(max_n, k)))
    d = draw(st.integers(1, max_d))
    X = draw(hnp.arrays(np.float64, (n, d), elements=scores(FEATURE_BOUND)))
    y = draw(hnp.arrays(np.int64, n, elements=st.integers(0, k - 1)))
    if every_class:
        y[draw(st.permutations(range(n)))[:k]] = np.arange(k)
    return X, y, k


@st.composite
def held_out_data(draw: st.DrawFn, d: int, k: int, max_m: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """Validation samples X_val (M, D) in [-FEATURE_BOUND, FEATURE_BOUND] and labels in [0, K)."""
    m = draw(st.integers(1, max_m))
    X_val = draw(hnp.arrays(np.float64, (m, d), elements=scores(FEATURE_BOUND)))
    labels_val = draw(hnp.arrays(np.int64, m, elements=st.integers(0, k - 1)))
    return X_val, labels_val


@st.composite
def backward_steps(
    draw: st.DrawFn, max_n: int = 5, max_width: int = 6, bound: float = 10.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """delta (N, h_l), W_l (h_l, h_(l-1)) and A_(l-1) (N, h_(l-1)) of one backward step."""
    n, h_out, h_in = (draw(st.integers(1, top)) for top in (max_n, max_width, max_width))
    delta = draw(hnp.arrays(np.float64, (n, h_out), elements=scores(bound)))
    W = draw(hnp.arrays(np.float64, (h_out, h_in), elements=scores(bound)))
    A = draw(hnp.arrays(np.float64, (n, h_in), elements=scores(5 * bound)))
    return delta, W, A


@st.composite
def linear_parameters(
    draw: st.DrawFn, k: int, d: int, bound: float = 3.0
) -> tuple[np.ndarray, np.ndarray]:
    """Weights W (K, D) and biases b (K,) with entries in [-bound, bound]."""
    W = draw(hnp.arrays(np.float64, (k, d), elements=scores(bound)))
    b = draw(hnp.arrays(np.float64, k, elements=scores(bound)))
    return W, b


def penalties() -> st.SearchStrategy[float]:
    """L2 penalty weights lambda in [1e-3, 1]: positive, so the optimum is unique."""
    return st.floats(1e-3, 1.0)


# --- accuracy (core) ---
# Inputs of the mpmath accuracy tests (tests/test_accuracy.py). Two ranges: scores a model
# produces (|z| <= 10) and wide ones (|z| <= 1e4) where exp overflows every format and the
# spread between scores is large. 1e4 keeps every output in range even in float16 (the
# largest |log_softmax| is below 2e4 < 65504). K <= 16 keeps one mpmath reference near 1 ms.
ACCURACY_BOUNDS = (10.0, 1e4)


def accuracy_vectors(
    dtypes: tuple[Any, ...] = FLOAT_DTYPES, max_k: int = 16
) -> st.SearchStrategy[np.ndarray]:
    """Score vectors of one of ``dtypes`` (subnormals included) for the accuracy tests."""

    def of(dtype: Any, bound: float) -> st.SearchStrategy[np.ndarray]:
        width = np.dtype(dtype).itemsize * 8
        elements = st.floats(-bound, bound, width=width)
        return hnp.arrays(dtype, st.integers(1, max_k), elements=elements)

    return st.tuples(st.sampled_from(dtypes), st.sampled_from(ACCURACY_BOUNDS)).flatmap(
        lambda pair: of(*pair)
    )


@st.composite
def accuracy_vectors_and_labels(
    draw: st.DrawFn, dtypes: tuple[Any, ...] = FLOAT_DTYPES, max_k: int = 16
) -> tuple[np.ndarray, int]:
    """A score vector for the accuracy tests and a true class j in [0, K)."""
    z = draw(accuracy_vectors(dtypes, max_k))
    return z, draw(st.integers(0, z.shape[0] - 1))


def sigmoid_scores(
    dtypes: tuple[Any, ...] = FLOAT_DTYPES, max_size: int = 8
) -> st.SearchStrategy[np.ndarray]:
    """Scores reaching 10% past the point where sigmoid(z) drops below the smallest subnormal.

    So the subnormal results of sigmoid for z << 0, and its rounding to exactly 1 for z >> 0,
    are both inside the tested range.
    """

    def of(dtype: Any) -> st.SearchStrategy[np.ndarray]:
        width = np.dtype(dtype).itemsize * 8
        tiny = float(np.finfo(dtype).smallest_subnormal)
        # Rounded to the format: Hypothesis takes only bounds that the format represents.
        bound = float(np.asarray(-1.1 * np.log(tiny), dtype))
        elements = st.floats(-bound, bound, width=width)
        return hnp.arrays(dtype, st.integers(1, max_size), elements=elements)

    return st.sampled_from(dtypes).flatmap(of)


#: Ranges of the activations' accuracy tests: where each function changes (GELU's dip, the
#: tanh and sigmoid knees), where its tails are still above the subnormal range (|a| <= 40 for
#: GELU, 400 for the tanh derivative, 800 for the sigmoid's), and the whole format.
ACTIVATION_BOUNDS = (2.0, 10.0, 40.0, 400.0, 800.0, np.inf)


def activation_accuracy_inputs(
    dtypes: tuple[Any, ...] = FLOAT_DTYPES, max_size: int = 8
) -> st.SearchStrategy[np.ndarray]:
    """Finite pre-activations of one of ``dtypes`` (subnormals included) for the accuracy tests."""

    def of(dtype: Any, bound: float) -> st.SearchStrategy[np.ndarray]:
        width = np.dtype(dtype).itemsize * 8
        limit = float(np.finfo(dtype).max) if np.isinf(bound) else bound
        elements = st.floats(-limit, limit, width=width)
        return hnp.arrays(dtype, st.integers(1, max_size), elements=elements)

    return st.tuples(st.sampled_from(dtypes), st.sampled_from(ACTIVATION_BOUNDS)).flatmap(
        lambda pair: of(*pair)
    )


def data_with_parameters(sets: int = 1) -> st.SearchStrategy[tuple[Any, ...]]:
    """Classification data ``(X, y, K)`` followed by ``sets`` draws of parameters ``(W, b)`` for it."""
    return classification_data().flatmap(
        lambda data: st.tuples(
            st.just(data),
            *(linear_parameters(data[2], data[0].shape[1]) for _ in range(sets)),
        )
    )


# --- hostile input (core) ---
# What a caller may pass that a model never produces: every dtype numpy has for real numbers, in
# both byte orders, holding the extremes of each (huge finite values, +-inf, nan, subnormals,
# the largest unsigned integers); masked arrays, ragged lists and bad seeds.


def _swapped(dtype: Any) -> np.dtype[Any]:
    return np.dtype(dtype).newbyteorder("S")


#: Real dtypes in native and swapped byte order, signed and unsigned integers, and bool.
HOSTILE_DTYPES: tuple[np.dtype[Any], ...] = tuple(
    np.dtype(d)
    for d in (
        *FLOAT_DTYPES,
        *(_swapped(d) for d in FLOAT_DTYPES),
        np.int8,
        np.int64,
        np.uint8,
        np.uint64,
        _swapped(np.int32),
        _swapped(np.uint64),
        np.bool_,
    )
)


def hostile_arrays(
    dtypes: tuple[Any, ...] = HOSTILE_DTYPES,
    min_dims: int = 1,
    max_dims: int = 2,
    max_side: int = 5,
    allow_nan: bool = True,
) -> st.SearchStrategy[np.ndarray]:
    """Arrays of any of ``dtypes`` holding anything that dtype can hold, extremes favoured.

    Hypothesis draws float elements near the ends of the format (the largest finite values,
    infinities, subnormals) more often than uniformly; ``allow_nan=False`` leaves nan out where
    a function documents it as a bad input.
    """
    shapes = hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=max_side)

    def of(dtype: np.dtype[Any]) -> st.SearchStrategy[np.ndarray]:
        elements = hnp.from_dtype(dtype, allow_nan=allow_nan, allow_infinity=True)
        return hnp.arrays(dtype, shapes, elements=elements)

    return st.sampled_from(dtypes).flatmap(of)


def masked_arrays(max_side: int = 5) -> st.SearchStrategy[np.ma.MaskedArray]:
    """Masked float or integer arrays, with or without masked entries (np.ma.masked included)."""
    data = hnp.arrays(
        st.sampled_from([np.float64, np.float32, np.int64]),
        st.integers(1, max_side),
        elements=st.integers(0, 1),
    )
    return st.tuples(data, st.booleans()).map(
        lambda pair: np.ma.masked_array(pair[0], mask=np.arange(pair[0].size) % 2 == pair[1])
    )


def ragged_lists(max_rows: int = 4) -> st.SearchStrategy[list[Any]]:
    """Nested lists whose rows have different lengths (at least two rows, not all equal)."""
    rows = st.lists(st.lists(st.integers(0, 1), max_size=4), min_size=2, max_size=max_rows)
    return rows.filter(lambda r: len({len(row) for row in r}) > 1)


# --- training (LinearClassifier.fit, MLP.fit, training.py): extremes and bad arguments ---


@st.composite
def huge_samples(
    draw: st.DrawFn, max_n: int = 6, max_d: int = 3, d: int | None = None, max_exponent: int = 308
) -> np.ndarray:
    """Finite samples X (N, D) whose entries reach any size up to 1e308: m * 10**e per entry.

    The mantissas m lie in [-1, 1] and the exponents e in [0, ``max_exponent``], drawn per entry,
    so that one array mixes moderate and huge values (the scales where squares and products
    overflow float64). ``d`` fixes D.
    """
    n = draw(st.integers(1, max_n))
    d = draw(st.integers(1, max_d)) if d is None else d
    mantissas = draw(hnp.arrays(np.float64, (n, d), elements=st.floats(-1.0, 1.0)))
    exponents = draw(hnp.arrays(np.int64, (n, d), elements=st.integers(0, max_exponent)))
    return mantissas * 10.0**exponents


@st.composite
def huge_classification_data(draw: st.DrawFn, max_k: int = 3) -> tuple[np.ndarray, np.ndarray, int]:
    """Huge finite samples (see :func:`huge_samples`), labels in [0, K), and K."""
    X = draw(huge_samples())
    k = draw(st.integers(2, max_k))
    return X, draw(hnp.arrays(np.int64, X.shape[0], elements=st.integers(0, k - 1))), k


def bad_seeds() -> st.SearchStrategy[Any]:
    """Values that are not a seed: bools, floats, strings, negative integers, containers, and a
    legacy ``RandomState`` (not a ``Generator``)."""
    return st.one_of(
        st.booleans(),
        st.sampled_from([np.bool_(True), "abc", "0", b"1", [1, 2], (3,), {}, 1j, np.float64(2.0)]),
        st.floats(allow_nan=True),
        st.text(max_size=3),
        st.integers(max_value=-1),
        st.just(np.random.RandomState(0)),
    )


def bad_flags() -> st.SearchStrategy[Any]:
    """Values that are not True or False, though a truthiness test would read them as one."""
    return st.one_of(
        st.sampled_from(["no", "yes", "False", "", None, [True], np.int64(1), 1.0, 0j]),
        st.integers(),
    )


def bad_counts() -> st.SearchStrategy[Any]:
    """Values that are not an integer >= 1: zero, negatives, floats, bools, strings, None."""
    return st.one_of(
        st.integers(max_value=0),
        st.floats(allow_nan=True),
        st.sampled_from([True, False, np.bool_(True), "3", None, [2], np.float64(4.0), 2j]),
    )


def bad_rates() -> st.SearchStrategy[Any]:
    """Values that are not a finite number > 0: zero, negatives, nan, infinities, non-numbers."""
    return st.one_of(
        st.floats(max_value=0.0, allow_nan=False),
        st.sampled_from([np.nan, np.inf, -np.inf, "0.1", None, True, [0.1], 1j, np.bool_(False)]),
    )


# --- the site's HTML ---
# Strategies for the build's HTML post-processing (src/multiclass_site/compact_html.py).

#: Whitespace as templates and Markdown leave it between tags: indentation, blank lines, none.
HTML_WHITESPACE = ("", " ", "\n", "\n  ", "\n\t\t", "  \n    ", "\n\n      ", " \t ")
#: Text, some holding the characters a tag is made of.
HTML_WORDS = ("a", "b c", "&lt;x&gt;", "1 > 0", "x < y", "<!-- >\n   < -->")
#: Elements a page holds: blocks, inline, and those whose whitespace is shown or read as written.
HTML_ELEMENTS = ("div", "p", "ul", "li", "span", "em", "pre", "code", "math", "svg")
#: Elements whose content a browser reads as text up to their end tag.
HTML_RAW_TEXT = ("script", "style", "textarea")
HTML_ATTRIBUTES = ("", ' class="x"', ' title=">\n    <b>"', " data-n='a >\n  <i>'")


def _html_text() -> st.SearchStrategy[str]:
    return st.sampled_from(HTML_WHITESPACE + HTML_WORDS)


@st.composite
def _html_element(draw: st.DrawFn, children: st.SearchStrategy[list[str]]) -> str:
    attributes = draw(st.sampled_from(HTML_ATTRIBUTES))
    if draw(st.booleans()):
        tag = draw(st.sampled_from(HTML_RAW_TEXT))
        inner = "".join(draw(st.lists(_html_text(), max_size=4)))
    else:
        tag = draw(st.sampled_from(HTML_ELEMENTS))
        inner = "".join(draw(children))
    return f"<{tag}{attributes}>{inner}</{tag}>"


def html_fragments(max_leaves: int = 30) -> st.SearchStrategy[str]:
    """Balanced HTML: nested elements, whitespace and text between them, attributes with ``>``.

    Raw-text elements (``<script>``, ``<style>``, ``<textarea>``) hold text only, so that no
    drawn tag inside one closes it early.
    """
    nodes = st.recursive(
        _html_text(),
        lambda inner: _html_element(st.lists(inner, max_size=5)),
        max_leaves=max_leaves,
    )
    return st.lists(nodes, max_size=6).map("".join)

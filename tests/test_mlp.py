"""The multilayer perceptron and its backpropagation (src/multiclass/mlp.py)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from multiclass import MLP, LinearClassifier, make_spirals
from multiclass.activations import ACTIVATIONS, sigmoid_grad
from tests import strategies as s
from tests.numdiff import DEFAULT_STEP, central_difference, error_bound

EPS = float(np.finfo(np.float64).eps)


@st.composite
def networks(draw: st.DrawFn) -> tuple[MLP, np.ndarray, np.ndarray, float]:
    """A small MLP with random weights, data for it, and an L2 weight."""
    X, y, k = draw(s.classification_data(max_n=6, max_d=3, max_k=3))
    hidden = draw(st.lists(st.integers(1, 4), min_size=0, max_size=2))
    activation = draw(st.sampled_from(sorted(ACTIVATIONS)))
    model = MLP([X.shape[1], *hidden, k], activation=activation, seed=draw(st.integers(0, 2**16)))
    return model, X, y, draw(st.floats(0.0, 1.0))


#: Bounds on |phi'|, |phi''|, |phi'''| over the real line: tanh's and the logistic sigmoid's in
#: closed form (1, 4 / (3 sqrt 3), 2 and 1/4, sqrt 3 / 18, 1/8); GELU's are the larger of its
#: tanh form's and of a Phi(a)'s, found with mpmath on a 0.01 grid over [-8, 8] refined by ternary
#: search (1.12899, 0.79789, 0.77877), rounded up. ReLU's hold away from its kink only.
SLOPE_BOUNDS = {
    "relu": (1.0, 0.0, 0.0),
    "tanh": (1.0, 0.7699, 2.0),
    "sigmoid": (0.25, 0.0963, 0.125),
    "gelu": (1.13, 0.80, 0.78),
}


def _forward(model: MLP, X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Pre-activations A_1..A_L and activations H_0 = X, ..., H_{L-1}, written out here."""
    A: list[np.ndarray] = []
    H = [X]
    for W, b in zip(model.weights, model.biases, strict=True):
        if A:
            H.append(model.phi(A[-1]))
        A.append(H[-1] @ W.T + b)
    return A, H


def _truncation_bounds(model: MLP, X: np.ndarray, layer: int) -> tuple[np.ndarray, np.ndarray]:
    r"""Per parameter of ``layer`` (weights, then the bias as a last column): a bound on |J'''|.

    Moving parameter (k, j) by t moves a_l by t c_j e_k (c_j = |h_{l-1, j}|, 1 for the bias).
    Through h = phi(a) the norms of the first three derivatives obey ||h'|| <= c1 ||a'||,
    ||h''|| <= c2 ||a'||^2 + c1 ||a''||, ||h'''|| <= c3 ||a'||^3 + 3 c2 ||a'|| ||a''|| + c1 ||a'''||
    (Faa di Bruno), and a = W h multiplies them by ||W||_2 (by column k's norm after layer l,
    where only unit k moves). The cross-entropy's derivatives in the scores are bounded by
    sqrt 2, 1/2 (Boehning) and 2 (|E_p (v - E_p v)^3| <= 2 ||v||^3), so |E'''| <=
    2 z1^3 + 3/2 z1 z2 + sqrt 2 z3; the penalty is quadratic and adds nothing. Also returns
    where the bound holds for ReLU: no pre-activation that moves crosses 0 within the step.
    """
    c1, c2, c3 = SLOPE_BOUNDS[model.activation]
    A, H = _forward(model, X)
    units = model.weights[layer].shape[0]
    last = len(model.weights) - 1
    M3 = np.zeros((units, model.weights[layer].shape[1] + 1))
    smooth = np.ones(M3.shape, dtype=bool)
    for n in range(X.shape[0]):
        d1 = np.ones((units, 1)) * np.append(np.abs(H[layer][n]), 1.0)
        d2, d3 = np.zeros_like(d1), np.zeros_like(d1)
        if layer < last:  # unit k of layer l moves by t c_j
            smooth &= np.abs(A[layer][n])[:, None] > DEFAULT_STEP * d1
        for m in range(layer, last):
            h1, h2 = c1 * d1, c2 * d1**2 + c1 * d2
            h3 = c3 * d1**3 + 3 * c2 * d1 * d2 + c1 * d3
            W = model.weights[m + 1]
            s = np.linalg.norm(W, axis=0)[:, None] if m == layer else np.linalg.norm(W, 2)
            d1, d2, d3 = s * h1, s * h2, s * h3
            if m + 1 < last:  # every unit of a later hidden layer may move by t d1
                smooth &= float(np.min(np.abs(A[m + 1][n]))) > DEFAULT_STEP * d1
        M3 += (2 * d1**3 + 1.5 * d1 * d2 + np.sqrt(2) * d3) / X.shape[0]
    if model.activation != "relu":
        smooth[:] = True
    return M3, smooth


def _rounding_bound(model: MLP, X: np.ndarray, l2: float) -> float:
    """A bound on the absolute rounding error of the computed J (standard error analysis).

    A dot product of n terms errs by at most gamma_n = n eps / (1 - n eps) times the sum of
    the terms' sizes; an activation by 8 eps (|h| + |a|); errors pass to the next layer through
    |W|, to a score through c1, to E_n through ||grad E_n|| <= sqrt 2; the cross-entropy adds
    8 eps (max |z| + log K) per sample, the mean and the penalty their own gamma_n.
    """

    def gamma(n: int) -> float:
        return n * EPS / (1 - n * EPS)

    c1 = SLOPE_BOUNDS[model.activation][0]
    A, H = _forward(model, X)
    error = np.zeros_like(X)
    for m, (W, b) in enumerate(zip(model.weights, model.biases, strict=True)):
        size = np.abs(H[m]) @ np.abs(W).T + np.abs(b)
        error_a = error @ np.abs(W).T + gamma(W.shape[1] + 1) * size
        if m + 1 < len(model.weights):
            error = c1 * error_a + 8 * EPS * (np.abs(H[m + 1]) + np.abs(A[m]))
    Z = A[-1]
    per_sample = np.sqrt(2) * np.linalg.norm(error_a, axis=1)
    per_sample += 8 * EPS * (np.abs(Z).max(axis=1) + np.log(Z.shape[1]))
    loss = 2 * np.abs(Z).max() + np.log(Z.shape[1])  # >= every E_n
    penalty = 0.5 * l2 * sum(float(np.sum(W * W)) for W in model.weights)
    return float(
        per_sample.mean() + gamma(X.shape[0]) * loss + gamma(model.num_parameters) * penalty
    )


# --8<-- [start:mlp-backprop-matches-central-differences]
@pytest.mark.claim("mlp-backprop-matches-central-differences")
@given(networks())
@example(  # beyond an earlier constant bound: a third derivative of 2.7e3 along one weight
    (MLP([2, 2, 2, 2], activation="gelu", seed=1000), np.array([[3.0, 3.0]]), np.array([0]), 0.0)
)
def test_backprop_matches_central_differences(
    net: tuple[MLP, np.ndarray, np.ndarray, float],
) -> None:
    model, X, y, l2 = net
    grads = model.gradients(X, y, l2)
    rounding = _rounding_bound(model, X, l2)
    for layer, (dW, db) in enumerate(grads):
        W, b = model.weights[layer], model.biases[layer]

        def loss_with(Wl: np.ndarray, bl: np.ndarray, layer: int = layer) -> float:
            saved = model.weights[layer], model.biases[layer]
            model.weights[layer], model.biases[layer] = Wl, bl
            try:
                return model.loss(X, y, l2)
            finally:
                model.weights[layer], model.biases[layer] = saved

        numeric = np.column_stack(
            [
                central_difference(lambda V, b=b: loss_with(V, b), W),
                central_difference(lambda c, W=W: loss_with(W, c), b),
            ]
        )
        # Per parameter: h^2/6 times the bound on the third derivative (truncation) plus
        # delta / h (the two values of J, each off by at most delta, the bound on rounding;
        # error_bound charges 4 eps F / h).
        M3, smooth = _truncation_bounds(model, X, layer)
        tol = error_bound(f_scale=rounding / (4 * EPS), third_derivative=M3)
        error = np.abs(np.column_stack([dW, db]) - numeric)
        # For ReLU, only the parameters whose step moves no pre-activation across the kink.
        bad = np.argwhere(smooth & (error > tol))
        assert bad.size == 0, (
            f"layer {layer}: {bad.tolist()} off by {error[smooth]} > {tol[smooth]}"
        )


# --8<-- [end:mlp-backprop-matches-central-differences]


# --8<-- [start:mlp-parameter-count]
@pytest.mark.claim("mlp-parameter-count")
@given(st.lists(st.integers(1, 50), min_size=1, max_size=5), st.integers(2, 10))
def test_parameter_count_is_the_sum_over_layers(sizes: list[int], k: int) -> None:
    layer_sizes = [*sizes, k]
    model = MLP(layer_sizes, seed=0)
    stored = sum(W.size for W in model.weights) + sum(b.size for b in model.biases)
    formula = sum((a + 1) * c for a, c in itertools.pairwise(layer_sizes))
    assert model.num_parameters == stored == formula
    assert [W.shape for W in model.weights] == list(
        zip(layer_sizes[1:], layer_sizes[:-1], strict=True)
    )


# --8<-- [end:mlp-parameter-count]


# --8<-- [start:mlp-doubling-widths]
@pytest.mark.claim("mlp-doubling-widths")
@given(st.integers(1, 50), st.integers(2, 50), st.integers(1, 4), st.integers(1, 100))
@example(2, 3, 2, 1)  # 2 (m - 1) h^2 = 2 < K = 3: two hidden layers, count less than doubled
@example(2, 2, 2, 1)  # 2 (m - 1) h^2 = K: exactly doubled
@example(2, 3, 1, 32)  # the page's 2-32-3 -> 2-64-3
def test_doubling_every_hidden_width(d: int, k: int, m: int, h: int) -> None:
    def count(width: int) -> int:
        return MLP([d, *[width] * m, k], seed=0).num_parameters

    # Integers: every comparison is exact.
    assert count(h) == (m - 1) * h * h + (d + k + m) * h + k
    if m == 1:
        assert count(2 * h) < 2 * count(h)
    else:
        assert count(2 * h) < 4 * count(h)
        assert (count(2 * h) > 2 * count(h)) == (2 * (m - 1) * h * h > k)


# --8<-- [end:mlp-doubling-widths]


# --8<-- [start:sigmoid-backward-step-bound]
@pytest.mark.claim("sigmoid-backward-step-bound")
@given(s.backward_steps())
@example((np.ones((1, 2)), 8.0 * np.eye(2), np.zeros((1, 2))))  # equality: the step doubles
@example((np.ones((3, 2)), np.ones((2, 4)), np.full((3, 4), 40.0)))  # saturated: almost 0
def test_sigmoid_backward_step_is_bounded_by_the_weights_norm(step) -> None:  # type: ignore[no-untyped-def]
    delta, W, A = step
    result = (delta @ W) * sigmoid_grad(A)
    bound = 0.25 * np.linalg.norm(W, 2) * np.linalg.norm(delta)
    # Rounding: each entry of delta W is a sum of h_l products, within gamma_(h_l) of the
    # |delta| |W| products (Higham, Accuracy and Stability, 3.1), so the computed matrix is
    # within (h_l + 1) eps ||delta||_F ||W||_F of the exact one in Frobenius norm; sigmoid'
    # (at most 1/4) and the two norms add a few eps relative, and the SVD's ||W||_2 is within
    # a few eps of its exact value relative to ||W||_F.
    h_l = W.shape[0]
    slack = 0.25 * (h_l + 8) * EPS * np.linalg.norm(delta) * np.linalg.norm(W)
    assert np.linalg.norm(result) <= bound * (1 + 16 * EPS) + slack


# --8<-- [end:sigmoid-backward-step-bound]


# --8<-- [start:mlp-without-hidden-layers-is-linear]
@pytest.mark.claim("mlp-without-hidden-layers-is-linear")
@given(
    s.data_with_parameters(),
    st.floats(0.0, 1.0),
)
def test_mlp_without_hidden_layers_is_the_linear_classifier(data, l2: float) -> None:  # type: ignore[no-untyped-def]
    (X, y, k), (W, b) = data
    mlp = MLP([X.shape[1], k], seed=0)
    mlp.weights, mlp.biases = [W.copy()], [b.copy()]
    linear = LinearClassifier(k, X.shape[1])
    linear.W, linear.b = W.copy(), b.copy()
    # The same arithmetic in the same order: equal to the last bit, or within one rounding.
    np.testing.assert_allclose(mlp.logits(X), linear.logits(X), rtol=4 * EPS, atol=0)
    assert mlp.loss(X, y, l2) == pytest.approx(linear.loss(X, y, l2), rel=16 * EPS)
    (dW, db), (lW, lb) = mlp.gradients(X, y, l2)[0], linear.gradient(X, y, l2)
    np.testing.assert_allclose(dW, lW, rtol=0, atol=16 * EPS * (1 + np.abs(lW).max()))
    np.testing.assert_allclose(db, lb, rtol=0, atol=16 * EPS)


# --8<-- [end:mlp-without-hidden-layers-is-linear]


def test_training_is_deterministic_with_a_seed() -> None:
    data = make_spirals(n_per_class=30, seed=0)
    a = MLP([2, 16, 3], activation="tanh", seed=4).fit(data.X, data.labels, epochs=5, tol=0.0)
    b = MLP([2, 16, 3], activation="tanh", seed=4).fit(data.X, data.labels, epochs=5, tol=0.0)
    c = MLP([2, 16, 3], activation="tanh", seed=5).fit(data.X, data.labels, epochs=5, tol=0.0)
    for Wa, Wb in zip(a.weights, b.weights, strict=True):
        np.testing.assert_array_equal(Wa, Wb)
    assert not np.array_equal(a.weights[0], c.weights[0])
    assert a.history.loss == b.history.loss


def test_an_mlp_separates_spirals_that_a_linear_model_cannot() -> None:
    data = make_spirals(n_per_class=60, noise=0.1, seed=0)
    linear = LinearClassifier(3, 2).fit(data.X, data.labels, l2=1e-3)
    mlp = MLP([2, 32, 32, 3], activation="relu", seed=0).fit(
        data.X, data.labels, epochs=300, learning_rate=0.05, tol=0.0
    )
    assert (linear.predict(data.X) == data.labels).mean() < 0.7
    assert (mlp.predict(data.X) == data.labels).mean() > 0.95
    assert mlp.history.loss[-1] < 0.5 * mlp.history.loss[0]


def test_probabilities_are_rows_summing_to_one() -> None:
    data = make_spirals(n_per_class=5, seed=1)
    P = MLP([2, 4, 3], activation="gelu").predict_proba(data.X)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=0, atol=3 * 4 * EPS)


def test_fit_does_not_modify_its_inputs() -> None:
    data = make_spirals(n_per_class=5, seed=1)
    X, y = data.X.copy(), data.labels.copy()
    MLP([2, 4, 3]).fit(X, y, epochs=2, tol=0.0)
    np.testing.assert_array_equal(X, data.X)
    np.testing.assert_array_equal(y, data.labels)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: MLP([2, 4, 3], activation="swish"), ValueError, "activation must be one of"),
        (lambda: MLP([2, 4, 3], activation=None), TypeError, "activation must be a name"),
        (lambda: MLP([3]), ValueError, r"at least \[D, K\]"),
        (lambda: MLP([2, 4, 1]), ValueError, "number of classes, which must be >= 2; got 1"),
        (lambda: MLP([2, 0, 3]), ValueError, "each layer size must be an integer >= 1"),
        (lambda: MLP("23"), TypeError, "layer_sizes must be a sequence"),
        (lambda: MLP([2, 4, 3]).fit(np.zeros((2, 3)), [0, 1]), ValueError, "D = 2 features"),
        (lambda: MLP([2, 3]).fit(np.zeros((2, 2)), np.array([0, 3])), ValueError, r"\[0, 3\)"),
        (lambda: MLP([2, 3]).fit(np.full((1, 2), np.nan), np.array([0])), ValueError, "finite"),
        (lambda: MLP([2, 3]).fit(np.zeros((0, 2)), np.zeros(0, int)), ValueError, "one sample"),
        (
            lambda: MLP([2, 3]).fit(np.zeros((1, 2)), np.array([0]), momentum=1.0),
            ValueError,
            r"momentum must be in \[0, 1\)",
        ),
        (
            lambda: MLP([2, 3]).fit(np.zeros((1, 2)), np.array([0]), learning_rate=0),
            ValueError,
            "learning_rate must be a finite number > 0",
        ),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(call, error, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=match):
        call()

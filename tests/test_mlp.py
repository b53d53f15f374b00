"""The multilayer perceptron and its backpropagation (src/multiclass/mlp.py)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from multiclass import MLP, LinearClassifier, make_spirals
from multiclass.activations import ACTIVATIONS
from tests import strategies as s
from tests.numdiff import central_difference, error_bound

EPS = float(np.finfo(np.float64).eps)


@st.composite
def networks(draw: st.DrawFn) -> tuple[MLP, np.ndarray, np.ndarray, float]:
    """A small MLP with random weights, data for it, and an L2 weight."""
    X, y, k = draw(s.classification_data(max_n=6, max_d=3, max_k=3))
    hidden = draw(st.lists(st.integers(1, 4), min_size=0, max_size=2))
    activation = draw(st.sampled_from(sorted(ACTIVATIONS)))
    model = MLP([X.shape[1], *hidden, k], activation=activation, seed=draw(st.integers(0, 2**16)))
    return model, X, y, draw(st.floats(0.0, 1.0))


def _forward(model: MLP, X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Pre-activations A_1..A_L and activations H_0 = X, ..., H_{L-1}, written out here."""
    A: list[np.ndarray] = []
    H = [X]
    for W, b in zip(model.weights, model.biases, strict=True):
        if A:
            H.append(model.phi(A[-1]))
        A.append(H[-1] @ W.T + b)
    return A, H


# --8<-- [start:mlp-backprop-matches-central-differences]
@pytest.mark.claim("mlp-backprop-matches-central-differences")
@given(networks())
def test_backprop_matches_central_differences(
    net: tuple[MLP, np.ndarray, np.ndarray, float],
) -> None:
    model, X, y, l2 = net
    if model.activation == "relu":
        # Away from ReLU's kink only: a difference quotient across it measures nothing.
        A, _ = _forward(model, X)
        assume(all(np.all(np.abs(a) > 1e-3) for a in A[:-1]))
    grads = model.gradients(X, y, l2)
    for layer, (dW, db) in enumerate(grads):
        W, b = model.weights[layer], model.biases[layer]

        def loss_with(Wl: np.ndarray, bl: np.ndarray, layer: int = layer) -> float:
            saved = model.weights[layer], model.biases[layer]
            model.weights[layer], model.biases[layer] = Wl, bl
            try:
                return model.loss(X, y, l2)
            finally:
                model.weights[layer], model.biases[layer] = saved

        num_W = central_difference(lambda V, b=b: loss_with(V, b), W)
        num_b = central_difference(lambda c, W=W: loss_with(W, c), b)
        # Weights start at He/Glorot scale and inputs are <= 5 in size, so scores and |J| stay
        # below 100 and third derivatives along one weight below 1e3 (products of up to three
        # factors <= 10 from the inputs and the layers' weights).
        tol = error_bound(f_scale=100.0, third_derivative=1e3)
        np.testing.assert_allclose(dW, num_W, rtol=0, atol=tol, err_msg=f"dW of layer {layer}")
        np.testing.assert_allclose(db, num_b, rtol=0, atol=tol, err_msg=f"db of layer {layer}")


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
    a = MLP([2, 16, 3], activation="tanh", seed=4).fit(data.X, data.y, epochs=5, tol=0.0)
    b = MLP([2, 16, 3], activation="tanh", seed=4).fit(data.X, data.y, epochs=5, tol=0.0)
    c = MLP([2, 16, 3], activation="tanh", seed=5).fit(data.X, data.y, epochs=5, tol=0.0)
    for Wa, Wb in zip(a.weights, b.weights, strict=True):
        np.testing.assert_array_equal(Wa, Wb)
    assert not np.array_equal(a.weights[0], c.weights[0])
    assert a.history.loss == b.history.loss


def test_an_mlp_separates_spirals_that_a_linear_model_cannot() -> None:
    data = make_spirals(n_per_class=60, noise=0.1, seed=0)
    linear = LinearClassifier(3, 2).fit(data.X, data.y, l2=1e-3)
    mlp = MLP([2, 32, 32, 3], activation="relu", seed=0).fit(
        data.X, data.y, epochs=300, learning_rate=0.05, tol=0.0
    )
    assert (linear.predict(data.X) == data.y).mean() < 0.7
    assert (mlp.predict(data.X) == data.y).mean() > 0.95
    assert mlp.history.loss[-1] < 0.5 * mlp.history.loss[0]


def test_probabilities_are_rows_summing_to_one() -> None:
    data = make_spirals(n_per_class=5, seed=1)
    P = MLP([2, 4, 3], activation="gelu").predict_proba(data.X)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=0, atol=3 * 4 * EPS)


def test_fit_does_not_modify_its_inputs() -> None:
    data = make_spirals(n_per_class=5, seed=1)
    X, y = data.X.copy(), data.y.copy()
    MLP([2, 4, 3]).fit(X, y, epochs=2, tol=0.0)
    np.testing.assert_array_equal(X, data.X)
    np.testing.assert_array_equal(y, data.y)


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

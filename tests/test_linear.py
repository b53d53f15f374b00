"""LinearClassifier and its training (src/multiclass/linear.py)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize
from scipy.special import logsumexp

from multiclass import LinearClassifier, lipschitz_bound, load_iris, make_blobs
from tests import strategies as s
from tests.numdiff import central_difference, error_bound

EPS = float(np.finfo(np.float64).eps)


def _model(W: np.ndarray, b: np.ndarray) -> LinearClassifier:
    model = LinearClassifier(W.shape[0], W.shape[1])
    model.W, model.b = W.copy(), b.copy()
    return model


def _objective(W: np.ndarray, b: np.ndarray, X: np.ndarray, y: np.ndarray, l2: float) -> float:
    return _model(W, b).loss(X, y, l2)


# --8<-- [start:linear-gradient-matches-central-differences]
@pytest.mark.claim("linear-gradient-matches-central-differences")
@given(
    s.data_with_parameters(),
    st.floats(0.0, 1.0),
)
def test_linear_gradient_matches_central_differences(data, l2: float) -> None:  # type: ignore[no-untyped-def]
    (X, y, _), (W, b) = data
    dW, db = _model(W, b).gradient(X, y, l2)
    num_W = central_difference(lambda V: _objective(V, b, X, y, l2), W)
    num_b = central_difference(lambda c: _objective(W, c, X, y, l2), b)
    # J's third derivatives along one coordinate are at most max|x|^3 <= 125 (cross-entropy's
    # are <= 1 in the scores, and a weight moves a score by x) plus 0 from the penalty; |J| is
    # at most max|z| + log K + the penalty, below 200 here.
    tol = error_bound(f_scale=200.0, third_derivative=125.0)
    np.testing.assert_allclose(dW, num_W, rtol=0, atol=tol)
    np.testing.assert_allclose(db, num_b, rtol=0, atol=tol)


# --8<-- [end:linear-gradient-matches-central-differences]


# --8<-- [start:linear-initial-loss-is-log-k]
@pytest.mark.claim("linear-initial-loss-is-log-k")
@given(s.classification_data(max_k=12))
def test_initial_loss_is_log_k(data: tuple[np.ndarray, np.ndarray, int]) -> None:
    X, y, k = data
    model = LinearClassifier(k, X.shape[1])
    # W = 0, b = 0: every class gets probability 1/K, so every sample costs log K; the mean of
    # N equal float64 values is exact to a few eps.
    assert model.loss(X, y) == pytest.approx(np.log(k), rel=8 * EPS)
    np.testing.assert_allclose(model.predict_proba(X), 1.0 / k, rtol=4 * EPS)


# --8<-- [end:linear-initial-loss-is-log-k]


# --8<-- [start:bias-shift-leaves-the-objective-unchanged]
@pytest.mark.claim("bias-shift-leaves-the-objective-unchanged")
@given(
    s.data_with_parameters(),
    st.floats(-10.0, 10.0),
    st.floats(0.0, 1.0),
)
def test_bias_shift_leaves_the_objective_unchanged(data, c: float, l2: float) -> None:  # type: ignore[no-untyped-def]
    (X, y, k), (W, b) = data
    J = _objective(W, b, X, y, l2)
    # Shifting all K scores by c changes each log-softmax by rounding only: a few eps of the
    # scores' size (|z| <= 3 * 5 * 4 + 3 + 10 < 100) per sample.
    assert _objective(W, b + c, X, y, l2) == pytest.approx(J, rel=0, abs=400 * EPS)
    _, db = _model(W, b).gradient(X, y, l2)
    # Each row of Y - T sums to 0 up to K roundings of numbers <= 1.
    assert abs(db.sum()) <= 4 * k * EPS


# --8<-- [end:bias-shift-leaves-the-objective-unchanged]


# --8<-- [start:penalised-objective-strongly-convex-in-w]
@pytest.mark.claim("penalised-objective-strongly-convex-in-w")
@given(
    s.data_with_parameters(sets=2),
    st.floats(0.0, 1.0),
    s.penalties(),
)
@example(
    (
        (np.array([[1.0], [-1.0]]), np.array([0, 1]), 2),
        (np.array([[1.0], [0.0]]), np.zeros(2)),
        (np.array([[-1.0], [2.0]]), np.ones(2)),
    ),
    0.5,
    0.1,
)
def test_penalised_objective_is_strongly_convex_in_w(data, t: float, l2: float) -> None:  # type: ignore[no-untyped-def]
    (X, y, _), (W1, b1), (W2, b2) = data
    J1, J2 = _objective(W1, b1, X, y, l2), _objective(W2, b2, X, y, l2)
    Jt = _objective(t * W1 + (1 - t) * W2, t * b1 + (1 - t) * b2, X, y, l2)
    margin = 0.5 * l2 * t * (1 - t) * float(np.sum((W1 - W2) ** 2))
    # Each J is computed to a few hundred eps of its size (scores below 70 in size).
    tol = 400 * EPS * (1.0 + abs(J1) + abs(J2))
    assert Jt <= t * J1 + (1 - t) * J2 - margin + tol


# --8<-- [end:penalised-objective-strongly-convex-in-w]


# --8<-- [start:lipschitz-bound]
@pytest.mark.claim("lipschitz-bound")
@given(
    s.data_with_parameters(sets=2),
    st.floats(0.0, 1.0),
)
def test_gradient_is_lipschitz_with_the_bound(data, l2: float) -> None:  # type: ignore[no-untyped-def]
    (X, y, _), (W1, b1), (W2, b2) = data
    g1 = np.concatenate([a.ravel() for a in _model(W1, b1).gradient(X, y, l2)])
    g2 = np.concatenate([a.ravel() for a in _model(W2, b2).gradient(X, y, l2)])
    distance = np.sqrt(np.sum((W1 - W2) ** 2) + np.sum((b1 - b2) ** 2))
    L = lipschitz_bound(X, l2)
    # Gradient entries are below 30 in size and carry a few eps of rounding each.
    assert np.linalg.norm(g1 - g2) <= L * distance * (1 + 1e-12) + 1e-12


# --8<-- [end:lipschitz-bound]


# --8<-- [start:gradient-descent-never-increases-objective]
@pytest.mark.claim("gradient-descent-never-increases-objective")
@given(s.classification_data(), st.floats(0.0, 1.0))
@example((np.array([[5.0], [-5.0], [5.0]]), np.array([0, 1, 1]), 2), 0.0)  # not separable
def test_full_batch_descent_with_step_one_over_l_never_increases_the_objective(
    data: tuple[np.ndarray, np.ndarray, int], l2: float
) -> None:
    X, y, k = data
    model = LinearClassifier(k, X.shape[1])
    model.fit(X, y, l2=l2, momentum=0.0, max_epochs=30, tol=0.0)
    loss = np.array(model.history.loss)
    grad = np.array(model.history.grad_norm)
    L = lipschitz_bound(X, l2)
    # The descent lemma: J(x - g/L) <= J(x) - |g|^2 / (2L); the J values carry rounding of a
    # few hundred eps of their size (below 10 here, starting from log K).
    tol = 400 * EPS * (1.0 + loss[:-1])
    assert np.all(loss[1:] <= loss[:-1] - grad[:-1] ** 2 / (2 * L) + tol)


# --8<-- [end:gradient-descent-never-increases-objective]


def _scipy_optimum(X: np.ndarray, y: np.ndarray, k: int, l2: float) -> float:
    """The penalised objective's minimum by scipy's L-BFGS, written independently of multiclass."""
    n, d = X.shape
    T = np.eye(k)[y]

    def f(theta: np.ndarray) -> tuple[float, np.ndarray]:
        W, b = theta[: k * d].reshape(k, d), theta[k * d :]
        Z = X @ W.T + b
        lse = logsumexp(Z, axis=1)
        value = np.mean(lse - Z[np.arange(n), y]) + 0.5 * l2 * np.sum(W * W)
        G = (np.exp(Z - lse[:, None]) - T) / n
        return value, np.concatenate([(G.T @ X + l2 * W).ravel(), G.sum(axis=0)])

    result = minimize(
        f,
        np.zeros(k * (d + 1)),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": 20000, "gtol": 1e-12, "ftol": 1e-15},
    )
    return float(result.fun)


# --8<-- [start:linear-fit-reaches-the-optimum]
@pytest.mark.claim("linear-fit-reaches-the-optimum")
@settings(max_examples=25)  # two full optimisations per example: a few seconds in all
@given(s.classification_data(max_n=12, every_class=True), st.floats(1e-2, 1.0))
def test_fit_reaches_the_optimum_of_an_independent_optimiser(
    data: tuple[np.ndarray, np.ndarray, int], l2: float
) -> None:
    X, y, k = data
    model = LinearClassifier(k, X.shape[1]).fit(X, y, l2=l2, tol=1e-8, max_epochs=100_000)
    assert model.converged
    ours, reference = model.loss(X, y, l2), _scipy_optimum(X, y, k, l2)
    # The claim: the same minimum to 1e-6 relative (J >= log-likelihood terms > 0 here, as
    # every class is present). Neither may sit clearly below the other.
    assert ours == pytest.approx(reference, rel=1e-6)


# --8<-- [end:linear-fit-reaches-the-optimum]


def test_fit_on_iris_matches_the_independent_optimum() -> None:
    iris = load_iris()
    X = (iris.X - iris.X.mean(axis=0)) / iris.X.std(axis=0)
    model = LinearClassifier(3, 4).fit(X, iris.labels, l2=1e-3, tol=1e-9, max_epochs=100_000)
    assert model.loss(X, iris.labels, 1e-3) == pytest.approx(
        _scipy_optimum(X, iris.labels, 3, 1e-3), rel=1e-6
    )


def test_every_momentum_variant_converges_to_the_same_optimum() -> None:
    data = make_blobs(n_per_class=20, num_classes=3, spread=2.0, seed=3)
    l2 = 0.05
    reference = _scipy_optimum(data.X, data.labels, 3, l2)
    for options in (
        {"momentum": 0.0},
        {"momentum": 0.5, "nesterov": False},
        {"momentum": 0.5, "nesterov": True},
        {"momentum": "auto"},
    ):
        model = LinearClassifier(3, 2).fit(
            data.X, data.labels, l2=l2, tol=1e-8, max_epochs=50_000, **options
        )
        assert model.converged, options
        assert model.loss(data.X, data.labels, l2) == pytest.approx(reference, rel=1e-6), options


def test_mini_batch_training_is_reproducible_and_learns() -> None:
    data = make_blobs(n_per_class=30, num_classes=4, seed=0)
    options = {"batch_size": 16, "max_epochs": 20, "tol": 0.0}
    a = LinearClassifier(4, 2).fit(data.X, data.labels, seed=5, **options)
    b = LinearClassifier(4, 2).fit(data.X, data.labels, seed=5, **options)
    c = LinearClassifier(4, 2).fit(data.X, data.labels, seed=6, **options)
    np.testing.assert_array_equal(a.W, b.W)
    assert not np.array_equal(a.W, c.W)
    assert a.history.loss[-1] < 0.5 * np.log(4)
    assert a.history.accuracy[-1] > 0.9
    assert len(a.history) == 21  # the start and 20 epochs
    assert a.history.epochs == 20


def test_history_records_one_entry_per_epoch_and_stops_at_the_tolerance() -> None:
    data = make_blobs(n_per_class=10, num_classes=3, seed=1)
    model = LinearClassifier(3, 2).fit(data.X, data.labels, l2=0.1, tol=1e-4, max_epochs=5000)
    assert model.converged
    assert model.history.grad_norm[-1] <= 1e-4 < model.history.grad_norm[-2]
    assert len(model.history.loss) == len(model.history.accuracy) == len(model.history)
    # The last entry describes the returned parameters.
    assert model.history.loss[-1] == pytest.approx(model.loss(data.X, data.labels, 0.1), rel=1e-12)
    assert model.history.accuracy[-1] == np.mean(model.predict(data.X) == data.labels)
    # At W = 0 every score ties; argmax picks class 0, right for a third of the balanced data.
    assert model.history.accuracy[0] == pytest.approx(1 / 3)
    dW, db = model.gradient(data.X, data.labels, 0.1)
    assert np.sqrt(np.sum(dW**2) + np.sum(db**2)) == pytest.approx(
        model.history.grad_norm[-1], rel=1e-6
    )


def test_predict_is_the_argmax_of_the_probabilities() -> None:
    data = make_blobs(n_per_class=10, num_classes=3, seed=2)
    model = LinearClassifier(3, 2).fit(data.X, data.labels, l2=0.1, max_epochs=50)
    P = model.predict_proba(data.X)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=0, atol=4 * 3 * EPS)
    np.testing.assert_array_equal(model.predict(data.X), P.argmax(axis=1))


def test_fit_does_not_modify_its_inputs() -> None:
    data = make_blobs(n_per_class=5, num_classes=2, seed=0)
    X, y = data.X.copy(), data.labels.copy()
    LinearClassifier(2, 2).fit(X, y, max_epochs=3, tol=0.0)
    np.testing.assert_array_equal(X, data.X)
    np.testing.assert_array_equal(y, data.labels)


X_OK = np.zeros((3, 2))
Y_OK = np.array([0, 1, 2])


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda m: m.fit(np.zeros((3, 5)), Y_OK), ValueError, r"D = 2 features"),
        (lambda m: m.fit(np.zeros(3), Y_OK), ValueError, r"shape \(N, D\)"),
        (
            lambda m: m.fit(X_OK, np.array([0, 1])),
            ValueError,
            r"labels must have shape \(N,\) = \(3,\)",
        ),
        (lambda m: m.fit(X_OK, np.array([0, 1, 3])), ValueError, r"\[0, 3\); got 3 at index 2"),
        (lambda m: m.fit(X_OK, np.array([0, -1, 2])), ValueError, r"got -1 at index 1"),
        (lambda m: m.fit(X_OK, np.array([0.0, 1.0, 2.0])), TypeError, r"integer class indices"),
        (lambda m: m.fit(np.zeros((0, 2)), np.zeros(0, int)), ValueError, r"at least one sample"),
        (
            lambda m: m.fit(np.array([[0.0, np.nan]] * 3), Y_OK),
            ValueError,
            r"X must be finite; got nan at index \(0, 1\)",
        ),
        (lambda m: m.predict(np.array([[np.inf, 0.0]])), ValueError, r"X must be finite"),
        (lambda m: m.fit(X_OK, Y_OK, l2=-1.0), ValueError, r"l2 must be a finite number >= 0"),
        (
            lambda m: m.fit(X_OK, Y_OK, step=0.0),
            ValueError,
            r"step must be a finite number > 0; got 0.0",
        ),
        (lambda m: m.fit(X_OK, Y_OK, momentum=1.0), ValueError, r"momentum must be in \[0, 1\)"),
        (lambda m: m.fit(X_OK, Y_OK, momentum="fast"), ValueError, r"momentum must be a number"),
        (lambda m: m.fit(X_OK, Y_OK, batch_size=0), ValueError, r"batch_size must be an integer"),
        (lambda m: m.fit(X_OK, Y_OK, max_epochs=0), ValueError, r"max_epochs must be an integer"),
        (lambda m: m.fit(X_OK, Y_OK, max_epochs=2.5), TypeError, r"max_epochs must be an integer"),
        (
            lambda m: m.fit(np.array([["a", "b"]] * 3), Y_OK),
            TypeError,
            r"X must be an array of real",
        ),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(call, error, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=match):
        call(LinearClassifier(3, 2))


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((1, 2), ValueError, r"num_classes must be an integer >= 2; got 1"),
        ((0, 2), ValueError, r"num_classes must be an integer >= 2; got 0"),
        ((3, 0), ValueError, r"num_features must be an integer >= 1; got 0"),
        ((3.0, 2), TypeError, r"num_classes must be an integer"),
        ((True, 2), TypeError, r"num_classes must be an integer"),
    ],
)
def test_bad_sizes_are_rejected(args, error, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=match):
        LinearClassifier(*args)


def test_lipschitz_bound_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="l2 must be a finite number >= 0"):
        lipschitz_bound(np.ones((2, 2)), l2=float("nan"))
    with pytest.raises(ValueError, match="X must hold at least one sample"):
        lipschitz_bound(np.ones((0, 2)))


def test_fit_handles_scores_beyond_the_range_of_exp() -> None:
    # Starting from weights that give scores of several thousand, exp overflows unless the
    # log-sum-exp shifts by the maximum, which the training loop must then do.
    data = make_blobs(n_per_class=10, num_classes=3, seed=0)
    model = LinearClassifier(3, 2)
    model_W0 = np.array([[900.0, 0.0], [0.0, 900.0], [-900.0, -900.0]])
    model.W = model_W0.copy()
    assert np.abs(model.logits(data.X)).max() > 2000
    start = model.loss(data.X, data.labels)
    model.fit(data.X, data.labels, l2=1e-3, max_epochs=30, tol=0.0)
    assert np.all(np.isfinite(model.history.loss))
    assert model.history.loss[0] == pytest.approx(start + 0.5e-3 * np.sum(model_W0**2), rel=1e-12)
    # The penalty dominates and training shrinks W.
    assert model.history.loss[-1] < 1e-2 * model.history.loss[0]

"""The training loops and their epoch rule (src/multiclass/training.py), through both models."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from multiclass import MLP, ConvergenceWarning, LinearClassifier, lipschitz_bound, load_iris
from multiclass.activations import ACTIVATIONS
from tests import strategies as s

EPS = float(np.finfo(np.float64).eps)
#: The rise of J that the epoch rule takes for rounding (training._ROUNDING), as a function of J.
ROUNDING = 1024 * EPS

IRIS = load_iris()
#: The issue's two examples of a short last mini-batch: iris with B = N - 1 (the tail is one
#: sample), and 56 standard normal samples with random labels and B = 55.
_NORMAL = np.random.default_rng(0)
NORMAL_X, NORMAL_Y = _NORMAL.standard_normal((56, 2)), _NORMAL.integers(0, 2, 56)

#: Stochastic descent with one sample per batch and momentum 0.9 ends far above log 2 on these
#: nine samples (found by search with the epoch rule switched off).
NOISY = (
    np.array([[3.1], [-4.1], [1.0], [2.3], [-3.1], [-4.4], [-2.3], [1.6], [0.6]]),
    np.array([0, 0, 0, 1, 0, 1, 1, 1, 0]),
    2,
)

#: The ways LinearClassifier.fit trains: the accelerated default, plain descent, heavy ball,
#: Nesterov with a constant coefficient, and mini-batches.
PATHS: dict[str, dict[str, Any]] = {
    "accelerated": {},
    "gradient descent": {"momentum": 0.0},
    "heavy ball": {"momentum": 0.5, "nesterov": False},
    "nesterov": {"momentum": 0.5, "nesterov": True},
    "mini-batch": {"batch_size": 2},
}


def _quietly(fit: Callable[[], Any]) -> Any:
    """Run ``fit`` with ConvergenceWarning silenced (any other warning still fails the test)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return fit()


def _error(fit: Callable[[], Any]) -> str:
    """The message of the ValueError that ``fit`` raises (ConvergenceWarning silenced), or ''."""
    try:
        _quietly(fit)
    except ValueError as error:
        return str(error)
    return ""


def _standardised(X: np.ndarray) -> np.ndarray:
    return (X - X.mean(axis=0)) / X.std(axis=0)


# --- Class 3: training never ends above its start; a short last batch takes its share -------


@given(
    s.classification_data(max_n=10),
    st.sampled_from(sorted(PATHS)),
    st.integers(1, 30),
    st.sampled_from([0.0, 1e-3, 1.0]),
    st.integers(1, 9),
)
@example((IRIS.X, IRIS.labels, 3), "mini-batch", 1000, 1 / 150, 149)  # ended at 0.242 > 0.193
@example((NORMAL_X, NORMAL_Y, 2), "mini-batch", 1000, 0.0, 55)  # ended above log 2
@example(NOISY, "mini-batch", 20, 0.0, 1)  # without the epoch rule: 1.96 after 20 epochs
@settings(deadline=None)
def test_training_never_ends_above_its_start(
    data: tuple[np.ndarray, np.ndarray, int], path: str, epochs: int, l2: float, batch: int
) -> None:
    X, y, k = data
    options = {**PATHS[path], "batch_size": batch} if path == "mini-batch" else PATHS[path]
    model = _quietly(
        lambda: LinearClassifier(k, X.shape[1]).fit(X, y, l2=l2, max_epochs=epochs, **options)
    )
    loss = model.history.loss
    assert loss[0] == pytest.approx(np.log(k), rel=8 * EPS)  # W = 0: the start is log K
    # The epoch rule accepts an epoch only if J stays within rounding of its start.
    assert max(loss) <= loss[0] + ROUNDING * (1 + loss[0])
    # The last entry describes the returned parameters (J recomputed by another formula).
    assert model.loss(X, y, l2) == pytest.approx(loss[-1], rel=1e-12, abs=1e-12)


@given(
    s.data_with_parameters(),
    st.floats(0.0, 1.0),
    st.integers(1, 12),
)
def test_an_epoch_of_mini_batches_weighs_every_sample_by_one_over_b(data, l2, batch) -> None:  # type: ignore[no-untyped-def]
    # Per batch b the step is -eta |b|/B grad J_b, and sum_b |b|/B grad J_b = (N/B) grad J:
    # to first order, one epoch is a full-batch step of eta S with S = N/B, whatever the last
    # batch's size. A last batch taking a full step would be off by about eta |grad J_tail|.
    (X, y, k), (W, b) = data
    n = X.shape[0]
    assume(batch < n)
    model = LinearClassifier(k, X.shape[1])
    model.W, model.b = W.copy(), b.copy()
    g_W, g_b = model.gradient(X, y, l2)
    rows = np.hstack([X, np.ones((n, 1))])
    L = 0.5 * float(np.max(np.sum(rows * rows, axis=1))) + l2  # curvature of any batch
    eta, S = 2.0**-20 / L, n / batch
    model.fit(X, y, l2=l2, step=eta, batch_size=batch, momentum=0.0, max_epochs=1, tol=0.0)
    assume(model.history.step[-1] == eta)  # the epoch was kept (an undone one moves nothing)
    theta0 = np.concatenate([W.ravel(), b])
    moved = np.concatenate([model.W.ravel(), model.b]) - theta0
    first_order = -eta * S * np.concatenate([g_W.ravel(), g_b])
    # Every batch gradient is at most G = sqrt 2 max||x~|| + l2 (||W|| + eta S G) in norm and
    # changes by at most L per unit of distance, and the epoch stays within eta S G of theta0:
    # the second-order remainder is at most (eta S)^2 L G. Each of the ceil(N/B) updates
    # rounds by eps |theta| per entry.
    G = (np.sqrt(2) * np.sqrt(2 * (L - l2)) + l2 * np.linalg.norm(W)) / (1 - l2 * eta * S)
    tol = (eta * S) ** 2 * L * G + 4 * np.ceil(S) * EPS * (np.abs(theta0).max() + 1)
    assert np.linalg.norm(moved - first_order) <= tol


@pytest.mark.parametrize(
    ("X", "y", "l2", "batch"),
    [
        (_standardised(IRIS.X), IRIS.labels, 1 / 150, 149),
        (NORMAL_X, NORMAL_Y, 0.0, 55),
    ],
    ids=["iris-149", "normal-55"],
)
def test_a_one_sample_last_batch_ends_at_the_full_batch_optimum(X, y, l2, batch) -> None:  # type: ignore[no-untyped-def]
    k = int(y.max()) + 1
    optimum = LinearClassifier(k, X.shape[1]).fit(X, y, l2=l2, tol=1e-10, max_epochs=100_000)
    mini = LinearClassifier(k, X.shape[1]).fit(X, y, l2=l2, batch_size=batch, tol=0.0)
    # With a full momentum step for its one sample the tail left iris 3e-2 above the optimum;
    # with its share of a step, 1000 epochs end within rounding of noise of the optimum.
    gap = mini.loss(X, y, l2) - optimum.loss(X, y, l2)
    assert -1e-12 <= gap <= 1e-5 * optimum.loss(X, y, l2)


# --- The epoch rule and the history -----------------------------------------------------------


def test_a_step_too_long_is_halved_until_training_works() -> None:
    X = _standardised(IRIS.X)
    assert 100 * 2 / lipschitz_bound(X, 1e-2) < 1e3  # far beyond the stable 2/L
    model = LinearClassifier(3, 4).fit(X, IRIS.labels, l2=1e-2, momentum=0.0, step=1e3, tol=1e-6)
    steps = np.array(model.history.step)
    assert model.converged
    assert steps[0] == 1e3
    assert steps[-1] <= 1e3 / 2**8
    np.testing.assert_array_equal(np.log2(1e3 / steps) % 1, 0)  # halvings only
    # Full-batch descent keeps no rise of J (beyond rounding): an undone epoch repeats its entry.
    loss = np.array(model.history.loss)
    assert np.all(np.diff(loss) <= ROUNDING * (1 + loss[:-1]))


def test_tol_zero_runs_every_epoch_and_does_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = LinearClassifier(3, 4).fit(IRIS.X, IRIS.labels, max_epochs=7, tol=0.0)
    assert model.history.epochs == 7
    assert len(model.history) == 8
    assert not model.converged


@pytest.mark.parametrize("path", sorted(PATHS))
def test_a_fit_that_converges_stops_and_does_not_warn(path: str) -> None:
    X = _standardised(IRIS.X)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        options = {"batch_size": 32} if path == "mini-batch" else PATHS[path]
        model = LinearClassifier(3, 4).fit(X, IRIS.labels, l2=0.1, tol=1e-2, **options)
    assert model.converged
    assert model.history.grad_norm[-1] <= 1e-2 < model.history.grad_norm[-2]


# --- Class 2: no silent failure ----------------------------------------------------------------

#: Every way to train, on raw iris (features of different sizes) for a short budget.
FITS: dict[str, Callable[[], Any]] = {
    **{
        name: (
            lambda options=options: LinearClassifier(3, 4).fit(
                IRIS.X, IRIS.labels, max_epochs=50, **options
            )
        )
        for name, options in PATHS.items()
    },
    "mlp": lambda: MLP([4, 8, 3], activation="tanh", seed=0).fit(IRIS.X, IRIS.labels, epochs=20),
}


@pytest.mark.parametrize("fit", sorted(FITS))
def test_every_fit_path_warns_when_it_stops_without_converging(fit: str) -> None:
    names = ("epochs", "learning_rate") if fit == "mlp" else ("max_epochs", "step")
    advice = rf"standardise X .*, raise {names[0]}, or take a smaller {names[1]}"
    with pytest.warns(ConvergenceWarning, match=r"gradient norm is \S+ > tol = \S+") as caught:
        model = FITS[fit]()  # raw iris: features of different sizes
    assert not model.converged
    messages = [str(w.message) for w in caught if "without converging" in str(w.message)]
    assert len(messages) == 1
    assert re.search(advice, messages[0])
    assert model.history.grad_norm[-1] > (1e-4 if fit == "mlp" else 1e-6)  # the default tols
    # The warning points at the caller's line, not into the library.
    assert all(w.filename == __file__ for w in caught)


@given(
    s.classification_data(max_n=8),
    st.sampled_from(sorted(PATHS)),
    st.integers(1, 6),
    st.floats(1e-6, 1.0),
)
@settings(deadline=None)
def test_a_fit_warns_exactly_when_it_stops_short_of_tol(
    data: tuple[np.ndarray, np.ndarray, int], path: str, epochs: int, tol: float
) -> None:
    X, y, k = data
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = LinearClassifier(k, X.shape[1]).fit(
            X, y, l2=0.1, max_epochs=epochs, tol=tol, **PATHS[path]
        )
    assert all(w.category is ConvergenceWarning for w in caught)
    assert model.converged == (model.history.grad_norm[-1] <= tol)
    assert len(caught) == (0 if model.converged else 1)
    assert model.history.epochs <= epochs


@st.composite
def networks_and_data(draw: st.DrawFn) -> tuple[MLP, np.ndarray, np.ndarray]:
    X, y, k = draw(s.classification_data(max_n=10, max_d=3, max_k=3))
    hidden = draw(st.lists(st.integers(1, 5), min_size=1, max_size=3))
    activation = draw(st.sampled_from(sorted(ACTIVATIONS)))
    model = MLP([X.shape[1], *hidden, k], activation=activation, seed=draw(st.integers(0, 99)))
    return model, X, y


def _dead_fraction(model: MLP, X: np.ndarray) -> list[float]:
    """Per hidden layer, the fraction of units whose phi' is 0 on every sample, written out."""
    H, fractions = X, []
    for W, b in zip(model.weights[:-1], model.biases[:-1], strict=True):
        A = H @ W.T + b
        fractions.append(float(np.mean(np.all(model.phi_grad(A) == 0.0, axis=0))))
        H = model.phi(A)
    return fractions


@given(networks_and_data(), st.integers(1, 3), st.sampled_from([0.1, 3.0]))
@settings(deadline=None)
def test_history_records_the_dead_fraction_of_each_hidden_layer(net, epochs, rate) -> None:  # type: ignore[no-untyped-def]
    model, X, y = net
    start = _dead_fraction(model, X)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(X, y, epochs=epochs, learning_rate=rate, tol=0.0)
    end = _dead_fraction(model, X)
    assert list(model.history.dead_fraction[0]) == start
    assert list(model.history.dead_fraction[-1]) == end
    assert len(end) == len(model.layer_sizes) - 2
    dead_layers = [layer for layer, f in enumerate(end, start=1) if f == 1.0]
    warned = [re.search(r"hidden layer (\d+) is dead", str(w.message)) for w in caught]
    assert [int(match.group(1)) for match in warned if match] == dead_layers


def test_an_entirely_dead_layer_warns() -> None:
    # The example: on raw iris (lengths of a few cm, all positive), MLP 4-8-3 with
    # seed 1 ends with every ReLU unit dead and a constant prediction.
    with pytest.warns(ConvergenceWarning) as caught:
        model = MLP([4, 8, 3], seed=1).fit(IRIS.X, IRIS.labels)
    assert model.history.dead_fraction[-1] == (1.0,)
    assert np.unique(model.predict(IRIS.X)).size == 1
    assert any("every unit of hidden layer 1 is dead" in str(w.message) for w in caught)
    # Standardised, the same network trains and keeps live units.
    X = _standardised(IRIS.X)
    model = _quietly(lambda: MLP([4, 8, 3], seed=1).fit(X, IRIS.labels))
    assert model.history.dead_fraction[-1][0] < 1.0
    assert np.mean(model.predict(X) == IRIS.labels) > 0.9


# --- Class 1: huge finite X -------------------------------------------------------------------


@given(
    s.huge_classification_data(),
    st.sampled_from(sorted(PATHS)),
    st.integers(1, 5),
    st.sampled_from([0.0, 1e-2]),
)
@example((np.array([[1e200], [0.0]]), np.array([0, 1]), 2), "accelerated", 2, 0.0)  # hung
@settings(deadline=None)
def test_fit_on_huge_finite_X_trains_or_names_X(
    data: tuple[np.ndarray, np.ndarray, int], path: str, epochs: int, l2: float
) -> None:
    X, y, k = data
    model = LinearClassifier(k, X.shape[1])
    message = _error(lambda: model.fit(X, y, l2=l2, max_epochs=epochs, **PATHS[path]))
    if message:
        assert "standardise X" in message
        return
    assert np.all(np.isfinite(model.W))
    assert np.all(np.isfinite(model.b))
    loss = np.array(model.history.loss)
    assert np.all(np.isfinite(loss))
    assert np.all(np.isfinite(model.history.grad_norm))
    assert loss.max() <= loss[0] + ROUNDING * (1 + loss[0])
    assert model.history.epochs <= epochs


@given(
    s.huge_classification_data(),
    st.sampled_from(sorted(ACTIVATIONS)),
    st.integers(1, 4),
)
@settings(deadline=None)
def test_mlp_fit_on_huge_finite_X_trains_or_names_X(
    data: tuple[np.ndarray, np.ndarray, int], activation: str, epochs: int
) -> None:
    X, y, k = data
    model = MLP([X.shape[1], 3, k], activation=activation, seed=0)
    message = _error(lambda: model.fit(X, y, epochs=epochs, batch_size=2))
    if message:
        assert "standardise X" in message
        return
    assert all(np.all(np.isfinite(W)) for W in model.weights)
    assert all(np.all(np.isfinite(b)) for b in model.biases)
    loss = model.history.loss
    assert np.all(np.isfinite(loss))
    assert max(loss) <= loss[0] + ROUNDING * (1 + loss[0])


# --- Validation data and early stopping ---------------------------------------------------------

#: Both models, as (name, a fresh model for K classes and D features, fit's keyword arguments).
MODELS: dict[str, tuple[Callable[[int, int], Any], dict[str, Any]]] = {
    "linear": (LinearClassifier, {"max_epochs": 25}),
    "linear mini-batch": (LinearClassifier, {"max_epochs": 25, "batch_size": 2}),
    "mlp": (lambda k, d: MLP([d, 4, k], activation="tanh", seed=0), {"epochs": 25}),
}


@st.composite
def validation_cases(draw: st.DrawFn) -> tuple[Any, np.ndarray, np.ndarray, Any, dict[str, Any]]:
    """A fresh model, training data, validation data for it, and fit's keyword arguments."""
    X, y, k = draw(s.classification_data(max_n=10, max_d=3, max_k=3))
    build, options = MODELS[draw(st.sampled_from(sorted(MODELS)))]
    options = {**options, "l2": draw(st.sampled_from([0.0, 1e-2])), "tol": 0.0}
    return build(k, X.shape[1]), X, y, draw(s.held_out_data(X.shape[1], k)), options


def _val_scores(model: Any, X_val: np.ndarray, labels_val: np.ndarray) -> tuple[float, float]:
    """The mean cross-entropy (no penalty) and accuracy of ``model`` on the validation data."""
    return model.loss(X_val, labels_val), float(np.mean(model.predict(X_val) == labels_val))


@given(validation_cases())
@settings(deadline=None)
def test_validation_scores_are_recorded_for_every_entry(case) -> None:  # type: ignore[no-untyped-def]
    model, X, y, (X_val, labels_val), options = case
    start = _val_scores(model, X_val, labels_val)
    model.fit(X, y, validation=(X_val, labels_val), **options)
    h = model.history
    assert len(h.val_loss) == len(h.val_accuracy) == len(h.loss)
    # Entry 0 scores the starting parameters, the last entry the returned ones (no patience):
    # the same computation as model.loss, so equal to rounding of a mean of at most 8 terms.
    loss, accuracy = _val_scores(model, X_val, labels_val)
    assert h.val_loss[0] == pytest.approx(start[0], rel=1e-12, abs=1e-12)
    assert h.val_loss[-1] == pytest.approx(loss, rel=1e-12, abs=1e-12)
    assert (h.val_accuracy[0], h.val_accuracy[-1]) == (start[1], accuracy)
    assert h.best_epoch == int(np.argmin(h.val_loss))  # the first of equal lowest values


@given(validation_cases(), st.integers(1, 5))
@settings(deadline=None)
def test_early_stopping_keeps_the_epoch_with_the_lowest_validation_loss(case, patience) -> None:  # type: ignore[no-untyped-def]
    model, X, y, (X_val, labels_val), options = case
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # stopping early is no failure: no ConvergenceWarning
        model.fit(X, y, validation=(X_val, labels_val), patience=patience, **options)
    h = model.history
    best = h.best_epoch
    assert best is not None
    assert h.val_loss[best] == min(h.val_loss)
    assert all(v > h.val_loss[best] for v in h.val_loss[:best])  # the first lowest
    # It stopped exactly when the patience ran out, or at the epoch cap, or on the gradient
    # tolerance (tol = 0: at a stationary point).
    cap = options.get("max_epochs", options.get("epochs"))
    assert h.epochs <= best + patience
    assert h.epochs == min(best + patience, cap) or h.grad_norm[-1] <= options["tol"]
    # The model holds the parameters of the best epoch (scored again: equal to rounding).
    loss, accuracy = _val_scores(model, X_val, labels_val)
    assert loss == pytest.approx(h.val_loss[best], rel=1e-12, abs=1e-12)
    assert accuracy == h.val_accuracy[best]
    assert model.loss(X, y, options["l2"]) == pytest.approx(h.loss[best], rel=1e-12, abs=1e-12)


def test_early_stopping_on_moons_stops_before_the_cap_and_beats_the_last_epoch() -> None:
    # A wide network on 60 noisy points over-fits: its validation loss turns up long before
    # 2000 epochs, and the epoch it keeps scores lower than the epoch it would have ended at.
    from multiclass import holdout_split, make_moons

    moons = make_moons(n_per_class=60, noise=0.35, seed=0)
    X, y, X_val, y_val = holdout_split(moons.X, moons.labels, 0.5, seed=0)

    def net() -> MLP:
        return MLP([2, 64, 64, 2], seed=0)

    full = net().fit(X, y, epochs=2000, batch_size=60, tol=0.0, validation=(X_val, y_val))
    early = net().fit(
        X, y, epochs=2000, batch_size=60, tol=0.0, validation=(X_val, y_val), patience=50
    )
    assert early.history.epochs < 2000
    assert early.history.val_loss == full.history.val_loss[: len(early.history)]
    assert early.loss(X_val, y_val) < full.loss(X_val, y_val)


@given(networks_and_data(), st.sampled_from([0.0, 0.5]))
@settings(deadline=None)
def test_a_single_batch_of_every_sample_steps_along_the_full_gradient(net, beta) -> None:  # type: ignore[no-untyped-def]
    model, X, y = net
    start = [(W.copy(), b.copy()) for W, b in zip(model.weights, model.biases, strict=True)]
    gradients = model.gradients(X, y)
    rate = 1e-3
    _quietly(  # a dead layer may warn; the step is what is checked
        lambda: model.fit(
            X, y, epochs=1, batch_size=X.shape[0] + 1, learning_rate=rate, momentum=beta, tol=0
        )
    )
    kept = model.history.step[-1] == rate  # an undone epoch halves the step, moves nothing
    for (W0, b0), (dW, db), W, b in zip(start, gradients, model.weights, model.biases, strict=True):
        # The first step from zero velocity is -rate * g whatever beta: the same operations
        # on the same gradient, so the same bits.
        np.testing.assert_array_equal(W, W0 - rate * dW if kept else W0)
        np.testing.assert_array_equal(b, b0 - rate * db if kept else b0)


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"patience": 3}, ValueError, r"patience needs validation data"),
        ({"validation": np.zeros((2, 2))}, TypeError, r"validation must be a pair"),
        ({"validation": (np.zeros((2, 2)),)}, TypeError, r"validation must be a pair"),
        (
            {"validation": (np.zeros((2, 3)), [0, 1])},
            ValueError,
            r"validation X_val must have D = 2 features",
        ),
        (
            {"validation": (np.zeros((2, 2)), [0, 1, 1])},
            ValueError,
            r"validation labels_val must have shape \(N,\) = \(2,\) to match X_val",
        ),
        (
            {"validation": (np.zeros((2, 2)), [0, 3])},
            ValueError,
            r"validation labels_val must be integers in \[0, 3\); got 3",
        ),
        (
            {"validation": (np.full((1, 2), np.nan), [0])},
            ValueError,
            r"validation X_val must be finite",
        ),
        (
            {"validation": (np.zeros((3, 2)), [0, 1, 2]), "patience": 0},
            ValueError,
            r"patience must be an integer >= 1; got 0",
        ),
        (
            {"validation": (np.zeros((3, 2)), [0, 1, 2]), "patience": 2.5},
            TypeError,
            r"patience must be an integer",
        ),
    ],
)
@pytest.mark.parametrize("model", ["linear", "mlp"])
def test_bad_validation_data_or_patience_is_named(options, error, match, model) -> None:  # type: ignore[no-untyped-def]
    fresh = LinearClassifier(3, 2) if model == "linear" else MLP([2, 3, 3])
    with pytest.raises(error, match=match):
        fresh.fit(np.zeros((3, 2)), np.array([0, 1, 2]), **options)


@settings(deadline=None, max_examples=20)
@given(times=st.floats(8.0, 64.0), seed=st.integers(0, 2**16))
@example(times=30.0, seed=0)
def test_plain_descent_halves_its_step_at_every_undone_epoch(times: float, seed: int) -> None:
    # Plain descent (momentum 0) has no momentum to drop: each undone epoch must halve the step.
    # A step from 8/L up is long enough on iris for some epochs to be undone.
    iris = load_iris()
    rng = np.random.default_rng(seed)
    X = (iris.X - iris.X.mean(axis=0)) / iris.X.std(axis=0)
    X = X + 0.01 * rng.standard_normal(X.shape)
    L = lipschitz_bound(X, 1e-3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        h = (
            LinearClassifier(3, 4)
            .fit(X, iris.labels, l2=1e-3, step=times / L, momentum=0.0, max_epochs=30, tol=0.0)
            .history
        )
    undone = int(np.sum(np.diff(h.loss) == 0))  # an undone epoch repeats its entry
    # Halving is exact in binary floating point, so the step is compared exactly.
    assert h.step[-1] == (times / L) * 0.5**undone

"""What both models share (src/multiclass/classifier.py): checked arguments and parameters,
float64 results, and no RuntimeWarning on any finite input (classes 6, 7 and 9 of issue 12).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from multiclass import MLP, LinearClassifier, logits
from tests import strategies as s

EPS = float(np.finfo(np.float64).eps)
BIG = float(np.finfo(np.float64).max)
X_OK = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y_OK = np.array([0, 1, 2])

# --- Class 6: every argument checked at the boundary, naming it ---------------------------------

#: Each public argument of the models that takes a number or a flag: the call, and the name the
#: error must give. ``None`` is valid for ``step`` and ``batch_size`` of LinearClassifier.fit.
ARGUMENTS: dict[str, tuple[Callable[[Any], Any], str, st.SearchStrategy[Any]]] = {
    "linear num_classes": (lambda v: LinearClassifier(v, 2), "num_classes", s.bad_counts()),
    "linear num_features": (lambda v: LinearClassifier(3, v), "num_features", s.bad_counts()),
    "linear seed": (
        lambda v: LinearClassifier(3, 2).fit(X_OK, Y_OK, seed=v),
        "seed",
        s.bad_seeds(),
    ),
    "linear nesterov": (
        lambda v: LinearClassifier(3, 2).fit(X_OK, Y_OK, nesterov=v),
        "nesterov",
        s.bad_flags(),
    ),
    "linear max_epochs": (
        lambda v: LinearClassifier(3, 2).fit(X_OK, Y_OK, max_epochs=v),
        "max_epochs",
        s.bad_counts(),
    ),
    "linear batch_size": (
        lambda v: LinearClassifier(3, 2).fit(X_OK, Y_OK, batch_size=v),
        "batch_size",
        s.bad_counts().filter(lambda v: v is not None),
    ),
    "linear step": (
        lambda v: LinearClassifier(3, 2).fit(X_OK, Y_OK, step=v),
        "step",
        s.bad_rates().filter(lambda v: v is not None),
    ),
    "linear l2": (lambda v: LinearClassifier(3, 2).fit(X_OK, Y_OK, l2=v), "l2", s.bad_rates()),
    "linear tol": (lambda v: LinearClassifier(3, 2).fit(X_OK, Y_OK, tol=v), "tol", s.bad_rates()),
    "linear momentum": (
        lambda v: LinearClassifier(3, 2).fit(X_OK, Y_OK, momentum=v),
        "momentum",
        st.one_of(s.bad_rates(), st.floats(min_value=1.0), st.sampled_from(["fast", "Auto"])),
    ),
    "mlp layer size": (lambda v: MLP([2, v, 3]), "layer size", s.bad_counts()),
    "mlp seed": (lambda v: MLP([2, 3], seed=v), "seed", s.bad_seeds()),
    "mlp fit seed": (lambda v: MLP([2, 3]).fit(X_OK, Y_OK, seed=v), "seed", s.bad_seeds()),
    "mlp epochs": (lambda v: MLP([2, 3]).fit(X_OK, Y_OK, epochs=v), "epochs", s.bad_counts()),
    "mlp batch_size": (
        lambda v: MLP([2, 3]).fit(X_OK, Y_OK, batch_size=v),
        "batch_size",
        s.bad_counts(),
    ),
    "mlp learning_rate": (
        lambda v: MLP([2, 3]).fit(X_OK, Y_OK, learning_rate=v),
        "learning_rate",
        s.bad_rates(),
    ),
    "mlp momentum": (
        lambda v: MLP([2, 3]).fit(X_OK, Y_OK, momentum=v),
        "momentum",
        st.one_of(s.bad_rates(), st.floats(min_value=1.0), st.just("auto")),
    ),
    "mlp l2": (lambda v: MLP([2, 3]).fit(X_OK, Y_OK, l2=v), "l2", s.bad_rates()),
    "mlp tol": (lambda v: MLP([2, 3]).fit(X_OK, Y_OK, tol=v), "tol", s.bad_rates()),
}


@pytest.mark.parametrize("argument", sorted(ARGUMENTS))
@given(data=st.data())
def test_a_bad_argument_is_refused_naming_it(argument: str, data: st.DataObject) -> None:
    call, name, bad = ARGUMENTS[argument]
    value = data.draw(bad)
    if name in ("l2", "tol", "momentum") and isinstance(value, float) and value == 0.0:
        return  # 0 is a fine penalty, tolerance and momentum
    with pytest.raises((TypeError, ValueError), match=name):
        call(value)


@pytest.mark.parametrize(
    "seed", [None, 0, 2**70, np.int64(3), np.uint8(5), np.random.default_rng(1)]
)
def test_every_kind_of_seed_is_taken(seed: Any) -> None:
    LinearClassifier(3, 2).fit(X_OK, Y_OK, batch_size=2, max_epochs=2, tol=0.0, seed=seed)
    MLP([2, 4, 3], seed=seed).fit(X_OK, Y_OK, epochs=2, tol=0.0, seed=seed)


def test_a_numpy_bool_is_a_bool() -> None:
    model = LinearClassifier(3, 2)
    model.fit(X_OK, Y_OK, momentum=0.5, nesterov=np.bool_(False), max_epochs=2, tol=0.0)


@st.composite
def bad_parameters(draw: st.DrawFn, shape: tuple[int, ...]) -> tuple[Any, type, str]:
    """A value that cannot stand for a parameter of ``shape``, the error and its message."""
    kind = draw(st.sampled_from(["shape", "non-finite", "dtype"]))
    if kind == "shape":
        wrong = draw(
            hnp.array_shapes(min_dims=0, max_dims=3, min_side=0).filter(lambda t: t != shape)
        )
        return np.zeros(wrong), ValueError, "must have shape"
    if kind == "non-finite":
        value = np.zeros(shape)
        value.flat[draw(st.integers(0, value.size - 1))] = draw(
            st.sampled_from([np.nan, np.inf, -np.inf])
        )
        return value, ValueError, "must be finite"
    dtype = draw(st.sampled_from([np.complex128, np.str_, object]))
    return np.zeros(shape).astype(dtype), TypeError, "must be an array of real numbers"


USES: dict[str, Callable[[Any], Any]] = {
    "fit": lambda m: (
        m.fit(X_OK, Y_OK, max_epochs=2, tol=0.0)
        if isinstance(m, LinearClassifier)
        else m.fit(X_OK, Y_OK, epochs=2, tol=0.0)
    ),
    "loss": lambda m: m.loss(X_OK, Y_OK),
    "gradient": lambda m: (
        m.gradient(X_OK, Y_OK) if isinstance(m, LinearClassifier) else m.gradients(X_OK, Y_OK)
    ),
    "logits": lambda m: m.logits(X_OK),
    "predict": lambda m: m.predict(X_OK),
    "predict_proba": lambda m: m.predict_proba(X_OK),
}


@pytest.mark.parametrize("use", sorted(USES))
@given(st.data())
def test_parameters_set_by_hand_are_checked_before_use(use: str, data: st.DataObject) -> None:
    linear = LinearClassifier(3, 2)
    name = data.draw(st.sampled_from(["W", "b"]))
    bad, error, message = data.draw(bad_parameters((3, 2) if name == "W" else (3,)))
    setattr(linear, name, bad)
    with pytest.raises(error, match=f"{name} {message}"):
        USES[use](linear)
    assert getattr(linear, name) is bad  # nothing replaced, nothing lost

    mlp = MLP([2, 4, 3], seed=0)
    layer = data.draw(st.integers(0, 1))
    which = data.draw(st.sampled_from(["weights", "biases"]))
    shape = mlp.weights[layer].shape if which == "weights" else mlp.biases[layer].shape
    bad, error, message = data.draw(bad_parameters(shape))
    getattr(mlp, which)[layer] = bad
    with pytest.raises(error, match=rf"{which}\[{layer}\] {message}"):
        USES[use](mlp)
    assert getattr(mlp, which)[layer] is bad


def test_a_wrong_number_of_layers_is_named() -> None:
    mlp = MLP([2, 4, 3], seed=0)
    mlp.weights = mlp.weights[:1]
    with pytest.raises(ValueError, match=r"weights must be a list of 2 arrays, one per layer"):
        mlp.fit(X_OK, Y_OK)


def test_a_warm_start_from_weights_set_by_hand_continues_from_them() -> None:
    model = LinearClassifier(3, 2)
    model.W = [[1.0, 0.0], [0.0, 1.0], [-1, -1]]  # a list is an array like any other
    start = model.loss(X_OK, Y_OK, 0.1)
    model.fit(X_OK, Y_OK, l2=0.1, max_epochs=1, tol=0.0)
    assert model.history.loss[0] == pytest.approx(start, rel=1e-12)
    assert isinstance(model.W, np.ndarray)
    assert model.W.dtype == np.float64


# --- Class 9: float64 results for every float input ---------------------------------------------


@given(s.data_with_parameters(), st.sampled_from([np.float16, np.float32, np.float64]))
def test_models_compute_in_float64_for_any_float_input(data, dtype) -> None:  # type: ignore[no-untyped-def]
    (X, y, k), (W, b) = data
    Xd = X.astype(dtype)
    X64 = Xd.astype(np.float64)  # exact: every float16 and float32 is a float64
    linear = LinearClassifier(k, X.shape[1])
    linear.W, linear.b = W.astype(dtype), b.astype(dtype)
    mlp = MLP([X.shape[1], 3, k], activation="tanh", seed=0)
    for model in (linear, mlp):
        for method in ("logits", "predict_proba"):
            result = getattr(model, method)(Xd)
            assert result.dtype == np.float64
            np.testing.assert_array_equal(result, getattr(model, method)(X64))
        assert model.loss(Xd, y, 0.1) == model.loss(X64, y, 0.1)
    for got, want in zip(linear.gradient(Xd, y), linear.gradient(X64, y), strict=True):
        assert got.dtype == np.float64
        np.testing.assert_array_equal(got, want)


# --- Class 7: no RuntimeWarning on any finite input ---------------------------------------------


def _parts(result: Any) -> list[Any]:
    """The arrays in a result: an array, a float, or (nested) tuples and lists of them."""
    if isinstance(result, tuple | list):
        return [part for item in result for part in _parts(item)]
    return [result]


@given(s.huge_classification_data(), st.sampled_from([1.0, 1e150, 1e300]))
def test_no_runtime_warning_on_huge_finite_input(data, scale: float) -> None:  # type: ignore[no-untyped-def]
    # pytest turns every warning into an error: a RuntimeWarning fails the test by itself.
    X, y, k = data
    linear = LinearClassifier(k, X.shape[1])
    linear.W = scale * np.linspace(-1.0, 1.0, k * X.shape[1]).reshape(k, -1)
    mlp = MLP([X.shape[1], 3, k], activation="relu", seed=0)
    mlp.weights = [scale * W for W in mlp.weights]
    calls = [
        *(getattr(m, name) for m in (linear, mlp) for name in ("logits", "predict_proba")),
        *(lambda X, m=m: m.loss(X, y, 1.0) for m in (linear, mlp)),
        lambda X: linear.gradient(X, y, 1.0),
        lambda X: mlp.gradients(X, y, 1.0),
        linear.predict,
        mlp.predict,
    ]
    for call in calls:
        try:
            result = call(X)
        except ValueError as error:
            message = str(error)
            assert "overflow" in message
            assert "standardise X" in message
            continue
        values = np.concatenate([np.ravel(part) for part in _parts(result)])
        assert not np.any(np.isnan(values))
        assert np.all(np.isfinite(values) | (values == np.inf))  # a loss beyond the range: inf


@given(s.huge_samples(max_n=4), st.data())
def test_logits_of_huge_finite_inputs_overflow_only_when_the_score_does(
    X: np.ndarray, data: st.DataObject
) -> None:
    d = X.shape[1]
    W = data.draw(s.huge_samples(max_n=3, d=d))
    Z = logits(X, W, np.zeros(W.shape[0]))
    for (n, j), z in np.ndenumerate(Z):
        terms = [Fraction(float(x)) * Fraction(float(w)) for x, w in zip(X[n], W[j], strict=True)]
        exact, size = sum(terms), sum(abs(t) for t in terms)
        # A dot product errs by at most gamma_D times the sum of its terms' sizes. Where it
        # overflowed, X's row and W's row were divided by powers of two s, t within a factor 2
        # of their largest entries: exact, except that an entry made subnormal is off by up to
        # 2^-1075, that is 2^-1074 s t per product once scaled back.
        s_n, t_j = (Fraction(2) ** int(np.frexp(np.abs(r).max())[1]) for r in (X[n], W[j]))
        tol = 2 * d * Fraction(EPS) * size + d * Fraction(2.0**-1074) * (1 + s_n * t_j)
        if abs(exact) - tol > Fraction(BIG):
            assert z == (np.inf if exact > 0 else -np.inf)
        elif np.isfinite(z):
            assert abs(Fraction(float(z)) - exact) <= tol
        else:  # rounded beyond the range: only if the score is within rounding of it
            assert abs(exact) + tol >= Fraction(BIG)


@pytest.mark.parametrize(
    ("X", "W", "expected"),
    [
        ([[0.0]], [[1e308]], 0.0),  # the largest weight times zero
        ([[1e308]], [[10.0]], np.inf),  # beyond the range: inf, without a warning
        ([[1e308, -1e308]], [[4.0, 4.0]], 0.0),  # two overflowing terms that cancel exactly
        ([[-1e308, 1e308]], [[1e308, 1e-308]], -np.inf),
    ],
)
def test_logits_at_the_edges_of_the_range(X: Any, W: Any, expected: float) -> None:
    assert logits(np.array(X), np.array(W), np.zeros(1))[0, 0] == expected

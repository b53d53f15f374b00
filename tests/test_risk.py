"""The linear model's objective for training and its Lipschitz bound (src/multiclass/risk.py)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from multiclass import LinearClassifier, lipschitz_bound
from multiclass.risk import training_objective
from tests import strategies as s

EPS = float(np.finfo(np.float64).eps)
BIG = float(np.finfo(np.float64).max)


@given(s.huge_samples(), st.sampled_from([0.0, 0.5]))
@example(np.array([[1e200], [0.0]]), 0.0)  # the example: nan before
@example(np.array([[6.36698651e-188]]), 0.0)  # tiny X: the column of ones sets the scale
def test_lipschitz_bound_is_right_at_every_scale_or_names_X(X: np.ndarray, l2: float) -> None:
    # ||X~||_2^2 lies between the largest squared row norm and the squared Frobenius norm (the
    # trace of X~^T X~), computed here exactly with fractions.
    n = X.shape[0]
    rows = [sum(Fraction(float(v)) ** 2 for v in row) + 1 for row in X]
    lower = max(rows) / (2 * n) + Fraction(l2)
    upper = sum(rows) / (2 * n) + Fraction(l2)
    try:
        L = lipschitz_bound(X, l2)
    except ValueError as error:
        message = str(error)
    else:
        # eigvalsh is backward stable: its largest eigenvalue is off by a few eps of itself.
        assert Fraction(L) >= lower * Fraction(1 - 64 * EPS)
        assert Fraction(L) <= upper * Fraction(1 + 64 * EPS)
        return
    assert "X is too large" in message
    assert "standardise X" in message
    assert upper > Fraction(BIG) / 2  # refused only when L is near or beyond the range


@given(
    s.data_with_parameters(),
    st.floats(0.0, 1.0),
    st.data(),
)
def test_the_training_objective_is_the_models_loss_and_gradient(data, l2, draw) -> None:  # type: ignore[no-untyped-def]
    (X, y, k), (W, b) = data
    model = LinearClassifier(k, X.shape[1])
    model.W, model.b = W, b
    evaluate, objective = training_objective(X, y, l2, k)
    theta = np.concatenate([W.ravel(), b])
    rows = draw.draw(
        st.one_of(
            st.none(),
            hnp.arrays(np.intp, st.integers(1, X.shape[0]), elements=st.integers(0, len(y) - 1)),
        )
    )
    Xr, yr = (X, y) if rows is None else (X[rows], y[rows])
    evaluation = evaluate(theta, rows)
    # Scores are below 3 * 5 * 4 + 3 = 63 in size: J and the gradient (entries below 5 + 3)
    # are computed to a few hundred eps of the scores' size by both formulas.
    assert evaluation.loss == pytest.approx(model.loss(Xr, yr, l2), rel=0, abs=400 * EPS * 63)
    dW, db = model.gradient(Xr, yr, l2)
    np.testing.assert_allclose(evaluation.gradient, np.concatenate([dW.ravel(), db]), atol=1e-13)
    # The two formulas may round a near-tie of the top two scores differently.
    Z = np.sort(model.logits(Xr), axis=1)
    ties = Z[:, -1] - Z[:, -2] <= 1e-12 * (1 + np.abs(Z[:, -1]))
    assert abs(evaluation.accuracy - np.mean(model.predict(Xr) == yr)) <= np.mean(ties) + 1e-15
    if rows is None:
        assert objective(theta) == pytest.approx(evaluation.loss, rel=0, abs=400 * EPS * 63)

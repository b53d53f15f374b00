"""Properties of the multiclass hinge loss and its gradient (src/multiclass/hinge.py).

Its argument checks and its contract (dtypes, memory, nan rows) are tested with every other
public function in tests/test_errors.py and tests/test_contract.py.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from multiclass import multiclass_hinge, multiclass_hinge_grad
from tests import strategies as s
from tests.numdiff import DEFAULT_STEP, central_difference, error_bound

EPS = float(np.finfo(np.float64).eps)


# --8<-- [start:hinge-zero-once-margins-met]
@pytest.mark.claim("hinge-zero-once-margins-met")
@given(
    st.one_of(s.tied_vectors(), s.vectors(bound=100.0)),  # ties at the margin, and any scores
    st.integers(0, 7),
    st.one_of(st.sampled_from([0.0, 0.5, 1.0, 2.0]), st.floats(0.0, 10.0)),
)
@example(np.array([10.0, -2.0, 3.0]), 0, 1.0)  # CS231n's example: every margin is met
@example(np.array([10.0, 9.0, 9.0]), 0, 1.0)  # met with equality: z_1 - z_k = 1
@example(np.array([3.0, -1.0, 4.0]), 0, 1.0)  # class 3 wins by 1: E = 1 + 1 = 2
def test_hinge_is_zero_exactly_when_every_margin_is_met(
    z: np.ndarray, index: int, margin: float
) -> None:
    j = index % z.size
    # The largest shortfall max_k (z_k - z_j + margin), in exact rational arithmetic.
    exact = [Fraction(z[k]) - Fraction(z[j]) + Fraction(margin) for k in range(z.size) if k != j]
    shortfall = max(exact, default=Fraction(0))
    loss = multiclass_hinge(z, j, margin)
    grad = multiclass_hinge_grad(z, j, margin)
    if shortfall <= 0:
        # Every margin is met. Each term is (z_k - z_j) + margin; rounding is monotone and
        # -margin is a float, so the computed term is <= 0 as well: exactly 0, no gradient.
        assert loss == 0.0
        assert not grad.any()
    else:
        # Each term is rounded twice, by at most eps (|z_k - z_j| + |term|) in all, and the
        # loss is a sum of non-negative terms that includes the largest one.
        slack = 2 * EPS * (4 * np.abs(z).max() + 2 * margin)
        assert loss >= float(shortfall) - slack
        if shortfall > slack:
            assert loss > 0.0
            assert grad[j] <= -1.0  # the true score is pushed up


# --8<-- [end:hinge-zero-once-margins-met]


@given(
    s.logits_and_labels(bound=50.0, max_n=4, max_k=5),
    st.sampled_from(["mean", "sum"]),
    st.floats(0.25, 3.0),
)
@example((np.array([[3.0, -1.0, 4.0]]), np.array([0])), "sum", 1.0)
def test_hinge_grad_matches_central_differences(
    Z_labels: tuple[np.ndarray, np.ndarray], reduction: str, margin: float
) -> None:
    Z, labels = Z_labels
    rows = np.arange(len(labels))
    terms = Z - Z[rows, labels][:, None] + margin
    terms[rows, labels] = np.inf
    # Away from the kinks (every term further than a step from 0) the loss is linear along each
    # coordinate over the whole step, so central differences have no truncation error.
    assume(np.all(np.abs(terms) > 2 * DEFAULT_STEP))
    grad = multiclass_hinge_grad(Z, labels, margin, reduction)
    numeric = central_difference(lambda V: multiclass_hinge(V, labels, margin, reduction), Z)
    # The summed loss is at most N (K - 1) (100 + margin) for scores in [-50, 50]: only the
    # rounding term of the error bound remains (third derivative 0).
    f_scale = len(labels) * Z.shape[1] * (100.0 + margin)
    np.testing.assert_allclose(grad, numeric, rtol=0, atol=error_bound(f_scale, 0.0))


@given(s.logits_and_labels(max_k=6), st.floats(0.0, 10.0))
def test_hinge_grad_counts_the_classes_inside_the_margin(
    Z_labels: tuple[np.ndarray, np.ndarray], margin: float
) -> None:
    Z, labels = Z_labels
    rows = np.arange(len(labels))
    grad = multiclass_hinge_grad(Z, labels, margin, "sum")
    wrong = np.ones(Z.shape, dtype=bool)
    wrong[rows, labels] = False
    # A wrong class gets 1 inside the margin and 0 outside; the true class minus their count.
    inside = wrong & ((Z - Z[rows, labels][:, None]) + margin > 0)
    np.testing.assert_array_equal(grad[wrong], inside[wrong].astype(float))
    np.testing.assert_array_equal(grad[rows, labels], -inside.sum(axis=1))
    assert np.all(grad.sum(axis=1) == 0)  # integers: the sum is exact


@given(s.logits_and_labels(), st.floats(0.0, 10.0))
@example((np.zeros((3, 1)), np.zeros(3, dtype=int)), 1.0)  # K = 1: no wrong class, E = 0
def test_hinge_reductions_agree(Z_labels: tuple[np.ndarray, np.ndarray], margin: float) -> None:
    Z, labels = Z_labels
    losses = multiclass_hinge(Z, labels, margin, "none")
    assert losses.shape == (len(labels),)
    assert np.all(losses >= 0)
    for n in range(len(labels)):
        assert multiclass_hinge(Z[n], labels[n], margin) == losses[n]
    # numpy sums the same array in the same order in both reductions.
    assert multiclass_hinge(Z, labels, margin, "sum") == losses.sum()
    assert multiclass_hinge(Z, labels, margin, "mean") == losses.mean()
    grad_sum = multiclass_hinge_grad(Z, labels, margin, "sum")
    np.testing.assert_array_equal(multiclass_hinge_grad(Z, labels, margin, "none"), grad_sum)
    np.testing.assert_array_equal(
        multiclass_hinge_grad(Z, labels, margin, "mean"), grad_sum / len(labels)
    )


@given(s.logits_and_labels(), st.floats(0.0, 10.0), st.sampled_from([2.0, 4.0, 1024.0]))
def test_scaling_scores_and_margin_together_scales_the_loss(
    Z_labels: tuple[np.ndarray, np.ndarray], margin: float, c: float
) -> None:
    Z, labels = Z_labels
    # Multiplying by a power of two is exact (no overflow for |z| <= 1000), and so is every
    # difference, sum and term of the scaled scores: E(c z; c margin) = c E(z; margin) exactly.
    scaled = multiclass_hinge(c * Z, labels, c * margin, "none")
    np.testing.assert_array_equal(scaled, c * multiclass_hinge(Z, labels, margin, "none"))


def test_the_examples_of_the_cross_entropy_page() -> None:
    # Exact: integer scores and margin.
    assert multiclass_hinge([3.0, -1.0, 4.0], 0) == 2.0
    assert multiclass_hinge([3.0, -1.0, 4.0], 2) == 0.0
    cs231n = [[10.0, -2.0, 3.0], [10.0, 9.0, 9.0], [10.0, -100.0, -100.0]]
    np.testing.assert_array_equal(multiclass_hinge(cs231n, [0, 0, 0], reduction="none"), 0.0)
    # Crammer and Singer's form would charge only the largest term; Weston and Watkins's sums.
    assert multiclass_hinge([0.0, 0.0, 0.0], 0) == 2.0


def test_non_finite_scores() -> None:
    Z = np.array([[-np.inf, 0.0, 0.0], [0.0, -np.inf, 1.0], [np.inf, 0.0, np.inf], [np.nan, 0, 0]])
    labels = np.array([0, 0, 0, 1])
    np.testing.assert_array_equal(
        multiclass_hinge(Z, labels, reduction="none"), [np.inf, 2.0, np.nan, np.nan]
    )
    grad = multiclass_hinge_grad(Z, labels, reduction="sum")
    np.testing.assert_array_equal(grad[:2], [[-2.0, 1.0, 1.0], [-1.0, 0.0, 1.0]])
    assert np.isnan(grad[2:]).all()
    # A true score of +inf meets every finite margin.
    assert multiclass_hinge([np.inf, 0.0, -5.0], 0) == 0.0


def test_no_samples() -> None:
    assert np.isnan(multiclass_hinge(np.zeros((0, 3)), []))
    assert multiclass_hinge(np.zeros((0, 3)), [], reduction="sum") == 0.0
    assert multiclass_hinge_grad(np.zeros((0, 3)), []).shape == (0, 3)

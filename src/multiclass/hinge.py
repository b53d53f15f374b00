r"""The multiclass hinge loss: the loss of the multiclass support vector machine (SVM).

For scores $z \in \mathbb{R}^K$, a true class $j$ and a margin $\Delta \ge 0$, in the form of
Weston and Watkins (1999) as the CS231n notes write it,

.. math::

    E_{\text{hinge}} = \sum_{k \ne j} \max(0,\ z_k - z_j + \Delta),
    \qquad
    \frac{\partial E_{\text{hinge}}}{\partial z_k} = [\,z_k - z_j + \Delta > 0\,]\ (k \ne j),
    \quad
    \frac{\partial E_{\text{hinge}}}{\partial z_j} = -\sum_{k \ne j} [\,z_k - z_j + \Delta > 0\,].

Each wrong class that comes within $\Delta$ of the true score (or beats it) costs its shortfall;
once the true score leads every other one by at least $\Delta$ the loss and its gradient are
exactly 0. Cross-entropy, by contrast, is positive and has a non-zero gradient for every finite
score vector (see the site's cross-entropy page).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from multiclass._validation import (
    FloatArray,
    Reduction,
    as_array,
    as_labels,
    as_real,
    check_reduction,
    reduce_losses,
)
from multiclass.cross_entropy import _check_logits, _work_dtype

__all__ = ["multiclass_hinge", "multiclass_hinge_grad"]


def _check_margin(margin: object) -> float:
    """Return the margin as a finite ``float`` >= 0."""
    value = as_real(margin, "margin", "a finite real number >= 0")
    if not 0.0 <= value < np.inf:  # nan fails this test too
        msg = f"margin must be a finite real number >= 0; got {value}"
        raise ValueError(msg)
    return value


def _check_labels(labels: object, shape: tuple[int, ...]) -> npt.NDArray[np.intp]:
    """Integer labels of shape ``shape[:-1]`` (a scalar for one score vector), in [0, K)."""
    array = as_array(labels, "labels")
    if array.size == 0 and not isinstance(labels, np.ndarray):
        array = array.astype(np.intp)  # [] for no samples: no labels, not float64 ones
    if array.dtype.kind == "f" and array.shape == shape:
        msg = (
            "labels must be integer class indices, one true class per sample; got float rows "
            "of the logits' shape (the hinge loss takes no probability targets: pass "
            "target.argmax(axis=-1) for one-hot rows)"
        )
        raise TypeError(msg)
    if array.dtype.kind in "iu" and array.shape != shape[:-1]:
        expected = "be a scalar" if len(shape) == 1 else f"have shape (N,) = {shape[:-1]}"
        msg = f"labels must {expected} for logits of shape {shape}; got shape {array.shape}"
        raise ValueError(msg)
    return as_labels(array, shape[-1], "labels")


def _violations(
    logits: npt.ArrayLike, labels: npt.ArrayLike, margin: object, reduction: object
) -> tuple[
    Reduction,
    FloatArray,
    npt.NDArray[np.intp],
    FloatArray,
    npt.NDArray[np.bool_],
    npt.NDArray[np.bool_],
]:
    """Check the arguments shared by the loss and its gradient.

    Returns the reduction, the logits, the labels as (N,), the (N, K) terms
    ``(z_k - z_j) + margin`` in the working dtype, which terms are active (> 0, k != j), and
    which rows hold a nan (a nan score, or ``inf - inf`` between a wrong and the true score).
    """
    red = check_reduction(reduction)
    delta = _check_margin(margin)
    z = _check_logits(logits)
    j = _check_labels(labels, z.shape).reshape(-1)
    work = _work_dtype(z)
    rows = work.reshape(-1, work.shape[-1])
    n = rows.shape[0]
    with np.errstate(invalid="ignore"):  # inf - inf is nan: reported per row below
        terms = (rows - rows[np.arange(n), j][:, None]) + rows.dtype.type(delta)
    others = np.ones(rows.shape, dtype=bool)
    others[np.arange(n), j] = False
    active = others & (terms > 0)
    broken = np.asarray(np.isnan(rows).any(axis=1) | (others & np.isnan(terms)).any(axis=1))
    return red, z, j, terms, active, broken


def multiclass_hinge(
    logits: npt.ArrayLike,
    labels: npt.ArrayLike,
    margin: float = 1.0,
    reduction: Reduction = "mean",
) -> npt.NDArray[np.floating[Any]]:
    r"""Multiclass hinge loss, $E_n = \sum_{k \ne j_n} \max(0,\ z_{nk} - z_{nj_n} + \Delta)$.

    The Weston-Watkins form (a sum over the wrong classes), as in the CS231n notes; Crammer and
    Singer's form takes the largest term instead of the sum. It is 0 exactly when the true
    score leads every other score by at least the margin $\Delta$.

    Args:
        logits: Scores, shape ``(N, K)`` or ``(K,)`` (one sample), K >= 1.
        labels: Integer class labels $j_n$, shape ``(N,)`` (a scalar for 1-D logits), each in
            ``[0, K)``. Probability rows are not accepted: the hinge loss needs one true class.
        margin: $\Delta \ge 0$, finite (rounded to the logits' format). Weston and Watkins
            used 2, CS231n uses 1. Scaling scores and margin together scales the loss,
            $E(c\vec z; c\Delta) = c\,E(\vec z; \Delta)$ for $c > 0$, so with an L2 penalty
            on the weights $\Delta$ and the penalty's strength amount to one choice.
        reduction: ``"mean"`` over samples (nan for N = 0), ``"sum"``, or ``"none"`` for the
            per-sample losses of shape ``(N,)`` (0-d for 1-D logits).

    Returns:
        The loss as an array of the logits' float dtype (float16 is computed in float32 and
        rounded once): 0-d for ``"mean"``/``"sum"``.

    Raises:
        TypeError: for non-numeric logits, labels that are not integers (floats included),
            a non-numeric ``margin``, or a masked array.
        ValueError: for logits not of shape (N, K) or (K,), K = 0, labels of the wrong shape
            or outside [0, K), a negative, infinite or nan ``margin``, or an unknown
            ``reduction``.

    Note:
        Each term is $(z_k - z_j) + \Delta$, computed in that order: when
        $z_j - z_k \ge \Delta$ holds exactly, the rounded term is $\le 0$ too (rounding is
        monotone), so a met margin costs exactly 0 in floating point as well. A true score of
        $-\infty$ costs $+\infty$; a wrong score of $-\infty$ costs nothing; a nan score, or
        $+\infty$ at both a wrong class and the true class, makes the sample's loss nan.

    References:
        J. Weston, C. Watkins, "Support vector machines for multi-class pattern recognition",
        Proc. ESANN 1999, 219-224 (no DOI).

        K. Crammer, Y. Singer, "On the algorithmic implementation of multiclass kernel-based
        vector machines", J. Mach. Learn. Res. 2, 2001, 265-292 (no DOI).

        CS231n, "Linear classification", Stanford University,
        https://cs231n.github.io/linear-classify/ (the multiclass SVM loss).

    Examples:
        >>> from multiclass import multiclass_hinge
        >>> print(multiclass_hinge([3.0, -1.0, 4.0], 0))  # only class 3 is within the margin
        2.0
        >>> scores = [[10.0, -2.0, 3.0], [10.0, 9.0, 9.0], [10.0, -100.0, -100.0]]
        >>> print(multiclass_hinge(scores, [0, 0, 0], reduction="none"))
        [0. 0. 0.]
    """
    red, z, _, terms, active, broken = _violations(logits, labels, margin, reduction)
    losses = np.where(active, terms, 0).sum(axis=1)
    losses[broken] = np.nan
    if z.ndim == 1:
        losses = losses.reshape(())
    return reduce_losses(losses, red, z.dtype)


def multiclass_hinge_grad(
    logits: npt.ArrayLike,
    labels: npt.ArrayLike,
    margin: float = 1.0,
    reduction: Reduction = "mean",
) -> npt.NDArray[np.floating[Any]]:
    r"""Gradient of :func:`multiclass_hinge` with respect to the logits, $\partial E_n / \partial z_{nk} = [\,z_{nk} - z_{nj_n} + \Delta > 0\,] - [\,k = j_n\,]\sum_{k' \ne j_n} [\,z_{nk'} - z_{nj_n} + \Delta > 0\,]$.

    Every wrong class inside the margin gets $+1$, the true class gets minus their count, and
    every other entry is 0: each row sums to 0, and a row whose margins are all met is all 0.

    Args:
        logits: Scores, shape ``(N, K)`` or ``(K,)``.
        labels: Integer class labels, as in :func:`multiclass_hinge`.
        margin: $\Delta \ge 0$, as in :func:`multiclass_hinge`.
        reduction: ``"mean"`` (rows divided by N), ``"sum"`` or ``"none"`` (the gradient of
            each sample's own loss; the same array as ``"sum"``).

    Returns:
        A new array of the logits' shape and float dtype.

    Raises:
        TypeError: as :func:`multiclass_hinge`.
        ValueError: as :func:`multiclass_hinge`.

    Note:
        The loss is piecewise linear: where a term is exactly 0 ($z_k - z_j + \Delta = 0$,
        the kink) it has no derivative, and this function returns the derivative from the side
        where the term is inactive (0 for that term), one of the loss's subgradients. A row
        whose loss is nan has a nan gradient.

    Examples:
        >>> from multiclass import multiclass_hinge_grad
        >>> print(multiclass_hinge_grad([3.0, -1.0, 4.0], 0))
        [-1.  0.  1.]
        >>> print(multiclass_hinge_grad([10.0, 9.0, 9.0], 0))  # every margin is met
        [0. 0. 0.]
    """
    red, z, j, terms, active, broken = _violations(logits, labels, margin, reduction)
    n = terms.shape[0]
    grad = active.astype(terms.dtype)
    grad[np.arange(n), j] = -active.sum(axis=1)
    grad[broken] = np.nan
    if red == "mean" and n > 0:
        grad /= n
    return np.asarray(grad.reshape(z.shape), dtype=z.dtype)

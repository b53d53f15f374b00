r"""The empirical risk of linear scores, $J(W, b) = \frac1N \sum_n E_n + \frac{\lambda}{2} \lVert W \rVert_F^2$, for training.

What :class:`~multiclass.LinearClassifier` hands the training loops: $J$ and its gradient as
functions of all parameters in one vector (the forward pass, then the backward pass), the loss
on validation data for early stopping, and a Lipschitz constant $L$ of the gradient, whose step
$1/L$ never increases $J$ (the descent lemma).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from multiclass import training
from multiclass._checks import STANDARDISE, as_samples, check_nonnegative
from multiclass._validation import FloatArray

__all__ = ["lipschitz_bound"]


def power_of_two_scale(A: FloatArray) -> float:
    """A power of two within a factor 2 of max |A| (1 for an all-zero A).

    Dividing by it is exact, except for entries that it makes subnormal.
    """
    top = float(np.max(np.abs(A), initial=0.0))
    return math.ldexp(1.0, math.frexp(top)[1] - 1) if top > 0.0 else 1.0


def lipschitz_bound(X: npt.ArrayLike, l2: float = 0.0) -> float:
    r"""A Lipschitz constant of the gradient of the objective, $L = \lVert \tilde X \rVert_2^2 / (2N) + \lambda$.

    $\tilde X = [X \; \mathbf 1]$ is $X$ with a column of ones (the bias). The Hessian of the
    mean cross-entropy with respect to $(W, b)$ is
    $\frac1N \sum_n (\operatorname{diag} p_n - p_n p_n^{\mathsf T}) \otimes \tilde x_n \tilde x_n^{\mathsf T}$,
    and every $\operatorname{diag} p - p p^{\mathsf T}$ has its eigenvalues in $[0, \frac12]$
    (Böhning's bound), so the Hessian's largest eigenvalue is at most
    $\frac{1}{2N} \lVert \tilde X \rVert_2^2$; the penalty adds $\lambda$. With step
    $1 / L$, full-batch gradient descent never increases the objective.

    Args:
        X: Samples, shape ``(N, D)``, finite, N >= 1.
        l2: The penalty weight $\lambda \ge 0$.

    Returns:
        $L$ as a float.

    Raises:
        TypeError: if ``X`` is not real-valued or ``l2`` not a number.
        ValueError: if ``X`` is not a finite (N, D) array with N >= 1, if ``l2 < 0``, or if
            $L$ exceeds the float64 range (entries of ``X`` beyond about $10^{154}$).

    Numerical behaviour: $\tilde X$ is divided by a power of two near its largest entry before
    its norm is taken, so no square overflows unless $L$ itself does.

    References:
        D. Böhning, "Multinomial logistic regression algorithm", Annals of the Institute of
        Statistical Mathematics 44 (1992) 197-200, doi:10.1007/BF00048682.

    Examples:
        >>> from multiclass.risk import lipschitz_bound
        >>> print(lipschitz_bound([[1.0], [-1.0]]))
        0.5
    """
    X_ = as_samples(X)
    lam = check_nonnegative(l2, "l2")
    return curvature_bound(np.asarray(X_, dtype=np.float64), lam)


def curvature_bound(X: FloatArray, l2: float, *, per_sample: bool = False) -> float:
    r"""$\lVert \tilde X \rVert_2^2 / (2N) + \lambda$, or $\max_n \lVert \tilde x_n \rVert^2 / 2 + \lambda$.

    The second bounds the curvature of the objective on any mini-batch. ``X`` is trusted
    (float64, finite, N >= 1).

    Raises:
        ValueError: naming ``X`` if the bound exceeds the float64 range.
    """
    n = X.shape[0]
    s = max(power_of_two_scale(X), 1.0)  # the column of ones counts too
    Xt = np.hstack([X / s, np.full((n, 1), 1.0 / s)])  # entries <= 2 in size
    if per_sample:
        root = s * math.sqrt(float(np.max(np.sum(Xt * Xt, axis=1))) / 2.0)
    else:  # ||X~||_2^2 is the largest eigenvalue of X~^T X~: cheaper than an SVD of X~
        root = s * math.sqrt(float(np.linalg.eigvalsh(Xt.T @ Xt)[-1]) / (2.0 * n))
    L = root * root + l2
    if not math.isfinite(L):
        msg = (
            f"X is too large to train on: the bound L on the curvature of the objective "
            f"exceeds float64 (the largest |entry| of X is {float(np.max(np.abs(X))):.3g}); "
            f"{STANDARDISE}"
        )
        raise ValueError(msg)
    return L


def _logsumexp_columns(ZT: FloatArray) -> FloatArray:
    """Log-sum-exp of each column, shifted by the column's maximum only where it is needed.

    Without the shift exp overflows for scores above ~709, and a column underflows to 0 when
    all its scores are below ~-745; both show in the column sums, and only then is the slower
    shifted form used. Otherwise the two agree to rounding.
    """
    total = np.exp(ZT).sum(axis=0)
    if float(total.min()) > 1e-300 and float(total.max()) < 1e300:
        return np.asarray(np.log(total))
    top = ZT.max(axis=0)
    return np.asarray(top + np.log(np.exp(ZT - top).sum(axis=0)))


def training_objective(
    X: FloatArray, labels: npt.NDArray[np.intp], l2: float, k: int
) -> tuple[training.Evaluate, Callable[[FloatArray], float]]:
    r"""$J$ and its gradient as functions of $\theta = (W$ row by row$, b)$: forward, then backward.

    Scores are kept transposed (K x N), so that the reductions over the K classes run along
    contiguous rows; ``true`` indexes the score of each sample's class in the flat K x N array.
    """
    n, split = X.shape[0], k * X.shape[1]
    XT = np.ascontiguousarray(X.T)
    true = labels * n + np.arange(n)

    def evaluate(theta: FloatArray, rows: training.Rows) -> training.Evaluation:
        W, b = theta[:split].reshape(k, -1), theta[split:]
        Xr, XTr, yr, at = X, XT, labels, true
        if rows is not None:  # a mini-batch
            Xr, yr = X[rows], labels[rows]
            XTr, at = np.ascontiguousarray(Xr.T), yr * len(rows) + np.arange(len(rows))
        m = len(yr)
        ZT = W @ XTr  # forward: scores, their log-sum-exp, J
        ZT += b[:, None]
        top = ZT.max(axis=0)
        E = np.exp(ZT - top)
        total = E.sum(axis=0)
        z_true = ZT.take(at)
        loss = float((top + np.log(total) - z_true).sum()) / m + 0.5 * l2 * float(np.vdot(W, W))
        if np.count_nonzero(E == 1.0) > m:  # a sample with tied top scores: argmax decides
            accuracy = float(np.mean(np.argmax(ZT, axis=0) == yr))
        else:  # one top score per sample: right where the true class has it
            accuracy = np.count_nonzero(z_true == top) / m
        E *= 1.0 / (m * total)  # backward: dJ/dZ^T = (Y - T)^T / N, then dJ/dW and dJ/db
        E.ravel()[at] -= 1.0 / m
        gW = E @ Xr
        if l2:
            gW += l2 * W
        return training.Evaluation(loss, np.concatenate([gW.ravel(), E.sum(axis=1)]), accuracy)

    def objective(theta: FloatArray) -> float:
        W, b = theta[:split].reshape(k, -1), theta[split:]
        ZT = W @ XT
        ZT += b[:, None]
        lse = _logsumexp_columns(ZT)
        return float((lse - ZT.take(true)).sum() / n) + 0.5 * l2 * float(np.vdot(W, W))

    return evaluate, objective


def held_out_objective(X: FloatArray, labels: npt.NDArray[np.intp], k: int) -> training.Monitor:
    """The mean cross-entropy (no penalty) and the accuracy on ``X``, for early stopping."""
    evaluate = training_objective(X, labels, 0.0, k)[0]

    def monitor(theta: FloatArray) -> tuple[float, float]:
        evaluation = evaluate(theta, None)
        return evaluation.loss, evaluation.accuracy

    return monitor

r"""Cross-entropy: the loss that rewards putting probability on the true class.

For scores $z \in \mathbb{R}^K$ and a target distribution $t$ (one-hot for a class label $j$),

.. math::

    E = -\sum_{k=1}^{K} t_k \log \operatorname{softmax}(z)_k
      = \operatorname{logsumexp}(z) - z_j \quad\text{(one-hot } t\text{)},
    \qquad \frac{\partial E}{\partial z} = \operatorname{softmax}(z) - t .

Conventions (checked on the site's Conventions page): ``logits`` are scores, not probabilities;
a target is either integer class indices or probability rows; label smoothing with $\varepsilon$
replaces $t$ by $(1 - \varepsilon)\,t + \varepsilon / K$ (the convention of Szegedy et al. 2016 and
of PyTorch; other code, fairseq's label-smoothed criterion for one, spreads $\varepsilon$ over the
$K - 1$ wrong classes instead).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from multiclass._kernel import logsumexp_parts, temper
from multiclass._validation import (
    FloatArray,
    Reduction,
    as_float_array,
    check_reduction,
    check_temperature,
    check_unit_interval,
    reduce_losses,
)
from multiclass.softmax import log_softmax, softmax
from multiclass.targets import one_hot, split_target

__all__ = ["cross_entropy", "cross_entropy_grad"]


def _check_logits(logits: npt.ArrayLike) -> FloatArray:
    """Validate logits of shape (N, K) or (K,) with K >= 1."""
    z = as_float_array(logits, "logits")
    if z.ndim not in (1, 2):
        msg = f"logits must have shape (N, K) or (K,); got shape {z.shape}"
        raise ValueError(msg)
    if z.shape[-1] == 0:
        msg = f"logits must have at least one class (K >= 1); got shape {z.shape}"
        raise ValueError(msg)
    return z


def _work_dtype(z: FloatArray) -> FloatArray:
    """float16 logits are computed in float32 and the result rounded once."""
    return z.astype(np.float32) if z.dtype == np.float16 else z


def _arguments(
    logits: npt.ArrayLike,
    target: npt.ArrayLike,
    reduction: object,
    label_smoothing: object,
    temperature: object,
) -> tuple[
    Reduction,
    float,
    FloatArray,
    npt.NDArray[np.intp] | None,
    FloatArray | None,
    FloatArray,
]:
    """Check the arguments shared by :func:`cross_entropy` and :func:`cross_entropy_grad`.

    Returns ``(reduction, epsilon, logits, labels, probabilities, rows)``: exactly one of labels
    and probabilities is not None, and ``rows`` is the logits as (N, K) in the working dtype,
    divided by the temperature after the shift by their maximum (:func:`~multiclass._kernel.temper`).
    """
    red = check_reduction(reduction)
    eps = check_unit_interval(label_smoothing, "label_smoothing")
    T = check_temperature(temperature)
    z = _check_logits(logits)
    labels, probs = split_target(target, z.shape)
    work = _work_dtype(z)
    rows = work.reshape(-1, work.shape[-1])
    return red, eps, z, labels, probs, rows if T == 1.0 else temper(rows, T)


def cross_entropy(
    logits: npt.ArrayLike,
    target: npt.ArrayLike,
    reduction: Reduction = "mean",
    label_smoothing: float = 0.0,
    *,
    temperature: float = 1.0,
) -> npt.NDArray[np.floating[Any]]:
    r"""Cross-entropy from scores, $E_n = -\sum_{k} t_{nk} \log \operatorname{softmax}(z_n / T)_k$ ($T = 1$ by default).

    For a class label $j$ this is $E = \operatorname{logsumexp}(z) - z_j$, evaluated as
    $(a - z_j) + \operatorname{log1p}(s)$ with $a = \max_k z_k$ so that a confident correct
    prediction keeps its tiny loss (``[200, 10, -4]`` with $j = 0$ costs $3.05 \times
    10^{-83}$, not 0). It satisfies $z_m - z_j \le E \le z_m - z_j + \log K$ with
    $z_m = \max_k z_k$.

    Args:
        logits: Scores, shape ``(N, K)`` or ``(K,)`` (one sample), K >= 1.
        target: Either integer class labels, shape ``(N,)`` (a scalar for 1-D logits), each in
            ``[0, K)``; or float probability rows of the logits' shape, each finite,
            non-negative and summing to 1 (within the precision of its values; see
            :mod:`multiclass.targets`).
            Float labels such as ``2.0`` are rejected: pass ``labels.astype(int)``.
        reduction: ``"mean"`` over samples (nan for N = 0), ``"sum"``, or ``"none"`` for the
            per-sample losses of shape ``(N,)`` (0-d for 1-D logits).
        label_smoothing: $\varepsilon \in [0, 1]$; the target becomes
            $(1 - \varepsilon)\,t + \varepsilon / K$ (as in PyTorch; some texts use
            $\varepsilon / (K - 1)$ on the wrong classes instead).
        temperature: $T \ge 0$, as in :func:`multiclass.softmax.softmax`: the scores are
            shifted by their maximum, then divided by $T$. At $T = 0$ (the limit) a sample
            costs $\log m$ when its true class is one of its $m$ tied largest scores and
            $+\infty$ otherwise.

    Returns:
        The loss as an array of the logits' float dtype: 0-d for ``"mean"``/``"sum"``.

    Raises:
        TypeError: for non-numeric logits, a target that is neither integer nor float, float
            labels (a float target of shape ``(N,)``, even with integral values), or a
            non-numeric ``label_smoothing`` or ``temperature``.
        ValueError: for logits not of shape (N, K) or (K,), K = 0, labels outside [0, K),
            a mismatched N or K, probability rows that are negative, non-finite or do not sum
            to 1, ``label_smoothing`` outside [0, 1], a negative or nan ``temperature``, or an
            unknown ``reduction``.

    Note:
        Accuracy (integer labels, $T = 1$): within $4\,(1 + \kappa)$ ulps in float64, $6\,(1 + \kappa)$
        in float32 and $4\,(1 + \kappa)$ in float16, $\kappa$ the condition number of
        $-\log y_j$ (see :func:`multiclass.softmax.log_softmax`).

        A logit of -inf at a class with positive target weight gives $+\infty$; -inf
        logits elsewhere cost nothing. Rows with +inf logits follow :func:`log_softmax`'s
        limits; a nan logit makes its sample's loss nan.

    References:
        P. Blanchard, D. J. Higham, N. J. Higham, "Accurately computing the log-sum-exp and
        softmax functions", IMA J. Numer. Anal. 41(4), 2021, doi:10.1093/imanum/draa038.

        C. Szegedy et al., "Rethinking the Inception Architecture for Computer Vision", CVPR
        2016, doi:10.1109/CVPR.2016.308 (label smoothing).

    Examples:
        >>> from multiclass import cross_entropy
        >>> print(cross_entropy([3.0, -1.0, 4.0], 2))
        0.3181754292474541
        >>> print(cross_entropy([[0.0, 0.0, 0.0], [10.0, 0.0, 0.0]], [0, 0], reduction="none"))
        [1.09861229e+00 9.07957375e-05]
    """
    red, eps, z, labels, probs, rows = _arguments(
        logits, target, reduction, label_smoothing, temperature
    )
    dtype = z.dtype
    k = rows.shape[1]
    if labels is not None and eps == 0.0:
        j = labels.reshape(-1)
        a, log1p_s = logsumexp_parts(rows)
        z_j = rows[np.arange(rows.shape[0]), j]
        # a - z_j beyond the largest float is +inf, the correctly rounded loss: no warning.
        with np.errstate(invalid="ignore", over="ignore"):
            losses = (a - z_j) + log1p_s
        special = ~np.isfinite(a)
        if special.any():
            # Rows with +inf, nan or only -inf scores: take the exact limit from log_softmax.
            ls = log_softmax(rows[special])
            losses[special] = -ls[np.arange(ls.shape[0]), j[special]]
    else:
        if labels is not None:
            t = one_hot(labels.reshape(-1), k).astype(rows.dtype)
        else:
            assert probs is not None
            t = probs.reshape(-1, k).astype(rows.dtype)
        if eps > 0.0:
            t = (1.0 - eps) * t + eps / k
        ls = log_softmax(rows)
        # 0 * log 0 = 0: a class with no target weight contributes nothing, even at -inf. A
        # weighted sum beyond the largest float is +inf, without a warning.
        with np.errstate(over="ignore"):
            losses = -np.sum(np.where(t > 0, t * np.where(t > 0, ls, 0.0), 0.0), axis=1)
        losses[np.isnan(ls).any(axis=1)] = np.nan
    if z.ndim == 1:
        losses = losses.reshape(())
    return reduce_losses(losses, red, dtype)


def cross_entropy_grad(
    logits: npt.ArrayLike,
    target: npt.ArrayLike,
    reduction: Reduction = "mean",
    label_smoothing: float = 0.0,
    *,
    temperature: float = 1.0,
) -> npt.NDArray[np.floating[Any]]:
    r"""Gradient of :func:`cross_entropy` with respect to the logits, $(\operatorname{softmax}(z / T) - t) / T$.

    Row $n$ of the result is $\partial E_n / \partial z_n = (\operatorname{softmax}(z_n / T) -
    t_n) / T$ ($T = 1$ by default); with ``reduction="mean"`` every row is divided by N. Each
    row sums to 0 (the loss does not change when the same number is added to all K scores).

    Args:
        logits: Scores, shape ``(N, K)`` or ``(K,)``.
        target: Class labels or probability rows, as in :func:`cross_entropy`.
        reduction: ``"mean"`` (rows divided by N), ``"sum"`` or ``"none"`` (the gradient of
            each sample's own loss; the same array as ``"sum"``).
        label_smoothing: As in :func:`cross_entropy`; $t$ is the smoothed target.
        temperature: $T > 0$ (``inf`` gives the limit, 0). $T = 0$ is refused: there the loss
            is a step function of the scores, with no gradient.

    Returns:
        A new array of the logits' shape and float dtype.

    Raises:
        TypeError: as :func:`cross_entropy`.
        ValueError: as :func:`cross_entropy`, and for ``temperature=0``.

    Examples:
        >>> from multiclass import cross_entropy_grad
        >>> print(cross_entropy_grad([3.0, -1.0, 4.0], 2).round(4))
        [ 0.2676  0.0049 -0.2725]
    """
    T = check_temperature(temperature)
    if T == 0.0:
        msg = (
            "temperature must be > 0 for cross_entropy_grad: at temperature 0 the loss is a "
            "step function of the logits and has no gradient; got 0.0"
        )
        raise ValueError(msg)
    red, eps, z, labels, probs, rows = _arguments(logits, target, reduction, label_smoothing, T)
    dtype = z.dtype
    n, k = rows.shape
    grad = softmax(rows)
    if labels is not None:
        grad[np.arange(n), labels.reshape(-1)] -= 1.0 - eps
    else:
        assert probs is not None
        grad -= (1.0 - eps) * probs.reshape(-1, k)
    if eps > 0.0:
        grad -= eps / k
    if red == "mean" and n > 0:
        grad /= n
    with np.errstate(over="ignore"):  # a tiny T: the true quotient lies beyond the format
        if T != 1.0:  # in float64, so that T itself is not rounded to 0 or inf first
            grad = grad / np.float64(T)
        return np.asarray(grad.reshape(z.shape), dtype=dtype)

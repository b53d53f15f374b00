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

from multiclass._validation import (
    FloatArray,
    Reduction,
    as_float_array,
    as_labels,
    check_num_classes,
    check_reduction,
    check_temperature,
    check_unit_interval,
)
from multiclass.softmax import log_softmax, logsumexp_parts, softmax, temper

__all__ = ["binary_cross_entropy", "cross_entropy", "cross_entropy_grad", "one_hot"]


def one_hot(labels: npt.ArrayLike, num_classes: int) -> npt.NDArray[np.float64]:
    r"""One-hot encoding, $T_{nk} = [\,y_n = k\,]$.

    Args:
        labels: Integer class indices of any shape, each in ``[0, num_classes)``.
        num_classes: K, the number of classes (a positive integer).

    Returns:
        A float64 array of shape ``labels.shape + (num_classes,)`` with a single 1 per row.

    Raises:
        TypeError: if ``labels`` is not of an integer dtype, or ``num_classes`` is not an
            integer.
        ValueError: if ``num_classes <= 0`` or a label lies outside ``[0, num_classes)``.

    Examples:
        >>> from multiclass import one_hot
        >>> print(one_hot([2, 0], 3))
        [[0. 0. 1.]
         [1. 0. 0.]]
    """
    k = check_num_classes(num_classes)
    y = as_labels(labels, k)
    out = np.zeros((*y.shape, k), dtype=np.float64)
    np.put_along_axis(out, y[..., None], 1.0, axis=-1)
    return out


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


def _check_probability_rows(target: FloatArray, shape: tuple[int, ...]) -> FloatArray:
    """Check probability targets: logits' shape, finite, non-negative, rows summing to 1."""
    if target.shape != shape:
        msg = f"target of probabilities must have the logits' shape {shape}; got {target.shape}"
        raise ValueError(msg)
    rows = target.reshape(-1, shape[-1])
    bad = ~(np.isfinite(rows) & (rows >= 0)).all(axis=1)
    if bad.any():
        row = int(np.argmax(bad))
        msg = f"target probabilities must be finite and >= 0; row {row} is {rows[row]}"
        raise ValueError(msg)
    # sqrt(eps) of the target's dtype: rows made by a softmax in that dtype pass (their sums are
    # off by at most ~K eps), rows that are not distributions (off by 1e-3 or more) do not.
    tol = float(np.sqrt(np.finfo(target.dtype).eps))
    sums = rows.sum(axis=1, dtype=np.float64)
    off = np.abs(sums - 1.0) > tol * max(1.0, float(np.sqrt(shape[-1])))
    if off.any():
        row = int(np.argmax(off))
        msg = f"target probability rows must sum to 1; row {row} sums to {sums[row]:.6g}"
        raise ValueError(msg)
    return target


def _targets(
    z: FloatArray, target: npt.ArrayLike
) -> tuple[npt.NDArray[np.intp] | None, FloatArray | None]:
    """Split ``target`` into integer labels or probability rows, checked against ``z``."""
    t = np.asarray(target)
    k = z.shape[-1]
    if t.dtype.kind in "iu":
        if t.shape != z.shape[:-1]:
            expected = "a scalar label" if z.ndim == 1 else f"shape (N,) = {z.shape[:-1]}"
            msg = (
                f"target of class labels must be {expected} for logits of shape {z.shape}; "
                f"got shape {t.shape}"
            )
            raise ValueError(msg)
        return as_labels(t, k, "target"), None
    if t.dtype.kind == "f" and t.shape == z.shape[:-1]:
        # The shape of class labels with a float dtype: rejected even for integral values
        # (see multiclass._validation.as_labels).
        msg = (
            f"target of class labels must have an integer dtype; got {t.dtype} "
            f"(convert integral floats with .astype(int)); a target of probabilities must "
            f"have the logits' shape {z.shape}"
        )
        raise TypeError(msg)
    if t.dtype.kind == "f":
        return None, _check_probability_rows(as_float_array(t, "target"), z.shape)
    msg = f"target must be integer class labels or float probability rows; got dtype {t.dtype}"
    raise TypeError(msg)


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
    divided by the temperature after the shift by their maximum (:func:`~multiclass.softmax.temper`).
    """
    red = check_reduction(reduction)
    eps = check_unit_interval(label_smoothing, "label_smoothing")
    T = check_temperature(temperature)
    z = _check_logits(logits)
    labels, probs = _targets(z, target)
    work = _work_dtype(z)
    rows = work.reshape(-1, work.shape[-1])
    return red, eps, z, labels, probs, rows if T == 1.0 else temper(rows, T)


def _reduce(losses: FloatArray, reduction: Reduction, dtype: np.dtype[Any]) -> FloatArray:
    """Apply the reduction; the mean of zero samples is nan (there is nothing to average)."""
    if reduction == "none":
        return np.asarray(losses, dtype=dtype)
    if reduction == "sum":
        return np.asarray(losses.sum(), dtype=dtype)
    if losses.size == 0:
        return np.asarray(np.nan, dtype=dtype)
    return np.asarray(losses.mean(), dtype=dtype)


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
            non-negative and summing to 1 (within $\sqrt{\epsilon}$ of the target's dtype).
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
        with np.errstate(invalid="ignore"):
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
        # 0 * log 0 = 0: a class with no target weight contributes nothing, even at -inf.
        losses = -np.sum(np.where(t > 0, t * np.where(t > 0, ls, 0.0), 0.0), axis=1)
        losses[np.isnan(ls).any(axis=1)] = np.nan
    if z.ndim == 1:
        losses = losses.reshape(())
    return _reduce(losses, red, dtype)


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


def binary_cross_entropy(
    logits: npt.ArrayLike, target: npt.ArrayLike, reduction: Reduction = "mean"
) -> npt.NDArray[np.floating[Any]]:
    r"""Binary cross-entropy from a score, $E = -t \log \sigma(x) - (1 - t) \log(1 - \sigma(x))$.

    Evaluated as $\max(x, 0) - x t + \operatorname{log1p}(e^{-|x|})$, which never overflows
    and never takes the log of a rounded probability. It equals :func:`cross_entropy` with
    K = 2, scores $(x, 0)$ and target $(t, 1 - t)$.

    Args:
        logits: Scores $x$ of any shape (0-d included).
        target: Targets $t$ of the same shape, each in $[0, 1]$ (bool and integers 0/1 are
            accepted). Values outside $[0, 1]$ are rejected: the formula is then not a
            cross-entropy and can be negative.
        reduction: ``"mean"`` (nan for no elements), ``"sum"`` or ``"none"``.

    Returns:
        An array of the logits' float dtype: 0-d for ``"mean"``/``"sum"``.

    Raises:
        TypeError: if either argument is not real-valued.
        ValueError: for mismatched shapes, targets outside [0, 1] (nan included), or an unknown
            ``reduction``.

    Note:
        The limits at infinite scores are exact, never nan: $x = +\infty$ costs 0 when
        $t = 1$ and $+\infty$ when $t < 1$; $x = -\infty$ costs 0 when $t = 0$ and $+\infty$
        otherwise. A nan score gives nan.

    Examples:
        >>> from multiclass import binary_cross_entropy
        >>> print(binary_cross_entropy([0.0, 800.0, -800.0], [1.0, 1.0, 1.0], reduction="none"))
        [6.93147181e-01 0.00000000e+00 8.00000000e+02]
    """
    red = check_reduction(reduction)
    x = as_float_array(logits, "logits")
    t = as_float_array(target, "target")
    if x.shape != t.shape:
        msg = f"target must have the logits' shape {x.shape}; got {t.shape}"
        raise ValueError(msg)
    inside = (t >= 0) & (t <= 1)
    if not inside.all():
        index = tuple(int(i) for i in np.argwhere(~inside)[0])
        msg = f"target must be in [0, 1]; got {t[index]} at index {index}"
        raise ValueError(msg)
    dtype = x.dtype
    xw = x.astype(np.float32) if dtype == np.float16 else x
    tw = t.astype(xw.dtype)
    # x (1 - t) for x >= 0 and -x t for x < 0, where a zero factor makes the product 0 even at
    # an infinite score (the limit), instead of inf * 0 = nan.
    with np.errstate(invalid="ignore"):
        linear = np.where(
            xw >= 0,
            np.where(tw == 1, 0.0, xw * (1 - tw)),
            np.where(tw == 0, 0.0, -xw * tw),
        )
        losses = linear + np.log1p(np.exp(-np.abs(xw)))
    losses = np.where(np.isnan(xw), np.nan, losses)
    return _reduce(np.asarray(losses), red, dtype)

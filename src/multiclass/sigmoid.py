r"""The logistic sigmoid, the two-class case of softmax, and its cross-entropy.

$\sigma(z) = 1 / (1 + e^{-z}) = \operatorname{softmax}([z, 0])_0$, and
$1 - \sigma(z) = \sigma(-z)$. The binary cross-entropy takes the logit $z$, not $\sigma(z)$.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from multiclass._validation import (
    FloatArray,
    Reduction,
    as_float_array,
    check_reduction,
    reduce_losses,
)

__all__ = ["binary_cross_entropy", "log_sigmoid", "sigmoid"]


def working(z: npt.ArrayLike, name: str = "z") -> tuple[FloatArray, np.dtype[Any]]:
    """Validate ``z``: return it in its working format and its own format.

    float16 is computed in float32 and rounded once at the end (numpy's float16 ufuncs do the
    same); float32 and float64 are computed in their own format.
    """
    array = as_float_array(z, name)
    dtype = array.dtype
    if dtype == np.float16:
        return array.astype(np.float32), dtype
    return array, dtype


def sigmoid_pair(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    r"""Return $(\sigma(x), \sigma(-x))$, both to full relative accuracy, from one exponential.

    With $e = e^{-|x|} \le 1$ (never overflows) and $t = e / (1 + e) = \sigma(-|x|) \le 1/2$,
    the pair is $(1 - t, t)$ for $x \ge 0$ and $(t, 1 - t)$ for $x < 0$: the small member keeps
    its relative accuracy down to the subnormal range, and $1 - t$ rounds once, at the spacing
    of $[1/2, 1]$, reaching exactly 1 where the true value rounds to 1. A nan gives nan twice.
    """
    e = np.exp(-np.abs(x))
    t = e / (1.0 + e)
    rest = 1.0 - t
    negative = x < 0
    return np.where(negative, t, rest), np.where(negative, rest, t)


def sigmoid(z: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    r"""Logistic sigmoid, $\sigma(z) = 1 / (1 + e^{-z})$, elementwise.

    Evaluated from $t = e^{-|z|} / (1 + e^{-|z|}) = \sigma(-|z|) \le 1/2$: $\sigma(z) = t$ for
    $z < 0$ and $1 - t$ otherwise. The exponential never overflows, small results keep their
    relative accuracy down to the subnormal range (a single formula would return 0 or lose
    digits for $z \ll 0$), and $1 - t$ rounds to exactly 1 from the same $z$ as the true value,
    $\log(2^{p+1} - 1)$ for $p$ significand bits ($1/(1 + e^{-z})$ gets there about $\log 2$
    sooner).

    Args:
        z: Scores of any shape, 0-d included; bool and integers are promoted to float64.

    Returns:
        A new array of ``z``'s shape and float dtype, with values in $[0, 1]$.

    Raises:
        TypeError: if ``z`` is not real-valued.

    Note:
        Accuracy: within 3 ulps in float64, 4 in float32 and 2 in float16 (float16 is computed
        in float32 and rounded once), checked against mpmath in ``tests/test_accuracy.py``.
        $\sigma(+\infty) = 1$, $\sigma(-\infty) = 0$ and $\sigma(\text{nan}) = \text{nan}$,
        with no warning.

    References:
        N. J. Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., SIAM, 2002,
        doi:10.1137/1.9780898718027 (rounding error analysis of such formulas).

    Examples:
        >>> from multiclass import sigmoid
        >>> print(sigmoid([0.0, 2.0, -800.0]))
        [0.5        0.88079708 0.        ]
        >>> print(sigmoid([-700.0]))  # e^-700, not 0
        [9.85967654e-305]
    """
    array, dtype = working(z)
    # sigma(-|z|) = t, sigma(|z|) = 1 - t (1 / (1 + e^{-z}) would reach 1 about log 2 earlier).
    return np.asarray(sigmoid_pair(array)[0], dtype=dtype)


def log_sigmoid(z: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    r"""Log of the sigmoid, $\log \sigma(z) = -\log(1 + e^{-z})$, elementwise.

    Evaluated as $\min(z, 0) - \operatorname{log1p}(e^{-|z|})$: exact for $z \to -\infty$
    (where it tends to $z$) and accurate for $z \gg 0$ (where it is $-e^{-z}$, not 0).

    Args:
        z: Scores of any shape, 0-d included.

    Returns:
        A new array of ``z``'s shape and float dtype, with values $\le 0$.

    Raises:
        TypeError: if ``z`` is not real-valued.

    Note:
        Accuracy: within 3 ulps in float64, 4 in float32 and 2 in float16.
        $\log\sigma(+\infty) = 0$, $\log\sigma(-\infty) = -\infty$, nan stays nan.

    References:
        N. J. Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., SIAM, 2002,
        doi:10.1137/1.9780898718027.

    Examples:
        >>> from multiclass import log_sigmoid
        >>> print(log_sigmoid([0.0, 40.0, -1000.0]))
        [-6.93147181e-01 -4.24835426e-18 -1.00000000e+03]
    """
    array, dtype = working(z)
    with np.errstate(invalid="ignore"):  # -|z| at z = -inf is -inf: exp gives 0, no nan
        out = np.minimum(array, 0) - np.log1p(np.exp(-np.abs(array)))
    return np.asarray(out, dtype=dtype)


def binary_cross_entropy(
    logits: npt.ArrayLike, target: npt.ArrayLike, reduction: Reduction = "mean"
) -> npt.NDArray[np.floating[Any]]:
    r"""Binary cross-entropy from a logit, $E = -t \log \sigma(x) - (1 - t) \log(1 - \sigma(x))$.

    It takes **logits** $x$, not probabilities: it is PyTorch's
    ``binary_cross_entropy_with_logits`` (and Keras's ``from_logits=True``), not PyTorch's
    ``binary_cross_entropy``, which takes $\sigma(x)$. Evaluated as $\max(x, 0) - x t +
    \operatorname{log1p}(e^{-|x|})$, which never overflows and never takes the log of a rounded
    probability. It equals :func:`~multiclass.cross_entropy.cross_entropy` with K = 2, scores
    $(x, 0)$ and target $(t, 1 - t)$.

    Args:
        logits: Scores (logits) $x$ of any shape (0-d included), not probabilities.
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
        Computed in the wider of the two formats (at least float32) and rounded once to the
        logits' format, so a float64 target keeps its digits with float32 logits. The limits
        at infinite scores are exact, never nan: $x = +\infty$ costs 0 when
        $t = 1$ and $+\infty$ when $t < 1$; $x = -\infty$ costs 0 when $t = 0$ and $+\infty$
        otherwise. A nan score gives nan.

    Examples:
        >>> import numpy as np
        >>> from multiclass import binary_cross_entropy
        >>> print(binary_cross_entropy([0.0, 800.0, -800.0], [1.0, 1.0, 1.0], reduction="none"))
        [6.93147181e-01 0.00000000e+00 8.00000000e+02]
        >>> print(binary_cross_entropy(np.float32([63.0]), [0.99999]))  # 63 (1 - t), t in float64
        0.00063
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
    work = np.result_type(x.dtype, t.dtype, np.float32)  # float16 is computed in float32
    xw, tw = x.astype(work, copy=False), t.astype(work, copy=False)
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
    return reduce_losses(np.asarray(losses), red, dtype)

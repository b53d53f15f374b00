r"""Targets of the cross-entropy: class labels, one-hot rows and probability rows.

A target says what the scores should have predicted. It comes in two forms, told apart by
dtype: integer *class labels* $j_n \in \{0, \dots, K - 1\}$, one per sample, or float
*probability rows* $t_n$ of the logits' shape, each a distribution over the K classes (a
one-hot row, a smoothed one, or a teacher's softmax). :func:`one_hot` turns the first form into
the second.

A probability row is accepted when it is finite, non-negative and sums to 1 within the
precision its values carry: $|\sum_k t_{nk} - 1| \le \min(K\epsilon, \sqrt{\epsilon})$, where
$\epsilon$ is the machine epsilon of the narrowest format (float16, float32, float64) that
holds every value of the row exactly. Rounding each of K values of a distribution to that
format and summing them moves the sum by at most about $K\epsilon$; the cap $\sqrt{\epsilon}$
(3% in float16, $1.5 \times 10^{-8}$ in float64) keeps rows that are no distribution out
however large K is.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from multiclass._validation import (
    FloatArray,
    as_array,
    as_float_array,
    as_labels,
    check_num_classes,
)

__all__ = ["one_hot"]

#: Formats narrower than float64, widest first: a row exact in float16 is exact in float32.
_NARROWER = (np.float32, np.float16)


def one_hot(labels: npt.ArrayLike, num_classes: int) -> npt.NDArray[np.float64]:
    r"""One-hot encoding, $T_{nk} = [\,y_n = k\,]$.

    Args:
        labels: Integer class indices of any shape, each in ``[0, num_classes)``; an empty
            list is taken as no labels.
        num_classes: K, the number of classes (a positive integer).

    Returns:
        A float64 array of shape ``labels.shape + (num_classes,)`` with a single 1 per row.

    Raises:
        TypeError: if ``labels`` is not of an integer dtype (or is a masked array), or
            ``num_classes`` is not an integer.
        ValueError: if ``num_classes <= 0``, a label lies outside ``[0, num_classes)``, or
            the result would be larger than any array can be.

    Examples:
        >>> from multiclass import one_hot
        >>> print(one_hot([2, 0], 3))
        [[0. 0. 1.]
         [1. 0. 0.]]
        >>> print(one_hot([], 3).shape)
        (0, 3)
    """
    k = check_num_classes(num_classes)
    y = as_labels(labels, k)
    limit = int(np.iinfo(np.intp).max) // 8  # bytes of the largest possible float64 array
    if k > limit or y.size * k > limit:
        msg = (
            f"num_classes = {k} is too large: one_hot of {y.size} label(s) would need "
            f"{y.size * k} float64 entries, more than any array can hold"
        )
        raise ValueError(msg)
    out = np.zeros((*y.shape, k), dtype=np.float64)
    np.put_along_axis(out, y[..., None], 1.0, axis=-1)
    return out


def row_epsilon(rows: FloatArray) -> npt.NDArray[np.float64]:
    """Machine epsilon of the narrowest format holding every value of each row exactly."""
    eps = np.full(rows.shape[0], float(np.finfo(rows.dtype).eps))
    with np.errstate(over="ignore"):  # values beyond float16's range are simply not exact there
        for narrower in _NARROWER:
            if np.dtype(narrower).itemsize < rows.dtype.itemsize:
                exact = (rows.astype(narrower).astype(rows.dtype) == rows).all(axis=1)
                eps[exact] = float(np.finfo(narrower).eps)
    return eps


def check_probability_rows(target: FloatArray, shape: tuple[int, ...]) -> FloatArray:
    """Check probability targets: logits' shape, finite, non-negative, rows summing to 1.

    Raises:
        ValueError: for another shape, a negative or non-finite entry, or a row whose sum is
            off by more than the tolerance of the module docstring (the message prints both).
    """
    if target.shape != shape:
        msg = f"target of probabilities must have the logits' shape {shape}; got {target.shape}"
        raise ValueError(msg)
    k = shape[-1]
    rows = target.reshape(-1, k)
    bad = ~(np.isfinite(rows) & (rows >= 0)).all(axis=1)
    if bad.any():
        row = int(np.argmax(bad))
        msg = f"target probabilities must be finite and >= 0; row {row} is {rows[row]}"
        raise ValueError(msg)
    eps = row_epsilon(rows)
    tolerance = np.minimum(k * eps, np.sqrt(eps))
    off = rows.sum(axis=1, dtype=np.float64) - 1.0
    wrong = np.abs(off) > tolerance
    if wrong.any():
        row = int(np.argmax(wrong))
        precision = {2**-52: "float64", 2**-23: "float32", 2**-10: "float16"}[float(eps[row])]
        msg = (
            f"target probability rows must sum to 1; row {row} has sum - 1 = {off[row]:.3g}, "
            f"beyond the tolerance {tolerance[row]:.3g} (K = {k} values of {precision} precision)"
        )
        raise ValueError(msg)
    return target


def split_target(
    target: object, shape: tuple[int, ...]
) -> tuple[npt.NDArray[np.intp] | None, FloatArray | None]:
    """Return ``(labels, None)`` or ``(None, probability rows)`` for logits of ``shape``.

    Raises:
        TypeError: for a target that is neither integer nor float, float labels (a float target
            of the labels' shape), or a masked array.
        ValueError: for labels of the wrong shape or outside ``[0, K)``, integer rows of the
            logits' shape (one-hot rows must be floats), or bad probability rows.
    """
    t = as_array(target, "target")
    if t.size == 0 and not isinstance(target, np.ndarray):
        t = t.astype(np.intp)  # [] for no samples: no labels, not float64 ones
    k = shape[-1]
    if t.dtype.kind in "iu":
        if t.shape != shape[:-1]:
            expected = "a scalar label" if len(shape) == 1 else f"shape (N,) = {shape[:-1]}"
            msg = (
                f"target of class labels must be {expected} for logits of shape {shape}; "
                f"got shape {t.shape}"
            )
            if t.shape == shape:  # integer one-hot rows
                msg += (
                    ", the logits' shape: probability (one-hot) rows must be floats, "
                    "target.astype(float); or pass the labels, target.argmax(axis=-1)"
                )
            raise ValueError(msg)
        return as_labels(t, k, "target"), None
    if t.dtype.kind == "f" and t.shape == shape[:-1]:
        # The shape of class labels with a float dtype: rejected even for integral values
        # (see multiclass._validation.as_labels).
        msg = (
            f"target of class labels must have an integer dtype; got {t.dtype} "
            f"(convert integral floats with .astype(int)); a target of probabilities must "
            f"have the logits' shape {shape}"
        )
        raise TypeError(msg)
    if t.dtype.kind == "f":
        return None, check_probability_rows(as_float_array(t, "target"), shape)
    msg = f"target must be integer class labels or float probability rows; got dtype {t.dtype}"
    raise TypeError(msg)

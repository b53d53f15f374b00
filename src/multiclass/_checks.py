"""Argument checks for the training code: samples, labels, counts and rates.

They follow :mod:`multiclass._validation`: ``TypeError`` for the wrong kind of value,
``ValueError`` for the right kind with a wrong value, and a message that names the argument.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from multiclass._validation import FloatArray, as_float_array, as_labels, as_real


def as_samples(X: object, num_features: int | None = None, name: str = "X") -> FloatArray:
    """Return samples as a 2-D float array of shape (N, D) with N >= 1 and finite entries.

    Raises:
        TypeError: if ``X`` is not real-valued.
        ValueError: if ``X`` is not 2-D, has no rows, has the wrong number of features, or holds
            a nan or an infinity (naming the first offender).
    """
    array = as_float_array(X, name)
    if array.ndim != 2:
        msg = f"{name} must have shape (N, D); got shape {array.shape}"
        raise ValueError(msg)
    if array.shape[0] == 0:
        msg = f"{name} must hold at least one sample; got shape {array.shape}"
        raise ValueError(msg)
    if num_features is not None and array.shape[1] != num_features:
        msg = f"{name} must have D = {num_features} features; got shape {array.shape}"
        raise ValueError(msg)
    finite = np.isfinite(array)
    if not finite.all():
        first = tuple(int(i) for i in np.argwhere(~finite)[0])
        msg = f"{name} must be finite; got {array[first]} at index {first}"
        raise ValueError(msg)
    return array


def as_sample_labels(y: object, num_samples: int, num_classes: int) -> npt.NDArray[np.intp]:
    """Return labels of shape (N,), integers in [0, K), for N samples.

    Raises:
        TypeError: if the labels are not integers.
        ValueError: for a wrong shape or a label outside [0, K).
    """
    labels = as_labels(y, num_classes, "y")
    if labels.shape != (num_samples,):
        msg = f"y must have shape (N,) = ({num_samples},) to match X; got shape {labels.shape}"
        raise ValueError(msg)
    return labels


def check_nonnegative(value: object, name: str) -> float:
    """Return ``value`` as a finite float >= 0.

    Raises:
        TypeError: if it is not a real number.
        ValueError: if it is negative, nan or infinite.
    """
    number = as_real(value, name, "a real number >= 0")
    if not (np.isfinite(number) and number >= 0.0):
        msg = f"{name} must be a finite number >= 0; got {number}"
        raise ValueError(msg)
    return number

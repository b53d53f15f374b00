"""Argument checks for the models and their training: samples, labels, parameters and rates.

They follow :mod:`multiclass._validation`: ``TypeError`` for the wrong kind of value,
``ValueError`` for the right kind with a wrong value, and a message that names the argument.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from multiclass._validation import (
    FloatArray,
    as_bool,
    as_float_array,
    as_labels,
    as_real,
    as_rng,
    check_positive_int,
)

#: Advice that every message about overflow or slow training repeats.
STANDARDISE = "standardise X (zero mean, unit variance per feature)"


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
    _check_finite(array, name)
    return array


def _check_finite(array: FloatArray, name: str) -> None:
    finite = np.isfinite(array)
    if not finite.all():
        first = tuple(int(i) for i in np.argwhere(~finite)[0])
        msg = f"{name} must be finite; got {array[first]} at index {first}"
        raise ValueError(msg)


def as_parameter(value: object, name: str, shape: tuple[int, ...]) -> FloatArray:
    """Return a model's parameter (set by the model or by hand) as a finite float64 array.

    Raises:
        TypeError: if it is not an array of real numbers.
        ValueError: if its shape differs from ``shape`` or an entry is nan or infinite.
    """
    array = as_float_array(value, name)
    if array.shape != shape:
        msg = f"{name} must have shape {shape} to match the model's sizes; got {array.shape}"
        raise ValueError(msg)
    _check_finite(array, name)
    return np.asarray(array, dtype=np.float64)


def as_sample_labels(
    labels: object, num_samples: int, num_classes: int, names: tuple[str, str] = ("labels", "X")
) -> npt.NDArray[np.intp]:
    """Return labels of shape (N,), integers in [0, K), for N samples.

    ``names`` are the caller's names of the labels and of their samples, for messages.

    Raises:
        TypeError: if the labels are not integers.
        ValueError: for a wrong shape or a label outside [0, K).
    """
    name, samples = names
    labels = as_labels(labels, num_classes, name)
    if labels.shape != (num_samples,):
        msg = (
            f"{name} must have shape (N,) = ({num_samples},) to match {samples}; "
            f"got shape {labels.shape}"
        )
        raise ValueError(msg)
    return labels


def early_stopping(
    validation: object, patience: object, num_features: int, num_classes: int
) -> tuple[tuple[FloatArray, npt.NDArray[np.intp]] | None, int | None]:
    """Check ``fit``'s validation data ``(X_val, labels_val)`` and its ``patience``.

    Returns:
        The validation samples as float64 and their labels (or ``None``), and the patience
        (or ``None``).

    Raises:
        TypeError: if ``validation`` is not a pair, its parts are not samples and integer
            labels, or ``patience`` is not an integer.
        ValueError: for parts of the wrong shape or values, ``patience < 1``, or a
            ``patience`` without validation data.
    """
    checked = None
    if validation is not None:
        if not isinstance(validation, tuple | list) or len(validation) != 2:
            msg = f"validation must be a pair (X_val, labels_val); got {validation!r:.80}"
            raise TypeError(msg)
        X_val = as_samples(validation[0], num_features, "validation X_val")
        labels = as_sample_labels(
            validation[1], X_val.shape[0], num_classes, ("validation labels_val", "X_val")
        )
        checked = (np.asarray(X_val, dtype=np.float64), labels)
    if patience is None:
        return checked, None
    epochs = check_positive_int(patience, "patience")
    if checked is None:
        msg = (
            "patience needs validation data: early stopping keeps the epoch with the lowest "
            "validation loss; pass validation=(X_val, labels_val)"
        )
        raise ValueError(msg)
    return checked, epochs


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


def check_positive(value: object, name: str) -> float:
    """Return ``value`` as a finite float > 0 (a step length).

    Raises:
        TypeError: if it is not a real number.
        ValueError: if it is not finite and positive.
    """
    number = as_real(value, name, "a real number > 0")
    if not (math.isfinite(number) and number > 0.0):
        msg = f"{name} must be a finite number > 0; got {number}"
        raise ValueError(msg)
    return number


def check_momentum(value: object) -> float:
    """Return a momentum coefficient in [0, 1).

    Raises:
        TypeError: if it is not a real number.
        ValueError: if it lies outside [0, 1).
    """
    beta = as_real(value, "momentum", "a number in [0, 1)")
    if not 0.0 <= beta < 1.0:
        msg = f"momentum must be in [0, 1); got {beta}"
        raise ValueError(msg)
    return beta


def check_scores(Z: FloatArray, X: FloatArray) -> FloatArray:
    """Return the scores ``Z`` computed from ``X`` if they are finite.

    Raises:
        ValueError: naming ``X`` when a score overflowed float64 (or became nan on the way).
    """
    if not np.all(np.isfinite(Z)):
        top = float(np.max(np.abs(X)))
        msg = (
            f"the scores overflow float64 for these samples (the largest |entry| of X is "
            f"{top:.3g}); {STANDARDISE}"
        )
        raise ValueError(msg)
    return Z


def fit_options(
    step: object,
    momentum: object,
    nesterov: object,
    seed: object,
    max_epochs: object,
    tol: object,
    *,
    auto: float | None,
    names: tuple[str, str] = ("step", "max_epochs"),
) -> tuple[float | None, float | None, bool, np.random.Generator, dict[str, Any]]:
    """Check the options every ``fit`` shares; ``"auto"`` momentum becomes ``auto``.

    ``names`` are the caller's names of the step and of the epoch cap, for messages and advice.

    Returns:
        The step (or ``None``), the momentum, the Nesterov flag, the generator, and the keyword
        arguments of :func:`multiclass.training.train`.

    Raises:
        TypeError: for a value of the wrong kind, naming the argument.
        ValueError: for a value out of its range, naming the argument.
    """
    step_name, epochs_name = names
    rate = None if step is None else check_positive(step, step_name)
    if isinstance(momentum, str):
        if momentum != "auto":
            msg = f"momentum must be a number in [0, 1) or 'auto'; got {momentum!r}"
            raise ValueError(msg)
        beta = auto
    else:
        beta = check_momentum(momentum)
    options = {
        "max_epochs": check_positive_int(max_epochs, epochs_name),
        "tol": check_nonnegative(tol, "tol"),
        "advice": f"{STANDARDISE}, raise {epochs_name}, or take a smaller {step_name}",
    }
    return rate, beta, as_bool(nesterov, "nesterov"), as_rng(seed), options

"""Argument checks shared by every public function.

Each check raises ``TypeError`` (wrong kind of value) or ``ValueError`` (right kind, wrong value)
with a message that names the argument and says what was expected, so that a caller never meets
an ``IndexError`` from deep inside numpy.
"""

from __future__ import annotations

import math
import operator
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

Reduction = Literal["mean", "sum", "none"]
REDUCTIONS: tuple[str, ...] = ("mean", "sum", "none")

FloatArray = npt.NDArray[np.floating[Any]]


def as_float_array(value: object, name: str) -> FloatArray:
    """Return ``value`` as a float16/32/64 array, promoting bool and integers to float64.

    The result may share memory with ``value``: callers only read it and always allocate
    their outputs.

    Raises:
        TypeError: if ``value`` is not an array of real numbers (complex, object, string, ...).
    """
    array = np.asarray(value)
    kind = array.dtype.kind
    if kind in "biu":
        return array.astype(np.float64)
    if kind == "f" and array.dtype.itemsize <= 8:
        return array
    msg = (
        f"{name} must be an array of real numbers (bool, integer, float16, float32 or float64); "
        f"got dtype {array.dtype}"
    )
    raise TypeError(msg)


def normalize_axis(axis: object, ndim: int, name: str) -> int:
    """Return ``axis`` as a non-negative index into an array with ``ndim`` dimensions.

    Raises:
        TypeError: if ``axis`` is not an integer.
        ValueError: if ``name`` is 0-d or ``axis`` is out of range.
    """
    index = as_int(axis, "axis")
    if ndim == 0:
        msg = f"{name} must have at least 1 dimension (a vector of scores); got a 0-d array"
        raise ValueError(msg)
    if not -ndim <= index < ndim:
        msg = f"axis {index} is out of range for {name} with {ndim} dimension(s)"
        raise ValueError(msg)
    return int(index % ndim)


def check_reduction(reduction: object) -> Reduction:
    """Return ``reduction`` if it is one of ``"mean"``, ``"sum"``, ``"none"``.

    Raises:
        ValueError: for any other value.
    """
    if not isinstance(reduction, str) or reduction not in REDUCTIONS:
        msg = f"reduction must be one of 'mean', 'sum', 'none'; got {reduction!r}"
        raise ValueError(msg)
    return reduction  # type: ignore[return-value]


def as_int(value: object, name: str, expected: str = "an integer") -> int:
    """Return ``value`` as an ``int``: Python and numpy integers, never ``bool`` or floats.

    Raises:
        TypeError: naming ``name`` and ``expected`` when ``value`` is not an integer.
    """
    if isinstance(value, bool | np.bool_):
        msg = f"{name} must be {expected}; got {value!r}"
        raise TypeError(msg)
    try:
        return int(operator.index(value))  # type: ignore[arg-type]
    except TypeError:
        msg = f"{name} must be {expected}; got {type(value).__name__} {value!r}"
        raise TypeError(msg) from None


def as_real(value: object, name: str, expected: str = "a real number") -> float:
    """Return ``value`` as a ``float``: Python and numpy integers and floats, never ``bool``.

    An integer beyond the float range (``10**400``) becomes an infinity of its sign, as any
    float operation would round it, instead of raising ``OverflowError``.

    Raises:
        TypeError: naming ``name`` and ``expected`` when ``value`` is not a real number.
    """
    if isinstance(value, bool | np.bool_) or not isinstance(
        value, int | float | np.integer | np.floating
    ):
        msg = f"{name} must be {expected}; got {type(value).__name__} {value!r}"
        raise TypeError(msg)
    try:
        return float(value)
    except OverflowError:  # a Python int of more than about 1024 bits
        return math.inf if value > 0 else -math.inf


def check_temperature(value: object, name: str = "temperature") -> float:
    """Return a softmax temperature ``T >= 0`` as a ``float`` (0 and +inf stand for the limits).

    Raises:
        TypeError: if it is not a real number (``bool`` and strings included).
        ValueError: if it is negative or nan.
    """
    number = as_real(value, name, "a real number >= 0")
    if not number >= 0.0:  # nan fails this test too
        msg = f"{name} must be a real number >= 0 (0 gives the argmax limit); got {number}"
        raise ValueError(msg)
    return number


def check_unit_interval(value: object, name: str) -> float:
    """Return ``value`` as a ``float`` in ``[0, 1]`` (a probability or a mixing weight).

    Raises:
        TypeError: if it is not a real number.
        ValueError: if it lies outside ``[0, 1]`` (nan included).
    """
    number = as_real(value, name, "a number in [0, 1]")
    if not 0.0 <= number <= 1.0:
        msg = f"{name} must be in [0, 1]; got {number}"
        raise ValueError(msg)
    return number


def check_positive_int(value: object, name: str, minimum: int = 1) -> int:
    """Return ``value`` as an ``int`` that is at least ``minimum``.

    Raises:
        TypeError: if it is not an integer (``bool`` included).
        ValueError: if it is smaller than ``minimum``.
    """
    number = as_int(value, name, f"an integer >= {minimum}")
    if number < minimum:
        msg = f"{name} must be an integer >= {minimum}; got {number}"
        raise ValueError(msg)
    return number


def check_num_classes(num_classes: object) -> int:
    """Return ``num_classes`` as a positive ``int``.

    Raises:
        TypeError: if it is not an integer (``bool`` included).
        ValueError: if it is not positive.
    """
    k = as_int(num_classes, "num_classes", "a positive integer")
    if k <= 0:
        msg = f"num_classes must be a positive integer; got {k}"
        raise ValueError(msg)
    return k


def as_labels(labels: object, num_classes: int, name: str = "labels") -> npt.NDArray[np.intp]:
    """Return integer class labels, each checked to lie in ``[0, num_classes)``.

    Float labels are rejected even when their values are integral (``2.0``): a float array in a
    label slot is far more often a probability table or a bug than a deliberate choice.

    Raises:
        TypeError: if the labels do not have an integer dtype.
        ValueError: if a label lies outside ``[0, num_classes)``, naming the first offender.
    """
    array = np.asarray(labels)
    if array.dtype.kind not in "iu":
        msg = f"{name} must be integer class indices; got dtype {array.dtype}" + (
            " (convert integral floats with .astype(int))" if array.dtype.kind == "f" else ""
        )
        raise TypeError(msg)
    bad = (array < 0) | (array >= num_classes)
    if np.any(bad):
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        where = first[0] if len(first) == 1 else first
        msg = f"{name} must be integers in [0, {num_classes}); got {array[first]} at index {where}"
        raise ValueError(msg)
    return array.astype(np.intp, copy=False)


def as_bool(value: object, name: str) -> bool:
    """Return ``value`` if it is a ``bool`` (Python or numpy); no other value stands for one.

    ``"no"``, ``0`` and ``None`` are refused: a truthiness test would read ``"no"`` as true.

    Raises:
        TypeError: naming ``name`` when ``value`` is not a bool.
    """
    if not isinstance(value, bool | np.bool_):
        msg = f"{name} must be True or False; got {type(value).__name__} {value!r}"
        raise TypeError(msg)
    return bool(value)


def as_rng(seed: object, name: str = "seed") -> np.random.Generator:
    """Return a ``numpy.random.Generator`` from a seed: ``None``, an integer >= 0, or a generator.

    A generator is returned as it is (its state advances as it is used); ``None`` draws fresh
    entropy from the operating system. Bools, floats, strings and negative integers are refused,
    so that ``seed=True`` is not silently taken as 1.

    Raises:
        TypeError: if ``seed`` is none of these kinds.
        ValueError: if it is a negative integer.
    """
    if seed is None or isinstance(seed, np.random.Generator):
        return np.random.default_rng(seed)
    number = as_int(seed, name, "None, an integer >= 0 or a numpy.random.Generator")
    if number < 0:
        msg = f"{name} must be None, an integer >= 0 or a numpy.random.Generator; got {number}"
        raise ValueError(msg)
    return np.random.default_rng(number)

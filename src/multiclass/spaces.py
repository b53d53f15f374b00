r"""Search spaces: the range of each hyperparameter, with its grid and its sampling distribution.

A *search space* maps each hyperparameter's name to a dimension: :class:`Uniform` or
:class:`LogUniform` for a real number, :class:`IntUniform` or :class:`IntLogUniform` for an
integer (a width, a depth), or a :class:`Choice` among listed values (a plain list or tuple is
taken as one). Each has ``grid(num)``, at most ``num`` distinct values from low to high, and
``sample(rng)``, one draw; every value lies within ``[low, high]`` whatever the bounds, and
integer dimensions give Python ``int`` values. Nothing overflows for finite bounds: a point of
a range is $(1 - t)\,\text{low} + t\,\text{high}$, not $\text{low} + t\,(\text{high} -
\text{low})$; of a logarithmic range $\exp((1 - t) \log \text{low} + t \log \text{high})$,
with the midpoint $\sqrt{\text{low}}\sqrt{\text{high}}$, not $\sqrt{\text{low} \cdot \text{high}}$.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from multiclass._validation import as_int, as_real, check_positive_int

__all__ = ["Choice", "IntLogUniform", "IntUniform", "LogUniform", "Uniform"]

_INT64 = (-(2**63), 2**63 - 1)


def _real_bounds(low: object, high: object, name: str) -> tuple[float, float]:
    lo, hi = (as_real(value, f"{name} bounds", "real numbers") for value in (low, high))
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        msg = f"{name} needs finite bounds with low < high; got low={lo}, high={hi}"
        raise ValueError(msg)
    return lo, hi


def _int_bounds(low: object, high: object, name: str) -> tuple[int, int]:
    lo, hi = (as_int(value, f"{name} bounds", "integers") for value in (low, high))
    if not (_INT64[0] <= lo < hi <= _INT64[1]):
        msg = f"{name} needs integer bounds with low < high in [-2**63, 2**63 - 1]; got {lo}, {hi}"
        raise ValueError(msg)
    return lo, hi


def _store(dimension: object, low: object, high: object) -> None:
    """Replace the bounds of a frozen dimension by their checked values."""
    object.__setattr__(dimension, "low", low)
    object.__setattr__(dimension, "high", high)


def _between(values: Any, low: float, high: float) -> list[float]:
    """Floats clipped to [low, high] (rounding may step an ulp outside), each kept once."""
    return list(dict.fromkeys(min(max(float(v), low), high) for v in np.atleast_1d(values)))


def _range_grid(
    at: Callable[[Any], Any], middle: float, low: float, high: float, num: object
) -> list[float]:
    """``at(t)`` for ``num`` evenly spaced t in [0, 1] (``middle`` for one), ends exact, distinct."""
    n = check_positive_int(num, "num")
    if n == 1:
        return _between(middle, low, high)
    values = at(np.linspace(0.0, 1.0, n))
    values[0], values[-1] = low, high
    return _between(values, low, high)


@dataclass(frozen=True)
class Uniform:
    r"""A real hyperparameter $\theta \sim \mathcal{U}[\text{low}, \text{high}]$; a grid spaces it evenly.

    Raises:
        TypeError: if a bound is not a real number.
        ValueError: if a bound is not finite or ``low >= high``.

    Examples:
        >>> from multiclass import Uniform
        >>> print(Uniform(0.0, 1.0).grid(3))
        [0.0, 0.5, 1.0]
        >>> print(Uniform(-1e308, 1e308).grid(3))  # no width, no overflow
        [-1e+308, 0.0, 1e+308]
    """

    low: float
    high: float

    def __post_init__(self) -> None:
        _store(self, *_real_bounds(self.low, self.high, "Uniform"))

    def _at(self, t: Any) -> Any:
        return (1.0 - t) * self.low + t * self.high

    def sample(self, rng: np.random.Generator) -> float:
        """One value drawn uniformly from ``[low, high]``."""
        return _between(self._at(rng.random()), self.low, self.high)[0]

    def grid(self, num: int) -> list[float]:
        """At most ``num`` distinct evenly spaced values from low to high (the midpoint for 1)."""
        middle = 0.5 * self.low + 0.5 * self.high
        return _range_grid(self._at, middle, self.low, self.high, num)


@dataclass(frozen=True)
class LogUniform:
    r"""A positive hyperparameter with $\log\theta \sim \mathcal{U}[\log \text{low}, \log \text{high}]$.

    Raises:
        TypeError: if a bound is not a real number.
        ValueError: if a bound is not finite, ``low >= high`` or ``low <= 0``.

    Examples:
        >>> from multiclass import LogUniform
        >>> print(LogUniform(0.01, 1.0).grid(3))
        [0.01, 0.1, 1.0]
        >>> print(LogUniform(1e200, 1e300).grid(1))  # sqrt(low * high) would overflow
        [1e+250]
    """

    low: float
    high: float

    def __post_init__(self) -> None:
        lo, hi = _real_bounds(self.low, self.high, "LogUniform")
        if lo <= 0:
            msg = f"LogUniform needs low > 0; got low={lo}"
            raise ValueError(msg)
        _store(self, lo, hi)

    def _at(self, t: Any) -> Any:
        with np.errstate(over="ignore"):  # exp(log(high)) may round past the largest float
            return np.exp((1.0 - t) * math.log(self.low) + t * math.log(self.high))

    def sample(self, rng: np.random.Generator) -> float:
        """One value with a uniform logarithm."""
        return _between(self._at(rng.random()), self.low, self.high)[0]

    def grid(self, num: int) -> list[float]:
        """At most ``num`` distinct values evenly spaced in logarithm (geometric midpoint for 1)."""
        middle = math.sqrt(self.low) * math.sqrt(self.high)  # three roundings, no overflow
        return _range_grid(self._at, middle, self.low, self.high, num)


@dataclass(frozen=True)
class IntUniform:
    r"""An integer hyperparameter $\theta \sim \mathcal{U}\{\text{low}, \dots, \text{high}\}$ (both ends included).

    ``grid(num)`` gives $\min(\text{num}, \text{high} - \text{low} + 1)$ distinct integers,
    evenly spaced and rounded, from low to high. Values are Python ``int``.

    Raises:
        TypeError: if a bound is not an integer (``bool`` and ``2.0`` included).
        ValueError: if ``low >= high`` or a bound lies outside the 64-bit range.

    Examples:
        >>> from multiclass import IntUniform
        >>> print(IntUniform(1, 10).grid(4), IntUniform(1, 3).grid(5))
        [1, 4, 7, 10] [1, 2, 3]
    """

    low: int
    high: int

    def __post_init__(self) -> None:
        _store(self, *_int_bounds(self.low, self.high, "IntUniform"))

    def sample(self, rng: np.random.Generator) -> int:
        """One integer, each of low..high with probability 1 / (high - low + 1)."""
        return int(rng.integers(self.low, self.high, endpoint=True))

    def grid(self, num: int) -> list[int]:
        """Distinct integers low + round(i (high - low) / (num - 1)), in exact arithmetic."""
        n = min(check_positive_int(num, "num"), self.high - self.low + 1)
        if n == 1:
            return [(self.low + self.high) // 2]
        width, steps = self.high - self.low, n - 1
        # round(x) as floor(x + 1/2) with integers: exact for any bounds, and strictly
        # increasing since the spacing width / steps is at least 1.
        return [self.low + (2 * i * width + steps) // (2 * steps) for i in range(n)]


@dataclass(frozen=True)
class IntLogUniform:
    r"""A positive integer hyperparameter, log-uniform over the integers: $P(k) \propto \log\frac{k + 1/2}{k - 1/2}$.

    $\theta$ is $\exp(x)$ rounded to the nearest integer, with $x$ uniform on
    $[\log(\text{low} - \tfrac12), \log(\text{high} + \tfrac12)]$: the distribution of
    Optuna's ``suggest_int(low, high, log=True)``, so that each integer gets the share of the
    logarithmic range that rounds to it. ``grid(num)`` gives $\min(\text{num}, \text{high} -
    \text{low} + 1)$ distinct integers, the geometric sequence from low to high rounded and,
    where rounding would repeat a value, moved up by one. Values are Python ``int``.

    Raises:
        TypeError: if a bound is not an integer.
        ValueError: if ``low < 1``, ``low >= high``, or ``high`` lies outside the 64-bit range.

    References:
        T. Akiba, S. Sano, T. Yanase, T. Ohta, M. Koyama, "Optuna: A Next-generation
        Hyperparameter Optimization Framework", KDD 2019, doi:10.1145/3292500.3330701.

    Examples:
        >>> from multiclass import IntLogUniform
        >>> print(IntLogUniform(8, 256).grid(6), IntLogUniform(1, 1000).grid(6))
        [8, 16, 32, 64, 128, 256] [1, 4, 16, 63, 251, 1000]
    """

    low: int
    high: int

    def __post_init__(self) -> None:
        lo, hi = _int_bounds(self.low, self.high, "IntLogUniform")
        if lo < 1:
            msg = f"IntLogUniform needs low >= 1; got low={lo}"
            raise ValueError(msg)
        _store(self, lo, hi)

    def sample(self, rng: np.random.Generator) -> int:
        """One integer k with probability log((k + 1/2) / (k - 1/2)) / log((high + 1/2) / (low - 1/2))."""
        x = rng.uniform(math.log(self.low - 0.5), math.log(self.high + 0.5))
        return min(max(round(math.exp(x)), self.low), self.high)

    def grid(self, num: int) -> list[int]:
        """Distinct integers from low to high, spaced evenly in logarithm (see the class)."""
        n = min(check_positive_int(num, "num"), self.high - self.low + 1)
        if n == 1:  # the geometric midpoint, kept inside [low, high] near 2**63
            return [
                min(max(round(math.sqrt(self.low) * math.sqrt(self.high)), self.low), self.high)
            ]
        ratio = (math.log(self.high) - math.log(self.low)) / (n - 1)
        values = [self.low]
        for i in range(1, n):
            point = self.high if i == n - 1 else round(self.low * math.exp(i * ratio))
            # Strictly above the previous value, and leaving room for the ones still to come.
            values.append(min(max(point, values[-1] + 1), self.high - (n - 1 - i)))
        return values


@dataclass(frozen=True)
class Choice:
    r"""A hyperparameter taking one of $m$ ``values``, each drawn with probability $1/m$.

    ``values`` is a list, a tuple, a range or a 1-D array of the options, stored as a tuple.
    A string is refused rather than split into its letters, and so is a set (its order, hence
    the draws of a seed, would change between runs).

    Raises:
        TypeError: if ``values`` is not a sequence of values (a number, a string, a set, ...).
        ValueError: if there are no values.

    Examples:
        >>> from multiclass import Choice
        >>> print(Choice(("relu", "tanh")).grid(5))
        ['relu', 'tanh']
    """

    values: tuple[Any, ...]

    def __post_init__(self) -> None:
        values: object = self.values
        if isinstance(values, np.ndarray) and values.ndim == 1:
            values = values.tolist()
        if isinstance(values, str | bytes) or not isinstance(values, Sequence):
            hint = f" (for the single value write Choice(({values!r},)))"
            msg = (
                f"Choice takes a list or tuple of values; got {type(values).__name__} "
                f"{values!r}" + (hint if not isinstance(values, set | frozenset | dict) else "")
            )
            raise TypeError(msg)
        if len(values) == 0:
            msg = "Choice needs at least one value; got none"
            raise ValueError(msg)
        object.__setattr__(self, "values", tuple(values))

    def sample(self, rng: np.random.Generator) -> Any:
        """One of the values, each with probability 1 / len(values)."""
        return self.values[int(rng.integers(len(self.values)))]

    def grid(self, num: int) -> list[Any]:
        """All the values (a grid tries each choice, whatever ``num``)."""
        check_positive_int(num, "num")
        return list(self.values)

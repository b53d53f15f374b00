r"""Hyperparameter search: try settings, score each on validation data, keep every trial.

A *search space* maps each hyperparameter's name to a :class:`Choice` of values, a
:class:`Uniform` range or a :class:`LogUniform` range (a plain list or tuple is taken as a
:class:`Choice`). :func:`grid_search` tries every combination of a few values per
hyperparameter; :func:`random_search` draws ``n_trials`` settings independently. Both call
``objective(params)`` once per setting and return every :class:`Trial` sorted best first.

When only a few hyperparameters matter, a grid of $n$ trials over $d$ hyperparameters tries
only $n^{1/d}$ distinct values of each, while $n$ random trials try $n$ distinct values of each
(Bergstra & Bengio 2012), and $n$ random trials land in the best fraction $q$ of the space with
probability $1 - (1 - q)^n$ (:func:`hit_probability`).

References:
    J. Bergstra, Y. Bengio, "Random Search for Hyper-Parameter Optimization", Journal of
    Machine Learning Research 13 (2012) 281-305, https://jmlr.org/papers/v13/bergstra12a.html.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from multiclass._checks import as_samples
from multiclass._validation import (
    FloatArray,
    as_labels,
    as_real,
    check_positive_int,
    check_unit_interval,
)

__all__ = [
    "Choice",
    "LogUniform",
    "Trial",
    "Uniform",
    "grid_points",
    "grid_search",
    "hit_probability",
    "holdout_split",
    "random_points",
    "random_search",
]

Direction = Literal["minimize", "maximize"]


def _bounds(low: object, high: object, name: str) -> tuple[float, float]:
    lo, hi = (as_real(value, f"{name} bounds", "real numbers") for value in (low, high))
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        msg = f"{name} needs finite bounds with low < high; got low={lo}, high={hi}"
        raise ValueError(msg)
    return lo, hi


@dataclass(frozen=True)
class Uniform:
    r"""A real hyperparameter $\theta \sim \mathcal{U}[\text{low}, \text{high}]$; a grid spaces it evenly.

    Raises:
        TypeError: if a bound is not a real number.
        ValueError: if a bound is not finite or ``low >= high``.

    Examples:
        >>> from multiclass.search import Uniform
        >>> print(Uniform(0.0, 1.0).grid(3))
        [0.0, 0.5, 1.0]
    """

    low: float
    high: float

    def __post_init__(self) -> None:
        _bounds(self.low, self.high, "Uniform")

    def sample(self, rng: np.random.Generator) -> float:
        """One value drawn uniformly."""
        return float(rng.uniform(self.low, self.high))

    def grid(self, num: int) -> list[float]:
        """``num`` evenly spaced values from low to high (the midpoint when ``num == 1``)."""
        if num == 1:
            return [0.5 * (self.low + self.high)]
        return [float(v) for v in np.linspace(self.low, self.high, num)]


@dataclass(frozen=True)
class LogUniform:
    r"""A positive hyperparameter with $\log\theta \sim \mathcal{U}[\log \text{low}, \log \text{high}]$.

    Raises:
        TypeError: if a bound is not a real number.
        ValueError: if a bound is not finite, ``low >= high`` or ``low <= 0``.

    Examples:
        >>> from multiclass.search import LogUniform
        >>> print(LogUniform(0.01, 1.0).grid(3))
        [0.01, 0.1, 1.0]
    """

    low: float
    high: float

    def __post_init__(self) -> None:
        lo, _ = _bounds(self.low, self.high, "LogUniform")
        if lo <= 0:
            msg = f"LogUniform needs low > 0; got low={lo}"
            raise ValueError(msg)

    def sample(self, rng: np.random.Generator) -> float:
        """One value with a uniform logarithm."""
        return float(np.exp(rng.uniform(np.log(self.low), np.log(self.high))))

    def grid(self, num: int) -> list[float]:
        """``num`` values evenly spaced in logarithm (the geometric midpoint when ``num == 1``)."""
        if num == 1:
            return [float(np.sqrt(self.low * self.high))]
        return [float(v) for v in np.geomspace(self.low, self.high, num)]


@dataclass(frozen=True)
class Choice:
    r"""A hyperparameter taking one of $m$ ``values``, each drawn with probability $1/m$.

    Raises:
        ValueError: if there are no values.

    Examples:
        >>> from multiclass.search import Choice
        >>> print(Choice(("relu", "tanh")).grid(5))
        ['relu', 'tanh']
    """

    values: tuple[Any, ...]

    def __post_init__(self) -> None:
        if len(self.values) == 0:
            msg = "Choice needs at least one value; got none"
            raise ValueError(msg)

    def sample(self, rng: np.random.Generator) -> Any:
        """One of the values, each with probability 1 / len(values)."""
        return self.values[int(rng.integers(len(self.values)))]

    def grid(self, num: int) -> list[Any]:  # noqa: ARG002 - a choice lists all its values
        """All the values (a grid tries each choice)."""
        return list(self.values)


Dimension = Uniform | LogUniform | Choice


@dataclass(frozen=True)
class Trial:
    """One evaluated setting.

    Attributes:
        params: The hyperparameters passed to the objective.
        score: What the objective returned (nan if it returned nan; such trials sort last).
        seconds: The wall-clock time of the objective's call.
        index: The position of the trial in the order it was run.
    """

    params: dict[str, Any]
    score: float
    seconds: float
    index: int


def _space(space: object) -> dict[str, Dimension]:
    if not isinstance(space, Mapping):
        msg = f"space must be a mapping from names to Choice, Uniform or LogUniform; got {type(space).__name__}"
        raise TypeError(msg)
    if not space:
        msg = "space must name at least one hyperparameter; got an empty space"
        raise ValueError(msg)
    dims: dict[str, Dimension] = {}
    for name, dim in space.items():
        if not isinstance(name, str):
            msg = f"space keys must be hyperparameter names (str); got {name!r}"
            raise TypeError(msg)
        if isinstance(dim, list | tuple):
            dims[name] = Choice(tuple(dim))
        elif isinstance(dim, Uniform | LogUniform | Choice):
            dims[name] = dim
        else:
            msg = (
                f"space[{name!r}] must be a Choice, Uniform, LogUniform, list or tuple; "
                f"got {type(dim).__name__}"
            )
            raise TypeError(msg)
    return dims


def _direction(direction: object) -> Direction:
    if direction == "minimize":
        return "minimize"
    if direction == "maximize":
        return "maximize"
    msg = f"direction must be 'minimize' or 'maximize'; got {direction!r}"
    raise ValueError(msg)


def grid_points(space: Mapping[str, Any], points_per_range: int = 3) -> list[dict[str, Any]]:
    r"""The grid $G_1 \times \dots \times G_d$ of each hyperparameter's grid values, first name slowest.

    Args:
        space: The search space.
        points_per_range: Values per :class:`Uniform` or :class:`LogUniform` range (>= 1); a
            :class:`Choice` contributes all its values.

    Returns:
        The settings, as dictionaries.

    Raises:
        TypeError: if ``space`` is not a mapping of dimensions.
        ValueError: for an empty space or ``points_per_range < 1``.

    Examples:
        >>> from multiclass.search import Uniform, grid_points
        >>> print(grid_points({"a": [1, 2], "b": Uniform(0.0, 1.0)}, points_per_range=2))
        [{'a': 1, 'b': 0.0}, {'a': 1, 'b': 1.0}, {'a': 2, 'b': 0.0}, {'a': 2, 'b': 1.0}]
    """
    dims = _space(space)
    num = check_positive_int(points_per_range, "points_per_range")
    names = list(dims)
    axes = [dims[name].grid(num) for name in names]
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*axes)]


def random_points(
    space: Mapping[str, Any], n_trials: int, seed: int | np.random.Generator | None = 0
) -> list[dict[str, Any]]:
    r"""Draws $\theta_1, \dots, \theta_n$, each hyperparameter independent from its distribution.

    Args:
        space: The search space.
        n_trials: The number of settings (>= 1).
        seed: Seed or ``numpy.random.Generator``: the same seed gives the same settings.

    Returns:
        The settings, as dictionaries.

    Raises:
        TypeError: if ``space`` is not a mapping of dimensions.
        ValueError: for an empty space or ``n_trials < 1``.

    Examples:
        >>> from multiclass.search import random_points
        >>> print(random_points({"depth": [1, 2, 3]}, 4, seed=0))
        [{'depth': 3}, {'depth': 2}, {'depth': 2}, {'depth': 1}]
    """
    dims = _space(space)
    n = check_positive_int(n_trials, "n_trials")
    rng = np.random.default_rng(seed)
    return [{name: dim.sample(rng) for name, dim in dims.items()} for _ in range(n)]


def _run(points: list[dict[str, Any]], objective: object, direction: Direction) -> list[Trial]:
    if not callable(objective):
        msg = f"objective must be callable as objective(params); got {type(objective).__name__}"
        raise TypeError(msg)
    trials = []
    for index, params in enumerate(points):
        start = time.perf_counter()
        score = float(objective(dict(params)))
        trials.append(Trial(params, score, time.perf_counter() - start, index))
    sign = 1.0 if direction == "minimize" else -1.0

    def key(trial: Trial) -> tuple[bool, float, int]:
        nan = math.isnan(trial.score)
        return (nan, 0.0 if nan else sign * trial.score, trial.index)

    return sorted(trials, key=key)


def grid_search(
    space: Mapping[str, Any],
    objective: Callable[[dict[str, Any]], float],
    *,
    points_per_range: int = 3,
    direction: Direction = "minimize",
) -> list[Trial]:
    r"""Grid search, $\hat\theta = \arg\min_{\theta \in G_1 \times \dots \times G_d} f(\theta)$ over the grid of :func:`grid_points`.

    Args:
        space: The search space.
        objective: Called as ``objective(params)`` with a dict; returns a score (for example a
            validation loss, or a validation accuracy with ``direction="maximize"``).
        points_per_range: Values per continuous range (>= 1).
        direction: ``"minimize"`` or ``"maximize"`` the score.

    Returns:
        Every trial, best first (ties in run order; nan scores last).

    Raises:
        TypeError: for a space that is not a mapping of dimensions, or a non-callable objective.
        ValueError: for an empty space, ``points_per_range < 1`` or an unknown direction.

    Examples:
        >>> from multiclass.search import grid_search
        >>> best = grid_search({"x": [-1.0, 0.5, 2.0]}, lambda p: (p["x"] - 0.4) ** 2)[0]
        >>> print(best.params)
        {'x': 0.5}
    """
    way = _direction(direction)
    return _run(grid_points(space, points_per_range), objective, way)


def random_search(
    space: Mapping[str, Any],
    objective: Callable[[dict[str, Any]], float],
    n_trials: int,
    seed: int | np.random.Generator | None = 0,
    *,
    direction: Direction = "minimize",
) -> list[Trial]:
    r"""Random search, $\hat\theta = \arg\min_{i \le n} f(\theta_i)$ with $\theta_i$ drawn by :func:`random_points`.

    Args:
        space: The search space.
        objective: Called as ``objective(params)``; returns a score.
        n_trials: The budget (>= 1).
        seed: Seed or generator: the same seed gives the same trials.
        direction: ``"minimize"`` or ``"maximize"`` the score.

    Returns:
        Every trial, best first (ties in run order; nan scores last).

    Raises:
        TypeError: for a space that is not a mapping of dimensions, or a non-callable objective.
        ValueError: for an empty space, ``n_trials < 1`` or an unknown direction.

    Examples:
        >>> from multiclass.search import LogUniform, random_search
        >>> trials = random_search({"lr": LogUniform(1e-3, 1.0)}, lambda p: abs(p["lr"] - 0.1), 20)
        >>> print(len(trials), trials[0].score <= trials[-1].score)
        20 True
    """
    way = _direction(direction)
    return _run(random_points(space, n_trials, seed), objective, way)


def hit_probability(n_trials: int, q: float) -> float:
    r"""The probability $1 - (1 - q)^n$ that one of $n$ independent draws lands in a region of mass $q$.

    Args:
        n_trials: $n \ge 0$.
        q: The region's probability under the sampling distribution, in $[0, 1]$.

    Returns:
        $1 - (1 - q)^n$, computed as ``-expm1(n * log1p(-q))`` to keep small values exact.

    Raises:
        TypeError: for a non-integer ``n_trials``.
        ValueError: for ``n_trials < 0`` or ``q`` outside $[0, 1]$.

    Examples:
        >>> from multiclass.search import hit_probability
        >>> print(round(hit_probability(60, 0.05), 3))
        0.954
    """
    n = check_positive_int(n_trials, "n_trials", minimum=0)
    mass = check_unit_interval(q, "q")
    if mass == 1.0:
        return 1.0 if n > 0 else 0.0
    return float(-np.expm1(n * np.log1p(-mass)))


def holdout_split(
    X: npt.ArrayLike,
    y: npt.ArrayLike,
    fraction: float = 0.2,
    seed: int | np.random.Generator | None = 0,
) -> tuple[FloatArray, npt.NDArray[np.intp], FloatArray, npt.NDArray[np.intp]]:
    r"""Stratified holdout split: $\operatorname{round}(f\,N_k)$ of the $N_k$ samples of each class $k$ are held out.

    Returns ``X_rest, y_rest, X_holdout, y_holdout``, shuffled.

    Each class contributes ``round(fraction * count)`` of its samples to the holdout part (at
    least one and at most all but one, for a class with two or more samples), so both parts keep
    the class proportions. Call it once to set a test set aside, then again on the rest to get
    training and validation data: a search then sees only those two, never the test set.

    Args:
        X: Samples, shape ``(N, D)``, finite.
        y: Labels, shape ``(N,)``, non-negative integers.
        fraction: The holdout share, strictly between 0 and 1.
        seed: Seed or ``numpy.random.Generator`` for the shuffle.

    Returns:
        Four new arrays; every sample lands in exactly one part.

    Raises:
        TypeError: for non-numeric ``X`` or non-integer ``y``.
        ValueError: for wrong shapes, negative labels, non-finite ``X``, or ``fraction``
            outside (0, 1).

    Examples:
        >>> import numpy as np
        >>> from multiclass.search import holdout_split
        >>> X = np.arange(20.0).reshape(10, 2)
        >>> y = np.array([0] * 5 + [1] * 5)
        >>> X_rest, y_rest, X_hold, y_hold = holdout_split(X, y, 0.4, seed=0)
        >>> print(len(y_rest), len(y_hold), np.bincount(y_hold))
        6 4 [2 2]
    """
    X_ = as_samples(X)
    labels = np.asarray(y)
    if labels.shape != (X_.shape[0],):
        msg = f"y must have shape (N,) = ({X_.shape[0]},) to match X; got shape {labels.shape}"
        raise ValueError(msg)
    labels = as_labels(labels, int(labels.max()) + 1 if labels.size else 1, "y")
    share = as_real(fraction, "fraction", "a number in (0, 1)")
    if not 0.0 < share < 1.0:
        msg = f"fraction must be in (0, 1); got {share}"
        raise ValueError(msg)
    rng = np.random.default_rng(seed)
    holdout: list[npt.NDArray[np.intp]] = []
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        count = round(share * members.size)
        if members.size >= 2:
            count = min(max(count, 1), members.size - 1)
        holdout.append(members[:count])
    hold = np.sort(np.concatenate(holdout)).astype(np.intp)
    mask = np.zeros(labels.size, dtype=bool)
    mask[hold] = True
    rest = rng.permutation(np.flatnonzero(~mask))
    hold = rng.permutation(hold)
    return X_[rest].copy(), labels[rest].copy(), X_[hold].copy(), labels[hold].copy()

r"""Hyperparameter search: try settings, score each on validation data, keep every trial.

A *search space* (:mod:`multiclass.spaces`) maps each hyperparameter's name to a dimension:
:class:`~multiclass.spaces.Uniform`, :class:`~multiclass.spaces.LogUniform`,
:class:`~multiclass.spaces.IntUniform`, :class:`~multiclass.spaces.IntLogUniform` or a
:class:`~multiclass.spaces.Choice` (a plain list or tuple is taken as a Choice).
:func:`grid_search` tries every combination of a few values per hyperparameter;
:func:`random_search` draws ``n_trials`` settings independently. Both call
``objective(params)`` once per setting, check that it returns a real number, and return every
:class:`Trial` sorted best first.

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

from multiclass._validation import (
    as_real,
    as_rng,
    check_positive_int,
    check_unit_interval,
)
from multiclass.spaces import Choice, IntLogUniform, IntUniform, LogUniform, Uniform

__all__ = [
    "Trial",
    "grid_points",
    "grid_search",
    "hit_probability",
    "random_points",
    "random_search",
]

Direction = Literal["minimize", "maximize"]
Dimension = Uniform | LogUniform | IntUniform | IntLogUniform | Choice


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
    """Check a search space: a non-empty mapping from names to dimensions (lists become Choices).

    Raises:
        TypeError: for a space that is not a mapping, a key that is not a string, or a value
            that is not a dimension, a list or a tuple.
        ValueError: for an empty space, or an empty list of choices.
    """
    if not isinstance(space, Mapping):
        msg = f"space must be a mapping from names to dimensions; got {type(space).__name__}"
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
        elif isinstance(dim, Uniform | LogUniform | IntUniform | IntLogUniform | Choice):
            dims[name] = dim
        else:
            msg = (
                f"space[{name!r}] must be a Choice, Uniform, LogUniform, IntUniform, "
                f"IntLogUniform, list or tuple; got {type(dim).__name__}"
            )
            raise TypeError(msg)
    return dims


def _score(value: object, params: dict[str, Any]) -> float:
    """The objective's return value as a float: a real number or a 0-d real array, never bool.

    Raises:
        TypeError: for None, a string (even ``"1.5"``), a list, a bool or an array of several
            numbers, naming the setting that produced it.
    """
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        return float(value)
    if isinstance(value, bool | np.bool_) or not isinstance(
        value, int | float | np.integer | np.floating
    ):
        msg = (
            f"objective must return a real number (the score); got {type(value).__name__} "
            f"{value!r} for params {params}"
        )
        raise TypeError(msg)
    return as_real(value, "objective's score")


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
        points_per_range: Values per range (>= 1): evenly spaced for a real range, distinct
            integers for an integer range (all of them when there are no more than that);
            a :class:`~multiclass.spaces.Choice` contributes all its values.

    Returns:
        The settings, as dictionaries.

    Raises:
        TypeError: if ``space`` is not a mapping of dimensions.
        ValueError: for an empty space or ``points_per_range < 1``.

    Examples:
        >>> from multiclass import Uniform, grid_points
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
        seed: ``None``, an integer >= 0 or a ``numpy.random.Generator``: the same seed gives
            the same settings.

    Returns:
        The settings, as dictionaries.

    Raises:
        TypeError: if ``space`` is not a mapping of dimensions, or ``seed`` is not a seed.
        ValueError: for an empty space, ``n_trials < 1`` or a negative seed.

    Examples:
        >>> from multiclass.search import random_points
        >>> print(random_points({"depth": [1, 2, 3]}, 4, seed=0))
        [{'depth': 3}, {'depth': 2}, {'depth': 2}, {'depth': 1}]
    """
    dims = _space(space)
    n = check_positive_int(n_trials, "n_trials")
    rng = as_rng(seed)
    return [{name: dim.sample(rng) for name, dim in dims.items()} for _ in range(n)]


def _run(points: list[dict[str, Any]], objective: object, direction: Direction) -> list[Trial]:
    if not callable(objective):
        msg = f"objective must be callable as objective(params); got {type(objective).__name__}"
        raise TypeError(msg)
    trials = []
    for index, params in enumerate(points):
        start = time.perf_counter()
        score = _score(objective(dict(params)), params)
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
        TypeError: for a space that is not a mapping of dimensions, a non-callable objective,
            or an objective that returns anything but a real number (None, a list, ``"1.5"``).
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
        seed: ``None``, an integer >= 0 or a generator: the same seed gives the same trials.
        direction: ``"minimize"`` or ``"maximize"`` the score.

    Returns:
        Every trial, best first (ties in run order; nan scores last).

    Raises:
        TypeError: for a space that is not a mapping of dimensions, a non-callable objective,
            an objective that returns anything but a real number, or a bad ``seed``.
        ValueError: for an empty space, ``n_trials < 1``, a negative seed or an unknown
            direction.

    Examples:
        >>> from multiclass import LogUniform, random_search
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
        $1 - (1 - q)^n$, computed as ``-expm1(n * log1p(-q))`` to keep small values exact;
        1 for any $n$ too large for a float and $q > 0$.

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
    if n == 0 or mass == 0.0:
        return 0.0
    if mass == 1.0:
        return 1.0
    # n beyond 2**1000 (10**400 raised OverflowError in float(n)): n log1p(-q) is below
    # -2**1000 * 2**-53 for every float q in (0, 1), and expm1 of it is -1.
    exponent = -math.inf if n > 2**1000 else n * math.log1p(-mass)
    return -math.expm1(exponent)

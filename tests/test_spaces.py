"""Search spaces: grids and draws of every dimension (src/multiclass/spaces.py)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from multiclass import MLP, Choice, IntLogUniform, IntUniform, LogUniform, Uniform

HUGE = float(np.finfo(np.float64).max)
INT64 = (-(2**63), 2**63 - 1)


def real_ranges(positive: bool = False) -> st.SearchStrategy[tuple[float, float]]:
    """Finite bounds low < high anywhere in float64 (positive ones for a logarithmic range)."""
    low = 5e-324 if positive else -HUGE
    bounds = st.floats(low, HUGE, allow_nan=False, allow_infinity=False)
    return st.tuples(bounds, bounds).filter(lambda b: b[0] != b[1]).map(sorted).map(tuple)


def int_ranges(low: int = INT64[0]) -> st.SearchStrategy[tuple[int, int]]:
    """Integer bounds low < high in the 64-bit range, wide and narrow ones alike."""
    bounds = st.integers(low, INT64[1])
    return st.tuples(bounds, bounds).filter(lambda b: b[0] != b[1]).map(sorted).map(tuple)


def check_grid(values: list[Any], low: Any, high: Any, num: int, kind: type) -> None:
    assert 1 <= len(values) <= num
    assert len(set(values)) == len(values)  # distinct
    assert all(type(v) is kind and low <= v <= high for v in values)
    if num > 1 and len(values) > 1:
        assert values[0] == low
        assert values[-1] == high
        assert values == sorted(values)


@pytest.mark.parametrize("dimension", [Uniform, LogUniform], ids=lambda d: d.__name__)
@given(data=st.data(), num=st.integers(1, 12), seed=st.integers(0, 2**32 - 1))
def test_real_grids_and_draws_lie_within_the_bounds(
    dimension: Any, data: st.DataObject, num: int, seed: int
) -> None:
    low, high = data.draw(real_ranges(positive=dimension is LogUniform))
    space = dimension(low, high)
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # no overflow, no nan
        check_grid(space.grid(num), low, high, num, float)
        rng = np.random.default_rng(seed)
        draws = [space.sample(rng) for _ in range(20)]
    assert all(type(v) is float and low <= v <= high for v in draws)


@pytest.mark.parametrize(
    ("space", "num", "expected"),
    [
        (LogUniform(1e200, 1e300), 1, [1e250]),  # was [inf]
        (Uniform(-HUGE, HUGE), 1, [0.0]),  # low + high would not overflow, but the width would
        (Uniform(-HUGE, HUGE), 3, [-HUGE, 0.0, HUGE]),
        (Uniform(1e308, HUGE), 1, [0.5 * 1e308 + 0.5 * HUGE]),  # low + high overflows
        (LogUniform(0.01, 1.0), 3, [0.01, 0.1, 1.0]),
    ],
)
def test_range_grids_at_the_extremes(space: Any, num: int, expected: list[float]) -> None:
    assert space.grid(num) == pytest.approx(expected, rel=4 * np.finfo(float).eps)


def check_integer_dimension(space: Any, num: int, seed: int) -> None:
    values = space.grid(num)
    check_grid(values, space.low, space.high, num, int)
    assert len(values) == min(num, space.high - space.low + 1)  # as many as asked, or all
    rng = np.random.default_rng(seed)
    draws = [space.sample(rng) for _ in range(20)]
    assert all(type(v) is int and space.low <= v <= space.high for v in draws)


@given(bounds=int_ranges(), num=st.integers(1, 40), seed=st.integers(0, 2**32 - 1))
@example(bounds=(INT64[0], INT64[1]), num=3, seed=0)
def test_integer_uniform_grids_are_distinct_python_ints_within_the_bounds(
    bounds: tuple[int, int], num: int, seed: int
) -> None:
    check_integer_dimension(IntUniform(*bounds), num, seed)


@given(bounds=int_ranges(low=1), num=st.integers(1, 40), seed=st.integers(0, 2**32 - 1))
@example(bounds=(1, 1000), num=20, seed=0)  # rounding repeats values at the low end
@example(bounds=(2**63 - 2, 2**63 - 1), num=1, seed=0)  # the midpoint rounds to 2**63
def test_integer_log_grids_are_distinct_python_ints_within_the_bounds(
    bounds: tuple[int, int], num: int, seed: int
) -> None:
    check_integer_dimension(IntLogUniform(*bounds), num, seed)


@given(low=st.integers(1, 50), width=st.integers(1, 30), num=st.integers(2, 8))
def test_integer_log_grid_follows_the_geometric_sequence_where_it_can(
    low: int, width: int, num: int
) -> None:
    high = low + width
    values = IntLogUniform(low, high).grid(num)
    ratio = (math.log(high) - math.log(low)) / (len(values) - 1) if len(values) > 1 else 0.0
    geometric = [low * math.exp(i * ratio) for i in range(len(values))]
    # Each point is the rounded geometric point, moved only as far as distinctness requires:
    # never below it by more than a half, and above it only where the one before is taken.
    for i, (value, point) in enumerate(zip(values, geometric, strict=True)):
        assert value >= round(point) - (len(values) - 1 - i)
        assert value <= max(round(point), values[i - 1] + 1 if i else low)


def chi_square_critical(dof: int) -> float:
    """An upper bound of the 1 - 1e-6 quantile of chi-square with ``dof`` degrees of freedom.

    Wilson-Hilferty with z = 5 (the 1 - 2.9e-7 normal quantile), plus 10% for the
    approximation error at small dof: a false alarm far less often than once in a million.
    """
    z = 5.0
    return 1.1 * dof * (1 - 2 / (9 * dof) + z * math.sqrt(2 / (9 * dof))) ** 3


@pytest.mark.parametrize(
    ("space", "probability"),
    [
        (IntUniform(-3, 7), lambda _: 1 / 11),
        (
            IntLogUniform(1, 40),
            # Optuna's suggest_int(log=True): exp(uniform(log(low - 1/2), log(high + 1/2))),
            # rounded; k gets the share of the log range that rounds to it.
            lambda k: math.log((k + 0.5) / (k - 0.5)) / math.log(40.5 / 0.5),
        ),
        (IntLogUniform(8, 256), lambda k: math.log((k + 0.5) / (k - 0.5)) / math.log(256.5 / 7.5)),
    ],
    ids=["IntUniform(-3, 7)", "IntLogUniform(1, 40)", "IntLogUniform(8, 256)"],
)
def test_integer_draws_follow_their_distribution(space: Any, probability: Any) -> None:
    n = 40_000
    rng = np.random.default_rng(2012)  # fixed: the test is deterministic
    counts: dict[int, int] = {}
    for _ in range(n):
        k = space.sample(rng)
        counts[k] = counts.get(k, 0) + 1
    support = range(space.low, space.high + 1)
    assert set(counts) <= set(support)
    expected = np.array([n * probability(k) for k in support])
    assert expected.sum() == pytest.approx(n, rel=1e-12)  # the probabilities sum to 1
    observed = np.array([counts.get(k, 0) for k in support])
    statistic = float(np.sum((observed - expected) ** 2 / expected))
    assert statistic < chi_square_critical(len(support) - 1)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: Choice(5), TypeError, r"Choice takes a list or tuple.*Choice\(\(5,\)\)"),
        (lambda: Choice("abc"), TypeError, r"got str 'abc'.*Choice\(\('abc',\)\)"),
        (lambda: Choice({1, 2}), TypeError, r"got set"),
        (lambda: Choice({"a": 1}), TypeError, r"got dict"),
        (lambda: Choice(()), ValueError, "at least one value"),
        (lambda: IntUniform(1, 8.0), TypeError, "IntUniform bounds must be integers"),
        (lambda: IntUniform(True, 8), TypeError, "IntUniform bounds must be integers"),
        (lambda: IntUniform(3, 3), ValueError, "low < high"),
        (lambda: IntUniform(0, 2**64), ValueError, r"\[-2\*\*63, 2\*\*63 - 1\]"),
        (lambda: IntLogUniform(0, 8), ValueError, "low >= 1"),
        (lambda: LogUniform(0.0, 1.0), ValueError, "low > 0"),
        (lambda: Uniform(0.0, float("inf")), ValueError, "finite bounds"),
        (lambda: Uniform(0.0, "1"), TypeError, "Uniform bounds must be real numbers"),
        (lambda: Uniform(0.0, 1.0).grid(0), ValueError, "num must be an integer >= 1"),
        (lambda: IntUniform(0, 9).grid(2.0), TypeError, "num must be an integer"),
    ],
)
def test_bad_dimensions_are_refused_by_name(call, error, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=match):
        call()


def test_choice_keeps_its_values_as_a_tuple_of_python_values() -> None:
    assert Choice([1, 2]).values == (1, 2)
    assert Choice(range(3)).values == (0, 1, 2)
    values = Choice(np.array([8, 16])).values
    assert values == (8, 16)
    assert all(type(v) is int for v in values)


@given(seed=st.integers(0, 2**16))
def test_integer_widths_build_an_mlp(seed: int) -> None:
    # A LogUniform width is a float, which MLP refuses; an IntLogUniform width is an int.
    width = IntLogUniform(8, 256).sample(np.random.default_rng(seed))
    assert MLP([2, width, 3], seed=0).predict(np.zeros((1, 2))).shape == (1,)

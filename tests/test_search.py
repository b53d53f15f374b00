"""Grid and random search, their objectives and seeds (src/multiclass/search.py)."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from multiclass import (
    Choice,
    LogUniform,
    Uniform,
    grid_points,
    grid_search,
    hit_probability,
    random_points,
    random_search,
)
from tests import strategies as s


# --8<-- [start:random-search-hit-probability]
@pytest.mark.claim("random-search-hit-probability")
@pytest.mark.parametrize(("n", "q"), [(1, 0.05), (10, 0.05), (30, 0.1), (60, 0.05), (5, 0.5)])
def test_random_trials_hit_the_best_fraction_with_the_stated_probability(n: int, q: float) -> None:
    repeats = 3000
    # One hyperparameter x ~ U(0, 1); "the best q-fraction" is x < q. Run 3000 searches.
    points = random_points({"x": Uniform(0.0, 1.0)}, n_trials=n * repeats, seed=n)
    x = np.array([p["x"] for p in points]).reshape(repeats, n)
    frequency = np.mean((x < q).any(axis=1))
    p = hit_probability(n, q)
    # The formula, against 50-digit arithmetic.
    exact = 1 - (1 - mpmath.mpf(q)) ** n
    assert p == pytest.approx(float(exact), rel=1e-14)
    # The simulation: a binomial frequency is within 5 standard errors of p (a false alarm
    # once in ~3.5 million runs; the seeds are fixed, so the test is deterministic).
    assert abs(frequency - p) <= 5 * np.sqrt(p * (1 - p) / repeats)


# --8<-- [end:random-search-hit-probability]


# --8<-- [start:grid-versus-random-distinct-values]
@pytest.mark.claim("grid-versus-random-distinct-values")
@given(st.integers(2, 4), st.integers(2, 5), st.integers(0, 2**16))
@example(2, 3, 0)
def test_random_search_tries_more_values_of_each_hyperparameter(d: int, m: int, seed: int) -> None:
    space = {f"h{i}": Uniform(0.0, 1.0) for i in range(d)}
    n = m**d
    grid = grid_points(space, points_per_range=m)
    drawn = random_points(space, n_trials=n, seed=seed)
    assert len(grid) == len(drawn) == n
    for name in space:
        assert len({p[name] for p in grid}) == m  # = n ** (1 / d)
        assert len({p[name] for p in drawn}) == n  # continuous draws never repeat in practice


# --8<-- [end:grid-versus-random-distinct-values]


def test_searches_return_every_trial_best_first_and_reproducibly() -> None:
    space = {"x": Uniform(-2.0, 2.0), "c": Choice((0.0, 1.0)), "lr": LogUniform(1e-3, 1.0)}

    def objective(p: dict[str, float]) -> float:
        return (p["x"] - 0.3) ** 2 + p["c"] + abs(np.log10(p["lr"]) + 1)

    grid = grid_search(space, objective, points_per_range=4)
    assert len(grid) == 4 * 2 * 4
    scores = [t.score for t in grid]
    assert scores == sorted(scores)
    assert sorted(t.index for t in grid) == list(range(len(grid)))
    assert all(t.seconds >= 0 for t in grid)
    a = random_search(space, objective, n_trials=25, seed=3)
    b = random_search(space, objective, n_trials=25, seed=3)
    assert [t.params for t in a] == [t.params for t in b]
    assert [t.score for t in a] == sorted(t.score for t in a)
    best = random_search(space, lambda p: -objective(p), 25, seed=3, direction="maximize")
    assert best[0].params == a[0].params


@given(st.lists(st.integers(0, 3), min_size=1, max_size=20), st.integers(0, 2**32 - 1))
@example([1, 1, 1], 0)  # all tied: the order in which they ran
def test_equal_scores_keep_the_order_they_were_run_in(scores: list[int], seed: int) -> None:
    # The model-choice page: a tie goes to the setting tried first. Integer scores: exact ties.
    space = {"x": Uniform(0.0, 1.0)}
    order = iter(range(len(scores)))

    def objective(_params: dict[str, float]) -> float:  # the next score, whatever the params
        return float(scores[next(order)])

    trials = random_search(space, objective, n_trials=len(scores), seed=seed)
    assert [(t.score, t.index) for t in trials] == sorted(
        (float(v), i) for i, v in enumerate(scores)
    )
    assert [t.params for t in trials] == [
        random_points(space, len(scores), seed=seed)[t.index] for t in trials
    ]


def test_log_uniform_draws_are_uniform_in_the_logarithm() -> None:
    points = random_points({"lr": LogUniform(1e-4, 1.0)}, n_trials=20000, seed=0)
    logs = np.log10([p["lr"] for p in points])
    counts = np.histogram(logs, bins=4, range=(-4, 0))[0]
    # Each bin expects 5000 with standard deviation ~61; 5 of them is 306.
    assert np.all(np.abs(counts - 5000) < 306)
    assert grid_points({"lr": LogUniform(1e-4, 1.0)}, 3) == [
        {"lr": pytest.approx(1e-4)},
        {"lr": pytest.approx(1e-2)},
        {"lr": pytest.approx(1.0)},
    ]


def test_nan_scores_sort_last() -> None:
    trials = grid_search({"x": [1.0, 2.0, 3.0]}, lambda p: np.nan if p["x"] == 1.0 else p["x"])
    assert [t.params["x"] for t in trials] == [2.0, 3.0, 1.0]


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: grid_search({}, lambda _: 0.0), ValueError, "empty space"),
        (lambda: random_search({}, lambda _: 0.0, 3), ValueError, "empty space"),
        (lambda: grid_search([("x", [1])], lambda _: 0.0), TypeError, "space must be a mapping"),
        (lambda: grid_search({"x": 3}, lambda _: 0.0), TypeError, r"space\['x'\] must be"),
        (lambda: grid_search({"x": [1]}, 3), TypeError, "objective must be callable"),
        (lambda: random_search({"x": [1]}, lambda _: 0.0, 0), ValueError, "n_trials must be"),
        (lambda: grid_search({"x": [1]}, lambda _: 0.0, direction="up"), ValueError, "direction"),
        (lambda: Uniform(1.0, 1.0), ValueError, "low < high"),
        (lambda: Uniform(0.0, float("inf")), ValueError, "finite bounds"),
        (lambda: LogUniform(0.0, 1.0), ValueError, "low > 0"),
        (lambda: Choice(()), ValueError, "at least one value"),
        (lambda: hit_probability(3, 1.5), ValueError, r"q must be in \[0, 1\]"),
        (lambda: hit_probability(-1, 0.5), ValueError, "n_trials must be an integer >= 0"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(call, error, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize(
    "returned",
    [None, [1.0], "1.5", True, np.array([1.0, 2.0]), {"score": 1.0}, 1 + 2j],
    ids=repr,
)
def test_an_objective_must_return_a_real_number(returned: object) -> None:
    with pytest.raises(TypeError, match=r"objective must return a real number.*for params"):
        grid_search({"x": [1, 2]}, lambda _: returned)


@pytest.mark.parametrize(
    ("returned", "score"),
    [(2, 2.0), (np.float32(0.5), 0.5), (np.array(0.25), 0.25), (np.int64(3), 3.0), (np.nan, None)],
    ids=repr,
)
def test_real_scores_of_any_kind_are_taken_as_floats(returned: object, score: float) -> None:
    (trial,) = grid_search({"x": [1]}, lambda _: returned)
    assert isinstance(trial.score, float)
    assert trial.score == score if score is not None else np.isnan(trial.score)


@pytest.mark.parametrize(
    "call",
    [
        lambda seed: random_points({"x": [1, 2]}, 3, seed=seed),
        lambda seed: random_search({"x": [1, 2]}, lambda p: p["x"], 3, seed=seed),
    ],
    ids=["random_points", "random_search"],
)
@given(seed=s.bad_seeds())
@example(seed=True)  # was taken as 1
@example(seed="abc")  # was numpy's SeedSequence error
def test_bad_seeds_are_refused_by_name(call, seed) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises((TypeError, ValueError), match=r"seed must be None, an integer >= 0"):
        call(seed)


@given(
    n=st.integers(0, 10**500),
    q=st.floats(0.0, 1.0),
)
@example(n=10**400, q=0.1)  # raised OverflowError
@example(n=2**1000, q=2**-53)
def test_hit_probability_is_a_probability_for_any_number_of_trials(n: int, q: float) -> None:
    p = hit_probability(n, q)
    assert 0.0 <= p <= 1.0
    # 1 - (1 - q)^n grows with n; a tenth of the trials never does better.
    assert hit_probability(n // 10, q) <= p
    if n > 2**60 and q > 2**-50:
        assert p == 1.0  # (1 - q)^n < exp(-2**10): far below half an ulp of 1

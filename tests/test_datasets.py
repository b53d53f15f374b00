"""The shipped iris data, the seeded 2-D generators and the holdout split (src/multiclass/datasets.py)."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sklearn.datasets import load_iris as sklearn_load_iris

from multiclass import Dataset, holdout_split, load_iris, make_blobs, make_moons, make_spirals
from tests import strategies as s


def test_iris_equals_scikit_learns_copy() -> None:
    ours, theirs = load_iris(), sklearn_load_iris()
    # The CSV holds the one-decimal values as text; parsing gives the same float64 numbers.
    np.testing.assert_array_equal(ours.X, theirs.data)
    np.testing.assert_array_equal(ours.labels, theirs.target)
    assert ours.class_names == tuple(theirs.target_names)


def test_iris_has_150_flowers_50_per_species() -> None:
    iris = load_iris()
    assert iris.X.shape == (150, 4)
    assert iris.X.dtype == np.float64
    np.testing.assert_array_equal(np.bincount(iris.labels), [50, 50, 50])
    assert iris.num_classes == 3
    assert iris.feature_names == (
        "sepal_length_cm",
        "sepal_width_cm",
        "petal_length_cm",
        "petal_width_cm",
    )


def test_iris_csv_and_its_source_note_ship_inside_the_package() -> None:
    data = resources.files("multiclass").joinpath("data")
    assert data.joinpath("iris.csv").is_file()
    note = data.joinpath("README.md").read_text(encoding="utf-8")
    assert "doi:10.1111/j.1469-1809.1936.tb02137.x" in note
    assert "Licence" in note


@pytest.mark.parametrize(
    ("make", "kwargs", "shape", "counts"),
    [
        (make_blobs, {"n_per_class": 7, "num_classes": 5}, (35, 2), [7] * 5),
        (make_spirals, {"n_per_class": 9, "num_classes": 3}, (27, 2), [9] * 3),
        (make_moons, {"n_per_class": 6}, (12, 2), [6, 6]),
    ],
)
def test_generators_are_seeded_and_balanced(make, kwargs, shape, counts) -> None:  # type: ignore[no-untyped-def]
    a, b, c = make(**kwargs, seed=1), make(**kwargs, seed=1), make(**kwargs, seed=2)
    assert a.X.shape == shape
    np.testing.assert_array_equal(np.bincount(a.labels), counts)
    np.testing.assert_array_equal(a.X, b.X)
    assert not np.array_equal(a.X, c.X)
    assert len(a.class_names) == len(counts)


def test_blobs_gather_around_their_centres() -> None:
    data = make_blobs(n_per_class=4000, num_classes=3, spread=0.5, seed=0)
    angles = 2 * np.pi * np.arange(3) / 3
    centres = 4 * np.column_stack([np.cos(angles), np.sin(angles)])
    for k in range(3):
        mean = data.X[data.labels == k].mean(axis=0)
        # The mean of 4000 draws with sigma 0.5 is off by 0.5 / sqrt(4000) ~ 0.008 per
        # coordinate (one standard error); 0.05 is six of them.
        np.testing.assert_allclose(mean, centres[k], atol=0.05)


def test_noise_free_spiral_points_lie_at_their_radius() -> None:
    data = make_spirals(n_per_class=11, num_classes=2, noise=0.0)
    radii = np.hypot(data.X[:, 0], data.X[:, 1])
    np.testing.assert_allclose(radii, np.tile(np.linspace(0, 1, 11), 2), atol=1e-15)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: make_blobs(n_per_class=0), ValueError, "n_per_class must be an integer >= 1"),
        (lambda: make_blobs(num_classes=1), ValueError, "num_classes must be an integer >= 2"),
        (lambda: make_blobs(spread=-1.0), ValueError, "spread must be a finite number >= 0"),
        (lambda: make_spirals(noise=float("inf")), ValueError, "noise must be a finite number"),
        (lambda: make_moons(n_per_class=2.5), TypeError, "n_per_class must be an integer"),
        (lambda: make_moons(noise="a"), TypeError, "noise must be a real number"),
    ],
)
def test_generators_reject_bad_arguments(call, error, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=match):
        call()


def test_datasets_compare_by_value() -> None:
    iris = load_iris()
    assert iris == load_iris()  # numpy's "truth value is ambiguous" before
    assert iris != make_blobs()
    changed = Dataset(iris.X.copy(), iris.labels.copy(), iris.feature_names, iris.class_names)
    assert changed == iris
    changed.X[0, 0] += 1.0
    assert changed != iris
    assert (
        Dataset(iris.X.astype(np.float32), iris.labels, iris.feature_names, iris.class_names)
        != iris
    )
    with pytest.raises(TypeError, match="unhashable"):
        hash(iris)


GENERATORS = {"make_blobs": make_blobs, "make_spirals": make_spirals, "make_moons": make_moons}


@pytest.mark.parametrize("name", list(GENERATORS))
@given(seed=s.bad_seeds())
@example(seed=True)
@example(seed="abc")
def test_generators_refuse_bad_seeds_by_name(name: str, seed: object) -> None:
    with pytest.raises((TypeError, ValueError), match=r"seed must be None, an integer >= 0"):
        GENERATORS[name](seed=seed)


@pytest.mark.parametrize("name", list(GENERATORS))
@given(scale=st.floats(0.0, allow_infinity=False))
@example(scale=1e308)
def test_generators_give_finite_points_or_refuse_the_scale(name: str, scale: float) -> None:
    keyword = "spread" if name == "make_blobs" else "noise"
    try:
        data = GENERATORS[name](n_per_class=20, **{keyword: scale})
    except ValueError as error:  # only when the points overflow: say which argument
        assert str(error).startswith(f"{keyword} = ")  # noqa: PT017
        assert scale > 1e300  # sigma times a normal draw passes the largest float
    else:
        assert np.isfinite(data.X).all()


# --8<-- [start:holdout-split-is-a-partition]
@pytest.mark.claim("holdout-split-is-a-partition")
@given(s.classification_data(max_n=40, max_k=5), st.floats(0.05, 0.95), st.integers(0, 2**16))
def test_holdout_split_is_a_stratified_partition(data, fraction: float, seed: int) -> None:  # type: ignore[no-untyped-def]
    X, y, _ = data
    X = np.column_stack([np.arange(len(y)), X])  # tag each sample with its index
    X_rest, y_rest, X_hold, y_hold = holdout_split(X, y, fraction, seed=seed)
    tags = np.concatenate([X_rest[:, 0], X_hold[:, 0]])
    np.testing.assert_array_equal(np.sort(tags), np.arange(len(y)))  # each sample exactly once
    np.testing.assert_array_equal(X[tags.astype(int), 1:], np.vstack([X_rest, X_hold])[:, 1:])
    np.testing.assert_array_equal(y[tags.astype(int)], np.concatenate([y_rest, y_hold]))
    for label in np.unique(y):
        count = int(np.sum(y == label))
        expected = round(fraction * count)
        if count >= 2:
            expected = min(max(expected, 1), count - 1)
        assert int(np.sum(y_hold == label)) == expected


# --8<-- [end:holdout-split-is-a-partition]


@given(y=s.hostile_arrays(dtypes=tuple(d for d in s.HOSTILE_DTYPES if d.kind != "f"), max_dims=1))
@example(y=np.array([0, 2**64 - 1], dtype=np.uint64))  # wrapped to the label -1 before
def test_holdout_split_checks_labels_before_converting_them(y: np.ndarray) -> None:
    X = np.zeros((y.size, 1))
    if y.dtype.kind == "b":
        with pytest.raises(TypeError, match="labels must be integer class indices"):
            holdout_split(X, y)
    elif np.any((y < 0) | (y > np.iinfo(np.intp).max - 1)):
        with pytest.raises(ValueError, match=r"labels must be integers in \[0, "):
            holdout_split(X, y)
    else:
        *_, y_rest, _, y_hold = holdout_split(X, y, 0.5)
        np.testing.assert_array_equal(np.sort(np.concatenate([y_rest, y_hold])), np.sort(y))


@pytest.mark.parametrize(
    ("y", "error", "match"),
    [
        ([0, np.nan], TypeError, "got dtype float64"),
        ([0, None], TypeError, "got NoneType None at index 1"),
        (["a", "b"], TypeError, "got text"),
        (np.ma.masked_array([0, 1], mask=[0, 1]), TypeError, r"\.filled\("),
        ([[0], [1, 2]], ValueError, "ragged"),
        ([0, 1, 2], ValueError, r"labels must have shape \(N,\) = \(2,\)"),
    ],
    ids=repr,
)
def test_holdout_split_names_bad_labels(y: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        holdout_split(np.zeros((2, 1)), y)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"fraction": 1.0}, ValueError, "fraction must be in"),
        ({"fraction": "0.5"}, TypeError, "fraction must be"),
        ({"seed": -1}, ValueError, "seed must be"),
        ({"seed": 1.5}, TypeError, "seed must be"),
    ],
)
def test_holdout_split_names_bad_arguments(kwargs, error, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=match):
        holdout_split(np.zeros((4, 1)), np.arange(4) % 2, **kwargs)

"""The shipped iris data and the seeded 2-D generators (src/multiclass/datasets.py)."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest
from sklearn.datasets import load_iris as sklearn_load_iris

from multiclass import load_iris, make_blobs, make_moons, make_spirals


def test_iris_equals_scikit_learns_copy() -> None:
    ours, theirs = load_iris(), sklearn_load_iris()
    # The CSV holds the one-decimal values as text; parsing gives the same float64 numbers.
    np.testing.assert_array_equal(ours.X, theirs.data)
    np.testing.assert_array_equal(ours.y, theirs.target)
    assert ours.class_names == tuple(theirs.target_names)


def test_iris_has_150_flowers_50_per_species() -> None:
    iris = load_iris()
    assert iris.X.shape == (150, 4)
    assert iris.X.dtype == np.float64
    np.testing.assert_array_equal(np.bincount(iris.y), [50, 50, 50])
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
    np.testing.assert_array_equal(np.bincount(a.y), counts)
    np.testing.assert_array_equal(a.X, b.X)
    assert not np.array_equal(a.X, c.X)
    assert len(a.class_names) == len(counts)


def test_blobs_gather_around_their_centres() -> None:
    data = make_blobs(n_per_class=4000, num_classes=3, spread=0.5, seed=0)
    angles = 2 * np.pi * np.arange(3) / 3
    centres = 4 * np.column_stack([np.cos(angles), np.sin(angles)])
    for k in range(3):
        mean = data.X[data.y == k].mean(axis=0)
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

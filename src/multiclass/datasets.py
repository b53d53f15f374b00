r"""Data to learn from: the iris measurements shipped inside the package, and seeded 2-D generators.

Nothing is downloaded: :func:`load_iris` reads ``multiclass/data/iris.csv`` with
:mod:`importlib.resources`, and the generators draw from a ``numpy.random.Generator`` made from
their ``seed``, so the same seed gives the same points on every machine.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources

import numpy as np
import numpy.typing as npt

from multiclass._checks import check_nonnegative
from multiclass._validation import FloatArray, check_positive_int

__all__ = ["Dataset", "load_iris", "make_blobs", "make_moons", "make_spirals"]


@dataclass(frozen=True)
class Dataset:
    """Samples with their labels and names.

    Attributes:
        X: Features, shape ``(N, D)``, float64.
        y: Labels, shape ``(N,)``, integers in ``[0, K)``.
        feature_names: D names.
        class_names: K names; label ``k`` is ``class_names[k]``.
    """

    X: FloatArray
    y: npt.NDArray[np.intp]
    feature_names: tuple[str, ...]
    class_names: tuple[str, ...]

    @property
    def num_classes(self) -> int:
        """K, the number of classes."""
        return len(self.class_names)


def load_iris() -> Dataset:
    r"""Fisher's iris data: 150 flowers, $D = 4$ measurements in cm, $K = 3$ species.

    Returns:
        A :class:`Dataset` with ``X`` of shape ``(150, 4)`` (sepal length, sepal width, petal
        length, petal width) and ``y`` in ``{0, 1, 2}`` for setosa, versicolor and virginica,
        50 flowers each, in the file's order (by species).

    Raises:
        OSError: if the data file shipped inside the package is missing (a broken install).

    Note:
        Source and licence: ``multiclass/data/README.md``. Measured by E. Anderson; published by
        R. A. Fisher (1936); the values of Fisher's paper, as in scikit-learn's and R's copies.

    References:
        R. A. Fisher, "The use of multiple measurements in taxonomic problems", Annals of
        Eugenics 7 (1936) 179-188, doi:10.1111/j.1469-1809.1936.tb02137.x.

    Examples:
        >>> from multiclass import load_iris
        >>> iris = load_iris()
        >>> print(iris.X.shape, iris.class_names)
        (150, 4) ('setosa', 'versicolor', 'virginica')
    """
    text = resources.files("multiclass").joinpath("data", "iris.csv").read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    rows = [row for row in reader if row]
    class_names = tuple(dict.fromkeys(row[-1] for row in rows))
    X = np.array([[float(value) for value in row[:-1]] for row in rows])
    y = np.array([class_names.index(row[-1]) for row in rows], dtype=np.intp)
    return Dataset(X=X, y=y, feature_names=tuple(header[:-1]), class_names=class_names)


def _sizes(n_per_class: object, num_classes: object) -> tuple[int, int]:
    n = check_positive_int(n_per_class, "n_per_class")
    k = check_positive_int(num_classes, "num_classes", minimum=2)
    return n, k


def _labels(n: int, k: int) -> npt.NDArray[np.intp]:
    return np.repeat(np.arange(k, dtype=np.intp), n)


def make_blobs(
    n_per_class: int = 50,
    num_classes: int = 3,
    spread: float = 1.0,
    seed: int | np.random.Generator | None = 0,
) -> Dataset:
    r"""Gaussian blobs in the plane: class $k$ is $\mathcal N(\mu_k, \sigma^2 I)$, $\mu_k$ on a circle of radius 4.

    The centres are $\mu_k = 4\,(\cos(2\pi k / K), \sin(2\pi k / K))$.

    Args:
        n_per_class: Points per class (>= 1).
        num_classes: K >= 2.
        spread: $\sigma \ge 0$.
        seed: Seed or ``numpy.random.Generator``.

    Returns:
        A :class:`Dataset` with ``X`` of shape ``(K n, 2)``, class by class.

    Raises:
        TypeError: if a size is not an integer or ``spread`` not a number.
        ValueError: if ``n_per_class < 1``, ``num_classes < 2`` or ``spread < 0``.

    Examples:
        >>> from multiclass import make_blobs
        >>> data = make_blobs(n_per_class=10, num_classes=4, seed=1)
        >>> print(data.X.shape, data.y[:3], data.num_classes)
        (40, 2) [0 0 0] 4
    """
    n, k = _sizes(n_per_class, num_classes)
    sigma = check_nonnegative(spread, "spread")
    rng = np.random.default_rng(seed)
    angles = 2.0 * np.pi * np.arange(k) / k
    centres = 4.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    X = np.repeat(centres, n, axis=0) + sigma * rng.standard_normal((n * k, 2))
    names = tuple(f"blob {j}" for j in range(k))
    return Dataset(X=X, y=_labels(n, k), feature_names=("x1", "x2"), class_names=names)


def make_spirals(
    n_per_class: int = 100,
    num_classes: int = 3,
    noise: float = 0.2,
    seed: int | np.random.Generator | None = 0,
) -> Dataset:
    r"""Interleaved spirals: arm $k$ is $r\,(\sin \theta, \cos \theta)$ with $r \in [0, 1]$, $\theta = 4r + 2\pi k / K + \text{noise}$.

    No linear model separates the arms; a small MLP does.

    Args:
        n_per_class: Points per arm (>= 1).
        num_classes: K >= 2 arms.
        noise: Standard deviation of the angle noise (>= 0), in radians.
        seed: Seed or ``numpy.random.Generator``.

    Returns:
        A :class:`Dataset` with ``X`` of shape ``(K n, 2)``, arm by arm.

    Raises:
        TypeError: if a size is not an integer or ``noise`` not a number.
        ValueError: if ``n_per_class < 1``, ``num_classes < 2`` or ``noise < 0``.

    Examples:
        >>> from multiclass import make_spirals
        >>> print(make_spirals(n_per_class=5, seed=0).X.shape)
        (15, 2)
    """
    n, k = _sizes(n_per_class, num_classes)
    sigma = check_nonnegative(noise, "noise")
    rng = np.random.default_rng(seed)
    r = np.tile(np.linspace(0.0, 1.0, n), k)
    theta = 4.0 * r + np.repeat(2.0 * np.pi * np.arange(k) / k, n)
    theta = theta + sigma * rng.standard_normal(n * k)
    X = np.column_stack([r * np.sin(theta), r * np.cos(theta)])
    names = tuple(f"arm {j}" for j in range(k))
    return Dataset(X=X, y=_labels(n, k), feature_names=("x1", "x2"), class_names=names)


def make_moons(
    n_per_class: int = 100,
    noise: float = 0.1,
    seed: int | np.random.Generator | None = 0,
) -> Dataset:
    r"""Two interleaved half circles: $(\cos t, \sin t)$ and $(1 - \cos t, \tfrac12 - \sin t)$, $t \in [0, \pi]$.

    Args:
        n_per_class: Points per moon (>= 1).
        noise: Standard deviation of Gaussian noise added to each coordinate (>= 0).
        seed: Seed or ``numpy.random.Generator``.

    Returns:
        A :class:`Dataset` with ``X`` of shape ``(2 n, 2)`` and K = 2.

    Raises:
        TypeError: if ``n_per_class`` is not an integer or ``noise`` not a number.
        ValueError: if ``n_per_class < 1`` or ``noise < 0``.

    Examples:
        >>> from multiclass import make_moons
        >>> print(make_moons(n_per_class=4, noise=0.0).X[0])
        [1. 0.]
    """
    n, k = _sizes(n_per_class, 2)
    sigma = check_nonnegative(noise, "noise")
    rng = np.random.default_rng(seed)
    t = np.linspace(0.0, np.pi, n)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = np.vstack([upper, lower]) + sigma * rng.standard_normal((2 * n, 2))
    return Dataset(X=X, y=_labels(n, k), feature_names=("x1", "x2"), class_names=("upper", "lower"))

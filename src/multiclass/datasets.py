r"""Data to learn from: the iris measurements shipped inside the package, seeded 2-D generators, and a stratified split.

Nothing is downloaded: :func:`load_iris` reads ``multiclass/data/iris.csv`` with
:mod:`importlib.resources`, and the generators draw from a ``numpy.random.Generator`` made from
their ``seed`` (``None``, an integer >= 0 or a generator), so the same seed gives the same
points on every machine. :func:`holdout_split` sets validation or test data aside.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources

import numpy as np
import numpy.typing as npt

from multiclass._checks import as_samples, check_nonnegative
from multiclass._validation import FloatArray, as_labels, as_real, as_rng, check_positive_int

__all__ = ["Dataset", "holdout_split", "load_iris", "make_blobs", "make_moons", "make_spirals"]


@dataclass(frozen=True, eq=False)
class Dataset:
    """Samples with their labels and names.

    Two datasets are equal (``==``) when their arrays hold the same values in the same shapes
    and dtypes and their names agree; a dataset holds arrays, so it has no hash.

    Attributes:
        X: Features, shape ``(N, D)``, float64.
        labels: Labels, shape ``(N,)``, integers in ``[0, K)``.
        feature_names: D names.
        class_names: K names; label ``k`` is ``class_names[k]``.
    """

    X: FloatArray
    labels: npt.NDArray[np.intp]
    feature_names: tuple[str, ...]
    class_names: tuple[str, ...]

    @property
    def num_classes(self) -> int:
        """K, the number of classes."""
        return len(self.class_names)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        return (
            self.feature_names == other.feature_names
            and self.class_names == other.class_names
            and all(
                a.dtype == b.dtype and np.array_equal(a, b)
                for a, b in ((self.X, other.X), (self.labels, other.labels))
            )
        )

    __hash__ = None  # type: ignore[assignment]


def load_iris() -> Dataset:
    r"""Fisher's iris data: 150 flowers, $D = 4$ measurements in cm, $K = 3$ species.

    Returns:
        A :class:`Dataset` with ``X`` of shape ``(150, 4)`` (sepal length, sepal width, petal
        length, petal width) and ``labels`` in ``{0, 1, 2}`` for setosa, versicolor and virginica,
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
        >>> print(iris.X.shape, iris.class_names, iris == load_iris())
        (150, 4) ('setosa', 'versicolor', 'virginica') True
    """
    text = resources.files("multiclass").joinpath("data", "iris.csv").read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    rows = [row for row in reader if row]
    class_names = tuple(dict.fromkeys(row[-1] for row in rows))
    X = np.array([[float(value) for value in row[:-1]] for row in rows])
    labels = np.array([class_names.index(row[-1]) for row in rows], dtype=np.intp)
    return Dataset(X=X, labels=labels, feature_names=tuple(header[:-1]), class_names=class_names)


def _sizes(n_per_class: object, num_classes: object) -> tuple[int, int]:
    n = check_positive_int(n_per_class, "n_per_class")
    k = check_positive_int(num_classes, "num_classes", minimum=2)
    return n, k


def _labels(n: int, k: int) -> npt.NDArray[np.intp]:
    return np.repeat(np.arange(k, dtype=np.intp), n)


def _finite(X: npt.NDArray[np.float64], scale: float, name: str) -> npt.NDArray[np.float64]:
    """``X`` if every point is finite; a ``scale`` near the largest float overflows them."""
    if not np.isfinite(X).all():
        msg = f"{name} = {scale} is too large: the points overflow float64"
        raise ValueError(msg)
    return X


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
        seed: ``None``, an integer >= 0 or a ``numpy.random.Generator``.

    Returns:
        A :class:`Dataset` with ``X`` of shape ``(K n, 2)``, class by class.

    Raises:
        TypeError: if a size is not an integer, ``spread`` not a number, or ``seed`` not a seed.
        ValueError: if ``n_per_class < 1``, ``num_classes < 2``, ``spread < 0`` or so large
            that the points overflow, or the seed is negative.

    Examples:
        >>> from multiclass import make_blobs
        >>> data = make_blobs(n_per_class=10, num_classes=4, seed=1)
        >>> print(data.X.shape, data.labels[:3], data.num_classes)
        (40, 2) [0 0 0] 4
    """
    n, k = _sizes(n_per_class, num_classes)
    sigma = check_nonnegative(spread, "spread")
    rng = as_rng(seed)
    angles = 2.0 * np.pi * np.arange(k) / k
    centres = 4.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    with np.errstate(over="ignore", invalid="ignore"):  # checked by _finite
        X = np.repeat(centres, n, axis=0) + sigma * rng.standard_normal((n * k, 2))
    X = _finite(X, sigma, "spread")
    names = tuple(f"blob {j}" for j in range(k))
    return Dataset(X=X, labels=_labels(n, k), feature_names=("x1", "x2"), class_names=names)


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
        seed: ``None``, an integer >= 0 or a ``numpy.random.Generator``.

    Returns:
        A :class:`Dataset` with ``X`` of shape ``(K n, 2)``, arm by arm.

    Raises:
        TypeError: if a size is not an integer, ``noise`` not a number, or ``seed`` not a seed.
        ValueError: if ``n_per_class < 1``, ``num_classes < 2``, ``noise < 0`` or so large that
            the points overflow, or the seed is negative.

    Examples:
        >>> from multiclass import make_spirals
        >>> print(make_spirals(n_per_class=5, seed=0).X.shape)
        (15, 2)
    """
    n, k = _sizes(n_per_class, num_classes)
    sigma = check_nonnegative(noise, "noise")
    rng = as_rng(seed)
    r = np.tile(np.linspace(0.0, 1.0, n), k)
    theta = 4.0 * r + np.repeat(2.0 * np.pi * np.arange(k) / k, n)
    with np.errstate(over="ignore", invalid="ignore"):  # checked by _finite
        theta = theta + sigma * rng.standard_normal(n * k)
        X = _finite(np.column_stack([r * np.sin(theta), r * np.cos(theta)]), sigma, "noise")
    names = tuple(f"arm {j}" for j in range(k))
    return Dataset(X=X, labels=_labels(n, k), feature_names=("x1", "x2"), class_names=names)


def make_moons(
    n_per_class: int = 100,
    noise: float = 0.1,
    seed: int | np.random.Generator | None = 0,
) -> Dataset:
    r"""Two interleaved half circles: $(\cos t, \sin t)$ and $(1 - \cos t, \tfrac12 - \sin t)$, $t \in [0, \pi]$.

    Args:
        n_per_class: Points per moon (>= 1).
        noise: Standard deviation of Gaussian noise added to each coordinate (>= 0).
        seed: ``None``, an integer >= 0 or a ``numpy.random.Generator``.

    Returns:
        A :class:`Dataset` with ``X`` of shape ``(2 n, 2)`` and K = 2.

    Raises:
        TypeError: if ``n_per_class`` is not an integer, ``noise`` not a number, or ``seed`` not
            a seed.
        ValueError: if ``n_per_class < 1``, ``noise < 0`` or so large that the points overflow,
            or the seed is negative.

    Examples:
        >>> from multiclass import make_moons
        >>> print(make_moons(n_per_class=4, noise=0.0).X[0])
        [1. 0.]
    """
    n, k = _sizes(n_per_class, 2)
    sigma = check_nonnegative(noise, "noise")
    rng = as_rng(seed)
    t = np.linspace(0.0, np.pi, n)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    with np.errstate(over="ignore", invalid="ignore"):  # checked by _finite
        X = np.vstack([upper, lower]) + sigma * rng.standard_normal((2 * n, 2))
    X = _finite(X, sigma, "noise")
    return Dataset(
        X=X, labels=_labels(n, k), feature_names=("x1", "x2"), class_names=("upper", "lower")
    )


def holdout_split(
    X: npt.ArrayLike,
    labels: npt.ArrayLike,
    fraction: float = 0.2,
    seed: int | np.random.Generator | None = 0,
) -> tuple[FloatArray, npt.NDArray[np.intp], FloatArray, npt.NDArray[np.intp]]:
    r"""Stratified holdout split: $\operatorname{round}(f\,N_k)$ of the $N_k$ samples of each class $k$ are held out.

    Returns ``X_rest, labels_rest, X_holdout, labels_holdout``, shuffled.

    Each class contributes ``round(fraction * count)`` of its samples to the holdout part (at
    least one and at most all but one, for a class with two or more samples), so both parts keep
    the class proportions. Call it once to set a test set aside, then again on the rest to get
    training and validation data: a search then sees only those two, never the test set.

    Args:
        X: Samples, shape ``(N, D)``, finite.
        labels: Labels, shape ``(N,)``, non-negative integers (checked before any conversion).
        fraction: The holdout share, strictly between 0 and 1.
        seed: ``None``, an integer >= 0 or a ``numpy.random.Generator`` for the shuffle.

    Returns:
        Four new arrays; every sample lands in exactly one part.

    Raises:
        TypeError: for non-numeric ``X``, labels that are not integers (floats, nan, None,
            strings), a masked array, or a bad ``seed``.
        ValueError: for wrong shapes, negative labels or labels beyond the platform's index
            range, non-finite ``X``, ``fraction`` outside (0, 1), or a negative seed.

    Examples:
        >>> import numpy as np
        >>> from multiclass import holdout_split
        >>> X = np.arange(20.0).reshape(10, 2)
        >>> labels = np.array([0] * 5 + [1] * 5)
        >>> X_rest, labels_rest, X_hold, labels_hold = holdout_split(X, labels, 0.4, seed=0)
        >>> print(len(labels_rest), len(labels_hold), np.bincount(labels_hold))
        6 4 [2 2]
    """
    X_ = as_samples(X)
    labels = as_labels(labels, None, "labels")  # before anything else touches the values
    if labels.shape != (X_.shape[0],):
        msg = f"labels must have shape (N,) = ({X_.shape[0]},) to match X; got shape {labels.shape}"
        raise ValueError(msg)
    share = as_real(fraction, "fraction", "a number in (0, 1)")
    if not 0.0 < share < 1.0:
        msg = f"fraction must be in (0, 1); got {share}"
        raise ValueError(msg)
    rng = as_rng(seed)
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

r"""A multilayer perceptron: hidden layers $H_\ell = \phi(H_{\ell-1} W_\ell^{\mathsf T} + b_\ell)$, then softmax.

With $H_0 = X$ and $L$ layers, the last layer is linear, $Z = H_{L-1} W_L^{\mathsf T} + b_L$, and
its softmax gives the class probabilities: the :class:`~multiclass.LinearClassifier` is the
MLP without hidden layers. Backpropagation, written out in :meth:`MLP.gradients`, runs the chain
rule from the output back:

$$\delta_L = (Y - T) / N, \qquad
\frac{\partial J}{\partial W_\ell} = \delta_\ell^{\mathsf T} H_{\ell-1} + \lambda W_\ell, \qquad
\frac{\partial J}{\partial b_\ell} = \mathbf 1^{\mathsf T} \delta_\ell, \qquad
\delta_{\ell-1} = (\delta_\ell W_\ell) \odot \phi'(A_{\ell-1}).$$
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from multiclass._checks import (
    as_sample_labels,
    as_samples,
    check_nonnegative,
)
from multiclass._validation import FloatArray, check_positive_int
from multiclass.activations import get_activation
from multiclass.cross_entropy import cross_entropy, cross_entropy_grad
from multiclass.linear import History, SoftmaxOutput

__all__ = ["MLP"]

#: Activations whose weights start with He's scale (the others use Glorot's).
_HE = ("relu", "gelu")


class MLP(SoftmaxOutput):
    r"""A multilayer perceptron, $y = \operatorname{softmax}(W_L h_{L-1} + b_L)$ with $h_l = \phi(W_l h_{l-1} + b_l)$, $h_0 = x$.

    Trained by mini-batch gradient descent with momentum; backpropagation is written out.

    Args:
        layer_sizes: ``[D, h_1, ..., h_{L-1}, K]``: the number of features, the widths of the
            hidden layers and the number of classes (K >= 2). ``[D, K]`` is a linear model.
        activation: The hidden layers' activation: ``"relu"``, ``"tanh"``, ``"sigmoid"`` or
            ``"gelu"`` (see :mod:`multiclass.activations`).
        seed: Seed or ``numpy.random.Generator`` for the initial weights (and the default
            mini-batch order of :meth:`fit`).

    Attributes:
        weights: ``W_1, ..., W_L``, ``W_l`` of shape ``(h_l, h_{l-1})``. They start normal with
            standard deviation $\sqrt{2 / h_{\ell-1}}$ for relu and gelu (He et al.) and
            $\sqrt{2 / (h_{\ell-1} + h_\ell)}$ for tanh and sigmoid (Glorot & Bengio).
        biases: ``b_1, ..., b_L``, ``b_l`` of shape ``(h_l,)``, starting at 0.
        history: The :class:`~multiclass.linear.History` of the last :meth:`fit`.

    Raises:
        TypeError: if a size is not an integer or ``activation`` not a string.
        ValueError: for fewer than two sizes, a size < 1, K < 2, or an unknown activation.

    References:
        K. He, X. Zhang, S. Ren, J. Sun, "Delving Deep into Rectifiers", ICCV 2015,
        doi:10.1109/ICCV.2015.123.
        X. Glorot, Y. Bengio, "Understanding the difficulty of training deep feedforward neural
        networks", AISTATS 2010.
        D. E. Rumelhart, G. E. Hinton, R. J. Williams, "Learning representations by
        back-propagating errors", Nature 323 (1986) 533-536, doi:10.1038/323533a0.

    Examples:
        >>> from multiclass import MLP
        >>> model = MLP([2, 8, 3], activation="tanh", seed=0)
        >>> print(model.num_parameters)
        51
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        activation: str = "relu",
        seed: int | np.random.Generator | None = 0,
    ) -> None:
        if isinstance(layer_sizes, str | bytes) or not isinstance(layer_sizes, Sequence):
            msg = f"layer_sizes must be a sequence of integers [D, ..., K]; got {layer_sizes!r}"
            raise TypeError(msg)
        if len(layer_sizes) < 2:
            msg = f"layer_sizes must hold at least [D, K]; got {list(layer_sizes)}"
            raise ValueError(msg)
        sizes = [check_positive_int(size, "each layer size") for size in layer_sizes]
        if sizes[-1] < 2:
            msg = f"the last layer size is K, the number of classes, which must be >= 2; got {sizes[-1]}"
            raise ValueError(msg)
        self.phi, self.phi_grad = get_activation(activation)
        self.activation = str(activation)
        self.layer_sizes = sizes
        self.rng = np.random.default_rng(seed)
        self.weights: list[FloatArray] = []
        self.biases: list[FloatArray] = []
        for fan_in, fan_out in itertools.pairwise(sizes):
            if self.activation in _HE:
                scale = np.sqrt(2.0 / fan_in)
            else:
                scale = np.sqrt(2.0 / (fan_in + fan_out))
            self.weights.append(scale * self.rng.standard_normal((fan_out, fan_in)))
            self.biases.append(np.zeros(fan_out))
        self.history = History()

    def __repr__(self) -> str:
        return f"MLP({self.layer_sizes}, activation={self.activation!r})"

    @property
    def num_classes(self) -> int:
        """K, the size of the output layer."""
        return self.layer_sizes[-1]

    @property
    def num_parameters(self) -> int:
        r"""The number of weights and biases, $\sum_\ell (h_{\ell-1} + 1)\, h_\ell$."""
        return sum(W.size + b.size for W, b in zip(self.weights, self.biases, strict=True))

    def _forward(self, X: FloatArray) -> tuple[list[FloatArray], list[FloatArray]]:
        """Pre-activations A_1..A_L (A_L = Z) and activations H_0..H_{L-1}."""
        H = [X]
        A: list[FloatArray] = []
        last = len(self.weights) - 1
        for index, (W, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            A.append(H[-1] @ W.T + b)
            if index < last:
                H.append(np.asarray(self.phi(A[-1])))
        return A, H

    def logits(self, X: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
        """Scores Z of the output layer, shape ``(N, K)``.

        Args:
            X: Samples, shape ``(N, D)``, finite.

        Returns:
            The scores, shape ``(N, K)``.

        Raises:
            TypeError: if ``X`` is not real-valued.
            ValueError: if ``X`` is not a finite ``(N, D)`` array with N >= 1.
        """
        A, _ = self._forward(np.asarray(as_samples(X, self.layer_sizes[0]), dtype=np.float64))
        return A[-1]

    def _data(
        self, X: npt.ArrayLike, y: npt.ArrayLike, l2: object
    ) -> tuple[FloatArray, npt.NDArray[np.intp], float]:
        X_ = np.asarray(as_samples(X, self.layer_sizes[0]), dtype=np.float64)
        labels = as_sample_labels(y, X_.shape[0], self.num_classes)
        return X_, labels, check_nonnegative(l2, "l2")

    def _penalty(self, l2: float) -> float:
        return 0.5 * l2 * sum(float(np.sum(W * W)) for W in self.weights)

    def loss(self, X: npt.ArrayLike, y: npt.ArrayLike, l2: float = 0.0) -> float:
        r"""The objective $J = \frac1N \sum_n E_n + \frac{\lambda}{2} \sum_\ell \lVert W_\ell \rVert_F^2$.

        Args:
            X: Samples, shape ``(N, D)``, finite.
            y: Labels, shape ``(N,)``, integers in ``[0, K)``.
            l2: The penalty weight $\lambda \ge 0$ on the weights (biases are not penalised).

        Returns:
            $J$ as a float.

        Raises:
            TypeError: for non-numeric ``X``, non-integer ``y`` or ``l2``.
            ValueError: for wrong shapes, labels outside ``[0, K)``, non-finite ``X``, or
                ``l2 < 0``.
        """
        X_, labels, lam = self._data(X, y, l2)
        A, _ = self._forward(X_)
        return float(cross_entropy(A[-1], labels)) + self._penalty(lam)

    def gradients(
        self, X: npt.ArrayLike, y: npt.ArrayLike, l2: float = 0.0
    ) -> list[tuple[FloatArray, FloatArray]]:
        r"""Backpropagation: $(\partial J / \partial W_\ell, \partial J / \partial b_\ell)$ for every layer.

        Args:
            X: Samples, shape ``(N, D)``, finite.
            y: Labels, shape ``(N,)``, integers in ``[0, K)``.
            l2: The penalty weight $\lambda \ge 0$.

        Returns:
            A list of ``(dW, db)`` pairs of the shapes of ``weights`` and ``biases``.

        Raises:
            TypeError: as :meth:`loss`.
            ValueError: as :meth:`loss`.
        """
        X_, labels, lam = self._data(X, y, l2)
        return self._backprop(X_, labels, lam)

    def _backprop(
        self, X: FloatArray, labels: npt.NDArray[np.intp], l2: float
    ) -> list[tuple[FloatArray, FloatArray]]:
        A, H = self._forward(X)
        delta = np.asarray(cross_entropy_grad(A[-1], labels))  # (Y - T) / N
        grads: list[tuple[FloatArray, FloatArray]] = []
        for layer in range(len(self.weights) - 1, -1, -1):
            W = self.weights[layer]
            dW = delta.T @ H[layer] + l2 * W
            db = delta.sum(axis=0)
            grads.append((dW, db))
            if layer > 0:
                delta = (delta @ W) * self.phi_grad(A[layer - 1])
        grads.reverse()
        return grads

    def fit(
        self,
        X: npt.ArrayLike,
        y: npt.ArrayLike,
        *,
        epochs: int = 100,
        batch_size: int = 32,
        learning_rate: float = 0.1,
        momentum: float = 0.9,
        l2: float = 0.0,
        seed: int | np.random.Generator | None = None,
    ) -> MLP:
        r"""Mini-batch gradient descent with (heavy-ball) momentum, $v \leftarrow \beta v - \eta g$, $\theta \leftarrow \theta + v$.

        Args:
            X: Training samples, shape ``(N, D)``, finite, N >= 1.
            y: Labels, shape ``(N,)``, integers in ``[0, K)``.
            epochs: Passes over the data (>= 1), each in a fresh random order.
            batch_size: Samples per step (>= 1; capped at N).
            learning_rate: The step $\eta > 0$.
            momentum: $\beta \in [0, 1)$.
            l2: The penalty weight $\lambda \ge 0$ on the weights.
            seed: Seed or generator for the mini-batch order; ``None`` continues the model's
                own generator, so a model built with a seed trains the same way every time.

        Returns:
            ``self``, with ``weights``, ``biases`` and ``history`` (loss, accuracy and gradient
            norm on the whole training set after every epoch) updated.

        Raises:
            TypeError: for arguments of the wrong type.
            ValueError: for wrong shapes, labels outside ``[0, K)``, non-finite or empty ``X``,
                or an option out of its range.
        """
        X_, labels, lam = self._data(X, y, l2)
        n = X_.shape[0]
        num_epochs = check_positive_int(epochs, "epochs")
        batch = min(check_positive_int(batch_size, "batch_size"), n)
        rate = check_nonnegative(learning_rate, "learning_rate")
        if rate == 0.0:
            msg = "learning_rate must be > 0; got 0.0"
            raise ValueError(msg)
        beta = check_nonnegative(momentum, "momentum")
        if beta >= 1.0:
            msg = f"momentum must be in [0, 1); got {beta}"
            raise ValueError(msg)
        rng = self.rng if seed is None else np.random.default_rng(seed)
        velocity = [
            (np.zeros_like(W), np.zeros_like(b))
            for W, b in zip(self.weights, self.biases, strict=True)
        ]
        self.history = History()
        for _ in range(num_epochs):
            order = rng.permutation(n)
            for start in range(0, n, batch):
                index = order[start : start + batch]
                grads = self._backprop(X_[index], labels[index], lam)
                for layer, ((dW, db), (vW, vb)) in enumerate(zip(grads, velocity, strict=True)):
                    np.multiply(vW, beta, out=vW)
                    np.subtract(vW, rate * dW, out=vW)
                    np.multiply(vb, beta, out=vb)
                    np.subtract(vb, rate * db, out=vb)
                    self.weights[layer] = self.weights[layer] + vW
                    self.biases[layer] = self.biases[layer] + vb
            A, _ = self._forward(X_)
            Z = A[-1]
            full = self._backprop(X_, labels, lam)
            norm = float(np.sqrt(sum(np.sum(dW * dW) + np.sum(db * db) for dW, db in full)))
            self.history.append(
                float(cross_entropy(Z, labels)) + self._penalty(lam),
                float(np.mean(np.argmax(Z, axis=1) == labels)),
                norm,
            )
        return self

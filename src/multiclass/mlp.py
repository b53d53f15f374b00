r"""A multilayer perceptron: hidden layers $H_\ell = \phi(H_{\ell-1} W_\ell^{\mathsf T} + b_\ell)$, then softmax.

With $H_0 = X$ and $L$ layers, the last layer is linear, $Z = H_{L-1} W_L^{\mathsf T} + b_L$, and
its softmax gives the class probabilities: the :class:`~multiclass.LinearClassifier` is the
MLP without hidden layers. Backpropagation, written out next to the forward pass in
:mod:`multiclass.backprop`, runs the chain rule from the output back:

$$\delta_L = (Y - T) / N, \qquad
\frac{\partial J}{\partial W_\ell} = \delta_\ell^{\mathsf T} H_{\ell-1} + \lambda W_\ell, \qquad
\frac{\partial J}{\partial b_\ell} = \mathbf 1^{\mathsf T} \delta_\ell, \qquad
\delta_{\ell-1} = (\delta_\ell W_\ell) \odot \phi'(A_{\ell-1}).$$

How the network is trained lives in :mod:`multiclass.training`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from multiclass import backprop, optimisers, training
from multiclass._checks import (
    as_parameter,
    as_samples,
    check_momentum,
    check_positive,
    check_scores,
    early_stopping,
    fit_options,
)
from multiclass._validation import FloatArray, as_rng, check_positive_int
from multiclass.activations import get_activation
from multiclass.classifier import SoftmaxOutput

__all__ = ["MLP"]

#: Activations whose weights start with He's scale (the others use Glorot's).
_HE = ("relu", "gelu")


class MLP(SoftmaxOutput):
    r"""A multilayer perceptron, $y = \operatorname{softmax}(W_L h_{L-1} + b_L)$ with $h_l = \phi(W_l h_{l-1} + b_l)$, $h_0 = x$.

    Trained by mini-batch gradient descent with momentum; backpropagation is written out. The
    network computes in float64: samples in float16 or float32 are converted exactly, and
    every output is float64.

    Args:
        layer_sizes: ``[D, h_1, ..., h_{L-1}, K]``: the number of features, the widths of the
            hidden layers and the number of classes (K >= 2). ``[D, K]`` is a linear model.
        activation: The hidden layers' activation: ``"relu"``, ``"tanh"``, ``"sigmoid"`` or
            ``"gelu"`` (see :mod:`multiclass.activations`).
        seed: ``None``, an integer >= 0 or a ``numpy.random.Generator``, for the initial
            weights (and the default mini-batch order of :meth:`fit`).

    Attributes:
        weights: ``W_1, ..., W_L``, ``W_l`` of shape ``(h_l, h_{l-1})``. They start normal with
            standard deviation $\sqrt{2 / h_{\ell-1}}$ for relu and gelu (He et al.) and
            $\sqrt{2 / (h_{\ell-1} + h_\ell)}$ for tanh and sigmoid (Glorot & Bengio). Set by
            hand, they are checked (count, shapes, real dtype, finite entries) when used.
        biases: ``b_1, ..., b_L``, ``b_l`` of shape ``(h_l,)``, starting at 0.
        history: The :class:`~multiclass.training.History` of the last :meth:`fit`, with the
            fraction of dead units of each hidden layer after every epoch.
        converged: Whether the last :meth:`fit` stopped on the gradient tolerance.

    Raises:
        TypeError: if ``layer_sizes`` is not a sequence of integers, ``activation`` not a
            string, or ``seed`` not a seed.
        ValueError: for fewer than two sizes, a size < 1, K < 2, an unknown activation, or a
            negative seed.

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
        if isinstance(layer_sizes, str | bytes) or not isinstance(
            layer_sizes, Sequence | np.ndarray
        ):
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
        self.num_features, self.num_classes = sizes[0], sizes[-1]
        self.rng = as_rng(seed)
        self.weights: list[FloatArray] = []
        self.biases: list[FloatArray] = []
        for fan_in, fan_out in itertools.pairwise(sizes):
            if self.activation in _HE:
                scale = np.sqrt(2.0 / fan_in)
            else:
                scale = np.sqrt(2.0 / (fan_in + fan_out))
            self.weights.append(scale * self.rng.standard_normal((fan_out, fan_in)))
            self.biases.append(np.zeros(fan_out))
        self.history = training.History()
        self.converged = False

    def __repr__(self) -> str:
        return f"MLP({self.layer_sizes}, activation={self.activation!r})"

    @property
    def num_parameters(self) -> int:
        r"""The number of weights and biases, $\sum_\ell (h_{\ell-1} + 1)\, h_\ell$."""
        return sum(
            (fan_in + 1) * fan_out for fan_in, fan_out in itertools.pairwise(self.layer_sizes)
        )

    def _layers(self) -> backprop.Layers:
        """The weights and biases, checked: set by hand, they may have any count or shape."""
        count = len(self.layer_sizes) - 1
        given: tuple[tuple[str, object], ...] = (("weights", self.weights), ("biases", self.biases))
        for name, values in given:
            if not isinstance(values, Sequence) or len(values) != count:
                msg = f"{name} must be a list of {count} arrays, one per layer; got {values!r:.80}"
                raise ValueError(msg)
        return [
            (
                as_parameter(W, f"weights[{i}]", (fan_out, fan_in)),
                as_parameter(b, f"biases[{i}]", (fan_out,)),
            )
            for i, (W, b, (fan_in, fan_out)) in enumerate(
                zip(self.weights, self.biases, itertools.pairwise(self.layer_sizes), strict=True)
            )
        ]

    def logits(self, X: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
        """Scores Z of the output layer, shape ``(N, K)``, float64.

        Args:
            X: Samples, shape ``(N, D)``, finite.

        Returns:
            The scores, shape ``(N, K)``.

        Raises:
            TypeError: if ``X`` (or a parameter) is not real-valued.
            ValueError: if ``X`` is not a finite ``(N, D)`` array with N >= 1, if the weights
                or biases were set to a wrong count, shape or a non-finite value, or if a
                score overflows float64.
        """
        X_ = np.asarray(as_samples(X, self.num_features), dtype=np.float64)
        with np.errstate(all="ignore"):  # an overflow is reported by check_scores
            A, _ = backprop.forward(self._layers(), X_, self.phi)
        return check_scores(A[-1], X_)

    def loss(self, X: npt.ArrayLike, labels: npt.ArrayLike, l2: float = 0.0) -> float:
        r"""The objective $J = \frac1N \sum_n E_n + \frac{\lambda}{2} \sum_\ell \lVert W_\ell \rVert_F^2$.

        Args:
            X: Samples, shape ``(N, D)``, finite.
            labels: Labels, shape ``(N,)``, integers in ``[0, K)``.
            l2: The penalty weight $\lambda \ge 0$ on the weights (biases are not penalised).

        Returns:
            $J$ as a float.

        Raises:
            TypeError: for non-numeric ``X``, non-integer ``labels`` or ``l2``.
            ValueError: for wrong shapes, labels outside ``[0, K)``, ``l2 < 0``, or as
                :meth:`logits`.
        """
        return self._evaluate(X, labels, l2).loss

    def gradients(
        self, X: npt.ArrayLike, labels: npt.ArrayLike, l2: float = 0.0
    ) -> list[tuple[FloatArray, FloatArray]]:
        r"""Backpropagation: $(\partial J / \partial W_\ell, \partial J / \partial b_\ell)$ for every layer.

        Args:
            X: Samples, shape ``(N, D)``, finite.
            labels: Labels, shape ``(N,)``, integers in ``[0, K)``.
            l2: The penalty weight $\lambda \ge 0$.

        Returns:
            A list of ``(dW, db)`` pairs of the shapes of ``weights`` and ``biases``, float64.

        Raises:
            TypeError: as :meth:`loss`.
            ValueError: as :meth:`loss`, or if a gradient overflows float64.
        """
        gradient = self._evaluate(X, labels, l2).gradient
        return [(W.copy(), b.copy()) for W, b in backprop.unpack(gradient, self.layer_sizes)]

    def _evaluate(self, X: npt.ArrayLike, labels: npt.ArrayLike, l2: object) -> training.Evaluation:
        """The objective and its gradient at the current parameters, checked to be finite."""
        X_, labels, lam = self._data(X, labels, l2)
        theta = np.concatenate([a.ravel() for pair in self._layers() for a in pair])
        with np.errstate(all="ignore"):  # an overflow is reported by check_scores
            evaluation = backprop.training_objective(
                self.layer_sizes, self.phi, self.phi_grad, X_, labels, lam
            )(theta, None)
        check_scores(np.append(evaluation.gradient, evaluation.loss), X_)
        return evaluation

    def fit(
        self,
        X: npt.ArrayLike,
        labels: npt.ArrayLike,
        *,
        epochs: int = 100,
        batch_size: int = 32,
        learning_rate: float = 0.1,
        momentum: float = 0.9,
        l2: float = 0.0,
        tol: float = 1e-4,
        seed: int | np.random.Generator | None = None,
        validation: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
        patience: int | None = None,
    ) -> MLP:
        r"""Mini-batch gradient descent with (heavy-ball) momentum, $v \leftarrow \beta v - \eta g$, $\theta \leftarrow \theta + v$.

        The loop is :class:`~multiclass.optimisers.MiniBatchDescent`: a short last batch takes
        its share of a step, an epoch that would raise the objective is undone and the step
        halved, and training stops when the full gradient's norm falls to ``tol`` or after
        ``epochs`` epochs. **Standardise the features** (zero mean, unit variance each): on
        raw features ReLU units die and the network can end up ignoring its input.

        **Early stopping.** With ``validation=(X_val, labels_val)`` the history records the
        mean cross-entropy and the accuracy on those samples at the start and after every
        epoch (``val_loss``, ``val_accuracy``, ``best_epoch``). With a ``patience`` $p$ as
        well, training stops once $p$ epochs pass without a new lowest validation loss, and
        the network keeps the weights of the epoch with the lowest one (Prechelt 1998).

        Args:
            X: Training samples, shape ``(N, D)``, finite, N >= 1; converted to float64.
            labels: Labels, shape ``(N,)``, integers in ``[0, K)``.
            epochs: The largest number of passes over the data (>= 1).
            batch_size: Samples per step (>= 1; capped at N).
            learning_rate: The step $\eta > 0$.
            momentum: $\beta \in [0, 1)$.
            l2: The penalty weight $\lambda \ge 0$ on the weights.
            tol: Stop when the full gradient's norm is at most this (>= 0).
            seed: ``None`` (continue the model's own generator, so a model built with a seed
                trains the same way every time), an integer >= 0 or a generator.
            validation: ``None`` or validation data ``(X_val, labels_val)``, shapes ``(M, D)``
                and ``(M,)``, never trained on.
            patience: ``None`` (train to ``tol`` or ``epochs``) or an integer >= 1: stop early
                after this many epochs without a new lowest validation loss. Needs
                ``validation``.

        Returns:
            ``self``, with ``weights``, ``biases``, ``history`` (loss, accuracy, gradient norm,
            step and dead units on the whole training set, at the start and after every
            epoch, and the validation scores) and ``converged`` (the gradient norm at the
            returned weights is at most ``tol``) updated.

        Raises:
            TypeError: for an argument of the wrong type (``seed=True``, ``epochs=2.5``, ...).
            ValueError: for wrong shapes, labels outside ``[0, K)``, non-finite or empty ``X``
                (or ``X_val``), an option out of its range, a ``patience`` without
                ``validation``, parameters set by hand to a wrong count, shape or value, or
                scores that overflow at the start.

        Warns:
            ConvergenceWarning: when training stops at ``epochs`` with the gradient norm above
                ``tol`` (not when it stops early), and when every unit of a hidden layer is
                dead in the returned network.

        References:
            L. Prechelt, "Early Stopping - But When?", in Neural Networks: Tricks of the Trade,
            LNCS 1524 (1998) 55-69, doi:10.1007/3-540-49430-8_3.

        Examples:
            >>> from multiclass import MLP, holdout_split, make_moons
            >>> moons = make_moons(n_per_class=50, noise=0.3, seed=0)
            >>> X, labels, X_val, labels_val = holdout_split(moons.X, moons.labels, 0.5)
            >>> net = MLP([2, 32, 2], seed=0).fit(X, labels, epochs=400, tol=0.0,
            ...                                   validation=(X_val, labels_val), patience=20)
            >>> h = net.history
            >>> print(h.epochs - h.best_epoch, net.loss(X_val, labels_val) == min(h.val_loss))
            20 True
        """
        X_, labels, lam = self._data(X, labels, l2)
        held_out, wait = early_stopping(validation, patience, self.num_features, self.num_classes)
        batch = min(check_positive_int(batch_size, "batch_size"), X_.shape[0])
        rate, beta, _, rng, options = fit_options(
            check_positive(learning_rate, "learning_rate"), check_momentum(momentum), False,
            self.rng if seed is None else seed,
            epochs, tol, auto=None, names=("learning_rate", "epochs"),
        )  # fmt: skip
        theta = np.concatenate([a.ravel() for pair in self._layers() for a in pair])
        evaluate = backprop.training_objective(
            self.layer_sizes, self.phi, self.phi_grad, X_, labels, lam
        )
        optimiser = optimisers.MiniBatchDescent(
            evaluate, rate or 0.0, beta or 0.0, False, theta.size,
            num_samples=X_.shape[0], batch_size=batch, rng=rng,
        )  # fmt: skip
        monitor = None
        if held_out is not None:
            monitor = backprop.held_out_objective(self.layer_sizes, self.phi, *held_out)
        result = training.train(
            optimiser, evaluate, theta, **options, monitor=monitor, patience=wait
        )
        layers = backprop.unpack(result.theta, self.layer_sizes)
        self.weights = [W.copy() for W, _ in layers]
        self.biases = [b.copy() for _, b in layers]
        self.history, self.converged = result.history, result.converged
        return self

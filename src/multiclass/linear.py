r"""Linear scores for K classes: $z = W x + b$, one linear model per class.

Row $k$ of $W$ (shape K x D) and entry $k$ of $b$ (length K) form the linear model
$z_k = \vec w_k^{\mathsf T} \vec x + b_k$ of class $k$. For N samples stacked as the rows of
$X$ (shape N x D) the scores are $Z = X W^{\mathsf T} + b$ (shape N x K), and the predicted class
of sample $n$ is $\arg\max_k Z_{nk}$. The objective that trains the model, with its gradient,
is in :mod:`multiclass.risk`; how it is trained, in :mod:`multiclass.training`.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from multiclass import optimisers, training
from multiclass._checks import (
    as_parameter,
    as_samples,
    check_scores,
    early_stopping,
    fit_options,
)
from multiclass._validation import FloatArray, as_float_array, check_positive_int
from multiclass.classifier import SoftmaxOutput
from multiclass.cross_entropy import cross_entropy, cross_entropy_grad
from multiclass.risk import (
    curvature_bound,
    held_out_objective,
    power_of_two_scale,
    training_objective,
)

__all__ = ["LinearClassifier", "logits"]


def _scaled_scores(X: FloatArray, W: FloatArray, b: FloatArray) -> FloatArray:
    """X W^T + b with each row of X and of W divided by a power of two near its largest entry.

    The products are then at most D * 4 in size; multiplying back by the two scales, the
    smaller first, overflows only where the score does.
    """
    sx = np.array([power_of_two_scale(row) for row in X])[:, None]
    sw = np.array([power_of_two_scale(row) for row in W])[None, :]
    P = (X / sx) @ (W / sw.T).T
    return np.asarray(P * np.minimum(sx, sw) * np.maximum(sx, sw) + b)


def logits(X: npt.ArrayLike, W: npt.ArrayLike, b: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    r"""Scores of K linear models, $Z = X W^{\mathsf T} + b$ (or $z = W x + b$ for one sample).

    Args:
        X: Samples, shape ``(N, D)``, or one sample of shape ``(D,)``.
        W: Weights, shape ``(K, D)``: row $k$ is $\vec w_k$.
        b: Biases, shape ``(K,)``.

    Returns:
        Scores of shape ``(N, K)`` (or ``(K,)`` for one sample), in the result dtype of numpy's
        promotion of the three inputs.

    Raises:
        TypeError: if an argument is not real-valued.
        ValueError: if the shapes do not fit (``X`` not 1-D or 2-D, ``W`` not 2-D, ``b`` not of
            length K, or the D of ``X`` differs from the D of ``W``).

    Numerical behaviour: for finite inputs a score is $\pm\infty$ only if its true value lies
    beyond the format's range, never nan: where a product overflows, the rows of $X$ and $W$
    are divided by powers of two near their largest entries and the product scaled back, so
    huge terms that cancel do not overflow on the way. Non-finite inputs follow IEEE
    arithmetic, without warnings.

    Examples:
        >>> import numpy as np
        >>> from multiclass.linear import logits
        >>> W = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
        >>> b = np.array([0.0, 0.5, 0.0])
        >>> print(logits(np.array([2.0, 1.0]), W, b))
        [ 2.   1.5 -3. ]
        >>> huge = 2.0**1000  # each term 2**1030 overflows, their sum does not
        >>> print(logits(np.array([huge, huge]), np.array([[2.0**30, -(2.0**30)]]), np.zeros(1)))
        [0.]
    """
    W_ = as_float_array(W, "W")
    b_ = as_float_array(b, "b")
    X_ = as_float_array(X, "X")
    if W_.ndim != 2:
        msg = f"W must have shape (K, D); got shape {W_.shape}"
        raise ValueError(msg)
    if b_.shape != (W_.shape[0],):
        msg = f"b must have shape (K,) = ({W_.shape[0]},) to match W of shape {W_.shape}; got {b_.shape}"
        raise ValueError(msg)
    if X_.ndim not in (1, 2):
        msg = f"X must have shape (N, D) or (D,); got shape {X_.shape}"
        raise ValueError(msg)
    if X_.shape[-1] != W_.shape[1]:
        msg = (
            f"X has D = {X_.shape[-1]} features but W of shape {W_.shape} expects D = {W_.shape[1]}"
        )
        raise ValueError(msg)
    with np.errstate(all="ignore"):
        Z = np.asarray(X_ @ W_.T + b_)
        inputs_finite = np.isfinite(X_).all() and np.isfinite(W_).all() and np.isfinite(b_).all()
        if inputs_finite and not np.isfinite(Z).all():
            Z = np.where(
                np.isfinite(Z), Z, _scaled_scores(np.atleast_2d(X_), W_, b_).reshape(Z.shape)
            )
    return Z


class LinearClassifier(SoftmaxOutput):
    r"""K linear models $Z = X W^{\mathsf T} + b$ with softmax probabilities, trained on the cross-entropy.

    Training minimises the penalised empirical risk

    $$J(W, b) = \frac1N \sum_{n=1}^N E_n + \frac{\lambda}{2} \lVert W \rVert_F^2,
    \qquad E_n = -\log \operatorname{softmax}(W x_n + b)_{y_n},$$

    with the bias not penalised. Its gradient is the page's formula
    $\partial J / \partial W = (Y - T)^{\mathsf T} X / N + \lambda W$ and
    $\partial J / \partial b = \frac1N \sum_n (y_n - t_n)$, where $Y = \operatorname{softmax}(Z)$
    row by row and $T$ is the one-hot target matrix. $J$ is convex; with $\lambda > 0$ it is
    strictly convex on the parameters with $\sum_k b_k = 0$, the subspace that gradient descent
    from $b = 0$ never leaves, so training has a single optimum to find.

    The model computes in float64: samples in float16 or float32 are converted exactly, and
    scores, probabilities, objective and gradient are float64.

    Args:
        num_classes: K >= 2.
        num_features: D >= 1.

    Attributes:
        W: Weights, shape ``(K, D)``, initially 0 (so every class starts equally likely and the
            initial loss is $\log K$). Set by hand, it is checked (shape, real dtype, finite
            entries) by every method that uses it.
        b: Biases, shape ``(K,)``, initially 0.
        history: The :class:`~multiclass.training.History` of the last :meth:`fit`.
        converged: Whether the last :meth:`fit` stopped on the gradient tolerance.

    Raises:
        TypeError: if a size is not an integer.
        ValueError: if ``num_classes < 2`` or ``num_features < 1``.

    Examples:
        >>> import numpy as np
        >>> from multiclass import LinearClassifier
        >>> X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
        >>> model = LinearClassifier(num_classes=3, num_features=2)
        >>> print(round(float(model.loss(X, [0, 1, 2])), 4), round(float(np.log(3)), 4))
        1.0986 1.0986
        >>> print(model.fit(X, np.array([0, 1, 2]), l2=0.1).predict(X))
        [0 1 2]
    """

    def __init__(self, num_classes: int, num_features: int) -> None:
        self.num_classes = check_positive_int(num_classes, "num_classes", minimum=2)
        self.num_features = check_positive_int(num_features, "num_features", minimum=1)
        self.W: FloatArray = np.zeros((self.num_classes, self.num_features))
        self.b: FloatArray = np.zeros(self.num_classes)
        self.history = training.History()
        self.converged = False

    def __repr__(self) -> str:
        return f"LinearClassifier(num_classes={self.num_classes}, num_features={self.num_features})"

    def _parameters(self) -> tuple[FloatArray, FloatArray]:
        W = as_parameter(self.W, "W", (self.num_classes, self.num_features))
        return W, as_parameter(self.b, "b", (self.num_classes,))

    def logits(self, X: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
        r"""Scores $Z = X W^{\mathsf T} + b$, shape ``(N, K)``, float64.

        Args:
            X: Samples, shape ``(N, D)``, finite.

        Returns:
            The scores, shape ``(N, K)``.

        Raises:
            TypeError: if ``X`` (or ``W``, ``b``) is not real-valued.
            ValueError: if ``X`` is not a finite ``(N, D)`` array with N >= 1, if ``W`` or
                ``b`` has the wrong shape or a non-finite entry, or if a score overflows.
        """
        X_ = as_samples(X, self.num_features)
        W, b = self._parameters()
        return check_scores(logits(np.asarray(X_, dtype=np.float64), W, b), X_)

    def loss(self, X: npt.ArrayLike, labels: npt.ArrayLike, l2: float = 0.0) -> float:
        r"""The objective $J = \frac1N \sum_n E_n + \frac{\lambda}{2} \lVert W \rVert_F^2$.

        Args:
            X: Samples, shape ``(N, D)``, finite.
            labels: Labels, shape ``(N,)``, integers in ``[0, K)``.
            l2: The penalty weight $\lambda \ge 0$ (the bias is not penalised).

        Returns:
            $J$ as a float.

        Raises:
            TypeError: for non-numeric ``X``, non-integer ``labels`` or ``l2``.
            ValueError: for wrong shapes, labels outside ``[0, K)``, non-finite ``X``,
                ``l2 < 0``, or as :meth:`logits`.
        """
        X_, labels, lam = self._data(X, labels, l2)
        Z = self.logits(X_)
        W = self._parameters()[0]
        with np.errstate(over="ignore"):  # a penalty beyond float64 is inf, as it should be
            return float(cross_entropy(Z, labels)) + 0.5 * lam * float(np.vdot(W, W))

    def gradient(
        self, X: npt.ArrayLike, labels: npt.ArrayLike, l2: float = 0.0
    ) -> tuple[FloatArray, FloatArray]:
        r"""The gradient of :meth:`loss`: $((Y - T)^{\mathsf T} X / N + \lambda W,\ \overline{Y - T})$.

        Args:
            X: Samples, shape ``(N, D)``, finite.
            labels: Labels, shape ``(N,)``, integers in ``[0, K)``.
            l2: The penalty weight $\lambda \ge 0$.

        Returns:
            ``(dW, db)`` of shapes ``(K, D)`` and ``(K,)``, float64.

        Raises:
            TypeError: as :meth:`loss`.
            ValueError: as :meth:`loss`.
        """
        X_, labels, lam = self._data(X, labels, l2)
        # cross_entropy_grad with the mean already holds (Y - T) / N.
        G = cross_entropy_grad(self.logits(X_), labels)
        with np.errstate(over="ignore"):
            return G.T @ X_ + lam * self._parameters()[0], G.sum(axis=0)

    def fit(
        self,
        X: npt.ArrayLike,
        labels: npt.ArrayLike,
        *,
        l2: float = 0.0,
        step: float | None = None,
        batch_size: int | None = None,
        momentum: float | Literal["auto"] = "auto",
        nesterov: bool = True,
        max_epochs: int = 1000,
        tol: float = 1e-6,
        seed: int | np.random.Generator | None = 0,
        validation: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
        patience: int | None = None,
    ) -> LinearClassifier:
        r"""Minimise $J$ by gradient descent from the current ``W`` and ``b`` (:mod:`~multiclass.training`).

        One epoch is one step of full-batch descent (``batch_size`` ``None`` or $\ge N$), or
        $\lceil N / B \rceil$ steps on mini-batches of $B$ samples reshuffled every epoch, a short
        last batch taking its share $|b| / B$ of a step. Training stops when the full gradient's
        norm falls to ``tol``, or after ``max_epochs`` epochs with a
        :class:`~multiclass.ConvergenceWarning`; an epoch that would raise the objective is
        undone and the step halved, so training never ends above its start. **Standardise
        the features** (zero mean, unit variance each): on raw features of different sizes
        descent crawls, and the warning says so.

        The default step is $1/L$ with $L$ from :func:`~multiclass.risk.lipschitz_bound` (full
        batch), or with $L = \max_n \lVert \tilde x_n \rVert^2 / 2 + \lambda$, which bounds the
        curvature of every mini-batch. ``momentum=0`` is plain descent; $\beta \in (0, 1)$ is the heavy-ball
        coefficient, or Nesterov's with ``nesterov=True``. ``"auto"`` is, for full batch,
        Nesterov's method with FISTA's schedule, an adaptive step and restarts (a given
        ``step`` then replaces $1/L$ as the shortest step it falls back to; ``nesterov`` is
        ignored), and $\beta = 0.9$ for mini-batches.

        Args:
            X: Training samples, shape ``(N, D)``, finite, N >= 1; converted to float64.
            labels: Labels, shape ``(N,)``, integers in ``[0, K)``.
            l2: The penalty weight $\lambda \ge 0$ on $\frac{\lambda}{2}\lVert W \rVert_F^2$.
            step: The step size (learning rate) $> 0$; default $1/L$ as above.
            batch_size: $B \ge 1$ for mini-batches, or ``None`` for full batch.
            momentum: $\beta \in [0, 1)$ or ``"auto"``.
            nesterov: ``True`` or ``False``: take the gradient at Nesterov's look-ahead point.
            max_epochs: The largest number of epochs (>= 1).
            tol: Stop when the full gradient's norm is at most this (>= 0).
            seed: ``None``, an integer >= 0 or a ``numpy.random.Generator``: the batch order.
            validation: ``None`` or validation data ``(X_val, labels_val)``, shapes ``(M, D)``
                and ``(M,)``: the history records their mean cross-entropy and accuracy at the
                start and after every epoch (``val_loss``, ``val_accuracy``, ``best_epoch``).
            patience: ``None`` or an integer >= 1: stop early after this many epochs without a
                new lowest validation loss, and keep the ``W`` and ``b`` of the epoch with the
                lowest one. Needs ``validation``.

        Returns:
            ``self``, with ``W``, ``b``, ``history`` and ``converged`` (the gradient norm at
            the returned parameters is at most ``tol``) updated.

        Raises:
            TypeError: for an argument of the wrong type (``nesterov="no"``, ``seed=True``).
            ValueError: for wrong shapes, labels outside ``[0, K)``, non-finite or empty
                ``X`` (or ``X_val``), an option out of its range, a ``patience`` without
                ``validation``, ``W`` or ``b`` set by hand to a wrong shape or a non-finite
                value, or ``X`` so large that $L$ overflows.

        Warns:
            ConvergenceWarning: when training stops at ``max_epochs`` with the gradient norm
                above ``tol`` (not when it stops early).

        References:
            Y. Nesterov, "A method of solving a convex programming problem with convergence
            rate O(1/k^2)", Soviet Mathematics Doklady 27 (1983) 372-376.
            A. Beck, M. Teboulle, "A Fast Iterative Shrinkage-Thresholding Algorithm", SIAM J.
            Imaging Sciences 2 (2009) 183-202, doi:10.1137/080716542.
        """
        X_, labels, lam = self._data(X, labels, l2)
        held_out, wait = early_stopping(validation, patience, self.num_features, self.num_classes)
        n = X_.shape[0]
        batch = None if batch_size is None else check_positive_int(batch_size, "batch_size")
        batch = None if batch is None or batch >= n else batch
        rate, beta, look_ahead, rng, options = fit_options(
            step, momentum, nesterov, seed, max_epochs, tol, auto=None if batch is None else 0.9
        )
        W, b = self._parameters()
        evaluate, objective = training_objective(X_, labels, lam, self.num_classes)
        theta = np.concatenate([W.ravel(), b])
        optimiser: training.Optimiser
        if batch is not None:
            rate = rate or 1.0 / curvature_bound(X_, lam, per_sample=True)
            optimiser = optimisers.MiniBatchDescent(
                evaluate, rate, beta or 0.0, look_ahead, theta.size,
                num_samples=n, batch_size=batch, rng=rng,
            )  # fmt: skip
        elif beta is None:
            optimiser = optimisers.AcceleratedDescent(
                objective, curvature_bound(X_, lam) if rate is None else 1.0 / rate
            )
        else:
            rate = rate or 1.0 / curvature_bound(X_, lam)
            optimiser = optimisers.GradientDescent(rate, beta, look_ahead, theta.size)
        monitor = None if held_out is None else held_out_objective(*held_out, self.num_classes)
        result = training.train(
            optimiser, evaluate, theta, **options, monitor=monitor, patience=wait
        )
        self.W = result.theta[: W.size].reshape(W.shape).copy()
        self.b = result.theta[W.size :].copy()
        self.history, self.converged = result.history, result.converged
        return self

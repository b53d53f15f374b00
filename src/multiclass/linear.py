r"""Linear scores for K classes: $z = W x + b$, one linear model per class.

Row $k$ of $W$ (shape K x D) and entry $k$ of $b$ (length K) form the linear model
$z_k = \vec w_k^{\mathsf T} \vec x + b_k$ of class $k$. For N samples stacked as the rows of
$X$ (shape N x D) the scores are $Z = X W^{\mathsf T} + b$ (shape N x K), and the predicted class
of sample $n$ is $\arg\max_k Z_{nk}$.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from multiclass._checks import (
    as_sample_labels,
    as_samples,
    check_nonnegative,
)
from multiclass._validation import FloatArray, as_float_array, check_positive_int
from multiclass.cross_entropy import cross_entropy, cross_entropy_grad
from multiclass.softmax import softmax

__all__ = ["History", "LinearClassifier", "lipschitz_bound", "logits"]

#: After a step accepted at its first try, the next one first tries a step 1/0.7 times longer.
_SHRINK = 0.7


def _check_parameters(W: object, b: object) -> tuple[FloatArray, FloatArray]:
    """Validate W of shape (K, D) and b of shape (K,)."""
    W_ = as_float_array(W, "W")
    b_ = as_float_array(b, "b")
    if W_.ndim != 2:
        msg = f"W must have shape (K, D); got shape {W_.shape}"
        raise ValueError(msg)
    if b_.shape != (W_.shape[0],):
        msg = f"b must have shape (K,) = ({W_.shape[0]},) to match W of shape {W_.shape}; got {b_.shape}"
        raise ValueError(msg)
    return W_, b_


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

    Examples:
        >>> import numpy as np
        >>> from multiclass.linear import logits
        >>> W = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
        >>> b = np.array([0.0, 0.5, 0.0])
        >>> print(logits(np.array([2.0, 1.0]), W, b))
        [ 2.   1.5 -3. ]
    """
    W_, b_ = _check_parameters(W, b)
    X_ = as_float_array(X, "X")
    if X_.ndim not in (1, 2):
        msg = f"X must have shape (N, D) or (D,); got shape {X_.shape}"
        raise ValueError(msg)
    if X_.shape[-1] != W_.shape[1]:
        msg = (
            f"X has D = {X_.shape[-1]} features but W of shape {W_.shape} expects D = {W_.shape[1]}"
        )
        raise ValueError(msg)
    return np.asarray(X_ @ W_.T + b_)


@dataclass
class History:
    r"""What training recorded, one entry per epoch (a pass over the training data).

    Attributes:
        loss: The penalised objective $E(W, b) + \frac{\lambda}{2}\lVert W \rVert^2$ at the
            parameters reached after each epoch (for full-batch training: where the gradient
            was evaluated).
        accuracy: The fraction of training samples classified correctly at those parameters.
        grad_norm: The Euclidean norm of the full gradient of the objective there.
    """

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    grad_norm: list[float] = field(default_factory=list)

    def append(self, loss: float, accuracy: float, grad_norm: float) -> None:
        """Record one epoch."""
        self.loss.append(loss)
        self.accuracy.append(accuracy)
        self.grad_norm.append(grad_norm)

    def __len__(self) -> int:
        return len(self.loss)


def lipschitz_bound(X: npt.ArrayLike, l2: float = 0.0) -> float:
    r"""A Lipschitz constant of the gradient of the objective, $L = \lVert \tilde X \rVert_2^2 / (2N) + \lambda$.

    $\tilde X = [X \; \mathbf 1]$ is $X$ with a column of ones (the bias). The Hessian of the
    mean cross-entropy with respect to $(W, b)$ is
    $\frac1N \sum_n (\operatorname{diag} p_n - p_n p_n^{\mathsf T}) \otimes \tilde x_n \tilde x_n^{\mathsf T}$,
    and every $\operatorname{diag} p - p p^{\mathsf T}$ has its eigenvalues in $[0, \frac12]$
    (Böhning's bound), so the Hessian's largest eigenvalue is at most
    $\frac{1}{2N} \lVert \tilde X \rVert_2^2$; the penalty adds $\lambda$. With step
    $1 / L$, full-batch gradient descent never increases the objective.

    Args:
        X: Samples, shape ``(N, D)``, finite, N >= 1.
        l2: The penalty weight $\lambda \ge 0$.

    Returns:
        $L$ as a float.

    Raises:
        TypeError: if ``X`` is not real-valued or ``l2`` not a number.
        ValueError: if ``X`` is not a finite (N, D) array with N >= 1, or ``l2 < 0``.

    References:
        D. Böhning, "Multinomial logistic regression algorithm", Annals of the Institute of
        Statistical Mathematics 44 (1992) 197-200, doi:10.1007/BF00048682.

    Examples:
        >>> from multiclass.linear import lipschitz_bound
        >>> print(lipschitz_bound([[1.0], [-1.0]]))
        0.5
    """
    X_ = as_samples(X)
    lam = check_nonnegative(l2, "l2")
    return _lipschitz(np.asarray(X_, dtype=np.float64), lam)


def _log_softmax_rows(Z: FloatArray) -> FloatArray:
    """Row-wise log-softmax of finite float64 scores, without argument checks.

    The training loops call it thousands of times on scores they made themselves (finite by
    construction), where the checks of :func:`multiclass.log_softmax` would cost more than
    the arithmetic; tests compare the objective it yields with :meth:`LinearClassifier.loss`.
    """
    shifted = Z - Z.max(axis=1, keepdims=True)
    return np.asarray(shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True)))


def _mean_cross_entropy(
    Z: FloatArray, rows: npt.NDArray[np.intp], labels: npt.NDArray[np.intp]
) -> float:
    """Mean of logsumexp(z_n) - z_{n, y_n} for finite scores, without argument checks."""
    top = Z.max(axis=1)
    lse = top + np.log(np.sum(np.exp(Z - top[:, None]), axis=1))
    return float(np.mean(lse - Z[rows, labels]))


def _logsumexp_columns(ZT: FloatArray) -> FloatArray:
    """Log-sum-exp of each column of finite scores, shifted by the column maximum only if needed.

    Without the shift, exp overflows for scores above ~709 and a column underflows to 0 when all
    its scores are below ~-745; both show in the column sums, and only then is the (slower)
    shifted form used. Otherwise the two agree to rounding.
    """
    with np.errstate(over="ignore"):  # an overflow is detected below and handled
        total = np.exp(ZT).sum(axis=0)
    low, high = float(total.min()), float(total.max())
    if low > 1e-300 and high < 1e300:
        return np.asarray(np.log(total))
    top = ZT.max(axis=0)
    return np.asarray(top + np.log(np.exp(ZT - top).sum(axis=0)))


def _lipschitz(X: FloatArray, l2: float) -> float:
    n = X.shape[0]
    Xt = np.hstack([X, np.ones((n, 1))])
    # ||X~||_2^2 is the largest eigenvalue of X~^T X~ (D+1 x D+1): cheaper than an SVD of X~.
    top = float(np.linalg.eigvalsh(Xt.T @ Xt)[-1])
    return float(top / (2.0 * n) + l2)


class SoftmaxOutput(ABC):
    r"""Predictions of a model whose scores pass through softmax, $Y = \operatorname{softmax}(Z)$.

    A subclass provides ``logits(X)``, the scores $Z$ of shape ``(N, K)``; this class turns them
    into probabilities and classes the same way for every model of the site.
    """

    @abstractmethod
    def logits(self, X: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
        """The scores $Z$, shape ``(N, K)``, that each model computes in its own way."""

    def predict_proba(self, X: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
        r"""Class probabilities $Y = \operatorname{softmax}(Z)$, shape ``(N, K)``.

        Args:
            X: Samples, shape ``(N, D)``, finite.

        Returns:
            Rows of K probabilities summing to 1.

        Raises:
            TypeError: if ``X`` is not real-valued.
            ValueError: if ``X`` is not a finite ``(N, D)`` array with N >= 1.
        """
        return softmax(self.logits(X), axis=-1)

    def predict(self, X: npt.ArrayLike) -> npt.NDArray[np.intp]:
        r"""Predicted classes $\arg\max_k Z_{nk}$, shape ``(N,)``.

        Args:
            X: Samples, shape ``(N, D)``, finite.

        Returns:
            Integer labels in ``[0, K)``.

        Raises:
            TypeError: if ``X`` is not real-valued.
            ValueError: if ``X`` is not a finite ``(N, D)`` array with N >= 1.
        """
        return np.asarray(np.argmax(self.logits(X), axis=1), dtype=np.intp)


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

    Args:
        num_classes: K >= 2.
        num_features: D >= 1.

    Attributes:
        W: Weights, shape ``(K, D)``, initially 0 (so every class starts equally likely and the
            initial loss is $\log K$).
        b: Biases, shape ``(K,)``, initially 0.
        history: The :class:`History` of the last :meth:`fit`.
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
        self.history = History()
        self.converged = False

    def __repr__(self) -> str:
        return f"LinearClassifier(num_classes={self.num_classes}, num_features={self.num_features})"

    def _samples(self, X: npt.ArrayLike) -> FloatArray:
        return as_samples(X, self.num_features)

    def logits(self, X: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
        r"""Scores $Z = X W^{\mathsf T} + b$, shape ``(N, K)``.

        Args:
            X: Samples, shape ``(N, D)``, finite.

        Returns:
            The scores, shape ``(N, K)``.

        Raises:
            TypeError: if ``X`` is not real-valued.
            ValueError: if ``X`` is not a finite ``(N, D)`` array with N >= 1.
        """
        return logits(self._samples(X), self.W, self.b)

    def loss(self, X: npt.ArrayLike, y: npt.ArrayLike, l2: float = 0.0) -> float:
        r"""The objective $J = \frac1N \sum_n E_n + \frac{\lambda}{2} \lVert W \rVert_F^2$.

        Args:
            X: Samples, shape ``(N, D)``, finite.
            y: Labels, shape ``(N,)``, integers in ``[0, K)``.
            l2: The penalty weight $\lambda \ge 0$ (the bias is not penalised).

        Returns:
            $J$ as a float.

        Raises:
            TypeError: for non-numeric ``X``, non-integer ``y`` or ``l2``.
            ValueError: for wrong shapes, labels outside ``[0, K)``, non-finite ``X``, or
                ``l2 < 0``.
        """
        X_ = self._samples(X)
        labels = as_sample_labels(y, X_.shape[0], self.num_classes)
        lam = check_nonnegative(l2, "l2")
        Z = logits(X_, self.W, self.b)
        return float(cross_entropy(Z, labels)) + 0.5 * lam * float(np.sum(self.W * self.W))

    def gradient(
        self, X: npt.ArrayLike, y: npt.ArrayLike, l2: float = 0.0
    ) -> tuple[FloatArray, FloatArray]:
        r"""The gradient of :meth:`loss`: $((Y - T)^{\mathsf T} X / N + \lambda W,\ \overline{Y - T})$.

        Args:
            X: Samples, shape ``(N, D)``, finite.
            y: Labels, shape ``(N,)``, integers in ``[0, K)``.
            l2: The penalty weight $\lambda \ge 0$.

        Returns:
            ``(dW, db)`` of shapes ``(K, D)`` and ``(K,)``.

        Raises:
            TypeError: as :meth:`loss`.
            ValueError: as :meth:`loss`.
        """
        X_ = self._samples(X)
        labels = as_sample_labels(y, X_.shape[0], self.num_classes)
        lam = check_nonnegative(l2, "l2")
        # cross_entropy_grad with the mean already holds (Y - T) / N.
        G = cross_entropy_grad(logits(X_, self.W, self.b), labels)
        return G.T @ X_ + lam * self.W, G.sum(axis=0)

    def fit(
        self,
        X: npt.ArrayLike,
        y: npt.ArrayLike,
        *,
        l2: float = 0.0,
        step: float | None = None,
        batch_size: int | None = None,
        momentum: float | Literal["auto"] = "auto",
        nesterov: bool = True,
        max_epochs: int = 1000,
        tol: float = 1e-6,
        seed: int | np.random.Generator | None = 0,
    ) -> LinearClassifier:
        r"""Minimise $J$ by gradient descent, from the current ``W`` and ``b``.

        One epoch is one pass over the data: one step for full-batch descent
        (``batch_size=None``), $\lceil N / B \rceil$ steps for mini-batches of size $B$ drawn
        without replacement in an order reshuffled every epoch. Training stops when the norm
        of the full gradient falls to ``tol`` or after ``max_epochs`` epochs.

        The default step is $1/L$ with $L$ from :func:`lipschitz_bound` (full batch), or with
        $L = \max_n \lVert \tilde x_n \rVert^2 / 2 + \lambda$, which bounds the curvature of
        every mini-batch, for mini-batches.

        Momentum: ``momentum=0`` is plain gradient descent. A number $\beta \in [0, 1)$ is the
        heavy-ball coefficient, or Nesterov's when ``nesterov=True`` (the gradient is then
        evaluated at the look-ahead point). ``"auto"`` picks, for full batch, Nesterov's
        method with FISTA's schedule $\beta_k = (t_k - 1) / t_{k+1}$, an adaptive step (each
        iteration after one accepted at once first tries a longer step, then halves it until it falls
        by at least $\lVert g \rVert^2 / (2L)$, never going below the safe $1/L$) and the
        restarts of O'Donoghue & Candès (momentum is reset when it points uphill or the
        objective rises), and ignores ``nesterov``; for mini-batches it picks $\beta = 0.9$. A
        given ``step`` caps the adaptive step at that length.

        Args:
            X: Training samples, shape ``(N, D)``, finite, N >= 1.
            y: Labels, shape ``(N,)``, integers in ``[0, K)``.
            l2: The penalty weight $\lambda \ge 0$ on $\frac{\lambda}{2}\lVert W \rVert_F^2$.
            step: The step size (learning rate) $> 0$; default $1/L$ as above.
            batch_size: $B$ for mini-batches, or ``None`` for full batch.
            momentum: $\beta \in [0, 1)$ or ``"auto"``.
            nesterov: Use Nesterov's look-ahead gradient.
            max_epochs: The largest number of epochs (>= 1).
            tol: Stop when the full gradient's norm is at most this (>= 0).
            seed: Seed or ``numpy.random.Generator`` for the mini-batch order.

        Returns:
            ``self``, with ``W``, ``b``, ``history`` and ``converged`` updated.

        Raises:
            TypeError: for arguments of the wrong type.
            ValueError: for wrong shapes, labels outside ``[0, K)``, non-finite or empty
                ``X``, or an option out of its range.

        References:
            Y. Nesterov, "A method of solving a convex programming problem with convergence
            rate O(1/k^2)", Soviet Mathematics Doklady 27 (1983) 372-376.
            A. Beck, M. Teboulle, "A Fast Iterative Shrinkage-Thresholding Algorithm", SIAM J.
            Imaging Sciences 2 (2009) 183-202, doi:10.1137/080716542.
            B. O'Donoghue, E. Candès, "Adaptive Restart for Accelerated Gradient Schemes",
            Foundations of Computational Mathematics 15 (2015) 715-732,
            doi:10.1007/s10208-013-9150-3.
        """
        X_ = np.asarray(self._samples(X), dtype=np.float64)
        n = X_.shape[0]
        labels = as_sample_labels(y, n, self.num_classes)
        lam = check_nonnegative(l2, "l2")
        tolerance = check_nonnegative(tol, "tol")
        epochs = check_positive_int(max_epochs, "max_epochs")
        batch = None if batch_size is None else check_positive_int(batch_size, "batch_size")
        if batch is not None and batch >= n:
            batch = None
        if step is None:
            if batch is None:
                rate = 1.0 / _lipschitz(X_, lam)
            else:
                rate = 1.0 / (0.5 * (float(np.max(np.sum(X_ * X_, axis=1))) + 1.0) + lam)
        else:
            rate = check_nonnegative(step, "step")
            if rate == 0.0:
                msg = "step must be > 0; got 0.0"
                raise ValueError(msg)
        if isinstance(momentum, str):
            if str(momentum) != "auto":
                msg = f"momentum must be a number in [0, 1) or 'auto'; got {momentum!r}"
                raise ValueError(msg)
            beta: float | None = None if batch is None else 0.9
        else:
            beta = check_nonnegative(momentum, "momentum")
            if beta >= 1.0:
                msg = f"momentum must be in [0, 1); got {beta}"
                raise ValueError(msg)
        rng = np.random.default_rng(seed)
        self.history = History()
        self.converged = False
        if batch is None and beta is None:
            self._fit_accelerated(X_, labels, lam, 1.0 / rate, epochs, tolerance)
        elif batch is None:
            self._fit_full_batch(X_, labels, lam, rate, beta or 0.0, nesterov, epochs, tolerance)
        else:
            self._fit_mini_batch(
                X_, labels, lam, rate, beta or 0.0, nesterov, batch, epochs, tolerance, rng
            )
        return self

    def _evaluate(
        self, X: FloatArray, labels: npt.NDArray[np.intp], W: FloatArray, b: FloatArray, l2: float
    ) -> tuple[float, float, FloatArray, FloatArray]:
        """Objective, accuracy and gradient at (W, b): one forward and one backward pass."""
        n = X.shape[0]
        rows = np.arange(n)
        Z = X @ W.T
        Z += b
        logp = _log_softmax_rows(Z)
        loss = -float(np.mean(logp[rows, labels])) + 0.5 * l2 * float(np.sum(W * W))
        accuracy = float(np.mean(np.argmax(Z, axis=1) == labels))
        G = np.exp(logp)  # Y
        G[rows, labels] -= 1.0  # Y - T
        G /= n
        gW = G.T @ X
        if l2:
            gW += l2 * W
        return loss, accuracy, gW, G.sum(axis=0)

    def _fit_full_batch(
        self,
        X: FloatArray,
        labels: npt.NDArray[np.intp],
        l2: float,
        rate: float,
        beta: float,
        nesterov: bool,
        epochs: int,
        tol: float,
    ) -> None:
        """Fixed step: plain descent, heavy ball, or Nesterov with a constant coefficient."""
        W, b = self.W.astype(np.float64), self.b.astype(np.float64)
        W_prev, b_prev = W.copy(), b.copy()  # previous iterate x_k (Nesterov)
        velocity_W, velocity_b = np.zeros_like(W), np.zeros_like(b)  # heavy ball
        for _ in range(epochs):
            loss, accuracy, gW, gb = self._evaluate(X, labels, W, b, l2)
            norm = float(np.sqrt(np.sum(gW * gW) + np.sum(gb * gb)))
            self.history.append(loss, accuracy, norm)
            if norm <= tol:
                self.converged = True
                break
            if nesterov:
                W_next, b_next = W - rate * gW, b - rate * gb
                W_prev, W = W_next, W_next + beta * (W_next - W_prev)
                b_prev, b = b_next, b_next + beta * (b_next - b_prev)
            else:
                velocity_W = beta * velocity_W - rate * gW
                velocity_b = beta * velocity_b - rate * gb
                W, b = W + velocity_W, b + velocity_b
        self.W, self.b = W, b

    def _fit_accelerated(
        self,
        X: FloatArray,
        labels: npt.NDArray[np.intp],
        l2: float,
        L_max: float,
        epochs: int,
        tol: float,
    ) -> None:
        r"""Nesterov's method (FISTA's momentum schedule) with an adaptive step and restarts.

        Each iteration tries a step 1/L, with L below the last accepted one (by the factor
        ``_SHRINK``) if that was accepted at its first try, and halves
        the step until the sufficient decrease $J(x^+) \le J(y) - \lVert g \rVert^2 / (2L)$
        holds, which it does at the latest at $L = L_{\max}$. The scores are linear in the
        parameters, so the trial points' scores come from one product $g_W X^{\mathsf T}$ per
        iteration instead of one per trial. Scores are kept transposed (K x N), so that the
        reductions over the K classes run along contiguous rows.
        """
        n = X.shape[0]
        XT = np.ascontiguousarray(X.T)
        true_class = labels * n + np.arange(n)  # flat index of (y_n, n) in the K x N scores
        W, b = self.W.astype(np.float64), self.b.astype(np.float64)  # y: gradient point
        W_x, b_x = W.copy(), b.copy()  # x_k: the last accepted iterate
        ZT = W @ XT + b[:, None]
        ZT_x = ZT.copy()
        f_x = np.inf
        L = L_max
        t = 1.0
        accepted_at_once = True
        for epoch in range(epochs):
            if epoch % 64 == 63:  # refresh the scores kept up to date by linear updates
                ZT = W @ XT + b[:, None]
            top = ZT.max(axis=0)
            E = np.exp(ZT - top)
            total = E.sum(axis=0)
            z_true = ZT.take(true_class)
            f_y = float((top + np.log(total) - z_true).sum()) / n + 0.5 * l2 * float(np.vdot(W, W))
            if np.count_nonzero(E == 1.0) > n:  # a sample with tied top scores: argmax decides
                accuracy = float(np.mean(np.argmax(ZT, axis=0) == labels))
            else:  # one top score per sample: correct where the true class has it
                accuracy = np.count_nonzero(z_true == top) / n
            E *= 1.0 / (n * total)  # (Y - T)^T / N, built in place
            E.ravel()[true_class] -= 1.0 / n
            gW = E @ X
            if l2:
                gW += l2 * W
            gb = E.sum(axis=1)
            g2 = float(np.vdot(gW, gW) + np.vdot(gb, gb))
            self.history.append(f_y, accuracy, float(np.sqrt(g2)))
            if np.sqrt(g2) <= tol:
                self.converged = True
                break
            dZT = gW @ XT
            dZT += gb[:, None]  # the scores move by -dZT / L for the step -g / L
            if accepted_at_once:
                L = max(L * _SHRINK, 1e-12 * L_max)
            accepted_at_once = True
            while True:
                ZT_next = dZT * (-1.0 / L)
                ZT_next += ZT
                W_next = W - gW * (1.0 / L)
                lse = _logsumexp_columns(ZT_next)
                f_next = float((lse - ZT_next.take(true_class)).sum()) / n + 0.5 * l2 * float(
                    np.vdot(W_next, W_next)
                )
                if f_next <= f_y - 0.5 * g2 / L or L_max <= L:
                    break
                L = min(2.0 * L, L_max)
                accepted_at_once = False
            b_next = b - gb / L
            # Restart when the step undoes the momentum or the objective went up.
            uphill = float(np.vdot(gW, W_next - W_x) + np.vdot(gb, b_next - b_x)) > 0
            if f_next > f_x or uphill:
                t = 1.0
            t_next = 0.5 * (1.0 + np.sqrt(1.0 + 4.0 * t * t))
            coef = (t - 1.0) / t_next
            t = t_next
            W = W_next + coef * (W_next - W_x)
            b = b_next + coef * (b_next - b_x)
            ZT = ZT_next - ZT_x
            ZT *= coef
            ZT += ZT_next
            W_x, b_x, ZT_x, f_x = W_next, b_next, ZT_next, f_next
        self.W, self.b = W, b

    def _fit_mini_batch(
        self,
        X: FloatArray,
        labels: npt.NDArray[np.intp],
        l2: float,
        rate: float,
        beta: float,
        nesterov: bool,
        batch: int,
        epochs: int,
        tol: float,
        rng: np.random.Generator,
    ) -> None:
        n = X.shape[0]
        W, b = self.W.astype(np.float64), self.b.astype(np.float64)
        velocity_W, velocity_b = np.zeros_like(W), np.zeros_like(b)
        for _ in range(epochs):
            order = rng.permutation(n)
            for start in range(0, n, batch):
                index = order[start : start + batch]
                if nesterov:
                    W_ahead, b_ahead = W + beta * velocity_W, b + beta * velocity_b
                else:
                    W_ahead, b_ahead = W, b
                _, _, gW, gb = self._evaluate(X[index], labels[index], W_ahead, b_ahead, l2)
                velocity_W = beta * velocity_W - rate * gW
                velocity_b = beta * velocity_b - rate * gb
                W = W + velocity_W
                b = b + velocity_b
            loss, accuracy, gW, gb = self._evaluate(X, labels, W, b, l2)
            norm = float(np.sqrt(np.sum(gW * gW) + np.sum(gb * gb)))
            self.history.append(loss, accuracy, norm)
            if norm <= tol:
                self.converged = True
                break
        self.W, self.b = W, b

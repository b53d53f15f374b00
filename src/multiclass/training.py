r"""How models are trained: gradient descent on $J(\theta)$ in three forms, one epoch rule.

What is trained and how it is trained are kept apart, as optimiser libraries do. A model hands
:func:`train` its parameters as one float64 vector $\theta$ and a function
``evaluate(theta, rows)`` that returns an :class:`Evaluation`: the objective $J$ and its
gradient on the samples ``rows`` (all samples when ``None``), and the accuracy. An optimiser
proposes new parameters from these, once per epoch:

* :class:`GradientDescent`: full batch, a fixed step $\eta$ and optional momentum;
* :class:`AcceleratedDescent`: full batch, Nesterov's method with FISTA's schedule, an adaptive
  step and restarts;
* :class:`MiniBatchDescent`: a step per shuffled mini-batch, with momentum.

**One epoch rule for all three** (:func:`train`). Proposed parameters are accepted when their
objective and gradient are finite and the objective is no higher (up to rounding) than at the
start of training, and for full-batch descent with a fixed step no higher than after the epoch
before. Otherwise the epoch is undone: momentum, if the epoch started with any, is dropped,
else the step is halved for good (after Vogl et al. 1988). So training never ends above its
start, a step too long for the data is shortened until it works, and an overflow never reaches
the parameters; the ups and downs of stochastic descent below the start are left alone. Training stops when
$\lVert \nabla J \rVert \le$ ``tol``, or after ``max_epochs`` epochs with a
:class:`ConvergenceWarning` (unless ``tol = 0``, which asks for all the epochs). The models
check every argument; these classes trust theirs.

References:
    T. P. Vogl, J. K. Mangis, A. K. Rigler, W. T. Zink, D. L. Alkon, "Accelerating the
    convergence of the back-propagation method", Biological Cybernetics 59 (1988) 257-263,
    doi:10.1007/BF00332914.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from multiclass._validation import FloatArray

__all__ = ["ConvergenceWarning", "History"]

Rows = npt.NDArray[np.intp] | None

#: A rise of the objective by at most this many eps of its size is rounding, not a rise.
_ROUNDING = 1024.0 * float(np.finfo(np.float64).eps)
#: After a step accepted at its first try, the next one first tries a step 1/0.7 times longer.
_SHRINK = 0.7


class ConvergenceWarning(UserWarning):
    r"""Training stopped without converging: $\lVert \nabla J \rVert >$ ``tol`` after the last epoch.

    Also issued when every unit of a hidden layer is dead (its activation's derivative is 0 on
    every training sample). A subclass of ``UserWarning``, as in scikit-learn, so that it can be
    filtered on its own: ``warnings.simplefilter("error", ConvergenceWarning)``.

    Raises:
        Nothing: it is issued with :func:`warnings.warn`, which raises it only under an
            ``"error"`` filter.

    Examples:
        >>> import warnings
        >>> import numpy as np
        >>> from multiclass import ConvergenceWarning, LinearClassifier
        >>> X, y = np.array([[0.0], [1.0]]), np.array([0, 1])
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     model = LinearClassifier(2, 1).fit(X, y, max_epochs=3)
        >>> print(model.converged, caught[0].category.__name__)
        False ConvergenceWarning
    """


class Evaluation(NamedTuple):
    """What a model's ``evaluate(theta, rows)`` returns for the samples ``rows``."""

    loss: float
    gradient: FloatArray
    accuracy: float
    #: The fraction of dead units in each hidden layer (empty for a model without any).
    dead_fraction: tuple[float, ...] = ()


Evaluate = Callable[[FloatArray, Rows], Evaluation]


@dataclass
class History:
    r"""What training recorded: entry 0 at the start, then one entry after each epoch.

    Every entry describes the parameters training held at that point, the last one those it
    returned; an undone epoch (one that ended above the start) repeats the entry before it,
    with the step halved.

    Attributes:
        loss: The objective $J$ (with its penalty) on all training samples.
        accuracy: The fraction of training samples classified correctly.
        grad_norm: The Euclidean norm $\lVert \nabla J \rVert$ of the full gradient.
        step: The step length $\eta$ in force after the epoch.
        dead_fraction: For each hidden layer, the fraction of its units that are dead: their
            activation's derivative is 0 on every training sample, so no gradient flows
            through them (ReLU units whose input is never positive). Empty for a model
            without hidden layers.
    """

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    grad_norm: list[float] = field(default_factory=list)
    step: list[float] = field(default_factory=list)
    dead_fraction: list[tuple[float, ...]] = field(default_factory=list)

    def append(self, evaluation: Evaluation, step: float) -> None:
        """Record the parameters held after one more epoch."""
        self.loss.append(float(evaluation.loss))
        self.accuracy.append(float(evaluation.accuracy))
        self.grad_norm.append(norm(evaluation.gradient))
        self.step.append(float(step))
        self.dead_fraction.append(tuple(evaluation.dead_fraction))

    def __len__(self) -> int:
        return len(self.loss)

    @property
    def epochs(self) -> int:
        """The number of epochs run, ``len(history) - 1``."""
        return len(self) - 1


@dataclass(frozen=True)
class Result:
    """The parameters :func:`train` returns, its :class:`History`, and whether it converged."""

    theta: FloatArray
    history: History
    converged: bool


def norm(v: FloatArray) -> float:
    r"""$\lVert v \rVert_2$, scaled by $\max_i |v_i|$ first so that no square overflows."""
    top = float(np.max(np.abs(v), initial=0.0))
    if top == 0.0 or not math.isfinite(top):
        return top
    return top * math.sqrt(float(np.sum(np.square(v / top))))


class GradientDescent:
    r"""Full batch, $v \leftarrow \beta v - \eta \nabla J(\theta)$, then $\theta + v$ (heavy ball).

    With ``nesterov`` the kept point is Nesterov's look-ahead point, where the gradient is
    taken: $x' = \theta - \eta g$, $\theta' = x' + \beta (x' - x)$. ``beta = 0`` is plain descent.
    """

    #: Every epoch must lower J (up to rounding): deterministic descent.
    monotone = True

    def __init__(self, step: float, beta: float, nesterov: bool, size: int) -> None:
        self.step, self.beta, self.nesterov = step, beta, nesterov
        self.velocity = self.pending = np.zeros(size)

    def move(self, theta: FloatArray, gradient: FloatArray, share: float = 1.0) -> FloatArray:
        """One step of length ``share * step`` from ``theta``."""
        step = self.step * share
        self.pending = self.beta * self.pending - step * gradient
        if self.nesterov:
            return theta + self.beta * self.pending - step * gradient
        return theta + self.pending

    def propose(self, theta: FloatArray, evaluation: Evaluation) -> FloatArray:
        """The parameters after one epoch from ``theta``."""
        self.pending = self.velocity
        return self.move(theta, evaluation.gradient)

    def accept(self) -> None:
        """Keep the momentum of the accepted epoch."""
        self.velocity = self.pending

    def reject(self) -> None:
        """Drop the momentum if the undone epoch started with any, else halve the step."""
        if not np.any(self.velocity):
            self.step *= 0.5
        self.velocity = np.zeros_like(self.velocity)


class MiniBatchDescent(GradientDescent):
    r"""Per mini-batch $b$ of a fresh random order, $v \leftarrow \beta v - \eta \frac{|b|}{B} \nabla J_b$.

    $J_b$ is the objective on the batch. A short last batch takes the share $|b| / B$ of a step:
    every sample weighs $1/B$ in every epoch, and the tail adds no more noise than a full batch.
    """

    #: Stochastic: J may rise from one epoch to the next; only a rise above the start counts.
    monotone = False

    def __init__(
        self,
        evaluate: Evaluate,
        step: float,
        beta: float,
        nesterov: bool,
        size: int,
        *,
        num_samples: int,
        batch_size: int,
        rng: np.random.Generator,
    ) -> None:
        super().__init__(step, beta, nesterov, size)
        self.evaluate, self.n, self.batch, self.rng = evaluate, num_samples, batch_size, rng

    def propose(self, theta: FloatArray, evaluation: Evaluation) -> FloatArray:  # noqa: ARG002
        """The parameters after one pass of mini-batch steps from ``theta``."""
        self.pending = self.velocity
        order = self.rng.permutation(self.n)
        for start in range(0, self.n, self.batch):
            rows = order[start : start + self.batch]
            theta = self.move(theta, self.evaluate(theta, rows).gradient, len(rows) / self.batch)
        return theta


class AcceleratedDescent:
    r"""Nesterov's method with FISTA's schedule $\beta_k = (t_k - 1) / t_{k+1}$, backtracking and restarts.

    Each epoch first tries a step 1/0.7 times longer than the last if that was accepted at its
    first try, and halves it until $J(x^+) \le J(y) - \lVert g \rVert^2 / (2L)$, which holds
    at the latest at $L =$ ``lipschitz``, a Lipschitz constant of $\nabla J$; ``objective``
    gives $J$ at the trial points. Momentum restarts when the objective rises or the step
    points against it (O'Donoghue & Candès 2015, doi:10.1007/s10208-013-9150-3).
    """

    #: Its extrapolated points may rise; its own restarts deal with that.
    monotone = False

    def __init__(self, objective: Callable[[FloatArray], float], lipschitz: float) -> None:
        self.objective, self.L_max, self.L = objective, lipschitz, lipschitz
        self.step, self.t, self.f_x, self.at_once = 1.0 / lipschitz, 1.0, math.inf, True
        self.x: FloatArray | None = None  # the last accepted iterate x_k
        self.pending: tuple[FloatArray, float, float, float] = (np.zeros(0), 0.0, 1.0, 0.0)

    def propose(self, theta: FloatArray, evaluation: Evaluation) -> FloatArray:
        r"""The next gradient point $y_{k+1} = x_{k+1} + \beta_k (x_{k+1} - x_k)$."""
        g, f_y = evaluation.gradient, evaluation.loss
        g_norm = norm(g)
        if self.at_once:
            self.L = max(self.L * _SHRINK, 1e-12 * self.L_max)
        self.at_once = True
        while True:  # at most log2(1e12) doublings: L reaches L_max
            x_next = theta - g / self.L
            f_next = self.objective(x_next)
            if f_next <= f_y - 0.5 * (g_norm / math.sqrt(self.L)) ** 2 or self.L_max <= self.L:
                break
            self.L = min(2.0 * self.L, self.L_max)
            self.at_once = False
        self.step = 1.0 / self.L
        x = theta if self.x is None else self.x
        t = self.t
        if not f_next <= self.f_x or float(np.vdot(g, x_next - x)) > 0.0:
            t = 1.0  # restart: the objective rose, or the step undoes the momentum
        t_next = 0.5 * (1.0 + math.sqrt(1.0 + 4.0 * t * t))
        coef = (t - 1.0) / t_next
        self.pending = (x_next, f_next, t_next, coef)
        return x_next + coef * (x_next - x) if coef else x_next

    def accept(self) -> None:
        """Keep $x_{k+1}$ and the schedule."""
        self.x, self.f_x, self.t, _ = self.pending

    def reject(self) -> None:
        """Restart the momentum; if a plain step failed, halve the longest safe step."""
        if self.pending[3] == 0.0:
            self.L_max *= 2.0
        self.x, self.f_x, self.t = None, math.inf, 1.0


def _finite(evaluation: Evaluation) -> bool:
    return math.isfinite(evaluation.loss) and bool(np.all(np.isfinite(evaluation.gradient)))


def train(
    optimiser: GradientDescent | AcceleratedDescent,
    evaluate: Evaluate,
    theta: FloatArray,
    *,
    max_epochs: int,
    tol: float,
    advice: str,
) -> Result:
    """Run ``optimiser`` from ``theta`` under the epoch rule of the module's docstring.

    ``advice`` ends the :class:`ConvergenceWarning`'s message: what the caller can change.
    Warnings point at the caller's caller (the user's call of a model's ``fit``).

    Raises:
        ValueError: if the objective or its gradient at ``theta`` is not finite.
    """
    history = History()
    # Overflow is caught by the finiteness test below, not by numpy's RuntimeWarnings.
    with np.errstate(all="ignore"):
        evaluation = evaluate(theta, None)
        if not _finite(evaluation):
            msg = (
                f"the objective at the starting parameters is {evaluation.loss}: the scores "
                f"overflow float64; standardise X (zero mean, unit variance per feature)"
            )
            raise ValueError(msg)
        history.append(evaluation, optimiser.step)
        start = evaluation.loss + _ROUNDING * (1.0 + abs(evaluation.loss))
        undone = 0
        for _ in range(max_epochs):
            if history.grad_norm[-1] <= tol:
                break
            candidate = optimiser.propose(theta, evaluation)
            new = evaluate(candidate, None)
            limit = start
            if optimiser.monotone:
                limit = min(start, evaluation.loss + _ROUNDING * (1.0 + abs(evaluation.loss)))
            if _finite(new) and new.loss <= limit:
                theta, evaluation = candidate, new
                optimiser.accept()
            else:
                optimiser.reject()
                undone += 1
            history.append(evaluation, optimiser.step)
    converged = history.grad_norm[-1] <= tol
    if not converged and tol > 0.0:
        msg = (
            f"training stopped after {history.epochs} epochs without converging: the gradient "
            f"norm is {history.grad_norm[-1]:.3g} > tol = {tol:.3g} ({undone} epochs undone). To converge: {advice}."
        )
        warnings.warn(msg, ConvergenceWarning, stacklevel=3)
    for layer, fraction in enumerate(evaluation.dead_fraction, start=1):
        if fraction == 1.0:
            msg = (
                f"every unit of hidden layer {layer} is dead: its activation's derivative is 0 "
                f"on every training sample, so the scores no longer depend on X. Standardise X "
                f"(zero mean, unit variance per feature), take a smaller step, or another seed."
            )
            warnings.warn(msg, ConvergenceWarning, stacklevel=3)
    return Result(theta, history, converged)

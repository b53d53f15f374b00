r"""Optimisers: how one epoch moves the parameters $\theta$, for :func:`multiclass.training.train`.

Each proposes new parameters from the current ones and their evaluation (``propose``), and
hears whether the epoch was kept (``accept``) or undone (``reject``):

* :class:`GradientDescent`: full batch, a fixed step $\eta$ and optional momentum;
* :class:`AcceleratedDescent`: full batch, Nesterov's method with FISTA's schedule, an adaptive
  step and restarts;
* :class:`MiniBatchDescent`: a step per shuffled mini-batch, with momentum.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from multiclass._validation import FloatArray
from multiclass.training import Evaluate, Evaluation, norm

__all__: list[str] = []

#: After a step accepted at its first try, the next one first tries a step 1/0.7 times longer.
_SHRINK = 0.7


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
        """Drop the momentum if the undone epoch started with any, else halve the step.

        Plain descent (``beta = 0``) carries no momentum, whatever its last step was: every undone
        epoch halves its step.
        """
        if self.beta == 0.0 or not np.any(self.velocity):
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

    def propose(self, theta: FloatArray, evaluation: Evaluation) -> FloatArray:
        """The parameters after one pass of mini-batch steps from ``theta``.

        A single batch holding every sample takes the full gradient that the loop has already
        computed at ``theta`` (the same sum in another order), instead of computing it again.
        """
        self.pending = self.velocity
        if self.batch >= self.n:
            return self.move(theta, evaluation.gradient)
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

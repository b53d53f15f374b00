r"""How models are trained: one loop over epochs for every optimiser and every model.

What is trained and how it is trained are kept apart, as optimiser libraries do. A model hands
:func:`train` its parameters as one float64 vector $\theta$ and a function
``evaluate(theta, rows)`` that returns an :class:`Evaluation`: the objective $J$ and its
gradient on the samples ``rows`` (all samples when ``None``), and the accuracy. An
:class:`Optimiser` (:mod:`multiclass.optimisers`) proposes new parameters once per epoch.

**The epoch rule.** Proposed parameters are accepted when their objective and gradient are
finite and the objective is no higher (up to rounding) than at the start of training, and, for
an optimiser that must descend (full-batch descent with a fixed step), no higher than after the
epoch before. Otherwise the epoch is undone and the optimiser told so: it drops its momentum or
shortens its step (after Vogl et al. 1988). So training never ends above its start, a step too
long for the data is shortened until it works, and an overflow never reaches the parameters;
the ups and downs of stochastic descent below the start are left alone. Training stops when
$\lVert \nabla J \rVert \le$ ``tol``, or after ``max_epochs`` epochs with a
:class:`ConvergenceWarning` (unless ``tol = 0``, which asks for all the epochs). The models
check every argument; the loop trusts its own.

**Early stopping.** Given a ``monitor`` (the loss and accuracy on held-out validation data),
the loop records them at the start and after every epoch. With a ``patience`` $p$ it also stops
once $p$ epochs have passed without a new lowest validation loss, and returns the parameters of
the epoch with the lowest one, ``History.best_epoch`` (Prechelt 1998; Goodfellow, Bengio &
Courville 2016, algorithm 7.1). Stopping this way is the point, not a failure: it issues no
:class:`ConvergenceWarning`.

References:
    T. P. Vogl, J. K. Mangis, A. K. Rigler, W. T. Zink, D. L. Alkon, "Accelerating the
    convergence of the back-propagation method", Biological Cybernetics 59 (1988) 257-263,
    doi:10.1007/BF00332914.
    L. Prechelt, "Early Stopping - But When?", in Neural Networks: Tricks of the Trade, LNCS
    1524 (1998) 55-69, doi:10.1007/3-540-49430-8_3.
    I. Goodfellow, Y. Bengio, A. Courville, "Deep Learning", MIT Press (2016), section 7.8,
    https://www.deeplearningbook.org/contents/regularization.html.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

import numpy as np
import numpy.typing as npt

from multiclass._validation import FloatArray

__all__ = ["ConvergenceWarning", "History"]

Rows = npt.NDArray[np.intp] | None

#: A rise of the objective by at most this many eps of its size is rounding, not a rise.
_ROUNDING = 1024.0 * float(np.finfo(np.float64).eps)


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
#: The mean cross-entropy (no penalty) and the accuracy on validation data, given the parameters.
Monitor = Callable[[FloatArray], tuple[float, float]]


@dataclass
class History:
    r"""What training recorded: entry 0 at the start, then one entry after each epoch.

    Every entry describes the parameters training held at that point; an undone epoch repeats
    the entry before it (with the optimiser's new step). ``fit`` returns the parameters of the
    last entry, or, with early stopping (``patience``), those of entry ``best_epoch``.

    Attributes:
        loss: The objective $J$ (with its penalty) on all training samples.
        accuracy: The fraction of training samples classified correctly.
        grad_norm: The Euclidean norm $\lVert \nabla J \rVert$ of the full gradient.
        step: The step length $\eta$ in force after the epoch.
        dead_fraction: For each hidden layer, the fraction of its units that are dead: their
            activation's derivative is 0 on every training sample, so no gradient flows
            through them (ReLU units whose input is never positive). Empty for a model
            without hidden layers.
        val_loss: The mean cross-entropy on the validation data (without the penalty), one
            entry per entry of ``loss``; empty when ``fit`` was given no validation data.
        val_accuracy: The fraction of validation samples classified correctly, likewise.
        best_epoch: The entry with the lowest ``val_loss`` (the first of equals), or ``None``
            without validation data.

    Examples:
        >>> import numpy as np
        >>> from multiclass import LinearClassifier
        >>> X, labels = np.array([[-1.0], [1.0]]), np.array([0, 1])
        >>> model = LinearClassifier(2, 1).fit(X, labels, max_epochs=3, tol=0.0,
        ...                                    validation=(X, labels))
        >>> print(model.history.epochs, len(model.history.val_loss), model.history.best_epoch)
        3 4 3
    """

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    grad_norm: list[float] = field(default_factory=list)
    step: list[float] = field(default_factory=list)
    dead_fraction: list[tuple[float, ...]] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    best_epoch: int | None = None

    def append(self, evaluation: Evaluation, step: float) -> None:
        """Record the parameters held after one more epoch."""
        self.loss.append(float(evaluation.loss))
        self.accuracy.append(float(evaluation.accuracy))
        self.grad_norm.append(norm(evaluation.gradient))
        self.step.append(float(step))
        self.dead_fraction.append(tuple(evaluation.dead_fraction))

    def append_validation(self, loss: float, accuracy: float) -> bool:
        """Record the validation loss and accuracy of the last entry; whether it is a new best."""
        self.val_loss.append(float(loss))
        self.val_accuracy.append(float(accuracy))
        if self.best_epoch is None or loss < self.val_loss[self.best_epoch]:
            self.best_epoch = len(self.val_loss) - 1
            return True
        return False

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


class Optimiser(Protocol):
    """What :func:`train` asks of an optimiser (see :mod:`multiclass.optimisers`)."""

    #: The step length in force, recorded in the :class:`History`.
    step: float
    #: Whether every epoch must lower J (deterministic descent) or only stay below the start.
    monotone: bool

    def propose(self, theta: FloatArray, evaluation: Evaluation) -> FloatArray:
        """The parameters after one epoch from ``theta``, evaluated as ``evaluation``."""

    def accept(self) -> None:
        """The proposal was kept."""

    def reject(self) -> None:
        """The proposal was undone."""


def _finite(evaluation: Evaluation) -> bool:
    return math.isfinite(evaluation.loss) and bool(np.all(np.isfinite(evaluation.gradient)))


def train(
    optimiser: Optimiser,
    evaluate: Evaluate,
    theta: FloatArray,
    *,
    max_epochs: int,
    tol: float,
    advice: str,
    monitor: Monitor | None = None,
    patience: int | None = None,
) -> Result:
    """Run ``optimiser`` from ``theta`` under the epoch rule of the module's docstring.

    ``advice`` ends the :class:`ConvergenceWarning`'s message: what the caller can change.
    ``monitor`` scores the parameters on validation data after every epoch; with ``patience``
    (which needs a ``monitor``) training stops early and returns the best epoch's parameters.
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
        if monitor is not None:
            history.append_validation(*monitor(theta))
        best = theta  # the parameters of history.best_epoch
        start = evaluation.loss + _ROUNDING * (1.0 + abs(evaluation.loss))
        undone, stopped_early = 0, False
        for _ in range(max_epochs):
            if history.grad_norm[-1] <= tol:
                break
            if patience is not None and history.epochs - (history.best_epoch or 0) >= patience:
                stopped_early = True
                break
            candidate = optimiser.propose(theta, evaluation)
            new = evaluate(candidate, None)
            limit = start
            if optimiser.monotone:
                limit = min(start, evaluation.loss + _ROUNDING * (1.0 + abs(evaluation.loss)))
            kept = _finite(new) and new.loss <= limit
            if kept:
                theta, evaluation = candidate, new
                optimiser.accept()
            else:
                optimiser.reject()
                undone += 1
            history.append(evaluation, optimiser.step)
            if monitor is not None:
                # An undone epoch left the parameters, and so their scores, as they were.
                scores = (
                    monitor(theta) if kept else (history.val_loss[-1], history.val_accuracy[-1])
                )
                if history.append_validation(*scores):
                    best = theta
    returned = len(history) - 1
    if patience is not None and history.best_epoch is not None:
        theta, returned = best, history.best_epoch
    converged = history.grad_norm[returned] <= tol
    if not history.grad_norm[-1] <= tol and tol > 0.0 and not stopped_early:
        undone_note = f" ({undone} epochs undone)" if undone else ""
        msg = (
            f"training stopped after {history.epochs} epochs{undone_note} without converging: "
            f"the gradient norm is {history.grad_norm[-1]:.3g} > tol = {tol:.3g}. To converge: "
            f"{advice}."
        )
        warnings.warn(msg, ConvergenceWarning, stacklevel=3)
    for layer, fraction in enumerate(history.dead_fraction[returned], start=1):
        if fraction == 1.0:
            msg = (
                f"every unit of hidden layer {layer} is dead: its activation's derivative is 0 "
                f"on every training sample, so the scores no longer depend on X. Standardise X "
                f"(zero mean, unit variance per feature), take a smaller step, or another seed."
            )
            warnings.warn(msg, ConvergenceWarning, stacklevel=3)
    return Result(theta, history, converged)

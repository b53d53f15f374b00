"""The contract of the numerics core for non-finite and empty input, as executable cases.

Each :class:`Case` is one call and its exact expected result. ``tests/test_contract.py`` runs
every case in float16, float32 and float64; the Numerical behaviour page runs them again at
build time and prints the table from the actual results, so the page cannot state a result that
the library does not produce.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

import multiclass

__all__ = ["CASES", "Case"]

inf, nan = np.inf, np.nan
LOG2 = float(np.log(2.0))


@dataclass(frozen=True)
class Case:
    """``function(scores, *args, **kwargs)`` must equal ``expected`` exactly (nan equals nan)."""

    rule: str
    function: str
    scores: Any
    expected: Any
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def call(self) -> Callable[..., Any]:
        """The public function of ``multiclass`` that the case calls."""
        function: Callable[..., Any] = getattr(multiclass, self.function)
        return function

    def run(self, dtype: Any = np.float64) -> npt.NDArray[Any]:
        """Call the function with the scores converted to ``dtype``."""
        return np.asarray(
            self.call(np.asarray(self.scores, dtype=dtype), *self.args, **self.kwargs)
        )

    def holds(self, result: npt.NDArray[Any], dtype: Any = np.float64) -> bool:
        """Whether ``result`` has ``dtype`` and equals the expected values rounded to it."""
        expected = np.asarray(self.expected, dtype=dtype)
        return bool(
            result.dtype == np.dtype(dtype)
            and result.shape == expected.shape
            and np.array_equal(result, expected, equal_nan=True)
        )

    @property
    def text(self) -> str:
        """The call as a reader would type it."""
        parts = [_show(self.scores), *(_show(a) for a in self.args)]
        parts += [f"{key}={value!r}" for key, value in self.kwargs.items()]
        return f"{self.function}({', '.join(parts)})"


def _show(value: Any) -> str:
    """Score lists as typed (``inf``, ``-inf``, ``nan``), arrays by their constructor."""
    if isinstance(value, np.ndarray):
        if value.size == 0:
            return f"np.zeros({value.shape}{', dtype=int' if value.dtype.kind == 'i' else ''})"
        return repr(value.tolist())
    return repr(value)


CASES: list[Case] = [
    # +inf: the exact limit, a one-hot split evenly over the tied +inf entries.
    Case("+inf entries take all the probability", "softmax", [1.0, inf, 2.0], [0.0, 1.0, 0.0]),
    Case("+inf entries take all the probability", "log_softmax", [1.0, inf, 2.0], [-inf, 0, -inf]),
    Case("+inf entries take all the probability", "logsumexp", [1.0, inf, 2.0], inf),
    Case("tied +inf entries share it evenly", "softmax", [inf, 0.0, inf], [0.5, 0.0, 0.5]),
    Case("tied +inf entries share it evenly", "log_softmax", [inf, 0.0, inf], [-LOG2, -inf, -LOG2]),
    # all -inf: e^{-inf} / e^{-inf} = 0 / 0 has no limit.
    Case("a row of only -inf has no distribution", "softmax", [-inf, -inf], [nan, nan]),
    Case("a row of only -inf has no distribution", "log_softmax", [-inf, -inf], [nan, nan]),
    Case("a row of only -inf has no distribution", "logsumexp", [-inf, -inf], -inf),
    # -inf among finite entries: probability exactly 0, the others as if it were absent.
    Case("-inf among finite scores is masked exactly", "softmax", [0.0, -inf, 0.0], [0.5, 0, 0.5]),
    Case("-inf among finite scores is masked exactly", "logsumexp", [0.0, -inf, 0.0], LOG2),
    Case(
        "-inf among finite scores is masked exactly",
        "log_softmax",
        [0.0, -inf, 0.0],
        [-LOG2, -inf, -LOG2],
    ),
    # nan: its own row only.
    Case("nan stays in its row", "softmax", [[nan, 0.0], [0.0, 0.0]], [[nan, nan], [0.5, 0.5]]),
    Case("nan stays in its row", "logsumexp", [[nan, 0.0], [0.0, 0.0]], [nan, LOG2]),
    Case("nan stays in its row", "softmax", [[nan, inf], [inf, 0.0]], [[nan, nan], [1.0, 0.0]]),
    # Empty reduction axis: the sum of no exponentials is 0.
    Case("an empty axis: logsumexp is log 0", "logsumexp", np.zeros((2, 0)), [-inf, -inf]),
    Case("an empty axis: an empty result", "softmax", np.zeros((2, 0)), np.zeros((2, 0))),
    Case("no rows: empty results", "logsumexp", np.zeros((0, 3)), np.zeros(0)),
    Case("no rows: empty results", "log_softmax", np.zeros((0, 3)), np.zeros((0, 3))),
    # Cross-entropy.
    Case("-inf at the true class costs +inf", "cross_entropy", [-inf, 0.0], inf, (0,)),
    Case("-inf at the true class costs +inf", "cross_entropy", [-inf, 0.0], inf, ([1.0, 0.0],)),
    Case(
        "-inf at the true class costs +inf",
        "cross_entropy",
        [-inf, 0.0],
        inf,
        (1,),
        {"label_smoothing": 0.1},
    ),
    Case("-inf elsewhere costs nothing", "cross_entropy", [-inf, 0.0], 0.0, (1,)),
    Case("+inf at the true class costs 0", "cross_entropy", [inf, 0.0], 0.0, (0,)),
    Case("+inf elsewhere costs +inf", "cross_entropy", [inf, 0.0], inf, (1,)),
    Case("a nan score makes the loss nan", "cross_entropy", [nan, 0.0], nan, (1,)),
    Case(
        "no samples: the mean is nan, the sum 0",
        "cross_entropy",
        np.zeros((0, 3)),
        nan,
        (np.zeros(0, dtype=int),),
    ),
    Case(
        "no samples: the mean is nan, the sum 0",
        "cross_entropy",
        np.zeros((0, 3)),
        0.0,
        (np.zeros(0, dtype=int),),
        {"reduction": "sum"},
    ),
    Case("the gradient at the limits", "cross_entropy_grad", [inf, 0.0], [0.0, 0.0], (0,)),
    Case("the gradient at the limits", "cross_entropy_grad", [-inf, 0.0], [-1.0, 1.0], (0,)),
    # Binary cross-entropy from logits: exact limits, never nan.
    Case(
        "BCE at infinite scores: 0 or +inf",
        "binary_cross_entropy",
        [inf, inf, -inf, -inf, inf],
        [0.0, inf, 0.0, inf, inf],
        ([1.0, 0.0, 0.0, 1.0, 0.5],),
        {"reduction": "none"},
    ),
    # Temperature: the scores are shifted by their maximum before they are divided by T.
    Case(
        "temperature 0 is the argmax limit",
        "softmax",
        [3.0, -1.0, 4.0],
        [0.0, 0.0, 1.0],
        kwargs={"temperature": 0},
    ),
    Case(
        "temperature 0 is the argmax limit",
        "log_softmax",
        [3.0, -1.0, 4.0],
        [-inf, -inf, 0.0],
        kwargs={"temperature": 0},
    ),
    Case(
        "at temperature 0 tied maxima share evenly",
        "softmax",
        [2.0, 2.0, -1.0],
        [0.5, 0.5, 0.0],
        kwargs={"temperature": 0},
    ),
    Case(
        "at temperature 0 tied maxima share evenly",
        "log_softmax",
        [2.0, 2.0, -1.0],
        [-LOG2, -LOG2, -inf],
        kwargs={"temperature": 0},
    ),
    Case(
        "a tiny temperature is the argmax, not a tie of infinities",
        "softmax",
        [3.0, -1.0, 4.0],
        [0.0, 0.0, 1.0],
        kwargs={"temperature": 1e-308},
    ),
    Case(
        "an infinite temperature is uniform over the finite scores",
        "softmax",
        [3.0, -inf, 4.0],
        [0.5, 0.0, 0.5],
        kwargs={"temperature": inf},
    ),
    Case(
        "at temperature 0 a wrong argmax costs +inf",
        "cross_entropy",
        [3.0, -1.0, 4.0],
        inf,
        (0,),
        {"temperature": 0},
    ),
    Case(
        "at temperature 0 a right argmax costs 0",
        "cross_entropy",
        [3.0, -1.0, 4.0],
        0.0,
        (2,),
        {"temperature": 0},
    ),
    # The sigmoid.
    Case("sigmoid at infinity and nan", "sigmoid", [-inf, inf, nan], [0.0, 1.0, nan]),
    Case("sigmoid at infinity and nan", "log_sigmoid", [-inf, inf, nan], [-inf, 0.0, nan]),
]

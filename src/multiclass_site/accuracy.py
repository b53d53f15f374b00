r"""High-precision references, condition numbers and ulp errors for the numerics core.

Used by ``tests/test_accuracy.py`` (the accuracy targets) and by the Numerical behaviour page
(the measured table). The references are evaluated with mpmath at :data:`DIGITS` significant
digits from the exact binary values of the inputs, in forms without cancellation:
with $a = z_k = \max_i z_i$ and $s = \sum_{i \ne k} e^{z_i - a}$,

.. math::

    \operatorname{lse}(z) = a + \operatorname{log1p}(s), \quad
    y_i = \frac{e^{z_i - a}}{1 + s}, \quad
    \log y_i = (z_i - a) - \operatorname{log1p}(s), \quad
    E_j = (a - z_j) + \operatorname{log1p}(s),

where the last two add terms of one sign. (``log(sum(exp(z)))`` at 50 digits would not do:
``log_softmax([200, 10, -4])[0]`` is $-3 \times 10^{-83}$, far below 50 digits of 200.)

Condition numbers are componentwise and relative: how much a relative change of at most
$\epsilon$ in each $z_j$ changes the output, relative to its size, to first order in $\epsilon$.

* logsumexp: $\kappa = \sum_i |z_i| y_i / |\operatorname{lse}(z)|$ (Blanchard, Higham & Higham
  2021, Section 2), since $\partial \operatorname{lse} / \partial z_i = y_i$.
* softmax, entry $i$: $\partial y_i / \partial z_j = y_i (\delta_{ij} - y_j)$, so
  $\kappa_i = \sum_j |\delta_{ij} - y_j|\,|z_j| = |z_i| (1 - y_i) + \sum_{j \ne i} |z_j| y_j$.
* log_softmax, entry $i$: $\partial \log y_i / \partial z_j = \delta_{ij} - y_j$, so
  $\kappa_i = \bigl(|z_i| (1 - y_i) + \sum_{j \ne i} |z_j| y_j\bigr) / |\log y_i|$.
* cross-entropy with label $j$: $E = -\log y_j$, the log_softmax number of entry $j$.

An algorithm that is backward stable with a small constant has forward error at most about
$(c_1 + c_2 \kappa)$ ulps, so the tests divide the error by $1 + \kappa$ before comparing it
with the target (Blanchard, Higham & Higham 2021, doi:10.1093/imanum/draa038).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import mpmath
import numpy as np
import numpy.typing as npt

__all__ = [
    "DIGITS",
    "REFERENCES",
    "condition",
    "reference",
    "ulp_error",
]

#: Significant decimal digits of the mpmath references (about 166 bits).
DIGITS = 50

Mpf = Any  # mpmath.mpf: mpmath ships no type information
Vector = Sequence[float]


def _mpf_vector(z: npt.ArrayLike, temperature: float = 1.0) -> list[Mpf]:
    """The exact binary values of float16/32/64 entries as mpmath numbers, divided by T.

    The division is carried out at the working precision (:data:`DIGITS` digits), so the
    scores of a softmax with temperature T are ``z / T`` to about 50 digits whatever T.
    """
    values = [mpmath.mpf(float(v)) for v in np.asarray(z).reshape(-1)]
    if temperature == 1.0:
        return values
    divisor = mpmath.mpf(float(temperature))
    return [v / divisor for v in values]


def _parts(z: list[Mpf]) -> tuple[Mpf, int, Mpf]:
    """``(a, k, s)``: the maximum, its first index, and the sum of the other shifted exps."""
    k = max(range(len(z)), key=lambda i: z[i])
    a = z[k]
    s = mpmath.fsum(mpmath.exp(zi - a) for i, zi in enumerate(z) if i != k)
    return a, k, s


def _logsumexp(z: list[Mpf]) -> list[Mpf]:
    a, _, s = _parts(z)
    return [a + mpmath.log1p(s)]


def _softmax(z: list[Mpf]) -> list[Mpf]:
    a, _, s = _parts(z)
    return [mpmath.exp(zi - a) / (1 + s) for zi in z]


def _log_softmax(z: list[Mpf]) -> list[Mpf]:
    a, _, s = _parts(z)
    log1p_s = mpmath.log1p(s)
    return [(zi - a) - log1p_s for zi in z]


def _sigmoid(z: list[Mpf]) -> list[Mpf]:
    return [1 / (1 + mpmath.exp(-zi)) for zi in z]


def _log_sigmoid(z: list[Mpf]) -> list[Mpf]:
    return [-mpmath.log1p(mpmath.exp(-zi)) for zi in z]


#: The reference of each function of one score vector, as a list of mpmath numbers.
REFERENCES: dict[str, Callable[[list[Mpf]], list[Mpf]]] = {
    "logsumexp": _logsumexp,
    "softmax": _softmax,
    "log_softmax": _log_softmax,
    "sigmoid": _sigmoid,
    "log_sigmoid": _log_sigmoid,
}


def reference(
    function: str, z: npt.ArrayLike, label: int | None = None, temperature: float = 1.0
) -> list[Mpf]:
    """High-precision values of ``function`` at the exact values of the score vector ``z``.

    ``function`` is a key of :data:`REFERENCES` or ``"cross_entropy"`` (then ``label`` is the
    true class $j$ and the result is $[E_j]$). Elementwise functions return one value per entry.
    A finite ``temperature`` T > 0 evaluates the function at ``z / T``.
    """
    with mpmath.workdps(DIGITS):
        values = _mpf_vector(z, temperature)
        if function == "cross_entropy":
            if label is None:
                msg = "cross_entropy needs the label j"
                raise ValueError(msg)
            a, _, s = _parts(values)
            return [(a - values[label]) + mpmath.log1p(s)]
        return REFERENCES[function](values)


def condition(
    function: str, z: npt.ArrayLike, label: int | None = None, temperature: float = 1.0
) -> list[float]:
    """Componentwise relative condition numbers (see the module docstring), one per output.

    An output that is exactly 0 with a zero numerator has condition number 0; one that is 0
    with a positive numerator has an infinite one. With a ``temperature`` T, the numbers are
    those of the function at the scores ``z / T``.
    """
    with mpmath.workdps(DIGITS):
        values = _mpf_vector(z, temperature)
        y = _softmax(values)
        # sum_j |delta_ij - y_j| |z_j| = |z_i| (1 - y_i) + sum_{j != i} |z_j| y_j, with both
        # sums over j != i taken directly: 1 - y_i and weighted - |z_i| y_i would cancel when
        # y_i is within 1e-50 of 1.
        terms = [abs(zj) * yj for zj, yj in zip(values, y, strict=True)]
        numerators = [
            abs(zi) * mpmath.fsum(y[:i] + y[i + 1 :]) + mpmath.fsum(terms[:i] + terms[i + 1 :])
            for i, zi in enumerate(values)
        ]
        if function == "logsumexp":
            pairs = [
                (
                    mpmath.fsum(abs(zj) * yj for zj, yj in zip(values, y, strict=True)),
                    abs(_logsumexp(values)[0]),
                )
            ]
        elif function == "softmax":
            pairs = [(n, mpmath.mpf(1)) for n in numerators]
        elif function == "log_softmax":
            pairs = [(n, abs(v)) for n, v in zip(numerators, _log_softmax(values), strict=True)]
        elif function == "cross_entropy":
            if label is None:
                msg = "cross_entropy needs the label j"
                raise ValueError(msg)
            pairs = [(numerators[label], abs(_log_softmax(values)[label]))]
        else:
            msg = f"no condition number for {function!r}"
            raise ValueError(msg)
        return [
            0.0 if num == 0 else (float(num / den) if den != 0 else float("inf"))
            for num, den in pairs
        ]


def ulp_error(computed: npt.ArrayLike, exact: Sequence[Mpf], dtype: Any) -> npt.NDArray[np.float64]:
    r"""``|computed - exact|`` in units in the last place of ``dtype`` at ``exact``, per entry.

    The ulp of a real $x$ with $2^{E} \le |x| < 2^{E+1}$ is $2^{E - p + 1}$ for a format with
    $p$ significand bits, and the subnormal spacing below the normal range (also for
    $x = 0$). A non-finite computed value where the exact one is finite is infinitely wrong,
    and so is a finite one where the exact value lies beyond the largest float of ``dtype``.
    """
    info = np.finfo(dtype)
    p = info.nmant + 1
    smallest = info.minexp - info.nmant  # exponent of the subnormal spacing
    # Exact values beyond max + ulp(max) / 2 round to infinity.
    largest = mpmath.mpf(float(info.max)) + mpmath.ldexp(1, info.maxexp - p - 1)
    values = np.asarray(computed, dtype=np.float64).reshape(-1)
    errors = np.empty(len(exact))
    with mpmath.workdps(DIGITS):
        for index, (got, want) in enumerate(zip(values, exact, strict=True)):
            if abs(want) >= largest:
                # Beyond the range: the correctly rounded result is the infinity of its sign.
                errors[index] = 0.0 if got == np.sign(float(want)) * np.inf else np.inf
                continue
            if not np.isfinite(got):
                errors[index] = np.inf
                continue
            exponent = smallest if want == 0 else max(mpmath.frexp(want)[1] - p, smallest)
            errors[index] = float(abs(mpmath.mpf(float(got)) - want) / mpmath.ldexp(1, exponent))
    return errors

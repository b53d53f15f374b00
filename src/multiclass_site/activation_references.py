r"""mpmath references and condition numbers of the activations and their derivatives.

Each activation $\phi$ is evaluated at the exact value of a float $a$, at the precision set by
the caller (:func:`multiclass_site.accuracy.reference` uses 50 digits), in forms without
cancellation; the GELU uses the exact constants $\sqrt{2/\pi}$ and $0.044715$ of its
definition. The condition number of an elementwise $f$ is $\kappa(a) = |a\,f'(a) / f(a)|$: how
much a relative change $\delta$ in $a$ moves $f(a)$, relative to its size, to first order.
With $s = \sigma(2u)$, $r = \sigma(-2u)$, $2u = 2\sqrt{2/\pi}\,(a + 0.044715\,a^3)$ and
$v = (2u)' = 2\sqrt{2/\pi}\,(1 + 3 \cdot 0.044715\,a^2)$:

.. math::

    \operatorname{gelu} = a s, \quad
    \operatorname{gelu}' = s + a v s r, \quad
    \operatorname{gelu}'' = 2 v s r + a v' s r + a v^2 s r (r - s).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpmath

__all__ = ["ACTIVATION_REFERENCES"]

Mpf = Any  # mpmath.mpf: mpmath ships no type information


def _sigma(x: Mpf) -> Mpf:
    return 1 / (1 + mpmath.exp(-x))


def _gelu_terms(a: Mpf) -> tuple[Mpf, Mpf, Mpf, Mpf]:
    """``(s, r, v, v')`` of the module docstring, with the exact constants."""
    two_c = 2 * mpmath.sqrt(2 / mpmath.pi)
    k = mpmath.mpf("0.044715")
    two_u = two_c * (a + k * a**3)
    return _sigma(two_u), _sigma(-two_u), two_c * (1 + 3 * k * a**2), two_c * 6 * k * a


def _gelu(a: Mpf) -> tuple[Mpf, Mpf]:
    s, r, v, _ = _gelu_terms(a)
    return a * s, a * (s + a * v * s * r)


def _gelu_grad(a: Mpf) -> tuple[Mpf, Mpf]:
    s, r, v, dv = _gelu_terms(a)
    first = s + a * v * s * r
    second = 2 * v * s * r + a * dv * s * r + a * v**2 * s * r * (r - s)
    return first, a * second


def _relu(a: Mpf) -> tuple[Mpf, Mpf]:
    return (a, a) if a > 0 else (mpmath.mpf(0), mpmath.mpf(0))


def _relu_grad(a: Mpf) -> tuple[Mpf, Mpf]:
    return mpmath.mpf(1 if a > 0 else 0), mpmath.mpf(0)


def _tanh(a: Mpf) -> tuple[Mpf, Mpf]:
    return mpmath.tanh(a), a * mpmath.sech(a) ** 2


def _tanh_grad(a: Mpf) -> tuple[Mpf, Mpf]:
    sech2 = mpmath.sech(a) ** 2
    return sech2, -2 * a * mpmath.tanh(a) * sech2


def _sigmoid(a: Mpf) -> tuple[Mpf, Mpf]:
    return _sigma(a), a * _sigma(a) * _sigma(-a)


def _sigmoid_grad(a: Mpf) -> tuple[Mpf, Mpf]:
    both = _sigma(a) * _sigma(-a)
    return both, a * both * (_sigma(-a) - _sigma(a))


#: Name of each activation function of :mod:`multiclass.activations` -> ``a -> (f(a), a f'(a))``,
#: from which the value and the condition number |a f'(a) / f(a)| follow.
ACTIVATION_REFERENCES: dict[str, Callable[[Mpf], tuple[Mpf, Mpf]]] = {
    "relu": _relu,
    "relu_grad": _relu_grad,
    "tanh": _tanh,
    "tanh_grad": _tanh_grad,
    "sigmoid_activation": _sigmoid,
    "sigmoid_grad": _sigmoid_grad,
    "gelu": _gelu,
    "gelu_grad": _gelu_grad,
}

r"""Activation functions of hidden layers, each with its derivative right next to it.

A hidden layer computes $H = \phi(A)$ elementwise from its pre-activations $A = X W^{\mathsf T} + b$.
Backpropagation needs $\phi'(A)$, so every activation here comes as a pair ``phi``,
``phi_grad``; :data:`ACTIVATIONS` maps a name to the pair and :func:`get_activation` looks one
up with a clear error.

=========  ==========================================  =========================================
name       $\phi(a)$                                   $\phi'(a)$
=========  ==========================================  =========================================
relu       $\max(a, 0)$                                $[a > 0]$ (0 at the kink $a = 0$)
tanh       $\tanh a$                                   $1 - \tanh^2 a$
sigmoid    $\sigma(a) = 1 / (1 + e^{-a})$              $\sigma(a)\,(1 - \sigma(a))$
gelu       $a\,\Phi(a)$, tanh form (see :func:`gelu`)  its exact derivative (see :func:`gelu_grad`)
=========  ==========================================  =========================================
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from multiclass._validation import FloatArray, as_float_array
from multiclass.sigmoid import sigmoid as _sigmoid

__all__ = [
    "ACTIVATIONS",
    "gelu",
    "gelu_grad",
    "get_activation",
    "relu",
    "relu_grad",
    "sigmoid_activation",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
]

Activation = Callable[[npt.ArrayLike], npt.NDArray[np.floating[Any]]]

#: $\sqrt{2/\pi}$ and the cubic coefficient of the tanh form of GELU (Hendrycks & Gimpel 2016).
_GELU_C = float(np.sqrt(2.0 / np.pi))
_GELU_A = 0.044715


def _as_input(a: npt.ArrayLike) -> FloatArray:
    return as_float_array(a, "a")


def relu(a: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    r"""Rectified linear unit, $\phi(a) = \max(a, 0)$, elementwise.

    Args:
        a: Pre-activations of any shape.

    Returns:
        A new array of ``a``'s shape and float dtype.

    Raises:
        TypeError: if ``a`` is not real-valued.

    References:
        V. Nair, G. E. Hinton, "Rectified Linear Units Improve Restricted Boltzmann Machines",
        ICML 2010.

    Examples:
        >>> from multiclass.activations import relu
        >>> print(relu([-2.0, 0.0, 3.0]))
        [0. 0. 3.]
    """
    x = _as_input(a)
    return np.maximum(x, 0.0).astype(x.dtype, copy=False)


def relu_grad(a: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    r"""Derivative of :func:`relu`, $\phi'(a) = [a > 0]$, taken as 0 at the kink $a = 0$.

    Args:
        a: Pre-activations of any shape.

    Returns:
        An array of 0s and 1s of ``a``'s shape and float dtype.

    Raises:
        TypeError: if ``a`` is not real-valued.

    Examples:
        >>> from multiclass.activations import relu_grad
        >>> print(relu_grad([-2.0, 0.0, 3.0]))
        [0. 0. 1.]
    """
    x = _as_input(a)
    return (x > 0).astype(x.dtype)


def tanh(a: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    r"""Hyperbolic tangent, $\phi(a) = \tanh a = (e^{a} - e^{-a}) / (e^{a} + e^{-a})$.

    Args:
        a: Pre-activations of any shape.

    Returns:
        A new array of ``a``'s shape and float dtype, with values in $[-1, 1]$.

    Raises:
        TypeError: if ``a`` is not real-valued.

    Examples:
        >>> from multiclass.activations import tanh
        >>> print(tanh([0.0, 1.0]).round(4))
        [0.     0.7616]
    """
    x = _as_input(a)
    return np.tanh(x)


def tanh_grad(a: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    r"""Derivative of :func:`tanh`, $\phi'(a) = 1 - \tanh^2 a$.

    Args:
        a: Pre-activations of any shape.

    Returns:
        A new array of ``a``'s shape and float dtype, with values in $[0, 1]$.

    Raises:
        TypeError: if ``a`` is not real-valued.

    Examples:
        >>> from multiclass.activations import tanh_grad
        >>> print(tanh_grad([0.0, 1.0]).round(4))
        [1.     0.42]
    """
    t = np.tanh(_as_input(a))
    return 1.0 - t * t


def sigmoid_activation(a: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    r"""The logistic sigmoid as a hidden activation, $\phi(a) = \sigma(a) = 1 / (1 + e^{-a})$.

    The same function as :func:`multiclass.sigmoid` (computed by it), named here so that the
    four activations sit side by side with their derivatives.

    Args:
        a: Pre-activations of any shape.

    Returns:
        A new array of ``a``'s shape and float dtype, with values in $[0, 1]$.

    Raises:
        TypeError: if ``a`` is not real-valued.

    Examples:
        >>> from multiclass.activations import sigmoid_activation
        >>> print(sigmoid_activation([0.0]))
        [0.5]
    """
    return _sigmoid(_as_input(a))


def sigmoid_grad(a: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    r"""Derivative of the sigmoid, $\sigma'(a) = \sigma(a)\,(1 - \sigma(a)) = \sigma(a)\,\sigma(-a)$.

    Evaluated as $\sigma(a)\,\sigma(-a)$: for large $|a|$ the factor $1 - \sigma(a)$ would be
    rounded to 0 (or lose all its digits) while $\sigma(-a)$ keeps them.

    Args:
        a: Pre-activations of any shape.

    Returns:
        A new array of ``a``'s shape and float dtype, with values in $[0, 1/4]$.

    Raises:
        TypeError: if ``a`` is not real-valued.

    Examples:
        >>> from multiclass.activations import sigmoid_grad
        >>> print(sigmoid_grad([0.0]))
        [0.25]
    """
    x = _as_input(a)
    return _sigmoid(x) * _sigmoid(-x)


def gelu(a: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    r"""Gaussian error linear unit, $\phi(a) = \tfrac12 a\,(1 + \tanh u)$, $u = \sqrt{2/\pi}\,(a + 0.044715\,a^3)$.

    This is the tanh form of $a\,\Phi(a)$ ($\Phi$ the standard normal CDF) given by Hendrycks &
    Gimpel, the form used by GPT-2 and BERT and by PyTorch's ``gelu(approximate="tanh")``; it
    differs from $a\,\Phi(a)$ by less than $10^{-3}$ everywhere. numpy has no vectorised
    ``erf``, and the tanh form keeps this library free of other dependencies.

    Args:
        a: Pre-activations of any shape.

    Returns:
        A new array of ``a``'s shape and float dtype.

    Raises:
        TypeError: if ``a`` is not real-valued.

    References:
        D. Hendrycks, K. Gimpel, "Gaussian Error Linear Units (GELUs)", 2016,
        arXiv:1606.08415.

    Examples:
        >>> from multiclass.activations import gelu
        >>> print(gelu([-1.0, 0.0, 1.0]).round(4))
        [-0.1588  0.      0.8412]
    """
    x = _as_input(a)
    u = _GELU_C * (x + _GELU_A * (x * x * x))
    return 0.5 * x * (1.0 + np.tanh(u))


def gelu_grad(a: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    r"""Derivative of :func:`gelu`, $\phi'(a) = \tfrac12 (1 + \tanh u) + \tfrac12 a\,(1 - \tanh^2 u)\,u'$.

    With $u = \sqrt{2/\pi}\,(a + 0.044715\,a^3)$ and $u' = \sqrt{2/\pi}\,(1 + 3 \cdot 0.044715\,a^2)$:
    the product rule on $\tfrac12 a\,(1 + \tanh u)$.

    Args:
        a: Pre-activations of any shape.

    Returns:
        A new array of ``a``'s shape and float dtype.

    Raises:
        TypeError: if ``a`` is not real-valued.

    Examples:
        >>> from multiclass.activations import gelu_grad
        >>> print(gelu_grad([0.0]))
        [0.5]
    """
    x = _as_input(a)
    u = _GELU_C * (x + _GELU_A * (x * x * x))
    t = np.tanh(u)
    du = _GELU_C * (1.0 + 3.0 * _GELU_A * (x * x))
    return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du


#: Name -> (activation, its derivative).
ACTIVATIONS: dict[str, tuple[Activation, Activation]] = {
    "relu": (relu, relu_grad),
    "tanh": (tanh, tanh_grad),
    "sigmoid": (sigmoid_activation, sigmoid_grad),
    "gelu": (gelu, gelu_grad),
}


def get_activation(name: object) -> tuple[Activation, Activation]:
    r"""The pair $(\phi, \phi')$, activation and derivative, registered under ``name``.

    Args:
        name: One of ``"relu"``, ``"tanh"``, ``"sigmoid"``, ``"gelu"``.

    Returns:
        The two functions $\phi$ and $\phi'$.

    Raises:
        TypeError: if ``name`` is not a string.
        ValueError: if no activation has that name.

    Examples:
        >>> from multiclass.activations import get_activation
        >>> phi, phi_grad = get_activation("tanh")
        >>> print(phi_grad([0.0]))
        [1.]
    """
    if not isinstance(name, str):
        msg = f"activation must be a name (str); got {type(name).__name__} {name!r}"
        raise TypeError(msg)
    if name not in ACTIVATIONS:
        known = ", ".join(repr(k) for k in ACTIVATIONS)
        msg = f"activation must be one of {known}; got {name!r}"
        raise ValueError(msg)
    return ACTIVATIONS[name]

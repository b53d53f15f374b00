r"""Activation functions of hidden layers, each with its derivative right next to it.

A hidden layer computes $H = \phi(A)$ elementwise from its pre-activations $A = X W^{\mathsf T} + b$.
Backpropagation needs $\phi'(A)$, so every activation here comes as a pair ``phi``,
``phi_grad``; :data:`ACTIVATIONS` maps a name to the pair and :func:`get_activation` looks one
up with a clear error.

=========  ==========================================  =========================================
name       $\phi(a)$                                   $\phi'(a)$
=========  ==========================================  =========================================
relu       $\max(a, 0)$                                $[a > 0]$ (0 at the kink $a = 0$)
tanh       $\tanh a$                                   $1 - \tanh^2 a = 4\sigma(2a)\sigma(-2a)$
sigmoid    $\sigma(a) = 1 / (1 + e^{-a})$              $\sigma(a)\,\sigma(-a)$
gelu       $a\,\sigma(2u)$, tanh form (:func:`gelu`)   its exact derivative (:func:`gelu_grad`)
=========  ==========================================  =========================================

Numerics: each is evaluated through the sigmoid pair $(\sigma(x), \sigma(-x))$
(:func:`multiclass.sigmoid.sigmoid_pair`), without cancellation, with arguments clipped where
the result stops changing (no intermediate overflows), exact limits at $\pm\infty$, nan kept,
no warning for any input, and float16 computed in float32 and rounded once. Accuracy against
mpmath: $4\,(1 + \kappa)$ ulps in float64, $6\,(1 + \kappa)$ in float32, $4\,(1 + \kappa)$ in
float16, $\kappa = |a\,\phi'(a) / \phi(a)|$ (``tests/test_accuracy.py``).

References:
    N. J. Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., SIAM, 2002,
    doi:10.1137/1.9780898718027 (condition numbers and rounding error analysis).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from multiclass._validation import FloatArray
from multiclass.sigmoid import sigmoid_pair, working

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

#: $2\sqrt{2/\pi}$ and the cubic coefficient of the tanh form of GELU (Hendrycks & Gimpel 2016).
_GELU_2C = 2.0 * float(np.sqrt(2.0 / np.pi))
_GELU_A = 0.044715
#: Beyond |a| = 30, 2u > 1900: sigma(-2u) underflows in every format, GELU is a (or -0) and its
#: derivative 1 (or -0). Clipping there keeps a^3 from overflowing.
_GELU_CLIP = 30.0
#: Beyond |a| = 400, 4 sigma(2a) sigma(-2a) < 4 e^-800 underflows in every format.
_TANH_CLIP = 400.0


def relu(a: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    r"""Rectified linear unit, $\phi(a) = \max(a, 0)$, elementwise.

    Args:
        a: Pre-activations of any shape; bool and integers are promoted to float64.

    Returns:
        A new array of ``a``'s shape and float dtype; nan stays nan.

    Raises:
        TypeError: if ``a`` is not real-valued (or is a masked array).

    References:
        V. Nair, G. E. Hinton, "Rectified Linear Units Improve Restricted Boltzmann Machines",
        ICML 2010, https://icml.cc/Conferences/2010/papers/432.pdf.

    Examples:
        >>> from multiclass.activations import relu
        >>> print(relu([-2.0, 0.0, 3.0, float("nan")]))
        [ 0.  0.  3. nan]
    """
    x, dtype = working(a, "a")
    return np.maximum(x, 0.0).astype(dtype)  # maximum propagates nan


def relu_grad(a: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    r"""Derivative of :func:`relu`, $\phi'(a) = [a > 0]$, taken as 0 at the kink $a = 0$.

    Args:
        a: Pre-activations of any shape.

    Returns:
        An array of 0s and 1s of ``a``'s shape and float dtype, and nan where ``a`` is nan (a
        nan pre-activation must not look like a dead unit).

    Raises:
        TypeError: if ``a`` is not real-valued (or is a masked array).

    Examples:
        >>> from multiclass.activations import relu_grad
        >>> print(relu_grad([-2.0, 0.0, 3.0, float("nan")]))
        [ 0.  0.  1. nan]
    """
    x, dtype = working(a, "a")
    return np.where(np.isnan(x), np.nan, x > 0).astype(dtype)


def tanh(a: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    r"""Hyperbolic tangent, $\phi(a) = \tanh a = (e^{a} - e^{-a}) / (e^{a} + e^{-a})$.

    Args:
        a: Pre-activations of any shape.

    Returns:
        A new array of ``a``'s shape and float dtype, with values in $[-1, 1]$;
        $\tanh(\pm\infty) = \pm 1$.

    Raises:
        TypeError: if ``a`` is not real-valued (or is a masked array).

    Examples:
        >>> from multiclass.activations import tanh
        >>> print(tanh([0.0, 1.0]).round(4))
        [0.     0.7616]
    """
    x, dtype = working(a, "a")
    return np.tanh(x).astype(dtype)


def tanh_grad(a: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    r"""Derivative of :func:`tanh`, $\phi'(a) = 1 - \tanh^2 a = 4\,\sigma(2a)\,\sigma(-2a)$.

    The product of sigmoids has no cancellation: ``1 - tanh(a)**2`` is 0 from $a \approx 19$
    on and keeps few digits well before, where $4\sigma(2a)\sigma(-2a) \approx 4e^{-2|a|}$
    stays accurate down to the subnormal range.

    Args:
        a: Pre-activations of any shape.

    Returns:
        A new array of ``a``'s shape and float dtype, with values in $[0, 1]$; 0 at
        $\pm\infty$.

    Raises:
        TypeError: if ``a`` is not real-valued (or is a masked array).

    Examples:
        >>> from multiclass.activations import tanh_grad
        >>> print(tanh_grad([0.0, 1.0]).round(4))
        [1.     0.42]
        >>> print(tanh_grad([20.0]))  # 1 - tanh(20)**2 would be 0
        [1.6993417e-17]
    """
    x, dtype = working(a, "a")
    up, down = sigmoid_pair(2.0 * np.clip(x, -_TANH_CLIP, _TANH_CLIP))
    return (4.0 * up * down).astype(dtype)


def sigmoid_activation(a: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    r"""The logistic sigmoid as a hidden activation, $\phi(a) = \sigma(a) = 1 / (1 + e^{-a})$.

    The same function as :func:`multiclass.sigmoid` (computed by it), named here so that the
    four activations sit side by side with their derivatives.

    Args:
        a: Pre-activations of any shape.

    Returns:
        A new array of ``a``'s shape and float dtype, with values in $[0, 1]$.

    Raises:
        TypeError: if ``a`` is not real-valued (or is a masked array).

    Examples:
        >>> from multiclass.activations import sigmoid_activation
        >>> print(sigmoid_activation([0.0]))
        [0.5]
    """
    x, dtype = working(a, "a")
    return sigmoid_pair(x)[0].astype(dtype)


def sigmoid_grad(a: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    r"""Derivative of the sigmoid, $\sigma'(a) = \sigma(a)\,(1 - \sigma(a)) = \sigma(a)\,\sigma(-a)$.

    Evaluated as $\sigma(a)\,\sigma(-a)$ from one exponential: for large $|a|$ the factor
    $1 - \sigma(a)$ would be rounded to 0 (or lose all its digits) while $\sigma(-a)$ keeps them.

    Args:
        a: Pre-activations of any shape.

    Returns:
        A new array of ``a``'s shape and float dtype, with values in $[0, 1/4]$.

    Raises:
        TypeError: if ``a`` is not real-valued (or is a masked array).

    Examples:
        >>> from multiclass.activations import sigmoid_grad
        >>> print(sigmoid_grad([0.0, 40.0]))
        [2.50000000e-01 4.24835426e-18]
    """
    x, dtype = working(a, "a")
    up, down = sigmoid_pair(x)
    return (up * down).astype(dtype)


def _gelu_parts(x: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """``(clipped a, sigma(2u), sigma(-2u), 2u')`` with 2u = 2c a (1 + 0.044715 a^2)."""
    c = np.clip(x, -_GELU_CLIP, _GELU_CLIP)
    square = c * c
    up, down = sigmoid_pair(_GELU_2C * c * (1.0 + _GELU_A * square))
    return c, up, down, _GELU_2C * (1.0 + 3.0 * _GELU_A * square)


def gelu(a: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    r"""Gaussian error linear unit, tanh form: $\phi(a) = \tfrac12 a\,(1 + \tanh u) = a\,\sigma(2u)$, $u = \sqrt{2/\pi}\,(a + 0.044715\,a^3)$.

    The tanh form of $a\,\Phi(a)$ ($\Phi$ the standard normal CDF) given by Hendrycks & Gimpel,
    used by GPT-2, BERT and PyTorch's ``gelu(approximate="tanh")``, within $10^{-3}$ of
    $a\,\Phi(a)$ everywhere (numpy has no vectorised ``erf``). Evaluated as $a\,\sigma(2u)$,
    so small negative values keep their digits: ``gelu(-8.0)`` is $-3.1 \times 10^{-21}$,
    where $\tfrac12 a (1 + \tanh u)$ gives $-0$.

    Args:
        a: Pre-activations of any shape.

    Returns:
        A new array of ``a``'s shape and float dtype; $\phi(+\infty) = +\infty$ and
        $\phi(-\infty) = 0$.

    Raises:
        TypeError: if ``a`` is not real-valued (or is a masked array).

    References:
        D. Hendrycks, K. Gimpel, "Gaussian Error Linear Units (GELUs)", 2016,
        arXiv:1606.08415, doi:10.48550/arXiv.1606.08415.

    Examples:
        >>> from multiclass.activations import gelu
        >>> print(gelu([-1.0, 0.0, 1.0]).round(4))
        [-0.1588  0.      0.8412]
        >>> print(gelu([-8.0, float("-inf"), float("inf")]))
        [-3.10778294e-21 -0.00000000e+00             inf]
    """
    x, dtype = working(a, "a")
    c, up, _, _ = _gelu_parts(x)
    return np.where(x > _GELU_CLIP, x, c * up).astype(dtype)  # a sigma(2u) = a beyond the clip


def gelu_grad(a: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    r"""Derivative of :func:`gelu`, $\phi'(a) = \sigma(2u)\,\bigl(1 + a\,(2u')\,\sigma(-2u)\bigr)$.

    With $2u = 2\sqrt{2/\pi}\,(a + 0.044715\,a^3)$ and $2u' = 2\sqrt{2/\pi}\,(1 + 3 \cdot
    0.044715\,a^2)$: the product rule on $a\,\sigma(2u)$, with $\sigma' = \sigma(x)\sigma(-x)$.
    It equals $\tfrac12 (1 + \tanh u) + \tfrac12 a\,(1 - \tanh^2 u)\,u'$ without its
    cancellations.

    Args:
        a: Pre-activations of any shape.

    Returns:
        A new array of ``a``'s shape and float dtype; $\phi'(+\infty) = 1$ and
        $\phi'(-\infty) = 0$.

    Raises:
        TypeError: if ``a`` is not real-valued (or is a masked array).

    Examples:
        >>> from multiclass.activations import gelu_grad
        >>> print(gelu_grad([0.0, float("-inf"), float("inf")]))
        [ 0.5 -0.   1. ]
    """
    x, dtype = working(a, "a")
    c, up, down, slope = _gelu_parts(x)
    return (up * (1.0 + c * slope * down)).astype(dtype)


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

"""One central-difference gradient, shared by every gradient check of the test suite.

For a scalar function f of an array x, coordinate i of the gradient is estimated as

    (f(x + h e_i) - f(x - h e_i)) / (x_i + h - (x_i - h)),

dividing by the step actually represented in floating point, not by 2h.

Error (float64 throughout). Taylor's theorem gives a truncation error of at most
``h**2 / 6 * M3``, where M3 bounds the third derivative of f along e_i near x; rounding the two
values of f, each with a relative error of a few eps, adds at most ``eps * F / h`` with F a bound
on |f| near x. :func:`error_bound` adds the two with a factor 4 of headroom on the rounding term
(the function under test is itself computed with a few roundings). The default
``h = 2**-17 ~ 7.6e-6`` sits near the optimum ``(3 eps F / M3) ** (1/3)`` for F / M3 of order
1-100, which is the regime of softmax, logsumexp and cross-entropy (their third derivatives are
bounded by 1 in absolute value whatever the scores), and is a power of two, so ``x +- h`` is exact
for every |x| < 2**35.

Use it with a tolerance derived from :func:`error_bound`, never with a loose constant such as
1e-2, which would hide a wrong gradient.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["DEFAULT_STEP", "central_difference", "error_bound"]

#: 2**-17: close to the optimal step cbrt(3 eps) for functions of moderate size, and exact.
DEFAULT_STEP = 2.0**-17


def central_difference(
    f: Callable[[np.ndarray], Any], x: np.ndarray, h: float = DEFAULT_STEP
) -> np.ndarray:
    """Gradient of the scalar function ``f`` at ``x`` by central differences, in float64.

    Args:
        f: A function of one array of ``x``'s shape returning a scalar (or a 0-d array).
        x: The point, any shape; it is copied to float64 and never modified.
        h: The step along each coordinate.

    Returns:
        A float64 array of ``x``'s shape: the estimated gradient.
    """
    point = np.array(x, dtype=np.float64)  # a copy: the caller's array is never touched
    grad = np.empty_like(point)
    flat = point.reshape(-1)
    out = grad.reshape(-1)
    for i in range(flat.size):
        original = flat[i]
        flat[i] = original + h
        up, step_up = float(f(point.copy())), flat[i]
        flat[i] = original - h
        down, step_down = float(f(point.copy())), flat[i]
        flat[i] = original
        out[i] = (up - down) / (step_up - step_down)
    return grad


def error_bound(f_scale: float, third_derivative: float = 1.0, h: float = DEFAULT_STEP) -> float:
    """Bound on the error of :func:`central_difference` for one coordinate.

    ``h**2 / 6 * third_derivative`` (truncation) plus ``4 * eps * f_scale / h`` (rounding of the
    two evaluations of f, each off by at most a few eps relative to ``f_scale`` >= |f|).
    """
    eps = float(np.finfo(np.float64).eps)
    return h * h / 6.0 * third_derivative + 4.0 * eps * max(f_scale, 1.0) / h

r"""Softmax, log-softmax and log-sum-exp: turning K scores into K probabilities.

All three share one kernel. Along the reduction axis, with :math:`a = \max_i z_i` reached at
index :math:`k`,

.. math::

    s = \sum_{i \ne k} e^{z_i - a}, \qquad
    \operatorname{logsumexp}(z) = a + \operatorname{log1p}(s), \qquad
    \operatorname{softmax}(z)_i = \frac{e^{z_i - a}}{1 + s}, \qquad
    \operatorname{log\_softmax}(z)_i = (z_i - a) - \operatorname{log1p}(s).

Shifting by the maximum means no exponential overflows; keeping the maximum's own term (exactly 1)
out of :math:`s` and adding it back through ``log1p`` keeps full relative accuracy when the other
terms are tiny. This is Algorithm 2 of Blanchard, Higham & Higham (2021).

Softmax divides by the sum rather than computing :math:`\exp(z_i - \operatorname{logsumexp}(z))`
(more accurate, Section 4 of the paper), adds the largest term last, and for a row whose maximum
lies in :math:`[0, \log \max - \log K - 1]` skips the shift: there no :math:`e^{z_i}` overflows or
underflows where :math:`e^{z_i - a}` would not, and :math:`e^{z_i} / \sum_j e^{z_j}` is the same
quotient with the rounding of :math:`z_i - a` saved.

A temperature $T$ divides the *shifted* scores, :math:`(z_i - a) / T`, so that the largest is
exactly 0 for every $T$; ``temperature=0`` is the limit, the argmax with ties split evenly.

The kernel (:mod:`multiclass._kernel`) processes rows in blocks that stay in cache
(``BLOCK_BYTES``), with ufuncs writing through ``out=`` into buffers allocated once per call:
the scores are read from memory once and the result written once
(``benchmarks/bench_softmax.py`` measures it).

References:
    P. Blanchard, D. J. Higham, N. J. Higham, "Accurately computing the log-sum-exp and softmax
    functions", IMA Journal of Numerical Analysis 41(4), 2021. doi:10.1093/imanum/draa038
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import numpy.typing as npt

from multiclass._kernel import rowwise
from multiclass._validation import as_float_array, normalize_axis

__all__ = ["log_softmax", "logsumexp", "softmax"]


def logsumexp(
    z: npt.ArrayLike, axis: int = -1, keepdims: bool = False
) -> npt.NDArray[np.floating[Any]]:
    r"""Log-sum-exp, $\log \sum_{i=1}^{K} e^{z_i}$, along ``axis``, without overflow.

    Computed as $a + \operatorname{log1p}\bigl(\sum_{i \ne k} e^{z_i - a}\bigr)$ with
    $a = z_k = \max_i z_i$ (Blanchard, Higham & Higham 2021, Algorithm 2). The bounds
    $\max_i z_i \le \operatorname{logsumexp}(z) \le \max_i z_i + \log K$ hold.

    Args:
        z: Scores of any shape with at least one dimension; bool and integers are promoted to
            float64, float16/32/64 are kept.
        axis: The axis of the K scores to reduce over.
        keepdims: Keep the reduced axis with length 1.

    Returns:
        An array of ``z``'s float dtype with ``axis`` removed (or kept with length 1).

    Raises:
        TypeError: if ``z`` is not real-valued, ``axis`` is not an integer, or ``keepdims`` is
            not a bool.
        ValueError: if ``z`` is 0-d or ``axis`` is out of range.

    Note:
        Accuracy: within $4\,(1 + \kappa)$ ulps in float64, $6\,(1 + \kappa)$ in float32 and
        $4\,(1 + \kappa)$ in float16, $\kappa = \sum_i |z_i| y_i / |\operatorname{logsumexp}(z)|$
        (checked against mpmath in ``tests/test_accuracy.py``).

        Non-finite input, per row along ``axis``: a nan gives nan; any +inf gives +inf; a row of
        only -inf, or an empty axis, gives -inf; -inf entries among finite ones contribute
        exactly nothing, with no warning.

    References:
        Blanchard, Higham & Higham (2021), doi:10.1093/imanum/draa038.

    Examples:
        >>> import numpy as np
        >>> from multiclass import logsumexp
        >>> print(logsumexp(np.array([1000.0, 1000.0])))  # 1000 + log 2, where exp overflows
        1000.6931471805599
        >>> print(logsumexp(np.array([[0.0, 0.0, 0.0], [1.0, -np.inf, 1.0]]), axis=1))
        [1.09861229 1.69314718]
    """
    array = as_float_array(z, "z")
    ax = normalize_axis(axis, array.ndim, "z")
    if not isinstance(cast("object", keepdims), bool | np.bool_):  # callers may pass anything
        msg = f"keepdims must be True or False; got {keepdims!r}"
        raise TypeError(msg)
    result = rowwise(array, ax, "logsumexp")
    if keepdims:
        result = np.expand_dims(result, ax)
    return result


def softmax(
    z: npt.ArrayLike, axis: int = -1, *, temperature: float = 1.0
) -> npt.NDArray[np.floating[Any]]:
    r"""Softmax, $y_i = e^{z_i / T} / \sum_{j=1}^{K} e^{z_j / T}$, along ``axis`` ($T = 1$ by default).

    Computed as $e^{z_i - a} / (1 + s)$ with $a = \max_j z_j$ and $s$ the sum of the other
    shifted exponentials, by division: more accurate than $\exp(z_i - \operatorname{logsumexp}
    (z))$ (Blanchard, Higham & Higham 2021, Section 4) and than $\exp(\operatorname{log\_softmax}
    (z)_i)$, which round a large log-probability before exponentiating it (inputs where they
    differ by 90 to 250 ulps are pinned in ``tests/test_softmax.py``). The largest term is added
    last. Where
    $0 \le a \le \log \max - \log K - 1$ nothing can overflow and the shift is skipped:
    $e^{z_i} / \sum_j e^{z_j}$ is the same quotient, one rounding shorter. Each output lies in
    $[0, 1]$ and each slice along ``axis`` sums to 1 up to rounding.

    Args:
        z: Scores (logits) of any shape with at least one dimension.
        axis: The axis holding the K scores of one sample.
        temperature: $T \ge 0$. The scores are shifted by their maximum *before* they are
            divided by $T$, so no quotient overflows into tied infinities; $T = 0$ gives the
            limit $T \to 0^+$, the argmax with ties split evenly ($1/m$ on each of the $m$
            largest scores), and $T = \infty$ the uniform distribution over the finite scores.

    Returns:
        A new array of ``z``'s shape and float dtype.

    Raises:
        TypeError: if ``z`` is not real-valued, ``axis`` is not an integer, or ``temperature``
            is not a real number.
        ValueError: if ``z`` is 0-d, ``axis`` is out of range, or ``temperature`` is negative
            or nan.

    Note:
        Accuracy ($T = 1$): within $4\,(1 + \kappa_i)$ ulps in float64, $6\,(1 + \kappa_i)$ in
        float32 and $4\,(1 + \kappa_i)$ in float16, with the componentwise condition number
        $\kappa_i = |z_i|(1 - y_i) + \sum_{j \ne i} |z_j| y_j$. With $T \ne 1$ the result is
        that of the scores $(z - \max_j z_j) / T$, each rounded twice in float64.

        Non-finite input, per slice along ``axis``: a nan makes the whole slice nan; +inf
        entries give the exact limit, $1/m$ on each of the $m$ entries equal to +inf and 0
        elsewhere; a slice of only -inf has no limit and gives nan; -inf among finite entries
        gives exactly 0, with no warning.

    References:
        Blanchard, Higham & Higham (2021), doi:10.1093/imanum/draa038.

    Examples:
        >>> import numpy as np
        >>> from multiclass import softmax
        >>> print(softmax(np.array([3.0, -1.0, 4.0])).round(4))
        [0.2676 0.0049 0.7275]
        >>> print(softmax(np.array([200.0, 10.0, -4.0])))
        [1.00000000e+00 3.04823495e-83 2.53469490e-89]
        >>> print(softmax(np.array([3.0, -1.0, 4.0]), temperature=1e-308))  # not [0.5, 0, 0.5]
        [0. 0. 1.]
        >>> print(softmax(np.array([2.0, 2.0, -1.0]), temperature=0))  # the limit: ties share
        [0.5 0.5 0. ]
    """
    return rowwise(z, axis, "softmax", temperature)


def log_softmax(
    z: npt.ArrayLike, axis: int = -1, *, temperature: float = 1.0
) -> npt.NDArray[np.floating[Any]]:
    r"""Log-softmax, $\log y_i = z_i / T - \operatorname{logsumexp}(z / T)$, along ``axis`` ($T = 1$ by default).

    Computed as $(z_i - a) - \operatorname{log1p}(s)$, so that a probability close to 1 keeps
    its tiny logarithm: ``log_softmax([200, 10, -4])[0]`` is $-3.05 \times 10^{-83}$, where
    $\log(\operatorname{softmax}(z))$ and $z - \operatorname{logsumexp}(z)$ both give 0.

    Args:
        z: Scores (logits) of any shape with at least one dimension.
        axis: The axis holding the K scores of one sample.
        temperature: $T \ge 0$, as in :func:`softmax`; at $T = 0$ the result is the log of
            the argmax limit: $-\log m$ on each of the $m$ largest scores (0 for a single
            one) and $-\infty$ elsewhere.

    Returns:
        A new array of ``z``'s shape and float dtype; every entry is $\le 0$.

    Raises:
        TypeError: if ``z`` is not real-valued, ``axis`` is not an integer, or ``temperature``
            is not a real number.
        ValueError: if ``z`` is 0-d, ``axis`` is out of range, or ``temperature`` is negative
            or nan.

    Note:
        Accuracy: within $4\,(1 + \kappa_i)$ ulps in float64, $6\,(1 + \kappa_i)$ in float32
        and $4\,(1 + \kappa_i)$ in float16, with $\kappa_i = (|z_i|(1 - y_i) + \sum_{j \ne i}
        |z_j| y_j) / |\log y_i|$.

        Non-finite input follows :func:`softmax`: the log of its limit, so $-\log m$ on the
        $m$ entries equal to +inf and -inf elsewhere; nan slices and all -inf slices give nan.

    References:
        Blanchard, Higham & Higham (2021), doi:10.1093/imanum/draa038.

    Examples:
        >>> import numpy as np
        >>> from multiclass import log_softmax
        >>> print(log_softmax(np.array([200.0, 10.0, -4.0])))
        [-3.04823749e-83 -1.90000000e+02 -2.04000000e+02]
        >>> print(log_softmax(np.array([3.0, -1.0, 4.0]), temperature=0))
        [-inf -inf   0.]
    """
    return rowwise(z, axis, "log_softmax", temperature)

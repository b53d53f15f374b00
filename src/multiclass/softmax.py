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

Rows are processed in blocks that stay in cache (``BLOCK_BYTES``), with ufuncs writing through
``out=`` into buffers allocated once per call: the scores are read from memory once and the
result written once (``benchmarks/bench_softmax.py`` measures it).

References:
    P. Blanchard, D. J. Higham, N. J. Higham, "Accurately computing the log-sum-exp and softmax
    functions", IMA Journal of Numerical Analysis 41(4), 2021. doi:10.1093/imanum/draa038
"""

from __future__ import annotations

from typing import Any, Literal, cast

import numpy as np
import numpy.typing as npt

from multiclass._validation import (
    FloatArray,
    as_float_array,
    check_temperature,
    normalize_axis,
)

__all__ = ["log_softmax", "logsumexp", "softmax"]

_Kind = Literal["logsumexp", "softmax", "log_softmax"]

#: Bytes of one block of rows. Each numpy call costs about a microsecond whatever its size, so a
#: block must hold many rows; the block and its two or three buffers must still sit in the L2
#: or L3 cache while the kernel makes its five passes over them. 1 MiB was the fastest of
#: 32 KiB to 2 MiB on the benchmark machine (benchmarks/results.md).
BLOCK_BYTES = 1 << 20


def _compute_dtype(dtype: np.dtype[Any]) -> np.dtype[Any]:
    """float16 is computed in float32 (numpy's float16 ufuncs do the same) and rounded once."""
    return np.dtype(np.float32) if dtype == np.float16 else dtype


def _special_logsumexp(rows: FloatArray) -> FloatArray:
    """Exact logsumexp of rows whose maximum is not finite: nan, +inf, or -inf (all -inf)."""
    lse = np.where((rows == np.inf).any(axis=1), np.inf, -np.inf).astype(rows.dtype)
    lse[np.isnan(rows).any(axis=1)] = np.nan
    return lse


def _special_probabilities(rows: FloatArray, kind: _Kind) -> FloatArray:
    """Exact softmax / log_softmax of rows whose maximum is not finite.

    A row with m entries equal to +inf (and no nan) gets the limit of softmax as those entries
    grow together: 1/m on each of them and 0 elsewhere (log: -log m and -inf). A row with a nan,
    or of only -inf (0/0, no limit), is nan throughout.
    """
    pos_inf = rows == np.inf
    count = np.maximum(pos_inf.sum(axis=1), 1)[:, None]
    if kind == "softmax":
        limit = pos_inf / count
    else:  # 0.0 - log(1) is +0.0 where a lone +inf entry gets probability 1
        limit = np.where(pos_inf, 0.0 - np.log(count), -np.inf)
    out: FloatArray = limit.astype(rows.dtype)
    out[np.isnan(rows).any(axis=1) | ~pos_inf.any(axis=1)] = np.nan
    return out


def _run(rows: FloatArray, kind: _Kind) -> tuple[FloatArray, FloatArray, FloatArray | None]:
    """Run the kernel over blocks of rows of a C-contiguous (M, K) float array, K >= 1.

    Returns ``(a, log1p_s, out)``: the row maxima, ``log1p`` of the other shifted exponentials
    (their sum is the logsumexp), and for softmax / log_softmax the (M, K) result. Rows whose
    maximum is not finite get their exact values instead: ``a`` is their logsumexp, ``log1p_s``
    is 0 and ``out`` holds the limits of :func:`_special_probabilities`. For softmax ``log1p_s``
    is not needed and not computed (its entries are unspecified).

    Per block the passes are: argmax (softmax: max), subtract the maximum, exp, sum, and for
    softmax one division, for log_softmax one subtraction, all with ``out=`` into buffers
    allocated once per call.
    """
    m, k = rows.shape
    dtype = rows.dtype
    block_rows = max(1, min(m, BLOCK_BYTES // (max(k, 1) * rows.itemsize)))
    a = np.empty(m, dtype=dtype)
    log1p_s = np.empty(m, dtype=dtype)
    s = np.empty(block_rows, dtype=dtype)
    arg = np.empty(block_rows, dtype=np.intp)
    top = np.empty(block_rows, dtype=dtype)
    offsets = np.arange(block_rows, dtype=np.intp) * k  # flat index of each row's first entry
    out = None if kind == "logsumexp" else np.empty((m, k), dtype=dtype)
    # log_softmax keeps z - a in ``out`` and needs the exponentials elsewhere.
    scratch = None if kind == "softmax" else np.empty((block_rows, k), dtype=dtype)
    shifted = np.empty((block_rows, k), dtype=dtype) if kind == "log_softmax" else None
    # Below this row maximum, softmax can skip the shift: see the comment in the loop.
    no_shift_max = float(np.log(np.finfo(dtype).max)) - float(np.log(k)) - 1.0
    # over: z_i - a may round to -inf for scores ~1e308 apart; exp(-inf) = 0 is then exact.
    # invalid: only rows whose maximum is not finite (inf - inf, inf / inf) produce nan, and
    # those rows are overwritten with their exact values after the loop.
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, m, block_rows):
            stop = min(start + block_rows, m)
            n = stop - start
            block = rows[start:stop]
            a_b, s_b = a[start:stop], s[:n]
            k_b = arg[:n]
            np.argmax(block, axis=1, out=k_b)  # nan counts as the maximum
            np.add(k_b, offsets[:n], out=k_b)  # now the flat index of each row's maximum
            np.take(block.reshape(-1), k_b, out=a_b)
            if kind == "softmax":
                e = out[start:stop]  # type: ignore[index]
                # A row whose maximum a lies in [0, log(max) - log K - 1] skips the shift:
                # no e^{z_i} overflows, the sum stays below the largest float, and since
                # e^{z_i} >= e^{z_i - a} no term underflows where its shifted twin would not.
                # By shift invariance e^{z_i} / sum_j e^{z_j} is the same quotient, with the
                # rounding of z_i - a saved. The choice is made per row (z - 0 is exactly z),
                # so a row's result never depends on the other rows of its block.
                if a_b.min() >= 0.0 and a_b.max() <= no_shift_max:
                    np.exp(block, out=e)  # the whole block: one pass saved
                else:
                    keep = (a_b >= 0.0) & (a_b <= no_shift_max)
                    np.subtract(block, np.where(keep, 0.0, a_b)[:, None], out=e)
                    np.exp(e, out=e)
                # The largest term (1, or e^a unshifted) is added after the others are summed:
                # added first, every later addition would round at its magnitude.
                flat, top_b = e.reshape(-1), top[:n]
                np.take(flat, k_b, out=top_b)
                flat[k_b] = 0.0
                np.sum(e, axis=1, out=s_b)
                np.add(s_b, top_b, out=s_b)
                flat[k_b] = top_b
                np.divide(e, s_b[:, None], out=e)
                continue
            e = scratch[:n]  # type: ignore[index]
            if kind == "log_softmax":
                d = shifted[:n]  # type: ignore[index]
                np.subtract(block, a_b[:, None], out=d)
                np.exp(d, out=e)
            else:
                np.subtract(block, a_b[:, None], out=e)
                np.exp(e, out=e)
            e.reshape(-1)[k_b] = 0.0  # the maximum's own term, exactly 1, comes back in log1p
            np.sum(e, axis=1, out=s_b)
            l_b = log1p_s[start:stop]
            np.log1p(s_b, out=l_b)
            if kind == "log_softmax":
                np.subtract(d, l_b[:, None], out=out[start:stop])  # type: ignore[index]
    bad = ~np.isfinite(a)
    if bad.any():
        special = rows[bad]
        a[bad] = _special_logsumexp(special)
        log1p_s[bad] = 0.0
        if out is not None:
            out[bad] = _special_probabilities(special, kind)
    return a, log1p_s, out


def temper(rows: FloatArray, temperature: float) -> FloatArray:
    r"""Return $(z - \max_k z_k) / T$ for each row of an (M, K) float array, as a new array.

    Shifting first makes the largest entry exactly 0 whatever $T$: dividing first would turn
    scores that differ by less than $T$ times the largest float into tied infinities
    (``[3, -1, 4] / 1e-308`` is ``[inf, -inf, inf]``). The difference and the quotient are
    computed in float64 (for float16/32 rows they are exact or rounded once before the final
    rounding to the row's dtype); where ``z - a`` overflows float64 the halves are subtracted
    instead, so a finite quotient is never lost.

    ``T = 0`` gives the limit: 0 at the row's maxima and -inf elsewhere; ``T = inf`` gives 0 at
    every finite entry. A -inf entry stays -inf. Rows whose maximum is not finite (a nan, a
    +inf, or only -inf) are returned as they are: their limits do not depend on $T$.
    """
    work = rows.astype(np.float64)  # a new array: rows may be a view of the caller's input
    a = work.max(axis=1, keepdims=True)  # nan wins, as in the kernel
    finite = np.isfinite(a)
    shift = np.where(finite, a, 0.0)  # rows with a non-finite maximum are left as they are
    with np.errstate(over="ignore", invalid="ignore"):
        d = work - shift
        if temperature == 0.0:
            d = np.where(d == 0.0, 0.0, -np.inf)  # z - a is 0 exactly where z = a
        elif temperature == np.inf:
            d = np.where(np.isneginf(work), -np.inf, 0.0)
        else:
            lost = np.isneginf(d) & np.isfinite(work)  # z - a < -max overflowed to -inf
            np.divide(d, temperature, out=d)
            if lost.any():  # the halves are huge, so halving them is exact
                d[lost] = (0.5 * work - 0.5 * shift)[lost] / temperature * 2.0
        d[~finite[:, 0]] = work[~finite[:, 0]]
        return d.astype(rows.dtype, copy=False)  # below float32's range: -inf, as rounding does


def logsumexp_parts(rows: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Return ``(a, log1p_s)`` for each row of a 2-D float array (see the module docstring).

    ``a + log1p_s`` is the logsumexp; cross-entropy uses the two parts separately so that
    ``(a - z_j) + log1p_s`` keeps its relative accuracy when the true class dominates.
    """
    a, log1p_s, _ = _run(np.ascontiguousarray(rows), "logsumexp")
    return a, log1p_s


def _rowwise(
    z: object, axis: object, kind: _Kind, temperature: object = 1.0, name: str = "z"
) -> FloatArray:
    """Move ``axis`` last, run the kernel over blocks of rows, and restore the layout."""
    array = as_float_array(z, name)
    ax = normalize_axis(axis, array.ndim, name)
    T = check_temperature(temperature)
    out_dtype = array.dtype
    work_dtype = _compute_dtype(out_dtype)
    moved = np.moveaxis(array, ax, -1)
    lead_shape = moved.shape[:-1]
    k = moved.shape[-1]
    m = int(np.prod(lead_shape, dtype=np.int64))
    if k == 0:
        if kind == "logsumexp":
            return np.full(lead_shape, -np.inf, dtype=out_dtype)
        return np.empty(array.shape, dtype=out_dtype)
    if m == 0:
        shape = lead_shape if kind == "logsumexp" else array.shape
        return np.empty(shape, dtype=out_dtype)
    # A view when the reduction axis is already last and contiguous; otherwise one copy.
    rows = np.ascontiguousarray(moved.reshape(m, k), dtype=work_dtype)
    if T != 1.0:  # T = 1 is the plain kernel, bit for bit
        rows = temper(rows, T)
    a, log1p_s, out = _run(rows, kind)
    # float16 results are rounded once from float32; one beyond float16's range (a logsumexp
    # past 65504, a log-probability below -65504) rounds to an infinity, as IEEE rounding does.
    with np.errstate(over="ignore"):
        if out is None:
            np.add(a, log1p_s, out=a)
            return a.reshape(lead_shape).astype(out_dtype, copy=False)
        result = np.moveaxis(out.reshape((*lead_shape, k)), -1, ax)
        return np.ascontiguousarray(result, dtype=out_dtype)


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
    result = _rowwise(array, ax, "logsumexp")
    if keepdims:
        result = np.expand_dims(result, ax)
    return result


def softmax(
    z: npt.ArrayLike, axis: int = -1, *, temperature: float = 1.0
) -> npt.NDArray[np.floating[Any]]:
    r"""Softmax, $y_i = e^{z_i / T} / \sum_{j=1}^{K} e^{z_j / T}$, along ``axis`` ($T = 1$ by default).

    Computed as $e^{z_i - a} / (1 + s)$ with $a = \max_j z_j$ and $s$ the sum of the other
    shifted exponentials, by division (more accurate than $\exp(z_i - \operatorname{logsumexp}
    (z))$; Blanchard, Higham & Higham 2021, Section 4), the largest term added last. Where
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
    return _rowwise(z, axis, "softmax", temperature)


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
    return _rowwise(z, axis, "log_softmax", temperature)

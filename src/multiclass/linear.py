r"""Linear scores for K classes: $z = W x + b$, one linear model per class.

Row $k$ of $W$ (shape K x D) and entry $k$ of $b$ (length K) form the linear model
$z_k = \vec w_k^{\mathsf T} \vec x + b_k$ of class $k$. For N samples stacked as the rows of
$X$ (shape N x D) the scores are $Z = X W^{\mathsf T} + b$ (shape N x K), and the predicted class
of sample $n$ is $\arg\max_k Z_{nk}$.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from multiclass._validation import FloatArray, as_float_array

__all__ = ["logits"]


def _check_parameters(W: object, b: object) -> tuple[FloatArray, FloatArray]:
    """Validate W of shape (K, D) and b of shape (K,)."""
    W_ = as_float_array(W, "W")
    b_ = as_float_array(b, "b")
    if W_.ndim != 2:
        msg = f"W must have shape (K, D); got shape {W_.shape}"
        raise ValueError(msg)
    if b_.shape != (W_.shape[0],):
        msg = f"b must have shape (K,) = ({W_.shape[0]},) to match W of shape {W_.shape}; got {b_.shape}"
        raise ValueError(msg)
    return W_, b_


def logits(X: npt.ArrayLike, W: npt.ArrayLike, b: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    r"""Scores of K linear models, $Z = X W^{\mathsf T} + b$ (or $z = W x + b$ for one sample).

    Args:
        X: Samples, shape ``(N, D)``, or one sample of shape ``(D,)``.
        W: Weights, shape ``(K, D)``: row $k$ is $\vec w_k$.
        b: Biases, shape ``(K,)``.

    Returns:
        Scores of shape ``(N, K)`` (or ``(K,)`` for one sample), in the result dtype of numpy's
        promotion of the three inputs.

    Raises:
        TypeError: if an argument is not real-valued.
        ValueError: if the shapes do not fit (``X`` not 1-D or 2-D, ``W`` not 2-D, ``b`` not of
            length K, or the D of ``X`` differs from the D of ``W``).

    Examples:
        >>> import numpy as np
        >>> from multiclass.linear import logits
        >>> W = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
        >>> b = np.array([0.0, 0.5, 0.0])
        >>> print(logits(np.array([2.0, 1.0]), W, b))
        [ 2.   1.5 -3. ]
    """
    W_, b_ = _check_parameters(W, b)
    X_ = as_float_array(X, "X")
    if X_.ndim not in (1, 2):
        msg = f"X must have shape (N, D) or (D,); got shape {X_.shape}"
        raise ValueError(msg)
    if X_.shape[-1] != W_.shape[1]:
        msg = (
            f"X has D = {X_.shape[-1]} features but W of shape {W_.shape} expects D = {W_.shape[1]}"
        )
        raise ValueError(msg)
    return np.asarray(X_ @ W_.T + b_)

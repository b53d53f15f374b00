r"""How far a widget's float64 numbers may lie from multiclass's: bounds on the rounding error.

The widgets' scripts compute as the library does, in float64 and in the same steps: shift the
scores by their maximum $a$, divide by $T$ ($x = (z - a)/T \le 0$), exponentiate, add the other
terms $s = \sum_{k \ne m} e^{x_k}$ and then the largest (exactly 1), divide, or take
$\log y_k = x_k - \operatorname{log1p}(s)$. They differ in the implementations of ``exp`` and
``log1p`` (V8's, ported from fdlibm, and numpy's, each within an ulp or two), in the order of
some sums, and where the library skips the shift (``T = 1`` and $0 \le a \le 708$). So each side
lies within a bound $B$ of the exact value and the two differ by at most $2B$; every function
here returns such a $B$ for one side, per entry.

The softmax bound is the accuracy multiclass documents and checks against mpmath for given float
scores, $4(1 + \kappa_i)$ ulps with the componentwise condition number
$\kappa_i = |x_i|(1 - y_i) + \sum_{j \ne i} |x_j| y_j$, plus $2\kappa_i$ ulps for the rounding of the
tempered scores $x$ (two roundings, each a relative $u = 2^{-53}$ on every $x_j$). A term with
$x < -746$ is $e^x < 2^{-1075}$, which rounds to 0 on both sides whatever its rounding, so $|x|$ is
capped at 746 in $\kappa$. Log-softmax: the same with $\kappa_i$ divided by $|\log y_i|$ (the
library's documented bound). Sums, dot products and the gradient step use the standard bound
$|\mathrm{fl}(\sum_{n \le N} p_n) - \sum p_n| \le \gamma_N \sum |p_n|$, $\gamma_N = Nu/(1 - Nu)$
(Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., SIAM 2002, §3.1,
doi:10.1137/1.9780898718027), whatever the order of the additions.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]

U = 2.0**-53  # unit roundoff of float64
X_CAP = 746.0  # e^-746 < 2^-1075: such a term rounds to 0, however its exponent was rounded


def ulp(values: Any) -> Floats:
    """The spacing of float64 at each value (2^-1074 at 0 and among subnormals; 0 at an
    infinity, where the two sides must agree exactly)."""
    size = np.abs(np.asarray(values, dtype=np.float64))
    return np.where(np.isfinite(size), np.spacing(np.where(np.isfinite(size), size, 0.0)), 0.0)


def gamma(n: int) -> float:
    """$\\gamma_n = nu / (1 - nu)$, the relative error bound of a sum of n terms."""
    return n * U / (1 - n * U)


def tempered(z: Floats, T: float) -> Floats:
    """$x = (z - \\max z)/T$, capped at -746 (where T = 0 the non-maximal entries are -inf)."""
    if T == 0:
        return np.where(z == z.max(), 0.0, -X_CAP)
    with np.errstate(over="ignore"):  # beyond the float range: capped below anyway
        x = (0.5 * z - 0.5 * z.max()) / T * 2  # the halves: z - max z itself may overflow
    return np.maximum(x, -X_CAP)


def _spread(x: Floats, y: Floats) -> Floats:
    r"""$|x_i|(1 - y_i) + \sum_{j \ne i} |x_j| y_j$ for each i."""
    size = np.abs(x)
    return size * (1 - y) + (np.sum(size * y) - size * y)


def softmax_bound(x: Floats, y: Floats) -> Floats:
    """Per entry: $(4 + 6\\kappa_i)$ ulps of $y_i$."""
    return (4 + 6 * _spread(x, y)) * ulp(y)


def log_softmax_bound(x: Floats, y: Floats, log_y: Floats) -> Floats:
    """Per entry: $4$ ulps of $\\log y_i$ plus $6\\kappa_i$ ulps, written without dividing by
    $|\\log y_i|$ (which may be 0): $6\\,\\kappa_i \\operatorname{ulp}(\\log y_i) \\le 12 u\\,
    \\mathrm{spread}_i$."""
    return 4 * ulp(log_y) + 12 * U * _spread(x, y)


def entropy_bound(y: Floats, log_y: Floats, err_y: Floats, err_log_y: Floats) -> float:
    """$H = \\sum_k h_k$, $h_k = -y_k \\log y_k \\ge 0$: the terms' errors plus the sum's."""
    keep = y > 0
    h = np.where(keep, -y * np.where(keep, log_y, 0.0), 0.0)
    terms = np.where(keep, np.abs(np.where(keep, log_y, 0.0)) * err_y + y * err_log_y, 0.0)
    return float(np.sum(terms + ulp(h)) + gamma(len(y)) * np.sum(h))


def smooth_max_bound(a: float, T: float, log_y_max: float, err_log_y_max: float) -> float:
    """$a + T(-\\log y_m)$: T times the log-softmax's error, and two roundings."""
    part = -T * log_y_max
    return float(T * err_log_y_max + ulp(part) + ulp(a + part))


def linear_bounds(
    X: Floats, labels: npt.NDArray[np.intp], W: Floats, b: Floats, l2: float, eta: float
) -> dict[str, Floats | float]:
    r"""Bounds for the classifier widget: probabilities, objective, and one gradient step.

    Scores $z_{nk} = w_{k1}x_{n1} + w_{k2}x_{n2} + b_k$ are within
    $\zeta_{nk} = \gamma_3(|w_{k1}x_{n1}| + |w_{k2}x_{n2}| + |b_k|)$ of exact (BLAS may fuse a
    multiply-add, the script does not). Moving every score by at most $\zeta_n$ changes each
    probability by a factor within $e^{\pm 2\zeta_n}$ and each $-\log y$ by at most $2\zeta_n$; the
    softmax itself then adds its bound above. The gradient $G = (Y - T)/N$,
    $\partial J/\partial W = G^{\mathsf T}X + \lambda W$, $\partial J/\partial b = \sum_n G_n$, and
    the step $\theta - \eta\,\nabla J$ add their sums' and roundings' errors.
    """
    n = len(X)
    Z = X @ W.T + b
    zeta = gamma(3) * (np.abs(X) @ np.abs(W).T + np.abs(b)).max(axis=1, keepdims=True)
    shifted = np.maximum(Z - Z.max(axis=1, keepdims=True), -X_CAP)
    E = np.exp(shifted)
    Y = E / E.sum(axis=1, keepdims=True)
    log_Y = shifted - np.log(E.sum(axis=1, keepdims=True))
    spread = np.array([_spread(x, y) for x, y in zip(shifted, Y, strict=True)])
    err_Y = Y * np.expm1(2 * zeta) + (4 + 6 * spread) * ulp(Y)
    rows = np.arange(n)
    losses = -log_Y[rows, labels]
    err_loss = 2 * zeta[:, 0] + 4 * ulp(losses) + 12 * U * spread[rows, labels]
    penalty = 0.5 * l2 * float(np.sum(W * W))
    mean = float(np.mean(losses))
    err_mean = float(np.mean(err_loss) + gamma(n) * mean + ulp(mean))
    err_J = err_mean + gamma(W.size + 2) * penalty + float(ulp(mean + penalty))
    T = np.eye(W.shape[0])[labels]
    G = (Y - T) / n
    err_G = (err_Y + ulp(Y - T)) / n + ulp(G)
    dW = G.T @ X + l2 * W
    err_dW = (
        err_G.T @ np.abs(X)
        + gamma(n + 1) * (np.abs(G).T @ np.abs(X) + np.abs(l2 * W))
        + ulp(l2 * W)
    )
    db = G.sum(axis=0)
    err_db = err_G.sum(axis=0) + gamma(n) * np.abs(G).sum(axis=0)
    W_next, b_next = W - eta * dW, b - eta * db
    return {
        "y": err_Y,
        "loss": err_J,
        "mean_cross_entropy": err_mean,
        "w": eta * err_dW + ulp(eta * dW) + ulp(W_next),
        "b": eta * err_db + ulp(eta * db) + ulp(b_next),
    }

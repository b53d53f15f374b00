r"""Backpropagation: the MLP's forward pass and, next to it, its backward pass.

With $H_0 = X$, $A_\ell = H_{\ell-1} W_\ell^{\mathsf T} + b_\ell$ and $H_\ell = \phi(A_\ell)$, the
chain rule from the scores $Z = A_L$ back gives, with $\delta_\ell = \partial J / \partial A_\ell$,

$$\delta_L = (Y - T) / N, \qquad
\frac{\partial J}{\partial W_\ell} = \delta_\ell^{\mathsf T} H_{\ell-1} + \lambda W_\ell, \qquad
\frac{\partial J}{\partial b_\ell} = \mathbf 1^{\mathsf T} \delta_\ell, \qquad
\delta_{\ell-1} = (\delta_\ell W_\ell) \odot \phi'(A_{\ell-1}).$$

:func:`training_objective` packages both for :func:`multiclass.training.train`, with the
fraction of dead units of each hidden layer; :func:`held_out_objective` scores validation data
with the forward pass alone.

References:
    D. E. Rumelhart, G. E. Hinton, R. J. Williams, "Learning representations by
    back-propagating errors", Nature 323 (1986) 533-536, doi:10.1038/323533a0.
"""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt

from multiclass import training
from multiclass._validation import FloatArray
from multiclass.activations import Activation
from multiclass.cross_entropy import cross_entropy, cross_entropy_grad

__all__: list[str] = []

Layers = list[tuple[FloatArray, FloatArray]]


def forward(
    layers: Layers, X: FloatArray, phi: Activation
) -> tuple[list[FloatArray], list[FloatArray]]:
    """Pre-activations A_1..A_L (A_L = Z, the scores) and activations H_0 = X, ..., H_{L-1}."""
    A: list[FloatArray] = []
    H = [X]
    for W, b in layers:
        if A:
            H.append(np.asarray(phi(A[-1])))
        A.append(H[-1] @ W.T + b)
    return A, H


def unpack(theta: FloatArray, sizes: list[int]) -> Layers:
    """The layers' (W_l, b_l) as views into the vector of all parameters, layer by layer."""
    layers: Layers = []
    start = 0
    for fan_in, fan_out in itertools.pairwise(sizes):
        end = start + fan_out * fan_in
        layers.append((theta[start:end].reshape(fan_out, fan_in), theta[end : end + fan_out]))
        start = end + fan_out
    return layers


def backward(
    layers: Layers, H: list[FloatArray], delta: FloatArray, slopes: list[FloatArray], l2: float
) -> Layers:
    """Backpropagation from delta_L = dJ/dZ: (dJ/dW_l, dJ/db_l) for every layer, first to last.

    ``slopes`` holds phi'(A_l) for each hidden layer l.
    """
    grads: Layers = []
    for layer in range(len(layers) - 1, -1, -1):
        W = layers[layer][0]
        grads.append((delta.T @ H[layer] + l2 * W, delta.sum(axis=0)))
        if layer > 0:
            delta = (delta @ W) * slopes[layer - 1]
    grads.reverse()
    return grads


def training_objective(
    sizes: list[int],
    phi: Activation,
    phi_grad: Activation,
    X: FloatArray,
    labels: npt.NDArray[np.intp],
    l2: float,
) -> training.Evaluate:
    r"""$J$, its gradient and the dead units as a function of all parameters in one vector.

    A unit is dead on the samples ``rows`` when $\phi'$ of its pre-activation is 0 on every one.
    """

    def evaluate(theta: FloatArray, rows: training.Rows) -> training.Evaluation:
        layers = unpack(theta, sizes)
        Xr, yr = (X, labels) if rows is None else (X[rows], labels[rows])
        A, H = forward(layers, Xr, phi)  # forward: scores and J
        Z = A[-1]
        loss = float(cross_entropy(Z, yr)) + 0.5 * l2 * sum(float(np.vdot(W, W)) for W, _ in layers)
        slopes = [np.asarray(phi_grad(a)) for a in A[:-1]]  # backward: phi', then the chain rule
        grads = backward(layers, H, np.asarray(cross_entropy_grad(Z, yr)), slopes, l2)
        return training.Evaluation(
            loss,
            np.concatenate([g.ravel() for pair in grads for g in pair]),
            float(np.mean(np.argmax(Z, axis=1) == yr)),
            tuple(float(np.mean(np.all(s == 0.0, axis=0))) for s in slopes),
        )

    return evaluate


def held_out_objective(
    sizes: list[int], phi: Activation, X: FloatArray, labels: npt.NDArray[np.intp]
) -> training.Monitor:
    """The mean cross-entropy (no penalty) and the accuracy on ``X``: the forward pass only."""

    def monitor(theta: FloatArray) -> tuple[float, float]:
        Z = forward(unpack(theta, sizes), X, phi)[0][-1]
        return float(cross_entropy(Z, labels)), float(np.mean(np.argmax(Z, axis=1) == labels))

    return monitor

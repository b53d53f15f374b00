"""multiclass: a small numpy library for multiclass classification, checked claim by claim.

The functions follow the site's notation: scores (logits) ``z = W x + b``, probabilities
``y = softmax(z)``, targets ``t``, and the cross-entropy ``E = -sum_k t_k log y_k``.
"""

from multiclass.cross_entropy import (
    binary_cross_entropy,
    cross_entropy,
    cross_entropy_grad,
    one_hot,
)
from multiclass.linear import logits
from multiclass.sigmoid import log_sigmoid, sigmoid
from multiclass.softmax import log_softmax, logsumexp, softmax

__all__ = [
    "binary_cross_entropy",
    "cross_entropy",
    "cross_entropy_grad",
    "log_sigmoid",
    "log_softmax",
    "logits",
    "logsumexp",
    "one_hot",
    "sigmoid",
    "softmax",
]
__version__ = "0.1.0"

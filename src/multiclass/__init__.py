"""multiclass: a small numpy library for multiclass classification, checked claim by claim.

The functions follow the site's notation: scores (logits) ``z = W x + b``, probabilities
``y = softmax(z)``, targets ``t``, and the cross-entropy ``E = -sum_k t_k log y_k``.
"""

from multiclass.activations import (
    gelu,
    gelu_grad,
    relu,
    relu_grad,
    sigmoid_grad,
    tanh,
    tanh_grad,
)
from multiclass.cross_entropy import cross_entropy, cross_entropy_grad
from multiclass.datasets import (
    Dataset,
    holdout_split,
    load_iris,
    make_blobs,
    make_moons,
    make_spirals,
)
from multiclass.hinge import multiclass_hinge, multiclass_hinge_grad
from multiclass.linear import LinearClassifier, logits
from multiclass.mlp import MLP
from multiclass.risk import lipschitz_bound
from multiclass.search import (
    Trial,
    grid_points,
    grid_search,
    hit_probability,
    random_points,
    random_search,
)
from multiclass.sigmoid import binary_cross_entropy, log_sigmoid, sigmoid
from multiclass.softmax import log_softmax, logsumexp, softmax
from multiclass.spaces import Choice, IntLogUniform, IntUniform, LogUniform, Uniform
from multiclass.targets import one_hot
from multiclass.training import ConvergenceWarning, History

__all__ = [
    "MLP",
    "Choice",
    "ConvergenceWarning",
    "Dataset",
    "History",
    "IntLogUniform",
    "IntUniform",
    "LinearClassifier",
    "LogUniform",
    "Trial",
    "Uniform",
    "binary_cross_entropy",
    "cross_entropy",
    "cross_entropy_grad",
    "gelu",
    "gelu_grad",
    "grid_points",
    "grid_search",
    "hit_probability",
    "holdout_split",
    "lipschitz_bound",
    "load_iris",
    "log_sigmoid",
    "log_softmax",
    "logits",
    "logsumexp",
    "make_blobs",
    "make_moons",
    "make_spirals",
    "multiclass_hinge",
    "multiclass_hinge_grad",
    "one_hot",
    "random_points",
    "random_search",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "softmax",
    "tanh",
    "tanh_grad",
]
__version__ = "0.1.0"

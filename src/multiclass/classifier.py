r"""What every classifier of the site shares: scores $Z$, probabilities $Y = \operatorname{softmax}(Z)$.

A model (:class:`~multiclass.LinearClassifier`, :class:`~multiclass.MLP`) computes its scores
in its own way; this base turns them into probabilities and classes the same way for both, and
checks training data the same way.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import numpy as np
import numpy.typing as npt

from multiclass._checks import as_sample_labels, as_samples, check_nonnegative
from multiclass._validation import FloatArray
from multiclass.softmax import softmax

__all__: list[str] = []


class SoftmaxOutput(ABC):
    r"""Predictions of a model whose scores pass through softmax, $Y = \operatorname{softmax}(Z)$.

    A subclass sets ``num_features`` (D) and ``num_classes`` (K) and provides ``logits(X)``.
    """

    num_features: int
    num_classes: int

    @abstractmethod
    def logits(self, X: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
        """The scores $Z$, shape ``(N, K)``, that each model computes in its own way."""

    def _data(
        self, X: npt.ArrayLike, labels: npt.ArrayLike, l2: object
    ) -> tuple[FloatArray, npt.NDArray[np.intp], float]:
        """Samples as float64 (N, D), labels (N,) in [0, K), and the penalty weight l2 >= 0."""
        X_ = np.asarray(as_samples(X, self.num_features), dtype=np.float64)
        labels = as_sample_labels(labels, X_.shape[0], self.num_classes)
        return X_, labels, check_nonnegative(l2, "l2")

    def predict_proba(self, X: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
        r"""Class probabilities $Y = \operatorname{softmax}(Z)$, shape ``(N, K)``, float64.

        Args:
            X: Samples, shape ``(N, D)``, finite.

        Returns:
            Rows of K probabilities summing to 1, in float64 whatever the dtype of ``X``.

        Raises:
            TypeError: if ``X`` is not real-valued.
            ValueError: as ``logits``: ``X`` not a finite ``(N, D)`` array with N >= 1, the
                parameters set to a wrong shape or a non-finite value, or scores that
                overflow float64.
        """
        return softmax(self.logits(X), axis=-1)

    def predict(self, X: npt.ArrayLike) -> npt.NDArray[np.intp]:
        r"""Predicted classes $\arg\max_k Z_{nk}$, shape ``(N,)``.

        Args:
            X: Samples, shape ``(N, D)``, finite.

        Returns:
            Integer labels in ``[0, K)``.

        Raises:
            TypeError: if ``X`` is not real-valued.
            ValueError: as :meth:`predict_proba`.
        """
        return np.asarray(np.argmax(self.logits(X), axis=1), dtype=np.intp)

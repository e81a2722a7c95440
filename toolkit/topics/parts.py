"""What every topic-model method provides to :class:`toolkit.topics.TopicModel`.

A *part* is one swappable piece per method, in BERTopic's spirit of roles
(embedding, reduction, clustering, representation): the model does the
shared work (canonical order, vocabulary, surface forms, topic table,
persistence of what is common) and hands the rest to the method's part,
looked up by name in :data:`PARTS`. Adding a method is adding a module and
a line there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import numpy as np
from scipy import sparse

OUTLIER = -1


class TopicWarning(UserWarning):
    """A topic model changed course: a fallback, or many outliers."""


class Part(Protocol):
    """One method's fitted state and its four duties."""

    name: str

    def fit(self, texts: list[str], counts: sparse.csr_matrix, *, n_topics: int | None, model: Any) -> tuple:
        """Fit; return ``(topics, probability, representative)``.

        ``representative`` maps a topic to up to three row positions.
        """
        ...

    def transform(self, texts: list[str], counts: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
        """Topics and probabilities of new documents."""
        ...

    def topic_words(self, topic: int, top_n: int) -> list[str]:
        """A topic's words, best first (normalized vocabulary entries)."""
        ...

    def save(self, folder: Path) -> None:
        """Write the fitted state without pickle."""
        ...


def assign_by_weight(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's heaviest column and its share of the row (no weight: topic -1).

    Examples
    --------
    >>> assign_by_weight(np.array([[1.0, 3.0], [0.0, 0.0]]))
    (array([ 1, -1]), array([0.75, 0.  ]))
    """
    total = weights.sum(axis=1)
    topics = np.where(total > 0, np.argmax(weights, axis=1), OUTLIER).astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        probability = np.where(total > 0, weights.max(axis=1) / total, 0.0)
    return topics, probability


def ranked_words(row: np.ndarray, vocabulary: list[str], top_n: int) -> list[str]:
    """The ``top_n`` positive entries of a topic-word row, ties by vocabulary position."""
    row = np.asarray(row).ravel()
    top = np.lexsort((np.arange(row.size), -row))[:top_n]
    return [vocabulary[i] for i in top if row[i] > 0]

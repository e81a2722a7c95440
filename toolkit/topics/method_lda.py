"""Latent Dirichlet allocation (batch variational Bayes, fixed random state)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import psi
from sklearn.decomposition import LatentDirichletAllocation

from toolkit.topics.parts import assign_by_weight, ranked_words


class LDAPart:
    """scikit-learn's LDA on raw counts."""

    name = "lda"

    def __init__(self, *, seed: int, vocabulary: list[str]):
        self.seed = seed
        self.vocabulary = vocabulary

    def _lda(self, n_topics: int) -> LatentDirichletAllocation:
        return LatentDirichletAllocation(
            n_components=n_topics, random_state=self.seed, learning_method="batch", max_iter=25
        )

    def fit(self, texts, counts, *, n_topics: int, model: Any):
        """Fit on the texts and their counts; return topics, probabilities and representatives (or None)."""
        self.lda_ = self._lda(n_topics)
        weights = self.lda_.fit_transform(counts)
        components = self.lda_.components_
        self.topic_word_ = components / components.sum(axis=1, keepdims=True)
        topics, probability = assign_by_weight(weights)
        return topics, probability, None

    def transform(self, texts, counts):
        """Topics and probabilities of new documents."""
        return assign_by_weight(self.lda_.transform(counts))

    def topic_words(self, topic: int, top_n: int) -> list[str]:
        """A topic's words, best first."""
        return ranked_words(self.topic_word_[topic], self.vocabulary, top_n)

    def save(self, folder: Path) -> None:
        """Write the fitted state without pickle."""
        np.save(folder / "topic_word.npy", np.asarray(self.topic_word_))
        np.save(folder / "lda_components.npy", self.lda_.components_)

    @classmethod
    def load(cls, folder: Path, *, seed: int, vocabulary: list[str], **_: Any) -> LDAPart:
        """Rebuild the fitted state written by :meth:`save`."""
        part = cls(seed=seed, vocabulary=vocabulary)
        part.topic_word_ = np.load(folder / "topic_word.npy", allow_pickle=False)
        components = np.load(folder / "lda_components.npy", allow_pickle=False)
        lda = part._lda(components.shape[0])
        # The state LDA's transform reads, rebuilt from the components.
        lda.components_ = components
        lda.exp_dirichlet_component_ = np.exp(psi(components) - psi(components.sum(axis=1))[:, np.newaxis])
        lda.n_features_in_ = components.shape[1]
        lda.doc_topic_prior_ = 1.0 / components.shape[0]
        lda.topic_word_prior_ = 1.0 / components.shape[0]
        lda.n_batch_iter_ = 1
        lda.n_iter_ = 1
        lda.bound_ = 0.0
        part.lda_ = lda
        return part

"""NMF on sublinear TF-IDF, NNDSVD-initialised (deterministic for a given input order)."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.decomposition import NMF, non_negative_factorization
from sklearn.feature_extraction.text import TfidfTransformer

from toolkit.topics.parts import assign_by_weight, ranked_words


class NMFPart:
    """Non-negative matrix factorization of TF-IDF weights."""

    name = "nmf"

    def __init__(self, *, seed: int, vocabulary: list[str]):
        self.seed = seed
        self.vocabulary = vocabulary

    def fit(self, texts, counts, *, n_topics: int, model: Any):
        """Fit on the texts and their counts; return topics, probabilities and representatives (or None)."""
        self.tfidf_ = TfidfTransformer(sublinear_tf=True).fit(counts)
        nmf = NMF(n_components=n_topics, init="nndsvd", random_state=self.seed, max_iter=400)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convergence notes on tiny corpora
            weights = nmf.fit_transform(self.tfidf_.transform(counts))
        self.topic_word_ = nmf.components_
        topics, probability = assign_by_weight(weights)
        return topics, probability, None

    def transform(self, texts, counts):
        """Topics and probabilities of new documents."""
        weights, _, _ = non_negative_factorization(
            self.tfidf_.transform(counts), H=self.topic_word_, n_components=self.topic_word_.shape[0],
            update_H=False, init="custom", random_state=self.seed, max_iter=400,
        )  # fmt: skip
        return assign_by_weight(weights)

    def topic_words(self, topic: int, top_n: int) -> list[str]:
        """A topic's words, best first."""
        return ranked_words(self.topic_word_[topic], self.vocabulary, top_n)

    def save(self, folder: Path) -> None:
        """Write the fitted state without pickle."""
        np.save(folder / "topic_word.npy", np.asarray(self.topic_word_))
        np.save(folder / "idf.npy", self.tfidf_.idf_)

    @classmethod
    def load(cls, folder: Path, *, seed: int, vocabulary: list[str], **_: Any) -> NMFPart:
        """Rebuild the fitted state written by :meth:`save`."""
        part = cls(seed=seed, vocabulary=vocabulary)
        part.topic_word_ = np.load(folder / "topic_word.npy", allow_pickle=False)
        part.tfidf_ = TfidfTransformer(sublinear_tf=True)
        part.tfidf_.idf_ = np.load(folder / "idf.npy", allow_pickle=False)
        return part

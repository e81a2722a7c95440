"""BERTopic, light-weight and offline: local embeddings, PCA, HDBSCAN, class-based TF-IDF.

Embeddings come from :mod:`toolkit.topics.embeddings`, PCA reduces them (in
place of UMAP; the reduced vectors are L2-normalized again), scikit-learn's
HDBSCAN clusters them (wrapped so that new documents go to the nearest
centroid), and the topic words come from BERTopic's class-based TF-IDF over
the model's document-level vocabulary.

Outliers (HDBSCAN's noise, topic -1) are assigned, when the model asks for
it, to the topic whose centroid is most similar in embedding space if that
cosine similarity is at least ``outlier_threshold`` (BERTopic's
``reduce_outliers(strategy="embeddings")``, whose default threshold is 0,
with our centroids). The topic words still come from the documents HDBSCAN
put in each topic, its dense core (``words_from="core"``, the default, and
BERTopic's own behaviour unless ``update_topics`` is called): outliers join
a topic without redefining it. ``words_from="all"`` recomputes the words from
the assignment (``update_topics``). On two samples of the tuning half of ANT,
words from all documents fell below NMF's coherence on one of them (NPMI
0.446 against 0.457) and words from the core were above it on both.

Topic words (``representation="keybert"``, the default) follow BERTopic's
``KeyBERTInspired`` idea with our own parts: c-TF-IDF with
``reduce_frequent_words`` proposes ``n_candidates`` words per topic and they
are re-ranked by the cosine similarity of each word's embedding (the word
embedded alone, by the model's embedding) to the topic's centroid. Plain
c-TF-IDF (``representation="c-tf-idf"``) favours words frequent in a few long
members. On 1,000 articles of a held-out half of ANT (12 topics), NPMI of
the top 10 words over the rest of that half was 0.394 with plain c-TF-IDF
words from all documents and 0.506 with re-ranked words from the core (NMF
at 12 topics: 0.461); ``benchmarks/bench_topics.py`` prints these.

Too small a corpus for density clustering (HDBSCAN finds no cluster) falls
back, with a :class:`TopicWarning`, to k-means on the same reduced
embeddings: ``n_topics`` clusters, or ``sqrt(n / 2)`` (2 to 10) without one.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import Normalizer
from sklearn.preprocessing import normalize as l2_normalize

from toolkit.arabic.tokenize import TOKEN_PATTERN
from toolkit.topics.clusters import CentroidHDBSCAN
from toolkit.topics.embeddings import TfidfSvdEmbedder, resolve_embedding, search_key
from toolkit.topics.parts import OUTLIER, TopicWarning

SAFE_FILES = (
    "config.json",
    "topics.json",
    "topic_embeddings.safetensors",
    "ctfidf.safetensors",
    "ctfidf_config.json",
)
"""What :meth:`BERTopicPart.save` writes into ``bertopic/``; loading requires exactly this form."""


class BERTopicPart:
    """Density-clustered document embeddings with c-TF-IDF topic words."""

    name = "bertopic"

    def __init__(self, *, seed: int, vocabulary: list[str]):
        self.seed = seed
        self.vocabulary = vocabulary

    def _bertopic(self, clusterer: Any, reducer: Any, n_topics: int | None, model: Any):
        from bertopic import BERTopic
        from bertopic.vectorizers import ClassTfidfTransformer

        keybert = model.representation == "keybert"
        return BERTopic(
            embedding_model=None, umap_model=reducer, hdbscan_model=clusterer,
            vectorizer_model=self._vectorizer(),
            ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=keybert),
            top_n_words=self._n_words(model), nr_topics=n_topics,
            calculate_probabilities=False, verbose=False,
            # "english" (the default) strips every non-Latin letter before
            # counting words, which leaves Arabic topics without words.
            language="multilingual",
        )  # fmt: skip

    @staticmethod
    def _n_words(model: Any) -> int:
        if model.representation == "keybert":
            return max(model.top_n_words, model.n_candidates)
        return model.top_n_words

    def _vectorizer(self) -> CountVectorizer:
        return CountVectorizer(
            preprocessor=search_key, token_pattern=TOKEN_PATTERN, vocabulary=self.vocabulary, lowercase=False
        )

    def fit(self, texts, counts, *, n_topics: int | None, model: Any):
        """Fit on the texts and their counts; return topics, probabilities and representatives (or None)."""
        self.embedder_ = resolve_embedding(model.embedding, seed=self.seed).fit(texts)
        embeddings = self.embedder_.transform(texts)
        n = len(texts)

        def reducer():
            # Reduced vectors are L2-normalized again so that HDBSCAN's Euclidean distances
            # rank neighbours by cosine, as the embeddings, the centroids and the outlier
            # assignment do; without it, on a tuning half of ANT, HDBSCAN kept 4 broad
            # clusters of 1,000 articles, one of which took 85% of them after assignment.
            pca = PCA(n_components=min(model.n_dims, embeddings.shape[1], n - 1), svd_solver="full")
            return make_pipeline(pca, Normalizer())

        size = max(2, min(model.min_topic_size, n // 2))
        clusterer = CentroidHDBSCAN(min_cluster_size=size, min_samples=min(5, size))
        self.bertopic_ = self._bertopic(clusterer, reducer(), n_topics, model)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            topics, _ = self.bertopic_.fit_transform(texts, embeddings=embeddings)
        topics = np.asarray(topics, dtype=np.int64)
        self.fallback_ = None
        if (topics == OUTLIER).all():
            k = n_topics or int(np.clip(round(np.sqrt(n / 2)), 2, 10))
            k = max(1, min(k, len(set(texts)) - 1 if len(set(texts)) > 2 else 2))
            self.fallback_ = (
                f"HDBSCAN found no topic among {n} documents (min_topic_size={size}): "
                f"fell back to k-means with {k} topics on the same embeddings"
            )
            warnings.warn(self.fallback_, TopicWarning, stacklevel=4)
            kmeans = KMeans(n_clusters=k, random_state=self.seed, n_init=10)
            self.bertopic_ = self._bertopic(kmeans, reducer(), None, model)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                topics, _ = self.bertopic_.fit_transform(texts, embeddings=embeddings)
            topics = np.asarray(topics, dtype=np.int64)
        self.outliers_before_ = float((topics == OUTLIER).mean())
        core = _centroids(embeddings, topics)
        if model.outliers == "assign" and (topics == OUTLIER).any() and (topics != OUTLIER).any():
            similarity = embeddings @ core["vectors"].T
            best = np.argmax(similarity, axis=1)
            close = similarity[np.arange(n), best] >= model.outlier_threshold
            topics = np.where((topics == OUTLIER) & close, core["topics"][best], topics)
        if model.words_from == "all" and not np.array_equal(topics, self.bertopic_.topics_):
            log = logging.getLogger("BERTopic")
            level = log.level
            log.setLevel(logging.ERROR)  # its warning about custom assignments: this *is* the last step
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self.bertopic_.update_topics(
                    texts,
                    topics=topics.tolist(),
                    top_n_words=self._n_words(model),
                    vectorizer_model=self._vectorizer(),
                    # update_topics would otherwise put back a default c-TF-IDF model
                    ctfidf_model=self.bertopic_.ctfidf_model,
                )
            log.setLevel(level)
            core = _centroids(embeddings, topics)
        self.centroids_ = _centroids(embeddings, topics)
        self.words_ = self._keybert_words(model, core) if model.representation == "keybert" else None
        probability = _similarity(embeddings, topics, self.centroids_)
        return topics, probability, _representative(embeddings, topics, self.centroids_)

    def transform(self, texts, counts):
        """Topics and probabilities of new documents."""
        embeddings = self.embedder_.transform(texts)
        if not len(texts) or not self.centroids_["topics"].size:
            return np.full(len(texts), OUTLIER, dtype=np.int64), np.zeros(len(texts))
        similarity = embeddings @ self.centroids_["vectors"].T
        best = np.argmax(similarity, axis=1)
        return self.centroids_["topics"][best], np.clip(similarity[np.arange(len(texts)), best], 0, 1)

    def _candidates(self, topic: int) -> list[str]:
        found = self.bertopic_.get_topic(topic) or []
        return [w for w, score in found if w and score > 0]

    def _keybert_words(self, model: Any, centroids: dict[str, np.ndarray]) -> dict[int, list[str]]:
        """c-TF-IDF candidates re-ranked by similarity to the topic's centroid."""
        words = {}
        centroids = zip(centroids["topics"].tolist(), centroids["vectors"], strict=True)
        for topic, centroid in centroids:
            candidates = self._candidates(topic)[: model.n_candidates]
            if not candidates:
                words[topic] = []
                continue
            similarity = self.embedder_.transform(candidates) @ centroid
            # Ties keep c-TF-IDF's order, so the words do not depend on anything else.
            order = np.lexsort((np.arange(len(candidates)), -np.round(similarity, 6)))
            words[topic] = [candidates[i] for i in order.tolist()]
        return words

    def topic_words(self, topic: int, top_n: int) -> list[str]:
        """A topic's words, best first."""
        words = getattr(self, "words_", None)
        if words is not None and topic in words:
            return words[topic][:top_n]
        return self._candidates(topic)[:top_n]

    def save(self, folder: Path, *, embedding: Any = None) -> None:
        """Write the fitted state without pickle."""
        if isinstance(self.embedder_, TfidfSvdEmbedder):
            self.embedder_.save(folder)
        elif not isinstance(embedding, (str, Path)):
            raise ValueError("an embedding object cannot be saved; use a local model path or 'tfidf-svd'")
        np.save(folder / "centroid_vectors.npy", self.centroids_["vectors"])
        np.save(folder / "centroid_topics.npy", self.centroids_["topics"])
        self.bertopic_.save(folder / "bertopic", serialization="safetensors", save_ctfidf=True)

    @classmethod
    def load(cls, folder: Path, *, seed: int, vocabulary: list[str], embedding: Any = None) -> BERTopicPart:
        """Rebuild the fitted state written by :meth:`save`."""
        stored = folder / "bertopic"
        # BERTopic.load unpickles a file and downloads from the Hugging Face hub
        # when the path is not a folder: only the safetensors folder save() writes is read.
        if not stored.is_dir() or stored.is_symlink():
            raise ValueError(
                f"{stored} is not the safetensors folder TopicModel.save writes: refusing to load it "
                "(a file could be a pickle that runs code; a missing folder would be looked up online)"
            )
        missing = [name for name in SAFE_FILES if not (stored / name).is_file()]
        if missing:
            raise ValueError(f"{stored} lacks {missing}: not a model written by TopicModel.save")
        from bertopic import BERTopic

        part = cls(seed=seed, vocabulary=vocabulary)
        if (folder / "embedding.json").exists():
            part.embedder_ = TfidfSvdEmbedder.load(folder)
        else:
            part.embedder_ = resolve_embedding(embedding, seed=seed)
        part.centroids_ = {
            "vectors": np.load(folder / "centroid_vectors.npy", allow_pickle=False),
            "topics": np.load(folder / "centroid_topics.npy", allow_pickle=False),
        }
        # BERTopic warns that no embedding model is loaded: ours is above.
        logging.getLogger("BERTopic").setLevel(logging.ERROR)
        part.bertopic_ = BERTopic.load(str(stored.resolve()))
        return part


def _centroids(embeddings: np.ndarray, topics: np.ndarray) -> dict[str, np.ndarray]:
    ids = np.asarray(sorted(t for t in set(topics.tolist()) if t != OUTLIER), dtype=np.int64)
    if ids.size == 0:
        return {"vectors": np.zeros((0, embeddings.shape[1]), dtype=np.float32), "topics": ids}
    vectors = np.stack([embeddings[topics == t].mean(axis=0) for t in ids.tolist()])
    return {"vectors": l2_normalize(vectors).astype(np.float32), "topics": ids}


def _similarity(embeddings: np.ndarray, topics: np.ndarray, centroids: dict[str, np.ndarray]) -> np.ndarray:
    position = {t: i for i, t in enumerate(centroids["topics"].tolist())}
    rows = np.asarray([position.get(t, -1) for t in topics.tolist()], dtype=np.int64)
    out = np.zeros(len(topics))
    known = rows >= 0
    if known.any():
        out[known] = np.einsum("ij,ij->i", embeddings[known], centroids["vectors"][rows[known]])
    return np.clip(out, 0.0, None)


def _representative(embeddings: np.ndarray, topics: np.ndarray, centroids: dict[str, np.ndarray]) -> dict:
    best: dict[int, list[int]] = {}
    for row, topic in enumerate(centroids["topics"].tolist()):
        members = np.flatnonzero(topics == topic)
        scores = embeddings[members] @ centroids["vectors"][row]
        order = np.lexsort((members, -scores))[:3]
        best[topic] = members[order].tolist()
    return best

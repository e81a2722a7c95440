"""Topic models with scikit-learn's contract: BERTopic, NMF and LDA.

Reproducibility: documents are put in a canonical order (by ``doc_id``)
before anything is fitted and every random state comes from ``seed``, so
the same documents in any row order give the same topics. The components
are deterministic given their input order: TF-IDF, truncated SVD with a
fixed random state, PCA (full SVD), scikit-learn's HDBSCAN, NMF with NNDSVD
initialisation, batch LDA with a fixed random state.

BERTopic is used in its light-weight form (no sentence-transformers, UMAP
or the hdbscan package): embeddings come from :mod:`toolkit.topics.embeddings`,
PCA reduces them (to ``n_dims``), scikit-learn's HDBSCAN clusters them (wrapped so that new
documents can be assigned to the nearest cluster centroid), and the topic
words come from BERTopic's class-based TF-IDF over a vocabulary chosen on
*documents* (``min_df``/``max_df`` applied before BERTopic's per-topic step,
which would otherwise apply ``min_df`` to topics and empty them).

Persistence (:meth:`TopicModel.save`) writes JSON, ``.npy`` and Parquet files
and BERTopic's safetensors: loading a model file runs no pickled code.
"""

from __future__ import annotations

import json
import logging
import re
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF, PCA, LatentDirichletAllocation, non_negative_factorization
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize as l2_normalize

from toolkit import schema
from toolkit.arabic.stopwords import stop_words
from toolkit.arabic.tokenize import TOKEN_PATTERN
from toolkit.topics.clusters import CentroidHDBSCAN
from toolkit.topics.embeddings import TfidfSvdEmbedder, resolve_embedding, search_key

METHODS = ("bertopic", "nmf", "lda")
OUTLIER = -1
_TOKEN = re.compile(TOKEN_PATTERN)


class TopicModel:
    """Topics of a corpus, reproducible and offline.

    Parameters
    ----------
    method : {"bertopic", "nmf", "lda"}
        The model.
    n_topics : int, optional
        Number of topics. Required for NMF and LDA (default 20); for
        BERTopic, None lets HDBSCAN decide and an integer reduces the
        topics to at most that many.
    embedding : str, path or object
        For BERTopic: ``"tfidf-svd"`` (default, local), a path to a local
        sentence-transformers model, an object with ``encode``, or a
        scikit-learn transformer.
    seed : int
        Every random state.
    min_df : int
        Words in fewer documents are not topic words.
    max_df : float
        Words in a larger share of documents are not topic words.
    top_n_words : int
        Words kept per topic.
    min_topic_size : int
        BERTopic: smallest cluster HDBSCAN may form.
    n_dims : int
        BERTopic: PCA dimensions the embeddings are reduced to before
        clustering (in place of UMAP; 5, UMAP's usual choice, merges most
        news into one cluster when PCA does the reduction).

    Attributes
    ----------
    topic_info_ : pandas.DataFrame
        ``topic``, ``size``, ``words`` (normalized), ``label`` (readable
        surface forms), ``representative_docs``.
    document_topics_ : pandas.DataFrame
        ``doc_id``, ``topic``, ``probability`` of the fitted documents.
    vocabulary_ : list of str
        Topic-word vocabulary (search-normalized).
    surface_ : dict
        Normalized word → its most frequent written form.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(40)],
    ...                      "text": ["غزة رفح قصف شهداء"] * 20 + ["نفط أسعار سوق برميل"] * 20})
    >>> model = TopicModel(method="nmf", n_topics=2, min_df=1).fit(docs)
    >>> sorted(model.topic_info_["size"].tolist())
    [20, 20]
    """

    def __init__(
        self,
        method: str = "bertopic",
        *,
        n_topics: int | None = None,
        embedding: Any = "tfidf-svd",
        seed: int = 0,
        min_df: int = 5,
        max_df: float = 0.5,
        top_n_words: int = 10,
        min_topic_size: int = 15,
        n_dims: int = 50,
    ):
        self.method = method
        self.n_topics = n_topics
        self.embedding = embedding
        self.seed = seed
        self.min_df = min_df
        self.max_df = max_df
        self.top_n_words = top_n_words
        self.min_topic_size = min_topic_size
        self.n_dims = n_dims

    # -- fitting --------------------------------------------------------------
    def _texts(self, documents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        schema.check_columns(documents, ["doc_id", "text"], table="documents")
        frame = documents[["doc_id", "text"]].copy()
        frame["doc_id"] = frame["doc_id"].astype(str)
        frame["text"] = frame["text"].where(frame["text"].map(lambda t: isinstance(t, str)), "")
        frame = frame.sort_values("doc_id", kind="stable").reset_index(drop=True)
        empty = frame["text"].str.strip() == ""
        return frame[~empty].reset_index(drop=True), frame[empty].reset_index(drop=True)

    def fit(self, documents: pd.DataFrame) -> TopicModel:
        """Fit topics on documents (``doc_id``, ``text``).

        Empty texts are not fitted: they get topic -1 with probability 0.

        Raises
        ------
        ValueError
            With fewer usable documents than topics, or fewer than two
            distinct texts.
        """
        if self.method not in METHODS:
            raise ValueError(f"method is one of {METHODS}, not {self.method!r}")
        frame, empty = self._texts(documents)
        n_topics = self.n_topics if self.n_topics is not None else (None if self.method == "bertopic" else 20)
        distinct = frame["text"].nunique()
        if distinct < 2:
            raise ValueError(
                f"{len(frame)} usable document(s) with {distinct} distinct text(s): "
                "a topic model needs at least two different texts"
            )
        if n_topics is not None and len(frame) < n_topics:
            raise ValueError(f"{len(frame)} usable documents for {n_topics} topics: ask for fewer topics")
        texts = frame["text"].tolist()
        self.vectorizer_ = CountVectorizer(
            preprocessor=search_key, token_pattern=TOKEN_PATTERN, stop_words=sorted(stop_words()),
            min_df=min(self.min_df, len(texts)), max_df=self.max_df if len(texts) >= 10 else 1.0,
            lowercase=False, dtype=np.int64,
        )  # fmt: skip
        counts = self.vectorizer_.fit_transform(texts)
        self.vocabulary_ = list(self.vectorizer_.get_feature_names_out())
        self.surface_ = _surface_forms(texts[:3000], set(self.vocabulary_))
        if self.method == "bertopic":
            topics, probability, representative = self._fit_bertopic(texts, n_topics)
        else:
            topics, probability = self._fit_matrix(counts, n_topics)
            representative = self._representative_from_probability(frame, topics, probability)
        self.document_topics_ = pd.concat(
            [
                pd.DataFrame({"doc_id": frame["doc_id"], "topic": topics, "probability": probability}),
                pd.DataFrame({"doc_id": empty["doc_id"], "topic": OUTLIER, "probability": 0.0}),
            ],
            ignore_index=True,
        ).astype({"topic": "int64", "probability": "float64"})
        self.topic_info_ = self._topic_info(topics, representative, frame)
        return self

    def _fit_matrix(self, counts, n_topics: int) -> tuple[np.ndarray, np.ndarray]:
        if self.method == "nmf":
            self.tfidf_ = TfidfTransformer(sublinear_tf=True).fit(counts)
            matrix = self.tfidf_.transform(counts)
            self.model_ = NMF(n_components=n_topics, init="nndsvd", random_state=self.seed, max_iter=400)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # convergence notes on tiny corpora
                weights = self.model_.fit_transform(matrix)
            self.topic_word_ = self.model_.components_
        else:
            self.model_ = LatentDirichletAllocation(
                n_components=n_topics, random_state=self.seed, learning_method="batch", max_iter=25
            )
            weights = self.model_.fit_transform(counts)
            self.topic_word_ = self.model_.components_ / self.model_.components_.sum(axis=1, keepdims=True)
        return _assign(weights)

    def _fit_bertopic(self, texts: list[str], n_topics: int | None):
        from bertopic import BERTopic
        from bertopic.vectorizers import ClassTfidfTransformer

        self.embedder_ = resolve_embedding(self.embedding, seed=self.seed).fit(texts)
        embeddings = self.embedder_.transform(texts)
        reducer = PCA(n_components=min(self.n_dims, embeddings.shape[1], len(texts) - 1), svd_solver="full")
        size = max(2, min(self.min_topic_size, len(texts) // 2))
        clusterer = CentroidHDBSCAN(min_cluster_size=size, min_samples=min(5, size))
        vectorizer = CountVectorizer(
            preprocessor=search_key, token_pattern=TOKEN_PATTERN, vocabulary=self.vocabulary_, lowercase=False
        )
        self.bertopic_ = BERTopic(
            embedding_model=None, umap_model=reducer, hdbscan_model=clusterer, vectorizer_model=vectorizer,
            ctfidf_model=ClassTfidfTransformer(), top_n_words=self.top_n_words, nr_topics=n_topics,
            calculate_probabilities=False, verbose=False,
            # "english" (the default) strips every non-Latin letter before
            # counting words, which leaves Arabic topics without words.
            language="multilingual",
        )  # fmt: skip
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            topics, _ = self.bertopic_.fit_transform(texts, embeddings=embeddings)
        topics = np.asarray(topics, dtype=np.int64)
        self.centroids_ = _centroids(embeddings, topics)
        probability = _similarity(embeddings, topics, self.centroids_)
        representative = _representative(embeddings, topics, self.centroids_)
        return topics, probability, representative

    def _representative_from_probability(self, frame, topics, probability) -> dict[int, list[int]]:
        order = np.lexsort((frame["doc_id"].to_numpy(), -probability))
        best: dict[int, list[int]] = {}
        for i in order.tolist():
            if topics[i] != OUTLIER and len(best.setdefault(int(topics[i]), [])) < 3:
                best[int(topics[i])].append(i)
        return best

    def _topic_words(self, topic: int) -> list[str]:
        if self.method == "bertopic":
            found = self.bertopic_.get_topic(topic) or []
            return [w for w, score in found if w and score > 0][: self.top_n_words]
        row = np.asarray(self.topic_word_[topic]).ravel()
        top = np.lexsort((np.arange(row.size), -row))[: self.top_n_words]
        return [self.vocabulary_[i] for i in top if row[i] > 0]

    def _topic_info(self, topics: np.ndarray, representative: dict[int, list[int]], frame) -> pd.DataFrame:
        ids, sizes = np.unique(topics, return_counts=True)
        rows = []
        for topic, size in zip(ids.tolist(), sizes.tolist(), strict=True):
            words = self._topic_words(topic) if topic != OUTLIER else []
            rows.append(
                {
                    "topic": topic,
                    "size": size,
                    "words": words,
                    "label": " · ".join(self.surface_.get(w, w) for w in words[:4]),
                    "representative_docs": [frame["doc_id"].iloc[i] for i in representative.get(topic, [])],
                }
            )
        info = pd.DataFrame(rows, columns=["topic", "size", "words", "label", "representative_docs"])
        return info.sort_values(["size", "topic"], ascending=[False, True]).reset_index(drop=True)

    # -- use -----------------------------------------------------------------
    def transform(self, documents: pd.DataFrame) -> pd.DataFrame:
        """Assign documents to the fitted topics.

        Returns
        -------
        pandas.DataFrame
            ``doc_id``, ``topic``, ``probability`` (NMF: the topic's share
            of the document's weights; LDA: its topic probability; BERTopic:
            cosine similarity to the topic's centroid), in the input order.
        """
        if not hasattr(self, "topic_info_"):
            raise ValueError("the model is not fitted: call fit(documents) first")
        schema.check_columns(documents, ["doc_id", "text"], table="documents")
        texts = [t if isinstance(t, str) else "" for t in documents["text"]]
        if self.method == "bertopic":
            embeddings = self.embedder_.transform(texts)
            similarity = embeddings @ self.centroids_["vectors"].T
            best = np.argmax(similarity, axis=1) if similarity.size else np.zeros(len(texts), dtype=int)
            topics = self.centroids_["topics"][best] if len(texts) else np.zeros(0, dtype=np.int64)
            probability = (
                np.clip(similarity[np.arange(len(texts)), best], 0, 1) if len(texts) else np.zeros(0)
            )
        else:
            counts = self.vectorizer_.transform(texts)
            if self.method == "nmf":
                weights, _, _ = non_negative_factorization(
                    self.tfidf_.transform(counts), H=self.topic_word_, n_components=self.topic_word_.shape[0],
                    update_H=False, init="custom", random_state=self.seed, max_iter=400,
                )  # fmt: skip
            else:
                weights = self.model_.transform(counts)
            topics, probability = _assign(weights)
        empty = np.asarray([not t.strip() for t in texts], dtype=bool)
        topics = np.where(empty, OUTLIER, topics)
        probability = np.where(empty, 0.0, probability)
        return pd.DataFrame(
            {"doc_id": documents["doc_id"].astype(str).to_numpy(), "topic": topics.astype(np.int64),
             "probability": probability.astype(float)}
        )  # fmt: skip

    def topics(self) -> pd.DataFrame:
        """The fitted topics (:attr:`topic_info_`)."""
        return self.topic_info_

    def get_params(self) -> dict[str, Any]:
        """Constructor parameters (scikit-learn style)."""
        embedding = self.embedding if isinstance(self.embedding, (str, Path)) else repr(self.embedding)
        return {
            "method": self.method, "n_topics": self.n_topics, "embedding": str(embedding), "seed": self.seed,
            "min_df": self.min_df, "max_df": self.max_df, "top_n_words": self.top_n_words,
            "min_topic_size": self.min_topic_size, "n_dims": self.n_dims,
        }  # fmt: skip

    # -- persistence -----------------------------------------------------------
    def save(self, folder: str | Path) -> Path:
        """Write the fitted model without pickle (JSON, .npy, Parquet, safetensors).

        Raises
        ------
        ValueError
            For BERTopic with an embedding object that cannot be written
            (a path to a local model or the default can).
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        state = {
            "params": self.get_params(),
            "vocabulary": self.vocabulary_,
            "surface": self.surface_,
            "topic_info": self.topic_info_.to_dict(orient="list"),
        }
        (folder / "model.json").write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
        self.document_topics_.to_parquet(folder / "document_topics.parquet", index=False)
        if self.method == "bertopic":
            if isinstance(self.embedder_, TfidfSvdEmbedder):
                self.embedder_.save(folder)
            elif not isinstance(self.embedding, (str, Path)):
                raise ValueError("an embedding object cannot be saved; use a local model path or 'tfidf-svd'")
            np.save(folder / "centroid_vectors.npy", self.centroids_["vectors"])
            np.save(folder / "centroid_topics.npy", self.centroids_["topics"])
            self.bertopic_.save(folder / "bertopic", serialization="safetensors", save_ctfidf=True)
        else:
            np.save(folder / "topic_word.npy", np.asarray(self.topic_word_))
            if self.method == "nmf":
                np.save(folder / "idf.npy", self.tfidf_.idf_)
            else:
                np.save(folder / "lda_components.npy", self.model_.components_)
        return folder

    @classmethod
    def load(cls, folder: str | Path) -> TopicModel:
        """Read a model written by :meth:`save` (no pickle is loaded)."""
        folder = Path(folder)
        state = json.loads((folder / "model.json").read_text(encoding="utf-8"))
        params = state["params"]
        model = cls(**params)
        model.vocabulary_ = state["vocabulary"]
        model.surface_ = state["surface"]
        model.topic_info_ = pd.DataFrame(state["topic_info"])
        model.document_topics_ = pd.read_parquet(folder / "document_topics.parquet")
        model.vectorizer_ = CountVectorizer(
            preprocessor=search_key, token_pattern=TOKEN_PATTERN, vocabulary=model.vocabulary_,
            lowercase=False, dtype=np.int64,
        )  # fmt: skip
        if model.method == "bertopic":
            from bertopic import BERTopic

            if (folder / "embedding.json").exists():
                model.embedder_ = TfidfSvdEmbedder.load(folder)
            else:
                model.embedder_ = resolve_embedding(params["embedding"], seed=model.seed)
            model.centroids_ = {
                "vectors": np.load(folder / "centroid_vectors.npy", allow_pickle=False),
                "topics": np.load(folder / "centroid_topics.npy", allow_pickle=False),
            }
            # BERTopic warns that no embedding model is loaded: ours is above.
            logging.getLogger("BERTopic").setLevel(logging.ERROR)
            model.bertopic_ = BERTopic.load(str(folder / "bertopic"))
        else:
            model.topic_word_ = np.load(folder / "topic_word.npy", allow_pickle=False)
            if model.method == "nmf":
                model.tfidf_ = TfidfTransformer(sublinear_tf=True)
                model.tfidf_.idf_ = np.load(folder / "idf.npy", allow_pickle=False)
            else:
                components = np.load(folder / "lda_components.npy", allow_pickle=False)
                lda = LatentDirichletAllocation(
                    n_components=components.shape[0],
                    random_state=model.seed,
                    learning_method="batch",
                    max_iter=25,
                )
                _restore_lda(lda, components)
                model.model_ = lda
        return model


def _restore_lda(lda: LatentDirichletAllocation, components: np.ndarray) -> None:
    """Give an unfitted LDA the state its ``transform`` reads."""
    from scipy.special import psi

    lda.components_ = components
    lda.exp_dirichlet_component_ = np.exp(psi(components) - psi(components.sum(axis=1))[:, np.newaxis])
    lda.n_features_in_ = components.shape[1]
    lda.doc_topic_prior_ = 1.0 / components.shape[0]
    lda.topic_word_prior_ = 1.0 / components.shape[0]
    lda.n_batch_iter_ = 1
    lda.n_iter_ = 1
    lda.bound_ = 0.0


def _assign(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    total = weights.sum(axis=1)
    topics = np.where(total > 0, np.argmax(weights, axis=1), OUTLIER).astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        probability = np.where(total > 0, weights.max(axis=1) / total, 0.0)
    return topics, probability


def _centroids(embeddings: np.ndarray, topics: np.ndarray) -> dict[str, np.ndarray]:
    ids = np.asarray(sorted(t for t in set(topics.tolist()) if t != OUTLIER), dtype=np.int64)
    if ids.size == 0:
        return {"vectors": np.zeros((0, embeddings.shape[1]), dtype=np.float32), "topics": ids}
    vectors = np.stack([embeddings[topics == t].mean(axis=0) for t in ids.tolist()])
    return {"vectors": l2_normalize(vectors).astype(np.float32), "topics": ids}


def _similarity(embeddings: np.ndarray, topics: np.ndarray, centroids: dict[str, np.ndarray]) -> np.ndarray:
    position = {t: i for i, t in enumerate(centroids["topics"].tolist())}
    out = np.zeros(len(topics))
    for i, t in enumerate(topics.tolist()):
        if t in position:
            out[i] = max(0.0, float(embeddings[i] @ centroids["vectors"][position[t]]))
    return out


def _representative(embeddings: np.ndarray, topics: np.ndarray, centroids: dict[str, np.ndarray]) -> dict:
    best: dict[int, list[int]] = {}
    for row, topic in enumerate(centroids["topics"].tolist()):
        members = np.flatnonzero(topics == topic)
        scores = embeddings[members] @ centroids["vectors"][row]
        order = np.lexsort((members, -scores))[:3]
        best[topic] = members[order].tolist()
    return best


def _surface_forms(texts: list[str], vocabulary: set[str]) -> dict[str, str]:
    """The most frequent written form of each normalized vocabulary word."""
    seen: Counter[tuple[str, str]] = Counter()
    for text in texts:
        for raw in _TOKEN.findall(text):
            key = search_key(raw)
            if key in vocabulary:
                seen[(key, raw)] += 1
    best: dict[str, tuple[int, str]] = {}
    for (key, raw), n in seen.items():
        if key not in best or (n, raw) > best[key]:
            best[key] = (n, raw)
    return {key: raw for key, (_, raw) in sorted(best.items())}

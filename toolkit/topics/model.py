"""Topic models with scikit-learn's contract: BERTopic, NMF and LDA.

:class:`TopicModel` is a scikit-learn estimator (``BaseEstimator``:
``get_params``, ``set_params``, :func:`sklearn.base.clone`). It does the
work every method shares and hands the rest to one swappable *part* per
method (:data:`toolkit.topics.parts.PARTS`): :mod:`~toolkit.topics.method_bertopic`,
:mod:`~toolkit.topics.method_nmf`, :mod:`~toolkit.topics.method_lda`.

Reproducibility: documents are put in a canonical order taken from the
texts themselves (sorted by text; identical texts are interchangeable)
before anything is fitted, and every random state comes from ``seed``, so
the same texts in any row order *and under any document ids* give the same
topics. The components are deterministic given their input order.

Topic words come from a vocabulary chosen on *documents* (``min_df``,
``max_df``) and restricted to content words: the bundled stop words, words
of one letter, words with a digit and «و» or «ف» + a stop word («والتي»,
«فهي») are not topic words, so labels are made of words that say something.

Persistence (:meth:`TopicModel.save`) writes JSON, ``.npy`` and Parquet files
and BERTopic's safetensors; :meth:`TopicModel.load` reads only that form and
never unpickles or downloads.
"""

from __future__ import annotations

import json
import re
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import CountVectorizer

from toolkit import schema
from toolkit.arabic.stopwords import stop_words
from toolkit.arabic.tokenize import TOKEN_PATTERN
from toolkit.topics.embeddings import TfidfSvdEmbedder, search_key
from toolkit.topics.method_bertopic import BERTopicPart
from toolkit.topics.method_lda import LDAPart
from toolkit.topics.method_nmf import NMFPart
from toolkit.topics.parts import OUTLIER, TopicWarning

PARTS: dict[str, type] = {"bertopic": BERTopicPart, "nmf": NMFPart, "lda": LDAPart}
METHODS = tuple(PARTS)
OUTLIER_MODES = ("assign", "keep")
REPRESENTATIONS = ("keybert", "c-tf-idf")
WORDS_FROM = ("core", "all")
_TOKEN = re.compile(TOKEN_PATTERN)

__all__ = ["METHODS", "OUTLIER", "PARTS", "TopicModel", "TopicWarning", "content_word"]


def content_word(word: str) -> bool:
    """Whether a normalized word may be a topic word.

    Examples
    --------
    >>> [content_word(w) for w in ["غزه", "و", "2018", "والتي", "فهي", "ب", "فلسطين"]]
    [True, False, False, False, False, False, True]
    """
    if len(word) < 2 or any(ch.isdigit() for ch in word) or not any(ch.isalpha() for ch in word):
        return False
    stops = stop_words()
    # «و» or «ف» + a stop word («والتي», «فهي», «فقد») is a stop word with a conjunction.
    return word not in stops and not (word[0] in "وف" and word[1:] in stops)


class TopicModel(BaseEstimator):
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
    outliers : {"assign", "keep"}
        BERTopic: give HDBSCAN's outliers to the most similar topic (see
        :mod:`toolkit.topics.method_bertopic`), or keep them as topic -1.
    outlier_threshold : float
        BERTopic: least cosine similarity to a topic's centroid for an
        outlier to join it (BERTopic's default, 0).
    representation : {"keybert", "c-tf-idf"}
        BERTopic: topic words from c-TF-IDF candidates re-ranked by their
        similarity to the topic's centroid (default), or BERTopic's plain
        c-TF-IDF (see :mod:`toolkit.topics.method_bertopic`).
    words_from : {"core", "all"}
        BERTopic: topic words from the documents HDBSCAN put in each topic
        (default; assigned outliers join a topic without redefining it) or
        from every document after outlier assignment.
    n_candidates : int
        BERTopic with ``representation="keybert"``: c-TF-IDF words
        considered per topic (at most 100).

    Attributes
    ----------
    topic_info_ : pandas.DataFrame
        ``topic``, ``size``, ``words`` (normalized), ``label`` (readable
        surface forms), ``representative_docs``.
    document_topics_ : pandas.DataFrame
        ``doc_id``, ``topic``, ``probability`` of the fitted documents.
    outlier_share_ : dict
        Share of fitted documents in topic -1 ``before`` and ``after``
        outlier assignment (equal without assignment).
    method_ : str
        The method that produced the topics; ``fallback_`` says why it
        differs from the one asked for, or is None.
    vocabulary_ : list of str
        Topic-word vocabulary (search-normalized).
    surface_ : dict
        Normalized word → its most frequent written form.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn.base import clone
    >>> docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(40)],
    ...                      "text": ["غزة رفح قصف شهداء"] * 20 + ["نفط أسعار سوق برميل"] * 20})
    >>> model = TopicModel(method="nmf", n_topics=2, min_df=1).fit(docs)
    >>> sorted(model.topic_info_["size"].tolist()), clone(model).get_params()["n_topics"]
    ([20, 20], 2)
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
        outliers: str = "assign",
        outlier_threshold: float = 0.0,
        representation: str = "keybert",
        n_candidates: int = 50,
        words_from: str = "core",
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
        self.outliers = outliers
        self.outlier_threshold = outlier_threshold
        self.representation = representation
        self.n_candidates = n_candidates
        self.words_from = words_from

    # -- fitting --------------------------------------------------------------
    @staticmethod
    def _texts(documents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        schema.check_columns(documents, ["doc_id", "text"], table="documents")
        frame = documents[["doc_id", "text"]].copy()
        frame["doc_id"] = frame["doc_id"].astype(str)
        frame["text"] = frame["text"].where(frame["text"].map(lambda t: isinstance(t, str)), "")
        # Canonical order from the texts, not the ids: renaming documents changes nothing.
        frame = frame.sort_values(["text", "doc_id"], kind="stable").reset_index(drop=True)
        empty = frame["text"].str.strip() == ""
        return frame[~empty].reset_index(drop=True), frame[empty].reset_index(drop=True)

    def _vectorize(self, texts: list[str]):
        first = CountVectorizer(
            preprocessor=search_key, token_pattern=TOKEN_PATTERN, stop_words=sorted(stop_words()),
            min_df=min(self.min_df, len(texts)), max_df=self.max_df if len(texts) >= 10 else 1.0,
            lowercase=False, dtype=np.int64,
        )  # fmt: skip
        try:
            counts = first.fit_transform(texts)
        except ValueError as err:  # scikit-learn: "empty vocabulary" or max_df < min_df
            raise ValueError(
                f"no topic words: no word is in at least min_df={self.min_df} of {len(texts)} documents "
                f"and at most max_df={self.max_df} of them; lower min_df or raise max_df"
            ) from err
        names = first.get_feature_names_out()
        keep = np.asarray([content_word(w) for w in names], dtype=bool)
        if not keep.any():
            raise ValueError("no content words left for topics (only stop words, digits or single letters)")
        self.vocabulary_ = [str(w) for w in names[keep]]
        self.vectorizer_ = CountVectorizer(
            preprocessor=search_key, token_pattern=TOKEN_PATTERN, vocabulary=self.vocabulary_,
            lowercase=False, dtype=np.int64,
        )  # fmt: skip
        return counts[:, keep].tocsr()

    def fit(self, documents: pd.DataFrame, y: object = None) -> TopicModel:
        """Fit topics on documents (``doc_id``, ``text``).

        Empty texts are not fitted: they get topic -1 with probability 0.

        Raises
        ------
        ValueError
            With fewer usable documents than topics, fewer than two
            distinct texts, or no content words.
        """
        if self.method not in PARTS:
            raise ValueError(f"method is one of {METHODS}, not {self.method!r}")
        if self.outliers not in OUTLIER_MODES:
            raise ValueError(f"outliers is one of {OUTLIER_MODES}, not {self.outliers!r}")
        if self.representation not in REPRESENTATIONS:
            raise ValueError(f"representation is one of {REPRESENTATIONS}, not {self.representation!r}")
        if self.words_from not in WORDS_FROM:
            raise ValueError(f"words_from is one of {WORDS_FROM}, not {self.words_from!r}")
        if not 1 <= self.n_candidates <= 100:
            raise ValueError(f"n_candidates is between 1 and 100 (BERTopic's limit), not {self.n_candidates}")
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
        counts = self._vectorize(texts)
        self.surface_ = _surface_forms(texts[:3000], set(self.vocabulary_))
        self.part_ = PARTS[self.method](seed=self.seed, vocabulary=self.vocabulary_)
        topics, probability, representative = self.part_.fit(texts, counts, n_topics=n_topics, model=self)
        if representative is None:
            representative = _representative_from_probability(topics, probability)
        self.method_ = self.method
        self.fallback_ = getattr(self.part_, "fallback_", None)
        before = getattr(self.part_, "outliers_before_", float((topics == OUTLIER).mean()))
        n_all = len(frame) + len(empty)
        self.outlier_share_ = {
            "before": (before * len(frame) + len(empty)) / n_all,
            "after": (float((topics == OUTLIER).sum()) + len(empty)) / n_all,
        }
        self.document_topics_ = pd.concat(
            [
                pd.DataFrame({"doc_id": frame["doc_id"], "topic": topics, "probability": probability}),
                pd.DataFrame({"doc_id": empty["doc_id"], "topic": OUTLIER, "probability": 0.0}),
            ],
            ignore_index=True,
        ).astype({"topic": "int64", "probability": "float64"})
        self.topic_info_ = self._topic_info(topics, representative, frame)
        if self.outlier_share_["after"] > 0.5:
            warnings.warn(
                f"{self.outlier_share_['after']:.0%} of the documents are outliers (topic -1)",
                TopicWarning,
                stacklevel=2,
            )
        return self

    def _topic_info(self, topics: np.ndarray, representative: dict[int, list[int]], frame) -> pd.DataFrame:
        ids, sizes = np.unique(topics, return_counts=True)
        rows = []
        for topic, size in zip(ids.tolist(), sizes.tolist(), strict=True):
            words = self.part_.topic_words(topic, self.top_n_words) if topic != OUTLIER else []
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
        topics, probability = self.part_.transform(texts, self.vectorizer_.transform(texts))
        empty = np.asarray([not t.strip() for t in texts], dtype=bool)
        topics = np.where(empty, OUTLIER, topics)
        probability = np.where(empty, 0.0, probability)
        return pd.DataFrame(
            {"doc_id": documents["doc_id"].astype(str).to_numpy(),
             "topic": np.asarray(topics, dtype=np.int64), "probability": np.asarray(probability, dtype=float)}
        )  # fmt: skip

    def topics(self) -> pd.DataFrame:
        """The fitted topics (:attr:`topic_info_`)."""
        return self.topic_info_

    # -- persistence -----------------------------------------------------------
    def _stored_params(self) -> dict[str, Any]:
        params = self.get_params(deep=False)
        embedding = params["embedding"]
        if isinstance(embedding, Path):
            params["embedding"] = str(embedding)
        elif not isinstance(embedding, str):
            if self.method == "bertopic" and not isinstance(
                getattr(self.part_, "embedder_", None), TfidfSvdEmbedder
            ):
                raise ValueError("an embedding object cannot be saved; use a local model path or 'tfidf-svd'")
            params["embedding"] = repr(embedding)
        return params

    def save(self, folder: str | Path) -> Path:
        """Write the fitted model without pickle (JSON, .npy, Parquet, safetensors).

        Raises
        ------
        ValueError
            For BERTopic with an embedding object that cannot be written
            (a path to a local model or the default can).
        """
        if not hasattr(self, "topic_info_"):
            raise ValueError("the model is not fitted: call fit(documents) first")
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        state = {
            "params": self._stored_params(),
            "method": self.method_,
            "fallback": self.fallback_,
            "outlier_share": self.outlier_share_,
            "vocabulary": self.vocabulary_,
            "surface": self.surface_,
            "topic_info": self.topic_info_.to_dict(orient="list"),
        }
        (folder / "model.json").write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
        self.document_topics_.to_parquet(folder / "document_topics.parquet", index=False)
        if isinstance(self.part_, BERTopicPart):
            self.part_.save(folder, embedding=self.embedding)
        else:
            self.part_.save(folder)
        return folder

    @classmethod
    def load(cls, folder: str | Path) -> TopicModel:
        """Read a model written by :meth:`save`.

        Only that form is read: nothing is unpickled and nothing is
        downloaded (a ``bertopic`` entry that is a file, or missing, is
        refused before BERTopic sees it).

        Raises
        ------
        ValueError
            When the folder is not a model written by :meth:`save`.
        """
        folder = Path(folder)
        if not (folder / "model.json").is_file():
            raise ValueError(f"{folder} has no model.json: not a model written by TopicModel.save")
        state = json.loads((folder / "model.json").read_text(encoding="utf-8"))
        params = state["params"]
        model = cls(**params)
        model.method_ = state.get("method", params["method"])
        model.fallback_ = state.get("fallback")
        model.outlier_share_ = state.get("outlier_share", {})
        model.vocabulary_ = state["vocabulary"]
        model.surface_ = state["surface"]
        model.topic_info_ = pd.DataFrame(state["topic_info"])
        model.document_topics_ = pd.read_parquet(folder / "document_topics.parquet")
        model.vectorizer_ = CountVectorizer(
            preprocessor=search_key, token_pattern=TOKEN_PATTERN, vocabulary=model.vocabulary_,
            lowercase=False, dtype=np.int64,
        )  # fmt: skip
        part = PARTS[model.method_]
        model.part_ = part.load(
            folder, seed=model.seed, vocabulary=model.vocabulary_, embedding=params["embedding"]
        )
        return model


def _representative_from_probability(topics: np.ndarray, probability: np.ndarray) -> dict[int, list[int]]:
    # Ties go to the earlier document in the canonical (text) order, not to an id.
    order = np.lexsort((np.arange(len(topics)), -probability))
    best: dict[int, list[int]] = {}
    for i in order.tolist():
        if topics[i] != OUTLIER and len(best.setdefault(int(topics[i]), [])) < 3:
            best[int(topics[i])].append(i)
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

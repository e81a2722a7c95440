"""Document embeddings for topic models, local and offline.

The default, ``"tfidf-svd"``, is TF-IDF of search-normalized Arabic words
(bundled stop words removed) reduced by truncated SVD and L2-normalized: a
scikit-learn pipeline that needs no model download. A path to a local
sentence-transformers model, an object with ``.encode``, or a fitted or
unfitted scikit-learn transformer can be given instead.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize as l2_normalize

from toolkit.arabic.normalize import normalize
from toolkit.arabic.stopwords import stop_words
from toolkit.arabic.tokenize import TOKEN_PATTERN


class Embedder(Protocol):
    """What a topic model needs from an embedding."""

    def fit(self, texts: list[str]) -> Embedder:
        """Learn what the embedding needs from the texts (may do nothing)."""
        ...

    def transform(self, texts: list[str]) -> np.ndarray:
        """One L2-normalized row per text."""
        ...


def search_key(text: str) -> str:
    """Search-normalize text (a picklable preprocessor for vectorizers).

    Examples
    --------
    >>> search_key("الإسلاميّة")
    'الاسلاميه'
    """
    return normalize(text, level="search")


class TfidfSvdEmbedder:
    """TF-IDF of normalized Arabic words, reduced by truncated SVD.

    Parameters
    ----------
    n_components : int
        Dimensions kept (fewer when the corpus has fewer words or documents).
    min_df : int
        Words in fewer documents are dropped.
    max_df : float
        Words in a larger share of documents are dropped.
    seed : int
        Random state of the SVD.
    """

    def __init__(self, *, n_components: int = 100, min_df: int = 2, max_df: float = 0.5, seed: int = 0):
        self.n_components = n_components
        self.min_df = min_df
        self.max_df = max_df
        self.seed = seed

    def fit(self, texts: list[str]) -> TfidfSvdEmbedder:
        """Learn the vocabulary, IDF weights and SVD basis."""
        self.vectorizer_ = TfidfVectorizer(
            preprocessor=search_key, token_pattern=TOKEN_PATTERN, stop_words=sorted(stop_words()),
            min_df=min(self.min_df, max(len(texts) - 1, 1)), max_df=self.max_df if len(texts) > 2 else 1.0,
            sublinear_tf=True, dtype=np.float32,
        )  # fmt: skip
        matrix = self.vectorizer_.fit_transform(texts)
        k = max(1, min(self.n_components, matrix.shape[1] - 1, matrix.shape[0] - 1))
        self.svd_ = TruncatedSVD(n_components=k, random_state=self.seed, algorithm="randomized", n_iter=7)
        self.svd_.fit(matrix)
        return self

    def transform(self, texts: list[str]) -> np.ndarray:
        """Embed texts (rows L2-normalized)."""
        reduced = self.svd_.transform(self.vectorizer_.transform(texts))
        return l2_normalize(reduced).astype(np.float32)

    def save(self, folder: Path) -> None:
        """Write the fitted state as JSON and ``.npy`` (no pickle)."""
        vocabulary = {w: int(i) for w, i in self.vectorizer_.vocabulary_.items()}
        (folder / "embedding.json").write_text(
            json.dumps(
                {"kind": "tfidf-svd", "params": self.get_params(), "vocabulary": vocabulary},
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        np.save(folder / "embedding_idf.npy", self.vectorizer_.idf_.astype(np.float64))
        np.save(folder / "embedding_components.npy", self.svd_.components_)

    @classmethod
    def load(cls, folder: Path) -> TfidfSvdEmbedder:
        """Rebuild a fitted embedder written by :meth:`save`."""
        state = json.loads((folder / "embedding.json").read_text(encoding="utf-8"))
        embedder = cls(**state["params"])
        vectorizer = TfidfVectorizer(
            preprocessor=search_key, token_pattern=TOKEN_PATTERN, stop_words=sorted(stop_words()),
            vocabulary=state["vocabulary"], sublinear_tf=True, dtype=np.float32,
        )  # fmt: skip
        vectorizer.idf_ = np.load(folder / "embedding_idf.npy", allow_pickle=False)
        embedder.vectorizer_ = vectorizer
        components = np.load(folder / "embedding_components.npy", allow_pickle=False)
        svd = TruncatedSVD(n_components=components.shape[0])
        svd.components_ = components
        embedder.svd_ = svd
        return embedder

    def get_params(self) -> dict[str, Any]:
        """Constructor parameters (scikit-learn style)."""
        return {
            "n_components": self.n_components,
            "min_df": self.min_df,
            "max_df": self.max_df,
            "seed": self.seed,
        }


class EncoderEmbedder:
    """Wrap an object with ``encode(list_of_texts) -> array`` (sentence-transformers)."""

    def __init__(self, encoder: Any, *, name: str = "encoder", batch_size: int = 64):
        self.encoder = encoder
        self.name = name
        self.batch_size = batch_size

    def fit(self, texts: list[str]) -> EncoderEmbedder:
        """Nothing to learn: the encoder is pre-trained."""
        return self

    def transform(self, texts: list[str]) -> np.ndarray:
        """Encode texts (rows L2-normalized)."""
        vectors = self.encoder.encode(list(texts), batch_size=self.batch_size, show_progress_bar=False)
        return l2_normalize(np.asarray(vectors, dtype=np.float32))


class TransformerEmbedder:
    """Wrap a scikit-learn transformer (fitted on the texts unless already fitted)."""

    def __init__(self, transformer: Any):
        self.transformer = transformer

    def fit(self, texts: list[str]) -> TransformerEmbedder:
        """Fit the transformer on the texts."""
        self.transformer.fit(texts)
        return self

    def transform(self, texts: list[str]) -> np.ndarray:
        """Transform and L2-normalize."""
        out = self.transformer.transform(texts)
        out = out.toarray() if hasattr(out, "toarray") else np.asarray(out)
        return l2_normalize(out.astype(np.float32))


def load_sentence_transformer(path: str | Path, *, device: str | None = None) -> EncoderEmbedder:
    """Load a sentence-transformers model from a local folder, offline.

    Parameters
    ----------
    path : str or pathlib.Path
        Folder of a saved sentence-transformers model.
    device : str, optional
        ``"cpu"``, ``"cuda"``, …; default: the library's choice.

    Returns
    -------
    EncoderEmbedder

    Raises
    ------
    FileNotFoundError
        When the folder does not exist (nothing is downloaded instead).
    ImportError
        When sentence-transformers is not installed (``pip install
        arabic-framing-toolkit[embeddings]``).
    """
    folder = Path(path)
    if not folder.is_dir():
        raise FileNotFoundError(
            f"no local sentence-transformers model at {folder}: the toolkit never downloads models; "
            "save one there first (SentenceTransformer(name).save(path)) or use embedding='tfidf-svd'"
        )
    with offline():
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as err:
            raise ImportError(
                "embedding from a local model needs sentence-transformers: "
                "pip install 'arabic-framing-toolkit[embeddings]'"
            ) from err
        model = SentenceTransformer(str(folder), device=device, local_files_only=True)
    return EncoderEmbedder(model, name=folder.name)


OFFLINE_VARIABLES = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")


@contextmanager
def offline() -> Iterator[None]:
    """Refuse Hugging Face hub access inside the block, and only there.

    Sets ``HF_HUB_OFFLINE`` and ``TRANSFORMERS_OFFLINE`` to ``"1"`` and puts
    back what was there before on the way out (the user's session keeps its
    own settings for the rest of its work).

    Examples
    --------
    >>> before = os.environ.get("HF_HUB_OFFLINE")
    >>> with offline():
    ...     os.environ["HF_HUB_OFFLINE"]
    '1'
    >>> os.environ.get("HF_HUB_OFFLINE") == before
    True
    """
    saved = {name: os.environ.get(name) for name in OFFLINE_VARIABLES}
    os.environ.update(dict.fromkeys(OFFLINE_VARIABLES, "1"))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def resolve_embedding(spec: Any, *, seed: int) -> Embedder:
    """Turn the ``embedding`` argument of a topic model into an embedder.

    Parameters
    ----------
    spec : str, path, object
        ``"tfidf-svd"``; a path to a local sentence-transformers model; an
        object with ``encode``; a scikit-learn transformer.
    seed : int
        Seed for the default embedder.

    Returns
    -------
    Embedder

    Examples
    --------
    >>> type(resolve_embedding("tfidf-svd", seed=0)).__name__
    'TfidfSvdEmbedder'
    """
    if isinstance(spec, str) and spec == "tfidf-svd":
        return TfidfSvdEmbedder(seed=seed)
    if isinstance(spec, (str, Path)):
        return load_sentence_transformer(spec)
    if hasattr(spec, "encode"):
        return EncoderEmbedder(spec)
    if hasattr(spec, "transform"):
        return TransformerEmbedder(spec)
    raise TypeError(
        "embedding is 'tfidf-svd', a path to a local sentence-transformers model, "
        "an object with .encode, or a scikit-learn transformer"
    )

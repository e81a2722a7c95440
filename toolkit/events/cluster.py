"""Group articles about the same news event across outlets.

Method (all steps deterministic and independent of the order of rows):

1. Each document (title and text) is represented by TF-IDF weights of its
   search-normalized words, without stop words, on words found in at least
   two documents (``sublinear_tf``, L2-normalized), so cosine similarity is
   a dot product.
2. Documents are compared only with documents published at most
   ``window_days`` apart (undated documents with every document), in
   blocks, so memory stays bounded.
3. Two documents are linked when their cosine similarity is at least
   ``threshold`` and each is among the other's ``k`` most similar
   neighbours in the window (mutual nearest neighbours). The mutual
   condition stops chains of loosely related stories from merging into one
   giant event.
4. Events are the connected components of the links. Event ids are numbered
   in order of each event's earliest document (then its smallest doc_id).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer

from toolkit import schema
from toolkit.arabic.normalize import normalize
from toolkit.arabic.stopwords import stop_words
from toolkit.arabic.tokenize import TOKEN_PATTERN

BLOCK = 2000


def _features(documents: pd.DataFrame) -> sparse.csr_matrix:
    titles = documents["title"].fillna("") if "title" in documents.columns else ""
    texts = (
        (titles + "\n" + documents["text"].fillna("")).tolist()
        if "title" in documents.columns
        else (documents["text"].fillna("").tolist())
    )
    vectorizer = TfidfVectorizer(
        preprocessor=lambda t: normalize(t, level="search"),
        token_pattern=TOKEN_PATTERN,
        stop_words=sorted(stop_words()),
        min_df=2,
        sublinear_tf=True,
        dtype=np.float32,
    )
    try:
        return vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # no word occurs twice: nothing to link
        return sparse.csr_matrix((len(texts), 1), dtype=np.float32)


def cluster_events(
    documents: pd.DataFrame, *, window_days: float = 3, threshold: float = 0.25, k: int = 10
) -> pd.Series:
    """Assign each document an event (story) id.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id`` and ``text``; ``title`` and ``published`` are used
        when present. Not modified.
    window_days : float
        Documents further apart in time are never in one event directly.
    threshold : float
        Cosine similarity of TF-IDF vectors needed for a link.
    k : int
        Links only between mutual ``k`` nearest neighbours.

    Returns
    -------
    pandas.Series
        ``event_id`` (int64) aligned with ``documents.index``.

    Examples
    --------
    >>> import toolkit
    >>> docs = toolkit.load_corpus(toolkit.paths.SEEDS).documents
    >>> mains = docs[docs["role"] == "main"]
    >>> cluster_events(mains, window_days=10).tolist()
    [0, 0, 0, 0, 0]
    """
    schema.check_columns(documents, ["doc_id", "text"], table="documents")
    n = len(documents)
    if n == 0:
        return pd.Series([], index=documents.index, name="event_id", dtype="int64")
    published = (
        pd.to_datetime(documents["published"], utc=True)
        if "published" in documents.columns
        else pd.Series(pd.NaT, index=documents.index, dtype="datetime64[ns, UTC]")
    )
    # A canonical order (time, then doc_id) makes the result independent of
    # the order of the input rows.
    order = np.lexsort(
        (documents["doc_id"].astype(str).to_numpy(), published.isna().to_numpy(), published.to_numpy())
    )
    frame = documents.iloc[order]
    days = (published.iloc[order] - pd.Timestamp("1970-01-01", tz="UTC")) / pd.Timedelta(days=1)
    days = days.to_numpy(dtype=float)
    features = _features(frame)
    rows, cols, sims = _window_similarities(features, days, window_days=window_days, threshold=threshold)
    keep = _mutual_top_k(rows, cols, sims, n=n, k=k)
    graph = sparse.coo_matrix((np.ones(keep.sum()), (rows[keep], cols[keep])), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    first: dict[int, int] = {}
    for label in labels.tolist():  # documents are in canonical order
        first.setdefault(label, len(first))
    event = np.asarray([first[label] for label in labels.tolist()], dtype=np.int64)
    result = np.empty(n, dtype=np.int64)
    result[order] = event
    return pd.Series(result, index=documents.index, name="event_id")


def _window_similarities(
    features: sparse.csr_matrix, days: np.ndarray, *, window_days: float, threshold: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i < j) within the time window with similarity ≥ threshold."""
    n = features.shape[0]
    dated = ~np.isnan(days)
    found_rows, found_cols, found_sims = [], [], []
    for lo in range(0, n, BLOCK):
        hi = min(lo + BLOCK, n)
        if dated[lo:hi].any():
            t_max = np.nanmax(days[lo:hi])
            # Dated documents are sorted, undated ones come last.
            last = int(np.searchsorted(days[dated], t_max + window_days, side="right"))
            candidates = np.concatenate([np.arange(lo, last), np.flatnonzero(~dated)])
        else:
            candidates = np.arange(lo, n)
        candidates = np.unique(candidates[candidates >= lo])
        block = (features[lo:hi] @ features[candidates].T).tocoo()
        i = block.row + lo
        j = candidates[block.col]
        sim = block.data
        gap = np.abs(days[j] - days[i])
        ok = (j > i) & (sim >= threshold) & (np.isnan(gap) | (gap <= window_days))
        found_rows.append(i[ok])
        found_cols.append(j[ok])
        found_sims.append(sim[ok])
    if not found_rows:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    return np.concatenate(found_rows), np.concatenate(found_cols), np.concatenate(found_sims)


def _mutual_top_k(rows: np.ndarray, cols: np.ndarray, sims: np.ndarray, *, n: int, k: int) -> np.ndarray:
    """Keep edges where each end is among the other's k most similar."""
    if rows.size == 0:
        return np.zeros(0, dtype=bool)
    both_rows = np.concatenate([rows, cols])
    both_cols = np.concatenate([cols, rows])
    both_sims = np.concatenate([sims, sims])
    # Rank each node's neighbours: by similarity, ties by neighbour index.
    order = np.lexsort((both_cols, -both_sims, both_rows))
    ranked_rows = both_rows[order]
    starts = np.searchsorted(ranked_rows, np.arange(n))
    rank = np.arange(order.size) - starts[ranked_rows]
    within = np.zeros(order.size, dtype=bool)
    within[order] = rank < k
    m = rows.size
    return within[:m] & within[m:]

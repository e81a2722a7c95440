"""Group articles about the same news event across outlets.

Method (all steps deterministic and independent of the order of rows):

1. Each document is represented by TF-IDF weights of its search-normalized
   words, without stop words, on words found in at least two documents
   (``sublinear_tf``): the body's row plus the title's row (weighted
   :data:`TITLE_WEIGHT`), L2-normalized, so cosine similarity is a dot
   product.
2. Documents are compared only with documents at most ``window_days``
   apart, in blocks, so memory stays bounded.
3. Two documents are linked when their cosine similarity is at least
   ``threshold`` and each is among the other's ``k`` most similar
   neighbours in the window (mutual nearest neighbours).
4. Linked documents are merged into events, strongest links first, under
   two tests: the merged event spans at most ``max_span_days`` (by default
   ``window_days``: **no event is longer than the window**, the slack is
   zero), and the centroids of the two events being merged have cosine
   similarity of at least ``cohesion``. Connected components of the links
   (the older rule) chained a week of market bulletins or wedding notices
   into one event; the centroid test stops a link between two stories'
   fringes from joining the stories. Undated documents may join an event
   (they add nothing to its span) but never bridge two dated events that
   together would be too long.
5. Event ids are numbered in order of each event's earliest document (then
   its smallest doc_id).

The defaults (``threshold=0.15``, ``k=20``, ``cohesion=0.3``) were chosen
on the hand-labelled ANT fixture (``tests/fixtures/ant_2018-05-13_16_events.csv``),
the only event labels there are: there is no held-out labelled set, so its
scores are optimistic (see ``benchmarks/bench_events.py``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse import linalg as sparse_linalg
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize as normalize_rows

from toolkit import schema
from toolkit.arabic.normalize import normalize
from toolkit.arabic.stopwords import stop_words
from toolkit.arabic.tokenize import TOKEN_PATTERN

BLOCK = 2000

#: Weight of the title's TF-IDF row against the body's (see :func:`_features`).
TITLE_WEIGHT = 1.0

#: Centroid cosine two events need to merge (see :func:`_bounded_merge`).
COHESION = 0.3


def _features(documents: pd.DataFrame) -> sparse.csr_matrix:
    """TF-IDF rows of the text and of the title, the title weighted :data:`TITLE_WEIGHT`.

    A title names the story in a few words; a body shares much of its
    vocabulary with the neighbouring stories of the same day (the embassy
    opening and the killings at the Gaza border, 14 May 2018).
    """
    texts = documents["text"].fillna("").astype(str).tolist()
    titles = (
        documents["title"].fillna("").astype(str).tolist()
        if "title" in documents.columns
        else [""] * len(texts)
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
        vectorizer.fit([*titles, *texts])
    except ValueError:  # no word occurs twice: nothing to link
        return sparse.csr_matrix((len(texts), 1), dtype=np.float32)
    combined = vectorizer.transform(texts) + TITLE_WEIGHT * vectorizer.transform(titles)
    return normalize_rows(combined.tocsr())


def cluster_events(
    documents: pd.DataFrame,
    *,
    window_days: float = 3,
    threshold: float = 0.15,
    k: int = 20,
    cohesion: float = COHESION,
    max_span_days: float | None = None,
    time: str = "published",
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
    cohesion : float
        Centroid cosine similarity two events need to merge.
    max_span_days : float, optional
        Longest event, first to last document; ``window_days`` when not given.
    time : str
        Column giving each document's time: ``published``; ``crawled`` only
        for a corpus whose crawl followed publication closely (state it).

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
        pd.to_datetime(documents[time], utc=True)
        if time in documents.columns
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
    labels = _bounded_merge(
        features, days, rows[keep], cols[keep], sims[keep],
        max_span=window_days if max_span_days is None else max_span_days, cohesion=cohesion,
    )  # fmt: skip
    first: dict[int, int] = {}
    for label in labels.tolist():  # documents are in canonical order
        first.setdefault(label, len(first))
    event = np.asarray([first[label] for label in labels.tolist()], dtype=np.int64)
    result = np.empty(n, dtype=np.int64)
    result[order] = event
    return pd.Series(result, index=documents.index, name="event_id")


def _bounded_merge(
    features: sparse.csr_matrix,
    days: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    sims: np.ndarray,
    *,
    max_span: float,
    cohesion: float,
) -> np.ndarray:
    """Merge linked documents into events, strongest links first, under two tests.

    Two events joined by a link merge only when (1) together they span at
    most ``max_span`` days (spans count dated documents) and
    (2) the cosine similarity of their centroids reaches ``cohesion``: a
    link between two stories' fringes does not pour one story into the
    other, so no chain of topics grows an event across the corpus.
    """
    n = features.shape[0]
    parent = np.arange(n)
    lo = days.copy()
    hi = days.copy()
    centroid: dict[int, sparse.csr_matrix] = {}  # sums, only for events of 2+ documents

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def vector(i: int) -> sparse.csr_matrix:
        return centroid[i] if i in centroid else features[i]

    # Strongest links first; ties by document order (canonical), so the
    # result does not depend on the order of the input rows.
    for e in np.lexsort((cols, rows, -sims)).tolist():
        a, b = find(int(rows[e])), find(int(cols[e]))
        if a == b:
            continue
        span_lo, span_hi = np.fmin(lo[a], lo[b]), np.fmax(hi[a], hi[b])
        if span_hi - span_lo > max_span:  # NaN (an undated side) passes: spans are of dates
            continue
        va, vb = vector(a), vector(b)
        cosine = va.multiply(vb).sum() / (sparse_linalg.norm(va) * sparse_linalg.norm(vb) or 1.0)
        if cosine < cohesion:
            continue
        parent[b] = a
        lo[a], hi[a] = span_lo, span_hi
        centroid[a] = va + vb
        centroid.pop(b, None)
    return np.asarray([find(i) for i in range(n)])


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

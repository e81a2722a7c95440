"""Find documents that share text, and group them into reuse clusters.

Method: every document's search-normalized words are cut into hashed
``n``-word shingles; a sparse documents × shingles matrix multiplied by its
transpose counts, for every pair that shares at least one shingle, how many
they share. Only pairs that share something are ever touched (no all-pairs
loop): the cost grows with the sum over shingles of their document
frequency squared, which stays near-linear because shingles occurring in
more than ``max_df`` documents (formulas, boilerplate) are left out. The
counts are exact, so the result does not depend on random hashing
permutations or document order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from toolkit import schema
from toolkit.reuse.shingles import shingle_texts
from toolkit.schema import PAIRS


def find_reuse(
    documents: pd.DataFrame,
    *,
    n: int = 7,
    min_similarity: float = 0.3,
    min_shared: int = 8,
    window_days: float | None = None,
    max_df: int = 1000,
) -> pd.DataFrame:
    """Find pairs of documents that share passages of text.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id`` and ``text``; ``published``, ``outlet`` and
        ``source`` are used when present. Not modified.
    n : int
        Words per shingle. With the default 7, a containment is the share
        of a document's word-7-grams found in the other, the measure
        reuse studies report.
    min_similarity : float
        Keep pairs where ``max(containment_a, containment_b)`` reaches this.
        The default 0.3 keeps republished text: on SaudiNewsNet (July 2015)
        every reported pair reaches 7-gram containment 0.3, where the older
        default (0.1 with 5-grams) reported 69% pairs that shared little
        more than an official title («صاحب السمو الملكي الأمير …»).
        0.1 also keeps a story that reuses a paragraph or two of wire
        copy (and title formulas: read the passages); 0.5 keeps
        near-copies.
    min_shared : int
        Keep pairs sharing at least this many shingles (single shared
        phrases are not reuse).
    window_days : float, optional
        Keep pairs published at most this many days apart (pairs with an
        unknown date are kept).
    max_df : int
        Shingles found in more documents than this are ignored.

    Returns
    -------
    pandas.DataFrame
        One row per pair, columns :data:`PAIRS`, sorted by ``doc_id_a``
        and ``doc_id_b``.

    Examples
    --------
    >>> import toolkit
    >>> docs = toolkit.load_corpus(toolkit.paths.SEEDS).documents
    >>> find_reuse(docs).empty  # no seed is mostly a copy of another
    True
    >>> pairs = find_reuse(docs, min_similarity=0.1)  # shared passages too
    >>> pairs[["doc_id_a", "doc_id_b"]].values.tolist()
    [['000_989eea801e3711f0', '002_b622d3d59e8c8c27']]
    """
    schema.check_columns(documents, ["doc_id", "text"], table="documents")
    if not 0 <= min_similarity <= 1:
        raise ValueError("min_similarity is a share between 0 and 1")
    frame = documents.reset_index(drop=True)
    texts = [t if isinstance(t, str) else "" for t in frame["text"]]
    shingles = shingle_texts(texts, n=n)
    matrix, columns = shingles.matrix(len(frame))
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    df = np.asarray(matrix.sum(axis=0)).ravel()
    common = (df >= 2) & (df <= max_df)
    reduced = matrix[:, common]
    shared = sparse.triu(reduced @ reduced.T, k=1).tocoo()
    return finish_pairs(
        frame, a=shared.row.astype(np.int64), b=shared.col.astype(np.int64),
        count=shared.data.astype(np.int64), sizes=sizes, common_hashes=columns[common], n=n,
        min_similarity=min_similarity, min_shared=min_shared, window_days=window_days, shingles=shingles,
    )  # fmt: skip


def finish_pairs(
    frame: pd.DataFrame,
    *,
    a: np.ndarray,
    b: np.ndarray,
    count: np.ndarray,
    sizes: np.ndarray,
    common_hashes: np.ndarray,
    n: int,
    min_similarity: float,
    min_shared: int,
    window_days: float | None,
    shingles=None,
) -> pd.DataFrame:
    """Turn shared-shingle counts into the pairs table (shared by the pandas and Dask engines).

    Parameters
    ----------
    frame : pandas.DataFrame
        The documents that ``a`` and ``b`` index (positions).
    a, b, count : numpy.ndarray
        Pairs (``a < b``) and how many distinct shingles they share.
    sizes : numpy.ndarray
        Distinct shingles of each document of ``frame``.
    common_hashes : numpy.ndarray
        Shingle hashes that count (in 2 to ``max_df`` documents of the corpus).
    n : int
        Words per shingle.
    min_similarity, min_shared, window_days
        As for :func:`find_reuse`.
    shingles : Shingles, optional
        The shingles of ``frame``'s texts, when already computed.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PAIRS`.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        cont_a = count / sizes[a]
        cont_b = count / sizes[b]
    keep = (count >= max(min_shared, 1)) & (np.maximum(cont_a, cont_b) >= min_similarity)
    a, b, count, cont_a, cont_b = a[keep], b[keep], count[keep], cont_a[keep], cont_b[keep]
    published = (
        pd.to_datetime(frame["published"], utc=True)
        if "published" in frame.columns
        else pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns, UTC]")
    )
    if window_days is not None and a.size:
        gap = (published.iloc[b].to_numpy() - published.iloc[a].to_numpy()) / np.timedelta64(1, "D")
        close = np.isnan(gap.astype(float)) | (np.abs(gap.astype(float)) <= window_days)
        a, b, count, cont_a, cont_b = a[close], b[close], count[close], cont_a[close], cont_b[close]
    if shingles is None:
        shingles = shingle_texts([t if isinstance(t, str) else "" for t in frame["text"]], n=n)
    words_a, words_b = _shared_words(shingles, len(frame), common_hashes, a, b)
    ids = frame["doc_id"].astype(str).to_numpy()
    pairs = pd.DataFrame(
        {
            "doc_id_a": ids[a],
            "doc_id_b": ids[b],
            "shared_shingles": count,
            "jaccard": count / (sizes[a] + sizes[b] - count),
            "containment_a": cont_a,
            "containment_b": cont_b,
            "shared_words_a": words_a,
            "shared_words_b": words_b,
        }
    )
    earlier, why = _earlier(frame, published, a, b)
    pairs["earlier"] = earlier
    pairs["earlier_by"] = why
    # Orient each pair from the likely original to the copy, else by doc_id.
    flip = np.where(
        pairs["earlier"].notna(), pairs["earlier"] == pairs["doc_id_b"], pairs["doc_id_a"] > pairs["doc_id_b"]
    )
    for name in ("doc_id", "containment", "shared_words"):
        a_side, b_side = pairs[f"{name}_a"].to_numpy(), pairs[f"{name}_b"].to_numpy()
        pairs[f"{name}_a"] = np.where(flip, b_side, a_side)
        pairs[f"{name}_b"] = np.where(flip, a_side, b_side)
    return pairs[list(PAIRS)].sort_values(["doc_id_a", "doc_id_b"]).reset_index(drop=True)


def _shared_words(
    shingles, n_docs: int, common_hashes: np.ndarray, a: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Words of each side covered by shingles the pair shares (all pairs at once)."""
    if a.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    # Sort the shingles by hash once: finding them among the common hashes
    # is then one ordered pass.
    by_hash = np.argsort(shingles.hashes, kind="stable")
    hashes = shingles.hashes[by_hash]
    usable = _member(hashes, common_hashes)
    chosen = by_hash[usable]
    codes = np.searchsorted(common_hashes, hashes[usable])
    doc, position = shingles.doc[chosen], shingles.position[chosen]
    # Occurrences ordered by (document, shingle, position).
    order = np.lexsort((position, codes, doc))
    doc, position, codes = doc[order], position[order], codes[order]
    bounds = np.searchsorted(doc, np.arange(n_docs + 1))
    n_codes = np.int64(max(common_hashes.size, 1))
    words = []
    for side, other in ((a, b), (b, a)):
        # Every occurrence of a shingle of `side`'s document, once per pair…
        lengths = bounds[side + 1] - bounds[side]
        pair = np.repeat(np.arange(side.size), lengths)
        rows = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        rows += np.repeat(bounds[side], lengths)
        # …kept when the other document has the shingle too.
        keys = pair * n_codes + codes[rows]
        other_lengths = bounds[other + 1] - bounds[other]
        other_pair = np.repeat(np.arange(other.size), other_lengths)
        other_rows = np.arange(other_lengths.sum()) - np.repeat(
            np.cumsum(other_lengths) - other_lengths, other_lengths
        )
        other_rows += np.repeat(bounds[other], other_lengths)
        # Rows are sorted by (document, shingle), so both key arrays are
        # already sorted: the binary search walks memory in order.
        other_keys = other_pair * n_codes + codes[other_rows]
        hit = _member(keys, other_keys)
        pair, start = pair[hit], position[rows[hit]]
        order = np.lexsort((start, pair))
        pair, start = pair[order], start[order]
        # Words covered by the union of [start, start + n): each shingle adds
        # the words up to the next one's start, at most n.
        step = np.full(start.size, shingles.n, dtype=np.int64)
        same = pair[1:] == pair[:-1]
        step[:-1][same] = np.minimum(start[1:][same] - start[:-1][same], shingles.n)
        words.append(np.bincount(pair, weights=step, minlength=side.size).astype(np.int64))
    return words[0], words[1]


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """Which values are in a sorted array (a binary search; numpy's isin hashes, slower here)."""
    if sorted_set.size == 0:
        return np.zeros(values.size, dtype=bool)
    where = np.minimum(np.searchsorted(sorted_set, values), sorted_set.size - 1)
    return sorted_set[where] == values


def _earlier(frame: pd.DataFrame, published: pd.Series, a: np.ndarray, b: np.ndarray) -> tuple[list, list]:
    earlier: list[str | None] = []
    why: list[str] = []
    ids = frame["doc_id"].astype(str).to_numpy()
    outlets = (
        frame["outlet"].to_numpy(dtype=object) if "outlet" in frame.columns else np.full(len(frame), None)
    )
    sources = (
        frame["source"].to_numpy(dtype=object) if "source" in frame.columns else np.full(len(frame), None)
    )
    times = published.to_numpy()
    for i, j in zip(a.tolist(), b.tolist(), strict=True):
        ti, tj = times[i], times[j]
        if not (pd.isna(ti) or pd.isna(tj)) and ti != tj:
            earlier.append(ids[i] if ti < tj else ids[j])
            why.append("published")
            continue
        credits_j = _credits(sources[i], outlets[j])
        credits_i = _credits(sources[j], outlets[i])
        if credits_j != credits_i:
            earlier.append(ids[j] if credits_j else ids[i])
            why.append("credited source")
            continue
        earlier.append(None)
        why.append("")
    return earlier, why


def _credits(source: object, outlet: object) -> bool:
    """Whether a copy's credited source names the other document's outlet."""
    return isinstance(source, str) and isinstance(outlet, str) and bool(outlet) and outlet in source

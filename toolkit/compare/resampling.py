"""Document-level uncertainty for word statistics: articles, not tokens, are the units.

Log-odds and keyness treat every token as an independent draw, so one
article that repeats a word twenty times can make it "significant". Here
documents are resampled instead, with sparse matrix products (no loop over
terms or documents):

- the **cluster bootstrap** draws each group's documents with replacement;
  a resample's counts are ``W @ X`` with ``W`` the (resamples × documents)
  matrix of how often each document was drawn;
- the **permutation** test shuffles which documents belong to the target
  (keeping the number of target documents), so the null distribution keeps
  every article's words together.

Documents enter in a canonical order (by group, then ``doc_id``) so results
do not depend on row order. Both work in blocks of terms to bound memory.

:func:`document_stats` reports in how many documents of a group a term
occurs and how much of its count the heaviest document supplies.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
from scipy import sparse

from toolkit.compare.terms import DocumentTerms

BLOCK = 4096
"""Terms per block when resampled counts are materialized."""

ONE_ARTICLE_SHARE = 0.5
"""A term is flagged ``one_article`` when one document supplies more than this share of its count."""


def document_stats(dt: DocumentTerms) -> pd.DataFrame:
    """Documents using each term per group, and the heaviest document's share.

    Parameters
    ----------
    dt : DocumentTerms
        From :func:`toolkit.compare.terms.document_terms`.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``term``, ``n_docs``, ``top_doc_share`` (NaN where the
        group never uses the term) and ``one_article`` (true when one document
        supplies more than :data:`ONE_ARTICLE_SHARE` of the group's count).

    Examples
    --------
    >>> import pandas as pd
    >>> from toolkit.compare.terms import document_terms
    >>> docs = pd.DataFrame({"doc_id": list("abc"), "outlet": ["x", "x", "y"],
    ...                      "text": ["غزة غزة غزة رفح", "رفح", "غزة"]})
    >>> s = document_stats(document_terms(docs))
    >>> s[s["group"] == "x"][["term", "n_docs", "top_doc_share", "one_article"]].values.tolist()
    [['رفح', 2, 0.5, False], ['غزه', 1, 1.0, True]]
    """
    frames = []
    matrix = dt.matrix.tocsr()
    for code, group in enumerate(dt.groups):
        rows = matrix[dt.codes == code]
        n_docs = np.asarray((rows > 0).sum(axis=0)).ravel()
        total = np.asarray(rows.sum(axis=0)).ravel()
        top = rows.max(axis=0).toarray().ravel() if rows.shape[0] else np.zeros(len(dt.terms))
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(total > 0, top / total, np.nan)
        frames.append(
            pd.DataFrame({"group": group, "term": dt.terms, "n_docs": n_docs.astype(np.int64),
                          "top_doc_share": share, "one_article": share > ONE_ARTICLE_SHARE})
        )  # fmt: skip
    return pd.concat(frames, ignore_index=True)


def _canonical_rows(dt: DocumentTerms, code: int) -> np.ndarray:
    rows = np.flatnonzero(dt.codes == code)
    return rows[np.argsort(dt.doc_ids[rows].astype(str), kind="stable")]


def bootstrap_weights(
    dt: DocumentTerms, *, n_resamples: int, seed: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each group, its document rows and how often each is drawn in each resample.

    Parameters
    ----------
    dt : DocumentTerms
        Documents and their groups.
    n_resamples : int
        Bootstrap resamples.
    seed : int
        Seed; group ``k`` uses the stream ``[seed, k]``.

    Returns
    -------
    list of (numpy.ndarray, numpy.ndarray)
        Per group: row positions (canonical order) and a (resamples × rows)
        matrix of draw counts (each row sums to the group's size).

    Examples
    --------
    >>> import pandas as pd
    >>> from toolkit.compare.terms import document_terms
    >>> docs = pd.DataFrame({"doc_id": list("abc"), "outlet": ["x", "x", "y"], "text": ["غزة", "رفح", "غزة"]})
    >>> [w.sum(axis=1).tolist() for _, w in bootstrap_weights(document_terms(docs), n_resamples=3, seed=0)]
    [[2.0, 2.0, 2.0], [1.0, 1.0, 1.0]]
    """
    out = []
    for code in range(len(dt.groups)):
        rows = _canonical_rows(dt, code)
        rng = np.random.default_rng([seed, code])
        m = rows.size
        weights = (
            rng.multinomial(m, np.full(m, 1 / m), size=n_resamples).astype(np.float64)
            if m
            else np.zeros((n_resamples, 0))
        )
        out.append((rows, weights))
    return out


def resampled_counts(
    matrix: sparse.csr_matrix, rows: np.ndarray, weights: np.ndarray, *, block: int = BLOCK
) -> Iterator[tuple[slice, np.ndarray]]:
    """``weights @ matrix[rows]`` one block of term columns at a time.

    Parameters
    ----------
    matrix : scipy.sparse.csr_matrix
        Documents × terms counts.
    rows : numpy.ndarray
        The documents resampled (row positions).
    weights : numpy.ndarray
        (resamples × rows) weights: draw counts or 0/1 labels.
    block : int
        Terms per block.

    Yields
    ------
    (slice, numpy.ndarray)
        The columns and their (resamples × block) counts.
    """
    sub = matrix[rows].tocsc()
    for start in range(0, matrix.shape[1], block):
        columns = slice(start, min(start + block, matrix.shape[1]))
        part = sub[:, columns]
        yield columns, np.asarray((part.T @ weights.T).T)


def permutation_labels(n_target: int, n_total: int, *, n_resamples: int, seed: int) -> np.ndarray:
    """(resamples × documents) 0/1 matrix: which documents play the target in each permutation.

    Parameters
    ----------
    n_target : int
        Documents of the target (kept in every permutation).
    n_total : int
        Documents compared.
    n_resamples : int
        Permutations.
    seed : int
        Seed.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> permutation_labels(2, 5, n_resamples=4, seed=0).sum(axis=1).tolist()
    [2.0, 2.0, 2.0, 2.0]
    """
    rng = np.random.default_rng(seed)
    base = np.zeros(n_total)
    base[:n_target] = 1.0
    return (
        np.stack([rng.permutation(base) for _ in range(n_resamples)])
        if n_resamples
        else np.zeros((0, n_total))
    )

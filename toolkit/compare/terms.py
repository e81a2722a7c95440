"""Term counts per group: normalized Arabic words, or lexicon variants."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from toolkit import schema
from toolkit.annotation.counts import counted
from toolkit.arabic.normalize import normalize
from toolkit.arabic.stopwords import stop_words
from toolkit.arabic.tokenize import TOKEN_PATTERN, count_tokens


def _search_key(text: str) -> str:
    return normalize(text, level="search")


class DocumentTerms(NamedTuple):
    """A documents × terms count matrix and the group of each document.

    ``matrix`` is a CSR matrix (int64), ``terms`` its column names, ``groups``
    the sorted group names and ``codes`` each row's position in ``groups``;
    ``doc_ids`` and ``lengths`` (every word token, stop words included) are
    per row.
    """

    matrix: sparse.csr_matrix
    terms: np.ndarray
    groups: list
    codes: np.ndarray
    doc_ids: np.ndarray
    lengths: np.ndarray

    def group_counts(self) -> np.ndarray:
        """Counts per group (groups × terms, dense)."""
        return (self.assignment() @ self.matrix).toarray()

    def assignment(self) -> sparse.csr_matrix:
        """Groups × documents indicator matrix."""
        n = len(self.codes)
        return sparse.csr_matrix(
            (np.ones(n, dtype=np.int64), (self.codes, np.arange(n))), shape=(len(self.groups), n)
        )

    def keep(self, columns: np.ndarray) -> DocumentTerms:
        """The same documents with only some term columns (booleans or positions)."""
        return self._replace(matrix=self.matrix[:, columns].tocsr(), terms=self.terms[columns])


def document_terms(
    documents: pd.DataFrame,
    *,
    by: str = "outlet",
    matches: pd.DataFrame | None = None,
    remove_stop_words: bool = True,
) -> DocumentTerms:
    """Count terms per document, keeping each document's group.

    Parameters
    ----------
    documents, by, matches, remove_stop_words
        As for :func:`term_counts`.

    Returns
    -------
    DocumentTerms

    Examples
    --------
    >>> import pandas as pd
    >>> texts = ["قال إن الشهداء", "القتلى"]
    >>> dt = document_terms(pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["x", "y"], "text": texts}))
    >>> dt.terms.tolist(), dt.matrix.toarray().tolist(), dt.lengths.tolist()
    (['الشهداء', 'القتلي'], [[1, 0], [0, 1]], [3, 1])
    """
    schema.check_columns(documents, ["doc_id", "text", by], table="documents")
    docs = documents[documents[by].notna()]
    groups = sorted(pd.unique(docs[by]), key=str)
    index = {g: i for i, g in enumerate(groups)}
    codes = docs[by].map(index).to_numpy(dtype=np.int64)
    doc_ids = docs["doc_id"].to_numpy()
    texts = docs["text"].fillna("").tolist()
    lengths = np.asarray([count_tokens(t) if isinstance(t, str) else 0 for t in texts], dtype=np.int64)
    if matches is not None:
        schema.check_columns(matches, ["doc_id", "concept", "variant"], table="matches")
        row_of = pd.Series(np.arange(len(docs)), index=doc_ids)
        row_of = row_of[~row_of.index.duplicated()]
        matches = counted(matches)
        kept = matches[matches["doc_id"].isin(row_of.index)]
        names = (kept["concept"].astype(str) + ":" + kept["variant"].astype(str)).to_numpy()
        terms, columns = np.unique(names, return_inverse=True)
        rows = kept["doc_id"].map(row_of).to_numpy(dtype=np.int64)
        matrix = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.int64), (rows, columns)), shape=(len(docs), len(terms))
        )
        matrix.sum_duplicates()
        terms = terms.astype(object)
    else:
        vectorizer = CountVectorizer(
            preprocessor=_search_key,
            token_pattern=TOKEN_PATTERN,
            stop_words=sorted(stop_words()) if remove_stop_words else None,
            lowercase=False,
            dtype=np.int64,
        )
        matrix = vectorizer.fit_transform(texts).tocsr()
        terms = vectorizer.get_feature_names_out()
    return DocumentTerms(matrix, np.asarray(terms, dtype=object), groups, codes, doc_ids, lengths)


def term_counts(
    documents: pd.DataFrame,
    *,
    by: str = "outlet",
    matches: pd.DataFrame | None = None,
    remove_stop_words: bool = True,
    min_count: int = 1,
) -> pd.DataFrame:
    """Count terms per group.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id``, ``text`` and the ``by`` column.
    by : str
        Document column of the groups (documents with a missing group are
        left out).
    matches : pandas.DataFrame, optional
        When given, the terms are lexicon variants (``concept:variant``)
        counted from these matches instead of words.
    remove_stop_words : bool
        Drop the bundled Arabic stop words (function words, reporting verbs).
    min_count : int
        Drop terms with fewer occurrences in the whole corpus.

    Returns
    -------
    pandas.DataFrame
        Groups as rows, terms (search-normalized words) as columns, counts as
        values (int64).

    Examples
    --------
    >>> import pandas as pd
    >>> texts = ["قال إن الشهداء", "القتلى"]
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["x", "y"], "text": texts})
    >>> term_counts(docs).to_dict(orient="index")
    {'x': {'الشهداء': 1, 'القتلي': 0}, 'y': {'الشهداء': 0, 'القتلي': 1}}
    """
    dt = document_terms(documents, by=by, matches=matches, remove_stop_words=remove_stop_words)
    table = pd.DataFrame(dt.group_counts().astype(np.int64), index=dt.groups, columns=list(dt.terms))
    keep = table.sum(axis=0) >= min_count
    return table.loc[:, keep]

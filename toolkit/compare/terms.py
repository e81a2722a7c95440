"""Term counts per group: normalized Arabic words, or lexicon variants."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from toolkit import schema
from toolkit.annotation.counts import counted
from toolkit.arabic.normalize import normalize
from toolkit.arabic.stopwords import stop_words
from toolkit.arabic.tokenize import TOKEN_PATTERN


def _search_key(text: str) -> str:
    return normalize(text, level="search")


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
        counted from these matches instead of words; only hits ``in_scope``
        count (see :func:`toolkit.annotation.counts.counted`).
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
    schema.check_columns(documents, ["doc_id", "text", by], table="documents")
    docs = documents[documents[by].notna()]
    groups = sorted(pd.unique(docs[by]), key=str)
    index = {g: i for i, g in enumerate(groups)}
    if matches is not None:
        schema.check_columns(matches, ["doc_id", "concept", "variant"], table="matches")
        group_of = docs.set_index("doc_id")[by]
        matches = counted(matches)
        kept = matches[matches["doc_id"].isin(group_of.index)]
        terms = kept["concept"].astype(str) + ":" + kept["variant"].astype(str)
        table = pd.crosstab(kept["doc_id"].map(group_of), terms).reindex(groups, fill_value=0)
        table.index.name = None
        table.columns.name = None
        table = table.astype("int64")
    else:
        vectorizer = CountVectorizer(
            preprocessor=_search_key,
            token_pattern=TOKEN_PATTERN,
            stop_words=sorted(stop_words()) if remove_stop_words else None,
            lowercase=False,
            dtype=np.int64,
        )
        matrix = vectorizer.fit_transform(docs["text"].fillna("").tolist())
        rows = docs[by].map(index).to_numpy()
        assign = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.int64), (rows, np.arange(len(rows)))), shape=(len(groups), len(rows))
        )
        grouped = (assign @ matrix).toarray()
        table = pd.DataFrame(grouped, index=groups, columns=vectorizer.get_feature_names_out())
    keep = table.sum(axis=0) >= min_count
    return table.loc[:, keep]

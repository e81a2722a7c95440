"""Counts of labels per document or per group, with lengths for rates."""

from __future__ import annotations

import pandas as pd

from toolkit import schema
from toolkit.arabic.tokenize import count_tokens
from toolkit.schema import COUNT_COLUMNS


def document_lengths(documents: pd.DataFrame) -> pd.Series:
    """Length of each document's text in word tokens, indexed by ``doc_id``.

    Examples
    --------
    >>> import pandas as pd
    >>> document_lengths(pd.DataFrame({"doc_id": ["a"], "text": ["قال الوزير: 1.4 مليون"]})).tolist()
    [4]
    """
    schema.check_columns(documents, ["doc_id", "text"], table="documents")
    lengths = [count_tokens(t) if isinstance(t, str) else 0 for t in documents["text"]]
    return pd.Series(lengths, index=documents["doc_id"].to_numpy(), name="n_tokens", dtype="int64")


def counted(matches: pd.DataFrame, *, include_out_of_scope: bool = False) -> pd.DataFrame:
    """The matches that count: those ``in_scope``.

    All of them when asked, or when the table has no ``in_scope`` column
    (tables made before scopes).

    Parameters
    ----------
    matches : pandas.DataFrame
        From :func:`toolkit.annotate`.
    include_out_of_scope : bool
        Keep every hit.

    Returns
    -------
    pandas.DataFrame
        The rows that count (the input itself when nothing is dropped).

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"doc_id": ["a", "a"], "in_scope": [True, False]})
    >>> len(counted(m)), len(counted(m, include_out_of_scope=True))
    (1, 2)
    """
    if include_out_of_scope or "in_scope" not in matches.columns:
        return matches
    return matches[matches["in_scope"].fillna(False).astype(bool).to_numpy()]


def counts(
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    by: str | list[str] = "outlet",
    include_out_of_scope: bool = False,
) -> pd.DataFrame:
    """Count mentions of each variant per group, with group sizes.

    Parameters
    ----------
    matches : pandas.DataFrame
        From :func:`toolkit.annotate`. Only hits ``in_scope`` are counted.
    documents : pandas.DataFrame
        The documents the matches came from (every document counts towards
        its group's size, also those without matches).
    by : str or list of str
        Document column(s) to group by, e.g. ``"outlet"`` or ``"doc_id"``.
    include_out_of_scope : bool
        Count every hit, also those that failed their context (for
        inspecting what the scopes exclude; not a framing measure).

    Returns
    -------
    pandas.DataFrame
        One row per group and variant that occurs: the ``by`` columns, then
        ``concept``, ``variant``, ``n_mentions``, ``n_docs`` (documents with
        at least one mention), ``group_docs``, ``group_tokens`` and
        ``rate_per_1000`` (mentions per 1,000 tokens of the group).

    Examples
    --------
    >>> import pandas as pd
    >>> from toolkit import annotate
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["x", "x"],
    ...                      "text": ["شهداء وشهداء في غزة", "قتلى في غزة"]})
    >>> table = counts(annotate(docs), docs)
    >>> table[["outlet", "variant", "n_mentions", "n_docs", "group_tokens"]].values.tolist()
    [['x', 'martyrs', 2, 1, 7], ['x', 'killed', 1, 1, 7]]
    """
    keys = [by] if isinstance(by, str) else list(by)
    schema.check_columns(documents, ["doc_id", "text", *keys], table="documents")
    schema.check_columns(matches, ["doc_id", "concept", "variant"], table="matches")
    matches = counted(matches, include_out_of_scope=include_out_of_scope)
    lengths = document_lengths(documents)
    docs = documents[["doc_id", *[k for k in keys if k != "doc_id"]]].assign(_tokens=lengths.to_numpy())
    groups = docs.groupby(keys, dropna=False).agg(
        group_docs=("doc_id", "size"), group_tokens=("_tokens", "sum")
    )
    joined = matches[["doc_id", "concept", "variant"]].merge(docs, on="doc_id", how="left")
    table = (
        joined.groupby([*keys, "concept", "variant"], dropna=False)
        .agg(n_mentions=("doc_id", "size"), n_docs=("doc_id", "nunique"))
        .reset_index()
        .merge(groups.reset_index(), on=keys, how="left")
    )
    table["rate_per_1000"] = (
        1000 * table["n_mentions"] / table["group_tokens"].where(table["group_tokens"] > 0)
    )
    return table[[*keys, *COUNT_COLUMNS]].sort_values([*keys, "concept", "variant"]).reset_index(drop=True)

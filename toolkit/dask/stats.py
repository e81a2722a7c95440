"""Counts, label shares and log-odds from Dask frames, combined exactly."""

from __future__ import annotations

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd

from toolkit.compare.logodds import log_odds_table
from toolkit.compare.shares import label_shares as label_shares_frame
from toolkit.compare.terms import term_counts
from toolkit.schema import COUNT_COLUMNS


def _restore(table: pd.DataFrame, matches: dd.DataFrame) -> pd.DataFrame:
    """Give concept and variant back the lexicon-ordered categories of the matches."""
    for column in ("concept", "variant"):
        dtype = matches._meta[column].dtype
        if isinstance(dtype, pd.CategoricalDtype):
            table[column] = pd.Categorical(table[column], categories=dtype.categories)
    return table


def _counted(matches: dd.DataFrame, include_out_of_scope: bool) -> dd.DataFrame:
    """The hits that count (see :func:`toolkit.annotation.counts.counted`)."""
    from toolkit.annotation.counts import counted

    if include_out_of_scope or "in_scope" not in matches.columns:
        return matches
    # Per partition (a boolean filter followed by a column selection trips
    # dask-expr's projection pushdown).
    return matches.map_partitions(counted, meta=matches._meta)


def counts(
    matches: dd.DataFrame, documents: dd.DataFrame, *, by: str = "outlet", include_out_of_scope: bool = False
) -> pd.DataFrame:
    """:func:`toolkit.counts` for Dask frames.

    Mentions are joined to their document's group by ``doc_id`` (not by
    partition) and counted with a grouped aggregation; group sizes and token
    counts are summed over the documents' partitions.

    Parameters
    ----------
    matches, documents : dask.dataframe.DataFrame
        From :func:`toolkit.dask.annotate` and the documents.
    by : str
        Document column of the groups.
    include_out_of_scope : bool
        Count every hit, not only those ``in_scope``.

    Returns
    -------
    pandas.DataFrame
        Equal to the pandas result.
    """
    labels = _counted(matches, include_out_of_scope)[["doc_id", "concept", "variant"]].astype(
        {"concept": str, "variant": str}
    )
    joined = labels.merge(documents[["doc_id", by]], on="doc_id", how="left")
    # Per document first (mentions of each variant), then per group: the
    # number of rows is the number of documents using the variant.
    per_doc = (
        joined.groupby([by, "concept", "variant", "doc_id"], dropna=False).size().rename("n").reset_index()
    )
    table = (
        per_doc.groupby([by, "concept", "variant"], dropna=False)["n"]
        .agg(["sum", "count"])
        .compute()
        .rename(columns={"sum": "n_mentions", "count": "n_docs"})
        .reset_index()
    )
    totals = documents[["doc_id", "text", by]].map_partitions(_group_sizes, by).compute()
    totals = totals.groupby(by, dropna=False)[["group_docs", "group_tokens"]].sum().reset_index()
    table = table.merge(totals, on=by, how="left")
    table["rate_per_1000"] = (
        1000 * table["n_mentions"] / table["group_tokens"].where(table["group_tokens"] > 0)
    )
    for column in ("n_mentions", "n_docs", "group_docs", "group_tokens"):
        table[column] = table[column].astype("int64")
    table = _restore(table, matches)
    return table[[by, *COUNT_COLUMNS]].sort_values([by, "concept", "variant"]).reset_index(drop=True)


def _group_sizes(documents: pd.DataFrame, by: str) -> pd.DataFrame:
    from toolkit.annotation.counts import document_lengths

    lengths = document_lengths(documents).to_numpy()
    frame = documents[[by]].assign(group_docs=1, group_tokens=lengths)
    return frame.groupby(by, dropna=False)[["group_docs", "group_tokens"]].sum().reset_index()


def _with_lengths(documents: pd.DataFrame, keep: list[str]) -> pd.DataFrame:
    from toolkit.annotation.counts import document_lengths

    return documents[keep].assign(n_tokens=document_lengths(documents).to_numpy())


def label_shares(
    matches: dd.DataFrame,
    documents: dd.DataFrame,
    *,
    concept: str,
    by: str = "outlet",
    include_out_of_scope: bool = False,
    **options,
) -> pd.DataFrame:
    """:func:`toolkit.label_shares` for Dask frames.

    The cluster bootstrap only needs each document's label counts, group and
    length (counted on the workers); those small columns are gathered and
    resampled exactly as in pandas (the
    resampling draws over distinct document types, so partitioning cannot
    change it).

    Parameters
    ----------
    matches, documents : dask.dataframe.DataFrame
        Matches and documents.
    concept, by, include_out_of_scope, **options
        As for :func:`toolkit.label_shares`.

    Returns
    -------
    pandas.DataFrame
        Equal to the pandas result for the same seed.
    """
    keep = ["doc_id", by] + [c for c in (options.get("within"),) if c]
    lengths = documents[[*keep, "text"]].map_partitions(_with_lengths, keep)
    # Every hit of the concept comes back, out of scope too: pandas lists the
    # variants found (a variant whose hits are all out of scope gets a row
    # with no mentions) and counts only the hits in scope, as here.
    columns = ["doc_id", "concept", "variant", *(["in_scope"] if "in_scope" in matches.columns else [])]
    mentions = matches[matches["concept"].astype(str) == concept][columns]
    # One computation: each partition is read once for both, and the workers
    # are not left idle between them.
    docs, chosen = dask.compute(lengths, mentions)
    return label_shares_frame(
        chosen, docs, concept=concept, by=by, include_out_of_scope=include_out_of_scope, **options
    )


def _partial_terms(documents: pd.DataFrame, by: str) -> pd.DataFrame:
    table = term_counts(documents, by=by, min_count=1)
    long = table.stack()
    long = long[long > 0].rename("count").reset_index()
    long.columns = [by, "term", "count"]
    return long


def log_odds(
    documents: dd.DataFrame,
    *,
    by: str = "outlet",
    matches: dd.DataFrame | None = None,
    min_count: int = 5,
    **options,
) -> pd.DataFrame:
    """:func:`toolkit.log_odds` for Dask frames (term counts summed over partitions).

    Parameters
    ----------
    documents : dask.dataframe.DataFrame
        Documents.
    by : str
        Document column of the groups.
    matches : dask.dataframe.DataFrame, optional
        Use lexicon variants as terms (``concept:variant``).
    min_count : int
        Terms rarer than this in the corpus are left out.
    **options
        ``prior``, ``alpha0``, ``reference`` as for :func:`toolkit.log_odds`.

    Returns
    -------
    pandas.DataFrame
        Equal to the pandas result.
    """
    docs = documents[["doc_id", "text", by]]
    if matches is not None:
        labels = _counted(matches, False)[["doc_id", "concept", "variant"]].astype(
            {"concept": str, "variant": str}
        )
        joined = labels.merge(docs[["doc_id", by]], on="doc_id").dropna(subset=[by])
        joined = joined.assign(term=joined["concept"] + ":" + joined["variant"])
        long = joined.groupby([by, "term"]).size().rename("count").compute().reset_index()
    else:
        meta = pd.DataFrame(
            {by: pd.Series(dtype=object), "term": pd.Series(dtype=object), "count": pd.Series(dtype="int64")}
        )
        long = docs.map_partitions(_partial_terms, by, meta=meta).compute()
    table = long.pivot_table(index=by, columns="term", values="count", aggfunc="sum", fill_value=0)
    table = table.reindex(sorted(table.index, key=str)).reindex(columns=sorted(table.columns))
    table.index.name = None
    table.columns.name = None
    table = table.loc[:, table.sum(axis=0) >= min_count].astype(np.int64)
    return log_odds_table(table, **options)

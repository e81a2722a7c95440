"""Label use over time per group."""

from __future__ import annotations

import pandas as pd

from toolkit import schema
from toolkit.annotation.counts import counted


def label_use_over_time(
    matches: pd.DataFrame, documents: pd.DataFrame, *, concept: str, by: str = "outlet", freq: str = "W"
) -> pd.DataFrame:
    """Mentions of each variant per period and group, with shares.

    Parameters
    ----------
    matches : pandas.DataFrame
        From :func:`toolkit.annotate`; only hits ``in_scope`` count.
    documents : pandas.DataFrame
        With ``doc_id``, ``published`` and ``by``.
    concept : str
        The concept.
    by : str
        Group column.
    freq : str
        Period frequency (``"D"``, ``"W"``, ``"M"``).

    Returns
    -------
    pandas.DataFrame
        ``period`` (start), ``by``, ``variant``, ``n_mentions`` and
        ``share`` (of the concept's mentions in that period and group).
    """
    schema.check_columns(documents, ["doc_id", "published", by], table="documents")
    matches = counted(matches)
    rows = matches[matches["concept"].astype(str) == concept]
    docs = documents.set_index("doc_id")
    published = pd.to_datetime(rows["doc_id"].map(docs["published"]), utc=True)
    frame = pd.DataFrame(
        {
            "period": published.dt.tz_convert(None).dt.to_period(freq).dt.start_time,
            by: rows["doc_id"].map(docs[by]),
            "variant": rows["variant"].astype(str),
        }
    ).dropna(subset=["period"])
    table = frame.groupby(["period", by, "variant"]).size().rename("n_mentions").reset_index()
    table["share"] = table["n_mentions"] / table.groupby(["period", by])["n_mentions"].transform("sum")
    return table

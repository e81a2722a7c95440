"""Republication between outlets, aggregated from document pairs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit import schema


def outlet_edges(pairs: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Count reuse pairs between outlets (the reuse network's edges).

    Parameters
    ----------
    pairs : pandas.DataFrame
        From :func:`toolkit.find_reuse`.
    documents : pandas.DataFrame
        With ``doc_id`` and ``outlet``.

    Returns
    -------
    pandas.DataFrame
        ``outlet_a``, ``outlet_b`` (sorted, so the edge is undirected),
        ``n_pairs``, ``mean_containment``.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": list("abc"), "outlet": ["x", "y", "y"]})
    >>> pairs = pd.DataFrame({"doc_id_a": ["a", "a"], "doc_id_b": ["b", "c"],
    ...                       "containment_a": [0.5, 0.7], "containment_b": [0.4, 0.9]})
    >>> outlet_edges(pairs, docs).values.tolist()
    [['x', 'y', 2, 0.7]]
    """
    schema.check_columns(pairs, ["doc_id_a", "doc_id_b"], table="pairs")
    schema.check_columns(documents, ["doc_id", "outlet"], table="documents")
    outlet = documents.set_index("doc_id")["outlet"]
    a = pairs["doc_id_a"].map(outlet).astype(str).to_numpy()
    b = pairs["doc_id_b"].map(outlet).astype(str).to_numpy()
    containment = (
        np.maximum(pairs["containment_a"], pairs["containment_b"]).to_numpy()
        if {"containment_a", "containment_b"} <= set(pairs.columns)
        else np.full(len(pairs), np.nan)
    )
    frame = pd.DataFrame({"outlet_a": np.minimum(a, b), "outlet_b": np.maximum(a, b), "c": containment})
    table = (
        frame.groupby(["outlet_a", "outlet_b"])
        .agg(n_pairs=("c", "size"), mean_containment=("c", "mean"))
        .reset_index()
        .sort_values(["n_pairs", "outlet_a", "outlet_b"], ascending=[False, True, True])
        .reset_index(drop=True)
    )
    return table

"""Scoring an event clustering against hand labels."""

from __future__ import annotations

import pandas as pd


def purity(labels: pd.Series, clusters: pd.Series) -> dict[str, float]:
    """Purity, inverse purity and their harmonic mean.

    Parameters
    ----------
    labels : pandas.Series
        Hand labels, indexed like ``clusters``.
    clusters : pandas.Series
        Cluster ids.

    Returns
    -------
    dict
        ``purity`` (share of documents whose cluster's majority label is
        theirs; 1.0 for all-singleton clusters), ``inverse_purity`` (share
        of documents whose label's majority cluster is theirs; 1.0 when
        everything is one cluster) and ``f`` (their harmonic mean).

    Examples
    --------
    >>> import pandas as pd
    >>> purity(pd.Series(["a", "a", "b", "b"]), pd.Series([0, 0, 0, 1]))
    {'purity': 0.75, 'inverse_purity': 0.75, 'f': 0.75}
    """
    table = pd.crosstab(clusters, labels)
    total = table.to_numpy().sum()
    p = table.max(axis=1).sum() / total
    inverse = table.max(axis=0).sum() / total
    return {"purity": float(p), "inverse_purity": float(inverse), "f": float(2 * p * inverse / (p + inverse))}

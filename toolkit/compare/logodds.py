"""Weighted log-odds ratios with an informative Dirichlet prior.

Monroe, Colaresi and Quinn (2008), "Fightin' Words", Political Analysis 16(4),
equations 16–22. For term ``w``, group ``i`` and comparison ``j`` (all other
groups, or a reference group), with counts ``y`` and totals ``n``::

    delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w))
            - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
    var_w   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
    z_w     = delta_w / sqrt(var_w)

The informative prior sets ``a_w = alpha0 * y_w / n`` from the whole
corpus's counts (``alpha0`` defaults to the corpus size, the choice of the R
package tidylo); the uninformative prior sets every ``a_w = alpha0 / V``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.compare.terms import term_counts


def log_odds_table(
    counts: pd.DataFrame, *, prior: str = "informative", alpha0: float | None = None, reference: object = None
) -> pd.DataFrame:
    """Log-odds from a groups × terms count table (see the module documentation).

    Parameters
    ----------
    counts : pandas.DataFrame
        Groups as rows, terms as columns.
    prior : {"informative", "uninformative"}
        How the Dirichlet prior is set.
    alpha0 : float, optional
        Prior size; default: the total count of the table.
    reference : object, optional
        Compare every other group with this one; default: each group with
        all the others.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`LOG_ODDS_COLUMNS`, sorted by group and descending z.

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"شهداء": [9, 1], "قتلى": [1, 9]}, index=["x", "y"])
    >>> t = log_odds_table(counts)
    >>> t[["group", "term"]].values.tolist()[:2], bool((t["z"].iloc[0] > 0) & (t["z"].iloc[1] < 0))
    ([['x', 'شهداء'], ['x', 'قتلى']], True)
    """
    y = counts.to_numpy(dtype=float)
    n_terms = y.shape[1]
    corpus = y.sum(axis=0)
    total = corpus.sum()
    a0 = float(total if alpha0 is None else alpha0)
    if prior == "informative":
        a = a0 * corpus / total if total else np.zeros(n_terms)
    elif prior == "uninformative":
        a = np.full(n_terms, a0 / max(n_terms, 1))
    else:
        raise ValueError("prior is 'informative' or 'uninformative'")
    groups = list(counts.index)
    if reference is not None and reference not in groups:
        raise ValueError(f"reference {reference!r} is not a group; groups: {groups}")
    frames = []
    for k, group in enumerate(groups):
        if group == reference:
            continue
        yi = y[k]
        yj = y[groups.index(reference)] if reference is not None else corpus - yi
        ni, nj = yi.sum(), yj.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = np.log((yi + a) / (ni + a0 - yi - a)) - np.log((yj + a) / (nj + a0 - yj - a))
            variance = 1 / (yi + a) + 1 / (yj + a)
            z = delta / np.sqrt(variance)
        frames.append(
            pd.DataFrame(
                {
                    "group": group,
                    "term": counts.columns,
                    "count": yi.astype(np.int64),
                    "count_other": yj.astype(np.int64),
                    "total": corpus.astype(np.int64),
                    "delta": delta,
                    "variance": variance,
                    "z": z,
                }
            )
        )
    table = pd.concat(frames, ignore_index=True)
    return table.sort_values(["group", "z"], ascending=[True, False], key=_sort_key).reset_index(drop=True)


def _sort_key(series: pd.Series) -> pd.Series:
    return series.astype(str) if series.name == "group" else series


def log_odds(
    documents: pd.DataFrame,
    *,
    by: str = "outlet",
    prior: str = "informative",
    alpha0: float | None = None,
    reference: object = None,
    matches: pd.DataFrame | None = None,
    min_count: int = 5,
) -> pd.DataFrame:
    """Which terms distinguish each group: weighted log-odds with a Dirichlet prior.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id``, ``text`` and ``by``.
    by : str
        Document column of the groups.
    prior : {"informative", "uninformative"}
        Dirichlet prior (Monroe et al. 2008).
    alpha0 : float, optional
        Prior size; default: the corpus size (as tidylo).
    reference : object, optional
        Compare each group with this group instead of with all others.
    matches : pandas.DataFrame, optional
        Use lexicon variants (from :func:`toolkit.annotate`) as the terms.
    min_count : int
        Terms rarer than this in the corpus are left out.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``term``, ``count``, ``count_other``, ``total``,
        ``delta``, ``variance`` and ``z``.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["x", "x", "y", "y"],
    ...                      "text": ["شهداء غزة", "شهداء", "قتلى غزة", "قتلى"]})
    >>> t = log_odds(docs, min_count=1)
    >>> t.loc[t["group"] == "x", "term"].iloc[0]
    'شهداء'
    """
    counts = term_counts(documents, by=by, matches=matches, min_count=min_count)
    return log_odds_table(counts, prior=prior, alpha0=alpha0, reference=reference)

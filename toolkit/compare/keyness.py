"""Keyness of terms in a target group against a reference.

For each term, the 2×2 table is (target, reference) × (term, other terms).
Reported as quanteda's ``textstat_keyness`` does: chi-squared with Yates'
continuity correction, the likelihood-ratio G² with Williams' correction, and
pointwise mutual information; statistics are signed (negative when the term
is rarer in the target) and p-values come from chi-squared with one degree
of freedom.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import chi2 as chi2_distribution

from toolkit.compare.terms import term_counts

MEASURES = ("chi2", "g2", "pmi")


def keyness_table(target: np.ndarray, reference: np.ndarray, terms: list[str]) -> pd.DataFrame:
    """Keyness statistics from two count vectors over the same terms.

    Parameters
    ----------
    target, reference : numpy.ndarray
        Counts of each term in the target and in the reference.
    terms : list of str
        The terms.

    Returns
    -------
    pandas.DataFrame
        ``term``, ``target``, ``reference``, ``chi2``, ``g2``, ``pmi``,
        ``p_chi2``, ``p_g2``.

    Examples
    --------
    >>> t = keyness_table(np.array([10, 90]), np.array([5, 195]), ["a", "b"])
    >>> round(float(t.loc[0, "chi2"]), 3)
    6.395
    """
    a = np.asarray(target, dtype=float)
    b = np.asarray(reference, dtype=float)
    c = a.sum() - a
    d = b.sum() - b
    n = a + b + c + d
    observed = np.stack([a, b, c, d])
    rows = np.stack([a + b, a + b, c + d, c + d])
    cols = np.stack([a + c, b + d, a + c, b + d])
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = rows * cols / n
        # Yates: move each observed count half a unit towards its expectation
        # (never past it), as scipy.stats.chi2_contingency does.
        diff = expected - observed
        corrected = observed + np.sign(diff) * np.minimum(0.5, np.abs(diff))
        chi2 = ((corrected - expected) ** 2 / expected).sum(axis=0)
        g2 = 2 * np.where(observed > 0, observed * np.log(observed / expected), 0.0).sum(axis=0)
        williams = 1 + (n * (1 / (a + b) + 1 / (c + d)) - 1) * (n * (1 / (a + c) + 1 / (b + d)) - 1) / (6 * n)
        g2 = g2 / williams
        pmi = np.log((a / (a + c)) / ((a + b) / n))
        sign = np.where(a / (a + c) >= b / (b + d), 1.0, -1.0)
    table = pd.DataFrame(
        {"term": terms, "target": a.astype(np.int64), "reference": b.astype(np.int64),
         "chi2": sign * chi2, "g2": sign * g2, "pmi": pmi,
         "p_chi2": chi2_distribution.sf(chi2, 1), "p_g2": chi2_distribution.sf(g2, 1)}
    )  # fmt: skip
    return table


def keyness(
    documents: pd.DataFrame,
    *,
    target: object,
    by: str = "outlet",
    reference: object = None,
    measure: str = "g2",
    matches: pd.DataFrame | None = None,
    min_count: int = 5,
) -> pd.DataFrame:
    """Terms over- and under-represented in one group.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id``, ``text`` and ``by``.
    target : object
        The group studied.
    by : str
        Document column of the groups.
    reference : object, optional
        The group compared with; default: all other groups together.
    measure : {"chi2", "g2", "pmi"}
        Sort order (descending).
    matches : pandas.DataFrame, optional
        Use lexicon variants as terms.
    min_count : int
        Terms rarer than this in the corpus are left out.

    Returns
    -------
    pandas.DataFrame
        See :func:`keyness_table`.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure is one of {MEASURES}")
    counts = term_counts(documents, by=by, matches=matches, min_count=min_count)
    if target not in counts.index:
        raise ValueError(f"target {target!r} is not a group; groups: {list(counts.index)}")
    if reference is not None and reference not in counts.index:
        raise ValueError(f"reference {reference!r} is not a group; groups: {list(counts.index)}")
    other = counts.loc[reference] if reference is not None else counts.drop(index=target).sum(axis=0)
    table = keyness_table(counts.loc[target].to_numpy(), other.to_numpy(), list(counts.columns))
    return table.sort_values(measure, ascending=False).reset_index(drop=True)

"""Confidence intervals for shares whose units are articles, not mentions.

See :mod:`toolkit.compare.shares` for where they are used and why.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import beta as beta_distribution
from scipy.stats import norm
from scipy.stats import t as t_distribution


def clopper_pearson(
    successes: np.ndarray, trials: np.ndarray, *, ci: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Clopper–Pearson bounds, for non-integer (effective) counts too.

    Parameters
    ----------
    successes, trials : numpy.ndarray
        Counts (may be fractional: effective sample sizes).
    ci : float
        Confidence level.

    Returns
    -------
    tuple of numpy.ndarray
        Lower and upper bounds (NaN where ``trials`` is not positive).

    Examples
    --------
    >>> low, high = clopper_pearson(np.array([0.0, 5.0]), np.array([10.0, 10.0]))
    >>> np.round(low, 4).tolist(), np.round(high, 4).tolist()
    ([0.0, 0.1871], [0.3085, 0.8129])
    """
    x = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    alpha = (1 - ci) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        low = np.where(x > 0, beta_distribution.ppf(alpha, x, n - x + 1), 0.0)
        high = np.where(x < n, beta_distribution.ppf(1 - alpha, x + 1, n - x), 1.0)
    bad = ~(n > 0)
    return np.where(bad, np.nan, low), np.where(bad, np.nan, high)


def design_effect_interval(
    counts: np.ndarray, weights: np.ndarray | None = None, *, ci: float = 0.95
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shares of competing variants with Korn–Graubard intervals over clustered mentions.

    Parameters
    ----------
    counts : numpy.ndarray
        ``(n_documents, n_variants)`` mentions of each variant per document.
    weights : numpy.ndarray, optional
        One weight per document (default 1).
    ci : float
        Confidence level.

    Returns
    -------
    tuple of numpy.ndarray
        ``share``, ``low``, ``high`` and ``n_eff`` per variant (NaN without
        mentions).

    Examples
    --------
    >>> counts = np.array([[3, 0], [0, 1], [2, 2], [1, 0]])
    >>> share, low, high, n_eff = design_effect_interval(counts)
    >>> share.round(3).tolist(), bool((low < share).all() and (share < high).all())
    ([0.667, 0.333], True)
    """
    counts = np.asarray(counts, dtype=float)
    w = np.ones(counts.shape[0]) if weights is None else np.asarray(weights, dtype=float)
    per_doc = counts.sum(axis=1)
    mentioning = per_doc > 0
    counts, w, per_doc = counts[mentioning], w[mentioning], per_doc[mentioning]
    n = counts.shape[0]
    n_variants = counts.shape[1]
    if n == 0:
        nan = np.full(n_variants, np.nan)
        return nan, nan, nan, np.zeros(n_variants)
    mentions = (w * per_doc).sum()
    share = (w[:, None] * counts).sum(axis=0) / mentions
    # Linearized variance of the ratio estimator; each document is one cluster.
    residual = w[:, None] * (counts - share[None, :] * per_doc[:, None])
    with np.errstate(invalid="ignore", divide="ignore"):
        variance = (n / (n - 1)) * (residual**2).sum(axis=0) / mentions**2 if n > 1 else np.zeros(n_variants)
        n_eff = np.where(variance > 0, share * (1 - share) / variance, float(n))
    # A design effect below 1 is noise of the estimate: never more than the mentions.
    n_eff = np.clip(n_eff, 1.0, float(per_doc.sum()))
    if n > 1:
        # The variance of a rare variant's share rests on the few documents that use it (the
        # others contribute an almost fixed -p m_i), so its degrees of freedom are those
        # documents (or those using another variant, for a common one), not all n.
        using = (counts > 0).sum(axis=0)
        other = ((per_doc[:, None] - counts) > 0).sum(axis=0)
        df = np.clip(np.minimum(using, other), 1, n - 1)
        alpha = (1 - ci) / 2
        n_eff = n_eff * (norm.ppf(1 - alpha) / t_distribution.ppf(1 - alpha, df)) ** 2
    low, high = clopper_pearson(share * n_eff, n_eff, ci=ci)
    return share, low, high, n_eff


def document_share_interval(
    used: np.ndarray, weights: np.ndarray | None = None, *, ci: float = 0.95
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Share of documents using each variant, with Clopper–Pearson intervals.

    Documents are the units, so the interval is binomial over them; with
    weights the sample size is Kish's effective size ``(sum w)^2 / sum w^2``.

    Parameters
    ----------
    used : numpy.ndarray
        ``(n_documents, n_variants)`` booleans.
    weights : numpy.ndarray, optional
        One weight per document.
    ci : float
        Confidence level.

    Returns
    -------
    tuple of numpy.ndarray
        ``share``, ``low``, ``high``.

    Examples
    --------
    >>> share, low, high = document_share_interval(np.array([[True], [False], [False], [False]]))
    >>> share.tolist(), round(float(low[0]), 4), round(float(high[0]), 4)
    ([0.25], 0.0063, 0.8059)
    """
    used = np.asarray(used, dtype=float)
    w = np.ones(used.shape[0]) if weights is None else np.asarray(weights, dtype=float)
    if used.shape[0] == 0:
        nan = np.full(used.shape[1], np.nan)
        return nan, nan, nan
    share = (w[:, None] * used).sum(axis=0) / w.sum()
    n_eff = w.sum() ** 2 / (w**2).sum()
    low, high = clopper_pearson(share * n_eff, np.full(used.shape[1], n_eff), ci=ci)
    return share, low, high

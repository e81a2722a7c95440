"""Weighted log-odds ratios with a Dirichlet prior.

Monroe, Colaresi and Quinn (2008), "Fightin' Words", Political Analysis 16(4),
equations 16–22. For term ``w``, group ``i`` and comparison ``j`` (all other
groups, or a reference group), with counts ``y`` and totals ``n``::

    delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w))
            - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
    var_w   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
    z_w     = delta_w / sqrt(var_w)

Priors
------
``"informative"`` (default)
    ``a_w = alpha0 * y_w / n`` from the whole corpus's counts, with ``alpha0``
    the corpus size by default (the empirical Bayes choice of tidylo).
``"uninformative"``
    Every term gets the same small pseudo-count ``a_w = pseudo_count``
    (default 1, tidylo's: one imagined occurrence per term, enough to keep
    the odds of a term a group never uses finite, small next to any real
    count), so ``a_0 = pseudo_count * V``. Giving ``alpha0`` instead spreads
    that total evenly (``a_w = alpha0 / V``). The old default, ``alpha0`` =
    the corpus size, gave every term the pseudo-count ``N / V`` (about 67 on
    ANT) and made rare terms "significant" in groups that never use them.

A term a group never uses can never come out over-represented in it (nor a
term only the group uses under-represented): under the informative prior the
formula guarantees it; under a uniform prior a group much smaller than the
prior's total ``a_0`` takes most of its estimate from the prior, which
imagines every term equally common, and a positive ``z`` would be the
prior's, not the data's. Such values are set to 0 (``delta`` and ``z``).

Counting ``n_i`` (``n_from``)
-----------------------------
``"kept"`` (default)
    The group's occurrences of the terms analysed, after stop words and
    ``min_count`` are removed: the odds are odds within the analysed
    vocabulary (Monroe et al.'s setting, and what a Dask run computes).
``"all"``
    Every word token of the group's documents, stop words and rare words
    included: the odds of the term among all words written. Shifts ``z`` a
    little (up to 2 per outlet on ANT); choose it when comparing with
    analyses that count all tokens.

``method="tidylo"`` reproduces the R package tidylo's ``bind_log_odds``:
each group against the pooled corpus *including itself*, with the prior
added as pseudo-counts to the cells of a tidy count table (terms a group
never uses have no row and get none).

Document-level uncertainty (``resample=``): see :mod:`toolkit.compare.resampling`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.compare.resampling import bootstrap_weights, document_stats, resampled_counts
from toolkit.compare.terms import document_terms

PRIORS = ("informative", "uninformative")
METHODS = ("monroe", "tidylo")
N_FROM = ("kept", "all")


def _prior(corpus: np.ndarray, *, prior: str, alpha0: float | None, pseudo_count: float) -> tuple:
    total = corpus.sum()
    n_terms = corpus.size
    if prior == "informative":
        a0 = float(total if alpha0 is None else alpha0)
        a = a0 * corpus / total if total else np.zeros(n_terms)
    elif prior == "uninformative":
        if alpha0 is not None:
            a = np.full(n_terms, float(alpha0) / max(n_terms, 1))
        else:
            if not pseudo_count > 0:
                raise ValueError("pseudo_count must be positive")
            a = np.full(n_terms, float(pseudo_count))
        a0 = float(a.sum())
    else:
        raise ValueError(f"prior is one of {PRIORS}, not {prior!r}")
    return a, a0


def _monroe(yi, yj, ni, nj, a, a0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Equations 16–22, broadcasting over leading (resample) axes."""
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((yi + a) / (ni + a0 - yi - a)) - np.log((yj + a) / (nj + a0 - yj - a))
        variance = 1 / (yi + a) + 1 / (yj + a)
    # No evidence in the data for a direction the counts do not show.
    delta = np.where((yi == 0) & (delta > 0), 0.0, delta)
    delta = np.where((yj == 0) & (delta < 0), 0.0, delta)
    return delta, variance, delta / np.sqrt(variance)


def log_odds_table(
    counts: pd.DataFrame,
    *,
    prior: str = "informative",
    alpha0: float | None = None,
    reference: object = None,
    pseudo_count: float = 1.0,
    totals: pd.Series | None = None,
    method: str = "monroe",
) -> pd.DataFrame:
    """Log-odds from a groups × terms count table (see the module documentation).

    Parameters
    ----------
    counts : pandas.DataFrame
        Groups as rows, terms as columns.
    prior : {"informative", "uninformative"}
        How the Dirichlet prior is set.
    alpha0 : float, optional
        Prior size; default: the total count of the table (informative) or
        ``pseudo_count`` per term (uninformative).
    reference : object, optional
        Compare every other group with this one; default: each group with
        all the others.
    pseudo_count : float
        The uninformative prior's count per term.
    totals : pandas.Series, optional
        ``n_i`` per group (indexed like ``counts``); default: the row sums.
    method : {"monroe", "tidylo"}
        Monroe et al.'s comparison with the other groups, or tidylo's with
        the pooled corpus (no ``reference``, ``alpha0`` or ``totals``).

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
    if method not in METHODS:
        raise ValueError(f"method is one of {METHODS}, not {method!r}")
    groups = list(counts.index)
    if reference is not None and reference not in groups:
        raise ValueError(f"reference {reference!r} is not a group; groups: {groups}")
    y = counts.to_numpy(dtype=float)
    corpus = y.sum(axis=0)
    if method == "tidylo":
        if reference is not None or alpha0 is not None or totals is not None:
            raise ValueError(
                "method='tidylo' compares each group with the pooled corpus: no reference/alpha0/totals"
            )
        return _tidylo(counts, uninformative=prior == "uninformative")
    a, a0 = _prior(corpus, prior=prior, alpha0=alpha0, pseudo_count=pseudo_count)
    n = y.sum(axis=1) if totals is None else totals.reindex(counts.index).to_numpy(dtype=float)
    frames = []
    for k, group in enumerate(groups):
        if group == reference:
            continue
        r = groups.index(reference) if reference is not None else None
        yi = y[k]
        yj = y[r] if r is not None else corpus - yi
        ni = n[k]
        nj = n[r] if r is not None else n.sum() - ni
        delta, variance, z = _monroe(yi, yj, ni, nj, a, a0)
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
    return _sorted(table)


def _tidylo(counts: pd.DataFrame, *, uninformative: bool) -> pd.DataFrame:
    long = counts.stack()
    long = long[long > 0]  # a tidy count table has no rows for zero counts
    long.index.names = ["group", "term"]
    frame = long.rename("count").reset_index()
    actual = frame.groupby("term")["count"].transform("sum")
    alpha = 1.0 if uninformative else actual
    pseudo = frame["count"] + alpha
    y_w = pseudo.groupby(frame["term"]).transform("sum")
    n_i = pseudo.groupby(frame["group"]).transform("sum")
    delta = np.log(pseudo / (n_i - pseudo)) - np.log(y_w / (pseudo.sum() - y_w))
    variance = 1 / pseudo + 1 / y_w
    table = pd.DataFrame(
        {"group": frame["group"], "term": frame["term"], "count": frame["count"].astype(np.int64),
         "count_other": (actual - frame["count"]).astype(np.int64), "total": actual.astype(np.int64),
         "delta": delta, "variance": variance, "z": delta / np.sqrt(variance)}
    )  # fmt: skip
    return _sorted(table)


def _sorted(table: pd.DataFrame) -> pd.DataFrame:
    return table.sort_values(
        ["group", "z", "term"], ascending=[True, False, True], key=_sort_key
    ).reset_index(drop=True)


def _sort_key(series: pd.Series) -> pd.Series:
    return series.astype(str) if series.name in ("group", "term") else series


def log_odds(
    documents: pd.DataFrame,
    *,
    by: str = "outlet",
    prior: str = "informative",
    alpha0: float | None = None,
    reference: object = None,
    matches: pd.DataFrame | None = None,
    min_count: int = 5,
    pseudo_count: float = 1.0,
    n_from: str = "kept",
    method: str = "monroe",
    per_document: bool = False,
    resample: str | None = None,
    n_resamples: int = 200,
    ci: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Which terms distinguish each group: weighted log-odds with a Dirichlet prior.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id``, ``text`` and ``by``.
    by : str
        Document column of the groups.
    prior : {"informative", "uninformative"}
        Dirichlet prior (Monroe et al. 2008; see the module documentation).
    alpha0 : float, optional
        Prior size; default: the corpus size (informative) or
        ``pseudo_count`` per term (uninformative).
    reference : object, optional
        Compare each group with this group instead of with all others.
    matches : pandas.DataFrame, optional
        Use lexicon variants (from :func:`toolkit.annotate`) as the terms.
    min_count : int
        Terms rarer than this in the corpus are left out.
    pseudo_count : float
        The uninformative prior's count per term (default 1).
    n_from : {"kept", "all"}
        How ``n_i`` is counted: occurrences of the analysed terms (after
        stop words and ``min_count``), or every word token of the group.
    method : {"monroe", "tidylo"}
        See :func:`log_odds_table`.
    per_document : bool
        Add ``n_docs``, ``top_doc_share`` and ``one_article`` (always with
        ``resample``).
    resample : {None, "bootstrap"}
        ``"bootstrap"`` resamples documents within each group
        (``n_resamples`` times) and adds ``delta_low``/``delta_high`` (a
        percentile interval of ``delta``) and ``p_docs`` (two-sided, from the
        same draws): uncertainty that treats articles, not tokens, as units.
    n_resamples, ci, seed : int, float, int
        For ``resample``.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``term``, ``count``, ``count_other``, ``total``,
        ``delta``, ``variance`` and ``z``; with ``per_document``, ``n_docs``
        (documents of the group using the term), ``top_doc_share`` (share of the group's
        count from its single heaviest document) and ``one_article`` (the
        term's count in the group comes mostly, more than half, from one
        document); with ``resample``, the columns above.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["x", "x", "y", "y"],
    ...                      "text": ["شهداء غزة", "شهداء", "قتلى غزة", "قتلى"]})
    >>> t = log_odds(docs, min_count=1, per_document=True)
    >>> row = t[t["group"] == "x"].iloc[0]
    >>> row["term"], int(row["n_docs"]), bool(row["one_article"])
    ('شهداء', 2, False)
    """
    if n_from not in N_FROM:
        raise ValueError(f"n_from is one of {N_FROM}, not {n_from!r}")
    if resample not in (None, "bootstrap"):
        raise ValueError("resample is None or 'bootstrap' (documents resampled within each group)")
    dt = document_terms(documents, by=by, matches=matches)
    grouped = dt.group_counts()
    dt = dt.keep(grouped.sum(axis=0) >= min_count)
    counts = pd.DataFrame(dt.group_counts(), index=dt.groups, columns=list(dt.terms))
    totals = None
    if n_from == "all":
        totals = pd.Series(
            np.bincount(dt.codes, weights=dt.lengths, minlength=len(dt.groups)), index=dt.groups
        )
    table = log_odds_table(
        counts, prior=prior, alpha0=alpha0, reference=reference, pseudo_count=pseudo_count, totals=totals,
        method=method,
    )  # fmt: skip
    if per_document or resample:
        stats = document_stats(dt)
        table = table.merge(stats, on=["group", "term"], how="left", validate="one_to_one")
    if resample == "bootstrap":
        table = _with_bootstrap(table, dt, counts, prior=prior, alpha0=alpha0, reference=reference,
                                pseudo_count=pseudo_count, n_from=n_from, method=method,
                                n_resamples=n_resamples, ci=ci, seed=seed)  # fmt: skip
    return table


def _with_bootstrap(table, dt, counts, *, prior, alpha0, reference, pseudo_count, n_from, method,
                    n_resamples, ci, seed) -> pd.DataFrame:  # fmt: skip
    if method != "monroe":
        raise ValueError("resample works with method='monroe'")
    corpus = counts.to_numpy(dtype=float).sum(axis=0)
    # The prior stays the observed corpus's: resampling asks how the groups' counts vary.
    a, a0 = _prior(corpus, prior=prior, alpha0=alpha0, pseudo_count=pseudo_count)
    plan = bootstrap_weights(dt, n_resamples=n_resamples, seed=seed)
    per_doc = dt.lengths if n_from == "all" else np.asarray(dt.matrix.sum(axis=1)).ravel()
    sizes = np.stack([w @ per_doc[rows].astype(float) for rows, w in plan])  # groups × resamples
    groups = list(counts.index)
    r = groups.index(reference) if reference is not None else None
    alpha = (1 - ci) / 2
    n_terms = len(dt.terms)
    low = np.full((len(groups), n_terms), np.nan)
    high, p_docs = low.copy(), low.copy()
    blocks = [resampled_counts(dt.matrix, rows, w) for rows, w in plan]
    for parts in zip(*blocks, strict=True):
        columns = parts[0][0]
        draws = np.stack([d for _, d in parts])  # groups × resamples × block
        total = draws.sum(axis=0)
        for k in range(len(groups)):
            if k == r:
                continue
            yi, ni = draws[k], sizes[k][:, None]
            yj = draws[r] if r is not None else total - yi
            nj = sizes[r][:, None] if r is not None else sizes.sum(axis=0)[:, None] - ni
            delta, _, _ = _monroe(yi, yj, ni, nj, a[columns], a0)
            low[k, columns], high[k, columns] = np.quantile(delta, [alpha, 1 - alpha], axis=0)
            tail = np.minimum((delta <= 0).sum(axis=0), (delta >= 0).sum(axis=0))
            p_docs[k, columns] = np.minimum(1.0, 2 * (tail + 1) / (n_resamples + 1))
    keep = [k for k in range(len(groups)) if k != r]
    extra = pd.DataFrame(
        {"group": np.repeat(np.asarray(groups, dtype=object)[keep], n_terms),
         "term": np.tile(np.asarray(dt.terms, dtype=object), len(keep)),
         "delta_low": low[keep].ravel(), "delta_high": high[keep].ravel(), "p_docs": p_docs[keep].ravel()}
    )  # fmt: skip
    return table.merge(extra, on=["group", "term"], how="left", validate="one_to_one")

"""Differences between groups' label shares, with intervals and p-values."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from toolkit.compare.multiple import benjamini_hochberg
from toolkit.compare.shares import bootstrap_shares
from toolkit.schema import DIFFERENCE_COLUMNS


def compare_shares(
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    concept: str,
    by: str = "outlet",
    pairs: list[tuple[str, str]] | None = None,
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int = 0,
    alpha: float = 0.05,
    within: str | None = None,
    reuse: pd.DataFrame | None = None,
    event_weight: str = "size",
    include_out_of_scope: bool = False,
) -> pd.DataFrame:
    """Differences between two groups' shares of each variant.

    The interval and the p-value come from the same cluster bootstrap as
    :func:`toolkit.label_shares` (documents resampled within each group);
    the p-value is two-sided, ``2 * min(P(d <= 0), P(d >= 0))`` over the
    resampled differences, and all rows are adjusted together with
    Benjamini–Hochberg.

    Parameters
    ----------
    matches, documents : pandas.DataFrame
        As for :func:`toolkit.label_shares`.
    concept : str
        The concept.
    by : str
        Document column of the groups.
    pairs : list of (str, str), optional
        Groups to compare; default: every pair of groups.
    n_boot, ci, seed, within, reuse, event_weight, include_out_of_scope
        As for :func:`toolkit.label_shares` (only hits ``in_scope`` count
        unless ``include_out_of_scope``).
    alpha : float
        False discovery rate for ``significant``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`DIFFERENCE_COLUMNS`, one row per pair and variant.

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(40)], "outlet": ["x"] * 20 + ["y"] * 20,
    ...                      "text": ["شهداء في غزة"] * 18 + ["قتلى في غزة"] * 20 + ["شهداء في غزة"] * 2})
    >>> t = compare_shares(toolkit.annotate(docs), docs, concept="the_dead", n_boot=500)
    >>> t.loc[t["variant"] == "martyrs", ["group_a", "group_b", "difference", "significant"]].values.tolist()
    [['x', 'y', 0.8, True]]
    """
    boot = bootstrap_shares(
        matches, documents, concept=concept, by=by, n_boot=n_boot, ci=ci, seed=seed,
        within=within, reuse=reuse, event_weight=event_weight, include_out_of_scope=include_out_of_scope,
    )  # fmt: skip
    names = [g[0] for g in boot.groups]
    chosen = (
        pairs if pairs is not None else list(itertools.combinations([n for n in names if pd.notna(n)], 2))
    )
    unknown = {g for pair in chosen for g in pair} - set(names)
    if unknown:
        raise ValueError(f"unknown group(s) {sorted(map(str, unknown))}; groups: {sorted(map(str, names))}")
    table = boot.table.set_index([by, "variant"])
    alpha_ci = (1 - ci) / 2
    rows = []
    for a, b in chosen:
        draws = boot.draws[(a,)] - boot.draws[(b,)]
        for v, variant in enumerate(boot.variants):
            d = draws[:, v]
            d = d[~np.isnan(d)]
            share_a = table.loc[(a, variant), "share"]
            share_b = table.loc[(b, variant), "share"]
            if d.size == 0:
                rows.append((a, b, variant, share_a, share_b, share_a - share_b, np.nan, np.nan, np.nan))
                continue
            low, high = np.quantile(d, [alpha_ci, 1 - alpha_ci])
            tail = min((d <= 0).sum(), (d >= 0).sum())
            p = min(1.0, 2 * (tail + 1) / (d.size + 1))
            rows.append((a, b, variant, share_a, share_b, share_a - share_b, low, high, p))
    frame = pd.DataFrame(rows, columns=list(DIFFERENCE_COLUMNS[:9]))
    frame["p_adjusted"] = benjamini_hochberg(frame["p_value"].to_numpy())
    frame["significant"] = frame["p_adjusted"] <= alpha
    return frame

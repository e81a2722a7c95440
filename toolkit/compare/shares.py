"""Label shares per group with intervals that treat articles as the units.

Articles, not words, are the independent units: one article that repeats a
label ten times is one draw, not ten.

Two intervals are offered (``interval=``):

``"design-effect"`` (default)
    The share is a ratio estimator ``sum(k_i) / sum(m_i)`` over a group's
    articles (``k_i`` mentions of the variant among ``m_i`` mentions of the
    concept). Its variance is estimated by linearization,
    ``n / (n - 1) * sum((k_i - p m_i)^2) / M^2`` over the ``n`` articles that
    mention the concept; the effective sample size is
    ``n_eff = p (1 - p) / var`` (``M`` over the design effect, capped at
    ``M``), shrunk by ``(z / t_df)^2`` for the few articles the variance
    rests on (``df``: the articles using the variant, or using another one
    when fewer, at most ``n - 1``), and the interval is Clopper–Pearson's on ``p n_eff`` successes
    out of ``n_eff`` (Korn and Graubard 1998, *Survey Methodology* 24(2)).
    When ``p`` is 0 or 1 no design effect can be estimated and ``n_eff`` is
    the number of articles (every article counted as a single draw, the most
    clustered case). On the simulation grid of ``benchmarks/bench_compare.py``
    (10–50 articles, shares 0.03–0.95, clustering from none to strong) this
    covers at least 0.92 at every point where the percentile bootstrap fell
    to 0.59 (see the benchmark's output in the issue note).
``"bootstrap"``
    Percentile intervals of the cluster bootstrap (below), as before; they
    under-cover for small groups and rare labels.

The bootstrap draws are always computed (:func:`bootstrap_shares`), because
:func:`toolkit.compare_shares` takes differences of them.

``unreliable`` marks a row whose interval should not be read as a 95%
promise: fewer than 2 articles mention the concept, or the effective sample
size is below :data:`MIN_EFFECTIVE_SIZE` (the design effect then rests on a
handful of articles and the interval on almost no independent information),
or the interval is wider than :data:`MAX_WIDTH` (it says little either way).

The bootstrap resamples a group's articles with
replacement. Resampling ``m`` articles and summing their per-article label
counts equals drawing how often each *distinct* count vector is picked, a
multinomial over the few distinct vectors, so 2,000 resamples of 100,000
articles cost a few multinomial draws instead of 200 million. Because only
the distinct vectors and their frequencies enter, the result does not depend
on the order of rows or on how a corpus is partitioned.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from toolkit import schema
from toolkit.annotation.counts import counted, document_lengths
from toolkit.compare.intervals import design_effect_interval, document_share_interval
from toolkit.schema import SHARE_COLUMNS

INTERVALS = ("design-effect", "bootstrap")
MIN_EFFECTIVE_SIZE = 10.0
"""Below this effective sample size a share's interval is flagged ``unreliable``."""
MAX_WIDTH = 0.5
"""Intervals wider than this are flagged ``unreliable``."""


class ShareWarning(UserWarning):
    """A group without mentions of the concept, or with too few documents."""


@dataclass(frozen=True)
class Bootstrap:
    """Point estimates and bootstrap draws for one concept.

    ``draws[group]`` is an ``(n_boot, n_variants)`` array of shares;
    ``doc_draws[group]`` the same for document shares.
    """

    table: pd.DataFrame
    variants: list[str]
    groups: list[tuple]
    draws: dict[tuple, np.ndarray]
    doc_draws: dict[tuple, np.ndarray]
    keys: list[str]


def _known_concepts(matches: pd.DataFrame) -> list[str]:
    return sorted(map(str, pd.unique(matches["concept"])))


def _prepare(
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    concept: str,
    by: str | list[str],
    within: str | None,
    reuse: pd.DataFrame | None,
    event_weight: str,
    include_out_of_scope: bool = False,
) -> tuple[pd.DataFrame, list[str], list[str]]:
    keys = [by] if isinstance(by, str) else list(by)
    schema.check_columns(documents, ["doc_id", *keys], table="documents")
    if "text" not in documents.columns and "n_tokens" not in documents.columns:
        raise ValueError("documents need a 'text' column (or 'n_tokens') for rates per 1,000 words")
    schema.check_columns(matches, ["doc_id", "concept", "variant"], table="matches")
    if concept not in set(map(str, pd.unique(matches["concept"]))):
        raise ValueError(
            f"unknown concept {concept!r}; concepts in these matches: {_known_concepts(matches)}"
        )
    docs = documents.reset_index(drop=True)  # positions, not labels: indexes may repeat
    if reuse is not None and len(reuse):
        # Copies of one text count once: the cluster's original stays.
        # `representative` (toolkit.reuse_clusters) also stands for clusters
        # whose original is unknown; older tables only have is_original.
        kept = reuse["representative"] if "representative" in reuse.columns else reuse["is_original"]
        copies = reuse.loc[~kept.astype(bool), "doc_id"]
        docs = docs[~docs["doc_id"].isin(copies)]
    weight = pd.Series(1.0, index=docs.index)
    if within is not None:
        schema.check_columns(docs, [within], table="documents")
        docs = docs[docs[within].notna()]
        groups_per_event = docs.groupby(within)[keys].apply(lambda f: len(f.drop_duplicates()))
        all_groups = len(docs[keys].drop_duplicates())
        shared = groups_per_event[groups_per_event == all_groups].index
        docs = docs[docs[within].isin(shared)]
        if event_weight == "equal":
            size = docs.groupby([*keys, within])["doc_id"].transform("size")
            weight = 1.0 / size
        elif event_weight != "size":
            raise ValueError("event_weight is 'size' or 'equal'")
        else:
            weight = pd.Series(1.0, index=docs.index)
    counting = counted(matches, include_out_of_scope=include_out_of_scope)
    concept_matches = counting[
        (counting["concept"].astype(str) == concept) & counting["doc_id"].isin(docs["doc_id"])
    ]
    # Variants in lexicon order (the categories of annotate's output).
    of_concept = matches.loc[matches["concept"].astype(str) == concept, "variant"]
    present = set(map(str, of_concept))
    order = (
        of_concept.cat.categories if isinstance(of_concept.dtype, pd.CategoricalDtype) else sorted(present)
    )
    variants = [v for v in map(str, order) if v in present]
    counts = (
        concept_matches.assign(variant=concept_matches["variant"].astype(str))
        .groupby(["doc_id", "variant"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=variants, fill_value=0)
    )
    frame = docs[["doc_id", *keys, *([within] if within else [])]].copy()
    frame["_weight"] = weight.loc[frame.index].to_numpy() if within else 1.0
    frame = frame.join(counts, on="doc_id").fillna({v: 0 for v in variants})
    frame[variants] = frame[variants].astype(np.int64)
    return frame, variants, keys


def bootstrap_shares(
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    concept: str,
    by: str | list[str] = "outlet",
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int = 0,
    within: str | None = None,
    reuse: pd.DataFrame | None = None,
    event_weight: str = "size",
    include_out_of_scope: bool = False,
    interval: str = "design-effect",
) -> Bootstrap:
    """Compute label shares and keep the bootstrap draws (see :func:`label_shares`)."""
    frame, variants, keys = _prepare(
        matches, documents, concept=concept, by=by, within=within, reuse=reuse, event_weight=event_weight,
        include_out_of_scope=include_out_of_scope,
    )  # fmt: skip
    if "n_tokens" in documents.columns:  # lengths counted elsewhere (a Dask cluster)
        lengths = documents.set_index("doc_id")["n_tokens"].reindex(frame["doc_id"]).fillna(0).to_numpy()
    else:
        lengths = document_lengths(documents).reindex(frame["doc_id"]).fillna(0).to_numpy()
    frame["_tokens"] = lengths
    if interval not in INTERVALS:
        raise ValueError(f"interval is one of {INTERVALS}, not {interval!r}")
    rows = []
    draws: dict[tuple, np.ndarray] = {}
    doc_draws: dict[tuple, np.ndarray] = {}
    alpha = (1 - ci) / 2
    groups: list[tuple] = []
    # Groups in sorted order (missing last): each gets its own random stream.
    for position, (key, part) in enumerate(frame.groupby(keys, dropna=False, sort=True)):
        key = key if isinstance(key, tuple) else (key,)
        groups.append(key)
        counts = part[variants].to_numpy(dtype=np.float64)
        weights = part["_weight"].to_numpy(dtype=np.float64)
        rng = np.random.default_rng([seed, position])
        share_draws, doc_share_draws = _resample(counts, weights, n_boot=n_boot, rng=rng)
        draws[key] = share_draws
        doc_draws[key] = doc_share_draws
        n_mentioning = int((counts.sum(axis=1) > 0).sum())
        share, low, high, n_eff = design_effect_interval(counts, weights, ci=ci)
        doc_share, doc_low, doc_high = document_share_interval(counts > 0, weights, ci=ci)
        if n_mentioning == 0:
            warnings.warn(
                f"group {key} has no mentions of concept {concept!r}: shares are NaN",
                ShareWarning,
                stacklevel=3,
            )
        if interval == "bootstrap":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns
                if n_mentioning:
                    low, high = np.nanquantile(share_draws, [alpha, 1 - alpha], axis=0)
                doc_low, doc_high = np.nanquantile(doc_share_draws, [alpha, 1 - alpha], axis=0)
        tokens = part["_tokens"].sum()
        with np.errstate(invalid="ignore"):
            unreliable = (n_mentioning < 2) | (n_eff < MIN_EFFECTIVE_SIZE) | ~(high - low <= MAX_WIDTH)
        for v, variant in enumerate(variants):
            n_variant = int(part[variant].sum())
            rows.append(
                (*key, variant, n_variant, int((part[variant] > 0).sum()), share[v], low[v], high[v],
                 doc_share[v], doc_low[v], doc_high[v],
                 1000 * n_variant / tokens if tokens else np.nan,
                 len(part), int(counts.sum()), bool(unreliable[v]), float(n_eff[v]))
            )  # fmt: skip
    columns = [*keys, *SHARE_COLUMNS]
    table = pd.DataFrame(rows, columns=columns)
    flagged = table.loc[table["unreliable"] & (table["group_mentions"] > 0)]
    if len(flagged):
        warnings.warn(
            f"{len(flagged)} share(s) of {concept!r} are flagged unreliable (fewer than 2 documents "
            f"mention it, an effective sample below {MIN_EFFECTIVE_SIZE:g} or an interval wider than "
            f"{MAX_WIDTH:g}): read their intervals as rough",
            ShareWarning,
            stacklevel=3,
        )
    return Bootstrap(table, variants, groups, draws, doc_draws, keys)


def _resample(
    counts: np.ndarray, weights: np.ndarray, *, n_boot: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Bootstrap shares by drawing how often each distinct document type is picked."""
    m = counts.shape[0]
    if m == 0:
        nan = np.full((n_boot, counts.shape[1]), np.nan)
        return nan, nan
    kinds, frequency = np.unique(np.column_stack([counts, weights]), axis=0, return_counts=True)
    type_counts = kinds[:, :-1]
    type_weights = kinds[:, -1]
    picks = rng.multinomial(m, frequency / m, size=n_boot).astype(np.float64)  # (n_boot, n_types)
    weighted = picks * type_weights
    totals = weighted @ type_counts
    type_used = (type_counts > 0).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = totals / totals.sum(axis=1, keepdims=True)
        doc_shares = (weighted @ type_used) / weighted.sum(axis=1, keepdims=True)
    return shares, doc_shares


def label_shares(
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    concept: str,
    by: str | list[str] = "outlet",
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int = 0,
    within: str | None = None,
    reuse: pd.DataFrame | None = None,
    event_weight: str = "size",
    include_out_of_scope: bool = False,
    interval: str = "design-effect",
) -> pd.DataFrame:
    """Each group's shares of the variants of one concept, with intervals.

    Parameters
    ----------
    matches : pandas.DataFrame
        From :func:`toolkit.annotate`.
    documents : pandas.DataFrame
        The documents (every document counts for ``doc_share`` and rates);
        ``text`` gives their lengths, or an ``n_tokens`` column when the texts
        are not at hand.
    concept : str
        The concept whose variants compete.
    by : str or list of str
        Document column(s) that define the groups.
    n_boot : int
        Bootstrap resamples of documents.
    ci : float
        Confidence level of the percentile intervals.
    seed : int
        Seed; results are identical for the same seed whatever the row order.
    within : str, optional
        A document column of events (``event_id`` from
        :func:`toolkit.cluster_events`): only events that every group
        covered are kept, so that coverage choice is not mistaken for
        framing.
    reuse : pandas.DataFrame, optional
        From :func:`toolkit.reuse_clusters`: copies of one text count once
        (the cluster's original is kept, the copies are dropped).
    event_weight : {"size", "equal"}
        With ``within``: pool events by their size, or give each event the
        same weight within a group (each document weighted by one over its
        group's number of documents in the event).
    include_out_of_scope : bool
        Count every hit; by default only hits ``in_scope`` count (those
        whose term needs no context or whose context was found).
    interval : {"design-effect", "bootstrap"}
        How the intervals of ``share`` and ``doc_share`` are made (see
        :mod:`toolkit.compare.shares`): Korn–Graubard's Clopper–Pearson
        interval on the effective sample size (default), or percentiles of
        the cluster bootstrap.

    Returns
    -------
    pandas.DataFrame
        One row per group and variant: the ``by`` columns and
        :data:`SHARE_COLUMNS`. A group without mentions has NaN shares and
        ``n_mentions`` 0 (with a :class:`ShareWarning`). ``n_eff`` is the
        effective number of independent mentions behind the interval;
        ``unreliable`` flags rows whose interval is not a 95% promise (a
        :class:`ShareWarning` says how many).

    Raises
    ------
    ValueError
        For an unknown concept, listing the known ones.

    Examples
    --------
    >>> import pandas as pd, toolkit
    >>> docs = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["x", "x", "y", "y"],
    ...                      "text": ["شهداء وشهداء في غزة", "قتلى في غزة",
    ...                               "قتلى في غزة", "قتلى وشهداء في غزة"]})
    >>> t = label_shares(toolkit.annotate(docs), docs, concept="the_dead", n_boot=200)
    >>> t[["outlet", "variant", "n_mentions", "share"]].values.tolist()
    [['x', 'martyrs', 2, 0.6666666666666666], ['x', 'killed', 1, 0.3333333333333333], \
['y', 'martyrs', 1, 0.3333333333333333], ['y', 'killed', 2, 0.6666666666666666]]
    """
    return bootstrap_shares(
        matches, documents, concept=concept, by=by, n_boot=n_boot, ci=ci, seed=seed,
        within=within, reuse=reuse, event_weight=event_weight, interval=interval,
        include_out_of_scope=include_out_of_scope,
    ).table  # fmt: skip

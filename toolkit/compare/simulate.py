"""Simulated corpora with known label shares, for calibration and power checks."""

from __future__ import annotations

import numpy as np
import pandas as pd


def simulate_mentions(
    rng: np.random.Generator,
    *,
    n_docs: int,
    true_share: float,
    concentration: float = 4.0,
    rate: float = 2.0,
    groups: tuple[str, ...] = ("x",),
    concept: str = "dead",
    variants: tuple[str, str] = ("martyrs", "killed"),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mentions of two competing labels, clustered within documents.

    Each document draws its own propensity for the first label from a Beta
    distribution with mean ``true_share`` (lower ``concentration``, stronger
    clustering) and has ``1 + Poisson(rate)`` mentions, so the expected
    share of the first label in a group is ``true_share``.

    Parameters
    ----------
    rng : numpy.random.Generator
        Random source.
    n_docs : int
        Documents per group.
    true_share : float
        Expected share of the first variant.
    concentration : float
        Beta concentration of the per-document propensities.
    rate : float
        Mentions per document beyond the first.
    groups : tuple of str
        Group (outlet) names.
    concept : str
        Concept name in the matches.
    variants : tuple of str
        The two variant names.

    Returns
    -------
    tuple of pandas.DataFrame
        ``(matches, documents)`` shaped like :func:`toolkit.annotate`'s and
        the loader's output (``doc_id``, ``concept``, ``variant``;
        ``doc_id``, ``outlet``, ``text``).

    Examples
    --------
    >>> m, d = simulate_mentions(np.random.default_rng(0), n_docs=3, true_share=0.5)
    >>> sorted(d.columns), sorted(set(m["variant"])) <= ["killed", "martyrs"]
    (['doc_id', 'outlet', 'text'], True)
    """
    first, second = variants
    match_frames, doc_frames = [], []
    for group in groups:
        propensity = rng.beta(true_share * concentration, (1 - true_share) * concentration, size=n_docs)
        mentions = 1 + rng.poisson(rate, size=n_docs)
        k = rng.binomial(mentions, propensity)
        doc_ids = np.asarray([f"{group}{i}" for i in range(n_docs)], dtype=object)
        doc_frames.append(pd.DataFrame({"doc_id": doc_ids, "outlet": group, "text": ""}))
        owner = np.repeat(np.arange(n_docs), mentions)
        rank = np.arange(owner.size) - np.repeat(np.cumsum(mentions) - mentions, mentions)
        variant = np.where(rank < k[owner], first, second)
        match_frames.append(pd.DataFrame({"doc_id": doc_ids[owner], "concept": concept, "variant": variant}))
    matches = pd.concat(match_frames, ignore_index=True)
    documents = pd.concat(doc_frames, ignore_index=True)
    return matches, documents

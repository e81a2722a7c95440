"""Simulated corpora with known true shares and per-variant precision, for calibration."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.compare.simulate import simulate_mentions


def simulate_validated(
    rng: np.random.Generator,
    *,
    n_docs: int,
    observed_share: float,
    precision: tuple[float, float],
    n_coded: int = 100,
    variants: tuple[str, str] = ("martyrs", "killed"),
    concept: str = "dead",
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, float]:
    """A corpus of hits, a coded sample of them and the true share they measure.

    Hits of two variants are clustered in documents as in
    :func:`toolkit.compare.simulate.simulate_mentions` (the first variant's
    expected share of hits is ``observed_share``); each hit of variant ``v``
    is a true mention with probability ``precision[v]``. ``n_coded`` hits per
    variant are drawn at random and "coded" with their true status.

    Parameters
    ----------
    rng : numpy.random.Generator
        Random source.
    n_docs : int
        Documents.
    observed_share : float
        Expected share of the first variant among the hits.
    precision : tuple of float
        Each variant's probability that a hit is a true mention.
    n_coded : int
        Hits coded per variant.
    variants : tuple of str
        The two variant names.
    concept : str
        The concept name.

    Returns
    -------
    tuple
        ``(matches, documents, validation, true_share)``: the validation is
        a precision table (``concept``, ``variant``, ``n_coded``,
        ``n_correct``); ``true_share`` is the expected share of the first
        variant among true mentions,
        ``s p1 / (s p1 + (1 - s) p2)``.

    Examples
    --------
    >>> m, d, v, truth = simulate_validated(np.random.default_rng(0), n_docs=50,
    ...                                     observed_share=0.5, precision=(0.5, 1.0), n_coded=20)
    >>> round(truth, 3), list(v["n_coded"])
    (0.333, [20, 20])
    """
    matches, documents = simulate_mentions(
        rng, n_docs=n_docs, true_share=observed_share, concept=concept, variants=variants
    )
    p = np.where(matches["variant"].to_numpy() == variants[0], precision[0], precision[1])
    true = rng.random(len(matches)) < p
    rows = []
    for v in variants:
        of_variant = np.flatnonzero(matches["variant"].to_numpy() == v)
        coded = rng.choice(of_variant, size=min(n_coded, of_variant.size), replace=False)
        rows.append((concept, v, coded.size, int(true[coded].sum())))
    validation = pd.DataFrame(rows, columns=["concept", "variant", "n_coded", "n_correct"])
    s, (p1, p2) = observed_share, precision
    return matches, documents, validation, s * p1 / (s * p1 + (1 - s) * p2)

"""Do the topics survive a change of seed? Agreement between fits.

A topic that appears under one seed and dissolves under the next is an
artefact of the random start, not a finding. :func:`topic_stability` fits
the same model (:func:`sklearn.base.clone`) under several seeds and reports

- the adjusted Rand index between every pair of fits' document assignments
  (1: the same partition; about 0: no more agreement than chance), and
- for each topic of the first fit, how well it is found again: the best
  Jaccard overlap of its documents with any topic of each other fit,
  averaged over the other fits.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import adjusted_rand_score

from toolkit.topics.model import OUTLIER, TopicModel


def topic_stability(
    model: TopicModel, documents: pd.DataFrame, *, seeds: tuple[int, ...] = (0, 1, 2)
) -> pd.DataFrame:
    """Agreement between fits of the same model under different seeds.

    Parameters
    ----------
    model : TopicModel
        The model to refit (its parameters; fitted or not).
    documents : pandas.DataFrame
        ``doc_id`` and ``text``.
    seeds : tuple of int
        At least two seeds.

    Returns
    -------
    pandas.DataFrame
        ``seed_a``, ``seed_b``, ``ari`` per pair of fits;
        ``attrs["mean_ari"]`` their mean and ``attrs["topics"]`` a table of
        the first fit's topics (``topic``, ``size``, ``label``,
        ``reproduced``: mean best Jaccard overlap in the other fits).

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(40)],
    ...                      "text": ["غزة رفح قصف شهداء"] * 20 + ["نفط أسعار سوق برميل"] * 20})
    >>> table = topic_stability(TopicModel(method="nmf", n_topics=2, min_df=1), docs, seeds=(0, 1))
    >>> table["ari"].tolist(), table.attrs["topics"]["reproduced"].tolist()
    ([1.0], [1.0, 1.0])
    """
    if len(seeds) < 2:
        raise ValueError("give at least two seeds")
    fits = [clone(model).set_params(seed=seed).fit(documents) for seed in seeds]
    assigned = [f.document_topics_.sort_values("doc_id")["topic"].to_numpy() for f in fits]
    rows = [
        (seeds[i], seeds[j], float(adjusted_rand_score(assigned[i], assigned[j])))
        for i, j in itertools.combinations(range(len(fits)), 2)
    ]
    table = pd.DataFrame(rows, columns=["seed_a", "seed_b", "ari"])
    table.attrs["mean_ari"] = float(table["ari"].mean())
    first = assigned[0]
    topic_rows = []
    for topic, size, label in fits[0].topic_info_[["topic", "size", "label"]].itertuples(index=False):
        if topic == OUTLIER:
            continue
        members = first == topic
        best = []
        for other in assigned[1:]:
            overlaps = [
                (members & (other == t)).sum() / (members | (other == t)).sum()
                for t in np.unique(other)
                if t != OUTLIER
            ]
            best.append(max(overlaps, default=0.0))
        topic_rows.append((topic, size, label, float(np.mean(best))))
    table.attrs["topics"] = pd.DataFrame(topic_rows, columns=["topic", "size", "label", "reproduced"])
    return table

"""Topic coherence: normalized pointwise mutual information over the corpus."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from toolkit.topics.model import OUTLIER, TopicModel


def coherence(model: TopicModel, documents: pd.DataFrame, *, top_n: int = 10) -> pd.DataFrame:
    """NPMI of each topic's top words, from document co-occurrence.

    For words ``a`` and ``b`` with document probabilities ``p(a)``, ``p(b)``
    and ``p(a, b)``: ``NPMI = log(p(a, b) / (p(a) p(b))) / -log p(a, b)``
    (−1 when they never co-occur), averaged over the pairs of a topic's
    ``top_n`` words (Bouma 2009; Röder et al. 2015's C_NPMI with boolean
    documents as the window).

    Parameters
    ----------
    model : TopicModel
        A fitted model.
    documents : pandas.DataFrame
        The reference corpus (``text``).
    top_n : int
        Words per topic.

    Returns
    -------
    pandas.DataFrame
        ``topic``, ``size``, ``npmi``; ``attrs["mean"]`` holds the mean over
        topics weighted equally.
    """
    present = model.vectorizer_.transform(documents["text"].fillna("").tolist())
    present.data[:] = 1
    n = present.shape[0]
    index = {w: i for i, w in enumerate(model.vocabulary_)}
    rows = []
    for topic, size, words in model.topic_info_[["topic", "size", "words"]].itertuples(index=False):
        if topic == OUTLIER or len(words) < 2:
            continue
        cols = [index[w] for w in list(words)[:top_n] if w in index]
        sub = present[:, cols]
        joint = (sub.T @ sub).toarray() / n
        single = np.diag(joint)
        scores = []
        for i, j in itertools.combinations(range(len(cols)), 2):
            p_ij = joint[i, j]
            if p_ij == 0:
                scores.append(-1.0)
            elif p_ij == 1:
                scores.append(1.0)
            else:
                scores.append(np.log(p_ij / (single[i] * single[j])) / -np.log(p_ij))
        rows.append((topic, size, float(np.mean(scores))))
    table = pd.DataFrame(rows, columns=["topic", "size", "npmi"])
    table.attrs["mean"] = float(table["npmi"].mean()) if len(table) else float("nan")
    return table

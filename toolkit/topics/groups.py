"""Topics per group (outlet) with intervals, and topics over time."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit import schema
from toolkit.compare.shares import _resample
from toolkit.schema import BY_GROUP_COLUMNS
from toolkit.topics.model import OUTLIER, TopicModel


def _assignments(model: TopicModel, documents: pd.DataFrame) -> pd.Series:
    fitted = model.document_topics_.set_index("doc_id")["topic"]
    ids = documents["doc_id"].astype(str)
    if ids.isin(fitted.index).all():
        return ids.map(fitted).astype("int64")
    return pd.Series(model.transform(documents)["topic"].to_numpy(), index=documents.index, dtype="int64")


def _group_words(model: TopicModel, texts: list[str], topics: np.ndarray, groups: np.ndarray, n_words: int):
    """Class-based TF-IDF over (topic, group) classes, from each group's own documents."""
    counts = model.vectorizer_.transform(texts)
    keys = pd.Series(list(zip(topics.tolist(), groups.tolist(), strict=True)))
    classes, codes = np.unique(keys.astype(str), return_inverse=True)
    labels = dict(zip(keys.astype(str), keys, strict=False))
    from scipy import sparse

    assign = sparse.csr_matrix(
        (np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(classes), len(codes))
    )
    per_class = (assign @ counts).astype(np.float64)
    tf = sparse.diags(1 / np.maximum(np.asarray(per_class.sum(axis=1)).ravel(), 1)) @ per_class
    frequency = np.asarray(per_class.sum(axis=0)).ravel()
    average = per_class.sum() / max(len(classes), 1)
    idf = np.log(1 + average / np.maximum(frequency, 1))
    weights = (tf @ sparse.diags(idf)).tocsr()
    vocabulary = model.vocabulary_
    out = {}
    for row, name in enumerate(classes):
        values = weights.getrow(row)
        order = np.lexsort((values.indices, -values.data))[:n_words]
        out[labels[name]] = [vocabulary[values.indices[i]] for i in order if values.data[i] > 0]
    return out


def topics_by(
    model: TopicModel,
    documents: pd.DataFrame,
    *,
    by: str = "outlet",
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
    n_words: int = 8,
    include_outliers: bool = False,
) -> pd.DataFrame:
    """Each group's topic prevalence with cluster-bootstrap intervals, and its own topic words.

    Parameters
    ----------
    model : TopicModel
        A fitted model.
    documents : pandas.DataFrame
        With ``doc_id``, ``text`` and ``by`` (fitted documents keep their
        fitted topics; others are assigned with ``transform``).
    by : str
        Document column of the groups.
    n_boot, ci, seed : int, float, int
        Bootstrap of documents within each group (as :func:`toolkit.label_shares`).
    n_words : int
        Words per group and topic, from class-based TF-IDF computed on that
        group's documents in the topic (no blending with other groups).
    include_outliers : bool
        Keep topic -1 as a row.

    Returns
    -------
    pandas.DataFrame
        The ``by`` column, then :data:`BY_GROUP_COLUMNS` (``words`` are
        normalized, ``label`` their written forms).
    """
    schema.check_columns(documents, ["doc_id", "text", by], table="documents")
    docs = documents[documents[by].notna()].reset_index(drop=True)
    topics = _assignments(model, docs).to_numpy()
    groups = docs[by].to_numpy(dtype=object)
    # Every document is one draw over all topics, outliers included, so a
    # resampled share is a share of the group's documents.
    ids = np.asarray(sorted(set(topics.tolist()) | set(model.topic_info_["topic"].tolist()) | {OUTLIER}))
    words = _group_words(model, docs["text"].fillna("").tolist(), topics, groups, n_words)
    alpha = (1 - ci) / 2
    rows = []
    for position, group in enumerate(sorted(set(groups.tolist()), key=str)):
        mask = groups == group
        onehot = (topics[mask][:, None] == ids[None, :]).astype(np.float64)
        draws, _ = _resample(
            onehot, np.ones(int(mask.sum())), n_boot=n_boot, rng=np.random.default_rng([seed, position])
        )
        prevalence = onehot.mean(axis=0)
        for k, topic in enumerate(ids.tolist()):
            if topic == OUTLIER and not include_outliers:
                continue
            low, high = np.nanquantile(draws[:, k], [alpha, 1 - alpha])
            found = words.get((topic, group), [])
            rows.append(
                (group, topic, int(onehot[:, k].sum()), prevalence[k], low, high, int(mask.sum()), found,
                 " · ".join(model.surface_.get(w, w) for w in found[:4]))
            )  # fmt: skip
    return pd.DataFrame(rows, columns=[by, *BY_GROUP_COLUMNS])


def topics_over_time(
    model: TopicModel, documents: pd.DataFrame, *, freq: str = "W", by: str | None = None
) -> pd.DataFrame:
    """Documents per topic and period (and group).

    Parameters
    ----------
    model : TopicModel
        A fitted model.
    documents : pandas.DataFrame
        With ``doc_id``, ``text``, ``published`` (and ``by``).
    freq : str
        A pandas period frequency: ``"D"``, ``"W"``, ``"M"``…
    by : str, optional
        Also split by this document column.

    Returns
    -------
    pandas.DataFrame
        ``period`` (start time), the ``by`` column when given, ``topic``,
        ``n_docs`` and ``share`` (of the period's (and group's) documents).
    """
    needed = ["doc_id", "text", "published", *([by] if by else [])]
    schema.check_columns(documents, needed, table="documents")
    docs = documents[documents["published"].notna()].reset_index(drop=True)
    topics = _assignments(model, docs)
    period = pd.to_datetime(docs["published"], utc=True).dt.tz_convert(None).dt.to_period(freq).dt.start_time
    frame = pd.DataFrame({"period": period, "topic": topics.to_numpy()})
    keys = ["period", *([by] if by else [])]
    if by:
        frame[by] = docs[by].to_numpy()
    table = frame.groupby([*keys, "topic"], dropna=False).size().rename("n_docs").reset_index()
    table["share"] = table["n_docs"] / table.groupby(keys, dropna=False)["n_docs"].transform("sum")
    return table.sort_values([*keys, "topic"]).reset_index(drop=True)

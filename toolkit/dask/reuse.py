"""Reuse detection on Dask: an inverted index built with shuffles on shingle hashes.

1. Each partition hashes its documents' word shingles (content hashes, equal
   to the pandas engine's), keyed by a 64-bit hash of the ``doc_id`` (not by
   partition numbers, which Dask's optimizer may change between
   expressions); a collision of two ids is detected and reported.
2. One shuffle by hash puts every occurrence of a shingle in one bucket.
   Each bucket counts its shingles' documents, keeps shingles in 2 to
   ``max_df`` documents and lists, for each, the document pairs sharing it.
3. A grouped count over those pair rows (far fewer than the shingles) gives
   what every pair shares.
4. The pairs that pass the thresholds are verified on their own documents
   with the pandas engine's code (:func:`toolkit.reuse.detect.finish_pairs`),
   so the result equals :func:`toolkit.find_reuse` on the same corpus.
"""

from __future__ import annotations

import dask.dataframe as dd
import numpy as np
import pandas as pd

from toolkit.reuse.detect import finish_pairs
from toolkit.reuse.shingles import shingle_texts


def _doc_keys(doc_ids: pd.Series) -> np.ndarray:
    return pd.util.hash_array(doc_ids.astype(str).to_numpy(dtype=object)).view(np.int64)


def _shingle_rows(documents: pd.DataFrame, n: int) -> pd.DataFrame:
    texts = [t if isinstance(t, str) else "" for t in documents["text"]]
    shingles = shingle_texts(texts, n=n)
    key = _doc_keys(documents["doc_id"])[shingles.doc]
    return pd.DataFrame({"key": key, "hash": shingles.hashes}).drop_duplicates()


def _keys(documents: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {"key": _doc_keys(documents["doc_id"]), "doc_id": documents["doc_id"].astype(str).to_numpy()}
    )


def _bucket_pairs(rows: pd.DataFrame, max_df: int) -> pd.DataFrame:
    """Pairs of documents sharing each shingle of one hash bucket (one row per shingle)."""
    frequency = rows.groupby("hash")["key"].transform("size")
    rows = rows[(frequency >= 2) & (frequency <= max_df)]
    joined = rows.merge(rows, on="hash", suffixes=("_a", "_b"))
    joined = joined[joined["key_a"] < joined["key_b"]]
    return joined[["key_a", "key_b", "hash"]].reset_index(drop=True)


def find_reuse(
    documents: dd.DataFrame,
    *,
    n: int = 5,
    min_similarity: float = 0.1,
    min_shared: int = 8,
    window_days: float | None = None,
    max_df: int = 1000,
) -> pd.DataFrame:
    """:func:`toolkit.find_reuse` on a Dask DataFrame of documents.

    Parameters
    ----------
    documents : dask.dataframe.DataFrame
        With ``doc_id`` and ``text`` (``published``, ``outlet``, ``source``
        used when present).
    n, min_similarity, min_shared, window_days, max_df
        As for :func:`toolkit.find_reuse`.

    Returns
    -------
    pandas.DataFrame
        The pairs, equal to the pandas engine's.
    """
    rows_meta = pd.DataFrame({"key": pd.Series(dtype="int64"), "hash": pd.Series(dtype="uint64")})
    rows = documents[["doc_id", "text"]].map_partitions(_shingle_rows, n, meta=rows_meta)
    buckets = rows.shuffle("hash", npartitions=max(documents.npartitions, 1))
    pair_meta = pd.DataFrame(
        {
            "key_a": pd.Series(dtype="int64"),
            "key_b": pd.Series(dtype="int64"),
            "hash": pd.Series(dtype="uint64"),
        }
    )
    pairs = buckets.map_partitions(_bucket_pairs, max_df, meta=pair_meta).persist()
    # Most pairs share one accidental shingle: aggregate in many partitions and
    # drop the pairs below min_shared on the workers, before anything comes back.
    counted = pairs.groupby(["key_a", "key_b"]).size(split_out=max(documents.npartitions, 1))
    shared = counted[counted >= max(min_shared, 1)].compute()
    sizes = rows.groupby("key").size().compute()
    kept = pairs[["key_a", "hash"]].rename(columns={"key_a": "key"})
    kept = dd.concat([kept, pairs[["key_b", "hash"]].rename(columns={"key_b": "key"})])
    empty = pd.DataFrame(columns=["doc_id_a", "doc_id_b"])
    if shared.empty:
        return finish_pairs(
            empty.assign(text=[]), a=np.zeros(0, int), b=np.zeros(0, int), count=np.zeros(0, int),
            sizes=np.zeros(0), common_hashes=np.zeros(0, np.uint64), n=n, min_similarity=min_similarity,
            min_shared=min_shared, window_days=window_days,
        ).iloc[:0]  # fmt: skip
    key_a = shared.index.get_level_values(0).to_numpy()
    key_b = shared.index.get_level_values(1).to_numpy()
    count = shared.to_numpy().astype(np.int64)
    size_a = sizes.reindex(key_a).to_numpy()
    size_b = sizes.reindex(key_b).to_numpy()
    passing = (count >= max(min_shared, 1)) & (np.maximum(count / size_a, count / size_b) >= min_similarity)
    key_a, key_b, count = key_a[passing], key_b[passing], count[passing]
    involved = np.unique(np.concatenate([key_a, key_b]))
    key_of = documents[["doc_id"]].map_partitions(_keys, meta={"key": "int64", "doc_id": "object"})
    id_of = key_of[key_of["key"].isin(list(involved))].compute().drop_duplicates().set_index("key")["doc_id"]
    if not id_of.index.is_unique:
        raise ValueError("two doc_ids share a 64-bit hash: rename one of them")
    wanted = set(id_of.tolist())
    frame = documents[documents["doc_id"].isin(list(wanted))].compute()
    frame = frame.assign(doc_id=frame["doc_id"].astype(str)).sort_values("doc_id").reset_index(drop=True)
    position = pd.Series(np.arange(len(frame)), index=frame["doc_id"])
    a = position.loc[id_of.loc[key_a].to_numpy()].to_numpy()
    b = position.loc[id_of.loc[key_b].to_numpy()].to_numpy()
    frame_keys = pd.Series(id_of.index.to_numpy(), index=id_of.to_numpy()).loc[frame["doc_id"]].to_numpy()
    frame_sizes = sizes.reindex(frame_keys).to_numpy()
    common_here = kept[kept["key"].isin(list(involved))]["hash"].drop_duplicates().compute().to_numpy()
    return finish_pairs(
        frame, a=a, b=b, count=count, sizes=frame_sizes, common_hashes=common_here, n=n,
        min_similarity=min_similarity, min_shared=min_shared, window_days=window_days,
    )  # fmt: skip

"""Reuse detection on Dask: an inverted index built with shuffles on shingle hashes.

1. Each partition hashes its documents' word shingles (content hashes, equal
   to the pandas engine's), keyed by a 64-bit hash of the ``doc_id`` (not by
   partition numbers, which Dask's optimizer may change between
   expressions); a collision of two ids is detected and reported.
2. One shuffle by hash puts every occurrence of a shingle in one bucket.
   Each bucket counts its shingles' documents, keeps shingles in 2 to
   ``max_df`` documents and lists, for each, the document pairs sharing it.
3. A grouped count over those pair rows (far fewer than the shingles) gives
   what every pair shares; the thresholds are applied on the workers, in the
   same pass that finds the shingles too common to count (``max_df``).
4. The pairs that pass the thresholds are verified in parallel: they are
   split into buckets, only their documents are sent to the buckets that
   need them, and each bucket finishes its pairs with the pandas engine's
   code (:func:`toolkit.reuse.detect.finish_pairs`), so the result equals
   :func:`toolkit.find_reuse` on the same corpus.

Why not MinHash with LSH banding: banding finds pairs of high Jaccard
similarity with a probability below one, and reuse in news is mostly a
story that takes a few paragraphs of wire copy (containment 0.2, Jaccard
0.1). With 32 bands of 4 rows, a pair of Jaccard 0.1 becomes a candidate
with probability 1 - (1 - 0.1**4)**32 = 0.3%; the seeds' only republished
pair would be missed. The exact index is the same shuffle/groupby, with
every shingle as its own band: no pair is missed, so the result can equal
the pandas engine's, and ``max_df`` bounds its cost as it does there.
"""

from __future__ import annotations

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd

from toolkit.reuse.detect import finish_pairs
from toolkit.reuse.shingles import shingle_texts


def _doc_keys(doc_ids: pd.Series) -> np.ndarray:
    return pd.util.hash_array(doc_ids.astype(str).to_numpy(dtype=object)).view(np.int64)


#: Verified pairs per task: the documents of a bucket of pairs are shingled
#: again in one task, so buckets stay small enough to spread over workers.
PAIRS_PER_BUCKET = 500

#: Texts shingled at a time inside a task: a partition may hold any number
#: of documents, and shingling holds every word of its texts in memory.
CHUNK_DOCS = 2000


def _shingle_rows(documents: pd.DataFrame, n: int) -> pd.DataFrame:
    """Distinct (document, shingle) rows, each with its document's number of distinct shingles."""
    keys = _doc_keys(documents["doc_id"])
    texts = [t if isinstance(t, str) else "" for t in documents["text"]]
    parts = []
    for lo in range(0, len(texts), CHUNK_DOCS):
        shingles = shingle_texts(texts[lo : lo + CHUNK_DOCS], n=n)
        rows = pd.DataFrame({"key": keys[lo:][shingles.doc], "hash": shingles.hashes}).drop_duplicates()
        rows["size"] = rows.groupby("key")["hash"].transform("size").astype(np.int64)
        parts.append(rows)
    if not parts:
        return pd.DataFrame({"key": pd.Series(dtype="int64"), "hash": pd.Series(dtype="uint64"),
                             "size": pd.Series(dtype="int64")})  # fmt: skip
    return pd.concat(parts, ignore_index=True)


def _bucket_pairs(rows: pd.DataFrame, max_df: int) -> pd.DataFrame:
    """Pairs of documents sharing each shingle of one hash bucket (one row per shingle)."""
    frequency = rows.groupby("hash")["key"].transform("size")
    rows = rows[(frequency >= 2) & (frequency <= max_df)]
    joined = rows.merge(rows, on="hash", suffixes=("_a", "_b"))
    joined = joined[joined["key_a"] < joined["key_b"]]
    return joined[["key_a", "key_b", "size_a", "size_b", "hash"]].reset_index(drop=True)


def _too_common(rows: pd.DataFrame, max_df: int) -> pd.Series:
    frequency = rows.groupby("hash")["key"].size()
    return pd.Series(frequency.index[frequency > max_df].to_numpy(), dtype="uint64", name="hash")


def _passing(pairs: pd.DataFrame, min_shared: int, min_similarity: float) -> pd.DataFrame:
    count = pairs["shared"]
    ratio = np.maximum(count / pairs["size_a"], count / pairs["size_b"])
    return pairs[(count >= max(min_shared, 1)) & (ratio >= min_similarity)]


def find_reuse(
    documents: dd.DataFrame,
    *,
    n: int = 7,
    min_similarity: float = 0.3,
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
    rows_meta = pd.DataFrame(
        {"key": pd.Series(dtype="int64"), "hash": pd.Series(dtype="uint64"), "size": pd.Series(dtype="int64")}
    )
    rows = documents[["doc_id", "text"]].map_partitions(_shingle_rows, n, meta=rows_meta)
    # The task-based shuffle keeps shards as ordinary task results, which the
    # worker's memory manager can spill; p2p's buffers overflowed two 4 GiB
    # workers at 1M articles. A method set in Dask's configuration wins: p2p
    # needs far fewer tasks for thousands of partitions, on a cluster whose
    # workers each hold a small share of the corpus.
    method = dask.config.get("dataframe.shuffle.method", None) or "tasks"
    buckets = rows.shuffle("hash", npartitions=max(documents.npartitions, 1), shuffle_method=method)
    pair_meta = pd.DataFrame(
        {name: pd.Series(dtype="int64") for name in ("key_a", "key_b", "size_a", "size_b")}
    ).assign(hash=pd.Series(dtype="uint64"))
    pairs = buckets.map_partitions(_bucket_pairs, max_df, meta=pair_meta)
    # Most pairs share one accidental shingle: count in many partitions and
    # keep, on the workers, only the pairs that pass the thresholds.
    counted = pairs.groupby(["key_a", "key_b"]).agg(
        {"hash": "size", "size_a": "first", "size_b": "first"}, split_out=max(documents.npartitions, 1)
    )
    passing = counted.rename(columns={"hash": "shared"}).map_partitions(_passing, min_shared, min_similarity)
    too_common = buckets.map_partitions(_too_common, max_df, meta=pd.Series(dtype="uint64", name="hash"))
    # One pass over the shuffled buckets feeds both results (nothing is persisted).
    shared, frequent = dask.compute(passing, too_common)
    shared = shared.reset_index()
    # Verification runs on the workers, a bucket of pairs per task: each
    # involved document is sent to the buckets of its pairs (only those
    # documents travel, never the corpus), and every bucket finishes its
    # pairs with the pandas engine's code.
    n_buckets = max(min(documents.npartitions, len(shared) // PAIRS_PER_BUCKET), 1)
    shared["bucket"] = (shared["key_a"].to_numpy() % n_buckets).astype(np.int64)
    need = pd.concat(
        [shared[["key_a", "bucket"]].set_axis(["key", "bucket"], axis=1),
         shared[["key_b", "bucket"]].set_axis(["key", "bucket"], axis=1)]
    ).drop_duplicates()  # fmt: skip
    divisions = (*range(n_buckets), n_buckets - 1)
    wanted = [c for c in ("doc_id", "text", "published", "outlet", "source") if c in documents.columns]
    involved = documents[wanted].map_partitions(
        _involved, dask.delayed(need), meta=_involved(documents._meta[wanted], need.iloc[:0])
    )
    by_bucket = involved.set_index("bucket", divisions=divisions)
    pairs_by_bucket = dd.from_pandas(shared, npartitions=1, sort=False)
    pairs_by_bucket = pairs_by_bucket.set_index("bucket", divisions=divisions)
    options = {"n": n, "min_similarity": min_similarity, "min_shared": min_shared, "window_days": window_days}
    meta = _verify(pairs_by_bucket._meta, by_bucket._meta, frequent.iloc[:0].to_numpy(), options)
    verified = dd.map_partitions(
        _verify, pairs_by_bucket, by_bucket, dask.delayed(frequent.to_numpy().astype(np.uint64)), options,
        meta=meta, align_dataframes=False,
    ).compute()  # fmt: skip
    return verified.sort_values(["doc_id_a", "doc_id_b"]).reset_index(drop=True)


def _involved(documents: pd.DataFrame, need: pd.DataFrame) -> pd.DataFrame:
    """Documents of a partition that are in verified pairs, once per bucket of their pairs."""
    frame = documents.assign(key=_doc_keys(documents["doc_id"]))
    return frame.merge(need, on="key", how="inner")


def _verify(
    pairs: pd.DataFrame, documents: pd.DataFrame, frequent: np.ndarray, options: dict
) -> pd.DataFrame:
    """Finish one bucket of pairs on its documents (:func:`toolkit.reuse.detect.finish_pairs`)."""
    if documents["key"].duplicated().any():
        raise ValueError("two doc_ids share a 64-bit hash: rename one of them")
    frame = documents.sort_values("doc_id").reset_index(drop=True)
    position = pd.Series(np.arange(len(frame)), index=frame["key"].to_numpy())
    a = position.reindex(pairs["key_a"].to_numpy()).to_numpy()
    b = position.reindex(pairs["key_b"].to_numpy()).to_numpy()
    sizes = pd.concat(
        [pd.Series(pairs["size_a"].to_numpy(), index=pairs["key_a"].to_numpy()),
         pd.Series(pairs["size_b"].to_numpy(), index=pairs["key_b"].to_numpy())]
    )  # fmt: skip
    sizes = sizes[~sizes.index.duplicated()].reindex(frame["key"].to_numpy()).to_numpy()
    # Shingles two documents share count unless they are in more than max_df
    # documents of the corpus.
    shingles = shingle_texts([t if isinstance(t, str) else "" for t in frame["text"]], n=options["n"])
    common_here = np.setdiff1d(np.unique(shingles.hashes), frequent)
    return finish_pairs(
        frame.drop(columns=["key"]), a=a.astype(np.int64), b=b.astype(np.int64),
        count=pairs["shared"].to_numpy().astype(np.int64), sizes=sizes, common_hashes=common_here,
        shingles=shingles, **options,
    )  # fmt: skip

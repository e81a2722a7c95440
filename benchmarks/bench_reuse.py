"""Reuse detection on SaudiNewsNet: accuracy against brute force, time, scaling.

Run: ``.venv/bin/python benchmarks/bench_reuse.py`` (needs ../shared/corpora).

Reference: on a random sample of articles, every pair's word-7-gram
containment max(|A∩B|/|A|, |A∩B|/|B|) computed by brute force over all
pairs; pairs with containment >= 0.5 are the truth. ``find_reuse`` runs on
the same sample with n=7, min_similarity=0.5, min_shared=1.
"""

from __future__ import annotations

import itertools
import resource
import time
import tracemalloc

import numpy as np

import toolkit
from toolkit.arabic import normalize, tokenize
from toolkit.paths import SAUDINEWSNET
from toolkit.reuse import find_reuse

SAMPLE = 2000


def brute_force(documents, n: int = 7, threshold: float = 0.5) -> set[tuple[str, str]]:
    grams = []
    for text in documents["text"]:
        words = tokenize(normalize(text, level="search"))
        grams.append({tuple(words[i : i + n]) for i in range(len(words) - n + 1)})
    ids = documents["doc_id"].tolist()
    truth = set()
    for i, j in itertools.combinations(range(len(ids)), 2):
        a, b = grams[i], grams[j]
        if not a or not b:
            continue
        shared = len(a & b)
        if shared and max(shared / len(a), shared / len(b)) >= threshold:
            truth.add(tuple(sorted((ids[i], ids[j]))))
    return truth


def main() -> None:
    if not SAUDINEWSNET.exists():
        print(f"skipped: {SAUDINEWSNET} not found")
        return
    documents = toolkit.load_corpus(SAUDINEWSNET).documents
    print(f"SaudiNewsNet: {len(documents):,} documents")
    sample = documents.sample(n=SAMPLE, random_state=0)
    start = time.perf_counter()
    truth = brute_force(sample)
    print(f"brute force on {SAMPLE:,} documents: {len(truth):,} pairs, {time.perf_counter() - start:.1f} s")
    pairs = find_reuse(sample, n=7, min_similarity=0.5, min_shared=1)
    found = {tuple(sorted(p)) for p in pairs[["doc_id_a", "doc_id_b"]].itertuples(index=False)}
    hit = len(found & truth)
    print(
        f"find_reuse on the sample: {len(found):,} pairs; recall {hit / max(len(truth), 1):.4f}, "
        f"precision {hit / max(len(found), 1):.4f}"
    )

    for size in (2000, 4000, 8000, len(documents)):
        part = documents.iloc[:size]
        start = time.perf_counter()
        result = find_reuse(part)
        seconds = time.perf_counter() - start
        print(f"find_reuse (defaults) on {size:>6,} documents: {seconds:6.2f} s, {len(result):,} pairs")
    tracemalloc.start()
    result = find_reuse(documents)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak memory allocated by find_reuse on the whole corpus: {peak / 1e6:,.0f} MB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process (corpus, brute force included): {rss:,.0f} MB")
    clusters = toolkit.reuse_clusters(result, documents)
    print(
        f"reuse clusters: {clusters['cluster_id'].nunique():,} clusters over {len(clusters):,} documents; "
        f"largest {int(clusters['n_docs'].max()) if len(clusters) else 0}"
    )
    outlet = documents.set_index("doc_id")["outlet"]
    cross = result.assign(outlet_a=result["doc_id_a"].map(outlet), outlet_b=result["doc_id_b"].map(outlet))
    print(f"cross-outlet pairs: {int((cross['outlet_a'] != cross['outlet_b']).sum()):,}")
    # What MinHash with LSH banding would find of these pairs (the usual
    # alternative to an exact index): a pair of Jaccard J is a candidate
    # with probability 1 - (1 - J**rows)**bands.
    jaccard = result["jaccard"].to_numpy()
    for bands, rows in ((32, 4), (64, 2), (128, 1)):
        recall = 1 - (1 - jaccard**rows) ** bands
        print(
            f"MinHash LSH, {bands} bands x {rows} rows: expected recall {recall.mean():.3f} of these pairs "
            f"(median Jaccard {np.median(jaccard):.3f})"
        )


if __name__ == "__main__":
    main()

"""The pipeline on Dask from 10k to 1M articles: time, throughput, memory, speed-up.

Run: ``.venv/bin/python benchmarks/bench_dask.py [sizes...]`` (needs ../shared/corpora;
default sizes 10000 100000 1000000). Writes the synthetic corpora under
``output/bench_dask/`` (ignored by git) and prints one line per run.

Synthetic corpus: sentences of the ANT and SaudiNewsNet corpora, resampled
into articles of realistic length (a document's sentence count is drawn from
the real length distribution), with five outlets and dates over a year. A
sampled sentence would recur in hundreds of articles at a million documents,
which real news does not do, so each word of a sampled sentence is replaced,
with probability 0.4, by a word drawn from the corpus's word frequencies.
2% of the articles are republished copies of another article (another
outlet, a day later) with one label substituted («شهداء» → «قتلى» and
similar): the reuse detector has real work to do.

Measured for each size: annotate + label shares (one concept) + reuse, on a
local cluster of two single-threaded worker processes (memory limit 4 GiB
each), with the peak resident memory of each worker; pandas where the corpus
fits; and one worker at 100k for the speed-up.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
import threading
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import toolkit
import toolkit.dask as tkd
from toolkit.paths import ANT_POLITICS, OUTPUT, SAUDINEWSNET

OUTLETS = ["alpha", "beta", "gamma", "delta", "epsilon"]
SWAPS = [
    ("شهداء", "قتلى"),
    ("جيش الاحتلال", "الجيش الإسرائيلي"),
    ("رهائن", "محتجزين"),
    ("حماس", "الفصائل الفلسطينية"),
]
#: Articles per Parquet file (one partition each); smaller corpora get
#: smaller files so that both workers have partitions to work on.
ROWS_PER_FILE = 10_000
MIN_FILES = 8
_SENTENCE = re.compile(r"[^.!؟?\n]+[.!؟?]")


def sentence_pool() -> tuple[list[list[str]], np.ndarray, list[str], np.ndarray]:
    sentences, lengths = [], []
    for path, field in ((ANT_POLITICS, "text"), (SAUDINEWSNET, "content")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                text = json.loads(line).get(field) or ""
                found = [s.split() for s in _SENTENCE.findall(text) if 5 <= len(s.split()) <= 60]
                sentences.extend(found)
                if found:
                    lengths.append(len(found))
    counts = pd.Series([w for s in sentences[:200_000] for w in s]).value_counts()
    vocabulary = counts.index.to_list()
    weights = (counts / counts.sum()).to_numpy()
    return sentences, np.asarray(lengths), vocabulary, weights


def generate(n_docs: int, folder: Path, rng: np.random.Generator, pool) -> Path:
    if folder.exists() and any(folder.glob("*.parquet")):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    sentences, lengths, vocabulary, weights = pool
    cumulative = np.cumsum(weights)
    vocabulary = np.asarray(vocabulary, dtype=object)
    start = pd.Timestamp("2018-01-01", tz="UTC")
    written = 0
    part = 0
    per_file = min(ROWS_PER_FILE, max(n_docs // MIN_FILES, 1))
    while written < n_docs:
        size = min(per_file, n_docs - written)
        counts = rng.choice(lengths, size=size)
        picked = rng.integers(0, len(sentences), size=int(counts.sum()))
        texts = []
        cursor = 0
        for k in counts.tolist():
            words = np.asarray([w for i in picked[cursor : cursor + k] for w in sentences[i]], dtype=object)
            cursor += k
            replace = rng.random(words.size) < 0.4
            words[replace] = vocabulary[np.searchsorted(cumulative, rng.random(int(replace.sum())))]
            texts.append(" ".join(words.tolist()))
        ids = [f"d{written + i:07d}" for i in range(size)]
        outlet = rng.choice(OUTLETS, size=size).astype(object)
        published = (start + pd.to_timedelta(rng.integers(0, 365 * 24, size=size), unit="h")).to_numpy()
        for i in np.flatnonzero(rng.random(size) < 0.02).tolist():
            if i == 0:
                continue
            # A republished copy of the previous article: another outlet, a day later, one label swapped.
            original, replacement = SWAPS[i % len(SWAPS)]
            source = texts[i - 1]
            texts[i] = (
                source.replace(original, replacement) if original in source else f"{source} {replacement}"
            )
            outlet[i] = OUTLETS[(OUTLETS.index(outlet[i - 1]) + 1) % len(OUTLETS)]
            published[i] = published[i - 1] + np.timedelta64(1, "D")
        frame = pd.DataFrame(
            {"doc_id": ids, "outlet": outlet, "published": published, "text": texts, "role": "main"}
        )
        frame["published"] = pd.to_datetime(frame["published"], utc=True)
        for column in toolkit.schema.DOCUMENTS:
            if column not in frame:
                frame[column] = None
        tkd.conform(frame.assign(tags=[[]] * size)).to_parquet(
            folder / f"part-{part:04d}.parquet", index=False
        )
        written += size
        part += 1
    return folder


def _rss() -> int:
    import psutil

    return psutil.Process().memory_info().rss


class PeakMemory:
    """Poll each worker's resident memory while a block runs."""

    def __init__(self, client):
        self.client = client
        self.peak: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self._stop.is_set():
            try:
                for worker, rss in self.client.run(_rss).items():
                    self.peak[worker] = max(self.peak.get(worker, 0), rss)
            except Exception:  # a worker restarting: try again
                pass
            time.sleep(0.5)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


#: Memory limit of each worker; BENCH_MEMORY=8GiB for a diagnostic run.
MEMORY = os.environ.get("BENCH_MEMORY", "4GiB")


def run_dask(folder: Path, n_workers: int) -> tuple[float, float, int, int]:
    client = tkd.get_client(n_workers=n_workers, memory_limit=MEMORY)
    try:
        documents = tkd.read_documents(folder)
        with PeakMemory(client) as memory:
            start = time.perf_counter()
            matches = tkd.annotate(documents)
            tkd.label_shares(matches, documents, concept="the_dead", n_boot=2000)
            pairs = tkd.find_reuse(documents)
            seconds = time.perf_counter() - start
        peak = max(memory.peak.values()) / 2**30 if memory.peak else float("nan")
        return seconds, peak, len(pairs), documents.npartitions
    finally:
        client.cluster.close()
        client.close()


def run_pandas(folder: Path) -> tuple[float, int]:
    documents = pd.read_parquet(folder)
    start = time.perf_counter()
    matches = toolkit.annotate(documents)
    toolkit.label_shares(matches, documents, concept="the_dead", n_boot=2000)
    pairs = toolkit.find_reuse(documents)
    return time.perf_counter() - start, len(pairs)


def main(sizes: list[int]) -> None:
    if not (ANT_POLITICS.exists() and SAUDINEWSNET.exists()):
        print("skipped: the shared corpora are not present")
        return
    warnings.simplefilter("ignore")
    pool = sentence_pool()
    print(f"sentence pool: {len(pool[0]):,} sentences, {len(pool[2]):,} words", flush=True)
    for n in sizes:
        start = time.perf_counter()
        # A generator per size: a corpus does not depend on which sizes ran before it.
        folder = generate(n, OUTPUT / "bench_dask" / f"n{n}", np.random.default_rng(n), pool)
        megabytes = sum(p.stat().st_size for p in folder.glob("*.parquet")) / 1e6
        print(
            f"corpus {n:,}: {megabytes:,.0f} MB of Parquet ({time.perf_counter() - start:.0f} s to make)",
            flush=True,
        )
        seconds, peak, n_pairs, parts = run_dask(folder, 2)
        print(
            f"  dask, 2 workers ({MEMORY} each): {seconds:7.1f} s, {n / seconds:8,.0f} articles/s, "
            f"peak worker memory {peak:.2f} GiB, {n_pairs:,} reuse pairs, {parts} partitions",
            flush=True,
        )
        if n <= 100_000:
            seconds_1, _, _, _ = run_dask(folder, 1)
            print(
                f"  dask, 1 worker:  {seconds_1:7.1f} s (speed-up of 2 workers: {seconds_1 / seconds:.2f}x)",
                flush=True,
            )
            p_seconds, p_pairs = run_pandas(folder)
            print(f"  pandas:          {p_seconds:7.1f} s, {p_pairs:,} reuse pairs", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])

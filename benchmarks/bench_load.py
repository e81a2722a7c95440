"""Loader speed on the ANT politics corpus and on 10,000 raw text pages.

Run: ``.venv/bin/python benchmarks/bench_load.py`` (needs ../shared/corpora).
Prints articles/s and MB/s; the loader runs on one core.
"""

from __future__ import annotations

import gzip
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import toolkit
from toolkit.paths import ANT_POLITICS, SEEDS


def _report(label: str, seconds: float, n_articles: int, n_bytes: int) -> None:
    print(
        f"{label}: {seconds:.2f} s, {n_articles / seconds:,.0f} articles/s, "
        f"{n_bytes / seconds / 1e6:.1f} MB/s ({n_articles:,} articles, {n_bytes / 1e6:.1f} MB)"
    )


def bench_ant() -> None:
    if not ANT_POLITICS.exists():
        print(f"skipped ANT: {ANT_POLITICS} not found")
        return
    size = len(gzip.decompress(ANT_POLITICS.read_bytes()))
    start = time.perf_counter()
    corpus = toolkit.load_corpus(ANT_POLITICS)
    seconds = time.perf_counter() - start
    _report("ANT politics.jsonl.gz", seconds, len(corpus.report), size)
    print(f"  {corpus}")
    print(f"  segment kinds: {corpus.segments['kind'].value_counts().to_dict()}")


def bench_pages(n_pages: int = 10_000) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    rng = random.Random(0)
    folder = Path(tempfile.mkdtemp(prefix="bench_pages_"))
    try:
        n_bytes = 0
        for i in range(n_pages):
            data = seeds[rng.randrange(len(seeds))].read_bytes()
            (folder / f"{i:05d}.txt").write_bytes(data)
            n_bytes += len(data)
        start = time.perf_counter()
        corpus = toolkit.load_corpus(folder)
        seconds = time.perf_counter() - start
        _report(f"{n_pages:,} .txt pages", seconds, n_pages, n_bytes)
        print(f"  {corpus}")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    which = sys.argv[1:] or ["ant", "pages"]
    if "ant" in which:
        bench_ant()
    if "pages" in which:
        bench_pages()

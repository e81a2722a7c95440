"""Loader speed on the ANT politics corpus and on 10,000 raw text pages;
listing 10k–100k files (linear?); 20,000 hostile inputs in one call.

Run: ``PYTHONPATH=. python benchmarks/bench_load.py [ant] [pages] [listing] [hostile]``
(ANT needs ../shared/corpora). Prints articles/s and MB/s; the loader runs
on one core. ``listing`` prints the time per file at each size and the ratio
of the largest to the smallest (1.0 is linear; the old quadratic listing
gave about 10 from 10k to 100k files). ``hostile`` loads 20,000 mixed good and
bad inputs and checks that every one has its report row.
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
from toolkit.load.sources import find_inputs
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


def bench_listing(sizes: tuple[int, ...] = (10_000, 30_000, 100_000)) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench_listing_"))
    try:
        per_file = []
        made = 0
        for size in sizes:
            # 100 files per folder, as a scraper would lay them out.
            for i in range(made, size):
                sub = folder / f"{i // 100:04d}"
                sub.mkdir(exist_ok=True)
                (sub / f"{i:06d}.txt").write_bytes(b"x")
            made = size
            start = time.perf_counter()
            inputs, problems = find_inputs(folder)
            seconds = time.perf_counter() - start
            assert len(inputs) == size and not problems
            per_file.append(seconds / size)
            print(f"listing {size:,} files: {seconds:.2f} s, {seconds / size * 1e6:.1f} µs per file")
        print(
            f"  per-file time, {sizes[-1]:,} vs {sizes[0]:,} files: "
            f"x{per_file[-1] / per_file[0]:.2f} (1.0 = linear)"
        )
    finally:
        shutil.rmtree(folder)


def bench_hostile(n_inputs: int = 20_000) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.test_hostile_inputs import write_hostile_corpus

    folder = Path(tempfile.mkdtemp(prefix="bench_hostile_"))
    try:
        expected = write_hostile_corpus(folder, n_inputs)
        start = time.perf_counter()
        corpus = toolkit.load_corpus(folder)
        seconds = time.perf_counter() - start
        report = corpus.report
        print(f"{n_inputs:,} mixed good and bad inputs in one call: {seconds:.1f} s")
        print(f"  {corpus}")
        print(
            f"  report rows {len(report):,} (expected {expected:,}); "
            f"status: {report['status'].value_counts().to_dict()}"
        )
        reasons = report.loc[report["status"] == "rejected", "reason"].str.split(":").str[0]
        print(f"  rejections by reason: {reasons.value_counts().to_dict()}")
        assert len(report) == expected, "an input went missing"
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    which = sys.argv[1:] or ["ant", "pages", "listing", "hostile"]
    if "ant" in which:
        bench_ant()
    if "pages" in which:
        bench_pages()
    if "listing" in which:
        bench_listing()
    if "hostile" in which:
        bench_hostile()

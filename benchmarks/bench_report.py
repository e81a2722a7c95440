"""Report speed: the whole report against ``load_corpus`` on the same corpus, in the same run.

Run: ``nice -n 10 .venv/bin/python benchmarks/bench_report.py [--n-boot 2000] [--skip-ant]``
(the ANT part needs ../shared/corpora).

Prints, for ANT politics: the wall time of ``load_corpus`` alone, of the
whole report (which loads again), their ratio (target ≤ 10×), and the
report's own per-step times, so that the cost of each step (reuse pairs,
substitutions, label shares, figures, …) is visible. Then the report on the
seeds in a fresh process, wall clock including Python's start and imports,
as a user runs it (target < 15 s).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from toolkit.paths import ANT_POLITICS, SEEDS  # noqa: E402


def ant(n_boot: int, keep: str | None) -> None:
    from toolkit import load_corpus
    from toolkit.report import run_report

    begin = time.perf_counter()
    corpus = load_corpus(ANT_POLITICS)
    load_s = time.perf_counter() - begin
    print(f"ANT politics: load_corpus {load_s:.1f} s ({len(corpus.documents)} documents)")
    del corpus
    with tempfile.TemporaryDirectory() as scratch:
        begin = time.perf_counter()
        report = run_report(ANT_POLITICS, keep or scratch, n_boot=n_boot, progress=False)
        report_s = time.perf_counter() - begin
    print(f"ANT politics: report {report_s:.1f} s = {report_s / load_s:.1f}× load_corpus (target ≤ 10×)")
    for step, seconds in report.timings.items():
        print(f"  {step:<14} {seconds:7.1f} s")


def seeds(n_boot: int) -> None:
    with tempfile.TemporaryDirectory() as out:
        begin = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "toolkit", "report", str(SEEDS), "--out", out, "--quiet",
             "--n-boot", str(n_boot)],
            check=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
        )  # fmt: skip
        wall = time.perf_counter() - begin
    print(f"seeds: report {wall:.1f} s wall, start and imports included (target < 15 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n-boot", type=int, default=2000)
    parser.add_argument("--skip-ant", action="store_true")
    parser.add_argument("--keep", help="write the ANT report into this folder (to look at it)")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    seeds(args.n_boot)
    if not args.skip_ant and ANT_POLITICS.exists():
        ant(args.n_boot, args.keep)


if __name__ == "__main__":
    main()

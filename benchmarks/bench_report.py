"""Report speed: the whole report against ``load_corpus`` on the same corpus, in the same run.

Run: ``nice -n 10 .venv/bin/python benchmarks/bench_report.py [--n-boot 2000] [--skip-ant] [--skip-seeds]``
(the ANT part needs ../shared/corpora).

Prints, for ANT politics: the wall and CPU time of ``load_corpus`` alone,
of the whole report (which loads again), their ratios (target ≤ 10×), and
the report's own per-step wall times, so that the cost of each step (reuse
pairs, substitutions, label shares, figures, …) is visible. Then the report
on the seeds in a fresh process, wall clock including Python's start and
imports, as a user runs it (target < 15 s), and that process's CPU time.

Every figure is printed with the 1-minute load average beside it: on a
shared machine wall times stretch with the load, CPU times much less, so
the CPU ratio is the steadier of the two.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from toolkit.paths import ANT_POLITICS, SEEDS  # noqa: E402


def _load() -> str:
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def ant(n_boot: int, keep: str | None) -> None:
    from toolkit import load_corpus
    from toolkit.report import run_report

    begin, cpu = time.perf_counter(), time.process_time()
    corpus = load_corpus(ANT_POLITICS)
    load_s, load_cpu = time.perf_counter() - begin, time.process_time() - cpu
    print(f"ANT politics: load_corpus {load_s:.1f} s wall, {load_cpu:.1f} s CPU "
          f"({len(corpus.documents)} documents; {_load()})", flush=True)  # fmt: skip
    del corpus
    with tempfile.TemporaryDirectory() as scratch:
        begin, cpu = time.perf_counter(), time.process_time()
        report = run_report(ANT_POLITICS, keep or scratch, n_boot=n_boot, progress=False)
        report_s, report_cpu = time.perf_counter() - begin, time.process_time() - cpu
    print(f"ANT politics: report {report_s:.1f} s wall, {report_cpu:.1f} s CPU ({_load()})")
    print(f"ANT politics: report / load_corpus = {report_s / load_s:.1f}× wall, "
          f"{report_cpu / load_cpu:.1f}× CPU (target ≤ 10×)")  # fmt: skip
    print("  report steps (wall):")
    for step, seconds in report.timings.items():
        print(f"  {step:<14} {seconds:7.1f} s")


def seeds(n_boot: int) -> None:
    with tempfile.TemporaryDirectory() as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        begin = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "toolkit", "report", str(SEEDS), "--out", out, "--quiet",
             "--n-boot", str(n_boot)],
            check=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
        )  # fmt: skip
        wall = time.perf_counter() - begin
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    print(f"seeds: report {wall:.1f} s wall, {cpu:.1f} s CPU, start and imports included "
          f"(target < 15 s wall; {_load()})", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n-boot", type=int, default=2000)
    parser.add_argument("--skip-ant", action="store_true")
    parser.add_argument("--skip-seeds", action="store_true")
    parser.add_argument("--keep", help="write the ANT report into this folder (to look at it)")
    args = parser.parse_args()
    print(f"start: {_load()}", flush=True)
    if not args.skip_seeds:
        seeds(args.n_boot)
    if not args.skip_ant and ANT_POLITICS.exists():
        ant(args.n_boot, args.keep)


if __name__ == "__main__":
    main()

"""Command line: ``python -m toolkit load|report <source> --out <dir>``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from toolkit import notebooks, schema
from toolkit.load import load_corpus


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="framing-toolkit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("load", help="load articles; write documents, segments and the load report")
    load.add_argument("source", nargs="+", type=Path, help="files and/or folders")
    load.add_argument("--out", type=Path, required=True, help="output folder")
    load.add_argument("--outlet", help="outlet of pages that do not name one")
    load.add_argument("--markers", type=Path, help="YAML file of extra marker rules")
    report = commands.add_parser("report", help="the whole pipeline: tables, figures and index.html")
    report.add_argument("source", nargs="+", type=Path, help="files and/or folders")
    report.add_argument("--out", type=Path, required=True, help="output folder")
    report.add_argument("--lexicon", type=Path, help="lexicon YAML (default: the bundled one)")
    report.add_argument("--n-boot", type=int, default=2000, help="bootstrap resamples (default 2000)")
    report.add_argument("--seed", type=int, default=0)
    report.add_argument("--quiet", action="store_true", help="no progress bars")
    report.add_argument("--engine", choices=["pandas", "dask"], default="pandas")
    report.add_argument("--scheduler", help="Dask scheduler address (default: start a local cluster)")
    report.add_argument("--validation", nargs="+", type=Path, help="coded sheets, one per coder")
    notebooks.add_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "notebooks":
        return notebooks.run_command(args)
    if args.command == "load":
        corpus = load_corpus(args.source, outlet=args.outlet, markers=args.markers)
        written = corpus.write(args.out)
        print(corpus)
        rejected = corpus.report[corpus.report["status"] == schema.STATUS_REJECTED]
        for row in rejected.itertuples(index=False):
            where = (
                row.path if row.record is None or str(row.record) == "<NA>" else f"{row.path}:{row.record}"
            )
            print(f"rejected {where}: {row.reason}", file=sys.stderr)
        for name, path in written.items():
            print(f"wrote {name}: {path}")
    elif args.command == "report":
        from toolkit.report import run_report

        sources = args.source[0] if len(args.source) == 1 else args.source
        if args.validation:  # a bad coded sheet fails at once, not after the whole run
            from toolkit.validate import read_coded

            try:
                read_coded(args.validation)
            except (ValueError, FileNotFoundError) as error:
                print(f"error: --validation: {error}", file=sys.stderr)
                return 2
        done = run_report(
            sources,
            args.out,
            lexicon=args.lexicon,
            n_boot=args.n_boot,
            seed=args.seed,
            progress=not args.quiet,
            engine=args.engine,
            scheduler=args.scheduler,
            validation=args.validation,
        )
        index = done.folder / "index.html"
        print(f"wrote {len(done.figures)} figures and {len(done.tables)} tables; open {index}")
    return 0

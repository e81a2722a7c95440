"""Command line: ``python -m toolkit load|report <source> --out <dir>``.

Each subcommand is an entry of :data:`COMMANDS`: a function that adds its
arguments to a parser and one that runs it and returns the exit status. A
failure the user can fix ends with one line on stderr (``error: …``) and a
non-zero status: 2 for a wrong argument or input (a path that does not
exist, a lexicon mistake), 1 when nothing was loaded, 3 when another report
is writing into the output folder.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from toolkit import schema

#: Exit statuses.
EXIT_OK, EXIT_NOTHING, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3


class UsageError(Exception):
    """A mistake in the arguments or inputs, told in one line."""


def parse_columns(text: str) -> dict[str, str]:
    """``text=body,outlet=newspaper`` → ``{"text": "body", "outlet": "newspaper"}``.

    Examples
    --------
    >>> parse_columns("text=body, outlet=newspaper")
    {'text': 'body', 'outlet': 'newspaper'}
    """
    from toolkit.load.sources import RECORD_FIELDS

    columns = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise argparse.ArgumentTypeError(f"--columns takes field=column pairs, got {part!r}")
        if key.strip() not in RECORD_FIELDS:
            raise argparse.ArgumentTypeError(
                f"--columns: unknown field {key.strip()!r}; fields: {', '.join(RECORD_FIELDS)}"
            )
        columns[key.strip()] = value.strip()
    return columns


def _date(text: str) -> str:
    import pandas as pd

    try:
        pd.Timestamp(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (write 2018-05-14)") from None
    return text


def _listed(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def _add_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", nargs="+", type=Path, help="files and/or folders")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument(
        "--columns", type=parse_columns, metavar="FIELD=COLUMN,…",
        help="record files: which column holds which field, e.g. text=body,outlet=newspaper",
    )  # fmt: skip
    parser.add_argument(
        "--date-order", choices=["dmy", "mdy", "ymd"],
        help="order of numeric dates such as 05/06/2018 in record files (default: each file's own "
        "dates decide, day first when they cannot; every ambiguous date is noted in the load report)",
    )  # fmt: skip


def _setup_load(parser: argparse.ArgumentParser) -> None:
    _add_inputs(parser)
    parser.add_argument("--outlet", help="outlet of pages that do not name one")
    parser.add_argument("--markers", type=Path, help="YAML file of extra marker rules")


def _loader_options(args: argparse.Namespace) -> dict:
    options = {"columns": args.columns}
    if args.date_order:
        options["date_order"] = args.date_order
    return options


def _run_load(args: argparse.Namespace) -> int:
    from toolkit.load import load_corpus

    corpus = load_corpus(args.source, outlet=args.outlet, markers=args.markers, **_loader_options(args))
    rejected = corpus.report[corpus.report["status"] == schema.STATUS_REJECTED]
    for row in rejected.itertuples(index=False):
        where = row.path if row.record is None or str(row.record) == "<NA>" else f"{row.path}:{row.record}"
        print(f"rejected {where}: {row.reason}", file=sys.stderr)
    if corpus.documents.empty:
        from toolkit.report import _nothing_loaded

        print(f"error: {_nothing_loaded(corpus.report)}", file=sys.stderr)
        return EXIT_NOTHING
    written = corpus.write(args.out)
    print(corpus)
    for name, path in written.items():
        print(f"wrote {name}: {path}")
    return EXIT_OK


def add_report_options(parser: argparse.ArgumentParser) -> None:
    """The ``report`` subcommand's arguments (extensions add theirs after these)."""
    _add_inputs(parser)
    parser.add_argument("--lexicon", type=Path, help="lexicon YAML (default: the bundled one)")
    parser.add_argument("--concepts", type=_listed, metavar="A,B", help="analyse these concepts only")
    parser.add_argument("--since", type=_date, help="keep articles published on or after this date")
    parser.add_argument("--until", type=_date, help="keep articles published on or before this date")
    parser.add_argument("--outlets", type=_listed, metavar="A,B", help="keep these outlets only")
    parser.add_argument("--labels", choices=["ar", "en", "both"], default="both",
                        help="figure labels: Arabic, English gloss, or both (default)")  # fmt: skip
    parser.add_argument("--formats", type=_listed, default=["png"], metavar="png,pdf,svg",
                        help="figure formats (default png; add pdf for print)")  # fmt: skip
    parser.add_argument("--freq", help="timeline period: D, W or M (default: from the dates' span)")
    parser.add_argument("--exclude-words", type=_listed, default=[], metavar="W1,W2",
                        help="words not labelled in the log-odds figures")  # fmt: skip
    parser.add_argument("--keep-outlet-names", action="store_true",
                        help="label the words of the outlets' own names (e.g. «بي بي سي») in the log-odds "
                        "figures; by default they are left unlabelled")  # fmt: skip
    parser.add_argument("--n-boot", type=int, default=2000, help="bootstrap resamples (default 2000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.add_argument("--engine", choices=["pandas", "dask"], default="pandas")
    parser.add_argument("--scheduler", help="Dask scheduler address (default: start a local cluster)")
    parser.add_argument("--validation", nargs="+", type=Path, help="coded sheets, one per coder")


def report_options(args: argparse.Namespace) -> dict:
    """Keyword arguments of :func:`toolkit.report.run_report` from parsed arguments."""
    options = {
        "lexicon": args.lexicon, "n_boot": args.n_boot, "seed": args.seed, "progress": not args.quiet,
        "engine": args.engine, "scheduler": args.scheduler, "columns": args.columns, "since": args.since,
        "until": args.until, "outlets": args.outlets, "concepts": args.concepts, "labels": args.labels,
        "formats": args.formats, "freq": args.freq, "exclude_words": args.exclude_words,
        "exclude_outlet_names": not args.keep_outlet_names,
        "validation": args.validation,
    }  # fmt: skip
    if args.date_order:
        options["date_order"] = args.date_order
    return options


def _run_report(args: argparse.Namespace) -> int:
    from toolkit.lexicon import load_lexicon
    from toolkit.report import run_report

    load_lexicon(args.lexicon)  # every lexicon mistake before the corpus is read
    if args.validation:  # a bad coded sheet fails at once, not after the whole run
        from toolkit.validate import read_coded

        try:
            read_coded(args.validation)
        except (ValueError, FileNotFoundError) as error:
            raise UsageError(f"--validation: {error}") from None
    sources = args.source[0] if len(args.source) == 1 else args.source
    done = run_report(sources, args.out, **report_options(args))
    index = done.folder / "index.html"
    print(f"wrote {len(done.figures)} figures and {len(done.tables)} tables; open {index}")
    return EXIT_OK


#: name → (help, add arguments, run). Other modules add their subcommands here.
COMMANDS: dict[
    str, tuple[str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
] = {
    "load": ("load articles; write documents, segments and the load report", _setup_load, _run_load),
    "report": ("the whole pipeline: tables, figures and index.html", add_report_options, _run_report),
}


def _setup_notebooks(parser: argparse.ArgumentParser) -> None:
    from toolkit import notebooks

    notebooks.add_arguments(parser)


def _run_notebooks(args: argparse.Namespace) -> int:
    from toolkit import notebooks

    return notebooks.run_command(args)


COMMANDS["notebooks"] = (
    "execute the notebooks in a fresh kernel; write .ipynb and HTML with their outputs",
    _setup_notebooks,
    _run_notebooks,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="framing-toolkit", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, (text, setup, _) in COMMANDS.items():
        setup(commands.add_parser(name, help=text, description=text))
    return parser


def _check_paths(args: argparse.Namespace) -> None:
    missing = [str(p) for p in getattr(args, "source", []) if not Path(p).exists()]
    if missing:
        raise UsageError(f"input path does not exist: {', '.join(missing)}")
    lexicon = getattr(args, "lexicon", None)
    if lexicon is not None and not Path(lexicon).is_file():
        raise UsageError(f"lexicon file does not exist: {lexicon}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    from toolkit.report import NothingLoadedError, ReportError, ReportLockedError
    from toolkit.yamlio import YamlError

    # Error kind → exit status and what precedes the message; first match wins
    # (ReportLockedError and NothingLoadedError are ReportErrors).
    exits = (
        (UsageError, EXIT_USAGE, ""),
        (YamlError, EXIT_USAGE, "the lexicon has mistakes:\n"),
        (NothingLoadedError, EXIT_NOTHING, ""),
        (ReportLockedError, EXIT_LOCKED, ""),
        (ReportError, EXIT_USAGE, ""),
    )
    args = _parser().parse_args(argv)
    try:
        _check_paths(args)
        return COMMANDS[args.command][2](args)
    except tuple(kind for kind, _, _ in exits) as err:
        status, prefix = next((code, text) for kind, code, text in exits if isinstance(err, kind))
        print(f"error: {prefix}{err}", file=sys.stderr)
        return status

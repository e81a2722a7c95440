"""The one-command framing report: load → annotate → reuse and events → statistics → figures.

One pipeline (:func:`run_report`) with the engine as a swappable part:
:class:`PandasEngine` holds the corpus in memory, :class:`DaskEngine` keeps
the texts on a Dask cluster and brings back only small tables. Everything
after the engine's steps (figures, captions, the page) is shared.

The output folder is written safely: a lock file keeps a second run out
while one is writing; every file goes through a temporary name and a rename,
so a killed run leaves no half-written figure; ``manifest.json`` lists what
the run wrote, and a rerun into the same folder removes the files of the
previous run that it did not write again (never files the toolkit did not
write).
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import struct
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from toolkit import schema
from toolkit.annotation.counts import counted
from toolkit.arabic.normalize import normalize
from toolkit.compare import ShareWarning
from toolkit.compare.shares import MAX_WIDTH, MIN_EFFECTIVE_SIZE
from toolkit.compare.timeline import label_use_over_time
from toolkit.lexicon import load_lexicon
from toolkit.plot import (
    content_hash,
    directed_edges,
    kwic_sample,
    kwic_to_html,
    plot_label_shares,
    plot_label_timeline,
    plot_log_odds,
    plot_reuse_network,
    plot_substitutions,
    save,
    write_atomic,
    written_forms,
)
from toolkit.plot.kwic_export import KWIC_CSS
from toolkit.plot.labels import concept_names, readable, variant_names
from toolkit.reuse import reuse_clusters, substitution_matrix, substitutions
from toolkit.validate.report import validation_report

UNKNOWN_OUTLET = "(unknown outlet)"
#: Figure formats of a report unless asked otherwise: the page shows PNGs;
#: PDFs for print are one option away (``--formats png,pdf``).
REPORT_FORMATS = ("png",)

#: PNG resolution of a report's figures: sharp on a high-density screen at
#: page width (7.2 in → 1,440 px), at under half the drawing time of 300 dpi.
REPORT_DPI = 200

#: Reuse pairs the report aligns: containment of at least this much.
REPORT_MIN_SIMILARITY = 0.1
LOCK = ".report.lock"
MANIFEST = "manifest.json"
#: Concepts per page of the label-shares figure (3 rows × 2 columns).
PANELS_PER_PAGE = 6
#: Concepts drawn in the substitutions figure (a page's worth).
SUBSTITUTION_PANELS = 5
#: Most height of a page of label-share panels (a journal page's text block).
PAGE_INCHES = 9.0


class ReportError(RuntimeError):
    """The report cannot be made; the message says why in one line."""


class ReportLockedError(ReportError):
    """Another run is writing into the same folder."""


class NothingLoadedError(ReportError):
    """No article was loaded (or none is left after the filters)."""


@dataclass
class Report:
    """What the report wrote.

    ``tables`` (name → path), ``figures`` (name → format → path),
    ``captions`` (figure → text), ``notes`` (sentences for the reader),
    ``timings`` (step → seconds of wall time).
    """

    folder: Path
    tables: dict[str, Path] = field(default_factory=dict)
    figures: dict[str, dict[str, Path]] = field(default_factory=dict)
    captions: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


# --------------------------------------------------------------------- output


class Output:
    """An output folder written safely: lock, atomic files, manifest of what was written.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with Output(folder) as out:
    ...     _ = out.text("a.txt", "first")
    ...     _ = out.text("b.txt", "first")
    >>> with Output(folder) as out:
    ...     _ = out.text("a.txt", "second")
    >>> sorted(p.name for p in folder.iterdir())
    ['a.txt', 'manifest.json']
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.written: set[str] = set()
        self.previous: set[str] = set()
        self._locked = False

    def __enter__(self) -> Output:
        if self.folder.exists() and not self.folder.is_dir():
            raise ReportError(f"the output {self.folder} exists and is not a folder")
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock()
        for partial in self.folder.rglob(".*.partial-*"):
            partial.unlink(missing_ok=True)  # left by a killed run
        manifest = self.folder / MANIFEST
        if manifest.exists():
            try:
                self.previous = set(json.loads(manifest.read_text(encoding="utf-8"))["files"])
            except (ValueError, KeyError, TypeError):
                self.previous = set()
        return self

    def __exit__(self, kind, value, trace) -> None:
        try:
            if kind is None:
                self._remove_stale()
                self._write_manifest(self.written)
            else:
                # A failed run: the next run must still know every file the
                # toolkit wrote here, old and new, to clean them up.
                self._write_manifest(self.written | self.previous)
        finally:
            self._unlock()

    def _lock(self) -> None:
        path = self.folder / LOCK
        for _ in range(2):
            try:
                handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                pid = _read_pid(path)
                if pid is not None and _alive(pid):
                    raise ReportLockedError(
                        f"another report (process {pid}) is writing into {self.folder}; wait for it to "
                        f"finish, or delete {path} if no report is running"
                    ) from None
                path.unlink(missing_ok=True)  # left by a run that died
                continue
            with os.fdopen(handle, "w") as lock:
                lock.write(str(os.getpid()))
            self._locked = True
            return
        raise ReportLockedError(f"cannot take the lock {path}")

    def _unlock(self) -> None:
        if self._locked:
            (self.folder / LOCK).unlink(missing_ok=True)
            self._locked = False

    def _remove_stale(self) -> None:
        for name in sorted(self.previous - self.written):
            path = self.folder / name
            if path.is_file() and path.resolve().is_relative_to(self.folder.resolve()):
                path.unlink()
        for folder in sorted({(self.folder / n).parent for n in self.previous}, key=lambda p: -len(p.parts)):
            if folder != self.folder and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()

    def _write_manifest(self, files: set[str]) -> None:
        record = {"written_by": "arabic-framing-toolkit report", "files": sorted(files)}
        write_atomic(self.folder / MANIFEST, json.dumps(record, indent=1, ensure_ascii=False))

    def track(self, path: Path) -> Path:
        """Record a file written into the folder."""
        self.written.add(Path(path).resolve().relative_to(self.folder.resolve()).as_posix())
        return path

    def text(self, name: str, content: str) -> Path:
        """Write a text file atomically."""
        return self.track(write_atomic(self.folder / name, content))

    def parquet(self, name: str, frame: pd.DataFrame) -> Path:
        """Write a Parquet file atomically."""
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        return self.track(write_atomic(self.folder / name, buffer.getvalue()))

    def csv(self, name: str, frame: pd.DataFrame) -> Path:
        """Write a CSV file atomically."""
        return self.track(write_atomic(self.folder / name, frame.to_csv(index=False)))


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# -------------------------------------------------------------------- engines


class PandasEngine:
    """The corpus in memory: the default engine."""

    name = "pandas"
    has_events = True

    def start(self) -> None:
        """Nothing to start."""

    def close(self) -> None:
        """Nothing to stop."""

    def load(self, source, out: Output, *, columns, date_order) -> tuple[object, pd.DataFrame]:
        """Load the corpus; write its tables; return (documents, load report)."""
        from toolkit.load import load_corpus

        options = {"columns": columns}
        if date_order is not None:
            options["date_order"] = date_order
        corpus = load_corpus(source, **options)
        for name in ("documents", "segments", "report", "boilerplate"):
            out.parquet(f"corpus/{name}.parquet", getattr(corpus, name))
        return corpus.documents, corpus.report

    def local(self, frame, columns: list[str]) -> pd.DataFrame:
        """The columns of a (possibly distributed) frame as a pandas DataFrame."""
        return frame[columns].reset_index(drop=True)

    def annotate(self, stories, lexicon) -> pd.DataFrame:
        """Matches of the lexicon."""
        from toolkit.annotation import annotate

        return annotate(stories, lexicon)

    def find_reuse(self, stories) -> pd.DataFrame:
        """Reuse pairs."""
        from toolkit.reuse import find_reuse

        # Framing edits mostly sit in partial copies (containment 0.1–0.3), so the
        # report keeps them; find_reuse's own default (0.3) is for precise pairs.
        return find_reuse(stories, window_days=None, min_similarity=REPORT_MIN_SIMILARITY)

    def texts(self, stories, doc_ids) -> pd.DataFrame:
        """``doc_id``, ``outlet``, ``text`` (and ``title``: titles are annotated) of these documents."""
        return stories[stories["doc_id"].isin(set(doc_ids))][_text_columns(stories)]

    def sample_texts(self, stories) -> pd.DataFrame:
        """Documents to learn written forms of words from."""
        return stories[["doc_id", "outlet", "text"]]

    def events(self, stories, window_days: float) -> pd.Series:
        """Event ids."""
        from toolkit.events import cluster_events

        return cluster_events(stories, window_days=window_days)

    def share_inputs(self, matches, stories) -> tuple[pd.DataFrame, object]:
        """What :meth:`label_shares` needs, prepared once for all concepts.

        Documents are cut to ids, outlets and their lengths in words
        (``n_tokens``), counted once here rather than once per concept;
        matches to the columns the shares read.
        """
        from toolkit.annotation.counts import document_lengths

        lengths = document_lengths(stories)
        documents = stories[["doc_id", "outlet"]].assign(n_tokens=lengths.to_numpy())
        keep = [c for c in ("doc_id", "concept", "variant", "in_scope") if c in matches.columns]
        return matches[keep], documents

    def label_shares(self, matches, stories, **options) -> pd.DataFrame:
        """Label shares of one concept."""
        from toolkit.compare import label_shares

        return label_shares(matches, stories, **options)

    def log_odds(self, stories) -> pd.DataFrame:
        """Log-odds of words per outlet."""
        from toolkit.compare import log_odds

        return log_odds(stories, min_count=2)


class DaskEngine(PandasEngine):
    """Texts on a Dask cluster; only small tables come back.

    Raw files are loaded on the workers into ``out/corpus`` (Parquet, with
    the load report); a Parquet dataset of documents is read as it is. Event
    clustering needs every text in one place and is left out.
    """

    name = "dask"
    has_events = False

    def __init__(self, scheduler: str | None = None) -> None:
        self.scheduler = scheduler
        self.client = None
        self._matches = None

    def start(self) -> None:
        """Connect to the scheduler, or start a local cluster."""
        import toolkit.dask as tkd

        self.client = tkd.get_client(self.scheduler)

    def close(self) -> None:
        """Stop a cluster this engine started."""
        if self.client is not None:
            if self.scheduler is None:
                self.client.cluster.close()
            self.client.close()

    def load(self, source, out: Output, *, columns, date_order) -> tuple[object, pd.DataFrame]:
        """Load on the workers into ``out/corpus``."""
        import toolkit.dask as tkd
        from toolkit.dask.io import is_parquet_dataset

        if date_order is not None:
            raise ReportError("--date-order is not supported with --engine dask yet")
        if not isinstance(source, list) and is_parquet_dataset(Path(source)):
            report = pd.DataFrame({c: pd.Series(dtype=object) for c in schema.REPORT})
            return tkd.read_documents(source), report
        folder = out.folder / "corpus"
        report = tkd.ingest(source, folder, overwrite=True, columns=columns)
        out.parquet("corpus/report.parquet", report)
        for path in (folder / "documents").rglob("*"):
            if path.is_file():
                out.track(path)
        return tkd.read_documents(folder / "documents"), report

    def local(self, frame, columns: list[str]) -> pd.DataFrame:
        """Compute the columns."""
        return frame[columns].compute().reset_index(drop=True)

    def annotate(self, stories, lexicon) -> pd.DataFrame:
        """Annotate on the workers; keep the distributed matches for the statistics."""
        import toolkit.dask as tkd

        self._matches = tkd.annotate(stories, lexicon).persist()
        return self._matches.compute().reset_index(drop=True)

    def find_reuse(self, stories) -> pd.DataFrame:
        """Reuse pairs on the workers."""
        import toolkit.dask as tkd

        return tkd.find_reuse(stories, min_similarity=REPORT_MIN_SIMILARITY)

    def texts(self, stories, doc_ids) -> pd.DataFrame:
        """Fetch the texts of a few documents."""
        wanted = list(set(doc_ids))
        return stories[stories["doc_id"].isin(wanted)][_text_columns(stories)].compute()

    def sample_texts(self, stories) -> pd.DataFrame:
        """The first partition's texts."""
        return stories.get_partition(0)[["doc_id", "outlet", "text"]].compute()

    def share_inputs(self, matches, stories) -> tuple[pd.DataFrame, object]:
        """The matches and stories as they are (lengths are counted on the workers)."""
        return matches, stories

    def label_shares(self, matches, stories, **options) -> pd.DataFrame:
        """Label shares from the distributed matches."""
        import toolkit.dask as tkd

        return tkd.label_shares(self._matches, stories, **options)

    def log_odds(self, stories) -> pd.DataFrame:
        """Log-odds on the workers."""
        import toolkit.dask as tkd

        return tkd.log_odds(stories, min_count=2)


def _text_columns(stories) -> list[str]:
    """The columns a match's offsets may refer to (titles are annotated too), with ids and outlets."""
    return ["doc_id", "outlet", *(["title"] if "title" in stories.columns else []), "text"]


def engine_named(engine: str | PandasEngine, scheduler: str | None = None) -> PandasEngine:
    """An engine object from its name (or the object itself)."""
    if isinstance(engine, PandasEngine):
        return engine
    if engine == "pandas":
        return PandasEngine()
    if engine == "dask":
        return DaskEngine(scheduler)
    raise ValueError("engine is 'pandas' or 'dask'")


# ------------------------------------------------------------------- pipeline


@dataclass
class _Steps:
    report: Report
    bar: tqdm
    started: float = field(default_factory=time.perf_counter)

    def run(self, name: str, work: Callable[[], object]) -> object:
        self.bar.set_postfix_str(name)
        begin = time.perf_counter()
        value = work()
        self.report.timings[name] = round(time.perf_counter() - begin, 3)
        self.bar.update()
        return value


def run_report(
    source: str | Path | list,
    out: str | Path,
    *,
    lexicon: str | Path | None = None,
    n_boot: int = 2000,
    seed: int = 0,
    window_days: float = 3,
    progress: bool = True,
    engine: str | PandasEngine = "pandas",
    scheduler: str | None = None,
    columns: dict[str, str] | None = None,
    date_order: str | None = None,
    since: str | pd.Timestamp | None = None,
    until: str | pd.Timestamp | None = None,
    outlets: Sequence[str] | None = None,
    concepts: Sequence[str] | None = None,
    labels: str = "both",
    formats: Sequence[str] = REPORT_FORMATS,
    freq: str | None = None,
    exclude_words: Sequence[str] = (),
    exclude_outlet_names: bool = True,
    kwic_per_cell: int = 3,
    validation: str | Path | Sequence[str | Path] | None = None,
) -> Report:
    """Run the whole pipeline on a corpus and write the report.

    Parameters
    ----------
    source : path or list of paths
        What :func:`toolkit.load_corpus` reads.
    out : path
        Output folder (locked while the report is written; see the module).
    lexicon : path, optional
        A lexicon file (default: the bundled one); read and checked before
        the corpus is loaded.
    n_boot : int
        Bootstrap resamples for the label shares.
    seed : int
        Seed of every random step.
    window_days : float
        Time window of events.
    progress : bool
        Show progress bars (steps; pairs aligned; resamples drawn).
    engine : {"pandas", "dask"} or engine object
        Where the heavy steps run (:class:`PandasEngine`, :class:`DaskEngine`).
    scheduler : str, optional
        Dask scheduler address; without one a local cluster is started.
    columns : dict, optional
        Field → column name of record files (``{"text": "body"}``).
    date_order : {"dmy", "mdy", "ymd"}, optional
        Order of numeric dates in record files (passed to the loader).
    since, until : date, optional
        Keep articles published in this range (inclusive; undated articles
        are dropped when either is given).
    outlets : list of str, optional
        Keep these outlets only.
    concepts : list of str, optional
        Analyse these lexicon concepts only.
    labels : {"ar", "en", "both"}
        Display labels in the figures.
    formats : sequence of str
        Figure formats. PNG is always written (the page shows it, at
        :data:`REPORT_DPI`); ``("png", "pdf")`` adds print-ready PDFs with
        embedded fonts (they double the figure step's time, which is most of
        a small corpus's report).
    freq : str, optional
        Period of the timeline (``"D"``, ``"W"``, ``"M"``; default: from the
        span of the dates).
    exclude_words : sequence of str
        Words not labelled in the log-odds figures.
    exclude_outlet_names : bool
        Leave the words of the outlets' own names unlabelled in the
        log-odds figures (default): the outlet names as the corpus gives
        them, and the Arabic spellings in :data:`OUTLET_NAMES` of those
        present («بي بي سي» for BBC). An outlet's name is its most
        distinctive "word" and says nothing about its framing. The words
        stay in the statistics (``tables/log_odds.csv``) and are listed in
        each figure's provenance; False labels them like any other word.
    kwic_per_cell : int
        Lines of the keyword-in-context sample per outlet × label.
    validation : path or list of paths, optional
        Coded sheets (one per coder): adds agreement, precision per variant
        and corrected shares to the page (see
        :func:`toolkit.validate.validation_report`); without them the page
        says that no validation was supplied. Pandas engine only.

    Returns
    -------
    Report

    Raises
    ------
    toolkit.yamlio.YamlError
        A lexicon mistake (all of them), before the corpus is loaded.
    NothingLoadedError
        No article loaded, or none left after the filters.
    ReportLockedError
        Another run is writing into ``out``.
    """
    lex = load_lexicon(lexicon)  # its mistakes before the (long) load
    chosen = _chosen_concepts(lex, concepts)
    formats = tuple(dict.fromkeys(["png", *formats]))
    runner = engine_named(engine, scheduler)
    if validation is not None and runner.name == "dask":
        raise ReportError("validation (--validation) works with the pandas engine only")
    report = Report(Path(out))
    with Output(out) as output:
        bar = tqdm(total=10, desc="framing report", disable=not progress, unit="step")
        steps = _Steps(report, bar)
        runner.start()
        try:
            _pipeline(
                source, output, report, steps, runner, lex, chosen,
                n_boot=n_boot, seed=seed, window_days=window_days, progress=progress, columns=columns,
                date_order=date_order, since=since, until=until, outlets=outlets, labels=labels,
                formats=formats, freq=freq, exclude_words=exclude_words, kwic_per_cell=kwic_per_cell,
                validation=validation, exclude_outlet_names=exclude_outlet_names,
            )  # fmt: skip
        finally:
            bar.close()
            runner.close()
    return report


def _chosen_concepts(lex, concepts: Sequence[str] | None) -> list[str]:
    known = list(lex.concepts)
    if not concepts:
        return known
    unknown = [c for c in concepts if c not in known]
    if unknown:
        raise ReportError(f"unknown concept(s) {', '.join(unknown)}; the lexicon has {', '.join(known)}")
    return list(concepts)


def _pipeline(source, output: Output, report: Report, steps: _Steps, runner: PandasEngine, lex,
              chosen: list[str], *, n_boot, seed, window_days, progress, columns, date_order, since, until,
              outlets, labels, formats, freq, exclude_words, kwic_per_cell,
              validation, exclude_outlet_names=True) -> None:  # fmt: skip
    documents, load_report = steps.run(
        "load", lambda: runner.load(source, output, columns=columns, date_order=date_order)
    )
    stories = documents[documents["role"] == schema.ROLE_MAIN]
    stories = stories.assign(outlet=stories["outlet"].fillna(UNKNOWN_OUTLET))
    n_loaded = len(runner.local(stories, ["doc_id"]))
    if n_loaded == 0:
        raise NothingLoadedError(_nothing_loaded(load_report))
    stories = _select(stories, since=since, until=until, outlets=outlets)
    light = runner.local(stories, ["doc_id", "outlet", "published", "title"])
    if light.empty:
        raise NothingLoadedError(
            f"{n_loaded} articles loaded, none left after the filters (--since/--until/--outlets)"
        )
    if len(light) < n_loaded:
        report.notes.append(
            f"{n_loaded - len(light)} of {n_loaded} articles were left out by the date and outlet filters."
        )
    provenance = {
        "corpus": {"source": str(source), "documents_sha256": content_hash(light), "n": len(light)},
        "lexicon": {"name": lex.name, "source": lex.source, "sha256": lex.sha256},
        "seed": seed,
        "engine": runner.name,
        "filters": {"since": str(since) if since else None, "until": str(until) if until else None,
                    "outlets": list(outlets) if outlets else None, "concepts": chosen},
    }  # fmt: skip

    matches = steps.run("annotate", lambda: runner.annotate(stories, lex))
    matches = matches[matches["concept"].astype(str).isin(chosen)].reset_index(drop=True)
    output.parquet("matches.parquet", matches)
    pairs = steps.run("reuse pairs", lambda: runner.find_reuse(stories))
    report.tables["reuse_pairs"] = output.csv("tables/reuse_pairs.csv", pairs)
    clusters = reuse_clusters(pairs, light)
    report.tables["reuse_clusters"] = output.csv("tables/reuse_clusters.csv", clusters)
    subs = steps.run("substitutions", lambda: _substitutions(runner, stories, pairs, lex, progress))
    report.tables["substitutions"] = output.csv("tables/substitutions.csv", subs)
    matrix = substitution_matrix(subs)
    matrix = matrix[matrix["concept"].astype(str).isin(chosen)]
    report.tables["substitution_matrix"] = output.csv("tables/substitution_matrix.csv", matrix)
    if runner.has_events:
        events = steps.run("events", lambda: runner.events(stories, window_days))
        light = light.assign(event_id=np.asarray(events))
        report.tables["events"] = output.csv("tables/events.csv", light)
    else:
        steps.run("events", lambda: None)
        report.notes.append(
            "Event clustering is left out with the Dask engine (it needs every text in one place)."
        )

    # Concepts with hits that count (a concept whose hits are all out of scope has no shares).
    counting = counted(matches)
    present = [c for c in chosen if (counting["concept"].astype(str) == c).any()]
    absent = [c for c in chosen if c not in present]
    if absent:
        names = concept_names(lex, labels="en")
        report.notes.append(
            "No article mentions "
            + ", ".join(f"«{names.get(c, c)}»" for c in absent)
            + " in scope (hits outside their scope are not counted); they have no figures."
        )
    shares = steps.run(
        "label shares",
        lambda: _shares(runner, report, matches, stories, present, n_boot=n_boot, seed=seed, reuse=clusters,
                        progress=progress, lexicon=lex),
    )  # fmt: skip
    report.tables["label_shares"] = output.csv("tables/label_shares.csv", shares)
    multiple = light["outlet"].nunique() > 1
    odds = steps.run("log-odds", lambda: runner.log_odds(stories) if multiple else pd.DataFrame())
    if len(odds):
        report.tables["log_odds"] = output.csv("tables/log_odds.csv", odds)

    context = _Context(output, report, provenance, lex, labels, formats, n_boot)
    steps.run(
        "figures",
        lambda: _figures(context, runner, stories, light, matches, shares, odds, pairs, matrix,
                         freq=freq, exclude_words=exclude_words, seed=seed,
                         exclude_outlet_names=exclude_outlet_names),
    )  # fmt: skip
    lines = steps.run(
        "evidence",
        lambda: kwic_sample(
            runner.texts(stories, _sample_ids(matches, light, kwic_per_cell, seed)), matches,
            per_cell=kwic_per_cell, seed=seed,
        ),
    )  # fmt: skip
    names = variant_names(lex, labels=labels)
    output.text("kwic.html", kwic_to_html(lines, title="Labels in context: a stratified sample", names=names))
    section, tables = steps.run(
        "validation",
        lambda: validation_report(
            validation, matches, stories, folder=output.folder, concepts=chosen, n_boot=n_boot, seed=seed,
            reuse=clusters, provenance=provenance, lexicon=lex, labels=labels,
        ),
    )  # fmt: skip
    for name, path in tables.items():
        report.tables[name] = output.track(path)
    for path in sorted((output.folder / "figures").glob("corrected_shares_*")):
        output.track(path)  # written by the validation section, removed by the next run if stale
    report.timings["total"] = round(time.perf_counter() - steps.started, 3)
    output.text(
        "index.html",
        _index(report, load_report, light, matches, shares, lines, lex, labels, n_boot, output, subs,
               validation=section),
    )  # fmt: skip


def _nothing_loaded(load_report: pd.DataFrame) -> str:
    rejected = load_report[load_report["status"] == schema.STATUS_REJECTED]
    if load_report.empty:
        return "nothing loaded: no input file found"
    reasons = rejected["reason"].astype(str).value_counts()
    first = f" (most common reason: {reasons.index[0]})" if len(reasons) else ""
    if "columns=" in first:
        first += "; on the command line: --columns text=<column>"
    return f"nothing loaded: {len(load_report)} inputs, {len(rejected)} rejected{first}"


def _select(stories, *, since, until, outlets):
    mask = None

    def both(a, b):
        return b if a is None else a & b

    if since is not None:
        mask = both(mask, stories["published"] >= pd.Timestamp(since, tz="UTC"))
    if until is not None:
        # A date alone means the whole day.
        end = pd.Timestamp(until, tz="UTC")
        if end == end.normalize() and len(str(until)) <= 10:
            end = end + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
        mask = both(mask, stories["published"] <= end)
    if outlets:
        mask = both(mask, stories["outlet"].isin(list(outlets)))
    return stories if mask is None else stories[mask]


def _substitutions(runner: PandasEngine, stories, pairs: pd.DataFrame, lex, progress: bool) -> pd.DataFrame:
    if pairs.empty:
        return pd.DataFrame(columns=list(schema.SUBSTITUTION_COLUMNS))
    texts = runner.texts(stories, set(pairs["doc_id_a"]) | set(pairs["doc_id_b"]))
    # One call over all pairs: which words are rare (what tells one text
    # from a template) is decided over all the pairs' documents, so batches
    # would make the result depend on the order of the pairs.
    with tqdm(total=len(pairs), desc="pairs aligned", disable=not progress, unit="pair", leave=False) as bar:
        table = substitutions(texts, pairs, lex)
        bar.update(len(pairs))
    return table


def _shares(runner, report: Report, matches, stories, concepts, *, n_boot, seed, reuse, progress, lexicon):
    tables = []
    with (
        warnings.catch_warnings(record=True) as caught,
        tqdm(total=n_boot * len(concepts), desc="resamples drawn", disable=not progress, leave=False) as bar,
    ):
        warnings.simplefilter("always", ShareWarning)
        matches, stories = runner.share_inputs(matches, stories)
        for concept in concepts:
            # One concept's matches: the shares read nothing else.
            own = matches[matches["concept"].astype(str) == concept]
            table = runner.label_shares(own, stories, concept=concept, n_boot=n_boot, seed=seed, reuse=reuse)
            tables.append(table.assign(concept=concept))
            bar.update(n_boot)
    other = sorted({str(w.message) for w in caught if not issubclass(w.category, ShareWarning)})
    report.notes += other
    if not tables:
        return pd.DataFrame(columns=["outlet", *schema.SHARE_COLUMNS, "concept"])
    table = pd.concat(tables, ignore_index=True)
    report.notes += _share_sentences(table, lexicon)
    return table


def _share_sentences(table: pd.DataFrame, lexicon) -> list[str]:
    """The label-share warnings as sentences, one per concept and kind."""
    names = concept_names(lexicon, labels="en")
    sentences = []
    totals = table.groupby(["concept", "outlet"], sort=False)["n_mentions"].sum()
    for concept, part in totals.groupby(level="concept", sort=False):
        silent = [str(o) for (_, o), n in part.items() if n == 0]
        if silent:
            sentences.append(
                f"«{names.get(concept, concept)}» is not mentioned by {_join(silent)}; "
                "no shares are shown for them."
            )
    mentioned = table["n_mentions"].groupby([table["concept"], table["outlet"]]).transform("sum") > 0
    shaky = table[table["unreliable"].fillna(False).astype(bool) & mentioned]
    used = table[mentioned]
    variants = variant_names(lexicon, labels="en")
    if len(shaky):
        sentences.append(
            "Hollow dots mark unreliable intervals: fewer than 2 articles use the concept, an effective "
            f"sample under {MIN_EFFECTIVE_SIZE:g} articles, or an interval wider than {MAX_WIDTH:g}. "
            "Rare labels are the usual cause:"
        )
    for concept, part in shaky.groupby("concept", sort=False):
        # The labels with the most unreliable rows.
        worst = part["variant"].astype(str).value_counts().index[:3]
        shown = _join([f"«{variants.get((concept, v), v)}»" for v in worst])
        total = int((used["concept"] == concept).sum())
        sentences.append(
            f"«{names.get(concept, concept)}»: {len(part)} of {total} shares, mostly of {shown}."
        )
    return sentences


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _sample_ids(matches: pd.DataFrame, light: pd.DataFrame, per_cell: int, seed: int) -> set:
    from toolkit.plot.kwic_export import sample_matches

    outlets = light.set_index("doc_id")["outlet"]
    return set(sample_matches(matches, outlets, per_cell=per_cell, seed=seed)["doc_id"])


# -------------------------------------------------------------------- figures


@dataclass
class _Context:
    output: Output
    report: Report
    provenance: dict
    lexicon: object
    labels: str
    formats: tuple[str, ...]
    n_boot: int

    def figure(self, name: str, fig, caption: str, parameters: dict | None = None) -> None:
        record = {**self.provenance, "parameters": parameters or {}, "caption": caption}
        target = self.output.folder / "figures" / name
        written = save(fig, target, provenance=record, formats=self.formats, dpi=REPORT_DPI)
        plt.close(fig)
        for path in written.values():
            self.output.track(path)
        self.report.figures[name] = written
        self.report.captions[name] = caption


def _figures(ctx: _Context, runner, stories, light, matches, shares, odds, pairs, matrix, *, freq,
             exclude_words, seed, exclude_outlet_names=True) -> None:  # fmt: skip
    names = concept_names(ctx.lexicon, labels="en")
    if len(shares):
        order = (
            shares.groupby("concept", sort=False)["n_mentions"]
            .sum()
            .sort_values(ascending=False)
            .index.tolist()
        )
        for page, chunk in enumerate(_pages(shares, order)):
            part = shares[shares["concept"].isin(chunk)]
            fig = plot_label_shares(part, lexicon=ctx.lexicon, labels=ctx.labels, concepts=chunk)
            n_docs = (
                int(part.groupby("outlet")["group_docs"].max().sum()) if "group_docs" in part else len(light)
            )
            ctx.figure(
                f"label_shares_{page + 1}", fig,
                "Which label each outlet uses. Each panel is one concept ("
                + ", ".join(names.get(c, c) for c in chunk)
                + "): a dot is the share of one label among the outlet's mentions of the concept, the "
                "whisker its 95% interval (Clopper–Pearson on the effective number of articles, which allows "
                "for several mentions in one article: Korn & Graubard 1998; copies of one republished text "
                "count once). Read a panel across: further right, that label is used more. Each panel's "
                "axis is fitted to its data. The number after an outlet is its mentions of the concept; "
                "hollow dots: unreliable intervals (fewer than 2 articles use the concept, an effective "
                f"sample under {MIN_EFFECTIVE_SIZE:g} articles, or an interval wider than {MAX_WIDTH:g}). "
                f"n = {n_docs} articles after the copies of each republished text are merged into one "
                f"(of {len(light)} analysed).",
                {"interval": "design-effect", "reuse": "copies counted once", "concepts": chunk},
            )  # fmt: skip
    if len(odds):
        texts = runner.sample_texts(stories)
        own = _outlet_words(light["outlet"].unique()) if exclude_outlet_names else set()
        skip = own | {normalize(w, level="search") for w in exclude_words} | set(exclude_words)
        for k, outlet in enumerate(sorted(light["outlet"].unique(), key=str)):
            rows = odds[odds["group"] == outlet]
            if rows.empty:
                continue
            shown = pd.concat([rows.nlargest(40, "z"), rows.nsmallest(40, "z")])["term"]
            forms = written_forms(texts, shown, seed=seed)
            fig = plot_log_odds(odds, group=outlet, forms=forms, exclude=skip)
            n = int((light["outlet"] == outlet).sum())
            ctx.figure(
                f"log_odds_{k + 1:02d}", fig,
                f"Words that set {outlet} ({_articles(n)}) apart from the other outlets "
                f"({_articles(len(light) - n)}): weighted log-odds with an informative Dirichlet prior "
                "(Monroe et al. 2008). Each grey dot is a word; up: used more by this outlet, down: less; "
                "dashed lines at z = ±1.96. Labelled: the 10 most distinctive words each way, in their "
                "most frequent spelling"
                + (
                    "; the words of the outlets' own names (also in Arabic, such as «بي بي سي» for BBC)"
                    + (" and the words asked to be excluded" if exclude_words else "")
                    + " are not labelled."
                    if exclude_outlet_names
                    else "; words asked to be excluded are not labelled." if exclude_words else "."
                ),
                {"group": outlet, "prior": "informative", "excluded": sorted(skip)},
            )  # fmt: skip
    dated = light[light["published"].notna()]
    if len(dated) and len(matches):
        # The most mentioned concept whose labels compete (two or more in use).
        used = matches.groupby("concept", observed=True).agg(n=("variant", "size"), k=("variant", "nunique"))
        used = used[used["k"] >= 2].sort_values("n", ascending=False)
        concept = str(used.index[0]) if len(used) else str(matches["concept"].value_counts().index[0])
        period = freq or _frequency(dated["published"])
        timeline = label_use_over_time(matches, dated, concept=concept, freq=period)
        if timeline["period"].nunique() >= 2:
            fig = plot_label_timeline(timeline, lexicon=ctx.lexicon, labels=ctx.labels, concept=concept)
            word = {"D": "day", "W": "week", "M": "month", "MS": "month", "Y": "year"}.get(period, period)
            ctx.figure(
                "timeline", fig,
                f"How each outlet's labels for «{names.get(concept, concept)}» (the most mentioned concept "
                "with competing labels) "
                f"change over time: per {word}, the share of each label among the outlet's mentions, "
                "stacked to 1; one panel per outlet, its mentions in brackets. The time axis covers the "
                "central 98% of the mentions; what lies outside is counted under the panels. "
                f"n = {int(timeline['n_mentions'].sum())} mentions.",
                {"concept": concept, "freq": period},
            )  # fmt: skip
    if len(pairs):
        edges = directed_edges(pairs, light)
        fig = plot_reuse_network(edges)
        within = int(edges.loc[edges["outlet_a"] == edges["outlet_b"], "n_pairs"].sum())
        ctx.figure(
            "reuse_network", fig,
            "Who republished whom: an arrow runs from the outlet of the likely original (the earlier "
            "article) to the outlet of the copy; its width and number are document pairs. Pairs inside "
            f"one outlet are counted beside its name, not drawn. n = {len(pairs)} pairs ({within} within "
            "one outlet).",
        )  # fmt: skip
    if len(matrix):
        fig = plot_substitutions(
            matrix, lexicon=ctx.lexicon, labels=ctx.labels, max_panels=SUBSTITUTION_PANELS
        )
        changes = int(matrix.loc[matrix["a_variant"] != matrix["b_variant"], "n"].sum())
        ctx.figure(
            "substitutions", fig,
            "What copies changed: for each concept, the label in the original (first) and in the copy "
            "(after the arrow), and the outlets from original to copy. Orange bars: the copy changed the "
            "label; grey bars, apart: the copy kept the label and changed its wording (e.g. an added "
            f"adjective). n = {changes} label changes and {int(matrix['n'].sum()) - changes} rewordings "
            f"in {len(pairs)} republished pairs. At most {SUBSTITUTION_PANELS} concepts (most label changes "
            "first) and a few rows each are drawn; every edit is in tables/substitution_matrix.csv.",
        )  # fmt: skip


#: Arabic spellings of outlets' names, keyed by the name folded to lower-case
#: letters and digits (``"Sky News"`` → ``"skynews"``). Their words are left
#: unlabelled in the log-odds figures (``exclude_outlet_names=``) when the
#: outlet is in the corpus: an app-promo line «تطبيق بي بي سي» makes «بي» BBC's
#: "most distinctive word". Only outlets present count, so «روسيا» stays a
#: word unless RT is analysed; a name's generic words («عربي» of «بي بي سي
#: عربي») are not listed, since they are words the outlets write.
OUTLET_NAMES: dict[str, tuple[str, ...]] = {
    "bbc": ("بي بي سي",),
    "bbcarabic": ("بي بي سي",),
    "cnn": ("سي ان ان", "سي إن إن"),
    "cnnarabic": ("سي ان ان", "سي إن إن"),
    "skynews": ("سكاي نيوز",),
    "skynewsarabia": ("سكاي نيوز",),
    "france24": ("فرانس 24", "فرانس ٢٤"),
    "alarabia": ("العربية", "العربية نت"),
    "alarabiya": ("العربية", "العربية نت"),
    "aljazeera": ("الجزيرة", "الجزيرة نت"),
    "rt": ("روسيا اليوم", "آر تي"),
    "rtarabic": ("روسيا اليوم", "آر تي"),
    "dw": ("دويتشه فيله",),
    "spa": ("واس",),
    "afp": ("فرانس برس", "أ ف ب"),
    "reuters": ("رويترز",),
}


def _pages(shares: pd.DataFrame, order: list[str]) -> list[list[str]]:
    """Concepts per page of label shares: two panels a row, as many rows as fit a journal page.

    A row is as tall as its panel with the most labels (``plot_label_shares``
    gives each label room), so a page of many-label concepts holds fewer rows.
    """
    from toolkit.plot.shares import panel_inches

    n_groups = shares["outlet"].nunique()
    labels = shares.groupby("concept", sort=False)["variant"].nunique()
    pages: list[list[str]] = [[]]
    height = 0.0
    for start in range(0, len(order), 2):
        row = order[start : start + 2]
        tall = max(panel_inches(n_groups, int(labels[c])) for c in row)
        if pages[-1] and (height + tall > PAGE_INCHES or len(pages[-1]) >= PANELS_PER_PAGE):
            pages.append([])
            height = 0.0
        pages[-1].extend(row)
        height += tall
    return pages


def _articles(n: int) -> str:
    return f"{n} article" + ("" if n == 1 else "s")


def _outlet_words(outlets) -> set[str]:
    """Words of these outlets' names, as given and in their Arabic spellings (search-normalized).

    >>> sorted(_outlet_words(["BBC", "الجزيرة"]))
    ['bbc', 'الجزيره', 'بي', 'سي']
    """
    words = set()
    for outlet in outlets:
        key = re.sub(r"[\W_]+", "", str(outlet).lower())
        for name in (str(outlet), *OUTLET_NAMES.get(key, ())):
            for word in re.findall(r"\w+", normalize(name, level="search")):
                words.add(word)
                words.add(word.lower())
    return words


def _frequency(published: pd.Series) -> str:
    low, high = published.quantile([0.01, 0.99])
    days = (high - low).days
    return "D" if days <= 45 else "W" if days <= 550 else "M"


# ----------------------------------------------------------------------- page


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:1000px;margin:auto;padding:0 1em;line-height:1.45;"
    "color:#222}"
    " nav ol{columns:2} figure{margin:1.5em 0} figure img{max-width:100%;height:auto;border:1px solid #eee}"
    " figcaption{font-size:90%;color:#333;max-width:46em} table.t{border-collapse:collapse;font-size:90%}"
    " table.t td,table.t th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left}"
    " details{margin:.6em 0} summary{cursor:pointer;font-weight:600} .ar{font-family:'Amiri',serif}"
    " .warn{background:#fff7e6;border-left:4px solid #E69F00;padding:.3em 1em} .muted{color:#666}"
)


def _figure_html(report: Report, name: str) -> str:
    files = report.figures[name]
    png = files["png"]
    width = _png_width(png)
    links = " · ".join(
        f'<a href="{files[f].relative_to(report.folder).as_posix()}">{f.upper()}</a>'
        for f in ("pdf", "svg")
        if f in files
    )
    prov = files["provenance"].relative_to(report.folder).as_posix()
    # Shown at the figure's size in inches (PNG pixels over the dpi it was
    # saved at) times 110 CSS px per inch, whatever that dpi.
    style = f' style="width:{round(width / REPORT_DPI * 110)}px"' if width else ""
    return (
        f'<figure id="{name}"><img src="{png.relative_to(report.folder).as_posix()}"{style} '
        f'alt="{html.escape(report.captions[name][:120])}">'
        f"<figcaption>{html.escape(report.captions[name])} "
        f'<span class="muted">{links}{" · " if links else ""}<a href="{prov}">provenance</a></span>'
        "</figcaption></figure>"
    )


def _png_width(path: Path) -> int | None:
    with open(path, "rb") as handle:
        head = handle.read(24)
    return struct.unpack(">I", head[16:20])[0] if head[:8] == b"\x89PNG\r\n\x1a\n" else None


def _index(
    report: Report,
    load_report,
    light,
    matches,
    shares,
    lines,
    lex,
    labels,
    n_boot,
    output,
    subs,
    *,
    validation: str = "",
) -> str:
    sections: list[tuple[str, str, str]] = []
    loaded = int((load_report["status"] == schema.STATUS_LOADED).sum())
    rejected = load_report[load_report["status"] == schema.STATUS_REJECTED]
    per_outlet = light.groupby("outlet").agg(articles=("doc_id", "size"), first=("published", "min"),
                                             last=("published", "max"))  # fmt: skip
    per_outlet["mentions"] = (
        matches.assign(outlet=matches["doc_id"].map(light.set_index("doc_id")["outlet"]))
        .groupby("outlet")
        .size()
        .reindex(per_outlet.index, fill_value=0)
    )
    for col in ("first", "last"):
        per_outlet[col] = per_outlet[col].dt.strftime("%Y-%m-%d")
    dated = light["published"].notna()
    summary = (
        f"<p>{len(light)} articles from {light['outlet'].nunique()} outlets "
        f"({int((~dated).sum())} without a date); {len(matches)} mentions of "
        f"{matches['concept'].nunique()} concepts of the lexicon «{html.escape(lex.name)}». "
        f"Inputs: {len(load_report)}, {loaded} loaded, {len(rejected)} rejected.</p>"
        '<div class="ar" dir="auto">'
        f"{per_outlet.reset_index().to_html(index=False, classes='t', na_rep='–')}</div>"
    )
    if report.notes:
        summary += (
            f'<div class="warn"><details><summary>{len(report.notes)} things to know before reading the '
            "figures</summary><ul>"
            + "".join(f"<li>{html.escape(n)}</li>" for n in report.notes)
            + "</ul></details></div>"
        )
    sections.append(("summary", "What was analysed", summary))

    def figures(prefix: str) -> str:
        return "".join(_figure_html(report, n) for n in report.figures if n.startswith(prefix))

    sections.append((
        "labels", "Who uses which label",
        "<p>Each lexicon concept (a thing that can be named several ways) and how often each outlet uses "
        "each "
        'label for it. Table: <a href="tables/label_shares.csv">label_shares.csv</a>.</p>'
        + (figures("label_shares") or "<p>No concept of the lexicon is mentioned.</p>"),
    ))  # fmt: skip
    # The validation section comes whole (its own <section> and heading).
    inner = re.sub(r'^\s*<section id="validation"><h2>[^<]*</h2>|</section>\s*$', "", validation)
    sections.append(("validation", "Does the lexicon measure what it claims?", inner))
    sections.append((
        "words", "What differs significantly",
        "<p>The words that distinguish each outlet's articles from the others'. "
        + (
            'Table: <a href="tables/log_odds.csv">log_odds.csv</a>.</p>'
            if "log_odds" in report.tables
            else "</p>"
        )
        + (figures("log_odds") or "<p>Only one outlet: nothing to compare.</p>"),
    ))  # fmt: skip
    sections.append((
        "time", "Label use over time",
        figures("timeline") or "<p>Too few dated articles for a timeline.</p>",
    ))  # fmt: skip
    n_changes = int(subs["label_change"].fillna(False).astype(bool).sum()) if len(subs) else 0
    sections.append((
        "reuse", "What was republished and changed",
        "<p>Texts that appear in several articles (reuse pairs) and the edits between them; "
        f"{n_changes} edit{'s' * (n_changes != 1)} "
        'changed a label. Tables: <a href="tables/reuse_pairs.csv">reuse_pairs.csv</a>, '
        '<a href="tables/substitutions.csv">substitutions.csv</a>.</p>'
        + (figures("reuse_network") + figures("substitutions") or "<p>No republished text was found.</p>"),
    ))  # fmt: skip
    sections.append((
        "topics", "Topics",
        "<p>Topic models are not part of this command (they need the optional <code>topics</code> "
        "extra and choices a reader should see). Fit them in a notebook with "
        "<code>toolkit.fit_topics</code>; <code>toolkit.plot.plot_topic_prevalence</code> and "
        "<code>plot_topics_over_time</code> draw them.</p>",
    ))  # fmt: skip
    names = variant_names(lex, labels=labels)
    concept_text = concept_names(lex, labels=labels)
    most = int(lines.groupby(["concept", "variant", "outlet"]).size().max()) if len(lines) else 0
    evidence = [
        "<p>A stratified sample of the matches: up to "
        f"{most} per outlet "
        "and label, drawn with the report's seed, so that every outlet and label can be checked by eye. "
        "The keyword stands in the middle column; read each line right to left. Greyed lines were found "
        'but are out of their scope (not counted). The same sample: <a href="kwic.html">kwic.html</a>; every '
        'match: <a href="matches.parquet">matches.parquet</a>.</p>'
    ]
    for concept, part in lines.groupby("concept", sort=False):
        evidence.append(
            "<details><summary>"
            f"{html.escape(concept_text.get(concept, readable(concept)))} ({len(part)} lines)"
            f"</summary>{kwic_to_html(part, names=names, fragment=True)}</details>"
        )
    sections.append(("evidence", "Evidence: labels in context", "".join(evidence)))
    load = f"<p>{len(load_report)} inputs: {loaded} loaded, {len(rejected)} rejected.</p>"
    if len(rejected):
        reasons = rejected["reason"].astype(str).value_counts().head(10)
        load += "<ul>" + "".join(f"<li>{n} × {html.escape(r)}</li>" for r, n in reasons.items()) + "</ul>"
        load += rejected[["path", "record", "reason"]].head(50).to_html(index=False, classes="t", escape=True)
    load += '<p>Corpus tables (Parquet): <a href="corpus/">corpus/</a>.</p>'
    sections.append(("load", "Load report", load))
    timing = "".join(
        f"<tr><td>{html.escape(k)}</td><td>{v:.1f} s</td></tr>" for k, v in report.timings.items()
    )
    files = "".join(
        f'<li><a href="{p.relative_to(report.folder).as_posix()}">{html.escape(n)}</a></li>'
        for n, p in report.tables.items()
    )
    sections.append((
        "files", "Files, provenance and timings",
        f"<ul>{files}</ul><p>Each figure has a provenance record (data hashes, lexicon, seed, package "
        f'versions). Every file this report wrote is listed in <a href="{MANIFEST}">{MANIFEST}</a>.</p>'
        f'<table class="t"><tr><th>step</th><th>wall time</th></tr>{timing}</table>',
    ))  # fmt: skip
    toc = "".join(f'<li><a href="#{key}">{html.escape(title)}</a></li>' for key, title, _ in sections)
    body = "".join(f'<section id="{key}"><h2>{html.escape(title)}</h2>{content}</section>'
                   for key, title, content in sections)  # fmt: skip
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Framing report</title>'
        f"<style>{_CSS} {KWIC_CSS.replace('body{', '.kwicbody{')}</style></head><body>"
        f"<h1>Framing report</h1><nav><ol>{toc}</ol></nav>{body}</body></html>\n"
    )

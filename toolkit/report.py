"""The one-command framing report: load → annotate → reuse and events → statistics → figures.

Writes, into one folder, the corpus tables, the matches, the statistics as
CSV, every figure as PDF/SVG/PNG with its provenance record, and an
``index.html`` that shows them with the load report.
"""

from __future__ import annotations

import html
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from tqdm.auto import tqdm

from toolkit.annotation import annotate, kwic
from toolkit.compare import ShareWarning, label_shares, log_odds
from toolkit.compare.timeline import label_use_over_time
from toolkit.events import cluster_events
from toolkit.lexicon import load_lexicon
from toolkit.load import load_corpus
from toolkit.plot import (
    content_hash,
    kwic_to_html,
    plot_label_shares,
    plot_label_timeline,
    plot_log_odds,
    plot_reuse_network,
    plot_substitution_matrix,
    save,
)
from toolkit.reuse import find_reuse, reuse_clusters, substitution_matrix, substitutions
from toolkit.reuse.network import outlet_edges

UNKNOWN_OUTLET = "(unknown outlet)"


@dataclass
class Report:
    """What the report wrote: tables (name → path) and figures (name → paths)."""

    folder: Path
    tables: dict[str, Path] = field(default_factory=dict)
    figures: dict[str, dict[str, Path]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _table(report: Report, name: str, frame: pd.DataFrame) -> pd.DataFrame:
    path = report.folder / "tables" / f"{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    report.tables[name] = path
    return frame


def _figure(report: Report, name: str, fig, provenance: dict) -> None:
    report.figures[name] = save(fig, report.folder / "figures" / name, provenance=provenance)
    plt.close(fig)


def run_report(
    source: str | Path | list,
    out: str | Path,
    *,
    lexicon: str | Path | None = None,
    n_boot: int = 2000,
    seed: int = 0,
    window_days: float = 3,
    progress: bool = True,
    engine: str = "pandas",
    scheduler: str | None = None,
) -> Report:
    """Run the whole pipeline on a corpus and write the report.

    Parameters
    ----------
    source : path or list of paths
        What :func:`toolkit.load_corpus` reads.
    out : path
        Output folder.
    lexicon : path, optional
        A lexicon file (default: the bundled one).
    n_boot : int
        Bootstrap resamples for the label shares.
    seed : int
        Seed of every random step.
    window_days : float
        Time window of reuse pairs and events.
    progress : bool
        Show progress bars.
    engine : {"pandas", "dask"}
        ``"dask"`` loads, annotates, counts and finds reuse on a Dask cluster
        (texts stay on the workers; only small tables come back). Event
        clustering needs every text in one place and is left out there. Raw
        files are loaded on the workers into ``out/corpus`` (Parquet, with
        the load report); a Parquet dataset of documents is read as it is.
    scheduler : str, optional
        Dask scheduler address; without one a local cluster is started.

    Returns
    -------
    Report
    """
    if engine == "dask":
        return _run_dask(source, out, lexicon=lexicon, n_boot=n_boot, seed=seed, progress=progress,
                         scheduler=scheduler)  # fmt: skip
    if engine != "pandas":
        raise ValueError("engine is 'pandas' or 'dask'")
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    report = Report(folder)
    steps = tqdm(total=6, desc="framing report", disable=not progress, unit="step")

    steps.set_postfix_str("loading")
    corpus = load_corpus(source)
    corpus.write(folder / "corpus")
    documents = corpus.documents.assign(outlet=corpus.documents["outlet"].fillna(UNKNOWN_OUTLET))
    stories = documents[documents["role"] == "main"].reset_index(drop=True)
    lex = load_lexicon(lexicon)
    provenance = {
        "corpus": {
            "source": str(source),
            "documents_sha256": content_hash(corpus.documents),
            "n": len(stories),
        },
        "lexicon": {"name": lex.name, "source": lex.source, "sha256": lex.sha256},
        "seed": seed,
    }
    steps.update()

    steps.set_postfix_str("annotating")
    matches = annotate(stories, lex)
    matches.to_parquet(folder / "matches.parquet", index=False)
    steps.update()

    steps.set_postfix_str("reuse and events")
    pairs = _table(report, "reuse_pairs", find_reuse(stories, window_days=None, min_similarity=0.1))
    clusters = _table(report, "reuse_clusters", reuse_clusters(pairs, stories))
    subs = _table(report, "substitutions", substitutions(stories, pairs, lex))
    matrix = _table(report, "substitution_matrix", substitution_matrix(subs))
    stories = stories.assign(event_id=cluster_events(stories, window_days=window_days))
    _table(report, "events", stories[["doc_id", "outlet", "published", "title", "event_id"]])
    steps.update()

    steps.set_postfix_str("statistics")
    concepts = [c for c in lex.concepts if (matches["concept"].astype(str) == c).any()]
    shares_table, odds = _statistics(
        report, concepts,
        shares_of=lambda c: label_shares(
            matches, stories, concept=c, n_boot=n_boot, seed=seed, reuse=clusters
        ),
        odds_of=(lambda: log_odds(stories, min_count=2)) if stories["outlet"].nunique() > 1 else None,
    )  # fmt: skip
    steps.update()

    steps.set_postfix_str("figures")
    _figures(
        report, provenance, shares_table, odds, matrix, pairs, stories, matches, concepts, n_boot, window_days
    )
    steps.update()

    steps.set_postfix_str("index.html")
    lines = kwic(stories, matches.head(200), width=50)
    (folder / "kwic.html").write_text(
        kwic_to_html(lines, title="Labels in context (first 200)"), encoding="utf-8"
    )
    (folder / "index.html").write_text(_index(report, corpus.report, shares_table), encoding="utf-8")
    steps.update()
    steps.close()
    return report


def _statistics(
    report: Report, concepts: list[str], *, shares_of, odds_of
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Label shares of every concept and log-odds, with the warnings kept as notes."""
    shares = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ShareWarning)
        for concept in concepts:
            shares.append(shares_of(concept).assign(concept=concept))
    report.notes += sorted({str(w.message) for w in caught})
    table = _table(report, "label_shares", pd.concat(shares, ignore_index=True) if shares else pd.DataFrame())
    odds = _table(report, "log_odds", odds_of()) if odds_of is not None else pd.DataFrame()
    return table, odds


def _figures(
    report: Report, provenance: dict, shares_table: pd.DataFrame, odds: pd.DataFrame, matrix: pd.DataFrame,
    pairs: pd.DataFrame, stories: pd.DataFrame, matches: pd.DataFrame, concepts: list[str], n_boot: int,
    window_days: float,
) -> None:  # fmt: skip
    """Draw and save every figure of the report (``stories`` needs doc_id, outlet, published)."""
    params = {"n_boot": n_boot, "window_days": window_days, "reuse": "copies counted once"}
    if len(shares_table):
        _figure(report, "label_shares", plot_label_shares(shares_table), {**provenance, "parameters": params})
    outlets = sorted(stories["outlet"].unique())
    for outlet in outlets if len(odds) else []:
        fig = plot_log_odds(odds, group=outlet)
        name = f"log_odds_{outlets.index(outlet):02d}"
        _figure(report, name, fig, {**provenance, "parameters": {"group": outlet, "prior": "informative"}})
    if len(matrix):
        _figure(report, "substitution_matrix", plot_substitution_matrix(matrix), provenance)
    if len(pairs):
        _figure(report, "reuse_network", plot_reuse_network(outlet_edges(pairs, stories)), provenance)
    dated = stories[stories["published"].notna()]
    if "the_dead" in concepts and len(dated):
        timeline = label_use_over_time(matches, dated, concept="the_dead", freq="W")
        if len(timeline) and "martyrs" in set(timeline["variant"]):
            fig = plot_label_timeline(timeline, variant="martyrs")
            _figure(report, "timeline_martyrs", fig, {**provenance, "parameters": {"freq": "W"}})


def _run_dask(
    source, out, *, lexicon, n_boot: int, seed: int, progress: bool, scheduler: str | None
) -> Report:
    import toolkit.dask as tkd
    from toolkit.dask.io import is_parquet_dataset

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    report = Report(folder)
    steps = tqdm(total=5, desc="framing report (dask)", disable=not progress, unit="step")
    client = tkd.get_client(scheduler)
    try:
        steps.set_postfix_str("loading")
        if is_parquet_dataset(Path(source)):
            documents = tkd.read_documents(source)
            load_report = None
            report.notes.append(f"documents read from the Parquet dataset {source} (loaded before)")
        else:
            # Loaded on the workers into Parquet that every later step reads
            # again: texts are never held in the cluster's memory all at once.
            load_report = tkd.ingest(source, folder / "corpus", overwrite=True)
            load_report.to_parquet(folder / "corpus" / "report.parquet", index=False)
            documents = tkd.read_documents(folder / "corpus" / "documents")
        stories = documents[documents["role"] == "main"]
        stories = stories.assign(outlet=stories["outlet"].fillna(UNKNOWN_OUTLET))
        lex = load_lexicon(lexicon)
        light = stories[["doc_id", "outlet", "published", "title"]].compute()
        provenance = {
            "corpus": {"source": str(source), "documents_sha256": content_hash(light), "n": len(light)},
            "lexicon": {"name": lex.name, "source": lex.source, "sha256": lex.sha256},
            "seed": seed,
            "engine": "dask",
        }
        steps.update()
        steps.set_postfix_str("annotating")
        matches_dd = tkd.annotate(stories, lex).persist()
        matches = matches_dd.compute().reset_index(drop=True)
        matches.to_parquet(folder / "matches.parquet", index=False)
        steps.update()
        steps.set_postfix_str("reuse")
        pairs = _table(report, "reuse_pairs", tkd.find_reuse(stories, min_similarity=0.1))
        clusters = _table(report, "reuse_clusters", reuse_clusters(pairs, light))
        involved = set(pairs["doc_id_a"]) | set(pairs["doc_id_b"])
        texts = stories[stories["doc_id"].isin(list(involved))].compute()
        subs = _table(report, "substitutions", substitutions(texts, pairs, lex))
        matrix = _table(report, "substitution_matrix", substitution_matrix(subs))
        report.notes.append("engine dask: event clustering is left out (it needs every text in one place)")
        steps.update()
        steps.set_postfix_str("statistics")
        concepts = [c for c in lex.concepts if (matches["concept"].astype(str) == c).any()]
        shares_table, odds = _statistics(
            report, concepts,
            shares_of=lambda c: tkd.label_shares(matches_dd, stories, concept=c, n_boot=n_boot, seed=seed,
                                                 reuse=clusters),
            odds_of=(lambda: tkd.log_odds(stories, min_count=2)) if light["outlet"].nunique() > 1 else None,
        )  # fmt: skip
        steps.update()
        steps.set_postfix_str("figures")
        _figures(report, provenance, shares_table, odds, matrix, pairs, light, matches, concepts, n_boot, 0)
        first = matches.head(200)
        sample = stories[stories["doc_id"].isin(list(set(first["doc_id"])))].compute()
        (folder / "kwic.html").write_text(kwic_to_html(kwic(sample, first, width=50)), encoding="utf-8")
        if load_report is None:
            load_report = pd.DataFrame({"path": [], "record": [], "status": [], "reason": []})
        (folder / "index.html").write_text(_index(report, load_report, shares_table), encoding="utf-8")
        steps.update()
    finally:
        steps.close()
        if scheduler is None:
            client.cluster.close()
        client.close()
    return report


def _index(report: Report, load_report: pd.DataFrame, shares: pd.DataFrame) -> str:
    loaded = int((load_report["status"] == "loaded").sum())
    rejected = load_report[load_report["status"] == "rejected"]
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Framing report</title>',
        "<style>body{font-family:sans-serif;max-width:1100px;margin:auto} img{max-width:100%} "
        "td,th{padding:2px 8px;border-bottom:1px solid #ddd} .ar{font-family:'Amiri',serif}</style>",
        "</head><body>",
        "<h1>Framing report</h1>",
        f"<h2>Load report</h2><p>{len(load_report)} inputs: {loaded} loaded, {len(rejected)} rejected.</p>",
    ]
    if len(rejected):
        parts.append(rejected[["path", "record", "reason"]].head(50).to_html(index=False, escape=True))
    for note in report.notes:
        parts.append(f"<p><em>{html.escape(note)}</em></p>")
    for name, files in report.figures.items():
        png = files["png"].relative_to(report.folder).as_posix()
        pdf = files["pdf"].relative_to(report.folder).as_posix()
        prov = files["provenance"].relative_to(report.folder).as_posix()
        parts.append(
            f'<h2>{html.escape(name)}</h2><img src="{png}" alt="{html.escape(name)}">'
            f'<p><a href="{pdf}">PDF</a> · <a href="{prov}">provenance</a></p>'
        )
    if len(shares):
        parts.append("<h2>Label shares</h2>")
        cols = ["concept", "outlet", "variant", "n_mentions", "share", "ci_low", "ci_high", "unreliable"]
        parts.append(f'<div class="ar" dir="auto">{shares[cols].round(3).to_html(index=False)}</div>')
    parts.append('<h2>Tables</h2><ul><li><a href="kwic.html">labels in context</a></li>')
    for name, path in report.tables.items():
        parts.append(
            f'<li><a href="{path.relative_to(report.folder).as_posix()}">{html.escape(name)}</a></li>'
        )
    parts.append("</ul></body></html>")
    return "\n".join(parts)

"""Precision and recall of the bundled lexicon, measured on the hand-coded gold sample.

What it prints, per corpus (ANT politics, SaudiNewsNet; both must be present
under ``toolkit.paths``):

* per variant: in-scope hits, the round its precision is reported on, hits
  coded / drawn, precision with a 95 % Wilson interval, and whether the
  acceptance bar applies (≥ 25 distinct in-scope sentences) and is met
  (0.90 on ANT, 0.85 on SaudiNewsNet);
* overall in-scope precision: the variants' precisions weighted by their
  in-scope hits (a stratified estimate), with a normal interval;
* before and after: hits of the old lexicon (``israel_gaza_before.yml``: all
  hits counted, no scopes) against in-scope hits now; the old lexicon's
  precision is the figure stated in issue 12 from its own hand-coded sample
  of 1,592 hits (0.39 ANT, 0.23 SaudiNewsNet), not re-measured here;
* recall per concept from ``recall_*.csv`` where a recall sample was coded.

How the sample is drawn (seeded, per variant, duplicate sentences removed,
round 2 only for redesigned variants) is in ``lexicon_gold_sample.py``. The
draw is rebuilt from the corpora with the current lexicon and matched to the
marks by place; hits the current lexicon draws that were never coded are
counted as ``uncoded`` (``--uncoded FILE`` writes them out for a coder).

Run::

    PYTHONPATH=. nice -n 10 python benchmarks/bench_lexicon_precision.py [--corpus ant] \\
        [--cache /tmp/s12p-cache]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))

import lexicon_gold_sample as gold

import toolkit
from toolkit.annotation.review import wilson_interval

GOLD = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "gold"
BAR = {"ant": 0.90, "snn": 0.85}
OVERALL_BAR = {"ant": 0.95}
NAMES = {"ant": "ANT politics", "snn": "SaudiNewsNet"}
#: Precision of the old lexicon (all hits, no scopes) stated in issue 12,
#: from a hand-coded random sample of 1,592 hits, 25 per variant.
BEFORE = {"ant": (0.39, 26_715), "snn": (0.23, 8_466)}
PLACE = ["doc_id", "field", "start", "variant"]


def marks(corpus: str) -> pd.DataFrame:
    """The committed marks of one corpus."""
    frame = pd.read_csv(GOLD / f"precision_{corpus}.csv", dtype={"doc_id": str, "field": str})
    return frame


def holdout_rounds(corpus: str) -> set[tuple[str, int]]:
    """(variant, round) pairs drawn from the held-out half (``holdout.csv``)."""
    path = GOLD / "holdout.csv"
    if not path.exists():
        return set()
    table = pd.read_csv(path)
    table = table[table["corpus"] == corpus]
    return set(zip(table["variant"].astype(str), table["round"].astype(int), strict=True))


def reported_sample(ranked: pd.DataFrame, coded: pd.DataFrame, *, holdout: set | None = None) -> pd.DataFrame:
    """Each variant's draw in the round its precision is reported on, with its marks.

    The round is the variant's last coded round; round 2+ excludes the
    places coded in earlier rounds, as when it was drawn; a round listed in
    ``holdout`` is drawn from the held-out half (see ``lexicon_gold_sample``).
    """
    parts = []
    for variant, hits in ranked.groupby("variant", observed=True):
        done = coded[coded["variant"] == variant]
        round_ = int(done["round"].max()) if len(done) else 1
        earlier = done[done["round"] < round_] if round_ > 1 else None
        held = (str(variant), round_) in (holdout or set())
        drawn = gold.draw(hits, round_=round_, earlier=earlier, holdout=held)
        parts.append(drawn.assign(report_round=round_))
    sample = pd.concat(parts, ignore_index=True)
    sample["doc_id"] = sample["doc_id"].astype(str)
    sample["field"] = sample["field"].astype(str)
    sample["variant"] = sample["variant"].astype(str)
    keyed = coded.assign(variant=coded["variant"].astype(str))[[*PLACE, "round", "mark", "note"]]
    keyed = keyed.drop_duplicates(PLACE, keep="last")
    return sample.merge(keyed, on=PLACE, how="left")


def precision_table(
    corpus: str, sample: pd.DataFrame, ranked: pd.DataFrame, in_scope: pd.Series, coded_marks: pd.DataFrame
) -> pd.DataFrame:
    """One row per variant: hits, round, coded, precision and Wilson interval, bar.

    ``as_coded`` is the precision of the reported round's marks as they were
    coded, hits the current lexicon no longer counts included; ``tuned`` says
    the lexicon was changed after that round was read (``tuned.csv``), so the
    current figure is optimistic for that variant.
    """
    done = sample[sample["mark"].notna()]
    table = (
        sample.groupby(["concept", "variant"], observed=True)
        .agg(drawn=("start", "size"), report_round=("report_round", "first"))
        .join(
            done.groupby(["concept", "variant"], observed=True).agg(
                coded=("mark", "size"), correct=("mark", "sum")
            )
        )
        .reset_index()
    )
    table[["coded", "correct"]] = table[["coded", "correct"]].fillna(0).astype(int)
    table["in_scope_hits"] = table["variant"].map(in_scope).fillna(0).astype(int)
    table["sentences"] = (
        table["variant"].map(ranked.groupby("variant", observed=True).size()).fillna(0).astype(int)
    )
    table["precision"] = table["correct"] / table["coded"].where(table["coded"] > 0)
    low, high = wilson_interval(table["correct"].to_numpy(), table["coded"].to_numpy())
    table["ci_low"], table["ci_high"] = low, high
    by_round = coded_marks.assign(variant=coded_marks["variant"].astype(str))
    last = by_round.groupby("variant")["round"].transform("max")
    table["as_coded"] = table["variant"].map(
        by_round[by_round["round"] == last].groupby("variant")["mark"].mean()
    )
    # Every round's marks on the hits the lexicon counts now, one per distinct
    # sentence: where all of a variant's sentences are coded (``census``),
    # this is its precision on the whole corpus, with no sampling error, but
    # it mixes rounds read before the last change with fresh ones.
    everything = coded_marks.assign(
        doc_id=coded_marks["doc_id"].astype(str), variant=coded_marks["variant"].astype(str)
    ).drop_duplicates(PLACE, keep="last")
    counted = ranked.assign(
        doc_id=ranked["doc_id"].astype(str),
        field=ranked["field"].astype(str),
        variant=ranked["variant"].astype(str),
    )[PLACE].merge(everything[[*PLACE, "mark"]], on=PLACE, how="left")
    per_variant = counted.groupby("variant").agg(all_coded=("mark", "count"), all_correct=("mark", "sum"))
    table["all_coded"] = table["variant"].map(per_variant["all_coded"]).fillna(0).astype(int)
    table["all_correct"] = table["variant"].map(per_variant["all_correct"]).fillna(0).astype(int)
    table["census"] = table["all_coded"] == table["sentences"]
    tuned = pd.read_csv(GOLD / "tuned.csv")
    tuned = tuned[tuned["corpus"] == corpus].set_index("variant")["after_round"]
    table["tuned"] = table["variant"].map(tuned).ge(table["report_round"]).fillna(False)
    table["bar_applies"] = table["sentences"] >= 25
    table["meets_bar"] = np.where(table["bar_applies"], table["precision"] >= BAR[corpus], pd.NA)
    return table


def overall(table: pd.DataFrame) -> tuple[float, float, float]:
    """Stratified in-scope precision: variants weighted by their in-scope hits."""
    t = table[table["coded"] > 0]
    weight = t["in_scope_hits"] / t["in_scope_hits"].sum()
    p = float((weight * t["precision"]).sum())
    var = float((weight**2 * t["precision"] * (1 - t["precision"]) / t["coded"]).sum())
    return p, max(0.0, p - 1.96 * var**0.5), min(1.0, p + 1.96 * var**0.5)


def recall_table(corpus: str, matches: pd.DataFrame) -> pd.DataFrame | None:
    """Recall per concept: listed instances overlapped by an in-scope hit of the same concept.

    One row per sample (``s1``: the first session's 30 + 12 ANT documents;
    ``s2``: the per-concept sample of ``lexicon_recall_sample.py``), half
    (``tuning``, ``held_out``; ``s1`` was read before the lexicon's last
    revision and counts as tuning) and concept. ``documents`` counts the
    documents with at least one listed instance.
    """
    path = GOLD / f"recall_{corpus}.csv"
    if not path.exists():
        return None
    listed = pd.read_csv(path, dtype={"doc_id": str, "field": str}, keep_default_na=False)
    # Documents read without any instance are listed with start -1.
    listed = listed[listed["start"] >= 0].reset_index(drop=True)
    hits = matches[matches["in_scope"]].assign(doc_id=lambda m: m["doc_id"].astype(str))
    hits = hits.assign(field=hits["field"].astype(str), concept=hits["concept"].astype(str))
    joined = listed.reset_index().merge(
        hits[["doc_id", "field", "concept", "start", "end"]],
        on=["doc_id", "field", "concept"],
        how="left",
        suffixes=("", "_hit"),
    )
    joined["found"] = (joined["start_hit"] < joined["end"]) & (joined["end_hit"] > joined["start"])
    found = joined.groupby("index")["found"].any()
    listed["found"] = found.reindex(listed.index, fill_value=False).to_numpy()
    table = listed.groupby(["sample", "half", "concept"]).agg(
        documents=("doc_id", "nunique"), instances=("found", "size"), found=("found", "sum")
    )
    table["recall"] = table["found"] / table["instances"]
    low, high = wilson_interval(table["found"].to_numpy(), table["instances"].to_numpy())
    table["ci_low"], table["ci_high"] = low, high
    return table.reset_index()


def _old_hits(corpus: str, documents: pd.DataFrame, lexicon, *, cache: str | None) -> int:
    """Hits of the old lexicon (text only, all counted); cached, as neither input changes."""
    path = Path(cache) / f"old_hits_{corpus}_{len(documents)}.txt" if cache else None
    if path is not None and path.exists():
        return int(path.read_text())
    n = len(toolkit.annotate(documents[["doc_id", "text"]], lexicon))
    if path is not None:
        path.write_text(str(n))
    return n


def tune_half(corpus: str, ranked: pd.DataFrame) -> pd.DataFrame | None:
    """Precision on the half a redesigned variant was tuned on (``precision_tune_half.csv``).

    The fresh rounds of ``holdout.csv`` are drawn from the other half; this
    sample, coded the same way after the design was fixed, shows both
    halves side by side. Only hits the lexicon still counts are used.
    """
    path = GOLD / "precision_tune_half.csv"
    if not path.exists():
        return None
    coded = pd.read_csv(path, dtype={"doc_id": str, "field": str})
    coded = coded[coded["corpus"] == corpus]
    if coded.empty:
        return None
    now = ranked.assign(
        doc_id=ranked["doc_id"].astype(str),
        field=ranked["field"].astype(str),
        variant=ranked["variant"].astype(str),
    )[PLACE]
    kept = coded.merge(now, on=PLACE, how="inner")
    table = kept.groupby("variant").agg(coded=("mark", "size"), correct=("mark", "sum")).reset_index()
    table["precision"] = table["correct"] / table["coded"]
    table["ci_low"], table["ci_high"] = wilson_interval(
        table["correct"].to_numpy(), table["coded"].to_numpy()
    )
    return table


def recall_misses(corpus: str, matches: pd.DataFrame, documents: pd.DataFrame, half: str) -> list[str]:
    """The listed instances of one half that no in-scope hit finds, with their context (for a reader)."""
    listed = pd.read_csv(
        GOLD / f"recall_{corpus}.csv", dtype={"doc_id": str, "field": str}, keep_default_na=False
    )
    listed = listed[(listed["start"] >= 0) & (listed["half"] == half)]
    hits = matches[matches["in_scope"]]
    by_id = documents.set_index("doc_id")
    out = []
    for row in listed.itertuples():
        h = hits[
            (hits["doc_id"].astype(str) == row.doc_id)
            & (hits["field"].astype(str) == row.field)
            & (hits["concept"].astype(str) == row.concept)
            & (hits["start"] < row.end)
            & (hits["end"] > row.start)
        ]
        if len(h):
            continue
        text = by_id.at[row.doc_id, row.field]
        context = text[max(0, row.start - 90) : row.start] + "⟦" + text[row.start : row.end] + "⟧"
        context += text[row.end : row.end + 50]
        out.append(f"{row.concept}\t{row.doc_id}\t{' '.join(context.split())}")
    return out


def recall_only(corpora: list[str], cache: Path | None, misses: str | None) -> None:
    """Recall from the recall samples alone: only their documents are annotated (seconds, not minutes).

    Scopes are decided within a document, so annotating the sampled documents
    alone gives the same hits as annotating the corpus.
    """
    lines: list[str] = []
    for corpus in corpora:
        path = cache / f"{corpus}_docs.pkl" if cache else None
        if path is not None and path.exists():
            documents = pd.read_pickle(path)
        else:
            documents = gold.load_documents(corpus)
            if cache:
                cache.mkdir(parents=True, exist_ok=True)
                documents.to_pickle(path)
        listed = pd.read_csv(GOLD / f"recall_{corpus}.csv", dtype={"doc_id": str}, keep_default_na=False)
        sample = documents[documents["doc_id"].astype(str).isin(set(listed["doc_id"]))]
        matches = toolkit.annotate(sample)
        table = recall_table(corpus, matches)
        print(f"\n== {NAMES[corpus]}: recall per concept")
        print(table.to_string(index=False, float_format=lambda x: f"{x:.2f}"))
        if misses:
            lines += [f"{corpus}\t{m}" for m in recall_misses(corpus, matches, sample, "tuning")]
    if misses:
        Path(misses).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _markdown(table: pd.DataFrame) -> str:
    """The per-variant table as Markdown (variants with a coded sample)."""
    lines = [
        "| concept | variant | in-scope hits | coded | precision | 95 % CI | note |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for row in table[table["coded"] > 0].itertuples():
        bar = "" if not row.bar_applies else ("meets bar" if row.meets_bar else "**below bar**")
        notes = [n for n in (f"round {row.report_round}" if row.report_round > 1 else "", bar) if n]
        if row.tuned:
            notes.append(f"tuned after coding (as coded {row.as_coded:.2f})")
        if not row.bar_applies:
            notes.append("< 25 sentences")
        lines.append(
            f"| {row.concept} | {row.variant} | {row.in_scope_hits} | {row.coded} | {row.precision:.2f} | "
            f"{row.ci_low:.2f}–{row.ci_high:.2f} | {'; '.join(notes)} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", choices=sorted(gold.CORPORA), action="append")
    parser.add_argument("--uncoded", help="write drawn hits that have no mark to this text file (KWIC)")
    parser.add_argument("--markdown", help="write the per-variant tables to this Markdown file")
    parser.add_argument(
        "--recall-only",
        action="store_true",
        help="print recall only, annotating the recall samples' documents",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        help="folder for the pickled corpora and the old lexicon's hit count (read if present, else written)",
    )
    parser.add_argument("--misses", help="with --recall-only: write the tuning half's missed instances here")
    args = parser.parse_args()
    if args.recall_only:
        recall_only(args.corpus or sorted(gold.CORPORA), args.cache, args.misses)
        return
    pd.set_option("display.width", 200, "display.max_rows", 200)
    before_lexicon = toolkit.load_lexicon(GOLD / "israel_gaza_before.yml")
    uncoded_lines: list[str] = []
    markdown: list[str] = []
    for corpus in args.corpus or sorted(gold.CORPORA):
        started = time.perf_counter()
        documents = gold.load_documents(corpus, cache=args.cache)
        matches = toolkit.annotate(documents)
        ranked = gold.ranked_hits(corpus, documents, matches=matches)
        in_scope = matches[matches["in_scope"]].groupby("variant", observed=True).size()
        sample = reported_sample(ranked, marks(corpus), holdout=holdout_rounds(corpus))
        coded_marks = marks(corpus)
        table = precision_table(corpus, sample, ranked, in_scope, coded_marks)
        old_hits = _old_hits(corpus, documents, before_lexicon, cache=args.cache)
        p, low, high = overall(table)
        print(f"\n== {NAMES[corpus]}: {len(documents):,} documents ({time.perf_counter() - started:.0f} s)")
        shown = table[
            [
                "concept",
                "variant",
                "in_scope_hits",
                "sentences",
                "report_round",
                "coded",
                "drawn",
                "precision",
                "ci_low",
                "ci_high",
                "as_coded",
                "tuned",
                "meets_bar",
            ]
        ]
        print(shown.to_string(index=False, float_format=lambda x: f"{x:.2f}"))
        applies = table[table["bar_applies"]]
        failing = applies[applies["precision"] < BAR[corpus]]
        print(
            f"\nvariants with ≥ 25 in-scope sentences: {len(applies)}; below {BAR[corpus]:.2f}: "
            f"{', '.join(failing['variant']) or 'none'}"
        )
        print(f"uncoded hits in the reported draw: {int(sample['mark'].isna().sum())}")
        census = table[table["census"] & table["bar_applies"]]
        if len(census):
            print(
                "every in-scope sentence coded (all rounds' marks on the hits counted now, a census that "
                "includes rounds read before the last change): "
                + ", ".join(
                    f"{r.variant} {r.all_correct}/{r.all_coded} = {r.all_correct / r.all_coded:.2f}"
                    for r in census.itertuples()
                )
            )
        tuned = table[table["tuned"]]
        if len(tuned):
            print(
                "tuned after their reported round (current precision optimistic; as_coded is the figure "
                f"measured before the change): {', '.join(tuned['variant'])}"
            )
        halves = tune_half(corpus, ranked)
        if halves is not None:
            print(
                "on the tuning half (the reported round of these variants is drawn from the held-out half): "
                + ", ".join(
                    f"{r.variant} {r.correct}/{r.coded} = {r.precision:.2f} [{r.ci_low:.2f}, {r.ci_high:.2f}]"
                    for r in halves.itertuples()
                )
            )
        bar = OVERALL_BAR.get(corpus)
        print(
            f"overall in-scope precision: {p:.3f} [{low:.3f}, {high:.3f}]"
            + (f" (bar {bar:.2f}: {'met' if p >= bar else 'NOT met'})" if bar else "")
        )
        before_p, before_n = BEFORE[corpus]
        after_n = int(in_scope.sum())
        print(
            f"before: old lexicon, text only, all hits counted: {old_hits:,} hits "
            f"(issue 12 counted {before_n:,}), "
            f"precision {before_p:.2f} (issue 12's coded sample)\n"
            f"after:  {len(matches):,} hits in titles and texts, {after_n:,} in scope, precision {p:.2f} "
            f"(ratio of counted hits after/before {after_n / old_hits:.2f})"
        )
        markdown += [
            f"\n### {NAMES[corpus]}\n",
            _markdown(table),
            f"\nOverall in-scope precision {p:.3f} [{low:.3f}, {high:.3f}].\n",
        ]
        recall = recall_table(corpus, matches)
        if recall is None:
            print("recall: no recall sample coded for this corpus")
        else:
            print("recall per concept (instances listed by hand in documents about the referent):")
            print(recall.to_string(index=False, float_format=lambda x: f"{x:.2f}"))
        if args.uncoded:
            missing = sample[sample["mark"].isna()]
            for _, row in missing.iterrows():
                uncoded_lines.append(
                    f"{corpus}\t{row['variant']}\t{row['doc_id']}\t{row['field']}\t{row['start']}\t"
                    f"{gold.kwic_line(row, documents, width=110)}"
                )
    if args.markdown:
        Path(args.markdown).write_text("\n".join(markdown), encoding="utf-8")
    if args.uncoded:
        Path(args.uncoded).write_text("\n".join(uncoded_lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

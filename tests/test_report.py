"""The one-command report (issues 7, 16): sections, captions, evidence, a safe output folder."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from toolkit.paths import SEEDS
from toolkit.report import Output, ReportLockedError, run_report


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "report", str(SEEDS), "--out", str(out), "--n-boot", "300", "--quiet",
         "--formats", "png,pdf"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out, done


def test_report_on_the_seeds(seeds_report):
    out, done = seeds_report
    assert "index.html" in done.stdout
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "5 inputs: 5 loaded, 0 rejected" in index
    for name in ("label_shares_1", "substitutions", "reuse_network", "log_odds_01", "timeline"):
        assert (out / "figures" / f"{name}.pdf").exists() and f'figures/{name}.png"' in index, name
        assert not (out / "figures" / f"{name}.svg").exists(), "SVG only where asked"
        record = json.loads((out / "figures" / f"{name}.provenance.json").read_text(encoding="utf-8"))
        assert record["lexicon"]["name"] == "israel-gaza" and len(record["corpus"]["documents_sha256"]) == 64
        assert record["caption"] and ("n = " in record["caption"] or name.startswith("log_odds"))
    subs = pd.read_csv(out / "tables" / "substitutions.csv")
    assert {("martyrs", "killed")} <= set(zip(subs["a_variant"], subs["b_variant"], strict=True))
    shares = pd.read_csv(out / "tables" / "label_shares.csv")
    assert set(shares["concept"]) >= {"the_dead", "hamas_naming"}
    assert (out / "corpus" / "documents.parquet").exists() and (out / "kwic.html").exists()
    assert not list(out.rglob("*.csv")) or not (out / "corpus" / "documents.csv").exists(), "no CSV copy"


def test_page_has_contents_sections_captions_and_readable_warnings(seeds_report):
    out, _ = seeds_report
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<nav><ol>" in index
    for section in ("Who uses which label", "What differs significantly", "What was republished and changed",
                    "Topics", "Evidence: labels in context", "Load report"):  # fmt: skip
        assert f">{section}</h2>" in index, section
    assert index.count("<figcaption>") == index.count("<figure ") >= 9
    assert "('" not in index and "group (" not in index, "warnings must be sentences, not tuples"
    assert index.count("<details><summary>") >= 2 and "things to know before reading the figures" in index
    assert "is not mentioned by" in index


def test_kwic_is_a_stratified_sample_with_the_keyword_aligned(seeds_report):
    out, _ = seeds_report
    index = (out / "index.html").read_text(encoding="utf-8")
    matches = pd.read_parquet(out / "matches.parquet")
    documents = pd.read_parquet(out / "corpus" / "documents.parquet")
    outlets = matches["doc_id"].map(documents.set_index("doc_id")["outlet"].fillna("(unknown outlet)"))
    cells = matches.assign(outlet=outlets).groupby(["concept", "variant", "outlet"]).size()
    expected = int(cells.clip(upper=3).sum())
    assert index.count("<td class=kw") == expected
    # Contexts are cut at word boundaries.
    words = set(" ".join(documents["text"]).split())
    import html
    import re

    pattern = r'<td class=post dir="rtl">([^<]*)</td>.*?<td class=pre dir="ltr">([^<]*)</td>'
    for after, before in re.findall(pattern, index):
        # The far end of each context (the last word after the keyword, the
        # first word before it) is a whole word of the text, not a piece.
        for word in html.unescape(after).split()[-1:] + html.unescape(before).split()[:1]:
            assert word in words or not any(ch.isalpha() for ch in word), word


def test_rerun_removes_stale_files_and_leaves_no_partial(tmp_path):
    out = tmp_path / "out"
    first = run_report(SEEDS, out, n_boot=50, progress=False, formats=("png", "svg"))
    assert (out / "figures" / "reuse_network.svg").exists()
    mine = out / "notes_of_the_user.txt"
    mine.write_text("keep me", encoding="utf-8")
    second = run_report(SEEDS, out, n_boot=50, progress=False, formats=("png",), concepts=["the_dead"])
    assert not list(out.rglob("*.svg")), "files of the previous run that were not written again are removed"
    assert not (out / "figures" / "label_shares_2.png").exists() and "label_shares_2" in first.figures
    assert mine.read_text(encoding="utf-8") == "keep me", "files the toolkit did not write are kept"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert on_disk - set(manifest) == {"manifest.json", "notes_of_the_user.txt"}
    assert not [p for p in on_disk if ".partial-" in p or p.endswith(".lock")]
    assert set(second.figures) < set(first.figures)


def test_lock_and_killed_run(tmp_path):
    out = tmp_path / "out"
    with Output(out) as held:
        held.text("a.txt", "x")
        with pytest.raises(ReportLockedError, match="another report"), Output(out):
            pass
    # A lock left by a process that no longer exists is taken over; partial
    # files of a killed run are removed.
    (out / ".report.lock").write_text("999999999")
    (out / "figures").mkdir()
    (out / "figures" / ".x.png.partial-1234").write_bytes(b"half")
    with Output(out) as again:
        again.text("b.txt", "y")
    assert not (out / "figures" / ".x.png.partial-1234").exists()
    assert not (out / "a.txt").exists() and (out / "b.txt").exists() and not (out / ".report.lock").exists()


def test_a_failed_run_keeps_the_lock_free_and_remembers_its_files(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(RuntimeError), Output(out) as output:
        output.text("half.txt", "x")
        raise RuntimeError("killed")
    assert not (out / ".report.lock").exists()
    assert "half.txt" in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    with Output(out):
        pass
    assert not (out / "half.txt").exists()


def test_kwic_sample_from_prefetched_texts_matches_the_full_sample():
    from toolkit import annotate, load_corpus
    from toolkit.plot import kwic_sample
    from toolkit.report import _sample_ids

    docs = load_corpus(SEEDS).documents.assign(outlet=lambda d: d["outlet"].fillna("(unknown outlet)"))
    matches = annotate(docs)
    full = kwic_sample(docs, matches, per_cell=1)
    ids = _sample_ids(matches, docs, 1, 0)
    assert len(ids) < len(docs) or len(ids) == len(set(matches["doc_id"]))
    part = kwic_sample(docs[docs["doc_id"].isin(ids)], matches, per_cell=1)
    assert part[["doc_id", "start"]].values.tolist() == full[["doc_id", "start"]].values.tolist()

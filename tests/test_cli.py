"""The command line as a user runs it: a subprocess, its exit status and its one-line reasons."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from toolkit.paths import SEEDS


def cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True, text=True, **kwargs)


def test_missing_input_path_exits_2_with_one_line(tmp_path):
    done = cli("report", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"error: input path does not exist: {tmp_path / 'nowhere'}"]
    assert not (tmp_path / "out").exists()


def test_nothing_loaded_exits_1_and_names_the_option(tmp_path):
    source = tmp_path / "articles.csv"
    source.write_text("body,newspaper\nنص عن غزة,الجزيرة\n", encoding="utf-8")
    source.with_name("other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    done = cli("report", str(tmp_path / "other.csv"), "--out", str(tmp_path / "out"), "--quiet")
    assert done.returncode == 1
    assert done.stderr.startswith("error: nothing loaded") and "--columns text=" in done.stderr
    load = cli("load", str(tmp_path / "other.csv"), "--out", str(tmp_path / "loaded"))
    assert load.returncode == 1 and "error: nothing loaded" in load.stderr


def test_columns_option_names_the_fields(tmp_path):
    source = tmp_path / "articles.csv"
    source.write_text("body,newspaper\nنص الخبر عن الشهداء في غزة,الجزيرة\n", encoding="utf-8")
    done = cli("load", str(source), "--out", str(tmp_path / "out"), "--columns", "text=body,outlet=newspaper")
    assert done.returncode == 0, done.stderr
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert documents["outlet"].tolist() == ["الجزيرة"] and "الشهداء" in documents["text"].iloc[0]
    wrong = cli("load", str(source), "--out", str(tmp_path / "x"), "--columns", "txt=body")
    assert wrong.returncode == 2 and "unknown field 'txt'" in wrong.stderr


def test_lexicon_mistakes_are_reported_before_loading(tmp_path):
    lexicon = tmp_path / "lex.yml"
    lexicon.write_text(
        "name: x\nconcepts:\n  c:\n    variants:\n      v: {frame: f, terms: [شهداء], bogus: 1}\n",
        encoding="utf-8",
    )
    done = cli("report", str(SEEDS), "--out", str(tmp_path / "out"), "--lexicon", str(lexicon), "--quiet")
    assert done.returncode == 2
    assert "the lexicon has mistakes" in done.stderr and "bogus" in done.stderr and "line 5" in done.stderr
    assert not (tmp_path / "out").exists(), "the corpus must not be loaded (nor the folder made) first"


def test_unknown_concept_and_bad_date_are_usage_errors(tmp_path):
    done = cli("report", str(SEEDS), "--out", str(tmp_path / "o"), "--concepts", "nope", "--quiet")
    assert done.returncode == 2 and "unknown concept(s) nope" in done.stderr
    bad = cli("report", str(SEEDS), "--out", str(tmp_path / "o"), "--since", "yesterday-ish")
    assert bad.returncode == 2 and "not a date" in bad.stderr


def test_filters_that_leave_nothing_exit_1(tmp_path):
    done = cli("report", str(SEEDS), "--out", str(tmp_path / "o"), "--since", "2031-01-01", "--quiet")
    assert done.returncode == 1 and "none left after the filters" in done.stderr


@pytest.mark.slow
def test_report_options_filter_and_choose(tmp_path):
    out = tmp_path / "out"
    done = cli(
        "report", str(SEEDS), "--out", str(out), "--quiet", "--n-boot", "100", "--formats", "svg",
        "--outlets", "الجزيرة,كتاكيت,صدى البلد", "--concepts", "the_dead,hamas_naming", "--labels", "en",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    shares = pd.read_csv(out / "tables" / "label_shares.csv")
    assert set(shares["concept"]) <= {"the_dead", "hamas_naming"}
    assert set(shares["outlet"]) <= {"الجزيرة", "كتاكيت", "صدى البلد"}
    figures = out / "figures"
    assert not list(figures.glob("*.pdf")) and list(figures.glob("*.svg")), "the formats asked for, no others"
    assert {p.stem for p in figures.glob("*.png")} == {p.stem for p in figures.glob("*.svg")}, "PNG always"
    record = json.loads((out / "figures" / "label_shares_1.provenance.json").read_text(encoding="utf-8"))
    assert record["filters"]["concepts"] == ["the_dead", "hamas_naming"]


def test_a_second_run_into_a_locked_folder_fails_clearly(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    # A lock held by a living process (this test's own parent is alive).
    (out / ".report.lock").write_text(str(os.getppid()))
    done = cli("report", str(SEEDS), "--out", str(out), "--quiet", "--n-boot", "50")
    assert done.returncode == 3
    assert "another report" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def _month_first_table(path) -> list[str]:
    """Forty records dated mm/dd/yyyy across 2018 (most days fit only one order; some fit both)."""
    days = pd.date_range("2018-01-03", periods=40, freq="9D")
    rows = ["text,published,outlet"] + [f"خبر رقم {i},{d:%m/%d/%Y},الجزيرة" for i, d in enumerate(days)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return [d.date().isoformat() for d in days]


def test_date_order_reads_month_first_dates_without_swapping(tmp_path):
    source = tmp_path / "mdy.csv"
    truth = _month_first_table(source)
    done = cli("load", str(source), "--out", str(tmp_path / "out"), "--date-order", "mdy")
    assert done.returncode == 0, done.stderr
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert documents["published"].dt.date.astype(str).tolist() == truth
    report = pd.read_parquet(tmp_path / "out" / "report.parquet")
    assert not report["note"].str.contains("date").any(), "an order the user chose needs no note"


def test_without_date_order_the_file_decides_and_ambiguous_dates_are_noted(tmp_path):
    source = tmp_path / "mdy.csv"
    truth = _month_first_table(source)
    done = cli("load", str(source), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert documents["published"].dt.date.astype(str).tolist() == truth
    report = pd.read_parquet(tmp_path / "out" / "report.parquet").set_index("record")
    ambiguous = [i + 1 for i, day in enumerate(truth) if int(day[5:7]) <= 12 and int(day[8:]) <= 12
                 and day[5:7] != day[8:]]  # fmt: skip
    assert ambiguous, "the table must hold dates both orders fit"
    noted = report.index[report["note"].str.contains("fits both day/month and month/day")].tolist()
    assert noted == ambiguous
    assert report.loc[ambiguous[0], "note"].endswith("read as month/day/year (as other dates in this column show); "
                                                     "pass date_order= to choose")  # fmt: skip


def test_a_date_order_the_dates_do_not_fit_leaves_them_missing_with_a_note(tmp_path):
    source = tmp_path / "mdy.csv"
    truth = _month_first_table(source)
    done = cli("load", str(source), "--out", str(tmp_path / "out"), "--date-order", "dmy")
    assert done.returncode == 0, done.stderr
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    report = pd.read_parquet(tmp_path / "out" / "report.parquet")
    swapped = [d for d in truth if int(d[8:]) <= 12]  # read day first: day and month swap, as asked
    assert documents["published"].notna().sum() == len(swapped)
    assert report["note"].str.contains("is not a day/month/year date \\(date_order='dmy'\\)").sum() == (
        len(truth) - len(swapped)
    )
    bad = cli("load", str(source), "--out", str(tmp_path / "x"), "--date-order", "myd")
    assert bad.returncode == 2 and "invalid choice: 'myd'" in bad.stderr


def test_report_options_reach_run_report():
    import inspect

    from toolkit.cli import _parser, report_options
    from toolkit.report import run_report

    args = _parser().parse_args(
        ["report", "x.csv", "--out", "o", "--date-order", "mdy", "--keep-outlet-names"]
    )
    options = report_options(args)
    assert options["date_order"] == "mdy" and options["exclude_outlet_names"] is False
    assert set(options) <= set(inspect.signature(run_report).parameters), (
        "every option is a run_report keyword"
    )
    default = report_options(_parser().parse_args(["report", "x.csv", "--out", "o"]))
    assert default["exclude_outlet_names"] is True and "date_order" not in default

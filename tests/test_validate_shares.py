"""Precision, recall, corrected shares and the report's validation section."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.annotation.review import wilson_interval
from toolkit.paths import REPO, SEEDS
from toolkit.validate import (
    ValidationWarning,
    corrected_shares,
    pool_codes,
    read_coded,
    simulate_validated,
    validation_html,
    variant_precision,
    variant_recall,
)

FIXTURES = REPO / "tests" / "fixtures" / "validation"


def test_pooling_by_majority_and_by_adjudicator():
    codes = pd.DataFrame(
        {"match_id": list("aaabbbccd"), "coder": list("xyzxyzxyx"),
         "code": ["yes", "yes", "no", "no", None, "yes", "yes", "yes", None]}
    )  # fmt: skip
    pooled = pool_codes(codes).set_index("match_id")
    assert pooled.loc["a", "code"] == "yes" and pooled.loc["a", "how"] == "majority"
    assert pooled.loc["b", "code"] is None and pooled.loc["b", "how"] == "tie"
    assert pooled.loc["d", "how"] == "uncoded" and pooled.loc["d", "n_coders"] == 0
    judged = pool_codes(codes, pool="adjudicator", adjudicator="z").set_index("match_id")
    assert judged.loc["a", "code"] == "no" and judged.loc["b", "code"] == "yes"
    assert judged.loc["c", "how"] == "majority"  # z did not code c
    with pytest.raises(ValueError, match="adjudicator 'w' is not among the coders"):
        pool_codes(codes, pool="adjudicator", adjudicator="w")
    with pytest.raises(ValueError, match="needs the adjudicator's name"):
        pool_codes(codes, pool="adjudicator")


def test_precision_per_variant_and_stratum_with_wilson_intervals():
    codes = pd.DataFrame(
        {"match_id": [f"m{i}" for i in range(12)], "coder": "x", "concept": "c",
         "variant": ["v"] * 8 + ["w"] * 4, "stratum": ["in_scope"] * 6 + ["out_of_scope"] * 2 + ["in_scope"] * 4,
         "code": ["yes"] * 5 + ["no", "yes", "no"] + ["yes", "no", "no", None]}
    )  # fmt: skip
    table = variant_precision(codes).set_index(["variant", "stratum"])
    assert table.loc[("v", "in_scope"), ["n_coded", "n_correct"]].tolist() == [6, 5]
    assert table.loc[("v", "out_of_scope"), "precision"] == 0.5
    assert table.loc[("w", "in_scope"), "n_unresolved"] == 1
    low, high = wilson_interval(np.array([5]), np.array([6]))
    assert table.loc[("v", "in_scope"), "ci_low"] == pytest.approx(low[0])
    assert table.loc[("v", "in_scope"), "ci_high"] == pytest.approx(high[0])
    with pytest.raises(ValueError, match="no hit is coded 'correct'"):
        variant_precision(codes, positive="correct")


def test_recall_from_a_document_sample():
    instances = pd.DataFrame(
        {"doc_id": ["a", "a", "a", "b"], "start": [0, 10, 30, 5], "end": [5, 14, 36, 9],
         "concept": "the_dead", "variant": ["martyrs", "martyrs", "killed", "killed"]}
    )  # fmt: skip
    hits = pd.DataFrame(
        {"doc_id": ["a", "a", "b", "c"], "start": [0, 31, 5, 0], "end": [5, 35, 9, 4],
         "concept": "the_dead", "in_scope": [True, True, False, True]}
    )  # fmt: skip
    table = variant_recall(instances, hits).set_index("variant")
    assert table.loc["martyrs", ["n_instances", "n_found"]].tolist() == [2, 1]
    assert table.loc["killed", ["n_instances", "n_found"]].tolist() == [2, 1]  # b's hit is out of scope


# -- corrected shares -------------------------------------------------------------


def _corpus(rng, n_docs=300):
    m, d, v, truth = simulate_validated(rng, n_docs=n_docs, observed_share=0.4, precision=(0.5, 0.9))
    return m, d, v, truth


def test_uncorrected_columns_equal_label_shares():
    m, d, v, _ = _corpus(np.random.default_rng(0))
    d = d.assign(outlet=np.where(np.arange(len(d)) % 2, "x", "y"))
    plain = toolkit.label_shares(m, d, concept="dead", n_boot=300, seed=4)
    corrected = corrected_shares(m, d, concept="dead", validation=v, n_boot=300, seed=4)
    pd.testing.assert_frame_equal(corrected[list(plain.columns)], plain)


def test_correction_by_hand():
    docs = pd.DataFrame({"doc_id": list("abcdef"), "outlet": list("xxxyyy"), "text": ""})
    hits = pd.DataFrame({"doc_id": list("abcdef"), "concept": "dead",
                         "variant": ["martyrs", "killed", "killed", "martyrs", "martyrs", "killed"]})  # fmt: skip
    checked = pd.DataFrame({"concept": "dead", "variant": ["martyrs", "killed"], "n_coded": [19, 19],
                            "n_correct": [19, 9]})  # fmt: skip
    table = corrected_shares(hits, docs, concept="dead", validation=checked, n_boot=400).set_index(
        ["outlet", "variant"]
    )
    q_m, q_k = 19.5 / 20, 9.5 / 20  # posterior means
    expected = (1 / 3) * q_m / ((1 / 3) * q_m + (2 / 3) * q_k)
    assert table.loc[("x", "martyrs"), "share_corrected"] == pytest.approx(expected)
    assert table.loc[("x", "killed"), "n_mentions_corrected"] == pytest.approx(2 * q_k)
    assert table.loc[("x", "killed"), "precision"] == pytest.approx(9 / 19)
    sums = table.groupby("outlet")["share_corrected"].sum()
    np.testing.assert_allclose(sums, 1)
    assert (table["ci_low_corrected"] <= table["share_corrected"]).all()


def test_equal_precision_changes_nothing_and_recall_divides():
    m, d, _, _ = _corpus(np.random.default_rng(1))
    same = pd.DataFrame({"concept": "dead", "variant": ["martyrs", "killed"], "n_coded": 50, "n_correct": 40})
    t = corrected_shares(m, d, concept="dead", validation=same, n_boot=200)
    np.testing.assert_allclose(t["share_corrected"], t["share"])
    recall = pd.DataFrame({"concept": "dead", "variant": ["martyrs", "killed"], "n_instances": [39, 39],
                           "n_found": [19, 39]})  # fmt: skip
    with_recall = corrected_shares(m, d, concept="dead", validation=same, recall=recall, n_boot=200)
    row = with_recall.set_index("variant")
    s = row.loc["martyrs", "share"]
    q = (19.5 / 40) / (39.5 / 40)
    assert row.loc["martyrs", "share_corrected"] == pytest.approx(s / q / (s / q + (1 - s)))


def test_order_of_rows_does_not_matter():
    m, d, v, _ = _corpus(np.random.default_rng(2))
    a = corrected_shares(m, d, concept="dead", validation=v, n_boot=300, seed=1)
    b = corrected_shares(m.sample(frac=1, random_state=1), d.sample(frac=1, random_state=2), concept="dead",
                         validation=v.iloc[::-1], n_boot=300, seed=1)  # fmt: skip
    pd.testing.assert_frame_equal(a, b)


def test_variants_without_validation():
    m, d, v, _ = _corpus(np.random.default_rng(3))
    partial = v[v["variant"] == "martyrs"]
    with pytest.raises(ValueError, match=r"variant\(s\) \['killed'\] of 'dead' have no coded hits"):
        corrected_shares(m, d, concept="dead", validation=partial, n_boot=100)
    with pytest.warns(ValidationWarning, match="kept as observed"):
        t = corrected_shares(m, d, concept="dead", validation=partial, n_boot=100, unvalidated="as_is")
    assert t.set_index("variant").loc["killed", "validated"] == False  # noqa: E712
    wrong = v.assign(n_correct=0)
    with pytest.raises(ValueError, match="no coded hit of 'dead' is correct"):
        corrected_shares(m, d, concept="dead", validation=wrong, n_boot=100)
    with pytest.raises(ValueError, match="lacks"):
        corrected_shares(m, d, concept="dead", validation=v.drop(columns="n_correct"), n_boot=100)


def test_out_of_scope_hits_are_not_counted():
    m, d, v, _ = _corpus(np.random.default_rng(4))
    scoped = m.assign(in_scope=np.arange(len(m)) % 4 != 0)
    a = corrected_shares(scoped, d, concept="dead", validation=v, n_boot=100)
    b = corrected_shares(m[scoped["in_scope"]], d, concept="dead", validation=v, n_boot=100)
    pd.testing.assert_frame_equal(a, b)


def test_corrected_intervals_cover_the_true_share():
    """A fast subset of the calibration in benchmarks/bench_validate.py (400 corpora there).

    With 160 corpora the binomial error of a 95% coverage is 1.7 points, so
    the band is wider than the benchmark's 93-97%.
    """
    rng = np.random.default_rng(2024)
    covered = uncorrected = 0
    runs = 160
    for sim in range(runs):
        m, d, v, truth = simulate_validated(rng, n_docs=250, observed_share=0.3, precision=(0.6, 0.95))
        row = corrected_shares(m, d, concept="dead", validation=v, n_boot=400, seed=sim).set_index("variant")
        row = row.loc["martyrs"]
        covered += row["ci_low_corrected"] <= truth <= row["ci_high_corrected"]
        uncorrected += row["ci_low"] <= truth <= row["ci_high"]
    assert 0.91 <= covered / runs <= 0.99, covered / runs
    assert uncorrected / runs < 0.3, uncorrected / runs


# -- the committed coded sample -----------------------------------------------------


@pytest.fixture(scope="module")
def coded():
    return read_coded(
        {"pass 1": FIXTURES / "ant_politics_pass1.csv", "pass 2": FIXTURES / "ant_politics_pass2.csv"}
    )


def test_the_committed_coding(coded):
    assert len(coded) == 2 * 159 and coded["code"].notna().all()
    result = toolkit.agreement(coded, unit="match_id", n_boot=500)
    assert result.n_units == 159 and result.alpha > 0.95  # the passes differ on one hit
    wide = coded.pivot(index="match_id", columns="coder", values="code")
    assert (wide["pass 1"] != wide["pass 2"]).sum() == 1
    precision = variant_precision(coded).set_index("variant")
    assert precision.loc["resistance_movement", "precision"] == 1
    assert precision.loc["resistance", "precision"] == 0  # Yemen's «المقاومة» in 2018
    assert precision.loc["militants", "n_unresolved"] == 1  # the tie
    assert precision.loc["killed", "precision"] < 0.5  # most «قتلى» in ANT politics are not Palestinians


# -- the report ---------------------------------------------------------------------


def test_without_validation_the_page_says_so():
    page = validation_html(agreement_table=None, precision=None, corrected=None)
    assert "No validation was supplied" in page


def _seed_sheets(tmp_path, seeds_corpus):
    stories = seeds_corpus.documents[seeds_corpus.documents["role"] == "main"]
    sample = toolkit.sample_for_review(toolkit.annotate(stories), documents=stories, per_variant=3, seed=0)
    first = sample.assign(correct=np.where(sample["variant"] == "attack", "no", "yes"))
    second = first.copy()
    second.loc[second.index[0], "correct"] = "no" if second["correct"].iloc[0] == "yes" else "yes"
    paths = [tmp_path / "amal.csv", tmp_path / "badr.xlsx"]
    first.to_csv(paths[0], index=False, encoding="utf-8-sig")
    toolkit.validate.write_sheet(second, paths[1])
    return paths


def test_cli_report_with_validation(tmp_path, seeds_corpus):
    sheets = _seed_sheets(tmp_path, seeds_corpus)
    out = tmp_path / "report"
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "report", str(SEEDS), "--out", str(out), "--n-boot", "200",
         "--quiet", "--validation", *map(str, sheets)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<section id="validation">' in index and "Krippendorff's alpha (nominal)" in index
    assert "Falling short" in index and "attack" in index
    assert "No validation was supplied" not in index
    assert (out / "tables" / "validation_precision.csv").exists()
    assert (out / "tables" / "corrected_shares.csv").exists()
    assert list((out / "figures").glob("corrected_shares_*.png"))
    bad = tmp_path / "bad.csv"
    pd.read_csv(sheets[0], encoding="utf-8-sig").assign(correct="maybe").to_csv(bad, index=False)
    failed = subprocess.run(
        [sys.executable, "-m", "toolkit", "report", str(SEEDS), "--out", str(tmp_path / "r2"), "--n-boot",
         "50", "--quiet", "--validation", str(bad)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert (
        failed.returncode == 2
        and "error: --validation" in failed.stderr
        and "outside the codebook" in failed.stderr
    )
    assert not (tmp_path / "r2" / "index.html").exists()  # it stopped before the long run


def test_report_without_validation_states_it(tmp_path):
    from toolkit.report import run_report

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run_report(sorted(SEEDS.glob("*.txt"))[:2], tmp_path / "plain", n_boot=50, progress=False)
    index = (tmp_path / "plain" / "index.html").read_text(encoding="utf-8")
    assert "No validation was supplied" in index


def test_validation_section_with_identical_codes_says_alpha_is_undefined(tmp_path, seeds_corpus):
    from toolkit.validate import validation_report

    stories = seeds_corpus.documents[seeds_corpus.documents["role"] == "main"]
    matches = toolkit.annotate(stories)
    sample = toolkit.sample_for_review(matches, documents=stories, per_variant={"the_dead": 3}, seed=0)
    sheets = {"amal": sample.assign(correct="yes"), "badr": sample.assign(correct="نعم")}
    for name, sheet in sheets.items():
        sheet.to_csv(tmp_path / f"{name}.csv", index=False, encoding="utf-8-sig")
    section, tables = validation_report(
        [tmp_path / "amal.csv", tmp_path / "badr.csv"], matches, stories, folder=tmp_path / "out",
        concepts=["the_dead"], n_boot=100,
    )  # fmt: skip
    assert "alpha is undefined: all" in section and "no variation" in section
    assert "nan" not in section.split("<h3>Precision")[0].lower()
    corrected = pd.read_csv(tables["corrected_shares"])
    assert set(corrected["concept"]) == {"the_dead"}
    assert (tmp_path / "out" / "figures" / "corrected_shares_00.png").exists()


def test_corrected_shares_figure_names_labels_not_identifiers():
    import matplotlib.pyplot as plt

    from toolkit.validate import plot_corrected_shares

    table = pd.DataFrame({
        "outlet": ["a", "b"], "variant": ["martyrs", "palestinian_factions"], "share": [0.5, 0.5],
        "ci_low": [0.1, 0.1], "ci_high": [0.9, 0.9], "share_corrected": [0.4, 0.6],
        "ci_low_corrected": [0.2, 0.3], "ci_high_corrected": [0.6, 0.8], "concept": "the_dead",
    })  # fmt: skip
    fig = plot_corrected_shares(table, lexicon=toolkit.load_lexicon(), labels="en")
    ax = fig.axes[0]
    assert ax.get_title() == "Naming the dead: corrected for precision"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["martyrs", "palestinian factions"]
    plt.close(fig)
    fig = plot_corrected_shares(table)  # no lexicon: identifiers as words, never snake_case
    assert fig.axes[0].get_title() == "the dead: corrected for precision"
    assert "palestinian factions" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    plt.close(fig)

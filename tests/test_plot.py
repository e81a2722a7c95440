"""Figures (issue 7): Arabic text, fonts, determinism, provenance, baselines."""

from __future__ import annotations

import json
import os
import unicodedata

import matplotlib
import numpy as np
import pandas as pd
import pypdf
import pytest
from matplotlib.testing.compare import compare_images

from toolkit import plot
from toolkit.paths import REPO

matplotlib.use("Agg")
BASELINE = REPO / "tests" / "baseline"
UPDATE = os.environ.get("TOOLKIT_UPDATE_BASELINES") == "1"
OUTLETS = ["الجزيرة", "صحيفة المرصد الليبية", "العربية", "BBC"]


def shares_table() -> pd.DataFrame:
    rows = []
    for i, outlet in enumerate(OUTLETS):
        for variant, share in (("martyrs", 0.2 + 0.2 * i), ("killed", 0.8 - 0.2 * i)):
            rows.append((outlet, variant, share, max(share - 0.1, 0), min(share + 0.1, 1)))
    return pd.DataFrame(rows, columns=["outlet", "variant", "share", "ci_low", "ci_high"]).assign(
        concept="the_dead"
    )


def log_odds_table() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    terms = [
        "شهداء",
        "قتلى",
        "الاحتلال",
        "حماس",
        "غزة",
        "رفح",
        "الحرب",
        "العدوان",
        "مستوطنين",
        "أسرى",
        "رهائن",
        "اجتياح",
    ]
    return pd.DataFrame(
        {
            "group": "الجزيرة",
            "term": terms,
            "total": rng.integers(5, 500, len(terms)),
            "z": np.linspace(4, -4, len(terms)),
        }
    )


def matrix_table() -> pd.DataFrame:
    return pd.DataFrame(
        {"outlet_a": "الجزيرة", "outlet_b": "صحيفة المرصد الليبية", "concept": "the_dead",
         "a_variant": ["martyrs", "martyrs", "killed"], "b_variant": ["killed", "victims", "martyrs"],
         "n": [5, 2, 1], "n_pairs": [3, 2, 1]}
    )  # fmt: skip


FIGURES = {
    "label_shares": lambda: plot.plot_label_shares(shares_table()),
    "log_odds": lambda: plot.plot_log_odds(log_odds_table(), group="الجزيرة", n_labels=4),
    "substitution_matrix": lambda: plot.plot_substitution_matrix(matrix_table(), concept="the_dead"),
    "reuse_network": lambda: plot.plot_reuse_network(
        pd.DataFrame(
            {
                "outlet_a": ["الجزيرة", "الجزيرة", "العربية"],
                "outlet_b": ["BBC", "العربية", "العربية"],
                "n_pairs": [10, 3, 2],
            }
        )
    ),
    "topic_prevalence": lambda: plot.plot_topic_prevalence(
        pd.DataFrame(
            {
                "outlet": ["الجزيرة", "الجزيرة", "BBC", "BBC"],
                "topic": [0, 1, 0, 1],
                "prevalence": [0.3, 0.1, 0.2, 0.25],
                "ci_low": [0.2, 0.05, 0.1, 0.2],
                "ci_high": [0.4, 0.15, 0.3, 0.3],
                "label": ["غزة · رفح", "نفط · أسعار"] * 2,
            }
        )
    ),
    "topics_over_time": lambda: plot.plot_topics_over_time(
        pd.DataFrame(
            {
                "period": pd.to_datetime(["2018-05-07", "2018-05-14", "2018-05-07", "2018-05-14"]),
                "topic": [0, 0, 1, 1],
                "n_docs": [3, 9, 5, 2],
                "share": [0.3, 0.7, 0.5, 0.2],
            }
        ),
        labels=pd.Series({0: "غزة · رفح", 1: "نفط · أسعار"}),
    ),
    "label_timeline": lambda: plot.plot_label_timeline(
        pd.DataFrame(
            {
                "period": pd.to_datetime(["2018-05-07", "2018-05-14"] * 2),
                "outlet": ["الجزيرة"] * 2 + ["BBC"] * 2,
                "variant": "martyrs",
                "n_mentions": [4, 6, 1, 2],
                "share": [0.8, 0.6, 0.1, 0.2],
            }
        ),
        variant="martyrs",
    ),
}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_matches_its_baseline(name, tmp_path):
    fig = FIGURES[name]()
    written = plot.save(fig, tmp_path / name, formats=("png",), dpi=60)
    baseline = BASELINE / f"{name}.png"
    if UPDATE:
        baseline.write_bytes(written["png"].read_bytes())
    assert baseline.exists(), (
        f"no baseline {baseline}: run the tests with TOOLKIT_UPDATE_BASELINES=1 and look at it"
    )
    assert compare_images(str(baseline), str(written["png"]), tol=3) is None


def test_pdf_text_is_arabic_in_logical_order_and_fonts_are_embedded(tmp_path):
    written = plot.save(FIGURES["label_shares"](), tmp_path / "shares", formats=("pdf",))
    reader = pypdf.PdfReader(written["pdf"])
    text = reader.pages[0].extract_text()
    for word in ["الجزيرة", "صحيفة", "المرصد", "الليبية", "العربية"]:
        assert word in text, word
        assert word[::-1] not in text, f"{word} came out reversed"
    assert not any(0xFB50 <= ord(ch) <= 0xFDFF or 0xFE70 <= ord(ch) <= 0xFEFF for ch in text), (
        "presentation forms"
    )
    fonts = []
    resources = reader.pages[0]["/Resources"]["/Font"]
    for ref in resources.values():
        font = ref.get_object()
        fonts.append(font)
        assert font["/Subtype"] != "/Type3", "Type 3 font"
        descendants = font.get("/DescendantFonts")
        descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded as TrueType"
    assert any("Amiri" in str(f["/BaseFont"]) for f in fonts)


def test_output_is_byte_identical_across_runs(tmp_path):
    first = plot.save(FIGURES["log_odds"](), tmp_path / "a" / "fig")
    second = plot.save(FIGURES["log_odds"](), tmp_path / "b" / "fig")
    for fmt in ("pdf", "svg", "png"):
        assert first[fmt].read_bytes() == second[fmt].read_bytes(), fmt
    record = json.loads(first["provenance"].read_text(encoding="utf-8"))
    assert record["files"]["pdf"]["sha256"] == plot.content_hash(first["pdf"])
    assert {"command", "versions", "figure"} <= set(record) and "matplotlib" in record["versions"]


def test_provenance_carries_what_the_caller_gives(tmp_path):
    frame = shares_table()
    written = plot.save(
        FIGURES["label_shares"](), tmp_path / "f", formats=("png",),
        provenance={"corpus_sha256": plot.content_hash(frame), "seed": 7, "parameters": {"n_boot": 2000}},
    )  # fmt: skip
    record = json.loads(written["provenance"].read_text(encoding="utf-8"))
    assert record["seed"] == 7 and record["parameters"]["n_boot"] == 2000
    assert record["corpus_sha256"] == plot.content_hash(frame.copy())


def test_arabic_text_by_matplotlib_version():
    assert plot.shapes_arabic() and matplotlib.__version__ >= "3.11"
    assert plot.arabic_text("شهداء وقتلى") == "شهداء وقتلى"
    mixed = plot.arabic_text("Share of «شهداء» at BBC")
    assert mixed == "Share of \u2067«شهداء»\u2069 at BBC"
    old = plot.arabic_text("شهداء (قتلى)", version="3.9.4")
    assert any(0xFE70 <= ord(ch) <= 0xFEFF for ch in old), "older matplotlib needs presentation forms"
    assert unicodedata.normalize("NFKC", old[-1]) == "ش", (
        "and display order: the first logical letter comes last"
    )


def test_missing_font_is_named(monkeypatch):
    from toolkit.plot import style

    monkeypatch.setattr(
        style.font_manager, "findfont", lambda *a, **k: (_ for _ in ()).throw(ValueError("no"))
    )
    with pytest.raises(plot.MissingFontError, match="Amiri"):
        style.check_font()


def test_figures_check_their_input():
    with pytest.raises(ValueError, match="plot_label_shares needs column"):
        plot.plot_label_shares(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="group 'nobody' is not in the table"):
        plot.plot_log_odds(log_odds_table(), group="nobody")


def test_kwic_exports_keep_right_to_left():
    table = pd.DataFrame({"doc_id": ["a_1"], "outlet": ["الجزيرة"], "variant": ["martyrs"],
                          "left": ["غارات أسفرت عن "], "match": ["شهداء"], "right": [" وجرحى & 50%"]})  # fmt: skip
    latex = plot.kwic_to_latex(table)
    assert r"\RL{غارات أسفرت عن \textbf{شهداء} وجرحى \& 50\%}" in latex and r"a\_1" in latex
    page = plot.kwic_to_html(table)
    assert 'dir="rtl"' in page and '<html lang="ar">' in page and "&amp; 50%" in page

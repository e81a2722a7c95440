"""Figures (issues 7, 16): Arabic text, fonts, determinism, provenance, baselines.

These tests also run in CI's second environment, pinned to matplotlib 3.10,
where Arabic is shaped by arabic-reshaper and python-bidi: the baselines of
that environment live in ``tests/baseline/mpl310``.
"""

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
from toolkit.lexicon import load_lexicon
from toolkit.paths import REPO

matplotlib.use("Agg")
BASELINE = REPO / "tests" / "baseline" / ("" if plot.shapes_arabic() else "mpl310")
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


LEXICON = load_lexicon(
    {"name": "t", "concepts": {
        "the_dead": {"label": "القتلى", "label_en": "the dead", "variants": {
            "martyrs": {"frame": "f", "label_en": "martyrs", "terms": ["شهداء"]},
            "killed": {"frame": "f", "label_en": "killed", "terms": ["قتلى"]},
            "victims": {"frame": "f", "label_en": "victims", "terms": ["ضحايا"]}}},
        "captives": {"label": "الأسرى", "label_en": "captives", "variants": {
            "hostages": {"frame": "f", "label_en": "hostages", "terms": ["رهائن"]},
            "prisoners": {"frame": "f", "label_en": "prisoners", "terms": ["أسرى"]}}}}}
)  # fmt: skip


def matrix_table() -> pd.DataFrame:
    return pd.DataFrame(
        {"outlet_a": "الجزيرة", "outlet_b": "صحيفة المرصد الليبية", "concept": "the_dead",
         "a_variant": ["martyrs", "martyrs", "killed"], "b_variant": ["killed", "victims", "martyrs"],
         "n": [5, 2, 1], "n_pairs": [3, 2, 1]}
    )  # fmt: skip


FIGURES = {
    "label_shares": lambda: plot.plot_label_shares(shares_table()),
    "label_shares_multi": lambda: plot.plot_label_shares(
        pd.concat(
            [
                shares_table(),
                shares_table().assign(
                    concept="captives",
                    variant=lambda t: t["variant"].map({"martyrs": "hostages", "killed": "prisoners"}),
                    share=lambda t: t["share"] / 2,
                    ci_low=lambda t: t["ci_low"] / 2,
                    ci_high=lambda t: t["ci_high"] / 2,
                ),
            ]
        ),
        lexicon=LEXICON,
        labels="both",
    ),
    "substitutions": lambda: plot.plot_substitutions(
        pd.concat([matrix_table(), matrix_table().head(1).assign(b_variant="martyrs", n=4)]),
        lexicon=LEXICON,
        labels="en",
    ),
    "log_odds": lambda: plot.plot_log_odds(log_odds_table(), group="الجزيرة", n_labels=4),
    "substitution_matrix": lambda: plot.plot_substitution_matrix(matrix_table(), concept="the_dead"),
    "reuse_network": lambda: plot.plot_reuse_network(
        pd.DataFrame(
            {
                "outlet_a": ["الجزيرة", "الجزيرة", "العربية"],
                "outlet_b": ["BBC", "العربية", "العربية"],
                "n_pairs": [10, 3, 2],
            }
        ),
        directed=True,
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
        baseline.parent.mkdir(parents=True, exist_ok=True)
        baseline.write_bytes(written["png"].read_bytes())
    assert baseline.exists(), (
        f"no baseline {baseline}: run the tests with TOOLKIT_UPDATE_BASELINES=1 and look at it"
    )
    assert compare_images(str(baseline), str(written["png"]), tol=3) is None


def test_pdf_text_is_arabic_in_logical_order_and_fonts_are_embedded(tmp_path):
    written = plot.save(FIGURES["label_shares"](), tmp_path / "shares", formats=("pdf",))
    reader = pypdf.PdfReader(written["pdf"])
    text = reader.pages[0].extract_text()
    forms = [ch for ch in text if 0xFB50 <= ord(ch) <= 0xFDFF or 0xFE70 <= ord(ch) <= 0xFEFF]
    if plot.shapes_arabic():
        # matplotlib ≥ 3.11 shapes itself: the PDF holds the letters in logical order.
        for word in ["الجزيرة", "صحيفة", "المرصد", "الليبية", "العربية"]:
            assert word in text, word
            assert word[::-1] not in text, f"{word} came out reversed"
        assert not forms, "presentation forms: shaped twice"
    else:
        # Older matplotlib: arabic-reshaper joined the letters (presentation
        # forms, initial/medial/final) and python-bidi put them in display
        # order, right to left. pypdf reads right-to-left glyph runs back
        # into logical order, so the words come back whole only when the
        # glyphs were laid out right to left.
        assert forms, "the Arabic was not joined"
        logical = unicodedata.normalize("NFKC", text)
        for word in ["الجزيرة", "صحيفة", "المرصد", "الليبية", "العربية"]:
            assert word in logical and word[::-1] not in logical, f"{word} is not right to left"
        joined = {unicodedata.name(ch).split()[-2] for ch in forms}
        assert {"INITIAL", "MEDIAL", "FINAL"} <= joined, joined
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
    first = plot.save(FIGURES["log_odds"](), tmp_path / "a" / "fig", formats=("pdf", "svg", "png"))
    second = plot.save(FIGURES["log_odds"](), tmp_path / "b" / "fig", formats=("pdf", "svg", "png"))
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
    assert plot.shapes_arabic() == (tuple(int(p) for p in matplotlib.__version__.split(".")[:2]) >= (3, 11))
    new = {"version": "3.11.2"}
    assert plot.arabic_text("شهداء وقتلى", **new) == "شهداء وقتلى"
    mixed = plot.arabic_text("Share of «شهداء» at BBC", **new)
    assert mixed == "Share of \u2067«شهداء»\u2069 at BBC"
    old = plot.arabic_text("شهداء (قتلى)", version="3.10.9")
    assert any(0xFE70 <= ord(ch) <= 0xFEFF for ch in old), "older matplotlib needs presentation forms"
    assert unicodedata.normalize("NFKC", old[-1]) == "ش", (
        "and display order: the first logical letter comes last"
    )
    # Never both: on 3.11 the text is passed through unshaped.
    assert not any(0xFE70 <= ord(ch) <= 0xFEFF for ch in plot.arabic_text("شهداء (قتلى)", **new))
    arrow = plot.arabic_text("شهداء → قتلى", ltr=True, version="3.10.9")
    assert unicodedata.normalize("NFKC", arrow).startswith("ءادهش"), "left to right: the first label first"


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


def test_labels_choose_arabic_english_or_both():
    names = plot.variant_names(LEXICON, labels="both")
    assert names[("the_dead", "martyrs")] == "شهداء (martyrs)"
    assert plot.variant_names(LEXICON, labels="en")[("captives", "hostages")] == "hostages"
    assert plot.concept_names(LEXICON, labels="ar")["the_dead"] == "القتلى"
    with pytest.raises(ValueError, match="labels is one of"):
        plot.variant_names(LEXICON, labels="fr")


def test_label_shares_axes_follow_the_data():
    fig = plot.plot_label_shares(shares_table().assign(share=lambda t: t["share"] / 4,
                                                       ci_low=lambda t: t["ci_low"] / 4,
                                                       ci_high=lambda t: t["ci_high"] / 4))  # fmt: skip
    low, high = fig.axes[0].get_xlim()
    assert low < 0.05 and 0.2 < high < 0.6, (low, high)
    assert "#F0E442" not in plot.PALETTE


def test_log_odds_written_forms_exclusions_and_leader_lines():
    table = log_odds_table().assign(term=lambda t: t["term"].where(t.index != 0, "cnn"))
    fig = plot.plot_log_odds(table, group="الجزيرة", n_labels=4, forms={"قتلى": "قتلى!"}, exclude={"cnn"})
    ax = fig.axes[0]
    shown = [t.get_text() for t in ax.texts]
    assert "cnn" not in shown and plot.arabic_text("قتلى!") in shown
    # Leader lines: the outer segments keep the z order of their labels, so none cross.
    outer = [line for line in ax.lines if line.get_transform() == ax.transAxes]
    starts = [line.get_ydata()[0] for line in outer]
    ends = [line.get_ydata()[1] for line in outer]
    assert np.argsort(starts).tolist() == np.argsort(ends).tolist()
    collections = [c for c in ax.collections if c.get_rasterized()]
    assert collections, "the word cloud is rasterized (small vector files)"


def test_written_forms_pick_the_most_frequent_spelling():
    docs = pd.DataFrame({"doc_id": list("abc"), "outlet": ["x", "x", "y"],
                         "text": ["الولايات المتحدة الأمريكية", "الأمريكية والمتحدة", "الامريكيه"]})  # fmt: skip
    assert plot.written_forms(docs, ["الامريكيه"]) == {"الامريكيه": "الأمريكية"}


def test_reuse_network_is_directed_without_self_loops():
    docs = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["x", "y", "x", "x"]})
    pairs = pd.DataFrame({"doc_id_a": ["a", "c", "b"], "doc_id_b": ["b", "d", "d"]})
    edges = plot.directed_edges(pairs, docs)
    assert edges.values.tolist() == [["x", "x", 1], ["x", "y", 1], ["y", "x", 1]]
    fig = plot.plot_reuse_network(edges)
    ax = fig.axes[0]
    assert not [p for p in ax.patches if type(p).__name__ == "Circle"], "no self-loop rings"
    assert len([p for p in ax.patches if type(p).__name__ == "FancyArrowPatch"]) == 2
    assert any("(1 within)" in t.get_text() for t in ax.texts)


def test_timeline_is_clipped_to_the_bulk_and_notes_the_rest():
    periods = pd.to_datetime(["2013-06-03"] + [f"2018-0{m}-01" for m in range(1, 7)])
    table = pd.DataFrame({"period": periods, "outlet": "x", "variant": "martyrs", "n_mentions": [1] + [40] * 6,
                          "share": 1.0})  # fmt: skip
    fig = plot.plot_label_timeline(table, concept="the_dead")
    import matplotlib.dates as mdates

    low, _ = fig.axes[0].get_xlim()
    assert mdates.num2date(low).year == 2017 or mdates.num2date(low).year == 2018
    assert "1 mentions outside" in fig.axes[-1].get_xlabel()


def test_topic_legend_has_labels_and_says_what_is_left_out():
    table = pd.DataFrame({"period": pd.to_datetime(["2018-05-07"] * 7), "topic": range(7),
                          "n_docs": [9, 8, 7, 6, 5, 4, 3], "share": [0.2] * 7,
                          "label": [f"موضوع {k}" for k in range(7)]})  # fmt: skip
    fig = plot.plot_topics_over_time(table)
    legend = fig.axes[0].get_legend()
    assert legend.get_title().get_text() == "5 of 7 topics"
    assert plot.arabic_text("0: موضوع 0") in [t.get_text() for t in legend.get_texts()]


def test_kwic_sample_is_stratified_and_cut_at_words():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["x", "y"],
                         "text": ["قال المتحدث إن الغارات أسفرت عن شهداء وجرحى في المدينة القديمة اليوم"] * 2})  # fmt: skip
    m = pd.DataFrame({"doc_id": ["a", "a", "b"], "concept": "the_dead", "variant": "martyrs",
                      "start": [32, 32, 32], "end": [37, 37, 37], "in_scope": [True, True, False]})  # fmt: skip
    lines = plot.kwic_sample(docs, m, per_cell=1, width=16)
    assert lines["outlet"].tolist() == ["x", "y"]
    assert lines["left"].tolist()[0] == "أسفرت عن" and lines["right"].tolist()[0] == "وجرحى في"
    page = plot.kwic_to_html(lines)
    assert page.count("out of scope") == 1 and page.count("<td class=kw") == 2


def test_undirected_edges_draw_lines_and_a_mixed_matrix_draws_panels():
    edges = pd.DataFrame({"outlet_a": ["x"], "outlet_b": ["y"], "n_pairs": [3]})
    title = plot.plot_reuse_network(edges).axes[0].get_title()
    assert "→" not in title, "outlet_edges sorts outlets: no direction may be drawn"
    mixed = pd.concat([matrix_table(), matrix_table().assign(concept="captives")])
    assert len([a for a in plot.plot_substitution_matrix(mixed).axes if a.get_visible()]) == 2


def test_dense_reuse_network_keeps_counts_and_names_apart():
    outlets = ["BBC", "CNN", "alarabia", "france24", "skynews"]
    rows = [(a, b, 100 + 37 * i) for i, (a, b) in enumerate((a, b) for a in outlets for b in outlets)]
    edges = pd.DataFrame(rows, columns=["outlet_a", "outlet_b", "n_pairs"])
    fig = plot.plot_reuse_network(edges, directed=True)
    assert fig.get_size_inches()[0] == pytest.approx(7.2), "20 arrows take the double width"
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    counts = [t.get_window_extent(renderer) for t in ax.texts if t.get_text().isdigit()]
    names = [t.get_window_extent(renderer) for t in ax.texts if "within" in t.get_text()]
    assert len(counts) == 20 and len(names) == 5
    for i, box in enumerate(counts):
        assert not any(box.overlaps(other) for other in counts[i + 1 :]), "two counts overlap"
    nodes = [ax.transData.transform(point) for c in ax.collections for point in c.get_offsets()]
    assert len(nodes) == 5
    for box in names:
        for x, y in nodes:
            assert not box.padded(4).contains(x, y), "a name covers a node"

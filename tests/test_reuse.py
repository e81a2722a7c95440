"""Reuse, alignment, substitutions and events (issue 4)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import toolkit

S0, S1, S2, S3, S4 = (
    "000_989eea801e3711f0",
    "001_df90e072d6e6857f",
    "002_b622d3d59e8c8c27",
    "003_b85952d1cb39c4d9",
    "004_a9a89ce97942bf35",
)


@pytest.fixture(scope="module")
def stories(seeds_corpus):
    return seeds_corpus.documents


def _docs(texts: dict[str, str], **columns) -> pd.DataFrame:
    frame = pd.DataFrame({"doc_id": list(texts), "text": list(texts.values())})
    for name, values in columns.items():
        frame[name] = values
    return frame


WIRE = [
    "قال مسؤولون في وزارة الصحة إن الغارات التي شنتها الطائرات على المدينة أسفرت عن سقوط عدد من الضحايا بينهم أطفال ونساء.",
    "وأضاف المسؤولون أن فرق الإنقاذ ما زالت تبحث عن ناجين تحت أنقاض المباني التي دمرت بالكامل خلال الليل.",
    "وأشار البيان إلى أن المستشفيات تعاني نقصا حادا في الأدوية والوقود اللازم لتشغيل المولدات الكهربائية منذ أسابيع.",
]
OWN = [
    f"فقرة خاصة رقم {i} كتبها مراسل الصحيفة عن موضوع مختلف تماما يتعلق بالاقتصاد المحلي والأسعار في الأسواق الشعبية."
    for i in range(12)
]


def test_seeds_pair_000_with_002(stories):
    assert toolkit.find_reuse(stories).empty  # passages, not a republished text
    pairs = toolkit.find_reuse(stories, min_similarity=0.1)
    assert list(zip(pairs["doc_id_a"], pairs["doc_id_b"], strict=True)) == [(S0, S2)]
    row = pairs.iloc[0]
    assert 0.1 < row["containment_a"] < 0.3 and 0.1 < row["containment_b"] < 0.3  # passages, not copies
    assert row["shared_words_a"] > 60
    assert pd.isna(row["earlier"])  # 002 has no date and credits no source


def test_passage_reuse_inside_a_longer_story():
    wire = "\n".join(WIRE)
    story = "\n".join(OWN[:6] + WIRE + OWN[6:])
    pairs = toolkit.find_reuse(_docs({"wire": wire, "story": story, "other": "\n".join(OWN[:3])}))
    pair = pairs[pairs["doc_id_a"].isin(["wire", "story"]) & pairs["doc_id_b"].isin(["wire", "story"])]
    assert len(pair) == 1
    row = pair.iloc[0]
    wire_side = "a" if row["doc_id_a"] == "wire" else "b"
    assert row[f"containment_{wire_side}"] == pytest.approx(1.0)


def test_degenerate_inputs_make_no_bogus_pairs():
    text = " ".join(WIRE)
    docs = _docs(
        {
            "same1": text,
            "same2": text,
            "empty": "",
            "nan": np.nan,
            "latin": "No Arabic here at all, just some English words repeated here.",
            "word": "غزة",
        }
    )
    pairs = toolkit.find_reuse(docs)
    assert list(zip(pairs["doc_id_a"], pairs["doc_id_b"], strict=True)) == [("same1", "same2")]
    assert pairs.iloc[0]["containment_a"] == 1.0 and pairs.iloc[0]["jaccard"] == 1.0
    assert toolkit.find_reuse(docs.iloc[:0]).empty
    assert toolkit.find_reuse(docs.iloc[[2, 3, 4, 5]]).empty


def test_order_of_rows_does_not_matter(stories):
    a = toolkit.find_reuse(stories, min_similarity=0.1)
    b = toolkit.find_reuse(stories.sample(frac=1, random_state=3), min_similarity=0.1)
    assert len(a) == 1
    pd.testing.assert_frame_equal(a, b)


def test_window_and_earlier():
    text = " ".join(WIRE)
    docs = _docs(
        {"x": text, "y": text, "z": text},
        published=pd.to_datetime(["2024-03-01", "2024-03-02", "2024-03-20"], utc=True),
        outlet=["وكالة", "صحيفة", "موقع"],
        source=[None, None, None],
    )
    pairs = toolkit.find_reuse(docs, window_days=3)
    assert list(zip(pairs["doc_id_a"], pairs["doc_id_b"], strict=True)) == [("x", "y")]
    assert pairs.iloc[0]["earlier"] == "x" and pairs.iloc[0]["earlier_by"] == "published"
    # Without dates, a copy that credits the other's outlet marks it as the original.
    credited = docs.assign(published=pd.NaT, source=["", "وكالة", ""]).iloc[:2]
    row = toolkit.find_reuse(credited).iloc[0]
    assert row["earlier"] == "x" and row["earlier_by"] == "credited source"
    assert row["doc_id_a"] == "x"  # oriented from the original to the copy


def _pairs(rows):
    return pd.DataFrame(rows, columns=["doc_id_a", "doc_id_b", "containment_a", "containment_b"])


def test_reuse_clusters_originals_from_publication_dates_only():
    pairs = _pairs([("b", "c", 0.9, 0.9), ("c", "d", 0.8, 0.9), ("b", "d", 0.8, 0.8), ("x", "y", 0.9, 0.9)])
    docs = pd.DataFrame({"doc_id": list("bcdxy"), "published": pd.to_datetime(
        ["2024-01-03", "2024-01-01", "2024-01-02", None, None], utc=True),
        # A crawler's clock is no evidence of which came first.
        "crawled": pd.to_datetime(["2024-01-01", "2024-01-05", "2024-01-05", "2024-01-01", "2024-01-09"], utc=True),
    })  # fmt: skip
    clusters = toolkit.reuse_clusters(pairs, docs).set_index("doc_id")
    assert clusters["cluster_id"].to_dict() == {"b": 0, "c": 0, "d": 0, "x": 1, "y": 1}
    assert clusters.loc["b", "original"] == "c" and clusters.loc["c", "is_original"]
    assert clusters.loc["b", "original_by"] == "published" and clusters.loc["b", "copied_from"] == "c"
    assert clusters.loc["d", "copied_from"] == "c"  # d is linked to c
    # No dates, no credits: a tie, said so, not a pick.
    assert pd.isna(clusters.loc["x", "original"]) and clusters.loc["x", "original_by"] == "tie"
    assert clusters.loc["x", "candidates"] == "x|y" and not clusters.loc[["x", "y"], "is_original"].any()
    assert clusters.loc[["x", "y"], "representative"].sum() == 1
    assert (clusters["n_docs"] == [3, 3, 3, 2, 2]).all()


def test_originals_from_credits_and_wire_agencies():
    wire = " ".join(WIRE)
    pairs = _pairs([("p", "q", 0.9, 0.9), ("q", "r", 0.9, 0.9), ("p", "r", 0.9, 0.9),
                    ("s", "t", 0.9, 0.9), ("u", "v", 0.9, 0.9)])  # fmt: skip
    docs = pd.DataFrame({
        "doc_id": list("pqrstuv"),
        "outlet": ["alriyadh", "okaz", "was", "عكاظ", "alyaum", "okaz", "alyaum"],
        "text": [wire + " (واس)", "الرياض - واس\n" + wire, wire, wire, wire + "\nالمصدر: عكاظ",
                 wire + " (د ب أ)", "واسفر " + wire],
    })  # fmt: skip
    clusters = toolkit.reuse_clusters(pairs, docs).set_index("doc_id")
    assert clusters.loc["p", "original"] == "r" and clusters.loc["p", "original_by"] == "credited source"
    assert clusters.loc["t", "original"] == "s"  # t credits «المصدر: عكاظ», s's outlet
    # u credits dpa, whose document is not in the corpus; «واسفر» is not «واس».
    assert pd.isna(clusters.loc["u", "original"]) and clusters.loc["u", "original_source"] == "dpa"
    # Without credits, a wire agency's own document is the original.
    alone = toolkit.reuse_clusters(pairs.iloc[:3], docs.assign(text=wire)).set_index("doc_id")
    assert alone.loc["p", "original"] == "r" and alone.loc["p", "original_by"] == "wire agency"


def test_clusters_do_not_chain_through_a_roundup():
    # a and c are different stories quoted whole by the roundup r; a2 copies a.
    pairs = _pairs(
        [("a", "r", 0.95, 0.45), ("c", "r", 0.95, 0.45), ("a", "a2", 0.9, 0.9), ("a2", "r", 0.9, 0.42)]
    )
    clusters = toolkit.reuse_clusters(pairs).set_index("doc_id")["cluster_id"]
    assert clusters["a"] == clusters["a2"]
    assert clusters.get("c") is None or clusters["c"] != clusters["a"]


def test_every_two_members_of_a_cluster_share_a_fifth_of_each():
    rng = np.random.default_rng(7)
    n = 40
    rows = []
    for i in range(n):
        for j in rng.choice(n, size=4, replace=False):
            if i < j:
                rows.append((f"d{i:02d}", f"d{j:02d}", *rng.uniform(0.05, 1.0, size=2)))
    pairs = _pairs(rows).drop_duplicates(["doc_id_a", "doc_id_b"])
    clusters = toolkit.reuse_clusters(pairs)
    mutual = {(a, b): min(x, y) for a, b, x, y in pairs.itertuples(index=False)}
    assert clusters["cluster_id"].nunique() > 1
    for _, group in clusters.groupby("cluster_id"):
        ids = sorted(group["doc_id"])
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                assert mutual.get((a, b), mutual.get((b, a), 0.0)) >= 0.2, (a, b)


def test_clusters_link_copies_not_shared_passages():
    pairs = pd.DataFrame(
        {"doc_id_a": ["a", "b"], "doc_id_b": ["b", "c"], "containment_a": [0.9, 0.12],
         "containment_b": [0.8, 0.2], "earlier": [None, None]}
    )  # fmt: skip
    clusters = toolkit.reuse_clusters(pairs)
    assert list(clusters["doc_id"]) == ["a", "b"]  # c only shares a passage with b
    assert len(toolkit.reuse_clusters(pairs, min_similarity=0.1, min_mutual=0.0)) == 3


def test_align_finds_the_framing_edits(stories):
    docs = stories.set_index("doc_id", drop=False)
    edits = toolkit.align(docs.loc[S0], docs.loc[S2])
    pairs = list(zip(edits["op"], edits["a_text"], edits["b_text"], strict=True))
    assert ("substitute", "شهداء", "قتلى") in pairs
    assert ("insert", "", "الإسرائيلي") in pairs
    number = edits[edits["b_text"] == "نحو 1.4 مليون نازح"].iloc[0]
    assert number["a_text"].startswith("عدد كبير من النازحين")
    for e in edits.itertuples():
        assert docs.loc[S0, "text"][e.a_start : e.a_end] == e.a_text
        assert docs.loc[S2, "text"][e.b_start : e.b_end] == e.b_text
    assert toolkit.align(docs.loc[S0, "text"], docs.loc[S0, "text"]).empty
    assert toolkit.align("", "غزة").empty


def test_substitutions_mark_label_changes(stories):
    pairs = toolkit.find_reuse(stories, min_similarity=0.1)
    subs = toolkit.substitutions(stories, pairs)
    changed = subs[subs["label_change"]]
    found = set(zip(changed["concept"], changed["a_variant"], changed["b_variant"], strict=True))
    assert ("the_dead", "martyrs", "killed") in found
    army = subs[(subs["concept"] == "israeli_army")].iloc[0]
    assert (army["op"], army["a_term"], army["b_term"]) == (
        "insert",
        "جيش الاحتلال",
        "جيش الاحتلال الإسرائيلي",
    )
    assert army["outlet_a"] == "الجزيرة"
    matrix = toolkit.substitution_matrix(subs)
    row = matrix[(matrix["a_variant"] == "martyrs") & (matrix["b_variant"] == "killed")].iloc[0]
    assert row["n"] == 1 and row["n_pairs"] == 1
    assert toolkit.substitutions(stories, pairs.iloc[:0]).empty


def test_events_group_the_seed_stories(stories):
    mains = stories[stories["role"] == "main"]
    events = toolkit.cluster_events(mains, window_days=10)
    assert events.nunique() == 1, "the five seeds report one event"
    shuffled = mains.sample(frac=1, random_state=1)
    again = toolkit.cluster_events(shuffled, window_days=10)
    assert (again.loc[mains.index] == events).all()


def test_events_degenerate_inputs():
    assert toolkit.cluster_events(_docs({})).empty
    one = toolkit.cluster_events(_docs({"a": "غزة"}))
    assert one.tolist() == [0]
    same = toolkit.cluster_events(_docs({"a": " ".join(WIRE), "b": " ".join(WIRE), "c": ""}))
    assert same.tolist()[:2] == [0, 0] and same.iloc[2] != 0


def test_the_time_window_holds_both_ways():
    text = " ".join(WIRE)
    docs = _docs(
        {"a_late": text, "b_early": text, "c_close": text},
        published=pd.to_datetime(["2024-03-20", "2024-03-01", "2024-03-19"], utc=True),
    )
    for frame in (docs, docs.iloc[::-1]):
        pairs = toolkit.find_reuse(frame, window_days=3)
        assert set(zip(pairs["doc_id_a"], pairs["doc_id_b"], strict=True)) == {("c_close", "a_late")}


def test_reuse_aware_shares_keep_the_original_and_drop_the_copies():
    from toolkit.compare.shares import label_shares

    # «غزة» in the sentence puts the dead in the lexicon's scope (only in-scope hits count).
    text = "\n".join(WIRE).replace("الضحايا", "الشهداء").replace("على المدينة", "على غزة")
    docs = _docs(
        {"orig": text, "copy1": text, "copy2": text, "other": "سقط عدد من القتلى في الغارات على غزة"},
        outlet=["الجزيرة", "العربية", "العربية", "العربية"],
        published=pd.to_datetime(["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-01"], utc=True),
    )  # fmt: skip
    clusters = toolkit.reuse_clusters(toolkit.find_reuse(docs), docs)
    assert clusters.set_index("doc_id")["is_original"].to_dict() == {
        "orig": True,
        "copy1": False,
        "copy2": False,
    }
    matches = toolkit.annotate(docs)
    shares = label_shares(matches, docs, concept="the_dead", by="outlet", reuse=clusters)
    counted = shares.groupby("outlet")["n_docs"].sum().to_dict()
    # The original (الجزيرة) still counts; its two copies (العربية) do not.
    assert counted.get("الجزيرة", 0) == 1 and counted.get("العربية", 0) == 1


def test_passages_have_offsets_in_both_documents(stories):
    pairs = toolkit.find_reuse(stories, min_similarity=0.1)
    passages = toolkit.reuse.reuse_passages(stories, pairs)
    text = stories.set_index("doc_id")["text"]
    assert len(passages) >= 3 and (passages["n_words"] >= 7).all()
    for p in passages.itertuples():
        a, b = text[p.doc_id_a][p.a_start : p.a_end], text[p.doc_id_b][p.b_start : p.b_end]
        assert a == p.text
        key = [toolkit.arabic.normalize(w, level="search") for w in toolkit.arabic.tokenize(a)]
        assert key == [toolkit.arabic.normalize(w, level="search") for w in toolkit.arabic.tokenize(b)]


def test_template_pairs_are_kept_apart():
    frame = "أعلنت وزارة الداخلية تنفيذ حكم القتل تعزيرا بأحد الجناة في منطقة {} بعد إدانته بتهريب {} إلى المملكة وقد صدر الحكم من المحكمة {} وأيد من محكمة الاستئناف"
    a = frame.format("جازان", "الحشيش المخدر", "الجزائية")
    b = frame.format("نجران", "الأقراص المخدرة", "العامة")
    docs = _docs({"a": a, "b": b})
    pairs = pd.DataFrame({"doc_id_a": ["a"], "doc_id_b": ["b"]})
    assert toolkit.substitutions(docs, pairs).empty
    kept = toolkit.substitutions(docs, pairs, templates=True)
    assert ("جازان", "نجران") in set(zip(kept["a_text"], kept["b_text"], strict=True))


def test_name_spacing_is_not_an_edit():
    a = "استقبل خادم الحرمين الشريفين الملك سلمان بن عبد العزيز في قصر السلام بجدة اليوم وفدا من رجال الأعمال"
    b = "استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز في قصر السلام بجدة اليوم وفدا من رجال الأعمال"
    assert toolkit.align(a, b).empty


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("بناء على ماورد في محضر اللجنة من توصيات", "بناء على ما ورد في محضر اللجنة من توصيات"),
        (
            "قد تنخفض إلى ما يبلغ 20 في المائة من المرتب النهائي",
            "قد تنخفض إلى ما يبلغ 20 في المئة من المرتب النهائي",
        ),
        (
            "كما تراجعت العقود الآجلة الأمريكية للذهب تسليم أغسطس",
            "كما تراجعت العقود الآجلة الأميركية للذهب تسليم أغسطس",
        ),
        ("لتبلغ 1,6 مليون عملية لترتفع في قيمتها", "لتبلغ 1.6 مليون عملية لترتفع في قيمتها"),
        (
            "والغرامة التي لا تقل عن مائتي وخمسين ألف درهم ولا تزيد",
            "والغرامة التي لا تقل عن 250 ألف درهم ولا تزيد",
        ),
    ],
)
def test_spelling_spacing_and_written_figures_are_not_edits(a, b):
    # Orthographic noise read in tests/fixtures/substitutions_read.csv (seed 18).
    assert toolkit.align(a, b).empty


def test_a_word_change_beside_a_figure_is_still_an_edit():
    a = "وقال المتحدث إن الهجوم أسفر عن سقوط 12 شهيدا في المدينة صباح اليوم"
    b = "وقال المتحدث إن الهجوم أسفر عن سقوط 12 قتيلا في المدينة صباح اليوم"
    assert toolkit.align(a, b)[["a_text", "b_text"]].values.tolist() == [["شهيدا", "قتيلا"]]


def test_documents_that_share_no_rare_words_are_not_versions():
    # Two cables from one frame (fixture seed 17, #0): the frame is shared by
    # every cable, the country and the president are not.
    frame = (
        "بعث خادم الحرمين الشريفين برقية تهنئة لفخامة الرئيس {} بمناسبة ذكرى استقلال بلاده وأعرب "
        "باسمه واسم شعب وحكومة المملكة عن أصدق التهاني وأطيب التمنيات بالصحة والسعادة لفخامته "
        "ولحكومة وشعب {} الشقيق اطراد التقدم والازدهار"
    )
    texts = {
        "a": frame.format("خوان مانويل سانتوس", "جمهورية كولومبيا"),
        "b": frame.format("عبدالله يامين", "جمهورية المالديف"),
    }
    # Other cables in the pairs make the frame's words common and the names rare.
    texts.update(
        {f"c{i}": frame.format(f"الرئيس {n}", f"دولة {n}") for i, n in enumerate("سين صاد عين".split())}
    )
    docs = _docs(texts)
    pairs = pd.DataFrame({"doc_id_a": ["a", "c0", "c1"], "doc_id_b": ["b", "c1", "c2"]})
    assert not toolkit.substitutions(docs, pairs)["doc_id_a"].eq("a").any()
    kept = toolkit.substitutions(docs, pairs, templates=True)
    assert ("كولومبيا", "المالديف") in set(zip(kept["a_text"], kept["b_text"], strict=True))
    # A version of cable a (one word changed) shares its rare words: its edit is kept.
    texts["a2"] = texts["a"].replace("أصدق التهاني", "أطيب التهاني")
    pairs = pd.concat([pairs, pd.DataFrame({"doc_id_a": ["a"], "doc_id_b": ["a2"]})], ignore_index=True)
    found = toolkit.substitutions(_docs(texts), pairs)
    assert found[["doc_id_b", "a_text", "b_text"]].values.tolist() == [["a2", "أصدق", "أطيب"]]

"""What the loader must find in the five seed articles (issue 2)."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.paths import SEEDS

S0, S1, S2, S3, S4 = (
    "000_989eea801e3711f0",
    "001_df90e072d6e6857f",
    "002_b622d3d59e8c8c27",
    "003_b85952d1cb39c4d9",
    "004_a9a89ce97942bf35",
)


def test_eight_documents_five_main_three_related(seeds_corpus):
    docs = seeds_corpus.documents
    assert len(docs) == 8
    assert docs["role"].value_counts().to_dict() == {"main": 5, "related": 3}
    related = docs[docs["role"] == "related"]
    assert sorted(related["parent_id"]) == [S0, S1, S3]
    assert docs["doc_id"].is_unique
    assert (seeds_corpus.report["status"] == "loaded").all()


def test_seed_000(seed_docs):
    doc = seed_docs.loc[S0]
    assert doc["title"] == "غالانت يزور واشنطن لبحث اجتياح رفح وقضايا أمنية"
    assert doc["published"] == pd.Timestamp("2024-03-20", tz="UTC")
    # The aggregator's stamp is a crawl time, not the publication date.
    assert doc["crawled"] == pd.Timestamp("2025-12-05 01:30:30", tz="UTC")
    assert doc["source"] == "الجزيرة"
    assert doc["outlet"] == "الجزيرة"
    assert doc["text"].startswith("يتوجه وزير الدفاع الإسرائيلي")
    assert doc["text"].endswith("فضلا عن مستقبل غزة بعد الحرب.")
    assert "جولة بلينكن" in doc["text"], "a sub-heading inside the story stays in the story"
    related = seed_docs.loc[f"{S0}~r1"]
    assert related["title"] == "نتنياهو يزور أمريكا لمـدة 4 أيام"
    assert related["text"].startswith("أفادت القناة 12 الإسرائيلية")
    assert related["text"].endswith("مقابل ترتيبات لنزع السلاح جنوب البلاد.")
    # The headline links glued into one line are not story text.
    assert "الناخبينياسر" not in related["text"]


def test_seed_001_glued_attribution(seed_docs):
    doc = seed_docs.loc[S1]
    assert doc["published"] == pd.Timestamp("2024-03-27", tz="UTC")
    assert doc["source"] == "الجزيرة + وكالات"
    assert doc["outlet"] == "صحيفة المرصد الليبية"
    assert doc["dateline"] == "الولايات المتحدة"
    assert doc["text"].startswith("انطلقت في مقر وزارة الدفاع")
    assert doc["text"].endswith("وفق ما نقلت إذاعة الجيش الإسرائيلي عنه.")
    assert "المصدر" not in doc["text"]
    related = seed_docs.loc[f"{S1}~r1"]
    assert related["title"].startswith("تصاعد التوتر التركي-الإسرائيلي")
    assert related["outlet"] == "صحيفة المرصد الليبية"


def test_seed_002_is_all_body():
    doc_text = (SEEDS / f"{S2}.txt").read_text(encoding="utf-8")
    from toolkit import load_corpus

    docs = load_corpus(SEEDS / f"{S2}.txt").documents
    assert len(docs) == 1
    row = docs.iloc[0]
    assert pd.isna(row["title"]) and pd.isna(row["published"])
    assert row["text"] == doc_text.strip()


def test_seed_003(seed_docs):
    doc = seed_docs.loc[S3]
    assert doc["outlet"] == "صدى البلد"
    # The file spells the tag with a Persian yeh; tags are clean-normalized.
    assert doc["tags"] == ["الولايات المتحدة"]
    related = seed_docs.loc[f"{S3}~r1"]
    assert related["source"] == "صفا"
    assert related["text"].startswith("قالت حركة المقاومة الإسلامية")
    assert related["title"].startswith("حماس: الاستيطان بالضفة")


def test_seed_004_aggregator_wrapping(seed_docs):
    doc = seed_docs.loc[S4]
    assert doc["title"] == "جهود مكثفة في واشنطن لرأب التصدعات المتزايدة مع إسرائيل"
    assert doc["outlet"] == "كتاكيت"
    assert doc["text"].startswith("تكثفت ضغوط مجلس الأمن")
    assert doc["text"].endswith("إصلاحاً حقيقياً للسلطة الفلسطينية».")
    for residue in ("كتاكيت", "ننقل لكم", "نتمنى لكم", "اشترك", "اكتشاف المزيد"):
        assert residue not in doc["text"]


@pytest.mark.parametrize(("seed", "in_file", "in_story"), [(S0, 7, 3), (S3, 12, 4)])
def test_hamas_counts_story_versus_file(seed_docs, seed, in_file, in_story):
    raw = (SEEDS / f"{seed}.txt").read_text(encoding="utf-8")
    assert raw.count("حماس") == in_file
    assert seed_docs.loc[seed, "text"].count("حماس") == in_story


def test_segment_kinds_on_seed_000(seeds_corpus):
    segs = seeds_corpus.segments
    kinds = segs[segs["path"] == f"{S0}.txt"].sort_values("start")
    content = kinds[kinds["kind"] != "blank"]
    assert list(content["kind"][:5]) == ["header", "crawl_stamp", "title", "date", "title"]
    assert set(content["kind"]) >= {"attribution", "tags", "related_marker", "share_widget", "similar_list"}

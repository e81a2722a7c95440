"""The no-data-loss guarantee: segments tile every input exactly."""

from __future__ import annotations

import string

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.load.markers import load_markers
from toolkit.load.page import PageParser, assemble_text

PARSER = PageParser(load_markers())

ARABIC_WORDS = ["حماس", "غزة", "قال", "الاحتلال", "وزير", "الدفاع", "إسرائيل", "رفح", "شهداء", "واشنطن"]
FURNITURE = [
    "الجزيرة:\n2025-12-05@01:30:30 GMT",
    "تاريخ النشر: 20th, March 2024 GMT",
    "المصدر : الجزيرة + وكالاتالمصدر: صحيفة المرصد الليبية",
    "كلمات دلالية: رمضان 1445 هـ حريات",
    "إقرأ أيضاً:",
    "مقالات مشابهة",
    "  • وزير الدفاع: الحوثيون يبنون شبكة",
    "طباعة شارك نتنياهو أمريكا",
    "ننقل لكم في موقع كتاكيت موضوع (عنوان ما )",
    "اشترك للحصول على أحدث التدوينات",
    "\u00a0",
    "الولايات المتحدة – انطلقت في مقر وزارة الدفاع اليوم مباحثات بين الوزيرين",
]
sentence = (
    st.lists(st.sampled_from(ARABIC_WORDS), min_size=1, max_size=30).map(" ".join).map(lambda s: s + ".")
)
noise = st.text(alphabet=string.printable + "حماسغزةـًٌ\u200f\u00a0ی٠١", max_size=40)
line = st.one_of(sentence, st.sampled_from(FURNITURE), noise)
separator = st.sampled_from(["\n", "\n\n", "\r\n", "\n \n", "\n\u00a0\n"])


@st.composite
def pages(draw) -> str:
    lines = draw(st.lists(line, min_size=0, max_size=25))
    seps = draw(st.lists(separator, min_size=len(lines), max_size=len(lines)))
    lead = draw(st.sampled_from(["", " ", "\n", "\ufeff"]))
    return lead + "".join(text + sep for text, sep in zip(lines, seps, strict=True))


def _check_tiling(text: str, segments) -> None:
    cursor = 0
    for start, end, _kind, _doc in segments:
        assert start == cursor, "segments must be contiguous"
        assert end > start, "no empty segments"
        cursor = end
    assert cursor == len(text), "segments must cover the text to its end"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages())
def test_segments_tile_generated_pages(text):
    result = PARSER.parse(text)
    _check_tiling(text, result.segments)
    for k in range(len(result.docs)):
        body, offsets = assemble_text(result.segments, text, k)
        # The story text is made of raw segments, at the offsets recorded.
        for position, offset in offsets.items():
            s, e, _, _ = result.segments[position]
            assert body[offset : offset + e - s] == text[s:e]
        assert body == body.strip() or body == ""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pages())
def test_loaded_corpus_tiles_and_locates(tmp_path_factory, text):
    import toolkit

    folder = tmp_path_factory.mktemp("pages")
    (folder / "page.txt").write_text(text, encoding="utf-8")
    corpus = toolkit.load_corpus(folder)
    assert len(corpus.report) == 1
    decoded = text.removeprefix("\ufeff")
    if decoded:
        # Loaded or rejected, the decoded text is kept whole.
        assert corpus.raw_text("page.txt") == decoded
    for doc in corpus.documents.itertuples():
        path, _record, a, b = corpus.locate(doc.doc_id, 0, len(doc.text))
        raw = corpus.raw_text(path)
        assert raw[a:b].startswith(doc.text[:1]) and raw[a:b].endswith(doc.text[-1:])


def test_seed_segments_tile_files(seeds_corpus):
    from toolkit.paths import SEEDS

    for path, group in seeds_corpus.segments.groupby("path"):
        group = group.sort_values("start")
        raw = (SEEDS / path).read_text(encoding="utf-8")
        assert group["start"].iloc[0] == 0 and group["end"].iloc[-1] == len(raw)
        assert (group["start"].to_numpy()[1:] == group["end"].to_numpy()[:-1]).all()
        assert "".join(group["text"]) == raw


def test_text_start_maps_every_story_character(seeds_corpus):
    segs = seeds_corpus.segments[seeds_corpus.segments["text_start"].notna()]
    docs = seeds_corpus.documents.set_index("doc_id")
    for row in segs.itertuples():
        text = docs.loc[row.doc_id, "text"]
        assert text[row.text_start : row.text_start + len(row.text)] == row.text
    covered = segs.groupby("doc_id")["text"].apply(lambda t: sum(map(len, t)))
    assert (covered == docs.loc[covered.index, "text"].str.len()).all()


def test_locate_maps_a_word_back_to_the_file(seeds_corpus):
    docs = seeds_corpus.documents.set_index("doc_id")
    text = docs.loc["001_df90e072d6e6857f", "text"]
    start = text.index("حركة الفصائل الفلسطينية")
    path, record, a, b = seeds_corpus.locate("001_df90e072d6e6857f", start, start + 23)
    assert pd.isna(record)
    assert seeds_corpus.raw_text(path)[a:b] == "حركة الفصائل الفلسطينية"

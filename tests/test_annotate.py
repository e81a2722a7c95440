"""Lexicon annotation (issue 3): seeds, clitic rules, validation, evidence tools."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit
from toolkit.annotation import Matcher
from toolkit.yamlio import YamlError

S0, S1, S2, S3 = (
    "000_989eea801e3711f0",
    "001_df90e072d6e6857f",
    "002_b622d3d59e8c8c27",
    "003_b85952d1cb39c4d9",
)


@pytest.fixture(scope="module")
def seed_matches(seeds_corpus):
    return toolkit.annotate(seeds_corpus.documents)


def _count(matches, doc_id, variant, field="text"):
    chosen = (matches["doc_id"] == doc_id) & (matches["variant"] == variant) & (matches["field"] == field)
    return int(chosen.sum())


def test_every_match_is_verifiable(seeds_corpus, seed_matches):
    docs = seeds_corpus.documents.set_index("doc_id")
    assert set(seed_matches["field"]) == {"title", "text"}  # headlines are annotated too
    for m in seed_matches.itertuples():
        text = docs.loc[m.doc_id, m.field]
        assert text[m.start : m.end] == m.surface
        assert m.sentence_start <= m.start < m.end <= m.sentence_end
        sentence = text[m.sentence_start : m.sentence_end]
        assert sentence == sentence.strip() and "\n" not in sentence


@pytest.mark.parametrize(
    ("doc_id", "variant", "expected"),
    [
        (S1, "palestinian_factions", 3),  # «حركة الفصائل الفلسطينية»: the republisher's find-and-replace
        (S1, "hamas", 0),
        (S1, "israeli_army", 2),
        (S0, "martyrs", 1),
        (S0, "occupation_army", 1),
        (S2, "killed", 1),
        (S2, "occupation_army", 1),
        (S2, "martyrs", 0),
        (S0, "invasion_sweep", 2),
        (S2, "invasion_sweep", 2),
    ],
)
def test_expected_counts_on_seed_stories(seed_matches, doc_id, variant, expected):
    assert _count(seed_matches, doc_id, variant) == expected


def test_headlines_are_annotated(seeds_corpus, seed_matches):
    titles = seed_matches[seed_matches["field"] == "title"]
    assert _count(seed_matches, S0, "invasion_sweep", field="title") == 1  # «لبحث اجتياح رفح»
    row = titles[titles["doc_id"] == S0].iloc[0]
    assert seeds_corpus.documents.set_index("doc_id").loc[S0, "title"][row["start"] : row["end"]] == "اجتياح"
    only_text = toolkit.annotate(seeds_corpus.documents, fields=["text"])
    assert len(only_text) == (seed_matches["field"] == "text").sum()
    with pytest.raises(ValueError, match="fields"):
        toolkit.annotate(seeds_corpus.documents, fields=["body"])


def test_substitution_fingerprints(seed_matches):
    seed_matches = seed_matches[seed_matches["field"] == "text"]
    factions = seed_matches[
        (seed_matches["doc_id"] == S1) & (seed_matches["variant"] == "palestinian_factions")
    ]
    assert set(factions["surface"]) == {"حركة الفصائل الفلسطينية"}
    invasion = seed_matches[(seed_matches["doc_id"] == S0) & (seed_matches["variant"] == "invasion_sweep")]
    assert list(invasion["surface"]) == ["اجتياح", "لاجتياح"]
    assert list(invasion["proclitics"]) == ["", "ل"]
    army = seed_matches[(seed_matches["doc_id"] == S2) & (seed_matches["variant"] == "occupation_army")]
    assert list(army["surface"]) == ["جيش الاحتلال الإسرائيلي"]  # the longest term wins


def test_hamas_mentions_in_story_and_after_it(seeds_corpus, seed_matches):
    """003: 4 of the file's 12 «حماس» are in the story."""
    in_story = seed_matches[(seed_matches["doc_id"] == S3) & (seed_matches["concept"] == "hamas_naming")]
    assert _count(seed_matches, S3, "hamas") == 4
    assert len(in_story) == 4


def test_appositive_is_one_mention_with_both_labels(seed_matches):
    seed_matches = seed_matches[seed_matches["field"] == "text"]
    m0 = seed_matches[(seed_matches["doc_id"] == S0) & (seed_matches["concept"] == "hamas_naming")]
    first = m0.iloc[0]
    assert first["variant"] == "resistance_movement"
    assert first["appositive_variant"] == "hamas" and first["appositive_surface"] == "حماس"
    assert list(m0["variant"]) == ["resistance_movement", "hamas", "hamas"]
    related = seed_matches[seed_matches["doc_id"] == f"{S3}~r1"].iloc[0]
    assert related["variant"] == "resistance_movement" and related["appositive_variant"] == "hamas"


def test_quoted_speech_is_flagged(seed_matches):
    hostages = seed_matches[(seed_matches["doc_id"] == S1) & (seed_matches["variant"] == "hostages")].iloc[0]
    assert hostages["in_quote"]  # “حتى عودة جميع الرهائن الإسرائيليين”
    martyrs = seed_matches[(seed_matches["doc_id"] == S0) & (seed_matches["variant"] == "martyrs")].iloc[0]
    assert not martyrs["in_quote"]


def _one(text: str, lexicon=None) -> pd.DataFrame:
    return toolkit.annotate(pd.DataFrame({"doc_id": ["d"], "text": [text]}), lexicon)


MATCHING = [
    # (text, variant, surface, proclitics)
    ("قالت وحماس إن", "hamas", "وحماس", "و"),
    ("تابعة لحماس أو", "hamas", "لحماس", "ل"),
    ("فبحماس تمسك", "hamas", "فبحماس", "فب"),
    ("أصيب برصاص الاحتلال هنا", "occupation", "برصاص الاحتلال", "ب"),
    # The article counts as a proclitic of a term written without it
    # («مستوطنين»); «الأسرى» is written with it (its own context), like «الاحتلال».
    ("وبالمستوطنين الإسرائيليين", "settlers", "وبالمستوطنين", "وبال"),
    ("دعا لجيش الاحتلال أن", "occupation_army", "لجيش الاحتلال", "ل"),
    ("للمستوطنين حقوق في الضفة", "settlers", "للمستوطنين", "لل"),
    ("للأسرى حقوق", "prisoners", "للأسرى", "ل"),
    ("عدد الشهداء ارتفع", "martyrs", "الشهداء", "ال"),
    ("بين حَمَاسٍ وإسرائيل", "hamas", "حَمَاسٍ", ""),
    ("دعم اسرائيل", "israel", "اسرائيل", ""),
    ("دعم إسرائـيل", "israel", "إسرائـيل", ""),
    ("أطلق رهائنهم", "hostages", "رهائنهم", ""),
    ("في الأراضي الفلسطينية المحتلة", "occupied_territories", "الأراضي الفلسطينية المحتلة", ""),
    ("على شعبنا في غزة والضفة", "the_bank", "والضفة", "و"),
]


@pytest.mark.parametrize(("text", "variant", "surface", "proclitics"), MATCHING)
def test_clitic_aware_matching(text, variant, surface, proclitics):
    got = _one(text)
    if variant is None:
        assert got.empty
        return
    row = got[got["variant"] == variant]
    assert len(row) == 1, got[["variant", "surface"]]
    assert row["surface"].iloc[0] == surface
    assert row["proclitics"].iloc[0] == proclitics


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("حماسة الجمهور", "ta marbuta: enthusiasm"),
        ("بكل الحماس", "the article: the name never takes it"),
        ("الخطاب الحماسي", "an adjective built on the word"),
        ("حماسهم كبير", "a pronoun suffix the term does not allow"),
        ("استقبلوا الخبر بحماس شديد", "an exception phrase"),
        ("رحب بكل حماس بالقرار", "an exception phrase that starts before the term"),
        ("الموقف الإسرائيلي", "the adjective is not the state's name"),
        ("الحكومة الإسرائيلية", "nor its feminine"),
        ("المستوطناتهم", "no enclitics unless allowed"),
    ],
)
def test_no_false_hits(text, why):
    got = _one(text)
    assert not got["concept"].isin(["hamas_naming", "israel_naming", "settlements"]).any(), why


SHORT = {
    "name": "short",
    "concepts": {
        "c": {
            "variants": {"v": {"frame": "f", "terms": ["ليد"]}, "w": {"frame": "f", "terms": ["جيش العدو"]}}
        }
    },
}


def test_short_terms_never_match_through_a_clitic_split():
    assert _one("قال وليد إن", SHORT).empty
    assert list(_one("صافح ليد الضيف", SHORT)["surface"]) == ["ليد"]
    assert list(_one("الليد الجديد", SHORT)["surface"]) == ["الليد"]  # with the article it is a clitic
    assert list(_one("قال لجيش العدو", SHORT)["surface"]) == ["لجيش العدو"]  # phrases are anchored


@pytest.mark.parametrize("text", ["", "   ", None, np.nan, "Hamas and Israel", "123 456", "ـــ"])
def test_degenerate_texts(text):
    assert _one(text).empty


def test_empty_documents_table():
    got = toolkit.annotate(
        pd.DataFrame({"doc_id": pd.Series([], dtype=str), "text": pd.Series([], dtype=str)})
    )
    assert got.empty and list(got.columns) == list(toolkit.annotation.MATCHES)


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="lacks column"):
        toolkit.annotate(pd.DataFrame({"body": ["حماس"]}))


_words = st.sampled_from(
    ["حماس", "حماسة", "جيش", "الاحتلال", "قال", "و", "لل", "شهداء", "غزة", "(", ")", "«", "»"]
)
_glue = st.sampled_from(["", " ", "  ", "\n", "، "])


@settings(max_examples=120, deadline=None)
@given(st.lists(st.tuples(_words, _glue), max_size=20))
def test_surfaces_always_equal_text_slices(pieces):
    text = "".join(w + g for w, g in pieces)
    got = _one(text)
    for m in got.itertuples():
        assert text[m.start : m.end] == m.surface
    starts, ends = got["start"].to_numpy(), got["end"].to_numpy()
    assert (starts[1:] >= ends[:-1]).all(), "mentions do not overlap"


def test_matching_is_chunk_independent(seeds_corpus, seed_matches, monkeypatch):
    from toolkit.annotation import match

    monkeypatch.setattr(match, "CHUNK_CHARS", 3000)
    pd.testing.assert_frame_equal(toolkit.annotate(seeds_corpus.documents), seed_matches)


def test_matcher_is_reusable(seeds_corpus, seed_matches):
    matcher = Matcher()
    pd.testing.assert_frame_equal(toolkit.annotate(seeds_corpus.documents, matcher=matcher), seed_matches)


# -- lexicon files ------------------------------------------------------------


def _write(tmp_path, text):
    path = tmp_path / "lex.yml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """name: t
concepts:
  dead:
    description: the dead
    variants:
      martyrs: {frame: martyrdom, terms: [شهداء]}
      killed:
        frame: neutral
        terms:
          - قتلى
          - {term: قتيل, enclitics: false}
"""


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    description: the dead\n",
            "    description: the dead\n    colour: red\n",
            "line 5: unknown key 'colour'",
        ),
        ("          - قتلى\n", "          - ''\n", "line 10: a term must be a non-empty string"),
        (
            "          - قتلى\n",
            "          - شهداء\n",
            "line 10: term 'شهداء' is listed twice (also in dead.martyrs, line 6)",
        ),
        ("enclitics: false", "enclitics: maybe", "line 11: option 'enclitics' must be true or false"),
        ("{term: قتيل, enclitics: false}", "{term: قتيل, stem: true}", "line 11: unknown key 'stem'"),
        ("{frame: martyrdom, terms: [شهداء]}", "{terms: [شهداء]}", "line 6: 'frame' of variant dead.martyrs"),
        ("terms: [شهداء]", "terms: []", "line 6: variant dead.martyrs needs a non-empty 'terms' list"),
        ("name: t\n", "name: t\nname: u\n", "line 2: duplicate key 'name'"),
        ("      martyrs:", "      martyrs: : :", "line 6: invalid YAML"),
    ],
)
def test_malformed_lexicons_name_file_and_line(tmp_path, old, new, message):
    assert old in GOOD
    path = _write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(YamlError) as err:
        toolkit.load_lexicon(path)
    assert str(err.value).startswith(str(path))
    assert message in str(err.value)


def test_good_lexicon_and_mapping_agree(tmp_path):
    import yaml

    from_file = toolkit.load_lexicon(_write(tmp_path, GOOD))
    from_dict = toolkit.load_lexicon(yaml.safe_load(GOOD))
    assert from_file.to_frame().equals(from_dict.to_frame())
    assert from_file.sha256 == from_dict.sha256


def test_exception_must_contain_its_term():
    bad = {
        "name": "x",
        "concepts": {
            "c": {"variants": {"v": {"frame": "f", "terms": [{"term": "حماس", "exceptions": ["شديد"]}]}}}
        },
    }
    with pytest.raises(YamlError, match="does not contain the term"):
        toolkit.load_lexicon(bad)


def test_default_lexicon_covers_the_issue_concepts():
    lex = toolkit.load_lexicon()
    frame = lex.to_frame()
    needed = {
        "hamas_naming": [
            "حماس",
            "حركة المقاومة الإسلامية",
            "الفصائل الفلسطينية",
            "الفصائل",
            "المقاومة",
            "مسلحين",
            "إرهابيين",
        ],
        "israeli_army": ["جيش الاحتلال", "الجيش الإسرائيلي", "قوات الاحتلال", "قوات الدفاع الإسرائيلية"],
        # «الاحتلال» is counted as the actor only, in constructions (issue 12).
        "israel_naming": ["إسرائيل", "جنود الاحتلال", "رصاص الاحتلال", "دولة الاحتلال", "الكيان الصهيوني"],
        "the_dead": ["شهداء", "قتلى", "ضحايا"],
        "captives": ["رهائن", "محتجزين", "أسرى", "مختطفين"],
        "war_naming": ["الحرب على غزة", "الحرب في غزة", "العدوان الإسرائيلي", "الحرب الإسرائيلية"],
        "military_action": ["اجتياح", "الهجوم الإسرائيلي", "عملية عسكرية", "غزو"],
        "settlements": ["مستوطنات", "مستوطنين", "مستعمرات"],
        "territories": ["الأراضي المحتلة", "الضفة الغربية", "يهودا والسامرة"],
        "genocide": ["الإبادة الجماعية"],
    }
    for concept, terms in needed.items():
        listed = set(frame.loc[frame["concept"] == concept, "term"])
        assert set(terms) <= listed, (concept, set(terms) - listed)
    assert lex.variants["description"].str.len().gt(0).all()


# -- evidence tools -------------------------------------------------------------


def test_kwic_renders_right_to_left(seeds_corpus, seed_matches):
    table = toolkit.kwic(seeds_corpus.documents, seed_matches, width=30)
    assert len(table) == len(seed_matches)
    assert (table["match"] == seed_matches["surface"]).all()
    html = table._repr_html_()
    assert 'dir="rtl"' in html and "<mark><b>حركة الفصائل الفلسطينية</b></mark>" in html
    assert isinstance(table[table["outlet"] == "كتاكيت"], toolkit.annotation.KwicTable)


def test_review_sample_and_precision(tmp_path, seeds_corpus, seed_matches):
    path = tmp_path / "review.csv"
    sample = toolkit.sample_for_review(
        seed_matches, documents=seeds_corpus.documents, per_variant=3, seed=1, path=path
    )
    shuffled = toolkit.sample_for_review(
        seed_matches.sample(frac=1, random_state=5), documents=seeds_corpus.documents, per_variant=3, seed=1
    )
    assert list(sample["match_id"]) == list(shuffled["match_id"]), "independent of row order"
    assert sample.groupby("variant").size().max() == 3
    reviewed = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    reviewed["correct"] = np.where(reviewed["variant"] == "attack", "no", "yes")
    reviewed.loc[reviewed.index[-1], "correct"] = ""  # not reviewed yet
    reviewed.to_csv(path, index=False, encoding="utf-8-sig")
    precision = toolkit.lexicon_precision(path).set_index("variant")
    assert precision.loc["attack", "precision"] == 0
    assert precision.loc["israel", "precision"] == 1
    assert precision.loc["israel", "n_reviewed"] == 3
    assert 0 < precision.loc["israel", "ci_low"] < 1 and precision.loc["israel", "ci_high"] == pytest.approx(
        1
    )
    reviewed.loc[2, "correct"] = "maybe"
    with pytest.raises(ValueError, match=r"row 4 .*'maybe'"):
        toolkit.lexicon_precision(reviewed)


def test_counts_with_rates(seeds_corpus, seed_matches):
    table = toolkit.counts(seed_matches, seeds_corpus.documents, by="doc_id")
    row = table[(table["doc_id"] == S1) & (table["variant"] == "palestinian_factions")].iloc[0]
    assert row["n_mentions"] == 3 and row["n_docs"] == 1
    tokens = toolkit.document_lengths(seeds_corpus.documents)[S1]
    assert row["group_tokens"] == tokens
    assert row["rate_per_1000"] == pytest.approx(3000 / tokens)
    by_outlet = toolkit.counts(seed_matches, seeds_corpus.documents, by="outlet")
    # Counts are of in-scope hits (issue 12).
    assert by_outlet["n_mentions"].sum() == seed_matches["in_scope"].sum()

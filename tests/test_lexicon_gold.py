"""The hand-coded gold sample agrees with the bundled lexicon and with the corpora it was drawn from."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import toolkit
from toolkit.arabic.normalize import normalize
from toolkit.lexicon import term_key
from toolkit.paths import ANT_POLITICS, REPO, SAUDINEWSNET

GOLD = REPO / "tests" / "fixtures" / "gold"
CORPORA = {"ant": ANT_POLITICS, "snn": SAUDINEWSNET}
COLUMNS = [
    "corpus",
    "doc_id",
    "field",
    "start",
    "end",
    "concept",
    "variant",
    "term",
    "rank",
    "round",
    "mark",
    "note",
]
ARABIC = re.compile(r"[\u0600-\u06FF]")
#: Terms coded in earlier rounds and removed since: bare «هجوم» and «العدوان»
#: (session 1), bare «الاحتلال» and «الاحتلال الإسرائيلي/الصهيوني» (the
#: occupation counts only in actor constructions since session 2), and
#: «الحرب التي شنتها إسرائيل» (session 2: it swallowed the «إسرائيل» inside it).
REMOVED_TERMS = {
    "هجوم",
    "هجوما",
    "العدوان",
    "عدوان",
    "عدوانا",
    "الاحتلال",
    "الاحتلال الإسرائيلي",
    "الاحتلال الصهيوني",
    "الحرب التي شنتها إسرائيل",
}


def gold(corpus: str) -> pd.DataFrame:
    return pd.read_csv(GOLD / f"precision_{corpus}.csv", dtype={"doc_id": str, "field": str, "note": str})


@pytest.fixture(scope="module")
def lexicon() -> toolkit.Lexicon:
    return toolkit.load_lexicon()


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_fixture_is_well_formed_and_holds_no_corpus_text(corpus):
    frame = gold(corpus)
    assert list(frame.columns) == COLUMNS
    assert (frame["corpus"] == corpus).all()
    assert frame["mark"].isin([0, 1]).all()
    assert frame["field"].isin(["title", "text"]).all()
    assert (frame["start"] < frame["end"]).all() and (frame["start"] >= 0).all()
    assert not frame.duplicated(["doc_id", "field", "start", "variant"]).any()
    # Marks and short English notes only: the corpora's licences do not
    # clearly allow republishing their text.
    notes = frame["note"].fillna("")
    assert not notes.str.contains(ARABIC).any()
    assert notes.str.len().max() <= 80
    # Every wrong hit says why.
    assert (notes[frame["mark"] == 0] != "").all()


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_every_coded_variant_is_in_the_bundled_lexicon(corpus, lexicon):
    frame = gold(corpus)
    known = set(zip(lexicon.variants["concept"], lexicon.variants["variant"], strict=True))
    coded = set(zip(frame["concept"], frame["variant"], strict=True))
    assert coded <= known, coded - known
    terms = set(lexicon.to_frame()["term"])
    forms = toolkit.Matcher(lexicon).forms
    # A coded term is a term of the lexicon, a word form it generates
    # («شهيدا», «قتيلين»), or a term removed after its rounds were coded
    # (the lexicon README says why); such rows stay as coded.
    unknown = frame.loc[~frame["term"].isin(terms), "term"]
    unknown = unknown[~unknown.map(lambda t: term_key(t) in forms)]
    assert set(unknown) <= REMOVED_TERMS, set(unknown) - REMOVED_TERMS


def test_tuned_variants_were_coded(lexicon):
    tuned = pd.read_csv(GOLD / "tuned.csv")
    for corpus, variant, after in zip(tuned["corpus"], tuned["variant"], tuned["after_round"], strict=True):
        frame = gold(corpus)
        assert ((frame["variant"] == variant) & (frame["round"] == after)).any(), (corpus, variant)
    assert set(tuned["variant"]) <= set(lexicon.variants["variant"])


def test_bundled_lexicon_loads_with_scopes_and_labels(lexicon):
    assert set(lexicon.scopes) == {"palestine", "hamas", "israel", "elsewhere"}
    frame = lexicon.to_frame()
    context = dict(zip(frame["term"], frame["context"], strict=False))
    # Names need no context; context-free words do.
    assert context["حماس"] != "" and context["جيش الاحتلال"] == ""
    for word in ["المقاومة", "قتلى", "مسلحين", "غارات", "التصعيد"]:
        assert context[word] != "", word
    assert lexicon.variants["label"].str.len().gt(0).all()
    assert lexicon.variants["label_en"].str.len().gt(0).all()
    assert lexicon.concept_labels["label"].str.len().gt(0).all()


def test_scopes_decide_what_counts(lexicon):
    docs = pd.DataFrame(
        {
            "doc_id": ["gaza", "yemen", "sport"],
            "text": [
                "قتلى في غارات إسرائيلية على قطاع غزة.",
                "قتلى في غارات على صنعاء. المقاومة الشعبية في تعز.",
                "لعب الفريق بحماس شديد ووسط حماس الجماهير.",
            ],
        }
    )
    matches = toolkit.annotate(docs, lexicon)
    counted = matches[matches["in_scope"]]
    assert set(counted["doc_id"]) == {"gaza"}
    assert set(counted["variant"]) == {"killed", "airstrikes"}
    anchors = set(counted["scope_anchor"])
    assert anchors == {"قطاع غزة"}


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_offsets_point_at_the_coded_terms(corpus):
    if not CORPORA[corpus].exists():
        pytest.skip(f"{CORPORA[corpus]} not present: offsets can only be checked against the corpus")
    frame = gold(corpus)
    documents = toolkit.load_corpus(CORPORA[corpus]).documents.set_index("doc_id")
    assert frame["doc_id"].isin(documents.index).all()
    for row in frame.itertuples():
        text = documents.at[row.doc_id, row.field]
        assert row.end <= len(text), row
        # Hashtags join a name's words with «_» (#جيش_الاحتلال); quotation marks
        # may stand between a name's words (حركة "المقاومة الإسلامية").
        surface = re.sub(r'[_"«»“”]+', " ", normalize(text[row.start : row.end], level="search"))
        surface = " ".join(surface.split())
        key = normalize(row.term, level="search")
        stem = key[2:] if key.startswith("ال") and len(key) > 4 else key
        assert stem[:-1] in surface, (row.doc_id, row.start, row.term, text[row.start : row.end])


RECALL_COLUMNS = ["corpus", "doc_id", "field", "start", "end", "concept", "surface", "sample", "half", "note"]


def recall(corpus: str) -> pd.DataFrame:
    return pd.read_csv(GOLD / f"recall_{corpus}.csv", dtype={"doc_id": str}, keep_default_na=False)


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_recall_sample_is_well_formed(corpus, lexicon):
    frame = recall(corpus)
    assert list(frame.columns) == RECALL_COLUMNS
    assert (frame["corpus"] == corpus).all()
    assert set(frame["sample"]) <= {"s1", "s2"} and set(frame["half"]) <= {"tuning", "held_out"}
    if corpus == "ant":
        # Sample s1: 30 documents for every concept, 12 more for the dead only
        # (read before the lexicon's last revision: tuning).
        s1 = frame[frame["sample"] == "s1"]
        assert s1["doc_id"].nunique() == 42 and (s1["half"] == "tuning").all()
    listed = frame[frame["start"] >= 0]
    assert (listed["start"] < listed["end"]).all()
    assert set(listed["concept"]) <= set(lexicon.variants["concept"])
    # Every listed instance is a short label, not a passage (the corpora's
    # licences allow no more than short surfaces).
    assert listed["surface"].str.len().between(1, 39).all()
    assert (listed["surface"].str.strip() == listed["surface"]).all()
    assert listed["surface"].str.contains(ARABIC).all()
    assert not listed.duplicated(["sample", "doc_id", "field", "start", "concept"]).any()


def test_recall_draw_is_split_into_halves_before_tuning():
    docs = pd.read_csv(GOLD / "recall_docs.csv", dtype={"doc_id": str}, keep_default_na=False)
    assert list(docs.columns) == ["corpus", "concept", "doc_id", "rank", "about", "half", "note"]
    for (corpus, concept), group in docs.groupby(["corpus", "concept"]):
        group = group.sort_values("rank")
        # Read in key order, without gaps, until 30 documents were about the referent.
        assert list(group["rank"]) == list(range(1, len(group) + 1)), (corpus, concept)
        assert group["about"].sum() <= 30
        about = group[group["about"] == 1]
        # The 1st, 3rd, … document about the referent tunes; the 2nd, 4th, … is held out.
        expected = ["tuning" if i % 2 == 0 else "held_out" for i in range(len(about))]
        assert list(about["half"]) == expected, (corpus, concept)
        # A document set aside says why.
        assert (group.loc[group["about"] == 0, "note"] != "").all()
        # Its instances sit in documents about the referent, in the same half.
        listed = recall(corpus)
        listed = listed[(listed["sample"] == "s2") & (listed["concept"] == concept)]
        half = dict(zip(about["doc_id"], about["half"], strict=True))
        assert listed["doc_id"].map(half).eq(listed["half"]).all(), (corpus, concept)
        # Every document about the referent has at least one instance listed.
        assert set(about["doc_id"]) == set(listed["doc_id"]), (corpus, concept)

"""Referent scopes (issue 12): hits that need context count only beside an anchor."""

from __future__ import annotations

import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest

import toolkit
import toolkit.annotation.match as match_module
from toolkit.lexicon import LexiconError, validate_lexicon
from toolkit.yamlio import YamlError

#: A small lexicon with two scopes, contexts on a concept, variants and terms.
LEXICON = {
    "name": "scoped",
    "scopes": {
        "israel_palestine": {
            "description": "the passage is about Israel and the Palestinians",
            "terms": [
                {"term": "غزة", "min_stem": 3},
                "فلسطين",
                "الفلسطينية",
                "الفلسطينيين",
                {"term": "إسرائيل", "article": False, "exceptions": ["بني إسرائيل", "إسرائيل هيوم"]},
                "الاحتلال",
                {"term": "حماس", "article": False},
            ],
        },
        "yemen": ["اليمن", "الحوثيين"],
    },
    "concepts": {
        "hamas_naming": {
            "variants": {
                "hamas": {"frame": "name", "terms": [{"term": "حماس", "article": False}]},
                "resistance": {
                    "frame": "resistance",
                    "context": {"scope": "israel_palestine"},
                    "terms": ["المقاومة"],
                },
                "militants": {
                    "frame": "militancy",
                    "context": {"scope": "israel_palestine", "within": 3},
                    "terms": ["مسلحين"],
                },
            }
        },
        "the_dead": {
            "context": {"scope": "israel_palestine", "within": "paragraph"},
            "variants": {
                "martyrs": {"frame": "martyrdom", "terms": ["شهداء"]},
                "killed": {
                    "frame": "neutral",
                    "terms": [
                        "قتلى",
                        {"term": "ضحايا", "context": {"scope": "israel_palestine", "within": "document"}},
                    ],
                },
                "dead": {"frame": "neutral", "context": "none", "terms": ["موتى"]},
            },
        },
        "fighters": {
            "variants": {
                "any_side": {
                    "frame": "x",
                    "context": {"scope": ["israel_palestine", "yemen"], "within": "sentence"},
                    "terms": ["مقاتلين"],
                }
            }
        },
    },
}


@pytest.fixture(scope="module")
def matcher():
    return toolkit.Matcher(LEXICON)


def _annotate(text, matcher, title=None):
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    if title is not None:
        docs["title"] = [title]
    return toolkit.annotate(docs, matcher=matcher)


def _verdicts(text, matcher):
    m = _annotate(text, matcher)
    return [(row.surface, bool(row.in_scope)) for row in m.itertuples()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # sentence window (the variant's default)
        ("قالت المقاومة في غزة إنها ردت.", [("المقاومة", True)]),
        ("قالت المقاومة في اليمن إنها ردت.", [("المقاومة", False)]),
        ("قصف على غزة. وقالت المقاومة إنها ردت.", [("المقاومة", False)]),
        ("وقالت المقاومة إنها ردت على قصف بغزة.", [("المقاومة", True)]),  # anchor with clitic, after the hit
        ("تحدث عن بني إسرائيل والمقاومة.", [("والمقاومة", False)]),  # an exception is no anchor
        ("نشرت إسرائيل هيوم تقريرا عن المقاومة.", [("المقاومة", False)]),
        ("المقاومة الفلسطينية باقية.", [("المقاومة", True)]),  # the anchor right after it
        # within 3 words
        ("اشتبك مسلحين مع جنود الاحتلال.", [("مسلحين", True)]),
        ("اشتبك مسلحين مع جنود من قوات كبيرة تابعة للاحتلال.", [("مسلحين", False)]),
        ("في غزة اشتبك مسلحين.", [("مسلحين", True)]),
        ("في غزة، وفق شهود، اشتبك مسلحين.", [("مسلحين", True)]),  # punctuation is no word
        ("في غزة وفق شهود عيان اشتبك مسلحين.", [("مسلحين", False)]),  # four words between
        # paragraph (the concept's context)
        ("سقط شهداء.\nفي غزة.", [("شهداء", False)]),
        ("سقط شهداء. وذلك في غزة.", [("شهداء", True)]),
        ("سقط قتلى في حادث سير.", [("قتلى", False)]),
        # a term's own context overrides: the whole document
        ("في غزة.\nسقط ضحايا كثيرون.", [("ضحايا", True)]),
        ("في صنعاء.\nسقط ضحايا كثيرون.", [("ضحايا", False)]),
        # context: none on a variant under a concept that needs context
        ("مات موتى كثيرون.", [("موتى", True)]),
        # names need no context
        ("قالت حماس إنها ردت.", [("حماس", True)]),
        # several scopes: any licenses
        ("قتل مقاتلين من الحوثيين.", [("مقاتلين", True)]),
        ("قتل مقاتلين في سوريا.", [("مقاتلين", False)]),
    ],
)
def test_context_windows(matcher, text, expected):
    assert _verdicts(text, matcher) == expected


def test_anchor_columns_point_at_the_anchor(matcher):
    text = "قصف في سوريا. ثم قالت المقاومة في غزة والضفة إنها ردت."
    row = _annotate(text, matcher).iloc[0]
    assert row["in_scope"] and row["scope"] == "israel_palestine"
    assert row["scope_anchor"] == "غزة"
    assert text[row["scope_anchor_start"] :].startswith("غزة")
    hamas = _annotate("قالت حماس", matcher).iloc[0]
    assert hamas["in_scope"] and hamas["scope"] == "" and hamas["scope_anchor"] == ""
    assert pd.isna(hamas["scope_anchor_start"])
    out = _annotate("قالت المقاومة في اليمن", matcher).iloc[0]
    assert not out["in_scope"] and out["scope"] == "" and pd.isna(out["scope_anchor_start"])


def test_nearest_anchor_is_recorded(matcher):
    text = "إسرائيل وقصف ثم قالت المقاومة في غزة"
    row = _annotate(text, matcher).iloc[0]
    assert row["scope_anchor"] == "غزة"  # 4 characters away, «إسرائيل» 17


def test_title_is_its_own_window(matcher):
    m = _annotate("قصف عنيف على غزة.", matcher, title="المقاومة ترد")
    assert list(m["field"]) == ["title"]
    assert not m.iloc[0]["in_scope"]
    m = _annotate("قالت المقاومة إنها ردت.", matcher, title="غزة تحت القصف")
    assert m[["field", "in_scope"]].values.tolist() == [["text", False]]
    m = _annotate("نص.", matcher, title="المقاومة في غزة ترد")
    assert m[["field", "in_scope", "scope_anchor_start"]].values.tolist() == [["title", True, 12]]


def test_windows_do_not_cross_documents(matcher):
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["في غزة", "مسلحين هاجموا"]})
    m = toolkit.annotate(docs, matcher=matcher)
    assert m[["doc_id", "in_scope"]].values.tolist() == [["b", False]]


def test_scope_checks_are_independent_of_chunking(matcher, monkeypatch):
    rng = np.random.default_rng(3)
    words = [
        "غزة",
        "المقاومة",
        "مسلحين",
        "قتلى",
        "اليمن",
        "قال",
        "في",
        "بغزة",
        "و",
        ".",
        "\n",
        "حماس",
        "ضحايا",
    ]
    texts = [" ".join(rng.choice(words, size=rng.integers(1, 30))) for _ in range(300)]
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    whole = toolkit.annotate(docs, matcher=matcher)
    monkeypatch.setattr(match_module, "CHUNK_CHARS", 50)
    chunked = toolkit.annotate(docs, matcher=matcher)
    pd.testing.assert_frame_equal(whole, chunked)
    one_by_one = pd.concat([toolkit.annotate(docs.iloc[[i]], matcher=matcher) for i in range(len(docs))])
    assert one_by_one["in_scope"].tolist() == whole["in_scope"].tolist()
    assert one_by_one["scope_anchor"].tolist() == whole["scope_anchor"].tolist()
    assert 0 < whole["in_scope"].mean() < 1


def _reference_sentence_scope(text: str, start: int, end: int, sentence: tuple[int, int]) -> bool:
    """Brute force: is an anchor of the scope inside the sentence?"""
    anchors = toolkit.annotate(
        pd.DataFrame({"doc_id": ["x"], "text": [text]}),
        {
            "name": "a",
            "concepts": {
                "c": {
                    "variants": {"v": {"frame": "f", "terms": LEXICON["scopes"]["israel_palestine"]["terms"]}}
                }
            },
        },
    )
    return bool(((anchors["start"] >= sentence[0]) & (anchors["start"] < sentence[1])).any())


def test_sentence_scope_agrees_with_brute_force(matcher):
    rng = np.random.default_rng(11)
    words = ["غزة", "المقاومة", "اليمن", "قال", "في", "لغزة", ".", "الاحتلال", "بني", "إسرائيل", "و"]
    for _ in range(60):
        text = " ".join(rng.choice(words, size=rng.integers(2, 25)))
        m = _annotate(text, matcher)
        for row in m[m["variant"] == "resistance"].itertuples():
            expected = _reference_sentence_scope(
                text, row.start, row.end, (row.sentence_start, row.sentence_end)
            )
            assert row.in_scope == expected, text


# -- what counts -----------------------------------------------------------------


@pytest.fixture(scope="module")
def two_outlets(matcher):
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "outlet": ["x", "x", "y", "y"],
            "text": [
                "قالت المقاومة في غزة إنها ردت. وقالت حماس.",
                "قالت المقاومة في اليمن إنها ردت. المقاومة في اليمن.",
                "قالت حماس إنها ردت.",
                "قالت المقاومة في لبنان. وقالت حماس في غزة.",
            ],
        }
    )
    return docs, toolkit.annotate(docs, matcher=matcher)


def test_counts_count_in_scope_hits_only(two_outlets):
    docs, m = two_outlets
    table = toolkit.counts(m, docs).set_index(["outlet", "variant"])["n_mentions"]
    assert table[("x", "resistance")] == 1 and table[("x", "hamas")] == 1
    assert ("y", "resistance") not in table.index
    everything = toolkit.counts(m, docs, include_out_of_scope=True).set_index(["outlet", "variant"])
    assert everything.loc[("x", "resistance"), "n_mentions"] == 3
    assert everything.loc[("y", "resistance"), "n_mentions"] == 1


def test_shares_count_in_scope_hits_only(two_outlets):
    docs, m = two_outlets
    shares = toolkit.label_shares(m, docs, concept="hamas_naming", n_boot=50).set_index(["outlet", "variant"])
    assert shares.loc[("x", "resistance"), "n_mentions"] == 1
    assert shares.loc[("y", "resistance"), "n_mentions"] == 0
    assert shares.loc[("y", "hamas"), "share"] == 1
    every = toolkit.label_shares(m, docs, concept="hamas_naming", n_boot=50, include_out_of_scope=True)
    every = every.set_index(["outlet", "variant"])
    assert every.loc[("x", "resistance"), "n_mentions"] == 3
    diff = toolkit.compare_shares(m, docs, concept="hamas_naming", n_boot=50).set_index("variant")
    assert diff.loc["resistance", "share_b"] == 0
    diff_all = toolkit.compare_shares(m, docs, concept="hamas_naming", n_boot=50, include_out_of_scope=True)
    assert diff_all.set_index("variant").loc["resistance", "share_b"] == pytest.approx(1 / 3)


def test_dask_path_counts_in_scope_only(two_outlets):
    import toolkit.dask as tkd

    docs, m = two_outlets
    ddocs = dd.from_pandas(docs, npartitions=2)
    dm = tkd.annotate(ddocs, LEXICON)
    pd.testing.assert_frame_equal(
        dm.compute().reset_index(drop=True).astype({"scope": str}),
        m.reset_index(drop=True).astype({"scope": str}),
        check_categorical=False,
    )
    ours = tkd.counts(dm, ddocs)
    assert ours["n_mentions"].sum() == toolkit.counts(m, docs)["n_mentions"].sum()
    every = tkd.counts(dm, ddocs, include_out_of_scope=True)
    assert every["n_mentions"].sum() == len(m)
    shares = tkd.label_shares(dm, ddocs, concept="hamas_naming", n_boot=50)
    expected = toolkit.label_shares(m, docs, concept="hamas_naming", n_boot=50)
    pd.testing.assert_frame_equal(shares, expected, check_dtype=False, check_categorical=False)


def test_kwic_marks_out_of_scope_hits(two_outlets):
    docs, m = two_outlets
    table = toolkit.kwic(docs, m, width=20)
    assert len(table) == len(m)
    assert table["in_scope"].tolist() == m["in_scope"].tolist()
    html = table.to_rtl_html()
    assert html.count('class="out-of-scope"') == int((~m["in_scope"]).sum()) == 3
    assert "not counted" in html


# -- lexicon errors --------------------------------------------------------------

GOOD = """\
name: t
scopes:
  gaza:
    description: Gaza
    terms: [غزة, {term: رفح, min_stem: 3}]
  yemen: [اليمن]
concepts:
  dead:
    context: {scope: gaza, within: sentence}
    variants:
      killed:
        frame: neutral
        terms: [قتلى, {term: ضحايا, context: {scope: gaza, within: 5}}]
"""


def _write(tmp_path, text):
    path = tmp_path / "lex.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_scoped_lexicon_loads(tmp_path):
    lex = toolkit.load_lexicon(_write(tmp_path, GOOD))
    assert list(lex.scopes) == ["gaza", "yemen"]
    assert [t.text for t in lex.scopes["gaza"].terms] == ["غزة", "رفح"]
    frame = lex.to_frame().set_index("term")
    assert frame.loc["قتلى", "context"] == "gaza, sentence"
    assert frame.loc["ضحايا", "context"] == "gaza, 5 words"
    assert "2 scopes" in repr(lex)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("{scope: gaza, within: sentence}", "{scope: gazza}", "line 9: unknown scope 'gazza'"),
        ("{scope: gaza, within: sentence}", "{scope: gaza, within: page}", "line 9: context 'within' must be"),
        ("{scope: gaza, within: sentence}", "{scope: gaza, within: -2}", "line 9: context 'within' must be"),
        ("{scope: gaza, within: sentence}", "sentence", "line 9: context needs 'scope: NAME'"),
        ("{scope: gaza, within: sentence}", "{scope: gaza, near: 3}", "line 9: unknown key 'near' in context"),
        ("  yemen: [اليمن]", "  yemen: []", "line 6: scope 'yemen' needs a non-empty list"),
        ("  yemen: [اليمن]", "  yemen: اليمن", "line 6: scope 'yemen' must be a mapping"),
        ("    terms: [غزة, {term: رفح, min_stem: 3}]", "    terms: [غزة, {term: رفح, min_stem: 0}]",
         "line 5: option 'min_stem' must be a positive integer"),
        ("    terms: [غزة, {term: رفح, min_stem: 3}]", "    terms: [غزة, {term: رفح, context: none}]",
         "line 5: unknown key 'context' in an anchor of scope 'gaza'"),
        ("    terms: [غزة, {term: رفح, min_stem: 3}]", "    terms: [غزة, 12]",
         "line 5: an anchor of scope 'gaza' must be a string or a mapping with 'term', not number 12"),
        ("    terms: [غزة, {term: رفح, min_stem: 3}]", "    terms: [غزة, غزة]",
         "line 5: anchor 'غزة' is listed twice in scope 'gaza'"),
        ("{term: ضحايا, context: {scope: gaza, within: 5}}", "{term: ضحايا, context: {scope: [gaza, sinai]}}",
         "line 13: unknown scope 'sinai'"),
        ("{scope: gaza, within: sentence}", "{scope: gaza, unless: {scope: sinai}}",
         "line 9: unknown scope 'sinai'"),
        ("{scope: gaza, within: sentence}", "{scope: gaza, unless: yemen}",
         "line 9: context 'unless' must be a mapping"),
        ("{scope: gaza, within: sentence}", "{scope: gaza, unless: {scope: yemen, within: page}}",
         "line 9: context 'within' must be"),
        ("{scope: gaza, within: sentence}", "{scope: gaza, unless: {scope: yemen, near: 2}}",
         "line 9: unknown key 'near' in context 'unless'"),
        ("{scope: gaza, within: sentence}", "{scope: gaza, unless: {scope: [yemen, gaza]}}",
         "line 9: context: scope 'gaza' both licenses and blocks"),
    ],
)  # fmt: skip
def test_scope_errors_name_file_and_line(tmp_path, old, new, message):
    assert old in GOOD
    path = _write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(YamlError) as err:
        toolkit.load_lexicon(path)
    assert str(err.value).startswith(str(path))
    assert message in str(err.value)


def test_context_without_scopes_is_an_error():
    bad = {
        "name": "x",
        "concepts": {"c": {"variants": {"v": {"frame": "f", "context": "sentence", "terms": ["قتلى"]}}}},
    }
    with pytest.raises(LexiconError, match="declares no scopes"):
        toolkit.load_lexicon(bad)


def test_every_mistake_is_reported_at_once(tmp_path):
    text = (
        GOOD.replace("{scope: gaza, within: sentence}", "{scope: gazza}")
        .replace("terms: [قتلى,", "terms: [7, null, قتلى,")
        .replace("  yemen: [اليمن]", "  yemen: []")
    )
    path = _write(tmp_path, text)
    problems = validate_lexicon(path)
    assert [p.line for p in problems] == [6, 9, 13, 13]
    with pytest.raises(LexiconError) as err:
        toolkit.load_lexicon(path)
    assert "4 problems" in str(err.value) and len(err.value.problems) == 4
    assert validate_lexicon(_write(tmp_path, GOOD)) == []


def test_bad_keys_and_items_are_yaml_errors_with_lines(tmp_path):
    text = """\
name: t
concepts:
  dead:
  ? [a, b]
  : {variants: {v: {frame: f, terms: [x]}}}
"""
    with pytest.raises(YamlError, match=r"line 4: a key must be text, found .*\['a', 'b'\]"):
        toolkit.load_lexicon(_write(tmp_path, text))
    text = """\
name: t
concepts:
  dead:
  1: {variants: {v: {frame: f, terms: [قتلى]}}}
"""
    # A number as a key is refused by the YAML layer itself, with its line.
    problems = validate_lexicon(_write(tmp_path, text))
    assert [(p.line, p.message) for p in problems] == [(4, "a key must be text, found int 1")]
    text = """\
name: t
concepts:
  dead:
  other:
    variants:
      w: {frame: f, terms: [null, 3.5, [a], شهداء, {term: 7}]}
"""
    problems = validate_lexicon(_write(tmp_path, text))
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (3, "concept 'dead' is empty"),
        (6, "a term of other.w is empty (null)"),
        (6, "a term of other.w must be a string or a mapping with 'term', not number 3.5 (quote it)"),
        (6, "a term of other.w must be a string or a mapping with 'term', not list ['a']"),
        (6, "'term' must be a non-empty string, not number 7"),
    ]


def test_review_sample_draws_counted_hits(matcher):
    docs = pd.DataFrame(
        {
            "doc_id": ["a"],
            "title": ["المقاومة في غزة"],
            "text": ["قالت المقاومة في اليمن. وقالت المقاومة في غزة."],
        }
    )
    m = toolkit.annotate(docs, matcher=matcher)
    sample = toolkit.sample_for_review(m, documents=docs, per_variant=10, width=8)
    assert sample["match_id"].tolist() == ["a:30-38", "a:title:0-8"]
    assert sample["right"].tolist() == [" في غزة.", " في غزة"]
    every = toolkit.sample_for_review(m, documents=docs, per_variant=10, out_of_scope=10)
    assert len(every) == 3 and every["stratum"].tolist().count("out_of_scope") == 1


# -- negative scopes: 'unless' ---------------------------------------------------

#: «المقاومة» counts beside Gaza in its sentence unless Yemen or Lebanon is
#: named within two words; «جنود الاحتلال» counts in a Palestinian paragraph
#: unless another occupier follows right after.
UNLESS = {
    "name": "unless",
    "scopes": {
        "gaza": [{"term": "غزة", "min_stem": 3}, "الفلسطينية", "جنين"],
        "elsewhere": ["اليمن", "اليمنية", {"term": "لبنان", "article": False}, "التركي"],
    },
    "concepts": {
        "c": {
            "variants": {
                "resistance": {
                    "frame": "r",
                    "context": {
                        "scope": "gaza",
                        "within": "sentence",
                        "unless": {"scope": "elsewhere", "within": 2},
                    },
                    "terms": ["المقاومة"],
                },
                "occupation": {
                    "frame": "o",
                    "context": {
                        "scope": "gaza",
                        "within": "paragraph",
                        "unless": {"scope": "elsewhere", "within": 1},
                    },
                    "terms": ["جنود الاحتلال"],
                },
                "named": {"frame": "n", "terms": ["حماس"]},
            }
        }
    },
}


@pytest.fixture(scope="module")
def unless_matcher():
    return toolkit.Matcher(UNLESS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قالت المقاومة في غزة إنها ردت.", [("المقاومة", True, "gaza", "غزة")]),
        # a blocker within two words wins over the licence in the sentence
        ("قالت المقاومة في اليمن وفي غزة إنها ردت.", [("المقاومة", False, "elsewhere", "اليمن")]),
        ("قالت المقاومة اليمنية في غزة.", [("المقاومة", False, "elsewhere", "اليمنية")]),
        ("قالت المقاومة الشعبية اليمنية في غزة.", [("المقاومة", False, "elsewhere", "اليمنية")]),
        ("زار المقاومة ولبنان من غزة.", [("المقاومة", False, "elsewhere", "ولبنان")]),  # with a clitic
        # a blocker farther than two words, or in another sentence, does not block
        ("قالت المقاومة في غزة إنها تدعم اليمن.", [("المقاومة", True, "gaza", "غزة")]),
        (
            "زار الوفد اليمن في زيارة طويلة. وقالت المقاومة في غزة إنها ردت.",
            [("المقاومة", True, "gaza", "غزة")],
        ),
        # a words window counts words only: a sentence end between does not stop it
        ("زار الوفد اليمن. وقالت المقاومة في غزة إنها ردت.", [("المقاومة", False, "elsewhere", "اليمن")]),
        # no licence: out of scope with no anchor, whatever the blocker
        ("قالت المقاومة اليمنية إنها ردت.", [("المقاومة", False, "", "")]),
        # the blocker is checked in its own window (one word), the licence in the paragraph
        ("في جنين أطلق جنود الاحتلال النار.", [("جنود الاحتلال", True, "gaza", "جنين")]),
        ("في جنين قال جنود الاحتلال التركي إنهم انسحبوا.", [("جنود الاحتلال", False, "elsewhere", "التركي")]),
        ("في جنين قال جنود الاحتلال إنهم رأوا التركي.", [("جنود الاحتلال", True, "gaza", "جنين")]),
        # names need no context and are never blocked
        ("قالت حماس في اليمن.", [("حماس", True, "", "")]),
    ],
)
def test_unless_blocks_licensed_hits(unless_matcher, text, expected):
    m = _annotate(text, unless_matcher)
    got = [(r.surface, bool(r.in_scope), str(r.scope), str(r.scope_anchor)) for r in m.itertuples()]
    assert got == expected


def test_blocking_anchor_offset_points_at_it(unless_matcher):
    text = "في غزة قالت المقاومة اليمنية كلاما."
    row = _annotate(text, unless_matcher).iloc[0]
    start = int(row["scope_anchor_start"])
    assert text[start : start + len(row["scope_anchor"])] == "اليمنية"


def test_unless_is_independent_of_chunking(unless_matcher, monkeypatch):
    texts = [
        "في غزة قالت المقاومة اليمنية.",
        "قالت المقاومة في غزة.",
        "في جنين قتل جنود الاحتلال التركي.",
    ] * 40
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    whole = toolkit.annotate(docs, matcher=unless_matcher)
    monkeypatch.setattr(match_module, "CHUNK_CHARS", 50)
    chunked = toolkit.annotate(docs, matcher=unless_matcher)
    pd.testing.assert_frame_equal(whole, chunked)
    assert whole["in_scope"].tolist() == [False, True, False] * 40


def test_unless_is_described_and_loaded(tmp_path):
    lex = toolkit.load_lexicon(UNLESS)
    frame = lex.to_frame().set_index("term")
    assert frame.loc["المقاومة", "context"] == "gaza, sentence, unless elsewhere, 2 words"
    assert frame.loc["جنود الاحتلال", "context"] == "gaza, paragraph, unless elsewhere, 1 words"
    text = GOOD.replace("{scope: gaza, within: sentence}", "{scope: gaza, unless: {scope: yemen, within: 3}}")
    loaded = toolkit.load_lexicon(_write(tmp_path, text))
    assert (
        loaded.to_frame().set_index("term").loc["قتلى", "context"] == "gaza, sentence, unless yemen, 3 words"
    )


def test_bundled_lexicon_blocks_other_conflicts():
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "text": [
                "استشهد شاب برصاص الاحتلال في جنين.",
                "قصفت طائرات الاحتلال الروسي إدلب وغزة.",
                "قالت المقاومة في غزة إنها ردت، وقالت المقاومة في اليمن كذلك.",
                "في غزة يرفض الناس تعميق الاحتلال.",
            ],
        }
    )
    m = toolkit.annotate(docs)
    m = m[m["variant"].isin(["occupation", "resistance"])]
    got = [(r.doc_id, r.surface, bool(r.in_scope)) for r in m.itertuples()]
    assert got == [
        ("a", "برصاص الاحتلال", True),
        ("b", "طائرات الاحتلال", False),
        ("c", "المقاومة", True),
        ("c", "المقاومة", False),
    ]  # bare «الاحتلال» (the condition) is no term: «تعميق الاحتلال» is not a hit

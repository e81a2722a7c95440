"""Arabic normalization and tokenization, table-driven with real cases."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.arabic import normalize, normalize_with_offsets, tokenize
from toolkit.arabic.tokenize import TOKEN_PATTERN, count_tokens, token_spans

CLEAN_CASES = [
    # (raw, clean, why)
    ("الولایات المتحدة", "الولايات المتحدة", "Persian yeh in seed 003's tag"),
    ("کتاکیت", "كتاكيت", "Persian keheh and yeh"),
    ("لمـدة 4 أيام", "لمدة 4 أيام", "tatweel in seed 000's related title"),
    ("رمضان ١٤٤٥ هـ", "رمضان 1445 ه", "Arabic-Indic digits"),
    ("۱۲ شهیدا", "12 شهيدا", "Eastern Arabic-Indic digits"),
    ("الإسلاميّة", "الإسلامية", "shadda removed"),
    ("غارات\u200f أسفرت", "غارات أسفرت", "right-to-left mark"),
    ("\ufeffحماس", "حماس", "byte-order mark inside text"),
    ("\ufefbجئ", "لاجئ", "lam-alef ligature (presentation form)"),
    ("رئيس\u00a0حكومة", "رئيس حكومة", "no-break space"),
    ("ا\u0654من", "أمن", "alef + combining hamza above composes"),
    ("إسرائيل", "إسرائيل", "hamza kept at the clean level"),
    ("ة ى", "ة ى", "teh marbuta and alef maqsura kept at the clean level"),
]

SEARCH_CASES = [
    ("إسرائيل", "اسرائيل", "hamza-below alef folded; yeh with hamza kept (pyarabic's trap)"),
    ("أمريكا", "امريكا", ""),
    ("آلاف", "الاف", "madda"),
    ("ٱلله", "الله", "wasla"),
    ("مستشفى", "مستشفي", "alef maqsura"),
    ("المقاومة الإسلامية", "المقاومه الاسلاميه", "teh marbuta"),
    ("مسؤول", "مسؤول", "waw with hamza kept"),
    ("CNN", "cnn", "Latin lower-cased"),
    ("شهداءٌ", "شهداء", "tanween"),
]


@pytest.mark.parametrize(("raw", "expected", "why"), CLEAN_CASES)
def test_clean_level(raw, expected, why):
    assert normalize(raw) == expected, why
    assert normalize_with_offsets(raw).text == expected, why


@pytest.mark.parametrize(("raw", "expected", "why"), SEARCH_CASES)
def test_search_level(raw, expected, why):
    assert normalize(raw, level="search") == expected, why


def test_unknown_level():
    with pytest.raises(ValueError, match="unknown normalization level"):
        normalize("x", level="aggressive")


def test_offsets_cover_marks_and_tatweel():
    raw = "قال: لحَمـاسٍ ومن"
    n = normalize_with_offsets(raw, level="search")
    start = n.text.index("لحماس")
    a, b = n.to_raw(start, start + len("لحماس"))
    assert raw[a:b] == "لحَمـاسٍ"


def test_offsets_of_a_ligature_expansion():
    raw = "ب\ufefbجئ"
    n = normalize_with_offsets(raw)
    assert n.text == "بلاجئ"
    # Both letters of the expanded ligature map to the one raw character.
    assert n.to_raw(1, 2) == (1, 2)
    assert n.to_raw(2, 3) == (1, 2)
    assert n.to_raw(1, 5) == (1, 4)


_arabic_text = st.text(
    alphabet=st.sampled_from([*"حماسغزةأإآىيیک ـًٌٍَُِّْ٠١٢.،\n", "\u200f", "\ufefb", "\u0654", "ا", "\U0001f600"]),
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(_arabic_text, st.sampled_from(["clean", "search"]))
def test_offset_map_is_consistent(raw, level):
    n = normalize_with_offsets(raw, level=level)
    assert n.text == normalize(raw, level=level)
    assert len(n.starts) == len(n.text) == len(n.ends)
    for i, ch in enumerate(n.text):
        a, b = n.starts[i], n.ends[i]
        assert 0 <= a < b <= len(raw)
        # Each output character comes from its raw span.
        assert normalize(raw[a:b], level=level).startswith(ch) or ch in normalize(raw[a:b], level=level)
    assert list(n.starts) == sorted(n.starts)


@settings(max_examples=200, deadline=None)
@given(_arabic_text)
def test_normalization_is_idempotent(raw):
    once = normalize(raw, level="search")
    assert normalize(once, level="search") == once


TOKEN_CASES = [
    ("حركة المقاومة الإسلاميّة (حماس)", ["حركة", "المقاومة", "الإسلاميّة", "حماس"]),
    ("نحو 1.4 مليون نازح", ["نحو", "1.4", "مليون", "نازح"]),
    ("لمـدة ٤ أيام", ["لمـدة", "٤", "أيام"]),
    ("التركي-الإسرائيلي..", ["التركي", "الإسرائيلي"]),
    ("«وقف فوري»،", ["وقف", "فوري"]),
    ("U Supermarket و«حماس»", ["U", "Supermarket", "و", "حماس"]),
]


@pytest.mark.parametrize(("text", "tokens"), TOKEN_CASES)
def test_tokenize(text, tokens):
    assert tokenize(text) == tokens
    assert [text[a:b] for a, b in token_spans(text)] == tokens
    assert count_tokens(text) == len(tokens)


def test_default_word_pattern_splits_at_diacritics_but_ours_does_not():
    # scikit-learn's default token_pattern is r"(?u)\b\w\w+\b".
    assert re.findall(r"(?u)\b\w\w+\b", "الإسلاميّة") == ["الإسلامي"]
    assert re.findall(TOKEN_PATTERN, "الإسلاميّة") == ["الإسلاميّة"]

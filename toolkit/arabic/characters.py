"""Character classes of Arabic script used by the normalizer and tokenizer.

The tables are plain data so that tests and users can inspect them.
"""

from __future__ import annotations

#: Harakat, tanween, shadda, sukun, superscript alef and Quranic annotation
#: marks. They carry no lexical identity for search and are removed.
DIACRITICS: frozenset[str] = frozenset(
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E5)]
    + [chr(c) for c in range(0x06E7, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
)

TATWEEL = "\u0640"

#: Zero-width and bidirectional control characters that scrapers leave in
#: text; they are invisible and break string matching.
INVISIBLE: frozenset[str] = frozenset(
    ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)

#: Persian and Urdu letters that look like Arabic ones and are typed by
#: Persian keyboards inside Arabic text (seed 003 spells «الولایات» so).
LOOKALIKES: dict[str, str] = {
    "\u06cc": "\u064a",  # FARSI YEH -> YEH
    "\u06d0": "\u064a",  # E -> YEH
    "\u06d2": "\u064a",  # YEH BARREE -> YEH
    "\u06a9": "\u0643",  # KEHEH -> KAF
    "\u06aa": "\u0643",  # SWASH KAF -> KAF
    "\u06c1": "\u0647",  # HEH GOAL -> HEH
    "\u06be": "\u0647",  # HEH DOACHASHMEE -> HEH
    "\u06d5": "\u0647",  # AE -> HEH
    "\u06c0": "\u0629",  # HEH WITH YEH ABOVE -> TEH MARBUTA
    "\u06c3": "\u0629",  # TEH MARBUTA GOAL -> TEH MARBUTA
}

#: Arabic-Indic (U+0660..) and Eastern Arabic-Indic (U+06F0..) digits.
DIGITS: dict[str, str] = {
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
}

#: Letters folded together for search keys only. Hamza on waw and yeh
#: (ؤ ئ) is deliberately kept: folding them (as pyarabic's hamza
#: normalization does) turns «إسرائيل» into «ءسراءيل».
SEARCH_FOLDS: dict[str, str] = {
    "\u0623": "\u0627",  # أ
    "\u0625": "\u0627",  # إ
    "\u0622": "\u0627",  # آ
    "\u0671": "\u0627",  # ٱ
    "\u0672": "\u0627",
    "\u0673": "\u0627",
    "\u0649": "\u064a",  # ى -> ي
    "\u0629": "\u0647",  # ة -> ه
}

#: Base letter followed by a combining hamza or madda, written as two code
#: points by some keyboards; the clean level composes them.
COMPOSITIONS: dict[tuple[str, str], str] = {
    ("\u0627", "\u0653"): "\u0622",
    ("\u0627", "\u0654"): "\u0623",
    ("\u0627", "\u0655"): "\u0625",
    ("\u0648", "\u0654"): "\u0624",
    ("\u064a", "\u0654"): "\u0626",
    ("\u0649", "\u0654"): "\u0626",
}

ARABIC_LETTER_RANGES: tuple[tuple[int, int], ...] = (
    (0x0620, 0x064A),
    (0x066E, 0x06D3),
    (0x06FA, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
)


def is_arabic_letter(ch: str) -> bool:
    """Tell whether one character is an Arabic-script letter.

    Parameters
    ----------
    ch : str
        A single character.

    Returns
    -------
    bool
        True for letters of the Arabic blocks, False for marks, digits,
        punctuation and other scripts.

    Examples
    --------
    >>> is_arabic_letter("ح"), is_arabic_letter("ً"), is_arabic_letter("a")
    (True, False, False)
    """
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in ARABIC_LETTER_RANGES)

"""Arabic normalization that keeps a map back to the raw string.

Two levels are offered:

``"clean"``
    Unicode compatibility forms (NFKC, applied per character so that offsets
    stay exact; of the forms NFKC spells with several characters only the
    Arabic presentation-form ligatures are expanded, so «…» and «½» stay),
    Persian and Urdu look-alike letters (ی ک ہ) mapped to Arabic ones,
    Arabic-Indic digits to ASCII, tatweel, diacritics, zero-width and
    bidirectional marks removed, base letter + combining hamza composed.
``"search"``
    ``"clean"`` plus the folds used for search keys: أ إ آ ٱ → ا, ى → ي,
    ة → ه, Latin lower-cased. ؤ and ئ are kept on purpose (see
    :data:`toolkit.arabic.characters.SEARCH_FOLDS`).

The work is vectorized with numpy over code points: every character is
looked up in a table built once per level, so the cost does not grow with
the number of rules. Characters outside the Basic Multilingual Plane are
passed through unchanged.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

import numpy as np

from toolkit.arabic.characters import (
    COMPOSITIONS,
    DIACRITICS,
    DIGITS,
    INVISIBLE,
    LOOKALIKES,
    SEARCH_FOLDS,
    TATWEEL,
)

Level = Literal["clean", "search"]
LEVELS: tuple[str, ...] = ("clean", "search")
_BMP = 0x10000


def _is_presentation_form(ch: str) -> bool:
    code = ord(ch)
    return 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF


def _map_char(ch: str, level: str) -> str:
    out = []
    compatible = unicodedata.normalize("NFKC", ch)
    if len(compatible) > 1 and not _is_presentation_form(ch):
        # Only Arabic ligatures are spelled out; «…» stays one character
        # rather than becoming three dots (offsets stay one-to-one).
        compatible = ch
    for c in compatible:
        if c in DIACRITICS or c in INVISIBLE or c == TATWEEL:
            continue
        c = LOOKALIKES.get(c, c)
        c = DIGITS.get(c, c)
        if level == "search":
            c = SEARCH_FOLDS.get(c, c)
            c = c.lower()
        out.append(c)
    return "".join(out)


@dataclass(frozen=True)
class _Table:
    lengths: np.ndarray  # uint8, output length for each BMP code point
    first: np.ndarray  # int32, index into ``codes`` of the first output char
    codes: np.ndarray  # uint32, concatenated output sequences
    single: np.ndarray  # uint32, first output code point of each code point
    translate: dict[int, str | None]  # the same mapping for str.translate


@cache
def _table(level: str) -> _Table:
    if level not in LEVELS:
        raise ValueError(f"unknown normalization level {level!r}; choose one of {LEVELS}")
    lengths = np.ones(_BMP, dtype=np.uint8)
    first = np.arange(_BMP, dtype=np.int32)
    codes: list[int] = list(range(_BMP))
    translate: dict[int, str | None] = {}
    for cp in range(_BMP):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        mapped = _map_char(ch, level)
        if mapped == ch:
            continue
        translate[cp] = mapped or None
        lengths[cp] = len(mapped)
        if len(mapped) == 1:
            codes[cp] = ord(mapped)
        elif mapped:
            first[cp] = len(codes)
            codes.extend(ord(c) for c in mapped)
    flat = np.asarray(codes, dtype=np.uint32)
    return _Table(lengths, first, flat, flat[first], translate)


def _compose_pairs(cps: np.ndarray) -> np.ndarray:
    """Compose letter + combining hamza/madda into one letter.

    The mark becomes a tatweel, which every level deletes, so that the pair
    maps to one output character.
    """
    if cps.size < 2:
        return cps
    marks = np.isin(cps[1:], [0x0653, 0x0654, 0x0655])
    if not marks.any():
        return cps
    cps = cps.copy()
    for (base, mark), composed in COMPOSITIONS.items():
        hit = (cps[:-1] == ord(base)) & (cps[1:] == ord(mark))
        if hit.any():
            where = np.nonzero(hit)[0]
            cps[where] = ord(composed)
            cps[where + 1] = ord(TATWEEL)
    return cps


@dataclass(frozen=True)
class NormalizedText:
    """A normalized string with the offsets of each character in the raw one.

    Attributes
    ----------
    raw : str
        The input string.
    text : str
        The normalized string.
    starts, ends : numpy.ndarray
        For output character ``i``, ``raw[starts[i]:ends[i]]`` is the raw
        text it came from. Removed characters (diacritics, tatweel, marks)
        belong to the span of the kept character before them, so a match
        that ends on a letter also covers the vowel marks written on it.
    """

    raw: str
    text: str
    starts: np.ndarray
    ends: np.ndarray

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of :attr:`text` to the matching span of :attr:`raw`.

        Parameters
        ----------
        start, end : int
            Offsets into the normalized text, ``start <= end``.

        Returns
        -------
        tuple of int
            ``(raw_start, raw_end)``.

        Examples
        --------
        >>> n = normalize_with_offsets("وحَمَاسٌ قالت", level="search")
        >>> n.text
        'وحماس قالت'
        >>> a, b = n.to_raw(1, 5)
        >>> n.raw[a:b]
        'حَمَاسٌ'
        """
        starts, ends = self.to_raw_many(np.array([start]), np.array([end]))
        return int(starts[0]), int(ends[0])

    def to_raw_many(self, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Vectorized :meth:`to_raw` for arrays of spans."""
        start = np.asarray(start, dtype=np.int64)
        end = np.asarray(end, dtype=np.int64)
        n = len(self.text)
        if np.any((start < 0) | (end > n) | (start > end)):
            raise ValueError("span outside the normalized text")
        starts_ext = np.append(self.starts, len(self.raw))
        raw_start = starts_ext[start]
        ends_ext = np.concatenate([[0], self.ends])
        raw_end = np.where(end > start, ends_ext[end], raw_start)
        return raw_start, raw_end


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def normalize_with_offsets(text: str, *, level: Level = "clean") -> NormalizedText:
    """Normalize Arabic text and keep the offset map to the raw string.

    Parameters
    ----------
    text : str
        Raw text.
    level : {"clean", "search"}
        How far to normalize (see the module documentation).

    Returns
    -------
    NormalizedText
        The normalized text and, per output character, its raw span.

    Examples
    --------
    >>> n = normalize_with_offsets("الولایات ١٤٤٥ هـ", level="clean")
    >>> n.text
    'الولايات 1445 ه'
    >>> n.to_raw(9, 13)
    (9, 13)
    """
    table = _table(level)
    cps = _compose_pairs(_codepoints(text))
    n = cps.size
    if n and int(cps.max()) >= _BMP:
        in_bmp = cps < _BMP
        safe = np.where(in_bmp, cps, 0)
        lengths = np.where(in_bmp, table.lengths[safe], 1).astype(np.uint8)
    else:
        in_bmp = None
        safe = cps
        lengths = table.lengths[safe]
    # One-to-one maps and deletions are done for every character at once;
    # the rare characters spelled with several (ligatures) are spliced in.
    kept = np.flatnonzero(lengths)
    codes = table.single[safe[kept]]
    if in_bmp is not None:
        codes = np.where(in_bmp[kept], codes, cps[kept])
    starts = kept
    ends = np.append(kept[1:], n) if kept.size else kept
    longer = np.flatnonzero(lengths[kept] > 1)
    if longer.size:
        extra = lengths[kept[longer]].astype(np.int64) - 1
        where = np.repeat(longer + 1, extra)
        step = np.arange(extra.sum()) - np.repeat(np.cumsum(extra) - extra, extra) + 1
        values = table.codes[np.repeat(table.first[safe[kept[longer]]], extra) + step]
        codes = np.insert(codes, where, values)
        starts = np.insert(starts, where, np.repeat(starts[longer], extra))
        ends = np.insert(ends, where, np.repeat(ends[longer], extra))
    out = codes.astype(np.uint32).tobytes().decode("utf-32-le")
    return NormalizedText(raw=text, text=out, starts=starts, ends=ends)


def normalize(text: str, *, level: Level = "clean") -> str:
    """Normalize Arabic text (no offset map; faster).

    Parameters
    ----------
    text : str
        Raw text.
    level : {"clean", "search"}
        How far to normalize (see the module documentation).

    Returns
    -------
    str
        The normalized text; always equal to
        ``normalize_with_offsets(text, level=level).text``.

    Examples
    --------
    >>> normalize("إسرائيل وحركة المقاومة الإسلاميّة", level="search")
    'اسرائيل وحركه المقاومه الاسلاميه'
    >>> normalize("لمـدة ٤ أيام")
    'لمدة 4 أيام'
    """
    table = _table(level)
    if "\u0653" in text or "\u0654" in text or "\u0655" in text:
        text = _codepoints(text)
        text = _compose_pairs(text).tobytes().decode("utf-32-le")
    return text.translate(table.translate)

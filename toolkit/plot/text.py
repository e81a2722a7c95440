"""Arabic in matplotlib labels, right for the installed matplotlib.

matplotlib 3.11 and later shape Arabic and apply the bidirectional algorithm
themselves: text must be passed through unchanged (reshaping it first, the
usual recipe for older versions, now reverses it). Older versions need the
text reshaped (arabic-reshaper) and reordered (python-bidi's ``get_display``,
which also mirrors brackets).
"""

from __future__ import annotations

import re

import matplotlib

from toolkit.arabic.characters import ARABIC_LETTER_RANGES

RLI, PDI, LRM = "\u2067", "\u2069", "\u200e"
_LATIN = re.compile(r"[A-Za-z]")
_ARABIC_RUN = re.compile(
    "[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in ARABIC_LETTER_RANGES)
    + r"\u064b-\u065f\u0670\u0640\u060c\u061b\u061f«»]"
    + "(?:[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in ARABIC_LETTER_RANGES)
    + r"\u064b-\u065f\u0670\u0640\u060c\u061b\u061f«» ]*"
    + "[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in ARABIC_LETTER_RANGES)
    + r"\u064b-\u065f\u0670\u0640«»])?"
)  # fmt: skip


def shapes_arabic(version: str | None = None) -> bool:
    """Whether this matplotlib (3.11 or later) shapes Arabic itself.

    Examples
    --------
    >>> shapes_arabic("3.11.2"), shapes_arabic("3.9.4")
    (True, False)
    """
    major, minor = (int(p) for p in (version or matplotlib.__version__).split(".")[:2])
    return (major, minor) >= (3, 11)


def _is_arabic_dominant(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    arabic = sum(1 for ch in letters if _ARABIC_RUN.match(ch))
    return bool(letters) and arabic * 2 >= len(letters)


def arabic_text(text: object, *, version: str | None = None, ltr: bool = False) -> str:
    """Prepare a label that may hold Arabic for matplotlib.

    Parameters
    ----------
    text : object
        The label (converted with ``str``).
    version : str, optional
        matplotlib version to prepare for (default: the installed one).
    ltr : bool
        Lay the label out left to right whatever its script, each Arabic run
        keeping its own direction: for labels built around an arrow
        («شهداء → قتلى» must read from the first word to the second).

    Returns
    -------
    str
        With matplotlib ≥ 3.11: the text unchanged, except that Arabic runs
        inside a mainly Latin label are wrapped in Unicode isolates (RLI …
        PDI) so that they keep their own direction. Older matplotlib: the
        text reshaped and put in display order.

    Examples
    --------
    >>> arabic_text("شهداء")
    'شهداء'
    >>> arabic_text("Share of شهداء by outlet") == "Share of \\u2067شهداء\\u2069 by outlet"
    True
    >>> arabic_text("شهداء → قتلى", ltr=True) == "\\u200e\\u2067شهداء\\u2069 → \\u2067قتلى\\u2069"
    True
    """
    text = "" if text is None else str(text)
    # A label with an English part («إسرائيل (Israel)», labels="both") reads
    # left to right, like the figure around it: left to its own devices the
    # bidi algorithm takes the paragraph's direction from the first letter,
    # so that short Arabic labels came out «(Israel) إسرائيل» while longer
    # glosses stayed «الاحتلال (the occupation)» in the same legend.
    ltr = ltr or bool(_ARABIC_RUN.search(text) and _LATIN.search(text) and _is_arabic_dominant(text))
    if shapes_arabic(version):
        if ltr and _ARABIC_RUN.search(text):
            # A strong left-to-right mark first: the isolates alone leave the
            # paragraph without a strong character to take its direction from.
            return LRM + _ARABIC_RUN.sub(lambda m: f"{RLI}{m.group(0)}{PDI}", text)
        if _is_arabic_dominant(text) or not _ARABIC_RUN.search(text):
            return text
        return _ARABIC_RUN.sub(lambda m: f"{RLI}{m.group(0)}{PDI}", text)
    import arabic_reshaper
    from bidi.algorithm import get_display

    if ltr:
        # Each Arabic run on its own: python-bidi knows no isolates, and a
        # neutral arrow between two Arabic runs would join them into one.
        return _ARABIC_RUN.sub(lambda m: get_display(arabic_reshaper.reshape(m.group(0))), text)
    return get_display(arabic_reshaper.reshape(text))

"""The bundled Arabic stop-word list, search-normalized."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from toolkit.arabic.normalize import normalize


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Arabic stop words (function words and news reporting verbs).

    Returns
    -------
    frozenset of str
        Search-normalized words (see :func:`toolkit.arabic.normalize`), read
        from ``toolkit/data/stopwords_ar.txt``.

    Examples
    --------
    >>> {"قال", "وفق", "بحسب", "الي"} <= stop_words()
    True
    """
    text = (resources.files("toolkit") / "data" / "stopwords_ar.txt").read_text(encoding="utf-8")
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(normalize(w, level="search") for w in words if w)

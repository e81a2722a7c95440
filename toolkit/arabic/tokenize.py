"""A tokenizer that keeps Arabic words whole.

Python's ``\\w`` does not match combining marks, so the usual ``\\w+`` (and
scikit-learn's default ``token_pattern``) cuts «الإسلاميّة» at the shadda.
:data:`TOKEN_PATTERN` lets marks and tatweel continue a word.
"""

from __future__ import annotations

import re

import numpy as np

#: Marks that may occur inside a word: harakat, Quranic marks, tatweel,
#: zero-width (non-)joiners.
_INNER = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d"

#: Regular expression for one token; usable as scikit-learn's
#: ``token_pattern``. Numbers keep their decimal point («1.4»).
TOKEN_PATTERN = rf"(?:\d+(?:[.,٫]\d+)*|[^\W\d_](?:[^\W\d_]|[{_INNER}])*)"
_TOKEN = re.compile(TOKEN_PATTERN)


def tokenize(text: str) -> list[str]:
    """Split text into word tokens, keeping Arabic words with their marks.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of str
        Tokens in order. Punctuation is dropped; numbers are tokens.

    Examples
    --------
    >>> tokenize("حركة المقاومة الإسلاميّة (حماس)، و1.4 مليون")
    ['حركة', 'المقاومة', 'الإسلاميّة', 'حماس', 'و', '1.4', 'مليون']
    """
    return _TOKEN.findall(text)


def token_spans(text: str) -> np.ndarray:
    """Return the ``(start, end)`` offsets of every token.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    numpy.ndarray
        Integer array of shape ``(n_tokens, 2)``.

    Examples
    --------
    >>> token_spans("قال: حماس").tolist()
    [[0, 3], [5, 9]]
    """
    spans = [m.span() for m in _TOKEN.finditer(text)]
    return np.asarray(spans, dtype=np.int64).reshape(-1, 2)


def count_tokens(text: str) -> int:
    """Count word tokens (document length for rates per 1,000 words).

    Examples
    --------
    >>> count_tokens("غارات أسفرت عن شهداء وجرحى.")
    5
    """
    return len(_TOKEN.findall(text))

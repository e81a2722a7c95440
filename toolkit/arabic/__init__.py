"""Arabic text utilities: normalization with offsets, tokenization.

Examples
--------
>>> from toolkit import arabic
>>> arabic.normalize("الولایات المتحدة")
'الولايات المتحدة'
"""

from toolkit.arabic.characters import is_arabic_letter
from toolkit.arabic.normalize import (
    LEVELS,
    NormalizedText,
    normalize,
    normalize_with_offsets,
)
from toolkit.arabic.tokenize import TOKEN_PATTERN, count_tokens, token_spans, tokenize

__all__ = [
    "LEVELS",
    "TOKEN_PATTERN",
    "NormalizedText",
    "count_tokens",
    "is_arabic_letter",
    "normalize",
    "normalize_with_offsets",
    "token_spans",
    "tokenize",
]

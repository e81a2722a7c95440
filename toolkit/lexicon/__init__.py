"""Lexicons of competing labels (YAML) and their clitic expansion."""

from toolkit.lexicon.model import (
    Context,
    Lexicon,
    LexiconError,
    Scope,
    Term,
    load_lexicon,
    term_key,
    validate_lexicon,
)

__all__ = [
    "Context",
    "Lexicon",
    "LexiconError",
    "Scope",
    "Term",
    "load_lexicon",
    "term_key",
    "validate_lexicon",
]

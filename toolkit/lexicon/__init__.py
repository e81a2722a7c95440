"""Lexicons of competing labels (YAML) and their clitic expansion."""

from toolkit.lexicon.model import Lexicon, Term, load_lexicon, term_key

__all__ = ["Lexicon", "Term", "load_lexicon", "term_key"]

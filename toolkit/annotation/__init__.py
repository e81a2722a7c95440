"""Annotation: lexicon matches, keyword-in-context, review, counts."""

from toolkit.annotation.counts import counts, document_lengths
from toolkit.annotation.kwic import KwicTable, kwic
from toolkit.annotation.match import Matcher, annotate
from toolkit.annotation.review import lexicon_precision, sample_for_review, wilson_interval
from toolkit.schema import MATCH_COLUMNS, MATCHES

__all__ = [
    "MATCHES",
    "MATCH_COLUMNS",
    "KwicTable",
    "Matcher",
    "annotate",
    "counts",
    "document_lengths",
    "kwic",
    "lexicon_precision",
    "sample_for_review",
    "wilson_interval",
]

"""Computational media-framing research on Arabic news.

The pipeline is a chain of stages that pass pandas DataFrames on (their
columns are named in :mod:`toolkit.schema`)::

    load → normalize → annotate → compare → plot

Examples
--------
>>> import toolkit
>>> corpus = toolkit.load_corpus(toolkit.paths.SEEDS)
>>> corpus.documents["role"].value_counts().to_dict()
{'main': 5, 'related': 3}
"""

from toolkit import arabic, paths, schema
from toolkit.annotation import (
    Matcher,
    annotate,
    counts,
    document_lengths,
    kwic,
    lexicon_precision,
    sample_for_review,
)
from toolkit.compare import compare_shares, keyness, label_shares, log_odds
from toolkit.events import cluster_events
from toolkit.lexicon import Lexicon, load_lexicon
from toolkit.load import BoilerplatePolicy, Corpus, load_corpus
from toolkit.reuse import align, find_reuse, reuse_clusters, substitution_matrix, substitutions
from toolkit.topics import TopicModel, coherence, topics_by, topics_over_time
from toolkit.validate import agreement, corrected_shares, read_coded, variant_precision

__version__ = "0.1.0"

__all__ = [
    "BoilerplatePolicy",
    "Corpus",
    "Lexicon",
    "Matcher",
    "TopicModel",
    "__version__",
    "agreement",
    "align",
    "annotate",
    "arabic",
    "cluster_events",
    "coherence",
    "compare_shares",
    "corrected_shares",
    "counts",
    "document_lengths",
    "find_reuse",
    "keyness",
    "kwic",
    "label_shares",
    "lexicon_precision",
    "load_corpus",
    "load_lexicon",
    "log_odds",
    "paths",
    "read_coded",
    "reuse_clusters",
    "sample_for_review",
    "schema",
    "substitution_matrix",
    "substitutions",
    "topics_by",
    "topics_over_time",
    "variant_precision",
]

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

import importlib
from typing import Any

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
from toolkit.lexicon import Lexicon, load_lexicon, validate_lexicon
from toolkit.load import BoilerplatePolicy, Corpus, load_corpus
from toolkit.reuse import align, find_reuse, reuse_clusters, substitution_matrix, substitutions
from toolkit.topics import TopicModel, coherence, topic_stability, topics_by, topics_over_time
from toolkit.validate import agreement, corrected_shares, read_coded, variant_precision

__version__ = "0.1.0"

# Namespaces imported on first use: ``toolkit.plot`` (matplotlib),
# ``toolkit.dask`` (Dask and distributed: not imported unless used),
# ``toolkit.datasets`` (the fetchers) and ``toolkit.display`` (Jupyter).
_LAZY = ("dask", "datasets", "display", "plot")


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return importlib.import_module(f"toolkit.{name}")
    raise AttributeError(f"module 'toolkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


def load_seeds(**options: Any) -> Corpus:
    """Load the five seed articles shipped with the package.

    They are package data (``toolkit/data/seeds/``, byte for byte the
    repository's ``seeds/``), so this works from an installed wheel as from
    a checkout.

    Parameters
    ----------
    **options
        Passed to :func:`load_corpus`.

    Returns
    -------
    Corpus

    Examples
    --------
    >>> load_seeds()
    Corpus(8 documents (5 main, 3 related); 5 inputs: 5 loaded, 0 rejected)
    """
    return load_corpus(paths.PACKAGED_SEEDS, **options)


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
    "datasets",
    "display",
    "document_lengths",
    "find_reuse",
    "keyness",
    "kwic",
    "label_shares",
    "lexicon_precision",
    "load_corpus",
    "load_lexicon",
    "load_seeds",
    "log_odds",
    "paths",
    "plot",
    "read_coded",
    "reuse_clusters",
    "sample_for_review",
    "schema",
    "substitution_matrix",
    "substitutions",
    "topic_stability",
    "topics_by",
    "topics_over_time",
    "validate_lexicon",
    "variant_precision",
]

"""Lexicon annotation per partition, the automaton built once per worker."""

from __future__ import annotations

import os

import dask.dataframe as dd
import pandas as pd

from toolkit.annotation.match import Matcher
from toolkit.annotation.match import annotate as annotate_frame
from toolkit.lexicon import Lexicon, load_lexicon

#: Compiled lexicons of this process (a worker), by content hash.
_MATCHERS: dict[str, Matcher] = {}
#: How often this process compiled a lexicon (read by the tests through the client).
BUILDS: list[tuple[int, str]] = []


def worker_matcher(lexicon: Lexicon) -> Matcher:
    """The compiled automaton for a lexicon, built once per process."""
    matcher = _MATCHERS.get(lexicon.sha256)
    if matcher is None:
        matcher = _MATCHERS[lexicon.sha256] = Matcher(lexicon)
        BUILDS.append((os.getpid(), lexicon.sha256))
    return matcher


def _annotate_partition(documents: pd.DataFrame, lexicon: Lexicon) -> pd.DataFrame:
    return annotate_frame(documents, matcher=worker_matcher(lexicon))


def annotate(documents: dd.DataFrame, lexicon: object = None) -> dd.DataFrame:
    """:func:`toolkit.annotate` on a Dask DataFrame of documents.

    The matches of a document stay in the partition of the document, so
    per-partition results combine exactly.

    Parameters
    ----------
    documents : dask.dataframe.DataFrame
        With ``doc_id`` and ``text``, optionally ``title``.
    lexicon : Lexicon, path, mapping or None
        As for :func:`toolkit.annotate`.

    Returns
    -------
    dask.dataframe.DataFrame
        Matches, one partition per documents partition.
    """
    lex = load_lexicon(lexicon)
    # Headlines are annotated too, as in pandas (``field`` says which).
    columns = ["doc_id", "title", "text"] if "title" in documents.columns else ["doc_id", "text"]
    meta = annotate_frame(pd.DataFrame({c: pd.Series(dtype=str) for c in columns}), lex)
    return documents[columns].map_partitions(_annotate_partition, lex, meta=meta)

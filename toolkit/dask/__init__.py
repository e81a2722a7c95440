"""The pipeline on Dask: corpora larger than one machine.

The same results as the pandas functions, from partitioned data: documents
as a ``dask.dataframe`` (:func:`read_documents`; raw files are loaded on the
cluster into Parquet with a load report by :func:`ingest`), annotation per partition
with the lexicon automaton built once per worker (:func:`annotate`), and
statistics and reuse combined exactly (:func:`counts`, :func:`label_shares`,
:func:`log_odds`, :func:`find_reuse`).
"""

from toolkit.dask.annotate import annotate
from toolkit.dask.cluster import get_client
from toolkit.dask.io import conform, documents_meta, ingest, read_documents, write_documents
from toolkit.dask.reuse import find_reuse
from toolkit.dask.stats import counts, label_shares, log_odds

__all__ = [
    "annotate",
    "conform",
    "counts",
    "documents_meta",
    "find_reuse",
    "get_client",
    "ingest",
    "label_shares",
    "log_odds",
    "read_documents",
    "write_documents",
]

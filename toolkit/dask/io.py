"""Corpora as Dask DataFrames with the same columns and dtypes as ``corpus.documents``."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path

import dask.dataframe as dd
import pandas as pd
from dask.dataframe.io.utils import DataFrameIOFunction
from dask.utils import natural_sort_key

from toolkit import schema
from toolkit.load.api import load_input
from toolkit.load.build import TableBuilder
from toolkit.load.markers import load_markers
from toolkit.load.page import PageParser
from toolkit.load.sources import InputFile, find_inputs

#: Tags are stored as one string (" | "-joined) in Dask frames: Parquet and
#: Dask's string handling do not carry list columns reliably.
TAG_SEPARATOR = " | "


def documents_meta() -> pd.DataFrame:
    """An empty ``documents`` table with the dtypes every partition has.

    Examples
    --------
    >>> list(documents_meta().columns) == list(schema.DOCUMENTS)
    True
    """
    frame = pd.DataFrame({c: pd.Series(dtype="str") for c in schema.DOCUMENTS})
    for column in ("published", "crawled"):
        frame[column] = pd.Series(dtype="datetime64[ns, UTC]")
    frame["record"] = pd.Series(dtype="Int64")
    return frame


def conform(documents: pd.DataFrame) -> pd.DataFrame:
    """Give a pandas ``documents`` table the Dask dtypes (tags joined into one string).

    Parameters
    ----------
    documents : pandas.DataFrame
        As ``corpus.documents``.

    Returns
    -------
    pandas.DataFrame
        Same rows; string columns as ``string``, tags as one string.
    """
    frame = documents.copy()
    frame["tags"] = frame["tags"].map(lambda t: TAG_SEPARATOR.join(t) if isinstance(t, (list, tuple)) else t)
    meta = documents_meta()
    for column in schema.DOCUMENTS:
        frame[column] = frame[column].astype(meta[column].dtype)
    return frame[list(schema.DOCUMENTS)]


def _load_one(item: InputFile, columns: Mapping[str, str] | None, outlet: str | None) -> pd.DataFrame:
    builder = TableBuilder(parser=PageParser(load_markers()))
    load_input(builder, item, outlet=outlet, columns=columns)
    documents, _, _ = builder.frames()
    return conform(documents)


def read_documents(
    source: str | Path | Sequence[str | Path],
    *,
    columns: Mapping[str, str] | None = None,
    outlet: str | None = None,
) -> dd.DataFrame:
    """Read a corpus into a Dask DataFrame of documents.

    Parameters
    ----------
    source : path or sequence of paths
        A Parquet dataset written by :func:`write_documents` (a folder of
        ``.parquet`` files), or files and folders of pages and record files
        (one partition per input file, read with the same loader as
        :func:`toolkit.load_corpus`, learned boilerplate excepted: it needs
        the whole corpus at once).
    columns, outlet
        As for :func:`toolkit.load_corpus`.

    Returns
    -------
    dask.dataframe.DataFrame
        Columns and dtypes of :func:`documents_meta`.
    """
    paths = [Path(source)] if isinstance(source, (str, Path)) else [Path(p) for p in source]
    if len(paths) == 1 and _is_parquet_dataset(paths[0]):
        found = paths[0].glob("*.parquet") if paths[0].is_dir() else paths
        files = sorted(map(str, found), key=natural_sort_key)
        # One partition per file. dd.read_parquet would fuse files whenever a
        # step selects few columns (it assumes columns of equal size), and a
        # step that selects doc_id and text then runs on two or three
        # partitions: one worker of two sat idle for a third of the time.
        frame = dd.from_map(_ParquetFile(), files, meta=documents_meta(), label="read-documents")
        return frame.astype(documents_meta().dtypes.to_dict())
    inputs, _ = find_inputs(paths)
    inputs = [i for i in inputs if i.kind in ("page", "records")]
    if not inputs:
        raise ValueError(f"no pages or record files in {source}")
    # Options go through a partial: from_map takes a "columns" keyword of its
    # own (a projection), which would swallow ours.
    load = functools.partial(_load_one, columns=columns, outlet=outlet)
    frame = dd.from_map(load, inputs, meta=documents_meta(), enforce_metadata=True)
    # Dask turns text columns into its own string dtype; give back pandas'.
    return frame.astype(documents_meta().dtypes.to_dict())


class _ParquetFile(DataFrameIOFunction):
    """Read one Parquet file of documents, only the columns a computation needs."""

    def __init__(self, columns: list[str] | None = None) -> None:
        self._columns = columns

    @property
    def columns(self) -> list[str] | None:
        return self._columns

    def project_columns(self, columns: list[str]) -> _ParquetFile:
        return self if columns == self._columns else _ParquetFile(list(columns))

    def __call__(self, path: str) -> pd.DataFrame:
        wanted = self._columns or list(schema.DOCUMENTS)
        frame = pd.read_parquet(path, columns=wanted)
        meta = documents_meta()
        return frame.astype({c: meta[c].dtype for c in wanted})[wanted]


def _is_parquet_dataset(path: Path) -> bool:
    return (path.is_dir() and any(path.glob("*.parquet"))) or (path.suffix == ".parquet" and path.is_file())


def write_documents(
    documents: dd.DataFrame | pd.DataFrame, folder: str | Path, *, npartitions: int = 8
) -> Path:
    """Write documents as partitioned Parquet (readable by :func:`read_documents`).

    Parameters
    ----------
    documents : dask or pandas DataFrame
        Documents (a pandas table is split into ``npartitions``).
    folder : path
        Target folder.
    npartitions : int
        Partitions for a pandas table.

    Returns
    -------
    pathlib.Path
        The folder.
    """
    if isinstance(documents, pd.DataFrame):
        documents = dd.from_pandas(conform(documents), npartitions=npartitions, sort=False)
    documents.to_parquet(str(folder), write_index=False, overwrite=True)
    return Path(folder)

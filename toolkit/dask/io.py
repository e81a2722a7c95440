"""Corpora as Dask DataFrames with the same columns and dtypes as ``corpus.documents``."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

import dask
import dask.dataframe as dd
import pandas as pd
from dask.dataframe.io.utils import DataFrameIOFunction
from dask.utils import natural_sort_key

from toolkit import schema
from toolkit.load.api import load_inputs
from toolkit.load.markers import load_markers
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


#: Pages loaded by one task (one partition): a partition per page would
#: make thousands of tiny partitions. A record file is a partition of its own.
PAGES_PER_PARTITION = 256


def _batches(inputs: list[InputFile]) -> list[list[InputFile]]:
    batches: list[list[InputFile]] = []
    pages: list[InputFile] = []
    for item in inputs:
        if item.kind != "page":
            # Pages read so far form their own batch: the input order is kept.
            batches.extend([pages, [item]] if pages else [[item]])
            pages = []
            continue
        pages.append(item)
        if len(pages) == PAGES_PER_PARTITION:
            batches.append(pages)
            pages = []
    if pages:
        batches.append(pages)
    return batches


def _batch_documents(items: list[InputFile], **options) -> pd.DataFrame:
    return conform(load_inputs(items, **options)[0])


def _write_batch(items: list[InputFile], number: int, folder: Path, **options) -> pd.DataFrame:
    documents, segments, report = load_inputs(items, **options)
    name = f"part-{number:06d}.parquet"
    conform(documents).to_parquet(folder / "documents" / name, index=False)
    segments.to_parquet(folder / "segments" / name, index=False)
    return report


def ingest(
    source: str | Path | Sequence[str | Path],
    folder: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    outlet: str | None = None,
    markers: str | Path | None = None,
    overwrite: bool = False,
) -> pd.DataFrame:
    """Load raw files on the cluster into partitioned Parquet, accounting for every input.

    Each task loads a record file or a batch of pages with the pandas
    loader's code and writes ``folder/documents/part-N.parquet`` (readable
    by :func:`read_documents`) and ``folder/segments/part-N.parquet``.
    Learned boilerplate is left out: it needs the whole corpus at once.

    Parameters
    ----------
    source : path or sequence of paths
        Files and folders, as for :func:`toolkit.load_corpus`.
    folder : path
        Output folder; on a cluster, one that every worker can write to
        (a shared file system), since the workers write the files.
    columns, outlet, markers
        As for :func:`toolkit.load_corpus`.
    overwrite : bool
        Replace the Parquet files of an earlier run in ``folder``; without
        it, such files are an error (stale partitions would be read as part
        of the corpus).

    Returns
    -------
    pandas.DataFrame
        The load report (columns :data:`toolkit.schema.REPORT`): one row per
        input or record, loaded or rejected with its reason.
    """
    folder = Path(folder)
    old = [p for sub in ("documents", "segments") for p in (folder / sub).glob("*.parquet")]
    if old and not overwrite:
        raise FileExistsError(f"{folder} holds Parquet files of an earlier run: pass overwrite=True")
    for path in old:
        path.unlink()
    for sub in ("documents", "segments"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    inputs, problems = find_inputs(source)
    rules = load_markers(markers)
    options = {"rules": rules, "columns": columns, "outlet": outlet}
    write = dask.delayed(_write_batch, pure=False)
    reports = dask.compute(*[write(b, i, folder, **options) for i, b in enumerate(_batches(inputs))])
    unlisted = load_inputs([], rules=rules, problems=problems)[2]
    # Empty parts are left out: their text columns have no dtype to agree on.
    parts = [r for r in (unlisted, *reports) if len(r)]
    return pd.concat(parts, ignore_index=True) if parts else unlisted


def read_documents(
    source: str | Path | Sequence[str | Path],
    *,
    columns: Mapping[str, str] | None = None,
    outlet: str | None = None,
    markers: str | Path | None = None,
) -> dd.DataFrame:
    """Read a corpus into a Dask DataFrame of documents.

    Parameters
    ----------
    source : path or sequence of paths
        A Parquet dataset written by :func:`write_documents` (a folder of
        ``.parquet`` files), or files and folders of pages and record files
        (a partition per record file or per batch of pages, read with the
        same loader as :func:`toolkit.load_corpus`, learned boilerplate
        excepted: it needs the whole corpus at once). Rejected inputs and
        records are not part of a documents table; :func:`ingest` returns
        the load report that accounts for them.
    columns, outlet, markers
        As for :func:`toolkit.load_corpus`.

    Returns
    -------
    dask.dataframe.DataFrame
        Columns and dtypes of :func:`documents_meta`.
    """
    paths = [Path(source)] if isinstance(source, (str, Path)) else [Path(p) for p in source]
    if len(paths) == 1 and is_parquet_dataset(paths[0]):
        found = paths[0].glob("*.parquet") if paths[0].is_dir() else paths
        files = sorted(map(str, found), key=natural_sort_key)
        # One partition per file. dd.read_parquet would fuse files whenever a
        # step selects few columns (it assumes columns of equal size), and a
        # step that selects doc_id and text then runs on two or three
        # partitions: one worker of two sat idle for a third of the time.
        frame = dd.from_map(_ParquetFile(), files, meta=documents_meta(), label="read-documents")
        return frame.astype(documents_meta().dtypes.to_dict())
    inputs, problems = find_inputs(paths)
    skipped = [name for name, _ in problems] + [i.name for i in inputs if i.kind not in ("page", "records")]
    if skipped:
        warnings.warn(
            f"{len(skipped)} inputs are not read (first: {skipped[0]}); "
            "toolkit.dask.ingest gives the reason for each",
            stacklevel=2,
        )
    batches = _batches([i for i in inputs if i.kind in ("page", "records")])
    if not batches:
        raise ValueError(f"no pages or record files in {source}")
    # Options go through a partial: from_map takes a "columns" keyword of its
    # own (a projection), which would swallow ours.
    load = functools.partial(_batch_documents, rules=load_markers(markers), columns=columns, outlet=outlet)
    frame = dd.from_map(load, batches, meta=documents_meta(), enforce_metadata=True)
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


def is_parquet_dataset(path: Path) -> bool:
    """Whether a path is a Parquet file or a folder of Parquet files (not raw inputs)."""
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

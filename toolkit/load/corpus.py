"""The result of loading: documents, segments, report (and what was learned)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit import schema
from toolkit.load.sources import mark_output_folder
from toolkit.schema import BOILERPLATE_COLUMNS


@dataclass(frozen=True)
class Corpus:
    """Loaded articles and the account of how every input was read.

    Attributes
    ----------
    documents : pandas.DataFrame
        One row per article (:data:`toolkit.schema.DOCUMENT_COLUMNS`).
    segments : pandas.DataFrame
        Every character of every input, classified
        (:data:`toolkit.schema.SEGMENT_COLUMNS`).
    report : pandas.DataFrame
        One row per input, loaded or rejected
        (:data:`toolkit.schema.REPORT_COLUMNS`).
    boilerplate : pandas.DataFrame
        Lines learned as outlet boilerplate (``outlet``, ``line``,
        ``n_docs``, ``share``).
    """

    documents: pd.DataFrame
    segments: pd.DataFrame
    report: pd.DataFrame
    boilerplate: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(BOILERPLATE_COLUMNS)))

    def __repr__(self) -> str:
        loaded = int((self.report["status"] == schema.STATUS_LOADED).sum())
        rejected = len(self.report) - loaded
        roles = self.documents["role"].value_counts().to_dict()
        return (
            f"Corpus({len(self.documents)} documents "
            f"({roles.get('main', 0)} main, {roles.get('related', 0)} related); "
            f"{len(self.report)} inputs: {loaded} loaded, {rejected} rejected)"
        )

    def _repr_html_(self) -> str:
        from toolkit.display import corpus_html  # Jupyter display, right-to-left cells

        return corpus_html(self)

    def raw_text(self, path: str, record: int | None = None) -> str:
        """Rebuild the decoded text of one input from its segments.

        Parameters
        ----------
        path : str
            The input's ``path`` as in :attr:`segments`.
        record : int, optional
            Record number, for record files.

        Returns
        -------
        str
            Exactly the decoded input (segments tile it).
        """
        rows = self.segments[self.segments["path"] == path]
        rows = rows[rows["record"].isna()] if record is None else rows[rows["record"] == record]
        if rows.empty:
            raise KeyError(f"no input {path!r} (record {record}) in this corpus")
        return "".join(rows.sort_values("start")["text"])

    def locate(self, doc_id: str, start: int, end: int) -> tuple[str, int | None, int, int]:
        """Map a span of ``documents.text`` back to the raw input.

        Parameters
        ----------
        doc_id : str
            The document.
        start, end : int
            Offsets into that document's ``text``.

        Returns
        -------
        tuple
            ``(path, record, raw_start, raw_end)`` such that the raw input's
            characters ``raw_start:raw_end`` are the text's ``start:end``
            when the span lies inside one segment; a span across segments
            maps from the first one's start to the last one's end.
        """
        parts = self.segments[(self.segments["doc_id"] == doc_id) & self.segments["text_start"].notna()]
        if parts.empty:
            raise KeyError(f"no document {doc_id!r} with story text")
        parts = parts.sort_values("text_start")
        text_starts = parts["text_start"].to_numpy(dtype=np.int64)
        first = int(np.searchsorted(text_starts, start, side="right") - 1)
        last = int(np.searchsorted(text_starts, max(end - 1, start), side="right") - 1)
        a = parts.iloc[first]
        b = parts.iloc[last]
        raw_start = int(a["start"]) + start - int(a["text_start"])
        raw_end = int(b["start"]) + end - int(b["text_start"])
        record = None if pd.isna(a["record"]) else int(a["record"])
        return str(a["path"]), record, raw_start, raw_end

    def write(self, folder: str | Path) -> dict[str, Path]:
        """Write the tables: Parquet for all, CSV for documents and report.

        Parameters
        ----------
        folder : str or pathlib.Path
            Created if missing.

        Returns
        -------
        dict
            Table name → written path.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        # Marked so that a corpus written inside its own source folder is
        # not loaded back as input on the next run.
        mark_output_folder(folder)
        written = {}
        for name in ("documents", "segments", "report", "boilerplate"):
            frame: pd.DataFrame = getattr(self, name)
            target = folder / f"{name}.parquet"
            frame.to_parquet(target, index=False)
            written[name] = target
        docs_csv = self.documents.assign(tags=self.documents["tags"].map(lambda t: " | ".join(t)))
        docs_csv.to_csv(folder / "documents.csv", index=False)
        self.report.to_csv(folder / "report.csv", index=False)
        written["documents.csv"] = folder / "documents.csv"
        written["report.csv"] = folder / "report.csv"
        return written

    @classmethod
    def read(cls, folder: str | Path) -> Corpus:
        """Read tables written by :meth:`write`."""
        folder = Path(folder)
        frames = {
            name: pd.read_parquet(folder / f"{name}.parquet")
            for name in ("documents", "segments", "report", "boilerplate")
        }
        frames["documents"]["tags"] = frames["documents"]["tags"].map(list)
        return cls(**frames)

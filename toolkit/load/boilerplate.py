"""Boilerplate learned from the corpus: short lines that one outlet repeats.

A body line is taken as boilerplate of an outlet when, after search
normalization, it occurs in at least ``min_docs`` of that outlet's documents
and in at least ``min_share`` of them, has at most ``max_words`` words and
stands among the first or last ``edge_lines`` body lines of its document.
Documents with identical text count once, so that a story loaded twice (or
republished verbatim) does not make its own lines look like boilerplate.
The word limit keeps republished story sentences (wire copy shared by many
articles) out of the boilerplate: those are long. What was learned is
returned as a table so that a reviewer can read every line that was removed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from toolkit import schema
from toolkit.arabic.normalize import normalize
from toolkit.load.page import assemble_text
from toolkit.schema import BOILERPLATE_COLUMNS


@dataclass(frozen=True)
class BoilerplatePolicy:
    """Thresholds for learned boilerplate.

    Parameters
    ----------
    min_docs : int
        Documents of one outlet a line must occur in.
    min_share : float
        Share of that outlet's documents it must occur in.
    max_words : int
        Longer lines are never boilerplate.
    edge_lines : int
        Only the first and last ``edge_lines`` body lines of a document are
        candidates: bylines open a story and footers close it, while a short
        sub-heading in the middle of a story copied many times is story text.
    """

    min_docs: int = 10
    min_share: float = 0.002
    max_words: int = 12
    edge_lines: int = 3


def learn_boilerplate(
    documents: pd.DataFrame,
    segments: pd.DataFrame,
    report: pd.DataFrame,
    *,
    policy: BoilerplatePolicy,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Reclassify repeated short body lines and rebuild the affected texts.

    Parameters
    ----------
    documents, segments, report : pandas.DataFrame
        The tables of a loaded corpus (not modified).
    policy : BoilerplatePolicy
        The thresholds.

    Returns
    -------
    tuple of pandas.DataFrame
        New ``(documents, segments, report, learned)``; ``learned`` lists
        the lines with ``outlet``, ``line`` (search-normalized), ``n_docs``
        and ``share``. Documents left without text are dropped and their
        inputs reported as rejected.
    """
    empty = pd.DataFrame(columns=list(BOILERPLATE_COLUMNS))
    if documents.empty:
        return documents, segments, report, empty
    outlet_of = documents.set_index("doc_id")["outlet"].fillna("")
    # Identical texts count once: the first document with a given text
    # stands for all of them.
    text_of = documents.set_index("doc_id")["text"]
    body = segments[(segments["kind"] == "body") & segments["doc_id"].notna()]
    rank = body.groupby("doc_id", sort=False).cumcount()
    from_end = body.groupby("doc_id", sort=False).cumcount(ascending=False)
    words = body["text"].str.count(r"\s+") + 1
    at_edge = (rank < policy.edge_lines) | (from_end < policy.edge_lines)
    body = body[(words <= policy.max_words) & at_edge]
    if body.empty:
        return documents, segments, report, empty
    keys = pd.DataFrame(
        {
            "outlet": body["doc_id"].map(outlet_of).to_numpy(),
            "line": [normalize(t, level="search") for t in body["text"]],
            "doc_id": body["doc_id"].to_numpy(),
            "doc_text": body["doc_id"].map(text_of).to_numpy(),
        },
        index=body.index,
    )
    counts = keys.groupby(["outlet", "line"])["doc_text"].nunique().rename("n_docs").reset_index()
    distinct = documents.assign(outlet=documents["outlet"].fillna("")).drop_duplicates(["outlet", "text"])
    per_outlet = distinct["outlet"].value_counts()
    counts["share"] = counts["n_docs"] / counts["outlet"].map(per_outlet)
    learned = counts[(counts["n_docs"] >= policy.min_docs) & (counts["share"] >= policy.min_share)]
    if learned.empty:
        return documents, segments, report, empty
    hit = keys.reset_index().merge(learned[["outlet", "line"]], on=["outlet", "line"])["index"]
    segments = segments.copy()
    segments.loc[hit, "kind"] = "boilerplate"
    affected = set(segments.loc[hit, "doc_id"])
    documents, segments, report = _rebuild(documents, segments, report, affected)
    learned = learned.sort_values(["outlet", "n_docs"], ascending=[True, False]).reset_index(drop=True)
    return documents, segments, report, learned[list(BOILERPLATE_COLUMNS)]


def _unit_key(frame: pd.DataFrame) -> pd.Series:
    """One key per tiled input: the path, plus the record number if any."""
    return frame["path"].astype(str) + "#" + frame["record"].astype("string").fillna("")


def _rebuild(
    documents: pd.DataFrame, segments: pd.DataFrame, report: pd.DataFrame, affected: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    seg_units = _unit_key(segments)
    doc_units = _unit_key(documents)
    wanted = set(doc_units[documents["doc_id"].isin(list(affected))])
    chosen = np.flatnonzero(seg_units.isin(wanted).to_numpy())
    starts = segments["start"].to_numpy(dtype=np.int64)
    ends = segments["end"].to_numpy(dtype=np.int64)
    kinds = segments["kind"].to_numpy(dtype=object)
    ids = segments["doc_id"].to_numpy(dtype=object)
    texts = segments["text"].to_numpy(dtype=object)
    text_start = segments["text_start"].to_numpy(dtype=object, na_value=None).copy()
    text_start[chosen] = None
    new_text: dict[str, str] = {}
    units = seg_units.to_numpy(dtype=object)[chosen]
    for positions in pd.Series(chosen).groupby(units, sort=False).agg(list):
        positions = sorted(positions, key=lambda p: starts[p])
        raw = "".join(texts[p] for p in positions)
        doc_ids = list(dict.fromkeys(ids[p] for p in positions if isinstance(ids[p], str)))
        index_of = {d: k for k, d in enumerate(doc_ids)}
        tuples = [
            (
                int(starts[p]),
                int(ends[p]),
                kinds[p],
                index_of.get(ids[p]) if isinstance(ids[p], str) else None,
            )
            for p in positions
        ]
        for doc_id, k in index_of.items():
            text, offsets = assemble_text(tuples, raw, k)
            new_text[doc_id] = text
            for local, offset in offsets.items():
                text_start[positions[local]] = offset
    segments["text_start"] = pd.array(text_start, dtype="Int64")
    documents = documents.copy()
    changed = documents["doc_id"].isin(list(new_text))
    documents.loc[changed, "text"] = documents.loc[changed, "doc_id"].map(new_text)
    emptied = documents["text"].eq("")
    lost_main = documents.loc[emptied & documents["role"].eq(schema.ROLE_MAIN), "doc_id"]
    drop = emptied | documents["parent_id"].isin(lost_main)
    if drop.any():
        dropped = documents[drop]
        segments.loc[segments["doc_id"].isin(dropped["doc_id"]), "doc_id"] = pd.NA
        report = report.copy()
        for (path, record), group in dropped.groupby(["path", "record"], dropna=False):
            same_record = report["record"].isna() if pd.isna(record) else report["record"].eq(record)
            row = report["path"].eq(path) & same_record
            if not row.any() and str(path).endswith("#text"):
                # HTML: documents point at the extracted text, the report at the file.
                row = report["path"].eq(str(path)[: -len("#text")]) & same_record
            if not row.any():
                continue
            remaining = int(report.loc[row, "n_documents"].iloc[0]) - len(group)
            report.loc[row, "n_documents"] = remaining
            if remaining == 0 or group["role"].eq(schema.ROLE_MAIN).any():
                report.loc[row, ["status", "reason", "n_documents"]] = [
                    schema.STATUS_REJECTED,
                    "no story text: every body line is boilerplate learned from its outlet",
                    0,
                ]
        documents = documents[~drop].reset_index(drop=True)
    return documents, segments, report

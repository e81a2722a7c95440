"""Boilerplate learned from the corpus: lines and tails that one outlet repeats.

A body line is taken as boilerplate of an outlet when, after search
normalization (and with runs of a repeated symbol such as «-----» shortened
to three), it occurs in at least ``min_docs`` of that outlet's documents and
in at least ``min_share`` of them, has at most ``max_words`` words and
stands among the first or last ``edge_lines`` body lines of its document.
Longer lines (up to ``long_max_words``: BBC Arabic's 18-word app promotion)
must be much more common, ``long_min_share`` of the outlet's documents.

Templated trailers with a variable part, often glued to the last paragraph
(«… رابط الخبر بصحيفة الوئام: <title>», «… سمات <tags>»), are learned as
*anchor words*: a word that stands within the last ``tail_words`` words of
the last body line in at least ``template_min_share`` of an outlet's
documents, and elsewhere in its documents at most ``template_specificity``
times as often. The last line is cut at the first anchor word in that tail
window; the cut-off part becomes ``boilerplate``.
Documents with identical text count once, so that a story loaded twice (or
republished verbatim) does not make its own lines look like boilerplate.
The word limit keeps republished story sentences (wire copy shared by many
articles) out of the boilerplate: those are long. What was learned is
returned as a table so that a reviewer can read every line that was removed.
"""

from __future__ import annotations

import re
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
    long_max_words : int
        Lines longer than ``max_words`` and up to this many words are
        boilerplate only when they reach ``long_min_share``.
    long_min_share : float
        Share of an outlet's documents a long line must occur in.
    templates : bool
        Whether to learn templated trailers (anchor words, see above).
    tail_words : int
        Words at the end of the last body line searched for anchor words
        (a template's variable part must fit in them).
    template_min_share : float
        Share of an outlet's documents whose tail holds an anchor word.
    template_specificity : float
        Most documents with the word elsewhere, per document with it in the
        tail.
    """

    min_docs: int = 10
    min_share: float = 0.002
    max_words: int = 12
    edge_lines: int = 3
    long_max_words: int = 40
    long_min_share: float = 0.05
    templates: bool = True
    tail_words: int = 30
    template_min_share: float = 0.2
    template_specificity: float = 0.1


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
    body = body[(words <= max(policy.max_words, policy.long_max_words)) & at_edge]
    keys = pd.DataFrame(
        {
            "outlet": body["doc_id"].map(outlet_of).to_numpy(),
            "line": [_RUN.sub(r"\1\1\1", normalize(t, level="search")) for t in body["text"]],
            "doc_id": body["doc_id"].to_numpy(),
            "doc_text": body["doc_id"].map(text_of).to_numpy(),
        },
        index=body.index,
    )
    counts = keys.groupby(["outlet", "line"])["doc_text"].nunique().rename("n_docs").reset_index()
    distinct = documents.assign(outlet=documents["outlet"].fillna("")).drop_duplicates(["outlet", "text"])
    per_outlet = distinct["outlet"].value_counts()
    counts["share"] = counts["n_docs"] / counts["outlet"].map(per_outlet)
    short = counts["line"].map(lambda line: len(str(line).split()) <= policy.max_words).astype(bool)
    learned = counts[
        (counts["n_docs"] >= policy.min_docs)
        & (counts["share"] >= policy.min_share)
        & (short | (counts["share"] >= policy.long_min_share))
    ]
    segments = segments.copy()
    affected: set[str] = set()
    if not learned.empty:
        hit = keys.reset_index().merge(learned[["outlet", "line"]], on=["outlet", "line"])["index"]
        segments.loc[hit, "kind"] = "boilerplate"
        affected = set(segments.loc[hit, "doc_id"])
    anchors = pd.DataFrame(columns=list(BOILERPLATE_COLUMNS))
    if policy.templates:
        segments, anchors, cut_docs = _cut_templates(segments, outlet_of, text_of, per_outlet, policy)
        affected |= cut_docs
    learned = pd.concat([learned[list(BOILERPLATE_COLUMNS)], anchors], ignore_index=True)
    if learned.empty:
        return documents, segments, report, empty
    documents, segments, report = _rebuild(documents, segments, report, affected)
    learned = learned.sort_values(["outlet", "n_docs"], ascending=[True, False]).reset_index(drop=True)
    return documents, segments, report, learned[list(BOILERPLATE_COLUMNS)]


#: A run of one repeated symbol («-------», «*****»): separators vary in length.
_RUN = re.compile(r"([^\w\s])\1{2,}")
_TOKEN = re.compile(r"\S+")
#: Marks the anchor of a templated trailer in the learned table.
TEMPLATE_SUFFIX = " …"


def _cut_templates(
    segments: pd.DataFrame,
    outlet_of: pd.Series,
    text_of: pd.Series,
    per_outlet: pd.Series,
    policy: BoilerplatePolicy,
) -> tuple[pd.DataFrame, pd.DataFrame, set[str]]:
    """Learn anchor words of templated trailers and cut the last lines at them."""
    empty = pd.DataFrame(columns=list(BOILERPLATE_COLUMNS))
    body = segments[(segments["kind"] == "body") & segments["doc_id"].notna()]
    if body.empty:
        return segments, empty, set()
    last = body.groupby("doc_id", sort=False).tail(1)
    n_lines = body["doc_id"].value_counts().to_dict()
    outlet_of = outlet_of.to_dict()
    text_of = text_of.to_dict()
    wanted = set(last["doc_id"])
    # Normalize each distinct word once, in one call: per-word calls would
    # cost more than the rest of this function.
    vocabulary = sorted({t for d in wanted for t in text_of.get(d, "").split()})
    normalized = normalize("\n".join(vocabulary), level="search").split("\n")
    if len(normalized) != len(vocabulary):  # normalization touched a line break
        normalized = [normalize(t, level="search") for t in vocabulary]
    cache = dict(zip(vocabulary, normalized, strict=True))

    def norm(token: str) -> str:
        found = cache.get(token)
        if found is None:
            found = cache[token] = normalize(token, level="search")
        return found

    tails: dict[int, tuple[str, list[tuple[int, str]]]] = {}
    tail_df: dict[tuple[str, str], int] = {}
    rest_df: dict[tuple[str, str], int] = {}
    seen_texts: set[tuple[str, str]] = set()
    for index, doc_id, line in zip(last.index, last["doc_id"], last["text"], strict=True):
        outlet = outlet_of.get(doc_id, "")
        spans = [(m.start(), m.group()) for m in _TOKEN.finditer(line)]
        window = [(start, norm(token)) for start, token in spans[-policy.tail_words :]]
        tails[index] = (outlet, window)
        text = text_of.get(doc_id, "")
        if (outlet, text) in seen_texts:
            continue  # identical texts count once
        seen_texts.add((outlet, text))
        in_tail = {token for _, token in window}
        for token in in_tail:
            tail_df[(outlet, token)] = tail_df.get((outlet, token), 0) + 1
        # The rest of the text: everything but the tail window.
        cut = len(text) - (len(line) - window[0][0]) if window else len(text)
        for token in {norm(t) for t in set(text[: max(cut, 0)].split())} & in_tail:
            rest_df[(outlet, token)] = rest_df.get((outlet, token), 0) + 1
    rows = []
    for (outlet, token), n_docs in tail_df.items():
        total = per_outlet.get(outlet, 0)
        if not total or n_docs < policy.min_docs or n_docs / total < policy.template_min_share:
            continue
        if rest_df.get((outlet, token), 0) > policy.template_specificity * n_docs:
            continue
        if not any(ch.isalpha() for ch in token):
            continue  # punctuation and numbers are no anchors
        rows.append(
            {"outlet": outlet, "line": token + TEMPLATE_SUFFIX, "n_docs": n_docs, "share": n_docs / total}
        )
    if not rows:
        return segments, empty, set()
    anchors = pd.DataFrame(rows, columns=list(BOILERPLATE_COLUMNS))
    anchor_set = {
        (o, line[: -len(TEMPLATE_SUFFIX)]) for o, line in zip(anchors["outlet"], anchors["line"], strict=True)
    }
    kinds = segments["kind"].to_numpy(dtype=object).copy()
    ends = segments["end"].to_numpy(dtype=np.int64).copy()
    texts = segments["text"].to_numpy(dtype=object).copy()
    position = {label: k for k, label in enumerate(segments.index)}
    new_rows: list[dict[str, object]] = []
    new_order: list[float] = []
    cut_docs: set[str] = set()
    for index, (outlet, window) in tails.items():
        at = next((start for start, token in window if (outlet, token) in anchor_set), None)
        if at is None:
            continue
        k = position[index]
        text = texts[k]
        keep = len(text[:at].rstrip())
        start = ends[k] - len(text)
        doc_id = segments.at[index, "doc_id"]
        if keep == 0 and n_lines.get(doc_id, 0) <= 1:
            continue  # a trailer is never the whole story
        cut_docs.add(doc_id)
        if keep == 0:
            kinds[k] = "boilerplate"
            continue
        # The line keeps its story part; the whitespace before the trailer
        # and the trailer itself follow it as new segments.
        base = segments.loc[index].to_dict()
        for kind, s_from, s_to in (("blank", keep, at), ("boilerplate", at, len(text))):
            if s_to > s_from:
                new_rows.append(
                    {
                        **base,
                        "kind": kind,
                        "start": start + s_from,
                        "end": start + s_to,
                        "text": text[s_from:s_to],
                    }
                )
                new_order.append(k + (0.25 if kind == "blank" else 0.5))
        ends[k] = start + keep
        texts[k] = text[:keep]
    segments = segments.assign(kind=kinds, end=pd.array(ends, dtype=segments["end"].dtype), text=texts)
    if new_rows:
        added = pd.DataFrame(new_rows, columns=segments.columns)
        added["text_start"] = pd.NA
        added = added.astype(segments.dtypes.to_dict())
        order = np.concatenate([np.arange(len(segments), dtype=float), new_order])
        segments = pd.concat([segments, added], ignore_index=True)
        segments = segments.iloc[np.argsort(order, kind="stable")].reset_index(drop=True)
    return segments, anchors, cut_docs


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

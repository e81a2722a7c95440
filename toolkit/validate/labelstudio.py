"""Coding in Label Studio: tasks to import, and its JSON export read back.

Offsets are the trap. Label Studio's text spans (``value.start``/``end``)
count UTF-16 code units, as JavaScript strings do; Python counts code
points. Arabic letters, harakat and the bidi marks (U+200F, U+061C) are one
unit either way, but an emoji or any character beyond U+FFFF before a span
shifts every later offset by one. With right-to-left text a few more things
go wrong in exports seen in the wild: a selection made from right to left
can come out with ``start > end``; the browser turns ``\\r\\n`` into ``\\n``,
so offsets in a text with Windows line breaks drift by one per break; and
spans trimmed or extended by a bidi mark no longer match their own ``text``.

What :func:`label_studio_spans` does about it, in order: converts UTF-16
offsets to code points; swaps reversed offsets; if ``text[start:end]`` is
not the span's ``text``, tries the offsets as code points, then as offsets
into the text with ``\\r\\n`` folded, then looks for the span's text at the
nearest place within 20 characters. Every repair is written in the ``repair``
column; a span that cannot be placed is rejected with its reason (never
silently dropped, never crashing the good spans beside it).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.validate.sheets import normalize_codebook

#: Columns of :func:`label_studio_spans`.
SPAN_COLUMNS = (
    "task_id", "match_id", "doc_id", "coder", "start", "end", "text", "label", "repair", "rejected",
)  # fmt: skip


def utf16_offsets(text: str) -> np.ndarray:
    """UTF-16 offset of every code-point position of ``text`` (length + 1).

    Examples
    --------
    >>> utf16_offsets("a😀ب").tolist()
    [0, 1, 3, 4]
    """
    units = np.fromiter((2 if ord(c) > 0xFFFF else 1 for c in text), dtype=np.int64, count=len(text))
    return np.concatenate([[0], np.cumsum(units)])


def _to_code_points(text: str, offset: int) -> int | None:
    positions = utf16_offsets(text)
    i = int(np.searchsorted(positions, offset))
    return i if i < len(positions) and positions[i] == offset else None  # None: inside a surrogate pair


def _place(text: str, start: int, end: int, said: str | None) -> tuple[int, int, str, str]:
    """Code-point offsets of a span, the repair made, and a rejection reason ('' when placed)."""
    repairs = []
    if start > end:
        start, end = end, start
        repairs.append("start and end were reversed")
    s, e = _to_code_points(text, start), _to_code_points(text, end)
    if said is None:
        if s is None or e is None:
            return start, end, "", "offsets fall inside a character (UTF-16 surrogate pair)"
        return s, e, "; ".join([*repairs, "span text not exported: offsets unverified"]), ""
    if s is not None and e is not None and text[s:e] == said:
        if s != start or e != end:
            repairs.append("UTF-16 offsets converted to characters")
        return s, e, "; ".join(repairs), ""
    if text[start:end] == said:
        return start, end, "; ".join([*repairs, "offsets were characters, not UTF-16 units"]), ""
    if "\r\n" in text:
        folded = text.replace("\r\n", "\n")
        fs, fe = _to_code_points(folded, start), _to_code_points(folded, end)
        if fs is not None and fe is not None and folded[fs:fe] == said.replace("\r\n", "\n"):
            # Map folded positions back: each \r before the position adds one.
            crs = np.flatnonzero(np.frombuffer(text.encode("utf-32-le"), dtype="<u4") == 13)
            back = np.arange(len(text) + 1) - np.searchsorted(crs, np.arange(len(text) + 1))
            s2, e2 = int(np.searchsorted(back, fs)), int(np.searchsorted(back, fe))
            if text[s2:e2].replace("\r\n", "\n") == said.replace("\r\n", "\n"):
                return s2, e2, "; ".join([*repairs, "offsets counted \\r\\n as one character"]), ""
    anchor = s if s is not None else start
    found = [i for i in _occurrences(text, said) if abs(i - anchor) <= 20]
    if said and found:
        best = min(found, key=lambda i: abs(i - anchor))
        note = f"placed by its text, {best - anchor:+d} characters from the exported offset"
        return best, best + len(said), "; ".join([*repairs, note]), ""
    return start, end, "", f"span text {said!r} is not at or near offsets {start}-{end}"


def _occurrences(text: str, part: str) -> list[int]:
    found, i = [], text.find(part) if part else -1
    while i >= 0:
        found.append(i)
        i = text.find(part, i + 1)
    return found


def _coder(annotation: dict) -> str:
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("username") or who.get("id")
    return str(who) if who is not None else "unknown"


def _load(export: str | Path | list) -> list[dict]:
    if isinstance(export, list):
        return export
    path = Path(export)
    text = path.read_text(encoding="utf-8-sig")
    if not text.strip():
        raise ValueError(f"Label Studio export {path} is empty")
    try:
        tasks = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{path} is not a Label Studio JSON export: {error}") from None
    if not isinstance(tasks, list):
        raise ValueError(f"{path}: a Label Studio JSON export is a list of tasks")
    return tasks


def label_studio_spans(export: str | Path | list, *, text_key: str = "text") -> pd.DataFrame:
    """Every labelled span and choice of a Label Studio JSON export, offsets in characters.

    Parameters
    ----------
    export : path or list
        The JSON export (a list of tasks), or the parsed list.
    text_key : str
        The task data field holding the text.

    Returns
    -------
    pandas.DataFrame
        :data:`SPAN_COLUMNS`: ``start``/``end`` are code-point offsets into
        the task's text plus the task's ``offset`` field (so into the
        document when a task holds a window of it), ``label`` the span's
        label or the choice; a choice has no offsets. ``repair`` says what
        was fixed, ``rejected`` why a span could not be placed ('' when
        placed). Cancelled annotations are skipped.
    """
    rows = []
    for task in _load(export):
        data = task.get("data", {})
        text = data.get(text_key, "")
        shift = int(data.get("offset", 0) or 0)
        for annotation in task.get("annotations", []):
            if annotation.get("was_cancelled"):
                continue
            coder = _coder(annotation)
            for result in annotation.get("result", []):
                value = result.get("value", {})
                base = (task.get("id"), data.get("match_id"), data.get("doc_id"), coder)
                if "choices" in value:
                    for label in value["choices"]:
                        rows.append((*base, pd.NA, pd.NA, "", str(label), "", ""))
                    continue
                labels = value.get("labels") or value.get("choices") or []
                if "start" not in value or "end" not in value:
                    continue
                start, end, repair, reason = _place(
                    text, int(value["start"]), int(value["end"]), value.get("text")
                )
                for label in labels or [""]:
                    rows.append((*base, start + shift, end + shift, text[start:end] if not reason else
                                 value.get("text", ""), str(label), repair, reason))  # fmt: skip
    spans = pd.DataFrame(rows, columns=list(SPAN_COLUMNS))
    spans["start"] = spans["start"].astype("Int64")
    spans["end"] = spans["end"].astype("Int64")
    return spans


def read_label_studio(
    export: str | Path | list,
    *,
    sample: pd.DataFrame,
    codebook=None,
    text_key: str = "text",
    ignore_labels: tuple[str, ...] = ("hit",),
) -> pd.DataFrame:
    """Codes from a Label Studio export of :func:`label_studio_tasks`' tasks.

    A task's code is its choice (``Choices`` control), or the label of a
    span that overlaps the hit (``Labels`` control). Tasks that hold a whole
    document (no ``match_id``) are matched to the sample's hits by the
    spans' document offsets.

    Parameters
    ----------
    export : path or list
        The JSON export.
    sample : pandas.DataFrame
        The sample the tasks were made from.
    codebook : mapping or list, optional
        As for :func:`toolkit.validate.read_coded`.
    text_key : str
        The task data field holding the text.
    ignore_labels : tuple of str
        Span labels that are not codes (the pre-marked ``hit``).

    Returns
    -------
    pandas.DataFrame
        The long table of :func:`toolkit.validate.read_coded`.

    Raises
    ------
    ValueError
        Tasks or spans that belong to no hit of the sample, labels outside
        the codebook, spans that cannot be placed, or an export without codes.
    """
    lookup = normalize_codebook(codebook)
    spans = label_studio_spans(export, text_key=text_key)
    spans = spans[~spans["label"].isin(ignore_labels)]
    if spans.empty:
        raise ValueError("the Label Studio export holds no coded result")
    bad = spans[spans["rejected"] != ""]
    if len(bad):
        raise ValueError(f"{len(bad)} span(s) could not be placed, e.g. task {bad['task_id'].iloc[0]}: "
                         f"{bad['rejected'].iloc[0]}")  # fmt: skip
    known = sample.astype({"match_id": str}).set_index("match_id")
    resolved = spans["match_id"].astype(object).copy()
    for i in np.flatnonzero(resolved.isna().to_numpy()):
        row = spans.iloc[i]
        if pd.isna(row["start"]):
            continue
        hits = sample[(sample["doc_id"].astype(str) == str(row["doc_id"]))
                      & (sample["start"] < row["end"]) & (row["start"] < sample["end"])]  # fmt: skip
        if len(hits) == 1:
            resolved.iloc[i] = str(hits["match_id"].iloc[0])
    spans = spans.assign(match_id=resolved)
    foreign = spans["match_id"].isna() | ~spans["match_id"].astype(str).isin(known.index)
    if foreign.any():
        row = spans[foreign].iloc[0]
        raise ValueError(
            f"{int(foreign.sum())} Label Studio result(s) belong to no hit of the sample, e.g. task "
            f"{row['task_id']} (match_id {row['match_id']!r}, doc {row['doc_id']!r}, "
            f"span {row['start']}-{row['end']})"
        )
    code = spans["label"].str.strip().str.lower().map(lookup)
    if code.isna().any():
        raise ValueError(
            f"label {spans['label'][code.isna()].iloc[0]!r} is outside the codebook "
            f"{sorted(set(lookup.values()))}"
        )
    codes = pd.DataFrame({"match_id": spans["match_id"].astype(str), "coder": spans["coder"], "code": code,
                          "note": spans["repair"]})  # fmt: skip
    clash = codes.groupby(["match_id", "coder"])["code"].nunique()
    if (clash > 1).any():
        raise ValueError(
            f"coder {clash[clash > 1].index[0][1]!r} gave hit {clash[clash > 1].index[0][0]!r} two codes"
        )
    codes = codes.drop_duplicates(["match_id", "coder"])
    keep = [c for c in ("doc_id", "concept", "variant", "stratum") if c in known.columns]
    return codes.join(known[keep], on="match_id").reset_index(drop=True)


def label_studio_tasks(sample: pd.DataFrame) -> list[dict]:
    """Tasks for Label Studio, one per hit: the context, with the hit pre-marked.

    Import the list (``json.dump`` it) into a project with a labelling
    config such as::

        <View>
          <Text name="text" value="$text"/>
          <Labels name="hit" toName="text"><Label value="hit"/></Labels>
          <Choices name="code" toName="text" choice="single">
            <Choice value="yes"/><Choice value="no"/>
          </Choices>
        </View>

    The pre-marked span carries UTF-16 offsets, as Label Studio counts.

    Parameters
    ----------
    sample : pandas.DataFrame
        From :func:`toolkit.sample_for_review`.

    Returns
    -------
    list of dict
        Tasks with ``data`` (``text``, ``match_id``, ``sample_id``,
        ``doc_id``, ``offset``: the text's start in the document) and a
        ``predictions`` span at the hit.

    Examples
    --------
    >>> s = pd.DataFrame({"match_id": ["d:3-7"], "sample_id": ["x"], "doc_id": ["d"], "left": ["😀 "],
    ...                   "surface": ["حماس"], "right": [" قالت"], "start": [3], "end": [7]})
    >>> task = label_studio_tasks(s)[0]
    >>> task["predictions"][0]["result"][0]["value"]["start"], task["data"]["offset"]
    (3, 1)
    """
    tasks = []
    for row in sample.itertuples(index=False):
        text = f"{row.left}{row.surface}{row.right}"
        units = utf16_offsets(text)
        start, end = len(row.left), len(row.left) + len(row.surface)
        value = {"start": int(units[start]), "end": int(units[end]), "text": row.surface, "labels": ["hit"]}
        tasks.append(
            {
                "data": {"text": text, "match_id": row.match_id, "sample_id": row.sample_id,
                         "doc_id": row.doc_id, "offset": int(row.start) - start},
                "predictions": [{"model_version": "lexicon", "result": [
                    {"from_name": "hit", "to_name": "text", "type": "labels", "value": value}]}],
            }
        )  # fmt: skip
    return tasks

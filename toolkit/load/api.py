"""``load_corpus``: every input in, one tidy table out, nothing lost."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.load.boilerplate import BoilerplatePolicy, learn_boilerplate
from toolkit.load.build import PageMeta, TableBuilder
from toolkit.load.corpus import Corpus
from toolkit.load.dates import check_date_order, read_dates
from toolkit.load.decode import Decoded, decode_bytes
from toolkit.load.html import extract_html
from toolkit.load.markers import Rule, load_markers
from toolkit.load.page import PageParser
from toolkit.load.sources import (
    RECORD_FIELDS,
    ColumnsError,
    InputFile,
    _has_value,
    _suffix,
    check_columns,
    find_inputs,
    has_lone_surrogate,
    read_input,
    read_records,
    standard_fields,
)

Source = str | Path | Sequence[str | Path] | pd.DataFrame | Sequence[Mapping[str, object]]
#: Thresholds used when ``load_corpus`` is not given any.
DEFAULT_BOILERPLATE = BoilerplatePolicy()
#: ``path`` of records given as a DataFrame or a list of mappings; doc ids
#: are ``frame:<row number>`` unless the records have a ``doc_id`` field.
FRAME_NAME = "frame"


def load_corpus(
    source: Source,
    *,
    outlet: str | None = None,
    columns: Mapping[str, str] | None = None,
    markers: str | Path | None = None,
    boilerplate: BoilerplatePolicy | None = DEFAULT_BOILERPLATE,
    date_order: str | None = None,
) -> Corpus:
    """Load scraped articles into documents, segments and a load report.

    Parameters
    ----------
    source : path, sequence of paths, DataFrame or sequence of mappings
        A file, a folder (read recursively) or a list of them. Pages:
        ``.txt``, ``.html``; records: ``.jsonl``, ``.csv``, ``.tsv`` (each
        optionally gzipped), ``.parquet``. Records already in memory (a
        DataFrame, or a list of dicts) go through the same cleaning; their
        report rows have the path ``frame`` and their doc ids are
        ``frame:<row>`` (1-based), or the records' own ``doc_id`` field.
    outlet : str, optional
        Outlet of pages that do not name one themselves (no header stamp,
        attribution or aggregator name). Record files take the outlet from
        their own field.
    columns : mapping, optional
        For record files: ``{field: name in the file}`` for the fields
        ``text``, ``title``, ``outlet``, ``source``, ``published``, ``url``,
        ``tags`` when they are not named as usual (see
        :data:`toolkit.load.sources.RECORD_FIELDS`).
    markers : path, optional
        A YAML file of extra marker rules (same shape as the built-in
        ``toolkit/data/markers.yml``).
    boilerplate : BoilerplatePolicy or None
        Thresholds for boilerplate learned per outlet; None turns it off.
    date_order : {"dmy", "mdy", "ymd"}, optional
        How record fields read all-numeric dates with the year last, such
        as «05/06/2018»: day first, month first, or not at all (year-first
        dates only). Without it, each file's (or frame's) own dates decide:
        month first only when some date has a second field above 12 and
        none a first one, else day first; every date that both readings fit
        then gets a note in the load report, and so does every date the
        order does not fit (it is left missing). Page dates are read from
        their text as before.

    Returns
    -------
    Corpus
        ``documents``, ``segments``, ``report`` and ``boilerplate``. Every
        input (file, record, skipped link or folder) has a report row; a
        data problem never raises, it rejects the input concerned.

    Raises
    ------
    ValueError
        For usage errors: ``columns=`` naming an unknown or absent field,
        files of one name from different folders.
    toolkit.yamlio.YamlError
        For a marker file that cannot be used.

    Examples
    --------
    >>> from toolkit import load_corpus
    >>> from toolkit.paths import SEEDS
    >>> corpus = load_corpus(SEEDS)
    >>> corpus
    Corpus(8 documents (5 main, 3 related); 5 inputs: 5 loaded, 0 rejected)
    >>> corpus.documents.loc[0, ["outlet", "source", "title"]].tolist()
    ['الجزيرة', 'الجزيرة', 'غالانت يزور واشنطن لبحث اجتياح رفح وقضايا أمنية']
    >>> records = [{"text": "قال الوزير إن المحادثات ستستمر.", "outlet": "واس"}, {"text": ["not", "text"]}]
    >>> load_corpus(records).report[["path", "record", "status", "reason"]].values.tolist()
    [['frame', 1, 'loaded', ''], ['frame', 2, 'rejected', 'text is a list, not a string']]
    >>> dated = [{"text": "نص الخبر", "published": "05/06/2018"}]
    >>> load_corpus(dated, date_order="mdy").documents["published"].dt.date.tolist()
    [datetime.date(2018, 5, 6)]
    """
    check_date_order(date_order)
    rules = load_markers(markers)
    if _is_records(source):
        documents, segments, report = load_frame(source, rules=rules, columns=columns, date_order=date_order)
    else:
        inputs, problems = find_inputs(source)
        documents, segments, report = load_inputs(
            inputs, rules=rules, problems=problems, outlet=outlet, columns=columns, date_order=date_order
        )
    learned = None
    if boilerplate is not None:
        documents, segments, report, learned = learn_boilerplate(
            documents, segments, report, policy=boilerplate
        )
    if learned is None:
        return Corpus(documents, segments, report)
    return Corpus(documents, segments, report, learned)


def _is_records(source: object) -> bool:
    if isinstance(source, pd.DataFrame):
        return True
    if isinstance(source, (str, Path, bytes)) or not isinstance(source, Sequence):
        return False
    return any(isinstance(item, Mapping) for item in source)


def load_frame(
    source: pd.DataFrame | Sequence[Mapping[str, object]],
    *,
    rules: list[Rule],
    columns: Mapping[str, str] | None = None,
    date_order: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Documents, segments and report of records held in memory.

    Parameters
    ----------
    source : DataFrame or sequence of mappings
        One record per row (item); items that are not mappings are rejected.
    rules : list of Rule
        Marker rules.
    columns, date_order : optional
        As for :func:`load_corpus`.

    Returns
    -------
    tuple of pandas.DataFrame
        ``(documents, segments, report)``.
    """
    columns = check_columns(columns)
    builder = TableBuilder(parser=PageParser(rules))
    errors: list[tuple[int, str]] = []
    if isinstance(source, pd.DataFrame):
        raw = source.reset_index(drop=True).copy()
        raw.columns = [str(c) for c in raw.columns]
        raw.insert(0, "__record", range(1, len(raw) + 1))
    else:
        rows = []
        for number, item in enumerate(source, start=1):
            if isinstance(item, Mapping):
                rows.append({**{str(k): v for k, v in item.items()}, "__record": number})
            else:
                errors.append((number, f"record {number} is {type(item).__name__}, not a mapping"))
        raw = pd.DataFrame(rows) if rows else pd.DataFrame({"__record": pd.Series([], dtype="int64")})
    frame = standard_fields(raw, columns, name=FRAME_NAME)
    ids = None
    if "doc_id" in raw.columns:
        ids = _own_ids(raw, errors)
        keep = raw["__record"].isin(ids.index)
        frame, ids = frame[keep.to_numpy()].reset_index(drop=True), ids.reset_index(drop=True)
    add_records(builder, FRAME_NAME, FRAME_NAME, frame, sorted(errors), "", ids=ids, date_order=date_order)
    return builder.frames()


def _own_ids(raw: pd.DataFrame, errors: list[tuple[int, str]]) -> pd.Series:
    """The records' own doc ids; records with a missing or repeated id are rejected."""
    seen: set[str] = set()
    kept = {}
    for number, value in zip(raw["__record"], raw["doc_id"], strict=True):
        text = str(value).strip() if isinstance(value, (str, int, np.integer)) else ""
        if not text:
            errors.append((int(number), "missing doc_id (the records name their own ids)"))
        elif text in seen:
            errors.append((int(number), f"doc_id {text!r} repeats an earlier record's"))
        else:
            seen.add(text)
            kept[int(number)] = text
    return pd.Series(kept, dtype=object)


def load_inputs(
    inputs: Sequence[InputFile],
    *,
    rules: list[Rule],
    problems: Sequence[tuple[str, str]] = (),
    outlet: str | None = None,
    columns: Mapping[str, str] | None = None,
    date_order: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Documents, segments and load report of input files, learned boilerplate aside.

    Shared by :func:`load_corpus` and the Dask loader, which calls it on
    batches of inputs.

    Parameters
    ----------
    inputs : sequence of InputFile
        From :func:`toolkit.load.sources.find_inputs`.
    rules : list of Rule
        Marker rules (:func:`toolkit.load.markers.load_markers`).
    problems : sequence of (name, reason)
        Sources that could not be listed; each becomes a rejection.
    outlet, columns, date_order
        As for :func:`load_corpus`.

    Returns
    -------
    tuple of pandas.DataFrame
        ``(documents, segments, report)``.
    """
    columns = check_columns(columns)
    check_date_order(date_order)
    builder = TableBuilder(parser=PageParser(rules))
    for name, reason in problems:
        builder.reject(name, reason)
    for item in inputs:
        load_input(builder, item, outlet=outlet, columns=columns, date_order=date_order)
    return builder.frames()


def load_input(
    builder: TableBuilder,
    item: InputFile,
    *,
    outlet: str | None,
    columns: Mapping[str, str] | None,
    date_order: str | None = None,
) -> None:
    """Read one input file into ``builder``: a page, a record file, or a rejection.

    A data problem never raises: whatever goes wrong while reading the file
    becomes a rejection of that file (or of the one record concerned).
    Only a usage error (``columns=`` naming an absent field) is raised.

    Parameters
    ----------
    builder : TableBuilder
        Collects the rows.
    item : InputFile
        The file.
    outlet, columns, date_order
        As for :func:`load_corpus`.
    """
    mark = builder.mark()
    try:
        if item.kind == "page":
            _load_page(builder, item, outlet=outlet)
        elif item.kind == "records":
            _load_records(builder, item, columns=columns, date_order=date_order)
        else:
            builder.reject(item.name, f"unsupported file type {item.path.suffix or '(none)'!r}")
    except ColumnsError:
        raise
    except (Exception, RecursionError) as err:  # one input must not cost the others
        builder.rollback(mark)
        builder.reject(item.name, f"cannot read: {_describe(err)}")


def _describe(err: BaseException) -> str:
    text = str(err).strip() or "no message"
    return f"{type(err).__name__}: {text[:300]}"


def _read(builder: TableBuilder, item: InputFile) -> tuple[str, Decoded] | None:
    """Bytes → text for a page; None (and a rejection) when that fails."""
    try:
        raw = read_input(item.path)
    except OSError as err:
        builder.reject(item.name, f"cannot read file: {err.strerror or err}")
        return None
    except ValueError as err:  # corrupt gzip, too large
        builder.reject(item.name, str(err))
        return None
    return raw.note, decode_bytes(raw.data)


def _load_page(builder: TableBuilder, item: InputFile, *, outlet: str | None) -> None:
    read = _read(builder, item)
    if read is None:
        return
    gz_note, decoded = read
    if decoded.text is None or decoded.reason:
        builder.reject(item.name, decoded.reason, encoding=decoded.encoding, text=decoded.text)
        return
    note = "; ".join(n for n in (gz_note, decoded.note) if n)
    if _suffix(item.path) in (".html", ".htm"):
        _load_html(builder, item, decoded.text, decoded.encoding, note, outlet=outlet)
        return
    builder.add_page(
        path=item.name,
        record=None,
        base_id=item.stem,
        text=decoded.text,
        meta=PageMeta(outlet=outlet),
        encoding=decoded.encoding,
        note=note,
    )


def _load_html(
    builder: TableBuilder, item: InputFile, html: str, encoding: str, note: str, *, outlet: str | None
) -> None:
    extracted = extract_html(html)
    if not extracted.text.strip():
        builder.reject(item.name, "HTML without extractable article text", encoding=encoding, text=html)
        return
    text_path = f"{item.name}#text"
    meta = PageMeta(
        outlet=extracted.sitename or outlet,
        title=extracted.title,
        published=extracted.date,
        url=extracted.url,
        tags=tuple(extracted.tags),
        infer_title=False,
    )
    n = builder.add_page(
        path=text_path,
        record=None,
        base_id=item.stem,
        text=extracted.text,
        meta=meta,
        encoding=encoding,
        note=(note + "; " if note else "") + extracted.note,
        report_path=item.name,
    )
    doc_id = item.stem if n else None
    builder._segment(item.name, None, doc_id, "html_source", 0, len(html), html, None)


def _load_records(
    builder: TableBuilder, item: InputFile, *, columns: Mapping[str, str] | None, date_order: str | None
) -> None:
    try:
        table = read_records(item, columns=columns)
    except ColumnsError:
        raise
    except OSError as err:
        builder.reject(item.name, f"cannot read records: {err.strerror or err}")
        return
    except (ValueError, ImportError) as err:  # corrupt gzip or Parquet, too large
        builder.reject(item.name, f"cannot read records: {err}")
        return
    if table.decoded.text is None or table.decoded.reason:
        builder.reject(item.name, table.decoded.reason, encoding=table.decoded.encoding)
        return
    add_records(
        builder, item.name, item.stem, table.frame, table.errors, table.decoded.encoding, table.note,
        date_order=date_order,
    )  # fmt: skip


def add_records(
    builder: TableBuilder,
    name: str,
    stem: str,
    frame: pd.DataFrame,
    errors: Sequence[tuple[int, str]],
    encoding: str,
    note: str = "",
    *,
    ids: pd.Series | None = None,
    date_order: str | None = None,
) -> None:
    """Add the records of one table (a file, or a DataFrame given directly).

    Each record is checked on its own: a value of the wrong type in a
    metadata field is dropped with a note, a record without usable text is
    rejected, and anything that fails while one record is read rejects that
    record alone.

    Parameters
    ----------
    builder : TableBuilder
        Collects the rows.
    name : str
        ``path`` of the report rows.
    stem : str
        Base of doc ids (``<stem>:<record>``).
    frame : pandas.DataFrame
        Standard fields (:func:`toolkit.load.sources.standard_fields`).
    errors : sequence of (record, reason)
        Records that could not be read at all.
    encoding, note : str
        For the report rows.
    ids : pandas.Series, optional
        Doc ids to use instead, one per row of ``frame``.
    date_order : {"dmy", "mdy", "ymd"}, optional
        As for :func:`load_corpus`; the table's own dates decide without it.
    """
    # Report rows follow the records' order: unreadable records are
    # reported where they stand in the file.
    pending = sorted(errors, key=lambda e: e[0])

    def flush(before: float) -> None:
        while pending and pending[0][0] < before:
            record, reason = pending.pop(0)
            builder.reject(name, reason, record=record or None, encoding=encoding)

    if "text" not in frame.columns or frame.empty:
        flush(float("inf"))
    if "text" not in frame.columns:
        if frame.empty and not errors:
            builder.reject(name, "no records: the file holds no rows", encoding=encoding)
            return
        builder.reject(
            name,
            "no text field: name it with columns={'text': ...} "
            f"(looked for {', '.join(RECORD_FIELDS['text'])})",
            encoding=encoding,
        )
        return
    if frame.empty:
        if not errors:
            builder.reject(name, "no records: the file holds a header but no rows", encoding=encoding)
        return
    for field in ("published", "crawled"):
        if field in frame.columns:
            dates, notes, _ = read_dates(frame[field], date_order=date_order, what=field)
            frame = frame.assign(**{field: dates, f"{field}_raw": frame[field], f"{field}_note": notes})
    for position, values in enumerate(frame.to_dict(orient="records")):
        record = int(values["record"])
        flush(record)
        base_id = f"{stem}:{record}" if ids is None else str(ids.iloc[position])
        mark = builder.mark()
        try:
            _add_record(builder, name, record, base_id, values, encoding, note)
        except (Exception, RecursionError) as err:  # one record must not cost the others
            builder.rollback(mark)
            builder.reject(name, f"cannot read record: {_describe(err)}", record=record, encoding=encoding)
    flush(float("inf"))


def _add_record(
    builder: TableBuilder,
    name: str,
    record: int,
    base_id: str,
    values: dict[str, object],
    encoding: str,
    note: str,
) -> None:
    text = values.get("text")
    if not isinstance(text, str):
        reason = (
            "empty or missing text" if not _has_value(text) else f"text is {_type_name(text)}, not a string"
        )
        builder.reject(name, reason, record=record, encoding=encoding)
        return
    if not text.strip():
        builder.reject(name, "empty or missing text", record=record, encoding=encoding)
        return
    if has_lone_surrogate(text):
        builder.reject(
            name,
            "text holds a lone UTF-16 surrogate (not valid Unicode text)",
            record=record,
            encoding=encoding,
        )
        return
    notes = [note] if note else []
    fields: dict[str, object] = {}
    for field in ("title", "outlet", "source", "url"):
        value, problem = _text_field(values.get(field))
        fields[field] = value
        if problem:
            notes.append(f"{field} ignored: {problem}")
    tags, problem = _as_tags(values.get("tags"))
    if problem:
        notes.append(f"tags ignored: {problem}")
    published = values.get("published")
    raw_published = values.get("published_raw")
    for field in ("published", "crawled"):
        if values.get(f"{field}_note"):  # ambiguous, or not a date in the chosen order
            notes.append(values[f"{field}_note"])
    if _has_value(raw_published) and not isinstance(published, pd.Timestamp):
        published = None
        if not values.get("published_note"):
            notes.append(f"published not understood as a date: {_shown(raw_published)}")
    named = fields["outlet"]
    meta = PageMeta(
        outlet=named,
        outlet_is_final=isinstance(named, str) and bool(named.strip()),
        title=fields["title"],
        published=published,
        crawled=values.get("crawled"),
        url=fields["url"],
        tags=tags,
        source=fields["source"],
        infer_title=False,
    )
    builder.add_page(
        path=name,
        record=record,
        base_id=base_id,
        text=text,
        meta=meta,
        encoding=encoding,
        note="; ".join(notes),
    )


def _type_name(value: object) -> str:
    if isinstance(value, (list, tuple, np.ndarray)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float, np.number)):
        return "a number"
    return f"a {type(value).__name__}"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _text_field(value: object) -> tuple[str | None, str]:
    """A metadata value as text, or None and why it was dropped."""
    if not _has_value(value):
        return None, ""
    if isinstance(value, str):
        if has_lone_surrogate(value):
            return None, "holds a lone UTF-16 surrogate"
        return value, ""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return str(value), ""
    return None, f"{_type_name(value)} ({_shown(value)}), not text"


def _as_tags(value: object) -> tuple[tuple[str, ...], str]:
    """Tags from a string («a، b, c») or a list of strings; why others are dropped."""
    if not _has_value(value):
        return (), ""
    if isinstance(value, str):
        if has_lone_surrogate(value):
            return (), "holds a lone UTF-16 surrogate"
        return tuple(t.strip() for t in value.replace("،", ",").split(",") if t.strip()), ""
    if isinstance(value, (list, tuple, np.ndarray)):
        kept = tuple(
            str(t).strip()
            for t in value
            if (isinstance(t, str) and not has_lone_surrogate(t)) or isinstance(t, (int, np.integer))
        )
        dropped = len(value) - len(kept)
        return tuple(t for t in kept if t), (f"{dropped} tag(s) that are not text" if dropped else "")
    return (), f"{_type_name(value)} ({_shown(value)}), not a list of tags"

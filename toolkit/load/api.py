"""``load_corpus``: every input in, one tidy table out, nothing lost."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from toolkit.load.boilerplate import BoilerplatePolicy, learn_boilerplate
from toolkit.load.build import PageMeta, TableBuilder
from toolkit.load.corpus import Corpus
from toolkit.load.dates import parse_dates
from toolkit.load.decode import decode_bytes
from toolkit.load.html import extract_html
from toolkit.load.markers import Rule, load_markers
from toolkit.load.page import PageParser
from toolkit.load.sources import InputFile, find_inputs, read_bytes, read_records

Source = str | Path | Sequence[str | Path]
#: Thresholds used when ``load_corpus`` is not given any.
DEFAULT_BOILERPLATE = BoilerplatePolicy()


def load_corpus(
    source: Source,
    *,
    outlet: str | None = None,
    columns: Mapping[str, str] | None = None,
    markers: str | Path | None = None,
    boilerplate: BoilerplatePolicy | None = DEFAULT_BOILERPLATE,
) -> Corpus:
    """Load scraped articles into documents, segments and a load report.

    Parameters
    ----------
    source : path or sequence of paths
        A file, a folder (read recursively) or a list of them. Pages:
        ``.txt``, ``.html``; records: ``.jsonl``, ``.csv``, ``.tsv`` (each
        optionally gzipped), ``.parquet``.
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

    Returns
    -------
    Corpus
        ``documents``, ``segments``, ``report`` and ``boilerplate``.

    Examples
    --------
    >>> from toolkit import load_corpus
    >>> from toolkit.paths import SEEDS
    >>> corpus = load_corpus(SEEDS)
    >>> corpus
    Corpus(8 documents (5 main, 3 related); 5 inputs: 5 loaded, 0 rejected)
    >>> corpus.documents.loc[0, ["outlet", "source", "title"]].tolist()
    ['الجزيرة', 'الجزيرة', 'غالانت يزور واشنطن لبحث اجتياح رفح وقضايا أمنية']
    """
    inputs, problems = find_inputs(source)
    documents, segments, report = load_inputs(
        inputs, rules=load_markers(markers), problems=problems, outlet=outlet, columns=columns
    )
    learned = None
    if boilerplate is not None:
        documents, segments, report, learned = learn_boilerplate(
            documents, segments, report, policy=boilerplate
        )
    if learned is None:
        return Corpus(documents, segments, report)
    return Corpus(documents, segments, report, learned)


def load_inputs(
    inputs: Sequence[InputFile],
    *,
    rules: list[Rule],
    problems: Sequence[tuple[str, str]] = (),
    outlet: str | None = None,
    columns: Mapping[str, str] | None = None,
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
    outlet, columns
        As for :func:`load_corpus`.

    Returns
    -------
    tuple of pandas.DataFrame
        ``(documents, segments, report)``.
    """
    builder = TableBuilder(parser=PageParser(rules))
    for name, reason in problems:
        builder.reject(name, reason)
    for item in inputs:
        load_input(builder, item, outlet=outlet, columns=columns)
    return builder.frames()


def load_input(
    builder: TableBuilder, item: InputFile, *, outlet: str | None, columns: Mapping[str, str] | None
) -> None:
    """Read one input file into ``builder``: a page, a record file, or a rejection."""
    if item.kind == "page":
        _load_page(builder, item, outlet=outlet)
    elif item.kind == "records":
        _load_records(builder, item, columns=columns)
    else:
        builder.reject(item.name, f"unsupported file type {item.path.suffix or '(none)'!r}")


def _load_page(builder: TableBuilder, item: InputFile, *, outlet: str | None) -> None:
    try:
        data = read_bytes(item.path)
    except OSError as err:
        builder.reject(item.name, f"cannot read file: {err}")
        return
    decoded = decode_bytes(data)
    if decoded.text is None or decoded.reason:
        builder.reject(item.name, decoded.reason, encoding=decoded.encoding, text=decoded.text)
        return
    if item.path.suffix.lower() in (".html", ".htm"):
        _load_html(builder, item, decoded.text, decoded.encoding, decoded.note, outlet=outlet)
        return
    builder.add_page(
        path=item.name,
        record=None,
        base_id=item.stem,
        text=decoded.text,
        meta=PageMeta(outlet=outlet),
        encoding=decoded.encoding,
        note=decoded.note,
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


def _load_records(builder: TableBuilder, item: InputFile, *, columns: Mapping[str, str] | None) -> None:
    try:
        table = read_records(item, columns=columns)
    except (OSError, ValueError) as err:
        if isinstance(err, ValueError) and "columns=" in str(err):
            raise
        builder.reject(item.name, f"cannot read records: {err}")
        return
    if table.decoded.text is None or table.decoded.reason:
        builder.reject(item.name, table.decoded.reason, encoding=table.decoded.encoding)
        return
    for record, reason in table.errors:
        builder.reject(item.name, reason, record=record, encoding=table.decoded.encoding)
    if "text" not in table.frame.columns:
        builder.reject(
            item.name,
            "no text field: name it with columns={'text': ...} "
            f"(looked for {', '.join(('text', 'content', 'body'))})",
            encoding=table.decoded.encoding,
        )
        return
    frame = table.frame
    for column in ("published", "crawled"):
        if column in frame.columns:
            frame = frame.assign(**{column: parse_dates(frame[column])})
    for row in frame.itertuples(index=False):
        values = row._asdict()
        record = int(values["record"])
        text = values.get("text")
        if not isinstance(text, str) or not text.strip():
            builder.reject(item.name, "empty or missing text", record=record, encoding=table.decoded.encoding)
            continue
        tags = values.get("tags")
        named = values.get("outlet")
        meta = PageMeta(
            outlet=named,
            outlet_is_final=isinstance(named, str) and bool(named.strip()),
            title=values.get("title"),
            published=values.get("published"),
            crawled=values.get("crawled"),
            url=values.get("url"),
            tags=_as_tags(tags),
            source=values.get("source"),
            infer_title=False,
        )
        builder.add_page(
            path=item.name,
            record=record,
            base_id=f"{item.stem}:{record}",
            text=text,
            meta=meta,
            encoding=table.decoded.encoding,
        )


def _as_tags(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(t.strip() for t in value.replace("،", ",").split(",") if t.strip())
    try:
        if pd.isna(value):
            return ()
    except (TypeError, ValueError):
        pass
    return tuple(str(t) for t in value)

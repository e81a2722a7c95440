"""Turn segmented pages into the rows of the three corpus tables."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from toolkit import schema
from toolkit.arabic.normalize import normalize
from toolkit.load.dates import parse_date
from toolkit.load.page import PageParser, PageResult, assemble_text


@dataclass(frozen=True)
class PageMeta:
    """What is known about a page before reading it.

    ``outlet_is_final`` says the outlet comes from a record field and is not
    to be replaced by what the page itself says.
    """

    outlet: str | None = None
    outlet_is_final: bool = False
    title: str | None = None
    published: object = None
    crawled: object = None
    url: str | None = None
    tags: tuple[str, ...] = ()
    source: str | None = None
    infer_title: bool = True


def _clean(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and _is_missing(value)):
        return None
    text = normalize(str(value)).strip()
    return text or None


def _stripped(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and _is_missing(value)):
        return None
    text = str(value).strip()
    return text or None


@dataclass
class TableBuilder:
    """Collects rows; :meth:`frames` returns the three DataFrames."""

    parser: PageParser
    documents: list[dict[str, object]] = field(default_factory=list)
    segments: dict[str, list[object]] = field(default_factory=lambda: {c: [] for c in schema.SEGMENTS})
    report: list[dict[str, object]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    def mark(self) -> tuple[int, int, int]:
        """A point to :meth:`rollback` to when reading one input fails midway."""
        return len(self.documents), len(self.report), len(self.segments["path"])

    def rollback(self, mark: tuple[int, int, int]) -> None:
        """Drop every row added since ``mark``."""
        n_docs, n_report, n_segments = mark
        for row in self.documents[n_docs:]:
            self.ids.discard(str(row["doc_id"]))
        del self.documents[n_docs:]
        del self.report[n_report:]
        for column in self.segments.values():
            del column[n_segments:]

    def reject(
        self,
        path: str,
        reason: str,
        *,
        record: int | None = None,
        encoding: str = "",
        text: str | None = None,
    ) -> None:
        """Record an input that yields no document; keep its text if any."""
        self.report.append(
            {
                "path": path,
                "record": record,
                "status": schema.STATUS_REJECTED,
                "reason": reason,
                "note": "",
                "encoding": encoding,
                "n_documents": 0,
            }
        )
        if text:
            self._segment(path, record, None, "rejected", 0, len(text), text, None)

    def _segment(
        self,
        path: str,
        record: int | None,
        doc_id: str | None,
        kind: str,
        start: int,
        end: int,
        text: str,
        text_start: int | None,
    ) -> None:
        seg = self.segments
        seg["path"].append(path)
        seg["record"].append(record)
        seg["doc_id"].append(doc_id)
        seg["kind"].append(kind)
        seg["start"].append(start)
        seg["end"].append(end)
        seg["text"].append(text)
        seg["text_start"].append(text_start)

    def add_page(
        self,
        *,
        path: str,
        record: int | None,
        base_id: str,
        text: str,
        meta: PageMeta,
        encoding: str,
        note: str = "",
        report_path: str | None = None,
    ) -> int:
        """Segment one page and add its rows; return the number of documents."""
        known_outlet = _clean(meta.outlet)
        result = self.parser.parse(
            text, outlet=known_outlet, title=_stripped(meta.title), infer_title=meta.infer_title
        )
        page_outlet = self._outlet(result, known_outlet, meta.outlet_is_final)
        ids: list[str | None] = []
        texts: list[tuple[str, dict[int, int]]] = []
        for k, draft in enumerate(result.docs):
            body, offsets = assemble_text(result.segments, text, k)
            texts.append((body, offsets))
            if not body:
                ids.append(None)
                continue
            ids.append(base_id if draft.role == schema.ROLE_MAIN else f"{base_id}~r{k}")
        clash = [i for i in ids if i is not None and i in self.ids]
        if clash:
            self.reject(
                report_path or path,
                f"duplicate document id {clash[0]!r}: another input already gave it",
                record=record,
                encoding=encoding,
                text=text,
            )
            return 0
        if ids[0] is None:
            # Without a main story the appended articles are not trusted either.
            found = sorted({kind for _, _, kind, _ in result.segments if kind != "blank"})
            self.reject(
                report_path or path,
                f"no story text: every line was classified as page furniture ({', '.join(found)})",
                record=record,
                encoding=encoding,
            )
            for s, e, kind, _ in result.segments:
                self._segment(path, record, None, kind, s, e, text[s:e], None)
            return 0
        for position, (s, e, kind, k) in enumerate(result.segments):
            doc_id = None if k is None else (ids[k] if ids[k] is not None else ids[0])
            offset = texts[k][1].get(position) if k is not None and ids[k] is not None else None
            self._segment(path, record, doc_id, kind, s, e, text[s:e], offset)
        notes = [note] if note else []
        crawled = _date(result.crawled, "crawl stamp", notes)
        if pd.isna(crawled) and isinstance(meta.crawled, pd.Timestamp) and not pd.isna(meta.crawled):
            crawled = meta.crawled  # a record's crawl time (SaudiNewsNet's date_extracted)
        for k, draft in enumerate(result.docs):
            if ids[k] is None:
                continue
            main = draft.role == schema.ROLE_MAIN
            published = _date(draft.published, "date line", notes)
            if main and meta.published is not None and not _is_missing(meta.published):
                from_meta = _date(meta.published, "published value", notes)
                published = from_meta if from_meta is not pd.NaT else published
            tags = [_clean(t) for t in draft.tags]
            if main:
                tags += [_clean(t) for t in meta.tags]
            self.documents.append(
                {
                    "doc_id": ids[k],
                    "outlet": page_outlet,
                    "source": _clean(draft.source) or (_clean(meta.source) if main else None),
                    "title": _stripped(draft.title) or (_stripped(meta.title) if main else None),
                    "published": published,
                    "crawled": crawled,
                    "url": _stripped(meta.url) if main else None,
                    "text": texts[k][0],
                    "tags": [t for t in tags if t],
                    "role": draft.role,
                    "parent_id": None if main else ids[0],
                    "dateline": _stripped(draft.dateline),
                    "path": path,
                    "record": record,
                }
            )
        n_docs = sum(1 for i in ids if i is not None)
        self.ids.update(i for i in ids if i is not None)
        self.report.append(
            {
                "path": report_path or path,
                "record": record,
                "status": schema.STATUS_LOADED,
                "reason": "",
                "note": "; ".join(dict.fromkeys(notes)),
                "encoding": encoding,
                "n_documents": n_docs,
            }
        )
        return n_docs

    @staticmethod
    def _outlet(result: PageResult, known: str | None, final: bool) -> str | None:
        if final and known:
            return known
        main = result.docs[0]
        for candidate in (main.credited_outlet, result.outlet, main.source, known):
            cleaned = _clean(candidate)
            if cleaned:
                return cleaned
        return None

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """Return ``(documents, segments, report)`` with the schema's dtypes."""
        documents = pd.DataFrame(self.documents, columns=list(schema.DOCUMENTS))
        for column in ("published", "crawled"):
            documents[column] = pd.to_datetime(documents[column], utc=True).astype("datetime64[ns, UTC]")
        documents["record"] = documents["record"].astype("Int64")
        documents["tags"] = documents["tags"].astype(object)
        segments = pd.DataFrame(self.segments, columns=list(schema.SEGMENTS))
        for column in ("record", "start", "end", "text_start"):
            segments[column] = segments[column].astype("Int64")
        report = pd.DataFrame(self.report, columns=list(schema.REPORT))
        report["record"] = report["record"].astype("Int64")
        report["n_documents"] = report["n_documents"].astype("int64")
        return documents, segments, report


def _date(value: object, what: str, notes: list[str]) -> pd.Timestamp:
    """Parse a date; note a value that is not understood (a Hijri date, year 3000)."""
    if value is None or _is_missing(value):
        return pd.NaT
    if isinstance(value, pd.Timestamp):
        return value
    parsed = parse_date(value)
    if parsed is pd.NaT:
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        notes.append(f"{what} not understood as a Gregorian date in range: {shown}")
    return parsed


def _is_missing(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False

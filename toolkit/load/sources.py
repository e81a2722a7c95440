"""Find the inputs behind a ``source`` and read record files.

Pages (one article per file): ``.txt``, ``.html``, ``.htm``.
Record files (one article per record): ``.jsonl``, ``.ndjson``, ``.csv``,
``.tsv`` (each optionally ``.gz``) and ``.parquet``; TREC/SGML ``<DOC>``
files (``.trec``, ``.sgml``, ``.sgm``, and ``.txt`` files that begin with
``<DOC>``: :mod:`toolkit.load.trec`); zip archives of JSON arrays
(SaudiNewsNet: :mod:`toolkit.load.jsonzip`).
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from toolkit.load.decode import Decoded, decode_bytes
from toolkit.load.jsonzip import read_json_zip
from toolkit.load.trec import TREC_SUFFIXES, looks_like_trec, read_trec_file

PAGE_SUFFIXES = (".txt", ".html", ".htm")
RECORD_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".tsv", ".parquet", ".zip", *TREC_SUFFIXES)

#: Field names recognised in records, in order of preference, for each
#: document field. ``src`` and ``source`` name the outlet in the corpora
#: this toolkit was built on (ANT, SaudiNewsNet); a credited original
#: source is only read through ``columns={"source": ...}``.
RECORD_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "story"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "src", "source", "site", "publisher", "newspaper"),
    "published": ("published", "date_iso", "date", "pubDate", "pubdate", "time", "date_extracted"),
    "url": ("url", "link"),
    "tags": ("tags", "keywords"),
}
MAPPABLE = ("text", "title", "outlet", "source", "published", "url", "tags")


@dataclass(frozen=True)
class InputFile:
    """One file to load: its location and its name relative to the source."""

    path: Path
    name: str

    @property
    def kind(self) -> str:
        """'page', 'records' or 'unsupported'."""
        suffix = _suffix(self.path)
        if suffix == ".txt" and looks_like_trec(self.path):
            return "records"
        if suffix in PAGE_SUFFIXES:
            return "page"
        if suffix in RECORD_SUFFIXES:
            return "records"
        return "unsupported"

    @property
    def stem(self) -> str:
        """``name`` without its (compound) extension; the base of doc ids."""
        suffix = _suffix(self.path)
        gz = ".gz" if self.path.name.lower().endswith(".gz") else ""
        cut = len(suffix) + len(gz) if suffix in PAGE_SUFFIXES + RECORD_SUFFIXES else 0
        return self.name[: len(self.name) - cut] if cut else self.name


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def find_inputs(source: str | Path | Sequence[str | Path]) -> tuple[list[InputFile], list[tuple[str, str]]]:
    """List the files behind a source.

    Parameters
    ----------
    source : path or sequence of paths
        Files and/or folders (searched recursively, in sorted order).

    Returns
    -------
    inputs : list of InputFile
        Files to read; names are relative to the folder given (or the file
        name for a file given directly).
    problems : list of (name, reason)
        Sources that do not exist, and repeated files.
    """
    items = [source] if isinstance(source, (str, Path)) else list(source)
    inputs: list[InputFile] = []
    problems: list[tuple[str, str]] = []
    seen: set[Path] = set()
    for item in items:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file())
            candidates = [(p, p.relative_to(path).as_posix()) for p in found]
        elif path.is_file():
            candidates = [(path, path.name)]
        else:
            problems.append((str(item), "no such file or folder"))
            continue
        for file, name in candidates:
            resolved = file.resolve()
            if resolved in seen:
                problems.append((name, "duplicate input: the same file was given twice"))
                continue
            seen.add(resolved)
            inputs.append(InputFile(file, name))
    names = [i.name for i in inputs]
    clashes = {n for n in names if names.count(n) > 1}
    if clashes:
        raise ValueError(
            f"inputs from different folders share the name(s) {sorted(clashes)[:5]}; "
            "document ids would not be unique: load the folders separately or rename"
        )
    return inputs, problems


def read_bytes(path: Path) -> bytes:
    """Read a file, transparently un-gzipping ``.gz``."""
    data = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        data = gzip.decompress(data)
    return data


@dataclass(frozen=True)
class RecordTable:
    """Records of one file with the standard field names.

    ``frame`` has columns ``record`` and those of :data:`MAPPABLE` that were
    found; ``errors`` lists ``(record, reason)`` for unreadable records.
    """

    frame: pd.DataFrame
    errors: list[tuple[int, str]]
    decoded: Decoded


def read_records(file: InputFile, *, columns: Mapping[str, str] | None = None) -> RecordTable:
    """Read a JSONL, CSV or Parquet file into standard fields.

    Parameters
    ----------
    file : InputFile
        The file.
    columns : mapping, optional
        ``{field: name in the file}`` for fields named otherwise, e.g.
        ``{"text": "article_body", "outlet": "newspaper"}``.

    Returns
    -------
    RecordTable

    Raises
    ------
    ValueError
        When ``columns`` names an unknown field.
    """
    columns = dict(columns or {})
    unknown = set(columns) - set(MAPPABLE)
    if unknown:
        raise ValueError(f"columns= maps unknown field(s) {sorted(unknown)}; known: {list(MAPPABLE)}")
    suffix = _suffix(file.path)
    errors: list[tuple[int, str]] = []
    if suffix == ".parquet":
        raw = pd.read_parquet(file.path)
        raw.insert(0, "__record", range(1, len(raw) + 1))
        decoded = Decoded("", "parquet")
    elif suffix in (".zip", ".txt", *TREC_SUFFIXES):
        read = read_json_zip if suffix == ".zip" else read_trec_file
        raw, errors, decoded = read(file.path)
        if decoded.text is None or decoded.reason:
            return RecordTable(pd.DataFrame({"record": []}), [], decoded)
    else:
        decoded = decode_bytes(read_bytes(file.path))
        if decoded.text is None or decoded.reason:
            return RecordTable(pd.DataFrame({"record": []}), [], decoded)
        if suffix in (".jsonl", ".ndjson"):
            rows = []
            # Only "\n" ends a JSON Lines record: str.splitlines() would also
            # cut at U+2028, U+0085 and other separators found inside texts.
            for number, line in enumerate(decoded.text.split("\n"), start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as err:
                    errors.append((number, f"invalid JSON on line {number}: {err.msg}"))
                    continue
                if not isinstance(obj, dict):
                    errors.append((number, f"line {number} is JSON but not an object"))
                    continue
                obj["__record"] = number
                rows.append(obj)
            raw = pd.DataFrame(rows)
        else:
            sep = "\t" if suffix == ".tsv" else ","
            raw = pd.read_csv(io.StringIO(decoded.text), sep=sep, dtype=str, keep_default_na=False)
            raw.insert(0, "__record", range(1, len(raw) + 1))
    frame = pd.DataFrame({"record": raw["__record"].astype("int64") if "__record" in raw else []})
    for name in MAPPABLE:
        chosen = columns.get(name)
        if chosen is not None:
            if chosen not in raw.columns:
                raise ValueError(
                    f"{file.name}: columns= maps {name!r} to {chosen!r}, which is not a field; "
                    f"fields: {[c for c in raw.columns if c != '__record']}"
                )
            frame[name] = raw[chosen].to_numpy()
            continue
        present = [c for c in RECORD_FIELDS.get(name, ()) if c in raw.columns and c not in columns.values()]
        if present:
            # Records of one file may name a field differently: take, per
            # record, the first of the usual names that holds a value.
            values = raw[present[0]]
            for other in present[1:]:
                values = values.where(values.notna(), raw[other])
            frame[name] = values.to_numpy()
    return RecordTable(frame, errors, decoded)


def iter_record_rows(table: RecordTable) -> Iterator[dict[str, object]]:
    """Yield each record as a dict of standard fields."""
    yield from table.frame.to_dict(orient="records")

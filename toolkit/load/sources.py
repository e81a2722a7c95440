"""Find the inputs behind a ``source`` and read record files.

Pages (one article per file): ``.txt``, ``.html``, ``.htm``.
Record files (one article per record): ``.jsonl``, ``.ndjson``, ``.csv``,
``.tsv`` (each optionally ``.gz``) and ``.parquet``; TREC/SGML ``<DOC>``
files (``.trec``, ``.sgml``, ``.sgm``, and ``.txt`` files that begin with
``<DOC>``: :mod:`toolkit.load.trec`); zip archives of JSON arrays
(SaudiNewsNet: :mod:`toolkit.load.jsonzip`).
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import stat
import zlib
from collections import Counter
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
    "published": ("published", "date_iso", "date", "pubDate", "pubdate", "time"),
    # SaudiNewsNet's date_extracted is its crawler's clock, not a publication date.
    "crawled": ("crawled", "date_extracted"),
    "url": ("url", "link"),
    "tags": ("tags", "keywords"),
}
MAPPABLE = ("text", "title", "outlet", "source", "published", "crawled", "url", "tags")


@dataclass(frozen=True)
class InputFile:
    """One file to load: its location and its name relative to the source.

    ``base`` overrides :attr:`stem` as the base of doc ids; it is set by
    :func:`find_inputs` when two inputs share a stem (``a.txt`` and
    ``a.html``), so that their documents keep distinct ids.
    """

    path: Path
    name: str
    base: str | None = None

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
        if self.base is not None:
            return self.base
        suffix = _suffix(self.path)
        gz = ".gz" if self.path.name.lower().endswith(".gz") else ""
        cut = len(suffix) + len(gz) if suffix in PAGE_SUFFIXES + RECORD_SUFFIXES else 0
        return self.name[: len(self.name) - cut] if cut else self.name


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


#: A file that marks a folder as written by the toolkit (a corpus or a
#: report): such folders are never read back as input.
OUTPUT_MARKER = ".toolkit-output"


def mark_output_folder(folder: str | Path) -> None:
    """Mark ``folder`` as toolkit output so that loading never reads it back.

    Parameters
    ----------
    folder : str or pathlib.Path
        An existing folder.
    """
    marker = Path(folder) / OUTPUT_MARKER
    if not marker.exists():
        marker.write_text(
            "Written by the toolkit: load_corpus skips this folder when it lies inside a corpus.\n",
            encoding="utf-8",
        )


def _is_output_folder(folder: str) -> bool:
    # A report folder holds the corpus it loaded under corpus/; a report
    # written by an older version has no marker but that layout.
    return (
        os.path.exists(os.path.join(folder, OUTPUT_MARKER))
        or os.path.exists(os.path.join(folder, "corpus", OUTPUT_MARKER))
        or (
            os.path.exists(os.path.join(folder, "index.html"))
            and os.path.exists(os.path.join(folder, "corpus", "report.parquet"))
        )
    )


def _special_kind(mode: int) -> str:
    for test, label in (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return label
    return "not a regular file"


def _walk(
    root: Path, problems: list[tuple[str, str]], seen_dirs: set[tuple[int, int]]
) -> list[tuple[Path, str, tuple[int, int] | None]]:
    """Files under ``root``, symbolic links to folders followed once.

    Iterative (no recursion limit), one ``scandir`` per folder and one
    ``stat`` per entry, so listing is linear in the number of entries.
    Everything that is not loaded gets a problem row: link loops, folders
    reached twice, dangling links, pipes and devices, unreadable folders,
    output folders of the toolkit.
    """
    found: list[tuple[Path, str, tuple[int, int] | None]] = []
    stack: list[tuple[str, str]] = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        label = prefix.rstrip("/") or "."
        try:
            info = os.stat(folder)
        except OSError as err:
            problems.append((label, f"cannot read folder: {err.strerror or err}"))
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen_dirs:
            problems.append(
                (label, "folder skipped: already listed through another path (a symbolic link or a loop)")
            )
            continue
        seen_dirs.add(key)
        if prefix and _is_output_folder(folder):
            problems.append((label, "folder skipped: it holds output written by the toolkit, not input"))
            continue
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as err:
            problems.append((label, f"cannot list folder: {err.strerror or err}"))
            continue
        subfolders: list[tuple[str, str]] = []
        for entry in entries:
            name = prefix + entry.name
            try:
                info = entry.stat()  # follows links; cached by the entry
                mode = info.st_mode
            except FileNotFoundError:
                problems.append((name, "dangling symbolic link: its target does not exist"))
                continue
            except OSError as err:
                if err.errno == errno.ELOOP:
                    problems.append((name, "symbolic link loop"))
                else:
                    problems.append((name, f"cannot read: {err.strerror or err}"))
                continue
            if stat.S_ISDIR(mode):
                subfolders.append((entry.path, name + "/"))
            elif stat.S_ISREG(mode):
                found.append((Path(entry.path), name, (info.st_dev, info.st_ino)))
            else:
                problems.append((name, f"skipped: {_special_kind(mode)}, not a file"))
        stack.extend(reversed(subfolders))
    return found


def find_inputs(source: str | Path | Sequence[str | Path]) -> tuple[list[InputFile], list[tuple[str, str]]]:
    """List the files behind a source.

    Parameters
    ----------
    source : path or sequence of paths
        Files and/or folders (searched recursively, in sorted order;
        symbolic links to folders are followed once).

    Returns
    -------
    inputs : list of InputFile
        Files to read; names are relative to the folder given (or the file
        name for a file given directly).
    problems : list of (name, reason)
        Sources that do not exist, repeated files, link loops, dangling
        links, pipes and devices, skipped output folders.

    Raises
    ------
    ValueError
        When files from different folders given separately share a name.
    """
    items = [source] if isinstance(source, (str, Path)) else list(source)
    inputs: list[InputFile] = []
    problems: list[tuple[str, str]] = []
    seen: set[tuple[int, int]] = set()
    seen_dirs: set[tuple[int, int]] = set()
    for item in items:
        path = Path(item)
        if path.is_dir():
            candidates = _walk(path, problems, seen_dirs)
        elif path.is_file():
            candidates = [(path, path.name, None)]
        elif path.is_symlink():
            problems.append((str(item), "dangling symbolic link: its target does not exist"))
            continue
        elif path.exists():
            problems.append((str(item), f"skipped: {_special_kind(path.stat().st_mode)}, not a file"))
            continue
        else:
            problems.append((str(item), "no such file or folder"))
            continue
        for file, name, key in candidates:
            if key is None:
                try:
                    info = file.stat()
                except OSError as err:
                    problems.append((name, f"cannot read: {err.strerror or err}"))
                    continue
                key = (info.st_dev, info.st_ino)
            if key in seen:
                problems.append((name, "duplicate input: the same file was given twice"))
                continue
            seen.add(key)
            inputs.append(InputFile(file, name))
    counts = Counter(i.name for i in inputs)
    clashes = sorted(n for n, c in counts.items() if c > 1)
    if clashes:
        raise ValueError(
            f"inputs from different folders share the name(s) {clashes[:5]}; "
            "document ids would not be unique: load the folders separately or rename"
        )
    return _distinct_bases(inputs), problems


def _distinct_bases(inputs: list[InputFile]) -> list[InputFile]:
    """Give inputs that share a stem (``a.txt``, ``a.html``) their full name as id base."""
    stems = Counter(i.stem for i in inputs)
    names = {i.name for i in inputs}
    out = []
    for item in inputs:
        if stems[item.stem] > 1 or (item.stem != item.name and item.stem in names):
            item = InputFile(item.path, item.name, base=item.name)
        out.append(item)
    return out


#: Largest input read, in bytes, after decompression: bigger files and gzip
#: members that inflate beyond it (gzip bombs) are rejected with a reason.
MAX_INPUT_BYTES = 1 << 31
_CHUNK = 1 << 20


class InputTooLargeError(ValueError):
    """An input (or its decompressed content) exceeds :data:`MAX_INPUT_BYTES`."""


@dataclass(frozen=True)
class RawInput:
    """Bytes of one input, with what went wrong while un-gzipping (if anything)."""

    data: bytes
    note: str = ""


def read_input(path: Path, *, limit: int | None = None) -> RawInput:
    """Read a file, un-gzipping ``.gz`` in bounded chunks.

    A gzip stream cut short keeps the bytes decompressed so far, with a
    note; corrupt compressed data and content larger than ``limit`` raise.

    Parameters
    ----------
    path : pathlib.Path
        The file.
    limit : int, optional
        Most bytes accepted; :data:`MAX_INPUT_BYTES` by default.

    Returns
    -------
    RawInput

    Raises
    ------
    InputTooLargeError
        Beyond ``limit``.
    ValueError
        Corrupt gzip data (the message says so).
    OSError
        The file cannot be read.
    """
    limit = MAX_INPUT_BYTES if limit is None else limit
    size = path.stat().st_size
    gz = path.name.lower().endswith(".gz")
    if size > limit:
        raise InputTooLargeError(f"file too large: {size:,} bytes (limit {limit:,})")
    data = path.read_bytes()
    if not gz:
        return RawInput(data)
    out = bytearray()
    rest = data
    members = 0
    while rest:
        inflater = zlib.decompressobj(wbits=31)
        pending = rest
        try:
            while not inflater.eof:
                chunk = inflater.decompress(pending, _CHUNK)
                pending = inflater.unconsumed_tail
                out += chunk
                if len(out) > limit:
                    raise InputTooLargeError(
                        f"gzip content larger than {limit:,} bytes (a gzip bomb?): not decompressed further"
                    )
                if not chunk and not pending:
                    break  # input exhausted before the end of the stream
        except zlib.error as err:
            raise ValueError(f"corrupt gzip data: {err}") from None
        if not inflater.eof:
            if not out:
                raise ValueError("corrupt gzip data: the stream ends before any content")
            return RawInput(
                bytes(out),
                f"truncated gzip: the stream ends early; the {len(out):,} bytes decompressed are kept",
            )
        members += 1
        rest = inflater.unused_data
        if rest and not rest.startswith(b"\x1f\x8b"):
            break  # trailing padding (zeros) after the last member
    return RawInput(bytes(out))


def read_bytes(path: Path) -> bytes:
    """Read a file, transparently un-gzipping ``.gz`` (see :func:`read_input`)."""
    return read_input(path).data


@dataclass(frozen=True)
class RecordTable:
    """Records of one file with the standard field names.

    ``frame`` has columns ``record`` and those of :data:`MAPPABLE` that were
    found; ``errors`` lists ``(record, reason)`` for unreadable records;
    ``note`` says what was repaired while reading the file.
    """

    frame: pd.DataFrame
    errors: list[tuple[int, str]]
    decoded: Decoded
    note: str = ""


class ColumnsError(ValueError):
    """``columns=`` names a field that is unknown or absent: a usage error, raised."""


def check_columns(columns: Mapping[str, str] | None) -> dict[str, str]:
    """Validate a ``columns=`` mapping; return it as a dict."""
    columns = dict(columns or {})
    unknown = set(columns) - set(MAPPABLE)
    if unknown:
        raise ColumnsError(f"columns= maps unknown field(s) {sorted(unknown)}; known: {list(MAPPABLE)}")
    return columns


# A JSON escape of a UTF-16 surrogate (paired or lone): the only way a JSON
# line can carry a lone surrogate, which no UTF-8 writer can encode.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_CSV_FIELD_LIMIT = 1 << 30


def has_lone_surrogate(value: object) -> bool:
    """Whether a string (or a list/dict of them) holds a lone UTF-16 surrogate."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(has_lone_surrogate(v) for v in value)
    return False


def _jsonl_rows(text: str, errors: list[tuple[int, str]]) -> pd.DataFrame:
    rows = []
    # Only "\n" ends a JSON Lines record: str.splitlines() would also
    # cut at U+2028, U+0085 and other separators found inside texts.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as err:
            msg = err.msg if isinstance(err, json.JSONDecodeError) else "nested too deeply"
            errors.append((number, f"invalid JSON on line {number}: {msg}"))
            continue
        if not isinstance(obj, dict):
            errors.append((number, f"line {number} is JSON but not an object"))
            continue
        if _SURROGATE_ESCAPE.search(line) and has_lone_surrogate(obj):
            errors.append((number, f"line {number} holds a lone UTF-16 surrogate (an invalid \\u escape)"))
            continue
        obj["__record"] = number
        rows.append(obj)
    return pd.DataFrame(rows) if rows else pd.DataFrame({"__record": pd.Series([], dtype="int64")})


def _csv_rows(text: str, sep: str, errors: list[tuple[int, str]]) -> pd.DataFrame:
    """Rows of a CSV/TSV text; a row with extra fields is rejected alone.

    The standard library's reader keeps going after a bad row, where
    ``pandas.read_csv`` gives up on the whole file.
    """
    csv.field_size_limit(_CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        header = next(reader)
    except StopIteration:
        header = []
    except csv.Error as err:
        errors.append((0, f"unreadable CSV header: {err}"))
        header = []
    if not header:
        return pd.DataFrame({"__record": pd.Series([], dtype="int64")})
    width = len(header)
    numbers: list[int] = []
    rows: list[list[str]] = []
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            number += 1
            errors.append((number, f"unreadable CSV row {number}: {err}"))
            continue
        if not row:
            continue  # a blank line is not a record (as in pandas)
        number += 1
        if len(row) > width:
            errors.append((number, f"CSV row {number} has {len(row)} fields where the header has {width}"))
            continue
        numbers.append(number)
        rows.append(row + [""] * (width - len(row)))
    frame = pd.DataFrame(rows, columns=_unique_header(header), dtype=object)
    frame.insert(0, "__record", pd.array(numbers, dtype="int64"))
    return frame


def _unique_header(header: list[str]) -> list[str]:
    # pandas renames a repeated column 'a' to 'a.1'; do the same.
    seen: Counter[str] = Counter()
    out = []
    for name in header:
        out.append(f"{name}.{seen[name]}" if seen[name] else name)
        seen[name] += 1
    return out


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
    ColumnsError
        When ``columns`` names an unknown field or one absent from the file.
    """
    columns = check_columns(columns)
    suffix = _suffix(file.path)
    errors: list[tuple[int, str]] = []
    note = ""
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
        read = read_input(file.path)
        note = read.note
        decoded = decode_bytes(read.data)
        if decoded.text is None or decoded.reason:
            return RecordTable(pd.DataFrame({"record": []}), [], decoded, note)
        if suffix in (".jsonl", ".ndjson"):
            raw = _jsonl_rows(decoded.text, errors)
        else:
            raw = _csv_rows(decoded.text, "\t" if suffix == ".tsv" else ",", errors)
    frame = standard_fields(raw, columns, name=file.name)
    return RecordTable(frame, errors, decoded, "; ".join(n for n in (note, decoded.note) if n))


def standard_fields(raw: pd.DataFrame, columns: Mapping[str, str], *, name: str) -> pd.DataFrame:
    """Pick the standard fields out of raw records (column ``__record`` numbers them)."""
    frame = pd.DataFrame({"record": raw["__record"].astype("int64") if "__record" in raw else []})
    for field in MAPPABLE:
        chosen = columns.get(field)
        if chosen is not None:
            if chosen not in raw.columns:
                raise ColumnsError(
                    f"{name}: columns= maps {field!r} to {chosen!r}, which is not a field; "
                    f"fields: {[str(c) for c in raw.columns if c != '__record']}"
                )
            frame[field] = raw[chosen].to_numpy()
            continue
        present = [c for c in RECORD_FIELDS.get(field, ()) if c in raw.columns and c not in columns.values()]
        if present:
            # Records of one file may name a field differently: take, per
            # record, the first of the usual names that holds a value.
            values = raw[present[0]]
            for other in present[1:]:
                values = values.where(values.map(_has_value), raw[other])
            frame[field] = values.to_numpy()
    return frame


def _has_value(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, float):
        return value == value
    return value is not pd.NA and value is not pd.NaT


def iter_record_rows(table: RecordTable) -> Iterator[dict[str, object]]:
    """Yield each record as a dict of standard fields."""
    yield from table.frame.to_dict(orient="records")

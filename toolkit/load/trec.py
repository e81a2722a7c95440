"""TREC/SGML ``<DOC>`` files: ANT, Arabic Gigaword and many news corpora.

One file holds one or more documents::

    <DOC>
    <DOCNO>AL-internationalNews-1156-20180514</DOCNO>
    <TITLE>…</TITLE>
    <TEXT>
    paragraph
    paragraph
    </TEXT>
    </DOC>

or, as LDC's Gigaword writes them, ``<DOC id="AFP_ARB_20010101.0001"
type="story">`` with ``<HEADLINE>``, ``<DATELINE>`` and ``<TEXT><P>…</P></TEXT>``.
This is not well-formed XML: text is not escaped (a bare ``&`` or ``<`` is
common), so it is read with patterns, not an XML parser. Each element inside a
``<DOC>`` becomes a field named by its lower-cased tag (``docno``, ``title``,
``headline``, ``src``, ``time``, ``text`` …); the loader maps them to the
document fields as for any record (:data:`toolkit.load.sources.RECORD_FIELDS`:
``text``, ``title``/``headline``, ``src`` for the outlet, ``time``/``date``
for the date, ``url``). Whitespace around a field's value is the file's layout
and is stripped; ``<P>`` tags become paragraph breaks; entities are left as
written. Nothing else is changed.

What cannot be read is reported, never dropped silently: text outside any
``<DOC>``, a ``<DOC>`` without its ``</DOC>``, a document without text.

Examples
--------
>>> text = '<DOC id="X1">\\n<HEADLINE> A & B </HEADLINE>\\n<TEXT>\\n<P>\\nسطر\\n</P>\\n</TEXT>\\n</DOC>'
>>> records, errors = parse_trec(text)
>>> records
[{'docno': 'X1', 'headline': 'A & B', 'text': 'سطر', '__record': 1}]
>>> errors
[]
"""

from __future__ import annotations

import gzip
import re
import zlib
from pathlib import Path

import pandas as pd

from toolkit.load.decode import Decoded, decode_bytes

#: File name endings always read as TREC/SGML (``.txt`` files are read as
#: TREC when they begin with ``<DOC``; see :func:`looks_like_trec`).
TREC_SUFFIXES = (".trec", ".sgml", ".sgm")

_DOC_OPEN = re.compile(r"<DOC(?P<attrs>\s[^<>]*)?>", re.IGNORECASE)
_DOC_CLOSE = re.compile(r"</DOC\s*>", re.IGNORECASE)
_FIELD = re.compile(
    r"<(?P<tag>[A-Za-z][A-Za-z0-9_.-]*)(?P<attrs>\s[^<>]*)?>(?P<value>.*?)</(?P=tag)\s*>", re.DOTALL
)
_ATTR = re.compile(r"""(?P<name>[A-Za-z_][\w.-]*)\s*=\s*(?:"(?P<q>[^"]*)"|'(?P<s>[^']*)'|(?P<b>[^\s>]+))""")
_PARAGRAPH = re.compile(r"\s*</?P(?:\s[^<>]*)?>\s*", re.IGNORECASE)


def looks_like_trec(path: Path) -> bool:
    """Whether a file begins with a ``<DOC>`` tag (after a BOM and blank lines).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("<DOC>\\n<TEXT>x</TEXT>\\n</DOC>\\n", encoding="utf-8")
    >>> looks_like_trec(folder / "a.txt")
    True
    """
    try:
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as stream:
                head = stream.read(512)
        else:
            with path.open("rb") as stream:
                head = stream.read(512)
    except (OSError, EOFError, zlib.error):
        return False  # unreadable or corrupt: the page reader says why
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return re.match(rb"<DOC[\s>]", head, flags=re.IGNORECASE) is not None


def _attributes(text: str | None) -> dict[str, str]:
    if not text:
        return {}
    return {
        m["name"].lower(): m["q"] if m["q"] is not None else m["s"] or m["b"] for m in _ATTR.finditer(text)
    }


def _parse_doc(body: str, attrs: dict[str, str]) -> tuple[dict[str, str], str | None]:
    record: dict[str, str] = {}
    if "id" in attrs:
        record["docno"] = attrs["id"]
    if "type" in attrs:
        record["doc_type"] = attrs["type"]
    untagged = []
    last = 0
    for field in _FIELD.finditer(body):
        untagged.append(body[last : field.start()])
        last = field.end()
        name = field["tag"].lower()
        value = field["value"]
        if name == "text" and _PARAGRAPH.search(value):
            value = "\n\n".join(p for p in _PARAGRAPH.split(value) if p.strip())
        value = value.strip()
        # A repeated element (two <HEADLINE>s) keeps both values.
        record[name] = f"{record[name]}\n{value}" if name in record else value
    untagged.append(body[last:])
    stray = "".join(untagged).strip()
    if stray:
        if "text" in record:
            return record, f"text outside any element inside <DOC>: {stray[:60]!r}"
        record["text"] = stray
    if not record.get("text"):
        return record, "<DOC> without text"
    return record, None


def parse_trec(text: str) -> tuple[list[dict[str, str]], list[tuple[int, str]]]:
    """Read the ``<DOC>`` documents of one file's text.

    Parameters
    ----------
    text : str
        The decoded file.

    Returns
    -------
    records : list of dict
        One dict of fields per readable document, in file order, with
        ``__record``: the document's number in the file.
    errors : list of (int, str)
        ``(document number, reason)`` for what could not be read; numbers
        count ``<DOC>`` tags from 1 (0 for text outside any document).
    """
    records: list[dict[str, str]] = []
    errors: list[tuple[int, str]] = []
    position = 0
    number = 0
    while True:
        opening = _DOC_OPEN.search(text, position)
        between = text[position : opening.start() if opening else len(text)]
        if between.strip():
            errors.append(
                (number, f"text outside <DOC>…</DOC> after document {number}: {between.strip()[:60]!r}")
            )
        if opening is None:
            break
        number += 1
        closing = _DOC_CLOSE.search(text, opening.end())
        following = _DOC_OPEN.search(text, opening.end())
        if closing is None or (following is not None and following.start() < closing.start()):
            errors.append((number, f"<DOC> number {number} has no </DOC>"))
            position = following.start() if following is not None else len(text)
            continue
        record, problem = _parse_doc(text[opening.end() : closing.start()], _attributes(opening["attrs"]))
        if problem:
            errors.append((number, f"document {number} ({record.get('docno', 'no DOCNO')}): {problem}"))
        else:
            record["__record"] = number
            records.append(record)
        position = closing.end()
    return records, errors


def read_trec_file(path: Path) -> tuple[pd.DataFrame, list[tuple[int, str]], Decoded]:
    """Read a TREC/SGML file (optionally gzipped) into raw records.

    Returns
    -------
    tuple
        ``(records, errors, decoded)``: one row per document with its fields
        and ``__record`` (the document's number in the file), the errors of
        :func:`parse_trec`, and how the file was decoded.
    """
    data = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (zlib.error, gzip.BadGzipFile) as err:
            raise ValueError(f"corrupt gzip data: {err}") from None
        except EOFError as err:
            raise ValueError(f"corrupt gzip data: truncated stream ({err})") from None
    decoded = decode_bytes(data)
    if decoded.text is None or decoded.reason:
        return pd.DataFrame({"__record": []}), [], decoded
    records, errors = parse_trec(decoded.text)
    if not records and not errors:
        errors = [(0, "no <DOC> in the file")]
    return pd.DataFrame(records, columns=None if records else ["__record"]), errors, decoded

"""Zip archives of JSON arrays, as SaudiNewsNet ships its days (``dataset/2015-07-21.zip``).

Each member ``*.json`` holds one JSON array of article objects (a single
object is read as an array of one); ``*.jsonl`` members hold one object per
line. Records are numbered from 1 across the members in name order, so
``doc_id`` is ``<zip name>:<n>`` as for any record file. A member that is not
JSON, or an item that is not an object, is reported with the records around
it kept.

Examples
--------
>>> import io, json, zipfile, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "2015-07-23.zip"
>>> with zipfile.ZipFile(path, "w") as archive:
...     archive.writestr("2015-07-23.json", json.dumps([{"source": "sabq", "content": "نص"}, 3]))
>>> records, errors, decoded = read_json_zip(path)
>>> records.to_dict("records"), errors
([{'source': 'sabq', 'content': 'نص', '__record': 1}], [(2, '2015-07-23.json: item 2 is not a JSON object')])
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pandas as pd

from toolkit.load.decode import Decoded, decode_bytes


def read_json_zip(path: Path) -> tuple[pd.DataFrame, list[tuple[int, str]], Decoded]:
    """Read the JSON records of a zip archive.

    Parameters
    ----------
    path : pathlib.Path
        The archive.

    Returns
    -------
    tuple
        ``(records, errors, decoded)``: one row per object with its fields
        and ``__record``; ``(record, reason)`` for what could not be read; the
        encoding of the members (a :class:`~toolkit.load.decode.Decoded`
        whose ``reason`` says why a whole archive was unreadable).
    """
    rows: list[dict] = []
    errors: list[tuple[int, str]] = []
    encodings: set[str] = set()
    number = 0
    try:
        with zipfile.ZipFile(path) as archive:
            members = sorted(
                (i for i in archive.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")),
                key=lambda i: i.filename,
            )
            if not members:
                return pd.DataFrame({"__record": []}), [], Decoded("", "zip", reason="empty zip archive")
            for info in members:
                name = info.filename
                if not name.lower().endswith((".json", ".jsonl", ".ndjson")):
                    errors.append((number + 1, f"{name}: not a .json or .jsonl member; not read"))
                    continue
                decoded = decode_bytes(archive.read(info))
                if decoded.text is None or decoded.reason:
                    number += 1
                    errors.append((number, f"{name}: {decoded.reason}"))
                    continue
                encodings.add(decoded.encoding)
                if name.lower().endswith(".json"):
                    try:
                        items = json.loads(decoded.text)
                    except json.JSONDecodeError as err:
                        number += 1
                        errors.append((number, f"{name}: invalid JSON at line {err.lineno}: {err.msg}"))
                        continue
                    items = items if isinstance(items, list) else [items]
                    lines = [(i, item, None) for i, item in enumerate(items, start=1)]
                else:
                    lines = []
                    for i, line in enumerate(decoded.text.split("\n"), start=1):
                        if line.strip():
                            try:
                                lines.append((i, json.loads(line), None))
                            except json.JSONDecodeError as err:
                                lines.append((i, None, f"invalid JSON on line {i}: {err.msg}"))
                for i, item, problem in lines:
                    number += 1
                    if problem is None and not isinstance(item, dict):
                        problem = f"item {i} is not a JSON object"
                    if problem:
                        errors.append((number, f"{name}: {problem}"))
                        continue
                    rows.append({**item, "__record": number})
    except (zipfile.BadZipFile, OSError) as err:
        return (
            pd.DataFrame({"__record": []}),
            [],
            Decoded(None, "zip", reason=f"not a readable zip archive: {err}"),
        )
    encoding = "+".join(sorted(encodings)) or "zip"
    frame = pd.DataFrame(rows) if rows else pd.DataFrame({"__record": []})
    return frame, errors, Decoded("", encoding)

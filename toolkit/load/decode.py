"""Bytes to text, with the encoding detected and every repair reported.

Order of decisions: empty → rejected; byte-order mark (UTF-8, UTF-16,
UTF-32) → that codec; strict UTF-8 → UTF-8; UTF-8 cut inside its last
character (a truncated download) → UTF-8 with the tail replaced and a note;
mostly UTF-8 with a few invalid bytes → UTF-8 with those bytes replaced and
a note (Windows-1256 applied to UTF-8 Arabic also yields Arabic letters, so
it must not be tried first); a UTF-8 file with some lines in Windows-1256
(a file pasted together) → each line in its own encoding, with a note;
then Windows-1256 or ISO-8859-6 when they turn the bytes into Arabic
letters; otherwise charset-normalizer's best guess (UTF-16 without BOM,
other code pages). Text that still looks binary (NUL or control bytes) is
rejected.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from toolkit.arabic.characters import is_arabic_letter

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Share of control characters above which decoded text is taken as binary.
MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Decoded:
    """Outcome of decoding one input.

    Attributes
    ----------
    text : str or None
        The text; None when the bytes are not text. A rejected input that
        did decode (whitespace only) keeps its text so that it can be shown.
    encoding : str
        Codec used (or tried).
    reason : str
        Why the input was rejected; empty when decoded.
    note : str
        What was repaired; empty when nothing was.
    """

    text: str | None
    encoding: str
    reason: str = ""
    note: str = ""


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:20000]
    return len(_CONTROL.findall(sample)) > MAX_CONTROL_SHARE * max(len(sample), 1)


def decode_bytes(data: bytes) -> Decoded:
    """Decode the bytes of one input file.

    Parameters
    ----------
    data : bytes
        File content.

    Returns
    -------
    Decoded
        ``text`` is None and ``reason`` says why when the input cannot be
        read as text.

    Examples
    --------
    >>> decode_bytes("حماس".encode("cp1256")).encoding
    'windows-1256'
    >>> decode_bytes(b"").reason
    'empty file'
    >>> decode_bytes("غزة".encode("utf-8")[:-1]).note
    'truncated UTF-8: the last 1 byte(s) form an incomplete character, replaced by U+FFFD'
    """
    if not data:
        return Decoded(None, "", reason="empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                return Decoded(None, codec, reason=f"invalid {codec} after its byte-order mark: {err}")
            return _checked(text, codec)
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as err:
        if err.start >= len(data) - 3 and err.reason == "unexpected end of data":
            cut = len(data) - err.start
            text = data[: err.start].decode("utf-8") + "\ufffd"
            note = f"truncated UTF-8: the last {cut} byte(s) form an incomplete character, replaced by U+FFFD"
            decoded = _checked(text, "utf-8")
            return Decoded(decoded.text, decoded.encoding, decoded.reason, note)
    if b"\x00" in data and not _plausible_utf16(data):
        return Decoded(None, "", reason="binary file (NUL bytes, not UTF-16 text)")
    if b"\x00" not in data:
        repaired = _mostly_utf8(data)
        if repaired is not None:
            return repaired
    arabic = _arabic_single_byte(data)
    if arabic is not None:
        return arabic
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return Decoded(None, "", reason="binary or undecodable: no text encoding fits the bytes")
    encoding = _canonical(best.encoding)
    return _checked(str(best), encoding)


#: Share of non-ASCII letters that must be Arabic for a single-byte Arabic
#: code page to be chosen before general detection.
MIN_ARABIC_SHARE = 0.9


def _arabic_single_byte(data: bytes) -> Decoded | None:
    """Prefer Arabic code pages when they turn the bytes into Arabic text.

    General detectors guess from statistics and misread short Arabic texts
    (four letters of Windows-1256 come out as Big5); in an Arabic news
    corpus, a code page that yields Arabic letters is the better prior.
    """
    for codec in ("windows-1256", "iso-8859-6"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        letters = [ch for ch in text if ord(ch) > 127 and ch.isalpha()]
        if letters and sum(is_arabic_letter(ch) for ch in letters) >= MIN_ARABIC_SHARE * len(letters):
            return _checked(text, codec)
    return None


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with defects: invalid bytes here and there, or lines in Windows-1256.

    Each line that is not valid UTF-8 is decoded as UTF-8 with replacement
    when its valid multi-byte characters outnumber its invalid bytes at
    least two to one, and as Windows-1256 when that code page turns it into
    Arabic text. The file counts as UTF-8 only when its valid lines hold
    non-ASCII UTF-8 characters, or a damaged line is mostly valid UTF-8: a
    Windows-1256 file has neither, and goes on to the single-byte path.
    """
    lines = data.split(b"\n")
    decoded: list[str] = []
    evidence = 0
    replaced_bytes = 0
    replaced_lines: list[int] = []
    single_byte_lines: list[int] = []
    pending: list[int] = []
    for number, line in enumerate(lines):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            decoded.append("")
            pending.append(number)
            continue
        evidence += sum(1 for ch in text if ord(ch) > 127)
        decoded.append(text)
    for number in pending:
        line = lines[number]
        text, errors = _replace_invalid(line)
        valid = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
        if valid >= 2 * errors and valid > 0:
            decoded[number] = text
            evidence += valid
            replaced_bytes += errors
            replaced_lines.append(number + 1)
            continue
        single = line.decode("windows-1256", errors="replace")
        letters = [ch for ch in single if ord(ch) > 127 and ch.isalpha()]
        if letters and sum(is_arabic_letter(ch) for ch in letters) >= MIN_ARABIC_SHARE * len(letters):
            decoded[number] = single
            single_byte_lines.append(number + 1)
        else:
            decoded[number] = text
            replaced_bytes += errors
            replaced_lines.append(number + 1)
    if evidence == 0:
        return None
    notes = []
    if replaced_lines:
        notes.append(
            f"invalid UTF-8: {replaced_bytes} invalid byte sequence(s) replaced by U+FFFD"
            f" on line(s) {_lines(replaced_lines)}"
        )
    if single_byte_lines:
        notes.append(
            f"mixed encodings: line(s) {_lines(single_byte_lines)} decoded as windows-1256, the rest as UTF-8"
        )
    result = _checked("\n".join(decoded), "utf-8")
    return Decoded(result.text, result.encoding, result.reason, "; ".join(notes))


def _replace_invalid(line: bytes) -> tuple[str, int]:
    """UTF-8 with each invalid byte sequence replaced by U+FFFD; how many were."""
    text = line.decode("utf-8", errors="replace")
    return text, text.count("\ufffd") - line.count("\ufffd".encode())


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    return shown + (f" and {len(numbers) - 10} more" if len(numbers) > 10 else "")


def _plausible_utf16(data: bytes) -> bool:
    """UTF-16 without BOM puts NUL (Latin) or 0x06 (Arabic) in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return False
    high_le = data[1::2]
    high_be = data[0::2]

    def share(high: bytes) -> float:
        return sum(1 for b in high if b in (0x00, 0x06, 0x20, 0xFE)) / len(high)

    return max(share(high_le), share(high_be)) > 0.9


def _canonical(name: str) -> str:
    return {"cp1256": "windows-1256", "utf_16": "utf-16", "utf_8": "utf-8"}.get(name, name)


def _checked(text: str, encoding: str) -> Decoded:
    if _looks_binary(text):
        return Decoded(
            None, encoding, reason=f"binary file (control characters after decoding as {encoding})"
        )
    if not text.strip():
        return Decoded(text, encoding, reason="no text: the file holds only whitespace")
    return Decoded(text, encoding)

"""Bytes to text, with the encoding detected and every repair reported.

Order of decisions: empty → rejected; byte-order mark (UTF-8, UTF-16,
UTF-32) → that codec; strict UTF-8 → UTF-8; UTF-8 cut inside its last
character (a truncated download) → UTF-8 with the tail replaced and a note;
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

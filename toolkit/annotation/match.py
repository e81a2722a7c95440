"""Find lexicon terms in documents, clitic-aware and offset-exact.

How a match is found:

1. Documents are joined (a NUL between them, so no term spans two) and
   search-normalized in one vectorized pass that keeps the offset of every
   character; runs of whitespace become one space.
2. One Aho-Corasick automaton holds every written form of every term (the
   clitic expansion is done on the lexicon side, :mod:`toolkit.lexicon.expand`)
   and scans the text once.
3. A hit counts only at word boundaries: the characters before and after it
   are not letters or digits. So «حماسة», «حماسهم» and «الحماسي» never match
   «حماس», and «الحماس» does not either, because the name takes no article.
4. Where hits overlap, the leftmost wins, and of those starting at the same
   place the longest («جيش الاحتلال الإسرائيلي» over «جيش الاحتلال», «جيش
   الاحتلال» over «الاحتلال»). A winning exception phrase removes the term.
5. Appositives: a mention followed by a bracketed or quoted mention of the
   same concept («حركة المقاومة الإسلامية (حماس)», «حركة المقاومة الإسلامية
   "حماس"») is one mention; the second label is recorded in
   ``appositive_variant`` and ``appositive_surface``.

Offsets are into ``documents.text``; ``text[start:end] == surface`` always.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

import ahocorasick
import numpy as np
import pandas as pd

from toolkit import schema
from toolkit.arabic.normalize import normalize_with_offsets
from toolkit.lexicon.expand import Form, expand_lexicon
from toolkit.lexicon.model import Lexicon, load_lexicon

MATCH_COLUMNS: dict[str, str] = {
    "doc_id": "document of the match",
    "concept": "lexicon concept",
    "variant": "lexicon variant (the label chosen)",
    "frame": "frame tag of the variant",
    "term": "the lexicon term matched, as listed",
    "start": "offset of the match in documents.text",
    "end": "offset after the match",
    "surface": "the text as written, clitics included: text[start:end]",
    "proclitics": "proclitics attached to the first word (normalized), '' when none",
    "enclitic": "pronoun suffix on the last word, '' when none",
    "in_quote": 'inside «…», “…” or "…" (quoted speech rather than the outlet\'s voice)',
    "sentence_start": "offset of the sentence holding the match",
    "sentence_end": "offset after that sentence",
    "sentence": "the sentence",
    "appositive_variant": "variant of an appositive label of the same mention, or missing",
    "appositive_surface": "its text as written, or missing",
}
MATCHES: tuple[str, ...] = tuple(MATCH_COLUMNS)

#: Documents are matched in chunks of about this many characters.
CHUNK_CHARS = 8_000_000
_SEPARATOR = "\x00"
_APPOSITIVE_OPEN = re.compile(r"\s*[(«\"“]\s*$")
_APPOSITIVE_CLOSE = re.compile(r"^\s*[)»\"”]")
_SENTENCE_END = re.compile(r"[.!?؟…]+[\"»”')]*(?=\s|$)|\n")


@lru_cache(maxsize=1)
def _word_table() -> np.ndarray:
    return np.array([chr(c).isalnum() for c in range(0x10000)], dtype=bool)


@lru_cache(maxsize=1)
def _space_table() -> np.ndarray:
    return np.array([chr(c).isspace() for c in range(0x10000)], dtype=bool)


class Matcher:
    """A compiled lexicon: build once, match many document sets.

    Parameters
    ----------
    lexicon : Lexicon, path, mapping or None
        Anything :func:`toolkit.load_lexicon` accepts.
    """

    def __init__(self, lexicon: Lexicon | object = None):
        self.lexicon = load_lexicon(lexicon)  # type: ignore[arg-type]
        self.forms: dict[str, Form] = expand_lexicon(self.lexicon)
        automaton = ahocorasick.Automaton()
        for key, form in self.forms.items():
            automaton.add_word(key, (len(key), form))
        automaton.make_automaton()
        self.automaton = automaton

    def find(self, texts: list[str]) -> list[tuple[int, int, int, Form]]:
        """Raw matches in a list of texts: ``doc``, ``start``, ``end``, form fields."""
        rows: list[tuple[int, int, int, Form]] = []
        batch: list[int] = []
        size = 0
        for i, text in enumerate(texts):
            batch.append(i)
            size += len(text) + 1
            if size >= CHUNK_CHARS:
                rows.extend(self._find_chunk(texts, batch))
                batch, size = [], 0
        if batch:
            rows.extend(self._find_chunk(texts, batch))
        return rows

    def _find_chunk(self, texts: list[str], batch: list[int]) -> list[tuple[int, int, int, Form]]:
        joined = _SEPARATOR.join(texts[i] for i in batch)
        norm = normalize_with_offsets(joined, level="search")
        cps = np.frombuffer(norm.text.encode("utf-32-le"), dtype=np.uint32)
        if cps.size == 0:
            return []
        in_bmp = cps < 0x10000
        safe = np.where(in_bmp, cps, 0)
        is_space = _space_table()[safe] & in_bmp
        keep = ~(is_space & np.concatenate([[False], is_space[:-1]]))
        kept = np.flatnonzero(keep)
        key_cps = np.where(is_space[kept], 32, cps[kept]).astype(np.uint32)
        key = key_cps.tobytes().decode("utf-32-le")
        is_word = _word_table()[safe[kept]] & in_bmp[kept]
        n = len(key)
        ends_list: list[int] = []
        forms: list[tuple[int, Form]] = []
        for end_index, (length, form) in self.automaton.iter(key):
            ends_list.append(end_index + 1)
            forms.append((length, form))
        if not forms:
            return []
        ends = np.asarray(ends_list, dtype=np.int64)
        lengths = np.asarray([f[0] for f in forms], dtype=np.int64)
        starts = ends - lengths
        before_ok = (starts == 0) | ~is_word[np.maximum(starts - 1, 0)]
        after_ok = (ends == n) | ~is_word[np.minimum(ends, n - 1)]
        good = np.flatnonzero(before_ok & after_ok)
        if good.size == 0:
            return []
        # Key offsets → normalized offsets → offsets in the joined raw text.
        raw_start = norm.starts[kept[starts[good]]]
        raw_end = norm.ends[kept[ends[good] - 1]]
        doc_bounds = np.cumsum([0] + [len(texts[i]) + 1 for i in batch])
        local_doc = np.searchsorted(doc_bounds, raw_start, side="right") - 1
        out = []
        for g, rs, re_, d in zip(
            good.tolist(), raw_start.tolist(), raw_end.tolist(), local_doc.tolist(), strict=True
        ):
            offset = int(doc_bounds[d])
            out.append((batch[d], rs - offset, re_ - offset, forms[g][1]))
        return out


def _resolve(hits: list[tuple[int, int, int, Form]]) -> list[tuple[int, int, int, Form]]:
    """Leftmost, then longest, non-overlapping; exceptions remove their span."""
    hits.sort(key=lambda h: (h[0], h[1], -(h[2] - h[1])))
    kept: list[tuple[int, int, int, Form]] = []
    last_doc, last_end = -1, -1
    for hit in hits:
        doc, start, end, form = hit
        if doc == last_doc and start < last_end:
            continue
        last_doc, last_end = doc, end
        if not form.is_exception:
            kept.append(hit)
    return kept


def _quote_state(text: str, positions: np.ndarray) -> np.ndarray:
    """Whether each position lies inside «…», “…” or "…".

    Quotes are counted from the start of the position's paragraph, so that
    one unbalanced mark does not put the rest of a document in quotes.
    """
    chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    delta = (chars == ord("«")).astype(np.int64) - (chars == ord("»"))
    delta += (chars == ord("“")).astype(np.int64) - (chars == ord("”"))
    depth = np.concatenate([[0], np.cumsum(delta)])
    straight = np.concatenate([[0], np.cumsum(chars == ord('"'))])
    newlines = np.concatenate([[-1], np.flatnonzero(chars == ord("\n"))])
    paragraph = newlines[np.searchsorted(newlines, positions, side="left") - 1] + 1
    inside = (depth[positions] - depth[paragraph] > 0) | (
        (straight[positions] - straight[paragraph]) % 2 == 1
    )
    return inside


def _sentences(text: str, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    found = [m.end() for m in _SENTENCE_END.finditer(text)]
    bounds = np.asarray([0, *found, len(text)], dtype=np.int64)
    sentence_start = bounds[np.searchsorted(bounds, starts, side="right") - 1]
    sentence_end = bounds[np.searchsorted(bounds, np.maximum(ends - 1, starts), side="right")]
    # Skip the whitespace that follows the previous sentence.
    for k, s in enumerate(sentence_start.tolist()):
        while s < len(text) and text[s].isspace():
            s += 1
        sentence_start[k] = s
    return sentence_start, np.maximum(sentence_end, ends)


def annotate(
    documents: pd.DataFrame, lexicon: Lexicon | object = None, *, matcher: Matcher | None = None
) -> pd.DataFrame:
    """Find the lexicon's labels in documents.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id`` and ``text`` (as ``corpus.documents``). Not modified.
    lexicon : Lexicon, path, mapping or None
        The lexicon; None for the bundled default.
    matcher : Matcher, optional
        A compiled lexicon to reuse across calls (then ``lexicon`` is ignored).

    Returns
    -------
    pandas.DataFrame
        One row per mention, columns :data:`MATCHES`, sorted by ``doc_id``
        and ``start``. Empty texts, texts without Arabic and missing texts
        give no rows.

    Examples
    --------
    >>> import pandas as pd
    >>> text = "قالت حركة المقاومة الإسلامية (حماس) ولجيش الاحتلال حماسة."
    >>> m = annotate(pd.DataFrame({"doc_id": ["a"], "text": [text]}))
    >>> for row in m[["variant", "surface", "proclitics", "appositive_variant"]].values.tolist():
    ...     print(row)
    ['resistance_movement', 'حركة المقاومة الإسلامية', '', 'hamas']
    ['occupation_army', 'ولجيش الاحتلال', 'ول', nan]
    """
    schema.check_columns(documents, ["doc_id", "text"], table="documents")
    matcher = matcher or Matcher(lexicon)
    lexicon = matcher.lexicon
    texts = [t if isinstance(t, str) else "" for t in documents["text"].tolist()]
    doc_ids = documents["doc_id"].tolist()
    hits = _resolve(matcher.find(texts))
    rows = []
    by_doc: dict[int, list[int]] = {}
    for k, (doc, _, _, _) in enumerate(hits):
        by_doc.setdefault(doc, []).append(k)
    merged_into: dict[int, int] = {}
    for doc, ks in by_doc.items():
        text = texts[doc]
        for a, b in itertools.pairwise(ks):
            _, _, a_end, a_form = hits[a]
            _, b_start, b_end, b_form = hits[b]
            a_term = lexicon.terms[a_form.term_index]
            b_term = lexicon.terms[b_form.term_index]
            if (
                a not in merged_into
                and a_term.concept == b_term.concept
                and _APPOSITIVE_OPEN.fullmatch(text[a_end:b_start])
                and _APPOSITIVE_CLOSE.match(text[b_end:])
            ):
                merged_into[b] = a
    appositive = {a: hits[b] for b, a in merged_into.items()}
    for doc, ks in by_doc.items():
        text = texts[doc]
        ks = [k for k in ks if k not in merged_into]
        starts = np.asarray([hits[k][1] for k in ks], dtype=np.int64)
        ends = np.asarray([hits[k][2] for k in ks], dtype=np.int64)
        quoted = _quote_state(text, starts)
        s_start, s_end = _sentences(text, starts, ends)
        for i, k in enumerate(ks):
            _, start, end, form = hits[k]
            term = lexicon.terms[form.term_index]
            app = appositive.get(k)
            app_term = lexicon.terms[app[3].term_index] if app else None
            rows.append(
                (
                    doc_ids[doc], term.concept, term.variant, term.frame, term.text, start, end,
                    text[start:end], form.proclitics, form.enclitic, bool(quoted[i]),
                    int(s_start[i]), int(s_end[i]), text[int(s_start[i]) : int(s_end[i])],
                    app_term.variant if app_term else None,
                    text[app[1] : app[2]] if app else None,
                )
            )  # fmt: skip
    frame = pd.DataFrame(rows, columns=list(MATCHES))
    frame = frame.astype(
        {"start": "int64", "end": "int64", "sentence_start": "int64", "sentence_end": "int64"}
    )
    frame["in_quote"] = frame["in_quote"].astype(bool)
    order = {d: i for i, d in enumerate(doc_ids)}
    frame = frame.sort_values(["doc_id", "start"], key=lambda s: s.map(order) if s.name == "doc_id" else s)
    return frame.reset_index(drop=True)

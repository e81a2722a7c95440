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

import re
from functools import lru_cache

import ahocorasick
import numpy as np
import pandas as pd

from toolkit import schema
from toolkit.arabic.normalize import normalize_with_offsets
from toolkit.lexicon.expand import Form, expand_lexicon
from toolkit.lexicon.model import Lexicon, load_lexicon
from toolkit.schema import MATCHES

#: Documents are matched in chunks of about this many characters. Chunks
#: much larger than this make numpy's arrays too big for the allocator to
#: reuse, and every chunk then pays for fresh pages (2.5x slower at 8M).
CHUNK_CHARS = 1_000_000
_SEPARATOR = "\x00"
_APPOSITIVE_OPEN = re.compile(r"\s*[(«\"“]\s*$")
_APPOSITIVE_CLOSE = re.compile(r"^\s*[)»\"”]")


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
        self.form_list: list[Form] = list(self.forms.values())
        automaton = ahocorasick.Automaton()
        for index, form in enumerate(self.form_list):
            # Keys are padded with the boundary character, so the automaton
            # reports whole words only and no hit inside a word is ever seen.
            automaton.add_word(f" {form.key} ", (len(form.key), index))
        automaton.make_automaton()
        self.automaton = automaton
        self._term_index = np.asarray([f.term_index for f in self.form_list], dtype=np.int64)
        self._is_exception = np.asarray([f.is_exception for f in self.form_list], dtype=bool)
        self._length = np.asarray([len(f.key) for f in self.form_list], dtype=np.int64)

    def find(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Resolved matches in a list of texts.

        Returns
        -------
        dict of numpy.ndarray
            ``doc`` (position in ``texts``), ``start``, ``end`` (offsets in
            that text), ``form`` (index into :attr:`form_list`), ``in_quote``,
            ``sentence_start``, ``sentence_end``; sorted by document and start.
        """
        parts: list[dict[str, np.ndarray]] = []
        batch: list[int] = []
        size = 0
        for i, text in enumerate(texts):
            batch.append(i)
            size += len(text) + 1
            if size >= CHUNK_CHARS:
                parts.append(self._find_chunk(texts, batch))
                batch, size = [], 0
        if batch:
            parts.append(self._find_chunk(texts, batch))
        if not parts:
            return _empty()
        return {k: np.concatenate([p[k] for p in parts]) for k in _EMPTY}

    def _find_chunk(self, texts: list[str], batch: list[int]) -> dict[str, np.ndarray]:
        joined = _SEPARATOR.join(texts[i] for i in batch)
        norm = normalize_with_offsets(joined, level="search")
        cps = np.frombuffer(norm.text.encode("utf-32-le"), dtype=np.uint32)
        if cps.size == 0:
            return _empty()
        in_bmp = cps < 0x10000
        safe = np.where(in_bmp, cps, 0)
        is_space = _space_table()[safe] & in_bmp
        keep = ~(is_space & np.concatenate([[False], is_space[:-1]]))
        kept = np.flatnonzero(keep)
        is_word = _word_table()[safe[kept]] & in_bmp[kept]
        # Every character that is not part of a word becomes the boundary.
        key_cps = np.where(is_word, cps[kept], 32).astype(np.uint32)
        key = " " + key_cps.tobytes().decode("utf-32-le") + " "
        hits = list(self.automaton.iter(key))
        if not hits:
            return _empty()
        padded_end = np.fromiter((h[0] for h in hits), dtype=np.int64, count=len(hits))
        form = np.fromiter((h[1][1] for h in hits), dtype=np.int64, count=len(hits))
        ends = padded_end - 1  # drop the trailing boundary, and the leading pad
        starts = ends - self._length[form]
        doc_bounds = np.cumsum([0] + [len(texts[i]) + 1 for i in batch])
        raw_start = norm.starts[kept[starts]]
        raw_end = norm.ends[kept[ends - 1]]
        local = np.searchsorted(doc_bounds, raw_start, side="right") - 1
        chosen = _leftmost_longest(local, raw_start, raw_end)
        chosen = chosen[~self._is_exception[form[chosen]]]
        raw_start, raw_end, local, form = raw_start[chosen], raw_end[chosen], local[chosen], form[chosen]
        chars = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        classes = _classes(chars)
        space = _space_table()[np.where(chars < 0x10000, chars, 0)] | (classes == _CLASS_BREAK)
        in_quote = _quote_state(classes, raw_start)
        sentence_start, sentence_end = _sentences(classes, space, raw_start, raw_end)
        offset = doc_bounds[local]
        return {
            "doc": np.asarray(batch, dtype=np.int64)[local],
            "start": raw_start - offset,
            "end": raw_end - offset,
            "form": form,
            "in_quote": in_quote,
            "sentence_start": sentence_start - offset,
            "sentence_end": sentence_end - offset,
        }


_EMPTY = ("doc", "start", "end", "form", "in_quote", "sentence_start", "sentence_end")


def _empty() -> dict[str, np.ndarray]:
    return {k: np.zeros(0, dtype=bool if k == "in_quote" else np.int64) for k in _EMPTY}


def _leftmost_longest(doc: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Indices of non-overlapping hits: leftmost first, then longest.

    Hits that overlap nothing before them are taken at once (vectorized);
    only clusters of overlapping hits go through the greedy loop.
    """
    order = np.lexsort((-(end - start), start, doc))
    doc, start, end = doc[order], start[order], end[order]
    # Running maximum of ends within a document (documents never overlap:
    # their positions are offsets in the joined text).
    reach = np.maximum.accumulate(end)
    previous = np.concatenate([[-1], reach[:-1]])
    clear = start >= previous
    if clear.all():
        return order
    keep = clear.copy()
    last_end = -1
    for i in np.flatnonzero(~clear | np.concatenate([~clear[1:], [False]])).tolist():
        if clear[i]:
            last_end = int(end[i])
            continue
        if start[i] >= last_end:
            keep[i] = True
            last_end = int(end[i])
    return order[keep]


#: Character classes used after matching, looked up once per chunk.
_CLASSES = {
    "\n": 1,
    _SEPARATOR: 1,
    "«": 2,
    "»": 3,
    "“": 4,
    "”": 5,
    '"': 6,
    ".": 7,
    "!": 7,
    "?": 7,
    "؟": 7,
    "…": 7,
}
_CLASS_BREAK, _CLASS_FINAL = 1, 7
_CLASS_CLOSERS = (3, 5, 6, 8)  # »  ”  "  and ' )


@lru_cache(maxsize=1)
def _class_table() -> np.ndarray:
    table = np.zeros(0x10000, dtype=np.uint8)
    for ch, cls in _CLASSES.items():
        table[ord(ch)] = cls
    table[ord("'")] = table[ord(")")] = 8
    return table


def _classes(chars: np.ndarray) -> np.ndarray:
    return _class_table()[np.where(chars < 0x10000, chars, 0)]


def _quote_state(classes: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Whether each position lies inside «…», “…” or "…".

    Quotes are counted from the start of the position's paragraph (a line
    break or a document boundary), so that one unbalanced mark does not put
    the rest of a document in quotes.
    """
    marks = np.flatnonzero((classes >= 1) & (classes <= 6))
    kinds = classes[marks]
    breaks = np.concatenate([[-1], marks[kinds == _CLASS_BREAK]])
    paragraph = breaks[np.searchsorted(breaks, positions, side="left") - 1] + 1

    def count(cls: int) -> np.ndarray:
        found = marks[kinds == cls]
        return np.searchsorted(found, positions) - np.searchsorted(found, paragraph)

    depth = count(2) - count(3) + count(4) - count(5)
    return (depth > 0) | (count(6) % 2 == 1)


def _sentences(
    classes: np.ndarray, space: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Sentence spans around matches.

    A sentence ends after a final mark (. ! ? ؟ …, with any closing quotes
    or brackets) that is followed by whitespace, or before a line break or
    a document boundary. The next sentence starts at the first character
    that is not whitespace.
    """
    n = classes.size
    final = classes == _CLASS_FINAL
    closer = np.isin(classes, _CLASS_CLOSERS)
    trailing = final | closer
    # The end of a run of final marks and the closers after it.
    run_end = trailing & ~np.concatenate([trailing[1:], [False]])
    followed = np.concatenate([space[1:], [True]])
    candidates = np.flatnonzero(run_end & followed)
    # Keep runs that contain a final mark (a lone closing quote is no end).
    has_final = np.concatenate([[0], np.cumsum(final)])
    run_start_guess = np.maximum(candidates - 3, 0)
    mark_ends = candidates[has_final[candidates + 1] - has_final[run_start_guess] > 0] + 1
    hard = np.flatnonzero(classes == _CLASS_BREAK)
    last_char = np.unique(np.concatenate([mark_ends, hard, [n]]))
    first_char = np.unique(np.concatenate([[0], mark_ends, hard + 1]))
    sentence_start = first_char[np.searchsorted(first_char, starts, side="right") - 1]
    sentence_end = last_char[np.searchsorted(last_char, ends, side="left")]
    not_space = np.flatnonzero(~space)
    sentence_start = np.minimum(not_space[np.searchsorted(not_space, sentence_start)], starts)
    return sentence_start, sentence_end


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
    terms = matcher.lexicon.terms
    texts = [t if isinstance(t, str) else "" for t in documents["text"].tolist()]
    doc_ids = np.asarray(documents["doc_id"].tolist(), dtype=object)
    found = matcher.find(texts)
    doc, start, end = found["doc"], found["start"], found["end"]
    term_index = matcher._term_index[found["form"]]
    concept = np.asarray([t.concept for t in terms], dtype=object)[term_index] if len(terms) else term_index
    # Appositives: a mention right after another of the same concept, in
    # brackets or quotes, is folded into the first one.
    appositive_of = np.full(len(doc), -1, dtype=np.int64)
    if len(doc) > 1:
        near = np.flatnonzero(
            (doc[1:] == doc[:-1]) & (start[1:] - end[:-1] <= 3) & (concept[1:] == concept[:-1])
        )
        for i in near.tolist():
            text = texts[doc[i]]
            if (
                appositive_of[i] == -1
                and _APPOSITIVE_OPEN.fullmatch(text[end[i] : start[i + 1]])
                and _APPOSITIVE_CLOSE.match(text[end[i + 1] :])
            ):
                appositive_of[i + 1] = i
    folded = appositive_of >= 0
    app_variant = np.full(len(doc), None, dtype=object)
    app_surface = np.full(len(doc), None, dtype=object)
    for j in np.flatnonzero(folded).tolist():
        i = appositive_of[j]
        app_variant[i] = terms[term_index[j]].variant
        app_surface[i] = texts[doc[j]][start[j] : end[j]]
    keep = ~folded
    doc, start, end, term_index = doc[keep], start[keep], end[keep], term_index[keep]
    s_start, s_end = found["sentence_start"][keep], found["sentence_end"][keep]
    form_index = found["form"][keep]
    n_terms = len(terms)

    def by_term(name: str) -> pd.Categorical:
        # Few distinct labels, many rows: categorical columns are built from
        # integer codes without touching each row in Python.
        values = [getattr(t, name) for t in terms]
        categories = list(dict.fromkeys(values))
        lookup = np.asarray([categories.index(v) for v in values], dtype=np.int64) if n_terms else term_index
        return pd.Categorical.from_codes(lookup[term_index] if len(term_index) else [], categories=categories)

    def by_form(name: str) -> pd.Categorical:
        values = [getattr(f, name) for f in matcher.form_list]
        categories = list(dict.fromkeys(values))
        position = {v: i for i, v in enumerate(categories)}
        lookup = np.asarray([position[v] for v in values], dtype=np.int64)
        return pd.Categorical.from_codes(lookup[form_index] if len(form_index) else [], categories=categories)

    frame = pd.DataFrame(
        {
            "doc_id": doc_ids[doc] if len(doc) else np.zeros(0, dtype=object),
            "concept": by_term("concept"),
            "variant": by_term("variant"),
            "frame": by_term("frame"),
            "term": by_term("text"),
            "start": start.astype("int64"),
            "end": end.astype("int64"),
            "surface": [
                texts[d][a:b] for d, a, b in zip(doc.tolist(), start.tolist(), end.tolist(), strict=True)
            ],
            "proclitics": by_form("proclitics"),
            "enclitic": by_form("enclitic"),
            "in_quote": found["in_quote"][keep].astype(bool),
            "sentence_start": s_start.astype("int64"),
            "sentence_end": s_end.astype("int64"),
            "appositive_variant": app_variant[keep],
            "appositive_surface": app_surface[keep],
        },
        columns=list(MATCHES),
    )
    # Fixed dtypes, whatever the rows: partitions of a corpus must agree.
    return frame.astype({c: "str" for c in ("doc_id", "surface", "appositive_variant", "appositive_surface")})

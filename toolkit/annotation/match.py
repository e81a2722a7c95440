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
from toolkit.lexicon.expand import AnchorForm, Form, expand_lexicon, expand_scopes
from toolkit.lexicon.model import Context, Lexicon, load_lexicon
from toolkit.schema import MATCHES

#: Documents are matched in chunks of about this many characters. Chunks
#: much larger than this make numpy's arrays too big for the allocator to
#: reuse, and every chunk then pays for fresh pages (2.5x slower at 8M).
CHUNK_CHARS = 1_000_000
_SEPARATOR = "\x00"
_APPOSITIVE_OPEN = re.compile(r"\s*[(«\"“]\s*$")
_APPOSITIVE_CLOSE = re.compile(r"^\s*[)»\"”]")
#: Document columns that are annotated, in the order their matches are listed.
FIELDS: tuple[str, ...] = ("title", "text")


@lru_cache(maxsize=1)
def _word_table() -> np.ndarray:
    return np.array([chr(c).isalnum() for c in range(0x10000)], dtype=bool)


_LENGTH_MASK = (1 << 16) - 1
_INDEX_MASK = (1 << 24) - 1
_FORM_SHIFT, _ANCHOR_SHIFT = 16, 40


def _pack(length: int, form: int, anchor: int) -> int:
    """One integer per automaton key: key length, term form + 1, anchor form + 1."""
    if length > _LENGTH_MASK or form + 1 > _INDEX_MASK or anchor + 1 > _INDEX_MASK:
        raise ValueError("lexicon too large for the matcher (a key over 65,535 characters or 16M forms)")
    return length | (form + 1) << _FORM_SHIFT | (anchor + 1) << _ANCHOR_SHIFT


#: Letters that satisfy a strict ى: ى itself and the undotted Persian ی.
_YA_STRICT = np.asarray([0x0649, 0x06CC], dtype=np.uint32)
_QUOTES = "\"«»“”„‟'‘’‹›"


@lru_cache(maxsize=1)
def _quote_table() -> np.ndarray:
    table = np.zeros(0x10000, dtype=bool)
    table[[ord(c) for c in _QUOTES]] = True
    return table


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
        self.anchor_forms: dict[str, AnchorForm] = expand_scopes(self.lexicon)
        self.anchor_list: list[AnchorForm] = list(self.anchor_forms.values())
        self.scope_names: list[str] = list(self.lexicon.scopes)
        if len(self.scope_names) > 62:
            raise ValueError("a lexicon can declare at most 62 scopes")
        automaton = ahocorasick.Automaton()
        anchor_index = {f.key: i for i, f in enumerate(self.anchor_list)}
        form_index = {f.key: i for i, f in enumerate(self.form_list)}
        # One automaton for terms and anchors: a written form may be both
        # (حماس names the movement and anchors the scope), and the text is
        # scanned once whatever the number of terms and scopes.
        for key in dict.fromkeys([*form_index, *anchor_index]):
            # Keys are padded with the boundary character, so the automaton
            # reports whole words only and no hit inside a word is ever seen.
            automaton.add_word(
                f" {key} ", _pack(len(key), form_index.get(key, -1), anchor_index.get(key, -1))
            )
        automaton.make_automaton()
        self.automaton = automaton
        self._term_index = np.asarray([f.term_index for f in self.form_list], dtype=np.int64)
        self._is_exception = np.asarray([f.is_exception for f in self.form_list], dtype=bool)
        # Offsets of strict ى per form (``fold_ya: false``), flattened.
        strict = [f.strict_ya for f in self.form_list]
        self._ya_count = np.asarray([len(x) for x in strict], dtype=np.int64)
        self._ya_start = np.concatenate([[0], np.cumsum(self._ya_count)[:-1]]).astype(np.int64)
        self._ya_offset = np.asarray([o for x in strict for o in x], dtype=np.int64)
        self._anchor_scopes = np.asarray([f.scopes for f in self.anchor_list], dtype=np.int64)
        self._anchor_exceptions = np.asarray([f.exceptions for f in self.anchor_list], dtype=np.int64)
        # Each distinct context requirement once; terms point at theirs.
        self.contexts: list[Context] = list(
            dict.fromkeys(t.context for t in self.lexicon.terms if t.context is not None)
        )
        position = {c: i for i, c in enumerate(self.contexts)}
        self._term_context = np.asarray(
            [position[t.context] if t.context is not None else -1 for t in self.lexicon.terms], dtype=np.int64
        )
        self._needs_words = any(
            c.within == "words" or (c.unless is not None and c.unless.within == "words")
            for c in self.contexts
        )

    def find(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Resolved matches in a list of texts.

        Returns
        -------
        dict of numpy.ndarray
            ``doc`` (position in ``texts``), ``start``, ``end`` (offsets in
            that text), ``form`` (index into :attr:`form_list`), ``in_quote``,
            ``sentence_start``, ``sentence_end``, ``in_scope``, ``scope``
            (index into :attr:`scope_names`, -1 when no anchor was needed
            or found), ``anchor_start`` and ``anchor_end`` (-1 when none);
            sorted by document and start.
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
        # Quotation marks count as space between words, so that a quoted
        # part of a name («حركة "المقاومة الإسلامية"») still matches it.
        is_gap = is_space | (_quote_table()[safe] & in_bmp)
        keep = ~(is_gap & np.concatenate([[False], is_gap[:-1]]))
        kept = np.flatnonzero(keep)
        is_word = _word_table()[safe[kept]] & in_bmp[kept]
        # Every character that is not part of a word becomes the boundary.
        key_cps = np.where(is_word, cps[kept], 32).astype(np.uint32)
        key = " " + key_cps.tobytes().decode("utf-32-le") + " "
        # (end, packed value) pairs, flattened in C: no Python per hit.
        flat = np.fromiter(itertools.chain.from_iterable(self.automaton.iter(key)), dtype=np.int64)
        if flat.size == 0:
            return _empty()
        padded_end, value = flat[0::2], flat[1::2]
        length = value & _LENGTH_MASK
        form_all = ((value >> _FORM_SHIFT) & _INDEX_MASK) - 1
        anchor_all = (value >> _ANCHOR_SHIFT) - 1
        ends_all = padded_end - 1  # drop the trailing boundary, and the leading pad
        starts_all = ends_all - length
        doc_bounds = np.cumsum([0] + [len(texts[i]) + 1 for i in batch])
        is_term = form_all >= 0
        if not is_term.any():
            return _empty()
        form = form_all[is_term]
        starts, ends = starts_all[is_term], ends_all[is_term]
        chars = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        if self._ya_offset.size:
            valid = self._strict_ya_holds(form, starts, chars, norm.starts[kept])
            form, starts, ends = form[valid], starts[valid], ends[valid]
            if form.size == 0:
                return _empty()
        raw_start = norm.starts[kept[starts]]
        raw_end = norm.ends[kept[ends - 1]]
        local = np.searchsorted(doc_bounds, raw_start, side="right") - 1
        chosen = _leftmost_longest(local, raw_start, raw_end)
        chosen = chosen[~self._is_exception[form[chosen]]]
        raw_start, raw_end, local, form = raw_start[chosen], raw_end[chosen], local[chosen], form[chosen]
        starts, ends = starts[chosen], ends[chosen]
        classes = _classes(chars)
        space = _space_table()[np.where(chars < 0x10000, chars, 0)] | (classes == _CLASS_BREAK)
        in_quote = _quote_state(classes, raw_start)
        sentence_start, sentence_end = _sentences(classes, space, raw_start, raw_end)
        offset = doc_bounds[local]
        result = {
            "doc": np.asarray(batch, dtype=np.int64)[local],
            "start": raw_start - offset,
            "end": raw_end - offset,
            "form": form,
            "in_quote": in_quote,
            "sentence_start": sentence_start - offset,
            "sentence_end": sentence_end - offset,
        }
        requirement = self._term_context[self._term_index[form]]
        in_scope = requirement < 0
        scope = np.full(len(form), -1, dtype=np.int64)
        anchor_start = np.full(len(form), -1, dtype=np.int64)
        anchor_end = np.full(len(form), -1, dtype=np.int64)
        if not in_scope.all():
            hit = _Spans(raw_start, raw_end, local, starts, ends)
            anchors = self._anchors(
                anchor_all, starts_all, ends_all, norm.starts[kept], norm.ends[kept], doc_bounds
            )
            words = _word_numbers(is_word) if self._needs_words else None
            windows = _Windows(classes, sentence_start, sentence_end, doc_bounds, local)
            for r, context in enumerate(self.contexts):
                rows = np.flatnonzero(requirement == r)
                if rows.size == 0:
                    continue
                best, best_scope, best_at = _license(
                    hit.take(rows), context, anchors, self.scope_names, words, windows, rows
                )
                found = best_at >= 0
                in_scope[rows] = found
                scope[rows[found]] = best_scope[found]
                anchor_start[rows[found]] = best[0][found] - offset[rows[found]]
                anchor_end[rows[found]] = best[1][found] - offset[rows[found]]
                if context.unless is None or not found.any():
                    continue
                # A blocking anchor in the 'unless' window takes a licensed
                # hit out of scope; the blocker is reported in its place, so
                # an out-of-scope row with an anchor reads "blocked by".
                licensed = rows[found]
                block, block_scope, block_at = _license(
                    hit.take(licensed), context.unless, anchors, self.scope_names, words, windows, licensed
                )
                blocked = licensed[block_at >= 0]
                hit_block = block_at >= 0
                in_scope[blocked] = False
                scope[blocked] = block_scope[hit_block]
                anchor_start[blocked] = block[0][hit_block] - offset[blocked]
                anchor_end[blocked] = block[1][hit_block] - offset[blocked]
        result.update(in_scope=in_scope, scope=scope, anchor_start=anchor_start, anchor_end=anchor_end)
        return result

    def _strict_ya_holds(
        self, form: np.ndarray, starts: np.ndarray, chars: np.ndarray, to_raw: np.ndarray
    ) -> np.ndarray:
        """False for hits whose strict ى is written ي in the text («قتلي» for «قتلى»)."""
        valid = np.ones(form.size, dtype=bool)
        count = self._ya_count[form]
        rows = np.flatnonzero(count)
        if rows.size == 0:
            return valid
        n = count[rows]
        row = np.repeat(rows, n)
        step = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
        offset = self._ya_offset[np.repeat(self._ya_start[form[rows]], n) + step]
        written = chars[to_raw[starts[row] + offset]]
        wrong = ~np.isin(written, _YA_STRICT)
        valid[row[wrong]] = False
        return valid

    def _anchors(
        self,
        anchor: np.ndarray,
        starts: np.ndarray,
        ends: np.ndarray,
        to_raw_start: np.ndarray,
        to_raw_end: np.ndarray,
        doc_bounds: np.ndarray,
    ) -> dict[int, _Spans]:
        """Resolved anchors of each scope: leftmost-longest, exceptions removed."""
        out: dict[int, _Spans] = {}
        has = anchor >= 0
        index = np.where(has, anchor, 0)
        masks = np.where(has, self._anchor_scopes[index] | self._anchor_exceptions[index], 0)
        for position in range(len(self.scope_names)):
            bit = np.int64(1) << position
            rows = np.flatnonzero(masks & bit)
            a_start = to_raw_start[starts[rows]]
            a_end = to_raw_end[ends[rows] - 1]
            a_doc = np.searchsorted(doc_bounds, a_start, side="right") - 1
            chosen = _leftmost_longest(a_doc, a_start, a_end)
            chosen = chosen[(self._anchor_exceptions[index[rows[chosen]]] & bit) == 0]
            out[position] = _Spans(
                a_start[chosen], a_end[chosen], a_doc[chosen], starts[rows[chosen]], ends[rows[chosen]]
            )
        return out


class _Spans:
    """Spans in a chunk: raw offsets, document, and offsets in the match key."""

    def __init__(
        self, start: np.ndarray, end: np.ndarray, doc: np.ndarray, kstart: np.ndarray, kend: np.ndarray
    ):
        self.start, self.end, self.doc, self.kstart, self.kend = start, end, doc, kstart, kend

    def take(self, rows: np.ndarray) -> _Spans:
        return _Spans(self.start[rows], self.end[rows], self.doc[rows], self.kstart[rows], self.kend[rows])


class _Windows:
    """Sentence, paragraph and field bounds of the hits of a chunk (raw offsets)."""

    def __init__(
        self,
        classes: np.ndarray,
        sentence_start: np.ndarray,
        sentence_end: np.ndarray,
        doc_bounds: np.ndarray,
        local: np.ndarray,
    ):
        self.classes = classes
        self.sentence = (sentence_start, sentence_end)
        self.document = (doc_bounds[local], doc_bounds[local + 1] - 1)

    def bounds(self, within: str, rows: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if within == "sentence":
            return self.sentence[0][rows], self.sentence[1][rows]
        if within == "document":
            return self.document[0][rows], self.document[1][rows]
        # A paragraph ends at a line break (or the end of the field).
        breaks = np.flatnonzero(self.classes == _CLASS_BREAK)
        after = np.searchsorted(breaks, starts, side="left")
        low = np.concatenate([[-1], breaks])[after] + 1
        high = np.concatenate([breaks, [self.classes.size]])[after]
        return low, high


def _word_numbers(is_word: np.ndarray) -> np.ndarray:
    """For each position of the match key, the number of words begun up to it."""
    begins = is_word & ~np.concatenate([[False], is_word[:-1]])
    return np.cumsum(begins, dtype=np.int32)


def _license(
    hit: _Spans,
    context: Context,
    anchors: dict[int, _Spans],
    scope_names: list[str],
    words: np.ndarray | None,
    windows: _Windows,
    rows: np.ndarray,
) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray, np.ndarray]:
    """The nearest anchor of the context's scopes inside its window, per hit.

    Anchors of a scope are sorted and do not overlap, so if any anchor lies
    in a window that contains the hit, the last one starting before the hit
    or the first one starting at or after it does: two candidates per hit,
    looked up with one binary search, whatever the number of hits.
    """
    n = len(hit.start)
    best_distance = np.full(n, np.iinfo(np.int64).max)
    best_at = np.full(n, -1, dtype=np.int64)
    best_scope = np.full(n, -1, dtype=np.int64)
    best_start = np.full(n, -1, dtype=np.int64)
    best_end = np.full(n, -1, dtype=np.int64)
    if context.within != "words":
        low, high = windows.bounds(context.within, rows, hit.start)
    else:
        assert words is not None
        first_word, last_word = words[hit.kstart], words[hit.kend - 1]
    for name in context.scopes:
        position = scope_names.index(name)
        anchor = anchors[position]
        if anchor.start.size == 0:
            continue
        after = np.searchsorted(anchor.start, hit.start, side="left")
        for candidate, before in ((after - 1, True), (after, False)):
            valid = (candidate >= 0) & (candidate < anchor.start.size)
            c = np.clip(candidate, 0, anchor.start.size - 1)
            if context.within == "words":
                a_first, a_last = words[anchor.kstart[c]], words[anchor.kend[c] - 1]
                gap = np.maximum(np.maximum(first_word - a_last, a_first - last_word) - 1, 0)
                ok = valid & (anchor.doc[c] == hit.doc) & (gap <= context.words)
                distance = gap
            else:
                ok = valid & (anchor.start[c] >= low) & (anchor.start[c] < high)
                distance = np.maximum(hit.start - anchor.end[c] if before else anchor.start[c] - hit.end, 0)
            better = ok & (distance < best_distance)
            best_distance = np.where(better, distance, best_distance)
            best_at = np.where(better, c, best_at)
            best_scope = np.where(better, position, best_scope)
            best_start = np.where(better, anchor.start[c], best_start)
            best_end = np.where(better, anchor.end[c], best_end)
    return (best_start, best_end), best_scope, best_at


_EMPTY = (
    "doc", "start", "end", "form", "in_quote", "sentence_start", "sentence_end",
    "in_scope", "scope", "anchor_start", "anchor_end",
)  # fmt: skip


def _empty() -> dict[str, np.ndarray]:
    return {k: np.zeros(0, dtype=bool if k in ("in_quote", "in_scope") else np.int64) for k in _EMPTY}


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
    documents: pd.DataFrame,
    lexicon: Lexicon | object = None,
    *,
    matcher: Matcher | None = None,
    fields: tuple[str, ...] | list[str] | None = None,
) -> pd.DataFrame:
    """Find the lexicon's labels in documents.

    Every hit is kept; ``in_scope`` says whether it counts. A hit whose term
    needs context (see :mod:`toolkit.lexicon.model`, *Scopes*) is in scope
    only when an anchor of its scope lies in its window; the anchor's scope,
    surface and offset are recorded. Hits that need no context are in scope
    with empty anchor columns. A licensed hit whose context says ``unless``
    is out of scope when a blocking anchor lies in that window; its row then
    names the blocking scope and anchor (out of scope with an anchor reads
    "blocked by").

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id`` and ``text`` (as ``corpus.documents``), optionally
        ``title``. Not modified.
    lexicon : Lexicon, path, mapping or None
        The lexicon; None for the bundled default.
    matcher : Matcher, optional
        A compiled lexicon to reuse across calls (then ``lexicon`` is ignored).
    fields : sequence of {"title", "text"}, optional
        Columns to annotate; default both where the documents have a
        ``title`` column, else ``text``. Offsets (``start``, ``end``, the
        sentence and the anchor) are into the column named in ``field``.

    Returns
    -------
    pandas.DataFrame
        One row per mention, columns :data:`MATCHES`, in document order,
        a document's title before its text, then by ``start``. Empty texts,
        texts without Arabic and missing texts give no rows.

    Examples
    --------
    >>> import pandas as pd
    >>> text = "قالت حركة المقاومة الإسلامية (حماس) ولجيش الاحتلال حماسة."
    >>> m = annotate(pd.DataFrame({"doc_id": ["a"], "text": [text]}))
    >>> for row in m[["variant", "surface", "proclitics", "appositive_variant"]].values.tolist():
    ...     print(row)
    ['resistance_movement', 'حركة المقاومة الإسلامية', '', 'hamas']
    ['occupation_army', 'ولجيش الاحتلال', 'ول', nan]

    A word that needs context counts only beside an anchor:

    >>> lex = {"name": "x", "scopes": {"gaza": ["غزة"]}, "concepts": {"dead": {"variants": {
    ...     "killed": {"frame": "neutral", "terms": ["قتلى"], "context": "sentence"}}}}}
    >>> docs = pd.DataFrame({"doc_id": ["a"], "title": ["قتلى في اليمن"],
    ...                      "text": ["قتلى في غزة. قتلى آخرون."]})
    >>> annotate(docs, lex)[["field", "start", "in_scope", "scope_anchor"]].values.tolist()
    [['title', 0, False, ''], ['text', 0, True, 'غزة'], ['text', 13, False, '']]
    """
    schema.check_columns(documents, ["doc_id", "text"], table="documents")
    if fields is None:
        fields = ("title", "text") if "title" in documents.columns else ("text",)
    fields = tuple(fields)
    if not fields or any(f not in FIELDS for f in fields) or len(set(fields)) != len(fields):
        raise ValueError(f"fields must be distinct names from {FIELDS}, not {fields!r}")
    fields = tuple(f for f in FIELDS if f in fields)  # title before text, always
    schema.check_columns(documents, list(fields), table="documents")
    matcher = matcher or Matcher(lexicon)
    terms = matcher.lexicon.terms
    # Fields of one document sit side by side: text i of the list is field
    # i % n_fields of document i // n_fields.
    columns = [[t if isinstance(t, str) else "" for t in documents[f].tolist()] for f in fields]
    n_fields = len(fields)
    texts = [t for group in zip(*columns, strict=True) for t in group] if n_fields > 1 else columns[0]
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
    scope_index = found["scope"][keep]
    a_start, a_end = found["anchor_start"][keep], found["anchor_end"][keep]
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

    licensed = np.flatnonzero(a_start >= 0)
    anchor_surface = np.full(len(doc), "", dtype=object)
    anchor_surface[licensed] = [
        texts[d][a:b]
        for d, a, b in zip(
            doc[licensed].tolist(), a_start[licensed].tolist(), a_end[licensed].tolist(), strict=True
        )
    ]
    field_codes = [FIELDS.index(f) for f in fields]
    frame = pd.DataFrame(
        {
            "doc_id": doc_ids[doc // n_fields] if len(doc) else np.zeros(0, dtype=object),
            "field": pd.Categorical.from_codes(
                np.asarray(field_codes, dtype=np.int64)[doc % n_fields], categories=list(FIELDS)
            ),
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
            "in_scope": found["in_scope"][keep].astype(bool),
            "scope": pd.Categorical.from_codes(scope_index + 1, categories=["", *matcher.scope_names]),
            "scope_anchor": anchor_surface,
            "scope_anchor_start": pd.array(np.where(a_start >= 0, a_start, 0), dtype="Int64"),
        },
        columns=list(MATCHES),
    )
    frame.loc[a_start < 0, "scope_anchor_start"] = pd.NA
    # Fixed dtypes, whatever the rows: partitions of a corpus must agree.
    return frame.astype(
        {c: "str" for c in ("doc_id", "surface", "appositive_variant", "appositive_surface", "scope_anchor")}
    )

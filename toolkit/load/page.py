"""Split one scraped page (or one record's text) into classified segments.

A page is read line by line through four phases:

``head``
    Before the story: aggregator stamps, title, date line, a repeated title.
    The first line that is none of these starts the body.
``body``
    Story text, sub-headings included, until a marker that ends it
    (attribution, tags, share widget, aggregator footer, «اقرأ أيضاً», a
    «مقالات مشابهة» list).
``related_head``
    After «اقرأ أيضاً»: the first line is the appended article's title, an
    optional short line its source («صفا»); then its body follows.
``tail``
    After the story: attribution, tags, widgets, headline lists, footers;
    unrecognized lines become ``trailer``, never story text.

Every character ends in exactly one segment: content segments come from the
rules or the phase, the whitespace between them is ``blank``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from toolkit.arabic.normalize import normalize, normalize_with_offsets
from toolkit.load.markers import Rule

#: Lines longer than this are never taken as markers (they are prose).
MAX_MARKER_CHARS = 500
#: Characters of each line normalized to test whether any marker may match.
PREFIX_CHARS = 120
#: A title has at most this many words and does not end like a sentence.
MAX_TITLE_WORDS = 25
#: A line: from its first to its last non-space character. Lines end at
#: "\n", and also at a bare "\r" (old Mac files), U+2028/U+2029, NEL,
#: vertical tab and form feed, as :meth:`str.splitlines` would have it.
_CONTENT = re.compile(r"\S(?:[^\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]*\S)?")
#: The list phases are read with the rules of the phase they stand in: a
#: «مقالات مشابهة» list comes after the story (tail), link headlines inside it
#: (body); marker rules name only head, body, tail and related_head.
_RULE_PHASE = {"list": "tail", "links": "body"}
_NAMED_GROUP = re.compile(r"\(\?P<[^>]+>")
_SENTENCE_END = tuple(".،,:;؛")
_FINAL_PUNCT = tuple('.!?؟"”»)…')
_BULLET = re.compile(r"^[•·▪◦●○■□➢►▶✓✔⭕*\-–—]")
_DATELINE = re.compile(
    r"(?P<place>[^\s\-–—:،.()\"«»]+(?:\s+[^\s\-–—:،.()\"«»]+)?(?:\s*\([^()\n]{1,40}\))?)"
    r"\s*[-–—]{1,2}\s+"
)
_TAG_SPLIT = re.compile(r"\s*[،,|؛;]\s*")


@dataclass
class DocDraft:
    """Metadata gathered for one document while its page is read."""

    role: str
    parent: int | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    credited_outlet: str | None = None
    tags: list[str] = field(default_factory=list)
    dateline: str | None = None
    has_body: bool = False


@dataclass
class PageResult:
    """Segments and document drafts of one page.

    ``segments`` holds ``(start, end, kind, doc_index)`` tuples tiling the
    text; ``doc_index`` points into ``docs`` (None for no document).
    """

    segments: list[tuple[int, int, str, int | None]]
    docs: list[DocDraft]
    outlet: str | None = None
    crawled: str | None = None


class PageParser:
    """Reusable segmenter for one rule set.

    Parameters
    ----------
    rules : list of Rule
        Marker rules, in the order they are tried.
    """

    def __init__(self, rules: list[Rule]):
        self.rules = rules
        self.by_name = {r.name: r for r in rules}
        anything = "|".join(f"(?:{_NAMED_GROUP.sub('(?:', r.pattern.pattern)})" for r in rules)
        self._prefilter = re.compile(anything, re.IGNORECASE)
        self._repeat = {
            r.name: re.compile(r.pattern.pattern.removeprefix("^"), re.IGNORECASE) for r in rules if r.repeat
        }

    # -- rule matching ---------------------------------------------------
    def _match(
        self, key: str, phase: str, outlet: str | None, next_key: str | None
    ) -> tuple[Rule, re.Match[str]] | None:
        if not key:
            return None
        for rule in self.rules:
            if phase not in rule.phases:
                continue
            if rule.outlets is not None and outlet not in rule.outlets:
                continue
            m = rule.pattern.match(key)
            if m is None:
                continue
            if rule.requires_next is not None:
                needed = self.by_name[rule.requires_next]
                if next_key is None or needed.pattern.match(next_key) is None:
                    continue
            return rule, m
        return None

    # -- the page --------------------------------------------------------
    def parse(
        self,
        text: str,
        *,
        outlet: str | None = None,
        title: str | None = None,
        infer_title: bool = True,
    ) -> PageResult:
        """Segment one page.

        Parameters
        ----------
        text : str
            Decoded page or record text.
        outlet : str, optional
            Outlet known before reading (selects outlet-specific rules).
        title : str, optional
            A title known from metadata; lines repeating it are ``title``.
        infer_title : bool
            Whether a short first line may be taken as the title.
        """
        spans = [m.span() for m in _CONTENT.finditer(text)]
        # Markers sit at the start of short lines: a normalized prefix is
        # enough to rule most lines out; full keys are computed on demand.
        prefixes = [normalize(text[a : min(b, a + PREFIX_CHARS)], level="search") for a, b in spans]
        full: dict[int, str] = {}

        def key_of(i: int) -> str:
            if i not in full:
                a, b = spans[i]
                full[i] = (
                    prefixes[i]
                    if b - a <= PREFIX_CHARS
                    else normalize(text[a:b], level="search")
                    if b - a <= MAX_MARKER_CHARS
                    else ""
                )
            return full[i]

        title_key = normalize(title, level="search").strip() if title else None
        docs = [DocDraft(role="main")]
        result = PageResult(segments=[], docs=docs)
        out = result.segments
        current = 0
        phase = "head"
        body_lines = {0: 0}
        n = len(spans)
        for i, (a, b) in enumerate(spans):
            hit = None
            if self._prefilter.search(prefixes[i]) is not None:
                key = key_of(i)
                hit = self._match(
                    key, _RULE_PHASE.get(phase, phase), outlet, key_of(i + 1) if i + 1 < n else None
                )
            doc = docs[current]
            if phase == "head":
                if hit:
                    new_phase, current = self._take(hit, text, a, b, key, current, result, body_lines)
                    # Markers that end a story do not end a story not yet begun.
                    if new_phase != "tail":
                        phase = new_phase or phase
                    continue
                key = key_of(i)
                if title_key is not None and key == title_key:
                    out.append((a, b, "title", current))
                    doc.title = doc.title or text[a:b]
                    continue
                if doc.title is not None and key == normalize(doc.title, level="search"):
                    out.append((a, b, "title", current))
                    continue
                if (
                    infer_title
                    and doc.title is None
                    and title_key is None
                    and i + 1 < n
                    and _title_like(text[a:b])
                ):
                    out.append((a, b, "title", current))
                    doc.title = text[a:b]
                    continue
                phase = "body"
            elif phase == "related_head":
                if hit:
                    phase = self._apply(hit, text, a, b, key, current, result) or phase
                    continue
                if doc.title is None:
                    out.append((a, b, "title", current))
                    doc.title = text[a:b]
                    continue
                if doc.source is None and i + 1 < n and _source_like(text[a:b], prefixes[i + 1]):
                    out.append((a, b, "attribution", current))
                    doc.source = text[a:b]
                    continue
                phase = "body"
            if phase == "links":
                if hit is None and _title_like(text[a:b]) and len(text[a:b].split()) <= 20:
                    out.append((a, b, "similar_list", current))
                    continue
                phase = "body"
            if phase == "body":
                if hit:
                    new_phase, current = self._take(hit, text, a, b, key, current, result, body_lines)
                    phase = new_phase or phase
                    continue
                if _glued_headlines(text[a:b]):
                    out.append((a, b, "similar_list", current))
                    continue
                if body_lines[current] == 0 and doc.role == "main":
                    m = _DATELINE.match(text, a, b)
                    if m and len(text[m.end() : b].split()) >= 5:
                        out.append((a, m.end(), "dateline", current))
                        doc.dateline = m["place"]
                        a = m.end()
                out.append((a, b, "body", current))
                doc.has_body = True
                body_lines[current] += 1
                continue
            # tail and list phases
            if hit:
                new_phase, current = self._take(hit, text, a, b, key, current, result, body_lines)
                phase = new_phase or phase
                continue
            if phase == "list" and _list_item(text[a:b]):
                out.append((a, b, "similar_list", current))
            else:
                out.append((a, b, "trailer", current))
        _fill_blanks(result, len(text))
        return result

    def _take(
        self,
        hit: tuple[Rule, re.Match[str]],
        text: str,
        a: int,
        b: int,
        key: str,
        doc_index: int,
        result: PageResult,
        body_lines: dict[int, int],
    ) -> tuple[str | None, int]:
        """Apply a rule hit; open an appended article when the rule says so.

        Returns the new phase (None: unchanged) and the current document.
        """
        new_phase = self._apply(hit, text, a, b, key, doc_index, result)
        if hit[0].effect == "starts_related":
            result.docs.append(DocDraft(role="related", parent=0))
            doc_index = len(result.docs) - 1
            body_lines[doc_index] = 0
        return new_phase, doc_index

    def _apply(
        self,
        hit: tuple[Rule, re.Match[str]],
        text: str,
        a: int,
        b: int,
        key: str,
        doc_index: int,
        result: PageResult,
    ) -> str | None:
        """Record the segments and fields of a rule hit; return the new phase."""
        rule, m = hit
        doc = result.docs[doc_index]
        needs_offsets = rule.repeat or rule.groups or rule.fields or rule.field
        norm = normalize_with_offsets(text[a:b], level="search") if needs_offsets else None

        def raw_span(start: int, end: int) -> tuple[int, int]:
            assert norm is not None
            s, e = norm.to_raw(start, end)
            return a + s, a + e

        if rule.repeat:
            assert norm is not None
            cuts = [m.start()] + [r.start() for r in self._repeat[rule.name].finditer(key, m.end())]
            values = []
            for k, cut in enumerate(cuts):
                stop = cuts[k + 1] if k + 1 < len(cuts) else len(key)
                s, e = raw_span(cut, stop)
                result.segments.append((s, e, rule.kind, doc_index))
                head = self._repeat[rule.name].match(key, cut)
                vs, ve = raw_span(head.end() if head else cut, stop)
                values.append(text[vs:ve].strip())
            values = [v for v in values if v]
            if values and rule.kind == "attribution":
                doc.source = doc.source or values[0]
                if len(values) > 1:
                    doc.credited_outlet = values[-1]
        else:
            pieces: list[tuple[int, int, str]] = []
            for group, kind in rule.groups.items():
                if m.group(group):
                    s, e = raw_span(*m.span(group))
                    pieces.append((s, e, kind))
            cursor = a
            for s, e, kind in sorted(pieces):
                if s > cursor:
                    result.segments.append((cursor, s, rule.kind, doc_index))
                result.segments.append((s, e, kind, doc_index))
                cursor = e
            if cursor < b:
                result.segments.append((cursor, b, rule.kind, doc_index))
        fields = dict(rule.fields)
        if rule.field:
            fields["value" if "value" in m.re.groupindex else 0] = rule.field
        for group, name in fields.items():
            if m.group(group) is None:
                continue
            s, e = raw_span(*m.span(group))
            _set_field(result, doc, name, text[s:e].strip())
        if rule.effect == "ends_body":
            return "tail"
        if rule.effect == "starts_related":
            return "related_head"
        if rule.effect == "starts_list":
            return "list"
        if rule.effect == "starts_links":
            return "links"
        return None


def _set_field(result: PageResult, doc: DocDraft, name: str, value: str) -> None:
    if not value:
        return
    if name in ("outlet", "site"):  # an aggregator's site is the outlet of its copy
        result.outlet = result.outlet or value
    elif name == "crawled":
        result.crawled = result.crawled or value
    elif name == "published":
        doc.published = doc.published or value
    elif name == "source":
        doc.source = doc.source or value
    elif name == "title":
        doc.title = doc.title or value
    elif name == "tags":
        doc.tags.extend(t for t in _TAG_SPLIT.split(value) if t)


def _title_like(line: str) -> bool:
    return (
        len(line.split()) <= MAX_TITLE_WORDS
        and not line.endswith(_SENTENCE_END)
        and _BULLET.match(line) is None
    )


def _source_like(line: str, next_key: str) -> bool:
    """A short bare name between a related article's title and its body."""
    words = line.split()
    return len(words) <= 4 and not any(ch in line for ch in '.،,:;؛!?؟"«»()') and len(next_key.split()) > 8


def _glued_headlines(line: str) -> bool:
    """Links of «Author: headline» rendered into one line without breaks.

    Headlines carry no sentence punctuation; a story written on one line,
    however many colons it has, does.
    """
    return (
        line.count(":") >= 3
        and not line.endswith(_FINAL_PUNCT)
        and len(line.split()) >= 12
        and not any(mark in line for mark in ".،,؛;")
    )


def _list_item(line: str) -> bool:
    return _BULLET.match(line) is not None or (
        len(line.split()) <= MAX_TITLE_WORDS and not line.endswith(".")
    )


def _fill_blanks(result: PageResult, length: int) -> None:
    """Insert ``blank`` segments for the whitespace between content."""
    filled: list[tuple[int, int, str, int | None]] = []
    cursor = 0
    previous_doc: int | None = 0 if result.docs else None
    for s, e, kind, doc in result.segments:
        if s > cursor:
            filled.append((cursor, s, "blank", previous_doc))
        filled.append((s, e, kind, doc))
        cursor = e
        previous_doc = doc
    if cursor < length:
        filled.append((cursor, length, "blank", previous_doc))
    result.segments = filled


def assemble_text(
    segments: list[tuple[int, int, str, int | None]], text: str, doc_index: int
) -> tuple[str, dict[int, int]]:
    """Join a document's body segments with the raw whitespace between them.

    A ``blank`` segment belongs to the story text when it directly follows a
    body segment of the document and another body segment of the document
    comes later.

    Parameters
    ----------
    segments : list of tuple
        ``(start, end, kind, doc_index)`` tiling ``text``, in order.
    text : str
        The page.
    doc_index : int
        The document to assemble.

    Returns
    -------
    tuple
        The story text, and for each position in ``segments`` that was
        used, its offset in that text.

    Examples
    --------
    >>> segs = [(0, 3, "body", 0), (3, 4, "blank", 0), (4, 7, "tags", 0),
    ...         (7, 8, "blank", 0), (8, 11, "body", 0)]
    >>> assemble_text(segs, "abc\\nxyz\\ndef", 0)
    ('abc\\ndef', {0: 0, 1: 3, 4: 4})
    """
    body_positions = [k for k, seg in enumerate(segments) if seg[3] == doc_index and seg[2] == "body"]
    if not body_positions:
        return "", {}
    last_body = body_positions[-1]
    parts: list[str] = []
    offsets: dict[int, int] = {}
    length = 0
    previous_was_body = False
    for k in range(body_positions[0], last_body + 1):
        s, e, kind, doc = segments[k]
        take = doc == doc_index and (kind == "body" or (kind == "blank" and previous_was_body))
        previous_was_body = doc == doc_index and kind == "body"
        if take:
            offsets[k] = length
            parts.append(text[s:e])
            length += e - s
    return "".join(parts), offsets

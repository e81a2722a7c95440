"""Lexicons of competing labels: YAML files validated with line numbers.

Shape::

    name: israel-gaza
    options: {min_stem: 4}
    scopes:
      israel_palestine:
        description: the passage is about Israel and the Palestinians
        terms: [غزة, فلسطين, {term: إسرائيل, article: false, exceptions: [بني إسرائيل]}]
    concepts:
      hamas_naming:
        description: how the movement is named
        variants:
          hamas:
            frame: name
            description: the movement's short name
            terms:
              - {term: حماس, article: false, exceptions: [بحماس شديد]}
          resistance_movement: {frame: self-designation, terms: [حركة المقاومة الإسلامية]}
          resistance:
            frame: resistance
            context: {scope: israel_palestine, within: sentence}
            terms: [المقاومة]

A term is a string or a mapping with ``term`` and options:

``article`` (default true)
    The first word may take the article ال (``false`` for names: «الحماس»
    is enthusiasm, never the movement).
``proclitics`` (default true)
    The first word may take و ف, then ب ل ك, then ال (and لل = ل + ال).
``enclitics`` (default false)
    The last word may take a pronoun suffix (ه ها هم …; ة is written ت
    before it).
``exceptions``
    Phrases in which the term is not counted («بحماس شديد»: with great
    enthusiasm). They are matched like terms; where one covers a match of
    the term, the match is dropped.
``min_stem``
    Overrides the lexicon option below for this term: ``min_stem: 3`` lets
    the short name «غزة» take a single proclitic («وغزة», «بغزة», «لغزة»).
``forms``
    Word forms generated from a one-word term, each then taking clitics like
    the term: ``dual`` («شهيد» → «شهيدان», «شهيدين»; «رهينة» → «رهينتان»,
    «رهينتين»), ``feminine`` («أسير» → «أسيرة», «أسيرات»), ``plural``
    (sound masculine: «مستوطن» → «مستوطنون», «مستوطنين» and the construct
    «مستوطنو», «مستوطني»), ``construct`` (of a listed sound plural:
    «مسلحين» → «مسلحي», «مسلحون» → «مسلحو») and ``accusative`` (the
    indefinite alef, with or without tanween: «هجوم» → «هجوما»/«هجوماً»;
    never with the article).
``enclitics`` and the hamza seat
    With ``enclitics: true`` the stem changes as Arabic writes it before a
    pronoun: ة → ت («أسيرتها»), final ى → ا («قتلاهم», «أسرانا»), final اء
    → اء/اؤ/ائ («شهداءنا», «شهداؤنا», «شهدائنا»).
``fold_ya`` (default true)
    Search keys fold ى into ي. ``fold_ya: false`` keeps the term's ى
    strict: «قتلى» (the dead) no longer matches «قتلي» (my killing), nor
    «أسرى» «أسري» (my family). Undotted Persian ی counts as ى.
``skip_proclitics``
    Proclitics the term never takes, as written after any و/ف: ``[ب]``
    drops «بحماس», «وبحماس», «فبحماس» («بحماس» is "with enthusiasm" far
    more often than "with Hamas").
``context``
    See *Scopes* below.

Lexicon options: ``min_stem`` (default 4): a one-word term shorter than
this takes a single-letter proclitic only together with the article, so that
«ليد» never matches inside «وليد». Multi-word terms are anchored by their
other words and take proclitics whatever their length («لجيش الاحتلال»).

Scopes
------
A word such as «المقاومة» or «قتلى» names the concept's referent only when
the passage is about it: Yemeni «المقاومة» is not Hamas. A *scope* is a named
list of anchor terms that say what a passage is about (``scopes:`` at the
top; each scope a mapping with ``description`` and ``terms``, or just a list
of terms). Anchor terms are written and matched exactly like concept terms,
with the same options (``article``, ``exceptions`` …: «بني إسرائيل» is no
anchor).

A concept, a variant or a term may say ``context:``; the most specific one
given applies. Its value is

``none``
    No context needed (the default; names such as «حماس» need none).
``{scope: NAME, within: WINDOW}``
    Counted only when an anchor of scope ``NAME`` (or of any scope in a
    list of names) lies within ``WINDOW`` of the hit: ``sentence`` (the
    default; the sentence holding the hit), ``paragraph`` (the line),
    ``document`` (the whole field: title or text), or a number ``N``: at
    most N words between the hit and the anchor.
``{scope: NAME, within: WINDOW, unless: {scope: OTHER, within: WINDOW}}``
    A *negative scope*: a licensed hit is still not counted when an anchor
    of ``OTHER`` (a scope declared like any other, used here to block) lies
    within the ``unless`` window, e.g. «المقاومة» beside Gaza but within 3
    words of «اليمنية» or «لبنان». ``OTHER`` may not also license the hit.
``sentence``, ``paragraph``, ``document`` or a number
    Short for the mapping above when the lexicon has exactly one scope.

Windows never cross from a title into the text. An anchor may lie inside
the hit itself («المقاومة الفلسطينية» carries its own context). Hits that
fail their context are kept by :func:`toolkit.annotate` with
``in_scope`` false; counts and shares leave them out unless asked. A hit
blocked by ``unless`` is out of scope and its row names the blocking scope
and anchor (out of scope *with* an anchor reads "blocked by"). A window of
N words counts words only, across punctuation and sentence ends.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.arabic.normalize import normalize
from toolkit.yamlio import YamlError, line_of, parse_yaml

_TOP_KEYS = {"name", "description", "options", "scopes", "concepts"}
_SCOPE_KEYS = {"description", "terms"}
_CONCEPT_KEYS = {"description", "label", "label_en", "context", "variants"}
_VARIANT_KEYS = {"frame", "description", "label", "label_en", "context", "terms"}
_TERM_KEYS = {
    "term", "article", "proclitics", "enclitics", "exceptions", "context", "min_stem",
    "forms", "fold_ya", "skip_proclitics",
}  # fmt: skip
#: Word-form classes a one-word term can generate (see the module documentation).
FORM_CLASSES = ("dual", "feminine", "plural", "construct", "accusative")
_OPTION_KEYS = {"min_stem"}
_WINDOWS = ("sentence", "paragraph", "document")
DEFAULT_MIN_STEM = 4


@dataclass(frozen=True)
class Context:
    """What a hit needs around it to count.

    Attributes
    ----------
    scopes : tuple of str
        Scopes whose anchors license the hit (any of them).
    within : {"sentence", "paragraph", "document", "words"}
        The window.
    words : int
        With ``within="words"``: most words allowed between hit and anchor.

    unless : Context or None
        A blocking requirement: an anchor of its scopes inside its window
        takes the hit out of scope even where it is licensed.
    """

    scopes: tuple[str, ...]
    within: str = "sentence"
    words: int = 0
    unless: Context | None = None

    def describe(self) -> str:
        """A short text, e.g. ``"israel_palestine, sentence"``.

        Examples
        --------
        >>> Context(("ip",), "words", 8).describe()
        'ip, 8 words'
        >>> Context(("ip",), unless=Context(("syria",), "words", 8)).describe()
        'ip, sentence, unless syria, 8 words'
        """
        window = f"{self.words} words" if self.within == "words" else self.within
        text = f"{'|'.join(self.scopes)}, {window}"
        return text if self.unless is None else f"{text}, unless {self.unless.describe()}"


@dataclass(frozen=True)
class Term:
    """One term of a variant (or an anchor of a scope), with its matching options."""

    text: str
    key: str
    concept: str
    variant: str
    frame: str
    article: bool = True
    proclitics: bool = True
    enclitics: bool = False
    exceptions: tuple[str, ...] = ()
    context: Context | None = None
    min_stem: int | None = None
    forms: tuple[str, ...] = ()
    fold_ya: bool = True
    skip_proclitics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scope:
    """A named set of anchor terms (their ``concept`` is the scope name)."""

    name: str
    description: str
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Lexicon:
    """A validated lexicon.

    Attributes
    ----------
    name : str
        Lexicon name.
    terms : tuple of Term
        Every term, in file order.
    concepts : dict
        Concept → description.
    variants : pandas.DataFrame
        One row per variant: ``concept``, ``variant``, ``frame``,
        ``description``, ``label`` (the display label, Arabic: the key's
        ``label`` or else the variant's first term) and ``label_en`` (an
        English gloss: the key's ``label_en`` or else the variant id).
    concept_labels : pandas.DataFrame
        One row per concept: ``concept``, ``label``, ``label_en`` (the
        concept id where the file gives none), ``description``.
    min_stem : int
        See the module documentation.
    sha256 : str
        Hash of the lexicon's content, for provenance records.
    source : str
        File it was read from, or ``"<mapping>"``.
    scopes : dict
        Scope name → :class:`Scope` (see the module documentation).
    """

    name: str
    terms: tuple[Term, ...]
    concepts: Mapping[str, str]
    variants: pd.DataFrame
    concept_labels: pd.DataFrame | None = None
    min_stem: int = DEFAULT_MIN_STEM
    sha256: str = ""
    source: str = "<mapping>"
    scopes: Mapping[str, Scope] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """One row per term: ``concept``, ``variant``, ``frame``, ``term``, ``key``, ``context``.

        ``context`` is empty for terms that need none, else e.g.
        ``"israel_palestine, sentence"``.

        Examples
        --------
        >>> lex = load_lexicon({"name": "x", "concepts": {"dead": {"variants": {
        ...     "martyrs": {"frame": "martyrdom", "terms": ["شهداء"]}}}}})
        >>> lex.to_frame()[["concept", "variant", "term"]].values.tolist()
        [['dead', 'martyrs', 'شهداء']]
        """
        return pd.DataFrame(
            [
                (t.concept, t.variant, t.frame, t.text, t.key, t.context.describe() if t.context else "")
                for t in self.terms
            ],
            columns=["concept", "variant", "frame", "term", "key", "context"],
        )

    def _repr_html_(self) -> str:
        from toolkit.display import lexicon_html  # Jupyter display, right-to-left terms

        return lexicon_html(self)

    def __repr__(self) -> str:
        scopes = f", {len(self.scopes)} scopes" if self.scopes else ""
        return (
            f"Lexicon({self.name!r}: {len(self.concepts)} concepts, "
            f"{len(self.variants)} variants, {len(self.terms)} terms{scopes})"
        )


class LexiconError(YamlError):
    """Every mistake found in a lexicon, each with its line.

    ``problems`` lists them as :class:`toolkit.yamlio.YamlError`; the message
    of a lexicon with one mistake is that mistake's message.
    """

    def __init__(self, problems: list[YamlError], *, path: str):
        self.problems = list(problems)
        if len(problems) == 1:
            first = problems[0]
            super().__init__(first.message, path=first.path, line=first.line)
            return
        lines = "\n".join(f"  line {p.line}: {p.message}" if p.line else f"  {p.message}" for p in problems)
        super().__init__(f"{len(problems)} problems\n{lines}", path=path)


def term_key(text: str) -> str:
    """The search key of a term: search-normalized, single spaces.

    Examples
    --------
    >>> term_key("  حركة  المقاومة   الإسلامية ")
    'حركه المقاومه الاسلاميه'
    """
    return " ".join(normalize(text, level="search").split())


class _SkipError(Exception):
    """Abandon the item being read: its mistake is recorded."""


class _Reader:
    """Collects mistakes so that one load reports all of them."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[YamlError] = []

    def fail(self, message: str, line: int | None) -> _SkipError:
        self.problems.append(YamlError(message, path=self.path, line=line))
        return _SkipError()

    def keys(self, obj: Any, allowed: set[str], what: str, line: int | None = None) -> None:
        if not isinstance(obj, Mapping):
            raise self.fail(f"{what} must be a mapping, not {_kind(obj)}", line_of(obj, default=line))
        for k in obj:
            if not isinstance(k, str):
                raise self.fail(
                    f"key {k!r} in {what} is a {_kind(k)}; keys are names (quote it if it is text)",
                    line_of(obj, k, line_of(obj, default=line)),
                )
        unknown = [k for k in obj if k not in allowed]
        if unknown:
            raise self.fail(
                f"unknown key {unknown[0]!r} in {what}; allowed: {sorted(allowed)}",
                line_of(obj, unknown[0], line_of(obj, default=line)),
            )

    def text(self, value: Any, what: str, line: int | None) -> str:
        if not isinstance(value, str) or not value.strip():
            got = "" if isinstance(value, str) or value is None else f", not {_kind(value)} {value!r}"
            raise self.fail(f"{what} must be a non-empty string{got}", line)
        return value.strip()

    def flag(self, obj: Mapping, key: str, default: bool) -> bool:
        value = obj.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"option {key!r} must be true or false, not {value!r}", line_of(obj, key))
        return value


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, Mapping):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return type(value).__name__


def _parse(data: Any, path: str) -> Lexicon:
    reader = _Reader(path)
    try:
        lexicon = _parse_all(data, reader)
    except _SkipError:
        lexicon = None
    if reader.problems or lexicon is None:
        raise LexiconError(reader.problems, path=path)
    return lexicon


def _attempt(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except _SkipError:
        return None


def _parse_all(data: Any, reader: _Reader) -> Lexicon | None:
    path = reader.path
    reader.keys(data, _TOP_KEYS, "the lexicon", 1)
    name = _attempt(reader.text, data.get("name"), "'name'", line_of(data, "name", 1))
    options = data.get("options") or {}
    min_stem = DEFAULT_MIN_STEM
    try:
        reader.keys(options, _OPTION_KEYS, "options", line_of(data, "options"))
        min_stem = options.get("min_stem", DEFAULT_MIN_STEM)
        if not isinstance(min_stem, int) or isinstance(min_stem, bool) or min_stem < 1:
            raise reader.fail("option 'min_stem' must be a positive integer", line_of(options, "min_stem"))
    except _SkipError:
        min_stem = DEFAULT_MIN_STEM
    scopes = _attempt(_scopes, data.get("scopes"), reader, line_of(data, "scopes")) or {}
    concepts_raw = data.get("concepts")
    if not isinstance(concepts_raw, Mapping) or not concepts_raw:
        raise reader.fail("'concepts' must be a non-empty mapping", line_of(data, "concepts", 1))
    terms: list[Term] = []
    variants: list[tuple[str, str, str, str, str, str]] = []
    concept_rows: list[tuple[str, str, str, str]] = []
    concepts: dict[str, str] = {}
    seen: dict[str, tuple[str, str, int | None]] = {}
    scope_names = list(scopes)
    declared = data.get("scopes") if isinstance(data.get("scopes"), Mapping) else {}
    for concept, craw in concepts_raw.items():
        cline = line_of(concepts_raw, concept, line_of(concepts_raw))
        try:
            if not isinstance(concept, str):
                raise reader.fail(f"concept name {concept!r} must be text, not {_kind(concept)}", cline)
            if craw is None:
                raise reader.fail(f"concept {concept!r} is empty: it needs 'variants'", cline)
            reader.keys(craw, _CONCEPT_KEYS, f"concept {concept!r}", cline)
        except _SkipError:
            continue
        concepts[concept] = str(craw.get("description") or "")
        concept_rows.append(
            (
                concept,
                _attempt(_label, reader, craw, "label", concept) or concept,
                _attempt(_label, reader, craw, "label_en", concept) or concept,
                concepts[concept],
            )
        )
        concept_context = _attempt(_context, craw, reader, scope_names, declared)
        vraw_all = craw.get("variants")
        if not isinstance(vraw_all, Mapping) or not vraw_all:
            reader.fail(
                f"concept {concept!r} needs a non-empty 'variants' mapping", line_of(craw, default=cline)
            )
            continue
        for variant, vraw in vraw_all.items():
            vline = line_of(vraw_all, variant, line_of(vraw_all))
            where = f"variant {concept}.{variant}"
            try:
                if not isinstance(variant, str):
                    raise reader.fail(f"variant name {variant!r} must be text, not {_kind(variant)}", vline)
                if vraw is None:
                    raise reader.fail(f"{where} is empty: it needs 'frame' and 'terms'", vline)
                reader.keys(vraw, _VARIANT_KEYS, where, vline)
                frame = reader.text(vraw.get("frame"), f"'frame' of {where}", line_of(vraw, "frame", vline))
                term_list = vraw.get("terms")
                if not isinstance(term_list, list) or not term_list:
                    raise reader.fail(
                        f"{where} needs a non-empty 'terms' list", line_of(vraw, "terms", vline)
                    )
            except _SkipError:
                continue
            variant_context = _attempt(_context, vraw, reader, scope_names, declared)
            inherited = variant_context if "context" in vraw else concept_context
            lines = getattr(term_list, "item_lines", [line_of(vraw, "terms", vline)] * len(term_list))
            first = None
            for item, item_line in zip(term_list, lines, strict=True):
                term = _attempt(
                    _term, item, concept, variant, frame, reader, item_line, scope_names, declared, inherited
                )
                if term is None:
                    continue
                if term.key in seen:
                    other = seen[term.key]
                    reader.fail(
                        f"term {term.text!r} is listed twice (also in {other[0]}.{other[1]}, "
                        f"line {other[2]}): a term belongs to one variant",
                        item_line,
                    )
                    continue
                seen[term.key] = (concept, variant, item_line)
                terms.append(term)
                first = first or term.text
            variants.append(
                (
                    concept,
                    variant,
                    frame,
                    str(vraw.get("description") or ""),
                    _attempt(_label, reader, vraw, "label", first or variant) or first or variant,
                    _attempt(_label, reader, vraw, "label_en", variant) or variant,
                )
            )
    if reader.problems or name is None:
        return None
    digest = hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    return Lexicon(
        name=name,
        terms=tuple(terms),
        concepts=concepts,
        variants=pd.DataFrame(
            variants, columns=["concept", "variant", "frame", "description", "label", "label_en"]
        ),
        concept_labels=pd.DataFrame(concept_rows, columns=["concept", "label", "label_en", "description"]),
        min_stem=min_stem,
        sha256=digest,
        source=path,
        scopes=scopes,
    )


def _scopes(raw: Any, reader: _Reader, line: int | None) -> dict[str, Scope]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping) or not raw:
        raise reader.fail("'scopes' must be a non-empty mapping of scope names to anchor terms", line)
    scopes: dict[str, Scope] = {}
    for name, sraw in raw.items():
        sline = line_of(raw, name, line_of(raw))
        try:
            if not isinstance(name, str) or not name.strip():
                raise reader.fail(f"scope name {name!r} must be text, not {_kind(name)}", sline)
            if isinstance(sraw, list):
                description, term_list = "", sraw
            else:
                reader.keys(sraw, _SCOPE_KEYS, f"scope {name!r}", sline)
                description = str(sraw.get("description") or "")
                term_list = sraw.get("terms")
            if not isinstance(term_list, list) or not term_list:
                raise reader.fail(
                    f"scope {name!r} needs a non-empty list of anchor terms", line_of(sraw, "terms", sline)
                )
        except _SkipError:
            continue
        lines = getattr(term_list, "item_lines", [sline] * len(term_list))
        anchors: list[Term] = []
        seen: dict[str, int | None] = {}
        for item, item_line in zip(term_list, lines, strict=True):
            term = _attempt(_term, item, name, "", "", reader, item_line, [], {}, None, anchor=True)
            if term is None:
                continue
            if term.key in seen:
                reader.fail(
                    f"anchor {term.text!r} is listed twice in scope {name!r} (also line {seen[term.key]})",
                    item_line,
                )
                continue
            seen[term.key] = item_line
            anchors.append(term)
        scopes[name] = Scope(name, description, tuple(anchors))
    return scopes


def _context(obj: Mapping, reader: _Reader, scope_names: list[str], declared: Mapping) -> Context | None:
    """The ``context`` of a concept, variant or term (None: none needed)."""
    if "context" not in obj:
        return None
    value = obj["context"]
    line = line_of(obj, "context", line_of(obj))
    if value is None or value is False or value == "none":
        return None
    unless = None
    if isinstance(value, Mapping):
        reader.keys(value, {"scope", "within", "unless"}, "context", line)
        scope = value.get("scope")
        within = value.get("within", "sentence")
        if "unless" in value:
            raw = value["unless"]
            unless_line = line_of(value, "unless", line)
            if not isinstance(raw, Mapping) or "scope" not in raw:
                raise reader.fail(
                    "context 'unless' must be a mapping {scope: NAME, within: WINDOW} "
                    "naming the scope whose anchors block the hit",
                    unless_line,
                )
            reader.keys(raw, {"scope", "within"}, "context 'unless'", unless_line)
            unless = _requirement(raw["scope"], raw.get("within", "sentence"), reader, declared, unless_line)
    else:
        scope, within = None, value
    if scope is None:
        if len(declared) != 1:
            raise reader.fail(
                "context needs 'scope: NAME' "
                + (
                    "(the lexicon declares no scopes)"
                    if not declared
                    else f"(the lexicon has several: {sorted(map(str, declared))})"
                ),
                line,
            )
        scope = next(iter(declared))
    context = _requirement(scope, within, reader, declared, line)
    if unless is not None:
        overlap = set(context.scopes) & set(unless.scopes)
        if overlap:
            raise reader.fail(
                f"context: scope {sorted(overlap)[0]!r} both licenses and blocks the hit ('unless')", line
            )
        context = Context(context.scopes, context.within, context.words, unless)
    return context


def _requirement(scope: Any, within: Any, reader: _Reader, declared: Mapping, line: int | None) -> Context:
    """A scope (or list of scopes) and a window, checked against the declared scopes."""
    names = scope if isinstance(scope, list) else [scope]
    for name in names:
        if not isinstance(name, str) or name not in declared:
            known = sorted(map(str, declared)) if declared else "none declared"
            raise reader.fail(f"unknown scope {name!r} in context; scopes: {known}", line)
    if isinstance(within, bool) or not (within in _WINDOWS or (isinstance(within, int) and within >= 0)):
        raise reader.fail(
            f"context 'within' must be one of {list(_WINDOWS)} or a number of words, not {within!r}", line
        )
    if isinstance(within, int):
        return Context(tuple(names), "words", within)
    return Context(tuple(names), within)


def _label(reader: _Reader, obj: Mapping, key: str, default: str) -> str:
    if key not in obj:
        return default
    return reader.text(obj[key], f"{key!r}", line_of(obj, key))


def _term(
    item: Any,
    concept: str,
    variant: str,
    frame: str,
    reader: _Reader,
    line: int | None,
    scope_names: list[str],
    declared: Mapping,
    inherited: Context | None,
    *,
    anchor: bool = False,
) -> Term:
    what = f"an anchor of scope {concept!r}" if anchor else f"a term of {concept}.{variant}"
    if isinstance(item, str):
        text = reader.text(item, "a term", line)
        options: Mapping = {}
    elif isinstance(item, Mapping):
        allowed = _TERM_KEYS - {"context"} if anchor else _TERM_KEYS
        reader.keys(item, allowed, what, line)
        text = reader.text(item.get("term"), "'term'", line_of(item, "term", line))
        options = item
    elif item is None:
        raise reader.fail(f"{what} is empty (null): write the term, or remove the item", line)
    else:
        raise reader.fail(
            f"{what} must be a string or a mapping with 'term', not {_kind(item)} {item!r}"
            + (" (quote it)" if isinstance(item, (int, float, bool)) else ""),
            line,
        )
    key = term_key(text)
    if not key:
        raise reader.fail(f"term {text!r} is empty after normalization", line)
    exceptions = options.get("exceptions", [])
    if not isinstance(exceptions, list) or not all(isinstance(e, str) and e.strip() for e in exceptions):
        raise reader.fail(
            "'exceptions' must be a list of non-empty strings", line_of(options, "exceptions", line)
        )
    for exception in exceptions:
        if key not in term_key(exception):
            raise reader.fail(
                f"exception {exception!r} does not contain the term {text!r}",
                line_of(options, "exceptions", line),
            )
    context = _context(options, reader, scope_names, declared) if "context" in options else inherited
    return Term(
        text=text,
        key=key,
        concept=concept,
        variant=variant,
        frame=frame,
        article=reader.flag(options, "article", True),
        proclitics=reader.flag(options, "proclitics", True),
        enclitics=reader.flag(options, "enclitics", False),
        exceptions=tuple(e.strip() for e in exceptions),
        context=context,
        min_stem=_min_stem(reader, options),
        forms=_forms(reader, options, key, text, line),
        fold_ya=reader.flag(options, "fold_ya", True),
        skip_proclitics=_strings(reader, options, "skip_proclitics", line),
    )


def _strings(reader: _Reader, options: Mapping, key: str, line: int | None) -> tuple[str, ...]:
    value = options.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise reader.fail(f"{key!r} must be a list of non-empty strings", line_of(options, key, line))
    return tuple(term_key(v) for v in value)


def _forms(reader: _Reader, options: Mapping, key: str, text: str, line: int | None) -> tuple[str, ...]:
    forms = _strings(reader, options, "forms", line)
    where = line_of(options, "forms", line)
    unknown = [f for f in forms if f not in FORM_CLASSES]
    if unknown:
        raise reader.fail(f"unknown form {unknown[0]!r}; forms: {list(FORM_CLASSES)}", where)
    if forms and " " in key:
        raise reader.fail(f"'forms' apply to one-word terms, not {text!r}: list the phrase's forms", where)
    if "construct" in forms and not key.endswith(("ون", "ين")):
        raise reader.fail(f"'construct' needs a sound plural ending in ون or ين, not {text!r}", where)
    return forms


def _min_stem(reader: _Reader, options: Mapping) -> int | None:
    if "min_stem" not in options:
        return None
    value = options["min_stem"]
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise reader.fail("option 'min_stem' must be a positive integer", line_of(options, "min_stem"))
    return value


def load_lexicon(source: str | Path | Mapping[str, Any] | Lexicon | None = None) -> Lexicon:
    """Read and validate a lexicon.

    Parameters
    ----------
    source : path, mapping, Lexicon or None
        A YAML file, an equivalent dict, an already loaded lexicon, or None
        for the bundled default (``toolkit/data/lexicons/israel_gaza.yml``).

    Returns
    -------
    Lexicon

    Raises
    ------
    LexiconError
        A :class:`toolkit.yamlio.YamlError` listing every mistake at once,
        each with the file and line: unknown key, empty or non-text term, a
        term listed in two variants, a bad option, an unknown scope, a bad
        ``context``. ``err.problems`` has them one by one.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> lex.name
    'israel-gaza'
    >>> load_lexicon({"name": "x", "concepts": {"c": {"variants": {"v": {"frame": "f", "terms": [""]}}}}})
    Traceback (most recent call last):
    ...
    toolkit.lexicon.model.LexiconError: <mapping>: a term must be a non-empty string
    """
    if isinstance(source, Lexicon):
        return source
    if source is None:
        ref = resources.files("toolkit") / "data" / "lexicons" / "israel_gaza.yml"
        with resources.as_file(ref) as p:
            return _parse(_read(p.read_text(encoding="utf-8"), p), str(p))
    if isinstance(source, Mapping):
        return _parse(source, "<mapping>")
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise YamlError(f"cannot read lexicon: {err}", path=path) from None
    return _parse(_read(text, path), str(path))


def _read(text: str, path: str | Path) -> Any:
    """Parse YAML; a list or mapping used as a key is a YamlError with its line."""
    try:
        return parse_yaml(text, path=path)
    except TypeError:
        # ``? [a, b]: x`` makes an unhashable key; say where, not TypeError.
        raise YamlError(
            "a key is a list or a mapping; keys must be names (quote a key that is text)",
            path=path,
            line=_complex_key_line(text),
        ) from None


def _complex_key_line(text: str) -> int | None:
    import yaml

    try:
        stack = [yaml.compose(text, Loader=yaml.SafeLoader)]
    except yaml.YAMLError:
        return None
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, (yaml.MappingNode, yaml.SequenceNode)):
                    return key.start_mark.line + 1
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return None


def validate_lexicon(source: str | Path | Mapping[str, Any] | None = None) -> list[YamlError]:
    """Every mistake in a lexicon, without raising.

    Parameters
    ----------
    source : path, mapping or None
        As for :func:`load_lexicon`.

    Returns
    -------
    list of toolkit.yamlio.YamlError
        Empty when the lexicon loads; else one error per mistake, each with
        ``path``, ``line`` and ``message``.

    Examples
    --------
    >>> bad = {"name": "x", "concepts": {"c": {"variants": {
    ...     "v": {"frame": "f", "terms": [7, "شهداء"]}, "w": {"terms": ["قتلى"]}}}}}
    >>> [p.message for p in validate_lexicon(bad)]  # doctest: +NORMALIZE_WHITESPACE
    ["a term of c.v must be a string or a mapping with 'term', not number 7 (quote it)",
     "'frame' of variant c.w must be a non-empty string"]
    """
    try:
        load_lexicon(source)
    except LexiconError as err:
        return list(err.problems)
    except YamlError as err:
        return [err]
    return []

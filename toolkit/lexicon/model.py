"""Lexicons of competing labels: YAML files validated with line numbers.

Shape::

    name: israel-gaza
    options: {min_stem: 4}
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

Lexicon options: ``min_stem`` (default 4): a one-word term shorter than
this takes a single-letter proclitic only together with the article, so that
«ليد» never matches inside «وليد». Multi-word terms are anchored by their
other words and take proclitics whatever their length («لجيش الاحتلال»).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.arabic.normalize import normalize
from toolkit.yamlio import YamlError, line_of, parse_yaml

_TOP_KEYS = {"name", "description", "options", "concepts"}
_CONCEPT_KEYS = {"description", "label", "label_en", "variants"}
_VARIANT_KEYS = {"frame", "description", "label", "label_en", "terms"}
_TERM_KEYS = {"term", "article", "proclitics", "enclitics", "exceptions"}
_OPTION_KEYS = {"min_stem"}
DEFAULT_MIN_STEM = 4


@dataclass(frozen=True)
class Term:
    """One term of a variant, with its matching options."""

    text: str
    key: str
    concept: str
    variant: str
    frame: str
    article: bool = True
    proclitics: bool = True
    enclitics: bool = False
    exceptions: tuple[str, ...] = ()


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
    """

    name: str
    terms: tuple[Term, ...]
    concepts: Mapping[str, str]
    variants: pd.DataFrame
    concept_labels: pd.DataFrame | None = None
    min_stem: int = DEFAULT_MIN_STEM
    sha256: str = ""
    source: str = "<mapping>"

    def to_frame(self) -> pd.DataFrame:
        """One row per term: ``concept``, ``variant``, ``frame``, ``term``.

        Examples
        --------
        >>> lex = load_lexicon({"name": "x", "concepts": {"dead": {"variants": {
        ...     "martyrs": {"frame": "martyrdom", "terms": ["شهداء"]}}}}})
        >>> lex.to_frame()[["concept", "variant", "term"]].values.tolist()
        [['dead', 'martyrs', 'شهداء']]
        """
        return pd.DataFrame(
            [(t.concept, t.variant, t.frame, t.text, t.key) for t in self.terms],
            columns=["concept", "variant", "frame", "term", "key"],
        )

    def _repr_html_(self) -> str:
        from toolkit.display import lexicon_html  # Jupyter display, right-to-left terms

        return lexicon_html(self)

    def __repr__(self) -> str:
        return (
            f"Lexicon({self.name!r}: {len(self.concepts)} concepts, "
            f"{len(self.variants)} variants, {len(self.terms)} terms)"
        )


def term_key(text: str) -> str:
    """The search key of a term: search-normalized, single spaces.

    Examples
    --------
    >>> term_key("  حركة  المقاومة   الإسلامية ")
    'حركه المقاومه الاسلاميه'
    """
    return " ".join(normalize(text, level="search").split())


def _fail(message: str, path: str, line: int | None) -> YamlError:
    return YamlError(message, path=path, line=line)


def _check_keys(obj: Any, allowed: set[str], what: str, path: str) -> None:
    if not isinstance(obj, Mapping):
        raise _fail(f"{what} must be a mapping", path, line_of(obj))
    unknown = [k for k in obj if k not in allowed]
    if unknown:
        raise _fail(
            f"unknown key {unknown[0]!r} in {what}; allowed: {sorted(allowed)}",
            path,
            line_of(obj, unknown[0]),
        )


def _text(value: Any, what: str, path: str, line: int | None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"{what} must be a non-empty string", path, line)
    return value.strip()


def _bool(obj: Mapping, key: str, default: bool, path: str) -> bool:
    value = obj.get(key, default)
    if not isinstance(value, bool):
        raise _fail(f"option {key!r} must be true or false, not {value!r}", path, line_of(obj, key))
    return value


def _parse(data: Any, path: str) -> Lexicon:
    _check_keys(data, _TOP_KEYS, "the lexicon", path)
    name = _text(data.get("name"), "'name'", path, line_of(data, "name", 1))
    options = data.get("options") or {}
    _check_keys(options, _OPTION_KEYS, "options", path)
    min_stem = options.get("min_stem", DEFAULT_MIN_STEM)
    if not isinstance(min_stem, int) or isinstance(min_stem, bool) or min_stem < 1:
        raise _fail("option 'min_stem' must be a positive integer", path, line_of(options, "min_stem"))
    concepts_raw = data.get("concepts")
    if not isinstance(concepts_raw, Mapping) or not concepts_raw:
        raise _fail("'concepts' must be a non-empty mapping", path, line_of(data, "concepts", 1))
    terms: list[Term] = []
    variants: list[tuple[str, str, str, str, str, str]] = []
    concept_rows: list[tuple[str, str, str, str]] = []
    concepts: dict[str, str] = {}
    seen: dict[str, tuple[str, str, int | None]] = {}
    for concept, craw in concepts_raw.items():
        _check_keys(craw, _CONCEPT_KEYS, f"concept {concept!r}", path)
        concepts[concept] = str(craw.get("description") or "")
        concept_rows.append(
            (
                concept,
                _label(craw, "label", concept, path),
                _label(craw, "label_en", concept, path),
                concepts[concept],
            )
        )
        vraw_all = craw.get("variants")
        if not isinstance(vraw_all, Mapping) or not vraw_all:
            raise _fail(f"concept {concept!r} needs a non-empty 'variants' mapping", path, line_of(craw))
        for variant, vraw in vraw_all.items():
            where = f"variant {concept}.{variant}"
            _check_keys(vraw, _VARIANT_KEYS, where, path)
            frame = _text(
                vraw.get("frame"), f"'frame' of {where}", path, line_of(vraw, "frame", line_of(vraw))
            )
            term_list = vraw.get("terms")
            if not isinstance(term_list, list) or not term_list:
                raise _fail(
                    f"{where} needs a non-empty 'terms' list", path, line_of(vraw, "terms", line_of(vraw))
                )
            lines = getattr(term_list, "item_lines", [None] * len(term_list))
            for item, item_line in zip(term_list, lines, strict=True):
                term = _term(item, concept, variant, frame, path, item_line)
                if term.key in seen:
                    other = seen[term.key]
                    raise _fail(
                        f"term {term.text!r} is listed twice (also in {other[0]}.{other[1]}, "
                        f"line {other[2]}): a term belongs to one variant",
                        path,
                        item_line,
                    )
                seen[term.key] = (concept, variant, item_line)
                terms.append(term)
            first = next(t.text for t in terms if t.concept == concept and t.variant == variant)
            variants.append(
                (
                    concept,
                    variant,
                    frame,
                    str(vraw.get("description") or ""),
                    _label(vraw, "label", first, path),
                    _label(vraw, "label_en", variant, path),
                )
            )
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
    )


def _label(obj: Mapping, key: str, default: str, path: str) -> str:
    if key not in obj:
        return default
    return _text(obj[key], f"{key!r}", path, line_of(obj, key))


def _term(item: Any, concept: str, variant: str, frame: str, path: str, line: int | None) -> Term:
    if isinstance(item, str):
        text = _text(item, "a term", path, line)
        options: Mapping = {}
    else:
        _check_keys(item, _TERM_KEYS, f"a term of {concept}.{variant}", path)
        text = _text(item.get("term"), "'term'", path, line_of(item, "term", line))
        options = item
    key = term_key(text)
    if not key:
        raise _fail(f"term {text!r} is empty after normalization", path, line)
    exceptions = options.get("exceptions", [])
    if not isinstance(exceptions, list) or not all(isinstance(e, str) and e.strip() for e in exceptions):
        raise _fail(
            "'exceptions' must be a list of non-empty strings", path, line_of(options, "exceptions", line)
        )
    for exception in exceptions:
        if key not in term_key(exception):
            raise _fail(
                f"exception {exception!r} does not contain the term {text!r}",
                path,
                line_of(options, "exceptions", line),
            )
    return Term(
        text=text,
        key=key,
        concept=concept,
        variant=variant,
        frame=frame,
        article=_bool(options, "article", True, path),
        proclitics=_bool(options, "proclitics", True, path),
        enclitics=_bool(options, "enclitics", False, path),
        exceptions=tuple(e.strip() for e in exceptions),
    )


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
    toolkit.yamlio.YamlError
        For every mistake, naming the file, the line and the problem: unknown
        key, empty term, a term listed in two variants, a bad option.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> lex.name
    'israel-gaza'
    >>> load_lexicon({"name": "x", "concepts": {"c": {"variants": {"v": {"frame": "f", "terms": [""]}}}}})
    Traceback (most recent call last):
    ...
    toolkit.yamlio.YamlError: <mapping>: a term must be a non-empty string
    """
    if isinstance(source, Lexicon):
        return source
    if source is None:
        ref = resources.files("toolkit") / "data" / "lexicons" / "israel_gaza.yml"
        with resources.as_file(ref) as p:
            return _parse(parse_yaml(p.read_text(encoding="utf-8"), path=p), str(p))
    if isinstance(source, Mapping):
        return _parse(source, "<mapping>")
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise YamlError(f"cannot read lexicon: {err}", path=path) from None
    return _parse(parse_yaml(text, path=path), str(path))

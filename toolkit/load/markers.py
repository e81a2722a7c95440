"""The marker rules (``toolkit/data/markers.yml``) as validated objects."""

from __future__ import annotations

import re
import re._parser as _sre  # the stdlib's own pattern parser, to vet user patterns
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as _field
from importlib import resources
from pathlib import Path
from typing import Any

from toolkit.arabic.normalize import normalize
from toolkit.schema import SEGMENT_KINDS
from toolkit.yamlio import YamlError, line_of, read_yaml

PHASES = ("head", "body", "tail", "related_head")
EFFECTS = ("none", "ends_body", "starts_related", "starts_list", "starts_links")
FIELDS = ("outlet", "source", "site", "published", "crawled", "tags", "title")
_KEYS = {
    "name",
    "kind",
    "pattern",
    "phases",
    "effect",
    "field",
    "groups",
    "fields",
    "repeat",
    "requires_next",
    "outlets",
}


def normalize_pattern(pattern: str) -> str:
    """Search-normalize the Arabic letters of a regular expression.

    Only non-ASCII characters are touched, so escapes such as ``\\S`` keep
    their meaning.

    Examples
    --------
    >>> normalize_pattern(r"^إقرأ أيضاً\\s*:?$")
    '^اقرا ايضا\\\\s*:?$'
    """
    return "".join(ch if ord(ch) < 128 else normalize(ch, level="search") for ch in pattern)


@dataclass(frozen=True)
class Rule:
    """One marker rule; see the comment at the top of ``markers.yml``."""

    name: str
    kind: str
    pattern: re.Pattern[str]
    phases: frozenset[str] = frozenset(PHASES)
    effect: str = "none"
    field: str | None = None
    groups: Mapping[str, str] = _field(default_factory=dict)
    fields: Mapping[str, str] = _field(default_factory=dict)
    repeat: bool = False
    requires_next: str | None = None
    outlets: frozenset[str] | None = None


#: A repetition allowed more than this many times counts as unbounded when
#: vetting patterns: ``{0,4}`` around a ``+`` is fine, ``+`` around one is not.
NESTED_BOUND = 10
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT)


def vet_pattern(pattern: str) -> str | None:
    """Why a marker pattern could take exponential time, or None.

    Markers are matched against every line of every page, so a pattern
    that backtracks catastrophically (``^(\\w+\\s?)+$!`` on a long line)
    would hang the loader. Refused: a variable repetition inside an
    unbounded one (nested quantifiers), and backreferences (which the
    loader's combined prefilter cannot carry). Atomic groups and possessive
    quantifiers (``(?>...)``, ``++``) do not backtrack and are allowed.

    Parameters
    ----------
    pattern : str
        A regular expression that compiles.

    Returns
    -------
    str or None
        The problem, in words.

    Examples
    --------
    >>> vet_pattern(r"^(\\w+\\s?)+$!").split(" (")[0]
    'nested repetition'
    >>> vet_pattern(r"^المصدر\\s*:\\s*") is None
    True
    """
    return _vet(list(_sre.parse(pattern)), inside=False)


def _vet(items: list[Any], *, inside: bool) -> str | None:
    for op, av in items:
        found = None
        if op in _REPEATS:
            low, high, sub = av
            if inside and high > 1 and high != low:
                return (
                    "nested repetition (a quantified part inside an unbounded repetition) can take "
                    "exponential time; write it without nesting or with a possessive quantifier such as ++"
                )
            found = _vet(list(sub), inside=inside or high > NESTED_BOUND)
        elif op in (_sre.GROUPREF, _sre.GROUPREF_EXISTS):
            return "backreferences (\\1, (?P=name)) are not supported in marker patterns"
        elif op == _sre.SUBPATTERN:
            found = _vet(list(av[3]), inside=inside)
        elif op == _sre.BRANCH:
            for branch in av[1]:
                found = found or _vet(list(branch), inside=inside)
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            found = _vet(list(av[1]), inside=inside)
        elif op in (_sre.ATOMIC_GROUP, _sre.POSSESSIVE_REPEAT):
            continue  # no backtracking into these
        if found:
            return found
    return None


def _rule(raw: Any, *, path: str, index: int) -> Rule:
    line = line_of(raw)
    if not isinstance(raw, Mapping):
        raise YamlError(f"rule {index} must be a mapping", path=path, line=line)
    unknown = set(raw) - _KEYS
    if unknown:
        raise YamlError(f"unknown key(s) {sorted(unknown)}; allowed: {sorted(_KEYS)}", path=path, line=line)
    for key in ("name", "kind", "pattern"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise YamlError(f"rule needs a non-empty '{key}'", path=path, line=line)

    def check(value: str, allowed: tuple[str, ...] | dict[str, str], what: str, key: str) -> None:
        if value not in allowed:
            raise YamlError(
                f"{what} {value!r} is not one of {sorted(allowed)}",
                path=path,
                line=line_of(raw, key, line),
            )

    def expect(key: str, ok: bool, what: str) -> None:
        if not ok:
            shown = type(raw[key]).__name__
            raise YamlError(f"'{key}' must be {what}, not {shown}", path=path, line=line_of(raw, key, line))

    def text_list(key: str) -> None:
        value = raw[key]
        expect(key, isinstance(value, list) and all(isinstance(v, str) for v in value), "a list of text")

    def text_map(key: str) -> None:
        value = raw[key]
        ok = isinstance(value, Mapping) and all(isinstance(v, str) for v in value.values())
        expect(key, ok, "a mapping of group name to text")

    check(raw["kind"], SEGMENT_KINDS, "kind", "kind")
    if raw.get("phases") is not None:
        text_list("phases")
    phases = raw.get("phases") or list(PHASES)
    for phase in phases:
        check(phase, PHASES, "phase", "phases")
    for key in ("effect", "field", "requires_next"):
        if raw.get(key) is not None:
            expect(key, isinstance(raw[key], str), "text")
    if raw.get("repeat") is not None:
        expect("repeat", isinstance(raw["repeat"], bool), "true or false")
    for key in ("groups", "fields"):
        if raw.get(key) is not None:
            text_map(key)
    if raw.get("outlets") is not None:
        text_list("outlets")
    effect = raw.get("effect", "none")
    check(effect, EFFECTS, "effect", "effect")
    if raw.get("field") is not None:
        check(raw["field"], FIELDS, "field", "field")
    for group_kind in dict(raw.get("groups") or {}).values():
        check(group_kind, SEGMENT_KINDS, "kind", "groups")
    for group_field in dict(raw.get("fields") or {}).values():
        check(group_field, FIELDS, "field", "fields")
    pattern_line = line_of(raw, "pattern", line)
    source = normalize_pattern(raw["pattern"])
    try:
        pattern = re.compile(source, re.IGNORECASE)
        # Rules are also tried together in one prefilter: a pattern must
        # compile as a part of a larger one (no global flags midway).
        re.compile(f"x|(?:{source})", re.IGNORECASE)
    except re.error as err:
        raise YamlError(f"bad pattern: {err}", path=path, line=pattern_line) from None
    except (OverflowError, RecursionError, ValueError) as err:
        raise YamlError(f"bad pattern: {err}", path=path, line=pattern_line) from None
    problem = vet_pattern(source)
    if problem:
        raise YamlError(f"bad pattern: {problem}", path=path, line=pattern_line)
    for key in ("groups", "fields"):
        for group in dict(raw.get(key) or {}):
            if group not in pattern.groupindex:
                raise YamlError(
                    f"{key} names the group {group!r}, which the pattern does not define "
                    f"(its groups: {sorted(pattern.groupindex) or 'none'})",
                    path=path,
                    line=line_of(raw, key, line),
                )
    outlets = raw.get("outlets")
    return Rule(
        name=raw["name"],
        kind=raw["kind"],
        pattern=pattern,
        phases=frozenset(phases),
        effect=effect,
        field=raw.get("field"),
        groups=dict(raw.get("groups") or {}),
        fields=dict(raw.get("fields") or {}),
        repeat=bool(raw.get("repeat", False)),
        requires_next=raw.get("requires_next"),
        outlets=frozenset(normalize(o) for o in outlets) if outlets else None,
    )


def parse_rules(data: Any, *, path: str = "<markers>") -> list[Rule]:
    """Validate parsed marker YAML and compile its rules.

    Parameters
    ----------
    data : object
        The parsed YAML (see :func:`toolkit.yamlio.read_yaml`).
    path : str
        File name for error messages.

    Returns
    -------
    list of Rule
        In file order.

    Raises
    ------
    YamlError
        Naming the file, the line and the problem.
    """
    if not isinstance(data, Mapping) or not isinstance(data.get("rules"), list) or not data["rules"]:
        raise YamlError(
            "a markers file is a mapping with a non-empty list under 'rules'",
            path=path,
            line=line_of(data, default=1),
        )
    rules = [_rule(raw, path=path, index=i) for i, raw in enumerate(data["rules"])]
    names = [r.name for r in rules]
    duplicated = {n for n in names if names.count(n) > 1}
    if duplicated:
        raise YamlError(
            f"duplicate rule name(s) {sorted(duplicated)}", path=path, line=line_of(data, "rules")
        )
    for r, raw in zip(rules, data["rules"], strict=True):
        if r.requires_next is not None and r.requires_next not in names:
            raise YamlError(
                f"requires_next names unknown rule {r.requires_next!r}", path=path, line=line_of(raw)
            )
    return rules


def load_markers(extra: str | Path | None = None) -> list[Rule]:
    """Load the built-in marker rules, optionally extended by a user file.

    Parameters
    ----------
    extra : str or pathlib.Path, optional
        A YAML file of the same shape. Its rules are tried before the
        built-in ones; a rule with a built-in rule's name replaces it.

    Returns
    -------
    list of Rule
        In the order they are tried.

    Examples
    --------
    >>> [r.name for r in load_markers()][:3]
    ['crawl_stamp', 'outlet_stamp', 'published_date']
    """
    builtin_path = resources.files("toolkit") / "data" / "markers.yml"
    with resources.as_file(builtin_path) as p:
        builtin = parse_rules(read_yaml(p), path=str(p))
    if extra is None:
        return builtin
    user = parse_rules(read_yaml(extra), path=str(extra))
    replaced = {r.name for r in user}
    return user + [r for r in builtin if r.name not in replaced]

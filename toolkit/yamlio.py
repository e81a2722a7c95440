"""Read YAML files so that errors can point at the line of the mistake.

Mappings and lists come back as :class:`LineDict` / :class:`LineList`, plain
``dict`` / ``list`` subclasses that remember the line they start on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class LineDict(dict):
    """A dict that knows the (1-based) line where it starts in its file."""

    line: int = 0
    key_lines: dict[Any, int]


class LineList(list):
    """A list that knows the (1-based) line where it starts in its file."""

    line: int = 0
    item_lines: list[int]


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise YamlError(f"duplicate key {key!r}", line=key_node.start_mark.line + 1)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


class YamlError(ValueError):
    """A problem in a YAML file, with the file and line it is on.

    Examples
    --------
    >>> str(YamlError("empty term", path="lex.yml", line=7))
    'lex.yml, line 7: empty term'
    """

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        where = ", ".join(part for part in (self.path, f"line {line}" if line else None) if part)
        super().__init__(f"{where}: {message}" if where else message)


def read_yaml(path: str | Path) -> Any:
    """Parse a YAML file with line numbers attached to mappings and lists.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.

    Returns
    -------
    object
        The parsed document (LineDict / LineList inside).

    Raises
    ------
    YamlError
        For syntax errors and duplicate keys, with file and line.
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    return parse_yaml(text, path=path)


def parse_yaml(text: str, *, path: str | Path | None = None) -> Any:
    """Parse YAML text (see :func:`read_yaml`).

    Parameters
    ----------
    text : str
        YAML source.
    path : str or pathlib.Path, optional
        File name for error messages.

    Returns
    -------
    object
        The parsed document.

    Examples
    --------
    >>> data = parse_yaml("a:\\n  b: 1\\n")
    >>> data["a"].line
    2
    """
    try:
        return yaml.load(text, Loader=_Loader)
    except YamlError as err:
        raise YamlError(err.message, path=path, line=err.line) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlError(f"invalid YAML: {err.problem}", path=path, line=line) from None


def line_of(obj: Any, key: Any = None, default: int | None = None) -> int | None:
    """Line of a parsed mapping (or of one of its keys), when known."""
    if key is not None and isinstance(obj, LineDict) and key in obj.key_lines:
        return obj.key_lines[key]
    return getattr(obj, "line", default) or default

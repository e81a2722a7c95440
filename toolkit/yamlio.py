"""Read YAML files so that errors can point at the line of the mistake.

Mappings and lists come back as :class:`LineDict` / :class:`LineList`, plain
``dict`` / ``list`` subclasses that remember the line they start on.

Hostile files give a :class:`YamlError` naming the file and line, never a
raw exception: keys must be text (a list or a number as a key is refused,
so is ``yes:`` read as a boolean), aliases may not expand the document
beyond :data:`MAX_NODES` nodes (the "billion laughs"), nesting deeper than
Python's recursion limit is refused, and a file that is missing or not
UTF-8 says so.
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


#: Most nodes a document may hold once its aliases are expanded. Real
#: lexicons and marker files hold a few thousand; ten aliases of ten
#: aliases nine levels deep would be a billion.
MAX_NODES = 1_000_000


class _Loader(yaml.SafeLoader):
    def construct_document(self, node: yaml.Node) -> Any:
        _check_expansion(node)
        return super().construct_document(node)


def _check_expansion(root: yaml.Node) -> None:
    """Count the nodes the document would have with every alias expanded.

    The composer returns an alias as the very node it names, so a shared
    node is counted once per reference; sizes are memoized per node, which
    keeps the count itself linear in the file. A node that contains itself
    is refused too.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            children = _children(node)
            size = 1 + sum(sizes[id(c)] for c in children)
            if size > MAX_NODES:
                raise YamlError(
                    f"aliases expand this document beyond {MAX_NODES:,} nodes (a 'billion laughs' file?)",
                    line=node.start_mark.line + 1,
                )
            sizes[key] = size
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise YamlError("an alias refers to a node that contains it", line=node.start_mark.line + 1)
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            hint = (
                " (unquoted yes/no/on/off are booleans in YAML: quote the key)"
                if isinstance(key, bool)
                else ""
            )
            raise YamlError(
                f"a key must be text, found {type(key).__name__} {key!r}{hint}",
                line=key_node.start_mark.line + 1,
            )
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
        For a missing or non-UTF-8 file, syntax errors, duplicate or
        non-text keys and runaway aliases, with file and line.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise YamlError("no such file", path=path) from None
    except OSError as err:
        raise YamlError(f"cannot read the file: {err.strerror or err}", path=path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise YamlError(
            f"not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}): save the file as UTF-8",
            path=path,
            line=line,
        ) from None
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
    except yaml.YAMLError as err:  # e.g. a control character in the text
        raise YamlError(f"invalid YAML: {err}", path=path) from None
    except RecursionError:
        raise YamlError("nested too deeply to read", path=path) from None


def line_of(obj: Any, key: Any = None, default: int | None = None) -> int | None:
    """Line of a parsed mapping (or of one of its keys), when known."""
    if key is not None and isinstance(obj, LineDict) and key in obj.key_lines:
        return obj.key_lines[key]
    return getattr(obj, "line", default) or default

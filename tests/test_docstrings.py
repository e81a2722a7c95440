"""Public functions carry numpydoc docstrings; their examples run as doctests
(``--doctest-modules`` in pyproject.toml)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import toolkit

PUBLIC_MODULES = sorted(
    m.name for m in pkgutil.walk_packages(toolkit.__path__, prefix="toolkit.") if m.name != "toolkit.__main__"
)


def _public_functions():
    for name in PUBLIC_MODULES:
        module = importlib.import_module(name)
        for attr, obj in vars(module).items():
            if attr.startswith("_") or getattr(obj, "__module__", None) != name:
                continue
            if inspect.isfunction(obj) or inspect.isclass(obj):
                yield f"{name}.{attr}", obj


@pytest.mark.parametrize(
    ("name", "obj"), list(_public_functions()), ids=lambda x: x if isinstance(x, str) else ""
)
def test_public_api_is_documented(name, obj):
    doc = inspect.getdoc(obj)
    assert doc, f"{name} has no docstring"
    params = (
        [p for p in inspect.signature(obj).parameters if p not in ("self", "cls")]
        if inspect.isfunction(obj)
        else []
    )
    if len(params) >= 2 and len(doc.splitlines()) > 3:
        assert "Parameters\n----------" in doc, f"{name}: numpydoc 'Parameters' section missing"


def test_top_level_api_has_examples():
    for name in ("load_corpus",):
        assert "Examples\n--------" in inspect.getdoc(getattr(toolkit, name))

"""Publication output: PDF, SVG and PNG, byte-identical across runs, with provenance."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import sys
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from toolkit.plot.style import STYLE

FORMATS = ("pdf", "svg", "png")
#: What :func:`save` writes unless asked: SVG only where asked (a scatter of
#: thousands of words makes a large SVG, and journals take PDF).
DEFAULT_FORMATS = ("pdf", "png")
_PACKAGES = ("arabic-framing-toolkit", "numpy", "pandas", "matplotlib", "scikit-learn", "scipy", "bertopic")
# No dates, no tool versions that change: the same figure gives the same bytes.
_METADATA = {
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": "arabic-framing-toolkit"},
    "svg": {"Date": None, "Creator": "arabic-framing-toolkit"},
    "png": {"Software": None},
}


def content_hash(value: object) -> str:
    """A SHA-256 of a DataFrame, a file, or any JSON-able value.

    Examples
    --------
    >>> content_hash({"a": 1}) == content_hash({"a": 1})
    True
    """
    digest = hashlib.sha256()
    if isinstance(value, pd.DataFrame):
        digest.update(pd.util.hash_pandas_object(value.astype(str), index=False).to_numpy().tobytes())
        digest.update(",".join(map(str, value.columns)).encode())
    elif isinstance(value, Path):
        digest.update(value.read_bytes())
    else:
        digest.update(json.dumps(value, sort_keys=True, default=str, ensure_ascii=False).encode())
    return digest.hexdigest()


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def save(
    fig: Figure,
    path: str | Path,
    *,
    provenance: Mapping[str, object] | None = None,
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    dpi: int = 300,
) -> dict[str, Path]:
    """Write a figure as PDF and PNG (SVG when asked), with a provenance record beside it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    path : str or pathlib.Path
        Target without extension (an extension given is dropped).
    provenance : mapping, optional
        What made the figure: data hashes, parameters, seeds. The command
        line, the package versions and the hashes of the written files are
        added.
    formats : tuple of str
        Any of ``"pdf"``, ``"svg"``, ``"png"`` (default PDF and PNG).
    dpi : int
        Resolution of the PNG.

    Returns
    -------
    dict
        Format → written path, plus ``"provenance"``.

    Notes
    -----
    PDF fonts are embedded as TrueType (``pdf.fonttype`` 42); metadata dates
    are left out and SVG ids salted with a constant, so that two runs write
    identical bytes. Each file is written to a temporary name beside its
    target and then renamed over it: a run killed half-way leaves the
    previous file or none, never half a figure.
    """
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown figure format(s) {unknown}; choose from {list(FORMATS)}")
    base = Path(path)
    base = base.with_suffix("") if base.suffix in {f".{f}" for f in FORMATS} else base
    base.parent.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    with (
        matplotlib.rc_context(
            {"pdf.fonttype": 42, "svg.hashsalt": STYLE["svg.hashsalt"], "svg.fonttype": "path"}
        ),
        _lean_font_subsets(),
    ):
        for fmt in formats:
            target = base.with_suffix(f".{fmt}")
            partial = _partial(target)
            try:
                fig.savefig(partial, format=fmt, dpi=dpi, metadata=_METADATA[fmt], bbox_inches="tight")
                os.replace(partial, target)
            finally:
                partial.unlink(missing_ok=True)
            written[fmt] = target
    record = {
        "figure": base.name,
        "files": {fmt: {"path": p.name, "sha256": content_hash(p)} for fmt, p in written.items()},
        "command": " ".join(Path(sys.argv[0]).name if i == 0 else a for i, a in enumerate(sys.argv)),
        "versions": _versions(),
        **dict(provenance or {}),
    }
    target = base.with_suffix(".provenance.json")
    write_atomic(target, json.dumps(record, indent=2, ensure_ascii=False, default=str))
    written["provenance"] = target
    return written


#: OpenType layout tables: the rules a shaping engine applies to text. A PDF
#: draws glyphs already chosen (by matplotlib's shaping, or arabic-reshaper's
#: presentation forms before 3.11), and no viewer reads them there.
_LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF")


class _LeanSubset:
    """``fontTools.subset`` as matplotlib calls it, with the layout tables dropped.

    Subsetting Amiri's large GSUB/GPOS tables cost about 1 s CPU per font
    per PDF, most of a small report's time, for tables the embedded font
    does not use: without them the subset takes a seventh of the time.
    """

    def __init__(self, module) -> None:
        self._module = module

    def __getattr__(self, name: str):
        return getattr(self._module, name)

    def Options(self, **options):  # noqa: N802 (the name fontTools gives it)
        made = self._module.Options(**options)
        made.drop_tables += [t for t in _LAYOUT_TABLES if t not in made.drop_tables]
        return made

    def load_font(self, *args, **kwargs):
        # fontTools >= 4.6x walks every GSUB/GPOS lookup before it prunes
        # dropped tables; removing them from the lazily loaded font first
        # means they are never decompiled at all.
        font = self._module.load_font(*args, **kwargs)
        for tag in _LAYOUT_TABLES:
            if tag in font:
                del font[tag]
        return font


@contextlib.contextmanager
def _lean_font_subsets():
    """While saving: embedded font subsets without layout tables (a no-op if matplotlib changes)."""
    try:
        from matplotlib.backends import _backend_pdf_ps
    except ImportError:  # pragma: no cover - a matplotlib without the module
        yield
        return
    module = getattr(_backend_pdf_ps, "subset", None)
    if module is None or not hasattr(module, "Options"):
        yield
        return
    _backend_pdf_ps.subset = _LeanSubset(module)
    try:
        yield
    finally:
        _backend_pdf_ps.subset = module


def _partial(target: Path) -> Path:
    """The temporary name a file is written under before it is renamed into place."""
    return target.with_name(f".{target.name}.partial-{os.getpid()}")


def write_atomic(target: str | Path, content: str | bytes) -> Path:
    """Write a file through a temporary name and a rename (never half-written).

    Parameters
    ----------
    target : path
        The file to write (its folder is made if missing).
    content : str or bytes
        Text (written as UTF-8) or bytes.

    Returns
    -------
    pathlib.Path
        ``target``.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a.txt", "نص").read_text(encoding="utf-8")
    'نص'
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = _partial(target)
    try:
        if isinstance(content, bytes):
            partial.write_bytes(content)
        else:
            partial.write_text(content, encoding="utf-8")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target

"""Publication output: PDF, SVG and PNG, byte-identical across runs, with provenance."""

from __future__ import annotations

import hashlib
import json
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
    formats: tuple[str, ...] = FORMATS,
    dpi: int = 300,
) -> dict[str, Path]:
    """Write a figure as PDF, SVG and PNG, with a provenance record beside it.

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
        Any of ``"pdf"``, ``"svg"``, ``"png"``.
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
    identical bytes.
    """
    base = Path(path)
    base = base.with_suffix("") if base.suffix in {f".{f}" for f in FORMATS} else base
    base.parent.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    with matplotlib.rc_context(
        {"pdf.fonttype": 42, "svg.hashsalt": STYLE["svg.hashsalt"], "svg.fonttype": "path"}
    ):
        for fmt in formats:
            target = base.with_suffix(f".{fmt}")
            fig.savefig(target, format=fmt, dpi=dpi, metadata=_METADATA[fmt], bbox_inches="tight")
            written[fmt] = target
    record = {
        "figure": base.name,
        "files": {fmt: {"path": p.name, "sha256": content_hash(p)} for fmt, p in written.items()},
        "command": " ".join(Path(sys.argv[0]).name if i == 0 else a for i, a in enumerate(sys.argv)),
        "versions": _versions(),
        **dict(provenance or {}),
    }
    target = base.with_suffix(".provenance.json")
    target.write_text(json.dumps(record, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    written["provenance"] = target
    return written

"""Run the project's notebooks as a user does, in a fresh Jupyter kernel, and write them out.

The notebooks are jupytext percent scripts (``notebooks/*.py``). Each is
read with jupytext, executed top to bottom by nbclient in a new kernel of the
running Python, and can be written as an ``.ipynb`` with its outputs and as
a standalone HTML page: what ``python -m toolkit notebooks --execute --out
docs/`` does, and what the tests run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit import paths

#: Where the notebooks are, in a checkout.
NOTEBOOKS = paths.REPO / "notebooks"


@dataclass
class Executed:
    """A notebook after a run: the notebook with outputs, and the error if a cell failed."""

    path: Path
    notebook: Any
    error: str | None

    def stdout(self) -> str:
        """Everything the cells printed, in order."""
        return "".join(
            output.get("text", "")
            for cell in self.notebook.cells
            if cell.cell_type == "code"
            for output in cell.get("outputs", [])
            if output.get("output_type") == "stream" and output.get("name") == "stdout"
        )

    def outputs(self, kind: str) -> list[Any]:
        """Every displayed output of a MIME type (``"text/html"``, ``"image/png"``)."""
        return [
            output["data"][kind]
            for cell in self.notebook.cells
            if cell.cell_type == "code"
            for output in cell.get("outputs", [])
            if kind in output.get("data", {})
        ]


def list_notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """The notebook scripts of a folder, sorted by name."""
    return sorted(p for p in folder.glob("*.py") if not p.name.startswith("_"))


def _kernel_environment(extra: dict[str, str] | None) -> dict[str, str]:
    env = {**os.environ, **(extra or {})}
    # The kernel runs in the notebook's folder: relative entries of PYTHONPATH
    # (``PYTHONPATH=.`` from the repository root) are made absolute, and the
    # folder this toolkit was imported from comes first, so that the kernel
    # imports the same toolkit as the caller.
    entries = [str(Path(p).resolve()) for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys([str(paths.PACKAGE.parent), *entries]))
    env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    return env


def execute(path: Path, *, timeout: int = 600, env: dict[str, str] | None = None) -> Executed:
    """Execute a notebook script in a fresh kernel of this Python.

    Parameters
    ----------
    path : pathlib.Path
        A jupytext percent script.
    timeout : int
        Seconds a cell may run.
    env : dict, optional
        Environment variables set for the kernel (on top of this process's).

    Returns
    -------
    Executed
        The executed notebook; ``error`` holds the failing cell's traceback
        (the cells before it keep their outputs).
    """
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = _read(path)
    with tempfile.TemporaryDirectory() as kernels:
        # A kernel spec for this interpreter, whatever kernels are installed.
        spec = Path(kernels) / "toolkit-python"
        spec.mkdir()
        kernel = {
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "toolkit",
            "language": "python",
        }
        (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
        specs = KernelSpecManager(kernel_dirs=[kernels])
        manager = KernelManager(kernel_name="toolkit-python", kernel_spec_manager=specs)
        # The notebook's own kernelspec (the project's kernel, registered by
        # setup.sh) stays in its metadata; this run uses the kernel above.
        client = NotebookClient(
            notebook,
            km=manager,
            timeout=timeout,
            resources={"metadata": {"path": str(path.parent)}},
            record_timing=False,  # no timestamps: the same run writes the same file
        )
        error = None
        try:
            client.execute(env=_kernel_environment(env), cwd=str(path.parent))
        except CellExecutionError as err:
            error = str(err)
        finally:
            # nbclient shuts down only kernels it started itself.
            if manager.has_kernel:
                manager.shutdown_kernel(now=False)
    return Executed(path, notebook, error)


def _read(path: Path) -> Any:
    """A notebook script as a notebook, its cells numbered (ids stable across runs)."""
    import jupytext

    notebook = jupytext.read(path)
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{number:03d}"
    return notebook


def write(executed: Executed, out: Path) -> tuple[Path, Path]:
    """Write an executed notebook as ``<name>.ipynb`` and ``<name>.html`` into ``out``."""
    import nbformat
    from nbconvert import HTMLExporter

    out.mkdir(parents=True, exist_ok=True)
    stem = executed.path.stem
    ipynb = out / f"{stem}.ipynb"
    nbformat.write(executed.notebook, ipynb)
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(executed.notebook)
    html = out / f"{stem}.html"
    html.write_text(body, encoding="utf-8")
    return ipynb, html


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``notebooks`` subcommand's arguments (``toolkit/cli.py`` registers it)."""
    parser.add_argument("names", nargs="*", help="notebooks to run (file names or stems; default all)")
    parser.add_argument("--execute", action="store_true", help="run them (without it: write them unexecuted)")
    parser.add_argument("--out", type=Path, required=True, help="output folder, e.g. docs/")
    parser.add_argument("--folder", type=Path, default=NOTEBOOKS, help="where the notebooks are")
    parser.add_argument(
        "--no-corpora",
        action="store_true",
        help="run as a fresh clone would: without ../shared/corpora and without fetched corpora",
    )
    parser.add_argument("--timeout", type=int, default=600, help="seconds a cell may run (default 600)")


def run_command(args: argparse.Namespace) -> int:
    """Run ``notebooks``; exit status 1 when a notebook failed or none was found."""
    chosen = list_notebooks(args.folder)
    if args.names:
        wanted = {Path(n).stem for n in args.names}
        unknown = wanted - {p.stem for p in chosen}
        if unknown:
            print(f"no notebook(s) {sorted(unknown)} in {args.folder}", file=sys.stderr)
            return 1
        chosen = [p for p in chosen if p.stem in wanted]
    if not chosen:
        print(f"no notebooks in {args.folder}", file=sys.stderr)
        return 1
    failed = []
    with tempfile.TemporaryDirectory() as empty:
        env = {"FRAMING_SHARED_CORPORA": empty, "FRAMING_DATA": empty} if args.no_corpora else None
        for path in chosen:
            if args.execute:
                print(f"running {path.name} …", flush=True)
                done = execute(path, timeout=args.timeout, env=env)
            else:
                done = Executed(path, _read(path), None)
            ipynb, html = write(done, args.out)
            if done.error:
                failed.append(path.name)
                print(f"FAILED {path.name}:\n{done.error[-2000:]}", file=sys.stderr)
            print(f"wrote {ipynb} and {html}")
    if failed:
        print(f"{len(failed)} notebook(s) failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0

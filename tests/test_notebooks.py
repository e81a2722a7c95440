"""Every notebook runs top to bottom in a fresh Jupyter kernel, as a user runs it.

Each notebook is executed once (nbclient, a new kernel of this Python) and the
run is shared by the tests that look at it. Notebooks added later (e.g. 06)
are picked up: they must run without error; those listed in ``KEY_OUTPUT``
must also print their key result.
"""

from __future__ import annotations

import functools
import os
import struct
import subprocess
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor

import pytest

from toolkit import notebooks
from toolkit.display import NOTEBOOK_DPI
from toolkit.paths import REPO, SHARED_CORPORA

NOTEBOOKS = notebooks.list_notebooks()

KEY_OUTPUT = {
    "01_loading.py": "7 in the file; 3 in the story",
    "02_lexicon_framing.py": "martyrs: ['000_989eea801e3711f0'] killed: ['002_b622d3d59e8c8c27',",
    "03_framing_across_outlets.py": "events covered by all ",
    "04_reuse_and_substitutions.py": "the_dead: martyrs → killed (شهداء → قتلى)",
    "05_topics_by_outlet.py": "mean NPMI coherence of 8 topics:",
    "06_validating_the_lexicon.py": "martyrs, share of the dead as counted vs corrected:",
    "paper.py": "wrote figures/fig2_seeds_substitutions.pdf",
}


@functools.cache
def _runs() -> dict[str, Future]:
    # Each notebook runs in its own kernel process: two at a time use the
    # two cores of CI while this process waits.
    pool = ThreadPoolExecutor(max_workers=2)
    runs = {p.name: pool.submit(notebooks.execute, p, timeout=900) for p in NOTEBOOKS}
    pool.shutdown(wait=False)
    return runs


def executed(name: str) -> notebooks.Executed:
    """One run per notebook for the whole session, started together on first use."""
    return _runs()[name].result()


def test_there_are_notebooks():
    assert set(KEY_OUTPUT) <= {p.name for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_jupytext_percent_scripts(path):
    """Notebooks are stored as text: jupytext percent scripts, no .ipynb with outputs."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# ---\n# jupyter:\n#   jupytext:\n#     formats: py:percent"), path.name
    assert text.count("# %%") >= 2


def test_no_notebook_outputs_are_committed_beside_the_scripts():
    assert not list((REPO / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_in_a_fresh_kernel(path):
    run = executed(path.name)
    assert run.error is None, run.error[-3000:]
    if path.name in KEY_OUTPUT:
        assert KEY_OUTPUT[path.name] in run.stdout(), run.stdout()[-2000:]


@pytest.mark.parametrize("name", [n for n in KEY_OUTPUT if n != "paper.py"])
def test_notebook_states_its_question_and_its_conclusions(name):
    text = (REPO / "notebooks" / name).read_text(encoding="utf-8")
    assert "**Question.**" in text
    assert "## What a researcher may and may not conclude" in text
    assert "**May:**" in text and "**May not:**" in text


def test_tables_display_with_cell_direction():
    run = executed("02_lexicon_framing.py")
    html = run.outputs("text/html")
    assert html and all('dir="' in h for h in html), "every table is shown with cell directions"
    kwic = [h for h in html if 'class="kwic"' in h]
    assert len(kwic) == 2, "both KWIC tables display, the full one and the one cut to some columns"
    assert "<mark><b>شهداء</b></mark>" in "".join(kwic)
    assert any('<td dir="rtl">حماس' in h for h in html), "the lexicon shows its terms right-to-left"


def _png_size(data: str) -> tuple[int, int]:
    import base64

    raw = base64.b64decode(data)
    return struct.unpack(">II", raw[16:24])


def test_inline_figures_are_legible_on_screen():
    """Figures are drawn at journal sizes; inline they are shown at NOTEBOOK_DPI."""
    run = executed("05_topics_by_outlet.py")
    (png,) = run.outputs("image/png")
    width, _ = _png_size(png)
    # At least 3.5 in (one journal column, less the tight-box trim) at NOTEBOOK_DPI.
    assert width >= 0.85 * 3.5 * NOTEBOOK_DPI, width


def test_dask_is_not_imported_unless_used():
    code = (
        "import sys, toolkit\n"
        "toolkit.plot, toolkit.datasets, toolkit.display\n"
        "assert 'dask' not in sys.modules and 'distributed' not in sys.modules, 'imported early'\n"
        "import toolkit.dask\n"
        "assert toolkit.dask.read_documents and 'dask' in sys.modules\n"
        "print(sorted(n for n in ('plot', 'dask', 'datasets') if n in dir(toolkit)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['dask', 'datasets', 'plot']"


def test_paper_runs_as_a_script_from_a_fresh_clone():
    """The README's ``python notebooks/paper.py``, without shared or fetched corpora."""
    with tempfile.TemporaryDirectory() as empty:
        env = {**os.environ, "FRAMING_SHARED_CORPORA": empty, "FRAMING_DATA": empty, "MPLBACKEND": "Agg"}
        done = subprocess.run(
            [sys.executable, "notebooks/paper.py"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "wrote figures/fig1_seeds_label_shares.pdf" in done.stdout
    assert (
        'toolkit.datasets.fetch_ant_multisource(categories=["middleEast", "internationalNews"])'
        in done.stdout
    )


SMALL = """# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %%
import pandas as pd

import toolkit

toolkit.display.use_notebook_display()
print("{message}")
pd.DataFrame({{"outlet": ["الجزيرة"]}})
"""


def test_notebooks_command_writes_executed_notebooks(tmp_path):
    """``python -m toolkit notebooks --execute --out DIR`` as a subprocess, with its exit code.

    On small notebooks (the real ones are run above and in docs/): one that
    works, one that fails.
    """
    import nbformat

    folder = tmp_path / "nb"
    folder.mkdir()
    (folder / "a_small.py").write_text(SMALL.format(message="ran in a kernel"), encoding="utf-8")
    (folder / "b_broken.py").write_text(SMALL.format(message='" + undefined_name + "'), encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "toolkit",
        "notebooks",
        "--folder",
        folder,
        "--execute",
        "--out",
        tmp_path,
    ]
    done = subprocess.run([*command, "a_small"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    written = nbformat.read(tmp_path / "a_small.ipynb", as_version=4)
    outputs = [o for cell in written.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert any("ran in a kernel" in o.get("text", "") for o in outputs)
    assert any('dir="auto">الجزيرة</td>' in o.get("data", {}).get("text/html", "") for o in outputs)
    assert "ran in a kernel" in (tmp_path / "a_small.html").read_text(encoding="utf-8")
    failed = subprocess.run([*command, "b_broken"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert (
        failed.returncode == 1
        and "NameError" in failed.stderr
        and "1 notebook(s) failed: b_broken.py" in failed.stderr
    )
    assert (tmp_path / "b_broken.ipynb").is_file(), "the failed notebook is written, with its error"
    missing = subprocess.run([*command, "no_such"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert missing.returncode == 1 and "no notebook(s) ['no_such']" in missing.stderr


def test_committed_executed_notebooks_are_current():
    """docs/ holds every seeds-based notebook executed, with outputs, for GitHub to show."""
    import nbformat

    for name in ("01_loading", "02_lexicon_framing", "04_reuse_and_substitutions", "05_topics_by_outlet"):
        source = (REPO / "notebooks" / f"{name}.py").read_text(encoding="utf-8")
        committed = nbformat.read(REPO / "docs" / f"{name}.ipynb", as_version=4)
        code = [c.source for c in committed.cells if c.cell_type == "code"]
        assert all(block in source for block in code), (
            f"docs/{name}.ipynb is older than the notebook: rebuild it"
        )
        assert all(c.get("outputs") for c in committed.cells if c.cell_type == "code" and c.source.strip())
        assert (REPO / "docs" / f"{name}.html").is_file()


@pytest.mark.skipif(not SHARED_CORPORA.is_dir(), reason="the shared corpora are not here")
def test_notebook_03_uses_the_shared_ant_corpus_when_present():
    run = executed("03_framing_across_outlets.py")
    assert "ant-politics: the shared copy" in run.stdout()
    assert "events covered by all 5 outlets:" in run.stdout()


def test_notebook_03_runs_on_a_fetched_corpus(tmp_path, monkeypatch):
    """Without the shared copy, 03 reads what toolkit.datasets fetched into the cache."""
    import dataclasses
    import io
    import tarfile
    import warnings

    from toolkit.datasets import corpora

    fixture = REPO / "tests" / "fixtures" / "native" / "ant"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path in sorted(fixture.rglob("*.txt")):
            archive.add(path, arcname=f"top/{path.relative_to(fixture).as_posix()}")
    mirror = tmp_path / "mirror.tar.gz"
    mirror.write_bytes(buffer.getvalue())
    spec = dataclasses.replace(corpora.ANT_MULTISOURCE, n_files=3, pins={})
    monkeypatch.setattr(corpora, "ANT_MULTISOURCE", spec)
    cache = tmp_path / "cache"
    # The archive put where a download would go (tests/test_datasets.py covers the HTTP side).
    target = cache / f"{spec.name}-{spec.commit[:12]}" / "downloads" / f"{spec.commit}.tar.gz"
    target.parent.mkdir(parents=True)
    target.write_bytes(mirror.read_bytes())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpora.fetch_ant_multisource(data_home=cache, progress=False)
    empty = tmp_path / "no-shared"
    empty.mkdir()
    run = notebooks.execute(
        REPO / "notebooks" / "03_framing_across_outlets.py",
        env={"FRAMING_SHARED_CORPORA": str(empty), "FRAMING_DATA": str(cache)},
    )
    assert run.error is None, run.error[-3000:]
    out = run.stdout()
    assert "ant-politics: 3 fetched files in" in out
    assert "3 articles from 2 outlets" in out and "events covered by all 2 outlets:" in out

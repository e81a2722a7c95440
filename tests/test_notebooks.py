"""Every notebook script runs top to bottom."""

from __future__ import annotations

import runpy

import matplotlib
import pytest

from toolkit.paths import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.py"))


def test_there_are_notebooks():
    names = {p.name for p in NOTEBOOKS}
    assert {"01_loading.py", "02_lexicon_framing.py", "03_framing_across_outlets.py",
            "04_reuse_and_substitutions.py", "05_topics_by_outlet.py", "paper.py"} <= names  # fmt: skip


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_jupytext_percent_scripts(path):
    """Notebooks are stored as text: jupytext percent scripts, no .ipynb with outputs."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# ---\n# jupyter:\n#   jupytext:\n#     formats: py:percent"), path.name
    assert text.count("# %%") >= 2


def test_no_notebook_outputs_are_committed():
    assert not list((REPO / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, capsys, monkeypatch):
    matplotlib.use("Agg")
    monkeypatch.chdir(REPO)
    try:
        runpy.run_path(str(path), run_name="__main__")
    except SystemExit as stop:  # a notebook that stops early says why
        assert stop.code == 0
    finally:
        matplotlib.pyplot.close("all")
    out = capsys.readouterr().out
    expected = {
        "01_loading.py": "7 in the file; 3 in the story",
        "02_lexicon_framing.py": "martyrs: ['000_989eea801e3711f0'] killed: ['002_b622d3d59e8c8c27',",
        "03_framing_across_outlets.py": "events covered by all five outlets:",
        "04_reuse_and_substitutions.py": "the_dead: martyrs → killed (شهداء → قتلى)",
        "05_topics_by_outlet.py": "mean NPMI coherence of 8 topics:",
        "06_validating_the_lexicon.py": "martyrs, share of the dead as counted vs corrected:",
        "paper.py": "wrote figures/fig2_seeds_substitutions.pdf",
    }
    if "SKIPPED:" in out:
        pytest.skip(out[out.index("SKIPPED:") :].splitlines()[0])
    assert expected[path.name] in out, out[-2000:]

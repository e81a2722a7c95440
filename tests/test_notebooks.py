"""Every notebook script runs top to bottom."""

from __future__ import annotations

import runpy

import pytest

from toolkit.paths import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.py"))


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, capsys):
    runpy.run_path(str(path), run_name="__main__")
    out = capsys.readouterr().out
    expected = {
        "01_loading.py": "7 in the file; 3 in the story",
        "02_lexicon_framing.py": "martyrs: ['000_989eea801e3711f0'] killed: ['002_b622d3d59e8c8c27',",
        "04_reuse_and_substitutions.py": "the_dead: martyrs → killed (شهداء → قتلى)",
    }
    assert expected[path.name] in out

"""The project's own set-up stays consistent: README, CI, pyproject, conda."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

import toolkit
from toolkit.paths import REPO, SEEDS

# conda-forge spells a few packages differently from PyPI.
CONDA_NAMES = {"pyyaml": "pyyaml", "charset-normalizer": "charset-normalizer"}
# Extras the conda environment leaves out on purpose (torch).
CONDA_LEFT_OUT = {"embeddings"}


def _split(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*(.*)$", requirement)
    assert match, requirement
    return match[1].lower().replace("_", "-"), match[2].replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = dict(_split(r) for r in project["dependencies"])
    for name, extra in project["optional-dependencies"].items():
        if name in CONDA_LEFT_OUT:
            continue
        wanted.update(_split(r) for r in extra)
    wanted = {CONDA_NAMES.get(k, k): v for k, v in wanted.items()}
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    conda = dict(_split(d) for d in env["dependencies"] if isinstance(d, str))
    conda.pop("python"), conda.pop("pip")
    assert conda == wanted


def test_bertopic_is_installed_the_light_way():
    setup = (REPO / "setup.sh").read_text(encoding="utf-8")
    assert re.search(r"pip install .*--no-deps \"bertopic==[0-9.]+\"", setup)
    env = (REPO / "environment.yml").read_text(encoding="utf-8")
    assert "pip install --no-deps bertopic==" in env
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    topics = {_split(r)[0] for r in project["optional-dependencies"]["topics"]}
    core = {_split(r)[0] for r in project["dependencies"]}
    assert {"tqdm", "plotly", "pyyaml", "safetensors"} <= topics | core
    assert not topics & {"torch", "sentence-transformers", "umap-learn", "hdbscan", "bertopic"}


def test_core_install_never_pulls_torch():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {_split(r)[0] for r in project["dependencies"]}
    assert not core & {"torch", "sentence-transformers", "transformers", "bertopic"}


def test_readme_opens_with_two_commands_and_ci_runs_the_second():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:bash|sh)\n(.*?)```", readme, flags=re.S)
    first = [line for line in blocks[0].splitlines() if line.strip() and not line.startswith("#")]
    assert len(first) == 2, "README opens with exactly two commands"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert first[1].strip() in ci.splitlines(), ".ci/run must run the README's test command"
    assert "toolkit" in first[0] and "seeds" in first[0]


def test_seeds_are_byte_identical_to_the_shared_ones():
    shared = REPO.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip(f"{shared} not present: nothing to compare the bundled seeds with")
    ours = sorted(p.name for p in SEEDS.glob("*.txt"))
    theirs = sorted(p.name for p in shared.glob("*.txt"))
    assert ours == theirs and len(ours) == 5
    for name in ours:
        assert (SEEDS / name).read_bytes() == (shared / name).read_bytes()


def test_cli_writes_documents_and_report(tmp_path):
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "load", str(SEEDS), "--out", str(out)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "8 documents" in done.stdout
    corpus = toolkit.Corpus.read(out)
    assert len(corpus.documents) == 8 and len(corpus.report) == 5
    # A path named on the command line that does not exist is a typo to fix
    # before anything runs (issue 16): exit 2, one line, nothing written.
    missing = subprocess.run(
        [sys.executable, "-m", "toolkit", "load", str(SEEDS), str(tmp_path / "missing.txt"), "--out",
         str(tmp_path / "out2")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert missing.returncode == 2 and not (tmp_path / "out2").exists()
    assert missing.stderr.strip() == f"error: input path does not exist: {tmp_path / 'missing.txt'}"


def test_ruff_is_clean():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if not Path(ruff).exists():
        pytest.fail("ruff is part of the [dev] extra and must be installed to run the tests")
    done = subprocess.run(
        [ruff, "check", "toolkit", "tests", "benchmarks", "notebooks"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr

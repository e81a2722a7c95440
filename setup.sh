#!/usr/bin/env bash
# Set up the project in ./.venv (idempotent). `bash setup.sh` installs the
# package with what a notebook user needs (JupyterLab, jupytext, the
# project's kernel); `bash setup.sh --dev` installs what the tests need
# instead (a kernel and the notebook runner, without JupyterLab).
set -euo pipefail
cd "$(dirname "$0")"
extras="[topics,dask,notebooks]"
if [[ "${1:-}" == "--dev" ]]; then extras="[topics,dask,dev]"; fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".${extras}"
# BERTopic's documented light-weight installation: without its dependencies,
# so that neither torch nor sentence-transformers is installed.
.venv/bin/python -m pip install --quiet --no-deps "bertopic==0.17.4"
# The project's Jupyter kernel, registered inside .venv (nothing is written
# to the home folder): JupyterLab started from .venv lists it, and the
# notebooks name it in their header.
.venv/bin/python -m ipykernel install --sys-prefix --name arabic-framing-toolkit \
  --display-name "Python (arabic-framing-toolkit)" > /dev/null
# JupyterLab in .venv opens the notebooks (jupytext percent scripts,
# notebooks/*.py) as notebooks on double-click: jupytext's viewer is made
# the default for Python files in .venv's settings overrides.
mkdir -p .venv/share/jupyter/lab/settings
cat > .venv/share/jupyter/lab/settings/overrides.json <<'JSON'
{
  "@jupyterlab/docmanager-extension:plugin": {
    "defaultViewers": {"python": "Jupytext Notebook"}
  }
}
JSON

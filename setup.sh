#!/usr/bin/env bash
# Set up the project in ./.venv (idempotent). `bash setup.sh` installs the
# package; `bash setup.sh --dev` adds what the tests need.
set -euo pipefail
cd "$(dirname "$0")"
extras="[topics,dask]"
if [[ "${1:-}" == "--dev" ]]; then extras="[topics,dask,dev]"; fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".${extras}"
# BERTopic's documented light-weight installation: without its dependencies,
# so that neither torch nor sentence-transformers is installed.
.venv/bin/python -m pip install --quiet --no-deps "bertopic==0.17.4"

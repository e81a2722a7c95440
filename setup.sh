#!/usr/bin/env bash
# Set up the project in ./.venv (idempotent). `bash setup.sh` installs the
# package; `bash setup.sh --dev` adds what the tests need.
set -euo pipefail
cd "$(dirname "$0")"
extras=""
if [[ "${1:-}" == "--dev" ]]; then extras="[dev]"; fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".${extras}"

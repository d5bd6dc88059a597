#!/usr/bin/env bash
# Set up (if needed) and run every check: ruff, then the whole pytest suite,
# browser tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/python -m ruff check .
.venv/bin/python -m ruff format --check .
exec .venv/bin/python -m pytest "$@"

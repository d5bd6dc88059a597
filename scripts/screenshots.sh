#!/usr/bin/env bash
# Refresh the README's screenshots: runs the browser tests with screenshots kept in docs/screenshots.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
PLANBOARD_SCREENSHOT_DIR=docs/screenshots exec .venv/bin/python -m pytest -q -m browser "$@"

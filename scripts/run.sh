#!/usr/bin/env bash
# Set up (if needed) and run the dashboard on the default store, which is built
# from data/plan/ on first run. Listens on 127.0.0.1:8501 only.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m streamlit run dashboard.py \
  --server.headless true --server.address 127.0.0.1 --server.port "${PORT:-8501}" "$@"

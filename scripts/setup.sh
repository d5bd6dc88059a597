#!/usr/bin/env bash
# Set up Planboard on a fresh Debian machine with Python 3.11:
# a virtual environment in .venv with the pinned packages, and, with --test,
# what the tests need too (Debian's chromium and Japanese fonts for browser tests and exports,
# poppler-utils to read the exported PDF).
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "$want_test" = 1 ]; then
  .venv/bin/python -m pip install --quiet -r requirements-dev.txt
else
  .venv/bin/python -m pip install --quiet -r requirements.txt
fi

if [ "$want_test" = 1 ] && { [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK JP" \
  || ! command -v pdftoppm >/dev/null; }; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends \
    chromium fonts-noto-cjk fontconfig poppler-utils
fi

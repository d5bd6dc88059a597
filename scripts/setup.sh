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

# Install Debian packages as root, or through sudo; without either, say what to install and stop.
apt_install() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "setup.sh: needs the Debian packages $* and is not running as root." >&2
      echo "Run it as root, or install them first: apt-get install $*" >&2
      exit 1
    fi
    echo "setup.sh: installing the Debian packages $* with sudo" >&2
    sudo="sudo"
  fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "$@"
}

# A venv left without pip by an earlier failed attempt is made again. Debian's python3 has no
# ensurepip (and so `python3 -m venv` fails) until python3-venv is installed.
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  if ! "$python" -m ensurepip --version >/dev/null 2>&1; then
    apt_install python3-venv
  fi
  "$python" -m venv --clear .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "$want_test" = 1 ]; then
  .venv/bin/python -m pip install --quiet -r requirements-dev.txt
else
  .venv/bin/python -m pip install --quiet -r requirements.txt
fi

if [ "$want_test" = 1 ] && { [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK JP" \
  || ! command -v pdftoppm >/dev/null; }; then
  apt_install chromium fonts-noto-cjk fontconfig poppler-utils
fi

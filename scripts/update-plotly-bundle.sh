#!/usr/bin/env bash
# Replace static/plotly-cartesian.min.js with Plotly.js's cartesian bundle of the version the
# installed plotly package ships (the charts' JSON is made for that version), from the npm
# registry. Run after upgrading plotly in requirements.txt; tests/test_plotly_view.py checks
# that the two versions agree.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-.venv/bin/python}"
version="$("$python" -c 'import plotly.offline; print(plotly.offline.get_plotlyjs_version())')"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "plotly.js-cartesian-dist-min@$version" >/dev/null && tar xzf ./*.tgz)
cp "$work/package/plotly-cartesian.min.js" static/plotly-cartesian.min.js
cp "$work/package/LICENSE" static/LICENSE-plotly.js.txt
echo "static/plotly-cartesian.min.js is now Plotly.js $version"

#!/usr/bin/env bash
# Build static/plotly-planboard.min.js.gz: Plotly.js with only the trace types Planboard draws
# (chart_style.TRACE_TYPES), at the version the installed plotly package ships (the charts'
# JSON is made for that version). Run after upgrading plotly in requirements.txt or adding a
# trace type; tests/test_plotly_view.py checks the version and tests/test_browser_e2e.py the
# trace types.
#
# Why not Plotly's cartesian dist bundle: it also carries box, violin, pie, contour, histogram
# and the map styles. In Chromium on the benchmark's store the overview's main-thread work
# fell from 2.9 to 2.6 s with this bundle (docs/performance.md, change 29).
#
# Plotly.js's sources and esbuild come from the npm registry. The build follows Plotly.js's
# own esbuild-config.js (an IIFE setting the global Plotly, ES2016); the map styles that
# Plotly's registry pulls in for map traces are left out (loader .css=empty). The bundle is kept
# gzipped and unpacked by the browser (planboard/plotly_view.py says why); gzip -n leaves the
# time out, so a rebuild is the same file.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-.venv/bin/python}"
esbuild_version="0.28.2"
version="$("$python" -c 'import plotly.offline; print(plotly.offline.get_plotlyjs_version())')"
traces="$("$python" -c 'from planboard.chart_style import TRACE_TYPES; print(" ".join(TRACE_TYPES))')"
out="static/plotly-planboard.min.js.gz"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
echo '{"private": true}' >package.json
# Exact versions of Plotly.js and esbuild; no package's install scripts run.
npm install --silent --no-audit --no-fund --ignore-scripts "plotly.js@$version" "esbuild@$esbuild_version"
{
  echo "var Plotly = require('plotly.js/lib/core');"
  echo "Plotly.register(["
  for trace in $traces; do
    # Plotly.js's core has scatter built in.
    [ "$trace" = scatter ] || echo "  require('plotly.js/lib/$trace'),"
  done
  echo "]);"
  echo "module.exports = Plotly;"
} >entry.js
# The copyright line of Plotly.js's own bundle of this version, so that a rebuild is the same file.
copyright="$(grep -m1 -o 'Copyright [0-9-]*, Plotly, Inc.' node_modules/plotly.js/dist/plotly.min.js)"
banner="/**
* plotly.js (planboard: ${traces// /, } - minified) v$version
* $copyright
* All rights reserved.
* Licensed under the MIT license
*/"
node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --global-name=Plotly \
  --target=es2016 --define:global=window --define:define.amd=false \
  --define:process.env.NODE_DEBUG=false --loader:.css=empty \
  --legal-comments=eof --banner:js="$banner" --metafile=meta.json --log-level=warning \
  --outfile=plotly-planboard.min.js

# The licence: Plotly.js's, then every npm package the bundle holds, with its own licence text.
node - >LICENSE-plotly.js.txt <<'JS'
const fs = require("fs");
const path = require("path");
const meta = JSON.parse(fs.readFileSync("meta.json", "utf8"));
const packages = new Map();
// Only code that reached the output: the map styles are read, but loaded as an empty module.
const [output] = Object.values(meta.outputs);
for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
  if (!bytesInOutput || input.endsWith(".css")) continue;
  // The last node_modules/ in the path names the package (one may sit inside another's).
  const match = input.match(/^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//);
  if (match) packages.set(match[2], match[1]);
}
console.log(fs.readFileSync("node_modules/plotly.js/LICENSE", "utf8").trim());
console.log("\n\nThe bundle also holds these npm packages, each under its own licence below.");
for (const [name, dir] of [...packages].sort()) {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const licence = typeof pkg.license === "string" ? pkg.license : JSON.stringify(pkg.license || pkg.licenses);
  console.log(`\n\n## ${name} ${pkg.version} (${licence})\n`);
  const file = fs.readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  console.log(file ? fs.readFileSync(path.join(dir, file), "utf8").trim() : "(the package ships no licence file)");
}
JS
cd - >/dev/null
gzip -9 -n -c "$work/plotly-planboard.min.js" >"$out"
cp "$work/LICENSE-plotly.js.txt" static/LICENSE-plotly.js.txt
echo "$out is now Plotly.js $version with $traces ($(wc -c <"$work/plotly-planboard.min.js") bytes, gzipped $(wc -c <"$out"))"

#!/usr/bin/env bash
# Builds csatkit natively (build/native: library, CLI, tests, benchmarks) and to WebAssembly
# (build/wasm → web/dist/csatkit-core.{js,wasm}, csatkit-widget.wasm, csatkit-widget-explain.wasm),
# then bundles the widget runtime for the script tag (web/dist/csatkit-runtime.js). Incremental:
# reruns only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs="${CSATKIT_JOBS:-2}"
# Debian's emcc runs a Node that does not search Debian's module folder; its JS optimizer needs
# acorn from there.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

if [[ ! -f build/native/CMakeCache.txt ]]; then
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release
fi
cmake --build build/native -j "$jobs"

if [[ ! -f build/wasm/CMakeCache.txt ]]; then
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release
fi
cmake --build build/wasm -j "$jobs"

# The script tag's runtime: one minified bundle of web/widget/ with the wasm glue and widget.css.
node scripts/bundle-widget.mjs

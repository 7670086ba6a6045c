#!/usr/bin/env bash
# Runs every test layer on what scripts/build.sh built: the native Catch2 suites (ctest), the
# real wasm modules under Node, the widget's JS modules under Node with fakes of the browser's
# parts (tests/web), the collector (`csatkit serve`) as a real process, the examples and the
# survey widget in Chromium, and the type check of the .d.ts files.
# Every layer runs even when one fails; the exit code says whether all passed.
set -uo pipefail
cd "$(dirname "$0")/.."

failed=()
step() {
  local name="$1"
  shift
  echo
  echo "=== $name: $*"
  if ! "$@"; then failed+=("$name"); fi
}

step native ctest --test-dir build/native --output-on-failure -j 2
step wasm node --test tests/wasm/
step web node --test tests/web/
step server node --test tests/server/
step browser node --test tests/browser/
step types node_modules/.bin/tsc --noEmit --strict --target es2022 --lib es2022,dom \
  --module nodenext --moduleResolution nodenext --resolveJsonModule \
  web/core.d.ts web/index.d.ts web/widget/index.d.ts web/widget/survey-definition.d.ts web/calculator/index.d.ts \
  tests/wasm/core-types.ts tests/wasm/widget-types.ts tests/wasm/readme-types.ts
# Alone, so that nothing else in the program declares the globals: a page with only the script tag.
step types-script-tag node_modules/.bin/tsc --noEmit --strict --target es2022 --lib es2022,dom \
  --module nodenext --moduleResolution nodenext tests/wasm/script-tag-types.ts

echo
if ((${#failed[@]})); then
  echo "test.sh: FAILED: ${failed[*]}"
  exit 1
fi
echo "test.sh: all layers passed (native, wasm, web, server, browser, types, types-script-tag)"

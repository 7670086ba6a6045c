#!/usr/bin/env bash
# Installs what csatkit needs to build and test, on a fresh Debian 12 machine or this one.
# Idempotent and quick when everything is there: no `apt-get update`, no `npm ci` then.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  emscripten           # em++ for the wasm build (Debian's 3.1.6, with binaryen and clang)
  nlohmann-json3-dev   # JSON in the core
  catch2               # native tests (v2)
  chromium             # browser tests, driven by playwright-core
  cmake g++ make
  libcpp-httplib-dev   # the collector server
  libsqlite3-dev       # the collector's store
  pkg-config           # CMake finds cpp-httplib (with its build flags) and sqlite3 through it
  fonts-liberation     # real fonts for the headless browser (a Recommends we skip below)
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null; then sudo=(sudo); else
      echo "setup: not root and no sudo; install these yourself: ${missing[*]}" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# npm packages (playwright-core, axe-core, typescript): only when node_modules is missing or
# older than the lock file.
if [[ -f package-lock.json ]]; then
  if [[ ! -d node_modules || package-lock.json -nt node_modules ]]; then
    npm ci --no-audit --no-fund
    touch node_modules
  fi
elif [[ ! -d node_modules ]]; then
  npm install --no-audit --no-fund
fi

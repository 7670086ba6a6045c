#!/usr/bin/env bash
# Prints figures, asserts nothing: CSV throughput natively and through the wasm module under
# Node (the same bytes), and the download size of web/dist (raw and gzip -9, brotli if present).
# bench_collector_load runs `csatkit serve` under load on loopback (durable responses/s, p50/p99).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build.sh >/dev/null
cmake -S . -B build/native -DCSATKIT_BUILD_BENCH=ON >/dev/null  # a build dir may have them off
cmake --build build/native -j "${CSATKIT_JOBS:-2}" >/dev/null

for bench in build/native/bench/bench_*; do
  [[ -x $bench ]] || continue
  echo "== $(basename "$bench")"
  "$bench"
done

echo "== wasm-csv"
node bench/wasm-csv.mjs

echo "== web/dist sizes (bytes)"
printf '%-28s %10s %10s %10s\n' file raw gzip-9 brotli
for file in web/dist/*; do
  raw=$(wc -c <"$file")
  gz=$(gzip -9c "$file" | wc -c)
  br=-
  if command -v brotli >/dev/null; then br=$(brotli -c -q 11 "$file" | wc -c); fi
  printf '%-28s %10s %10s %10s\n' "$(basename "$file")" "$raw" "$gz" "$br"
done

echo "== widget size (gzip -9)"
node bench/widget-size.mjs
echo "== widget timing (headless Chromium)"
node bench/widget-timing.mjs

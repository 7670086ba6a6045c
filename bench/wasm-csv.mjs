// CSV import throughput through the wasm module under Node: the same ~1,000,000 rows as
// bench/csv_throughput.cpp (same generator, same bytes), by week and segment, 64 KiB chunks.
// Best of 3, through scoreCsv (the public path: chunks written into wasm memory with one set()
// and scored in place), through the bare binding the same way, and through the older binding
// that takes each chunk as an embind std::string (copied byte by byte in JS), for comparison.
// Wall time and CPU time are both printed: on a shared machine the CPU time is the steadier one.
// Then the same bytes as a File in a Web Worker in headless Chromium (bench/wasm-csv-worker.mjs),
// the way the calculator page scores a dropped export.
import { performance } from 'node:perf_hooks';

import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { startServer } from '../scripts/serve.mjs';
import { chromiumArgs, chromiumPath } from '../tests/browser/harness.mjs';
import { init, scoreCsv } from '../web/core.js';
import { benchOptions as options, generateCsv } from './csv-generator.mjs';

const CHUNK_BYTES = 64 * 1024;
const rows = Number(process.argv[2] ?? 1_000_000);

async function bestOf3(run) {
  let best = Infinity;
  let bestCpu = Infinity;
  let result;
  for (let i = 0; i < 3; ++i) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    result = await run();
    const cpu = process.cpuUsage(cpuStart);
    best = Math.min(best, (performance.now() - start) / 1000);
    bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1e6);
  }
  return { seconds: best, cpuSeconds: bestCpu, result };
}

function bare(core, bytes, viaInputBuffer) {
  const scoring = core.createCsvScoring(JSON.stringify(options));
  try {
    for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
      const chunk = bytes.subarray(at, at + CHUNK_BYTES);
      if (viaInputBuffer) {
        core.csvInputView(chunk.byteLength).set(chunk);
        scoring.feedInput(chunk.byteLength);
      } else {
        scoring.feed(chunk);
      }
    }
    return JSON.parse(scoring.finish()).value;
  } finally {
    scoring.delete();
  }
}

const bytes = generateCsv(rows);
const megabytes = bytes.length / 1e6;
const core = await init();

const viaApi = await bestOf3(() => scoreCsv(bytes, options, { chunkBytes: CHUNK_BYTES }));
const viaBinding = await bestOf3(() => bare(core, bytes, true));
const viaString = await bestOf3(() => bare(core, bytes, false));
const report = viaApi.result;
console.log(
  `wasm csv: ${megabytes.toFixed(1)} MB, ${report.rows} rows (${report.bad_rows} bad), CSAT ${report.csat.percent.toFixed(2)}%, ` +
    `${report.groups.length} segments`,
);
for (const [name, { seconds, cpuSeconds }] of [
  ['scoreCsv            ', viaApi],
  ['feedInput binding   ', viaBinding],
  ['feed(std::string)   ', viaString],
]) {
  console.log(
    `wasm csv: ${name} best of 3 ${seconds.toFixed(3)} s = ${(megabytes / seconds).toFixed(1)} MB/s, ` +
      `${Math.round(report.rows / seconds)} rows/s; CPU ${cpuSeconds.toFixed(3)} s = ${(megabytes / cpuSeconds).toFixed(1)} MB/s`,
  );
}

// In Chromium: a dedicated module worker on a page of the examples server (same origin, strict CSP).
const here = path.dirname(fileURLToPath(import.meta.url));
const server = await startServer({ port: 0, mounts: [['/bench/', here]] });
const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs, chromiumSandbox: false });
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  const result = await page.evaluate(
    (count) =>
      new Promise((resolve) => {
        const worker = new Worker('/bench/wasm-csv-worker.mjs', { type: 'module' });
        worker.addEventListener('message', (event) => resolve(event.data));
        worker.addEventListener('error', (event) => resolve({ error: event.message }));
        worker.postMessage({ rows: count });
      }),
    rows,
  );
  if (result.error) throw new Error(result.error);
  const mb = result.bytes / 1e6;
  console.log(
    `chromium worker csv: scoreCsv(File) best of 3 ${result.seconds.toFixed(3)} s = ${(mb / result.seconds).toFixed(1)} MB/s, ` +
      `${Math.round(result.rows / result.seconds)} rows/s (${result.rows} rows, ${result.badRows} bad, CSAT ${result.csat.toFixed(2)}%)`,
  );
} finally {
  await browser.close();
  await server.close();
}

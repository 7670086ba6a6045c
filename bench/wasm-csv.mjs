// CSV import throughput through the wasm module under Node: the same ~1,000,000 rows as
// bench/csv_throughput.cpp (same generator, same bytes), by week and segment, 64 KiB chunks.
// Best of 3, through scoreCsv (the public path) and through the bare binding.
import { performance } from 'node:perf_hooks';

import { init, scoreCsv } from '../web/core.js';

const CHUNK_BYTES = 64 * 1024;
const rows = Number(process.argv[2] ?? 1_000_000);
const options = { scale: 'csat5', column: 'rating', date_column: 'date', by: 'week', segment: 'segment' };

function generateCsv(count) {
  const segments = ['web', 'app', 'email', 'phone', '"chat, live"'];
  const monthDays = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]; // 2024
  let state = 2463534242;
  const next = () => {
    // xorshift32, as in the C++ benchmark.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  const parts = ['date,segment,rating\n'];
  for (let i = 0; i < count; ++i) {
    let day = Math.floor((i * 366) / count);
    let month = 0;
    while (day >= monthDays[month]) day -= monthDays[month++];
    const date = `2024-${String(month + 1).padStart(2, '0')}-${String(day + 1).padStart(2, '0')}`;
    const r = next();
    const garbage = (r >>> 8) % 1000;
    let rest;
    if (garbage === 0) rest = ',n/a\n';
    else if (garbage === 1) rest = ',7\n';
    else if (garbage === 2) rest = '\n';
    else {
      const p = (r >>> 16) % 100;
      rest = `,${p < 8 ? 1 : p < 15 ? 2 : p < 30 ? 3 : p < 60 ? 4 : 5}\n`;
    }
    parts.push(`${date},${segments[r % 5]}${rest}`);
  }
  return new TextEncoder().encode(parts.join(''));
}

async function bestOf3(run) {
  let best = Infinity;
  let result;
  for (let i = 0; i < 3; ++i) {
    const start = performance.now();
    result = await run();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return { seconds: best, result };
}

function bare(core, bytes) {
  const scoring = core.createCsvScoring(JSON.stringify(options));
  try {
    for (let at = 0; at < bytes.length; at += CHUNK_BYTES) scoring.feed(bytes.subarray(at, at + CHUNK_BYTES));
    return JSON.parse(scoring.finish()).value;
  } finally {
    scoring.delete();
  }
}

const bytes = generateCsv(rows);
const megabytes = bytes.length / 1e6;
const core = await init();

const viaApi = await bestOf3(() => scoreCsv(bytes, options, { chunkBytes: CHUNK_BYTES }));
const viaBinding = await bestOf3(() => bare(core, bytes));
const report = viaApi.result;
console.log(
  `wasm csv: ${megabytes.toFixed(1)} MB, ${report.rows} rows (${report.bad_rows} bad), CSAT ${report.csat.percent.toFixed(2)}%, ` +
    `${report.groups.length} segments`,
);
for (const [name, { seconds }] of [['scoreCsv', viaApi], ['binding ', viaBinding]]) {
  console.log(
    `wasm csv: ${name} best of 3 ${seconds.toFixed(3)} s = ${(megabytes / seconds).toFixed(1)} MB/s, ` +
      `${Math.round(report.rows / seconds)} rows/s (64 KiB chunks, by week and segment)`,
  );
}

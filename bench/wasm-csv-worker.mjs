// Runs in a Web Worker in Chromium for bench/wasm-csv.mjs: generates the benchmark export,
// wraps it in a File (as a dropped file is), scores it with scoreCsv three times and posts the
// best time. Message in: {rows}; out: {seconds, bytes, rows, badRows, csat} or {error}.
import { init, scoreCsv } from '../web/core.js';
import { benchOptions, generateCsv } from './csv-generator.mjs';

self.addEventListener('message', async (event) => {
  try {
    const bytes = generateCsv(event.data.rows);
    const file = new File([bytes], 'export.csv', { type: 'text/csv' });
    await init();
    let best = Infinity;
    let report;
    for (let run = 0; run < 3; ++run) {
      const start = performance.now();
      report = await scoreCsv(file, benchOptions);
      best = Math.min(best, (performance.now() - start) / 1000);
    }
    self.postMessage({ seconds: best, bytes: bytes.length, rows: report.rows, badRows: report.bad_rows, csat: report.csat.percent });
  } catch (error) {
    self.postMessage({ error: String(error?.message ?? error) });
  }
});

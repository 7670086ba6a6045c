// Figures for the calculator page (asserts nothing): what examples/calculator.html downloads
// (raw and gzip -9, per file and in all), and CSV scoring in headless Chromium through the page's
// worker — a generated 1,000,000-row export (date, rating, segment; ~20 MB) dropped on the page,
// timed from the drop to the results event, by week and by segment like bench/wasm-csv.mjs.
import { gzipSync } from 'node:zlib';

import { startBrowser } from '../tests/browser/harness.mjs';

const ROWS = Number(process.env.CSATKIT_BENCH_ROWS ?? 1_000_000);
const running = await startBrowser();
try {
  const page = await running.context.newPage();
  const files = new Map();
  page.on('response', async (response) => {
    if (response.status() !== 200) return;
    const body = await response.body().catch(() => null);
    if (body) files.set(new URL(response.url()).pathname, body);
  });
  await page.goto(`${running.baseUrl}/calculator.html`);
  await page.getByRole('heading', { name: 'CSAT and ROI calculator' }).waitFor({ timeout: 60_000 });
  await page.getByRole('radio', { name: 'Totals per group' }).check();
  await page.getByLabel('Satisfied (rated 4–5)', { exact: true }).fill('600');
  await page.getByRole('status').filter({ hasText: /responses/ }).first().waitFor();
  await page.waitForLoadState('networkidle');

  let raw = 0;
  let gzip = 0;
  console.log('file'.padEnd(44), 'raw'.padStart(9), 'gzip-9'.padStart(9));
  for (const [path, body] of [...files].sort()) {
    const packed = gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gzip += packed;
    console.log(path.padEnd(44), String(body.length).padStart(9), String(packed).padStart(9));
  }
  console.log('page weight (before any CSV)'.padEnd(44), String(raw).padStart(9), String(gzip).padStart(9));

  await page.getByRole('radio', { name: 'CSV file' }).check();
  const dataTransfer = await page.evaluateHandle((rows) => {
    const segments = ['web', 'phone', 'email', 'chat'];
    const parts = ['date,rating,segment\n'];
    for (let i = 0; i < rows; i += 1) {
      parts.push(`2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')},${1 + ((i * 7) % 5)},${segments[i % 4]}\n`);
    }
    const transfer = new DataTransfer();
    transfer.items.add(new File(parts, 'bench.csv', { type: 'text/csv' }));
    return transfer;
  }, ROWS);
  const size = await dataTransfer.evaluate((transfer) => transfer.files[0].size);
  // The first drop scores with the detected columns (the date guessed, by week); then by segment too.
  const start = Date.now();
  await page.getByText('Drop a CSV file here, or').dispatchEvent('drop', { dataTransfer });
  await page.getByRole('status').filter({ hasText: /rows read from bench\.csv/ }).waitFor({ timeout: 300_000 });
  const plain = (Date.now() - start) / 1000;
  console.log(`CSV ${ROWS.toLocaleString('en')} rows, ${(size / 1e6).toFixed(1)} MB, by week: ${plain.toFixed(2)} s, ${(size / 1e6 / plain).toFixed(1)} MB/s, ${(ROWS / plain / 1e6).toFixed(2)} M rows/s`);
  const grouped = Date.now();
  await page.getByLabel('Segment column').selectOption('segment');
  await page.getByRole('table', { name: 'Segments' }).waitFor({ timeout: 300_000 });
  const withGroups = (Date.now() - grouped) / 1000;
  console.log(`the same by week and segment: ${withGroups.toFixed(2)} s, ${(size / 1e6 / withGroups).toFixed(1)} MB/s, ${(ROWS / withGroups / 1e6).toFixed(2)} M rows/s`);
  await page.close();
} finally {
  await running.close();
}

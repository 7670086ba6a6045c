// The calculator's CSV path in Chromium: a generated export dropped on the page (and chosen with
// the file picker), scored by the wasm core in a worker; bad rows listed with their line numbers
// and never fatal; date and segment columns give a trend and segment differences marked
// significant or within noise; a 1,000,000-row file shows progress and can be cancelled while
// the page keeps answering.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { dropCsv, headline, openCalculator, region, waitForText } from './calculator-page.mjs';
import { useBrowser } from './harness.mjs';

// 600 valid rows: "web" 300 rows with 70% satisfied (per 10: five 5s — written as the label
// "Very satisfied" every other time —, two 4s, one each of 3, 2, 1) and "phone" 300 rows with 40%
// satisfied (three 5s, one 4, two 3s, two 2s, two 1s). Months rotate Jan, Feb, Mar, so each month
// has the same mix. Overall: (210 + 120)/600 = 55% satisfied.
// Two bad rows at known lines: line 5 has two fields, line 10 an 11 on a 1–5 scale.
const webPattern = [5, 5, 5, 5, 5, 4, 4, 3, 2, 1];
const phonePattern = [5, 5, 5, 4, 3, 3, 2, 2, 1, 1];

function generatedCsv() {
  const lines = ['date,rating,channel'];
  for (let i = 0; i < 600; i += 1) {
    const web = i < 300;
    const j = web ? i : i - 300;
    let rating = String((web ? webPattern : phonePattern)[j % 10]);
    if (web && rating === '5' && j % 2 === 0) rating = 'Very satisfied';
    const month = 1 + (i % 3);
    const day = 1 + (i % 28);
    lines.push(`2024-0${month}-${String(day).padStart(2, '0')},${rating},${web ? 'web' : 'phone'}`);
    // lines.length is the line number of the next line (the header is line 1).
    if (lines.length === 4) lines.push('2024-01-05,5');
    if (lines.length === 9) lines.push('2024-02-01,11,web');
  }
  return `${lines.join('\n')}\n`;
}

describe('calculator: CSV files', () => {
  const browser = useBrowser();

  test('a dropped export: bad rows listed with line numbers, every valid row scored', async () => {
    const { page, problems } = await openCalculator(browser);
    await dropCsv(page, 'export.csv', generatedCsv());
    const text = await headline(page, /600 responses/);
    // 330/600 = 55%; Wilson 95% (z = NormalDist().inv_cdf(0.975), by hand in Python):
    // 51.0000–58.9363, half-width 3.97 → "± 4.0 points, 51.0–58.9".
    assert.match(text, /CSAT 55% ± 4\.0 points, 51\.0–58\.9/);
    const badRows = page.getByRole('list', { name: /2 bad rows were skipped/ });
    await badRows.waitFor({ timeout: 30_000 });
    const items = await badRows.getByRole('listitem').allTextContents();
    assert.equal(items.length, 2);
    assert.match(items[0], /^Line 5: 2 fields, header has 3/);
    assert.match(items[1], /^Line 10: rating "11" is not on the csat5 scale/);
    assert.match(await page.getByRole('status').filter({ hasText: /rows read/ }).textContent(), /602 rows read from export\.csv/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('date and segment columns: a trend per month and segments marked significant or within noise', async () => {
    const { page, problems } = await openCalculator(browser);
    await dropCsv(page, 'export.csv', generatedCsv());
    await headline(page, /600 responses/);
    // The date column is guessed from its name; choose the segment and the period.
    assert.equal(await page.getByLabel('Date column').inputValue(), 'date');
    await page.getByLabel('Trend per').selectOption('month');
    await page.getByLabel('Segment column').selectOption('channel');
    const trend = page.getByRole('table', { name: 'Trend' });
    await trend.waitFor({ timeout: 30_000 });
    const periods = await trend.getByRole('row').allTextContents();
    // A header and three months; every month has the same mix, so no change is significant.
    assert.equal(periods.length, 4);
    assert.match(periods[1], /^2024-01/);
    assert.match(periods[2], /within noise$/);
    assert.match(periods[3], /within noise$/);
    const segments = page.getByRole('table', { name: 'Segments' });
    const web = await segments.getByRole('row', { name: /^web/ }).textContent();
    const phone = await segments.getByRole('row', { name: /^phone/ }).textContent();
    // 70% vs 40% on 300 answers each: z ≈ 7.4, significant after any correction.
    assert.match(web, /^web300\s*70\.0.*\+30\.0 points.*significant$/);
    assert.match(phone, /^phone300\s*40\.0.*−30\.0 points.*significant$/);
    assert.doesNotMatch(web, /within noise/);
    assert.match(await region(page, 'Trend · Segments').textContent(), /Holm-corrected/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the file picker, and choosing the rating column when two look like one', async () => {
    const { page, problems } = await openCalculator(browser);
    await page.getByRole('radio', { name: 'CSV file' }).check();
    const csv = 'id;csat;nps_score\n1;5;10\n2;4;9\n3;1;0\n4;"Very satisfied";7\n';
    await page.getByLabel('Choose a CSV file').setInputFiles({ name: 'two.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const alert = page.getByRole('alert').filter({ hasText: /several columns look like a rating/ });
    await alert.waitFor({ timeout: 30_000 });
    assert.match(await alert.textContent(), /"csat", "nps_score"/);
    await page.getByLabel('Rating column').selectOption('csat');
    // 5, 4, 1, "Very satisfied": 3 of 4 satisfied.
    assert.match(await headline(page, /4 responses/), /CSAT 75%/);
    assert.equal(await alert.count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a 1,000,000-row file shows its progress, the page keeps answering, and Cancel stops it', async () => {
    const { page, problems } = await openCalculator(browser);
    await page.getByLabel('Average spend per customer').fill('100');
    const dataTransfer = await page.evaluateHandle(() => {
      const parts = ['date,rating,channel\n'];
      for (let i = 0; i < 1_000_000; i += 1) parts.push(`2024-03-${String(1 + (i % 28)).padStart(2, '0')},${1 + (i % 5)},web\n`);
      const transfer = new DataTransfer();
      transfer.items.add(new File(parts, 'million.csv', { type: 'text/csv' }));
      return transfer;
    });
    await page.getByRole('radio', { name: 'CSV file' }).check();
    await page.getByText('Drop a CSV file here, or').dispatchEvent('drop', { dataTransfer });
    const progress = page.getByRole('progressbar', { name: 'Scoring the file' });
    await page.getByText(/[\d,]+ rows read, \d+%/).waitFor({ timeout: 30_000 });
    assert.ok(Number(await progress.getAttribute('value')) >= 0);
    // The main thread answers while the worker scores: typing changes a field at once.
    await page.getByLabel('Average spend per customer').fill('250');
    assert.equal(await page.getByLabel('Average spend per customer').inputValue(), '250');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Scoring cancelled; the previous results are kept.').waitFor({ timeout: 30_000 });
    assert.equal(await progress.isVisible(), false);
    assert.deepEqual(problems, []);
    await page.close();
  });
});

// The calculator's state in the URL (a link reproduces the view; a bad link says what is wrong)
// and its exports (CSV and JSON parse and hold the same numbers as the page; the chart is SVG and
// PNG), in Chromium under the strict CSP.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

import { addCalculator, classic, dropCsv, headline, openCalculator, region, typeTotals, waitForText } from './calculator-page.mjs';
import { useBrowser } from './harness.mjs';

async function classicView(page) {
  await typeTotals(page, classic);
  await page.getByLabel('Average spend per customer').fill('500');
  await page.getByLabel('Currency').selectOption('EUR');
  await page.getByLabel('Industry (benchmark)').selectOption('banks');
  await page.getByRole('radio', { name: 'New answers' }).check();
  await page.getByLabel('After: Satisfied (rated 4–5)').fill('700');
  await page.getByLabel('After: Neutral (rated 3)').fill('200');
  await page.getByLabel('After: Dissatisfied (rated 1–2)').fill('100');
  await waitForText(page, 'Revenue at risk', /€46,000 saved/);
}

async function downloaded(page, buttonName, scope = page) {
  const [download] = await Promise.all([page.waitForEvent('download'), scope.getByRole('button', { name: buttonName, exact: true }).click()]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

// Two months and two channels, 40 answers each: enough for a trend and segments chart.
function monthsAndChannels() {
  const lines = ['date,rating,channel'];
  for (let i = 0; i < 160; i += 1) lines.push(`2024-0${1 + (i % 2)}-1${i % 9},${1 + (i % 5)},${i % 4 < 2 ? 'web' : 'phone'}`);
  return `${lines.join('\n')}\n`;
}

/** What the browser's XML parser makes of an SVG file: its root and its <title>, or the parse error. */
function parseSvg(page, text) {
  return page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const error = doc.querySelector('parsererror');
    return { error: error?.textContent ?? null, root: doc.documentElement.localName, title: doc.querySelector('svg > title')?.textContent ?? null };
  }, text);
}

function assertPng(bytes, label) {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${label}: PNG signature`);
  // IHDR: width and height, both above zero.
  assert.ok(bytes.readUInt32BE(16) > 0 && bytes.readUInt32BE(20) > 0, `${label}: size`);
  assert.ok(bytes.length > 1000, `${label}: ${bytes.length} bytes`);
}

describe('calculator: share link and exports', () => {
  const browser = useBrowser();

  test('the link reproduces the exact view in a new page', async () => {
    const { page, problems } = await openCalculator(browser);
    await classicView(page);
    const link = await page.getByLabel('Link to this view').inputValue();
    assert.equal(link, page.url());
    assert.match(link, /#calc=1&/);
    const before = {
      headline: await headline(page, /1,000 responses/),
      revenue: await region(page, 'Revenue at risk').textContent(),
      benchmark: await region(page, 'Benchmark').textContent(),
    };

    const other = await browser.newPage({});
    await other.page.goto(link);
    const after = {
      headline: await headline(other.page, /1,000 responses/),
      revenue: await waitForText(other.page, 'Revenue at risk', /€46,000 saved/),
      benchmark: await waitForText(other.page, 'Benchmark', /ACSI/),
    };
    assert.deepEqual(after, before);
    assert.equal(await other.page.getByRole('radio', { name: 'Totals per group' }).isChecked(), true);
    assert.equal(await other.page.getByLabel('Satisfied (rated 4–5)', { exact: true }).inputValue(), '600');
    assert.equal(await other.page.getByLabel('Currency').inputValue(), 'EUR');
    assert.equal(await other.page.getByRole('radio', { name: 'New answers' }).isChecked(), true);
    assert.match(before.benchmark, /Banks: ACSI \d+ \(20\d\d; source: /);
    assert.match(before.benchmark, /not the same measure as your CSAT %/);
    assert.deepEqual(problems, []);
    assert.deepEqual(other.problems, []);
    await other.page.close();
    await page.close();
  });

  test('a bad link names what is wrong and shows the defaults', async () => {
    const { page, problems } = await openCalculator(browser, { hash: '#calc=1&spend=lots&counts=1.2&colour=red' });
    const alert = page.getByRole('alert').filter({ hasText: /could not be read/ });
    await alert.waitFor({ timeout: 30_000 });
    const text = await alert.textContent();
    assert.match(text, /spend: not a number/);
    assert.match(text, /counts: csat5 has 5 points, the link gives 2/);
    assert.match(text, /colour: not a setting of the calculator/);
    assert.equal(await page.getByLabel('Average spend per customer').inputValue(), '');
    const future = await openCalculator(browser, { hash: '#calc=7&spend=1' });
    await future.page.getByRole('alert').filter({ hasText: /version 7 is not one this calculator reads/ }).waitFor({ timeout: 30_000 });
    assert.deepEqual(problems, []);
    await future.page.close();
    await page.close();
  });

  test('CSV and JSON exports parse and hold the numbers on the page', async () => {
    const { page, problems } = await openCalculator(browser);
    await classicView(page);
    const csv = await downloaded(page, 'Download results (CSV)');
    assert.equal(csv.name, 'csat-results.csv');
    const rows = csv.bytes.toString('utf8').trim().split('\r\n').map((line) => line.split(','));
    assert.deepEqual(rows[0], ['section', 'metric', 'value', 'low', 'high']);
    const row = (section, metric) => rows.find((r) => r[0] === section && r[1] === metric)?.slice(2).map(Number);
    assert.deepEqual(row('score', 'csat'), [60, 56.93, 62.99]);
    assert.deepEqual(row('score', 'n'), [1000, 0, 0]);
    assert.equal(row('revenue', 'at_risk')[0], 172000);
    assert.equal(row('revenue', 'after_at_risk')[0], 126000);
    assert.equal(row('revenue', 'saved')[0], 46000);
    assert.equal(rows.find((r) => r[1] === 'currency')[2], 'EUR');

    const json = JSON.parse((await downloaded(page, 'Download results (JSON)')).bytes.toString('utf8'));
    assert.equal(json.csatkit_calculator, 1);
    assert.deepEqual(json.score.csat, { percent: 60, low: 56.93, high: 62.99 });
    assert.equal(json.revenue.at_risk.value, 172000);
    assert.equal(json.revenue.saved.value, 46000);
    assert.equal(json.state.spend, 500);
    assert.equal(json.benchmark.id, 'banks');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the chart downloads as the core\'s SVG and as a PNG', async () => {
    const { page, problems } = await openCalculator(browser, { hash: '#calc=1&counts=100.100.200.300.300' });
    const figure = region(page, 'Distribution').locator('svg');
    await figure.waitFor({ timeout: 30_000 });
    const svg = (await downloaded(page, 'Download the distribution chart (SVG)')).bytes.toString('utf8');
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /<\/svg>\s*$/);
    assert.match(svg, /<title[^>]*>Distribution<\/title>/);
    const png = (await downloaded(page, 'Download the distribution chart (PNG)')).bytes;
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // Width and height from the IHDR chunk: twice the chart's size on screen.
    const box = await figure.boundingBox();
    assert.equal(png.readUInt32BE(16), Math.round(box.width) * 2);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the trend and segments charts download as SVG and PNG too, each button named after its chart', async () => {
    const { page, problems } = await openCalculator(browser);
    await dropCsv(page, 'export.csv', monthsAndChannels());
    await headline(page, /160 responses/);
    await page.getByLabel('Trend per').selectOption('month');
    await page.getByLabel('Segment column').selectOption('channel');
    const groups = region(page, 'Trend · Segments');
    await groups.locator('figure[data-chart="segments"] svg').waitFor({ timeout: 30_000 });
    for (const [kind, title] of [['distribution', 'Distribution'], ['trend', 'Trend'], ['segments', 'Segments']]) {
      const svg = await downloaded(page, `Download the ${kind} chart (SVG)`);
      assert.equal(svg.name, `csat-${kind}-chart.svg`);
      const parsed = await parseSvg(page, svg.bytes.toString('utf8'));
      assert.deepEqual(parsed, { error: null, root: 'svg', title }, kind);
      const png = await downloaded(page, `Download the ${kind} chart (PNG)`);
      assert.equal(png.name, `csat-${kind}-chart.png`);
      assertPng(png.bytes, kind);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('in Dutch the chart buttons say which chart, and download it', async () => {
    const { page, problems } = await openCalculator(browser);
    const dutch = await addCalculator(page, { lang: 'nl' }, 'CSAT- en ROI-calculator');
    await dropCsv(page, 'export.csv', monthsAndChannels(), { scope: dutch, radio: 'CSV-bestand', dropText: 'Sleep een CSV-bestand hierheen, of' });
    await dutch.getByRole('status').filter({ hasText: /160 antwoorden/ }).first().waitFor({ timeout: 30_000 });
    await dutch.getByLabel('Trend per').selectOption('month');
    await dutch.getByLabel('Segmentkolom').selectOption('channel');
    await dutch.locator('figure[data-chart="segments"] svg').waitFor({ timeout: 30_000 });
    const names = await dutch.locator('figure button').allTextContents();
    assert.deepEqual(names, [
      'Grafiek van de verdeling downloaden (SVG)',
      'Grafiek van de verdeling downloaden (PNG)',
      'Grafiek van de trend downloaden (SVG)',
      'Grafiek van de trend downloaden (PNG)',
      'Grafiek van de segmenten downloaden (SVG)',
      'Grafiek van de segmenten downloaden (PNG)',
    ]);
    const svg = await downloaded(page, 'Grafiek van de segmenten downloaden (SVG)', dutch);
    assert.deepEqual(await parseSvg(page, svg.bytes.toString('utf8')), { error: null, root: 'svg', title: 'Segmenten' });
    assertPng((await downloaded(page, 'Grafiek van de trend downloaden (PNG)', dutch)).bytes, 'trend');
    assert.deepEqual(problems, []);
    await page.close();
  });
});

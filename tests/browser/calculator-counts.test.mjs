// examples/calculator.html driven like a user types: counts and totals, the worked example
// of the issue (numbers checked by hand below), the improvement scenario, errors from the core.
//
// Expected figures, computed independently of csatkit:
// - CSAT 600/1000 = 60%; Wilson 95% interval (z = 1.959964): centre (p + z²/2n)/(1 + z²/n) =
//   0.601528…/… → 56.93–62.99 (Python: statsmodels proportion_confint(600, 1000, method='wilson'));
//   half-width (62.99 − 56.93)/2 = 3.03 → "± 3.0".
// - Revenue at risk (GetFeedback method): 200 × 0.92 × $500 + 200 × 0.80 × $500 = 92,000 + 80,000
//   = $172,000. After 700/200/100: 100 × 0.92 × 500 + 200 × 0.80 × 500 = 46,000 + 80,000 =
//   $126,000; saved 172,000 − 126,000 = $46,000.
// - Mean of 100/100/200/300/300 on 1–5: (100 + 200 + 600 + 1200 + 1500)/1000 = 3.60.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { classic, headline, openCalculator, region, typeTotals, waitForText } from './calculator-page.mjs';
import { useBrowser } from './harness.mjs';

describe('calculator: typed answers', () => {
  const browser = useBrowser();

  test('the worked example: CSAT 60% ± 3.0 points, 56.9–63.0 and $172,000 at risk', async () => {
    const { page, problems, response } = await openCalculator(browser);
    assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
    await typeTotals(page, classic);
    await page.getByLabel('Average spend per customer').fill(String(classic.spend));
    const text = await headline(page, /1,000 responses/);
    assert.match(text, /CSAT 60% ± 3\.0 points, 56\.9–63\.0/);
    const revenue = await waitForText(page, 'Revenue at risk', /\$172,000 at risk/);
    assert.match(revenue, /range \$159,132–\$185,197/);
    assert.match(revenue, /344 customers likely to leave/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('improving to 700/200/100 leaves $126,000 at risk and saves $46,000', async () => {
    const { page, problems } = await openCalculator(browser);
    await typeTotals(page, classic);
    await page.getByLabel('Average spend per customer').fill('500');
    await waitForText(page, 'Revenue at risk', /\$172,000 at risk/);
    await page.getByRole('radio', { name: 'New answers' }).check();
    await page.getByLabel('After: Satisfied (rated 4–5)').fill('700');
    await page.getByLabel('After: Neutral (rated 3)').fill('200');
    await page.getByLabel('After: Dissatisfied (rated 1–2)').fill('100');
    const text = await waitForText(page, 'Revenue at risk', /\$46,000 saved/);
    assert.match(text, /\$126,000 still at risk/);
    assert.match(text, /\$172,000 at risk/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the slider improves by whole points; a target score turns into the points it needs', async () => {
    const { page } = await openCalculator(browser);
    await typeTotals(page, classic);
    await page.getByLabel('Average spend per customer').fill('500');
    await page.getByRole('radio', { name: 'Improve by points' }).check();
    const slider = page.getByRole('slider', { name: 'Improve by (points)' });
    await slider.focus();
    await slider.press('End'); // keyboard: the slider's maximum, +40 points
    // +40 points of 60% moves every dissatisfied and neutral customer (40% of 1,000) to satisfied:
    // nothing is left at risk, and all $172,000 is saved.
    let text = await waitForText(page, 'Revenue at risk', /\+40 points/);
    await waitForText(page, 'Revenue at risk', /\$172,000 saved/);
    text = await region(page, 'Revenue at risk').textContent();
    assert.match(text, /\$0 still at risk/);
    // Target 70% from 60%: +10 points, the same as the slider at 10.
    await page.getByLabel('Target score (%)').fill('70');
    await page.getByRole('radio', { name: 'Reach the target score' }).check();
    const byTarget = await waitForText(page, 'Revenue at risk', /saved/);
    await page.getByRole('radio', { name: 'Improve by points' }).check();
    await slider.fill('10');
    await waitForText(page, 'Revenue at risk', /\+10 points/);
    const byPoints = await region(page, 'Revenue at risk').textContent();
    const saved = (s) => /(\$[\d,]+) saved/.exec(s)[1];
    assert.equal(saved(byTarget), saved(byPoints));
    // A target already reached says so.
    await page.getByLabel('Target score (%)').fill('55');
    await page.getByRole('radio', { name: 'Reach the target score' }).check();
    await waitForText(page, 'Revenue at risk', /already reaches the target/);
    await page.close();
  });

  test('counts per point give the mean with its interval, and the core names a bad count', async () => {
    const { page, problems } = await openCalculator(browser);
    const counts = { 1: 100, 2: 100, 3: 200, 4: 300, 5: 300 };
    const labels = ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'];
    for (const [point, count] of Object.entries(counts)) {
      await page.getByLabel(`${point} – ${labels[point - 1]}`, { exact: true }).fill(String(count));
    }
    assert.match(await headline(page, /1,000 responses/), /CSAT 60% ± 3\.0 points, 56\.9–63\.0/);
    const results = await waitForText(page, 'Results', /Mean/);
    assert.match(results, /Mean 3\.60 out of 5 \(3\.52–3\.68\)/);
    // The distribution table lists every point with its count.
    const table = region(page, 'Distribution').getByRole('table');
    assert.equal(await table.getByRole('row', { name: /Very satisfied/ }).getByRole('cell').textContent(), '300');

    await page.getByLabel('1 – Very dissatisfied', { exact: true }).fill('-5');
    const alert = page.getByRole('alert').filter({ hasText: /whole number of at least 0/ });
    await alert.waitFor({ timeout: 30_000 });
    assert.equal(await page.getByLabel('1 – Very dissatisfied', { exact: true }).getAttribute('aria-invalid'), 'true');
    await page.getByLabel('1 – Very dissatisfied', { exact: true }).fill('100');
    await headline(page, /1,000 responses/);
    assert.equal(await page.getByLabel('1 – Very dissatisfied', { exact: true }).getAttribute('aria-invalid'), null);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('pasted scores: labels understood, values off the scale listed and not scored', async () => {
    const { page } = await openCalculator(browser);
    await page.getByRole('radio', { name: 'Pasted scores' }).check();
    await page.getByRole('textbox', { name: /^Scores/ }).fill('5\n4\nVery satisfied\n2, 9; x\n3');
    const text = await headline(page, /5 responses/);
    // 3 of 5 satisfied (5, 4, "Very satisfied"): 60%; Wilson 95% for 3/5 = 23.07–88.24.
    assert.match(text, /CSAT 60%.*23\.1–88\.2/);
    assert.match(await region(page, 'Results').textContent(), /2 answers were not on the scale.*“9”, “x”/);
    await page.close();
  });

  test('NPS: the score with its interval and the three groups; a small sample is flagged', async () => {
    const { page } = await openCalculator(browser);
    await page.getByLabel('Survey type and scale').selectOption('nps');
    await page.getByRole('radio', { name: 'Totals per group' }).check();
    await page.getByLabel('Promoters (rated 9–10)', { exact: true }).fill('20');
    await page.getByLabel('Passives (rated 7–8)', { exact: true }).fill('12');
    await page.getByLabel('Detractors (rated 0–6)', { exact: true }).fill('8');
    // NPS = (20 − 8)/40 = 30; adjusted-Wald interval (¾ added to promoters and detractors, 3 to n):
    // p+ = 20.75/43 = 0.48256, p− = 8.75/43 = 0.20349, centre 27.907, var = (p+ + p− − (p+ − p−)²)/43
    // = 0.014143, ± 1.959964 × 0.11893 = 23.31 → 4.6–51.2 (by hand, checked with Python floats).
    const text = await headline(page, /40 responses/);
    assert.match(text, /^NPS 30\b.*4\.6–51\.2/);
    const results = await region(page, 'Results').textContent();
    assert.match(results, /20 promoters, 12 passives, 8 detractors/);
    assert.match(results, /Small sample/);
    await page.close();
  });
});

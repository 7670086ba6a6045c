// examples/index.html in Chromium, used the way a person (or a screen reader) would: inputs
// found by their labels, the button by its name, the result read from the live region.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { describeViolations, useBrowser } from './harness.mjs';

const counts = {
  'Very dissatisfied': 100,
  Dissatisfied: 100,
  Neutral: 200,
  Satisfied: 300,
  'Very satisfied': 300,
};

async function fillCounts(page, values) {
  for (const [label, count] of Object.entries(values)) {
    await page.getByLabel(label, { exact: true }).fill(String(count));
  }
}

describe('examples/index.html (counts calculator)', () => {
  const browser = useBrowser();

  test('computes CSAT with its interval from the counts', async () => {
    const { page, problems } = await browser.newPage();
    const response = await page.goto(`${browser.baseUrl}/`);
    assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
    await fillCounts(page, counts);
    await page.getByRole('button', { name: 'Calculate' }).click();
    const result = page.getByRole('status');
    await result.filter({ hasText: 'CSAT' }).waitFor({ timeout: 30_000 });
    const text = await result.textContent();
    assert.match(text, /CSAT 60\.0%/);
    assert.match(text, /95% CI 56\.9–63\.0/);
    assert.match(text, /n = 1,000/);
    assert.match(await page.locator('#mean').textContent(), /Mean 3\.60/);
    assert.equal(await page.locator('#error').textContent(), '');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('shows the core\'s error for a negative count and marks the input', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${browser.baseUrl}/`);
    await fillCounts(page, { ...counts, 'Very dissatisfied': -5 });
    await page.getByRole('button', { name: 'Calculate' }).click();
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: /\S/ }).waitFor({ timeout: 30_000 });
    assert.match(await alert.textContent(), /whole number of at least 0/);
    const input = page.getByLabel('Very dissatisfied', { exact: true });
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'count-1');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('has no axe violations, before and after a calculation', async () => {
    const url = `${browser.baseUrl}/`;
    const initial = await browser.axeViolations(url);
    assert.equal(initial.length, 0, describeViolations(initial));
    const calculated = await browser.axeViolations(url, async (page) => {
      await fillCounts(page, counts);
      await page.getByRole('button', { name: 'Calculate' }).click();
      await page.getByRole('status').filter({ hasText: 'CSAT' }).waitFor({ timeout: 30_000 });
    });
    assert.equal(calculated.length, 0, describeViolations(calculated));
  });
});

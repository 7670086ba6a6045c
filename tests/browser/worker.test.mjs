// The wasm module loads and answers inside a module worker, under the strict CSP.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { useBrowser } from './harness.mjs';

const browser = useBrowser();

test('a module worker imports /web/core.js and scores', async () => {
  const { page, problems } = await browser.newPage();
  await page.goto(`${browser.baseUrl}/test/worker.html`);
  const result = page.getByRole('status');
  await result.filter({ hasText: /report|error/ }).waitFor({ timeout: 30_000 });
  const answer = JSON.parse(await result.textContent());
  assert.equal(answer.error, undefined);
  assert.deepEqual(answer.report.csat, { percent: 60, low: 56.93, high: 62.99 });
  assert.deepEqual(problems, []);
});

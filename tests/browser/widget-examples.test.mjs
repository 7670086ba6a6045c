// The widget's example pages, used as a visitor would; the collector behind /api/csat must receive the answers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { useBrowser } from './harness.mjs';
import { receivedResponses } from './widget-pages.mjs';

describe('widget examples', () => {
  const browser = useBrowser();

  test('popup.html: closing the chat asks, a follow-up comment updates the same response', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${browser.baseUrl}/popup.html`);
    await page.getByRole('button', { name: 'Close chat' }).click();
    await page.getByRole('radio', { name: 'Neutral' }).click();
    await page.getByRole('textbox').fill('Took a while');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('status').filter({ hasText: 'Thank you' }).first().waitFor();
    const responses = await receivedResponses(browser.collector);
    await page.waitForFunction(() => !Object.keys(localStorage).some((key) => key.startsWith('csatkit:outbox')));
    assert.equal((await browser.collector.list()).length, 1);
    assert.equal(responses[0].survey_id, 'post-chat');
    assert.equal((await browser.collector.list())[0].comment, 'Took a while');
    await showsReceived(page, responses[0].id, '"comment": "Took a while"');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('kb-article.html: "No" with a reason is delivered with the article', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${browser.baseUrl}/kb-article.html`);
    await page.getByRole('button', { name: 'No', exact: true }).click();
    await page.getByRole('button', { name: 'Outdated' }).click();
    await page.getByRole('button', { name: 'Outdated' }).and(page.locator('[aria-pressed="true"]')).waitFor();
    await page.locator('csatkit-prompt [data-csatkit-action="submit"]').click();
    await page.waitForFunction(() => !Object.keys(localStorage).some((key) => key.startsWith('csatkit:outbox')));
    const [response] = await receivedResponses(browser.collector);
    assert.equal(response.survey_id, 'kb-helpful');
    assert.equal(response.score, 0);
    await showsReceived(page, response.id, '"survey_id": "kb-helpful"');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('framework.html: mount() from a module, shown on a button press', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${browser.baseUrl}/framework.html`);
    await page.getByRole('button', { name: 'Rate your checkout' }).click();
    await page.getByRole('radio', { name: /^10/ }).click();
    await page.getByRole('status').filter({ hasText: 'You gave 10' }).waitFor();
    const [response] = await receivedResponses(browser.collector);
    assert.equal(response.score, 10);
    await showsReceived(page, response.id, '"touchpoint": "checkout"');
    // The page's second survey (<csat-survey>, shown at load) and this one share the visitor's
    // history and the session's page count: one page view, and both displays kept.
    const [history, pageviews] = await page.evaluate(() => [
      JSON.parse(localStorage.getItem('csatkit:visitor')),
      sessionStorage.getItem('csatkit:pageviews'),
    ]);
    assert.equal(pageviews, '1');
    assert.deepEqual([history.surveys.checkout?.displays, history.surveys['element-demo']?.displays], [1, 1]);
    assert.equal(typeof history.surveys.checkout.last_answered, 'number');
    assert.deepEqual(problems, []);
    await page.close();
  });
});

/** The page's "What the endpoint received" panel lists the response `id`, with `text` in it. */
async function showsReceived(page, id, text) {
  const panel = page.getByRole('region', { name: 'What the endpoint received' });
  await panel.getByText(`"id": "${id}"`).waitFor();
  assert.ok((await panel.textContent()).includes(text), await panel.textContent());
}

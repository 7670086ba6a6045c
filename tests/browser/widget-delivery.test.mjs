// Delivery: every answer reaches the endpoint exactly once, through outages, reloads and closed
// tabs. The endpoint is scripts/serve.mjs's demo collector; the test switches it off and on.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';

import { startBrowser } from './harness.mjs';
import { openHostPage, receivedResponses } from './widget-pages.mjs';

const definition = {
  id: 'delivery',
  type: 'csat',
  display: { respect_global_cooldown: false, recontact_days: 0, dismiss_days: 0, max_displays: null, triggers: { events: ['ask'] } },
};
// While the endpoint is down, the browser reports each refused POST; nothing else may go wrong.
const unexpected = (problems) => problems.filter((p) => !/503|Failed to load resource|api\/csat/.test(p));

async function answer(page, label, comment) {
  await page.evaluate(() => window.csatkit.track('ask'));
  await page.getByRole('radio', { name: label }).click();
  if (comment !== undefined) {
    await page.getByRole('textbox').fill(comment);
    await page.getByRole('button', { name: 'Send' }).click();
  }
}

describe('widget delivery', () => {
  let browser;
  before(async () => {
    browser = await startBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(() => {
    browser.collector.clear();
    browser.collector.down = false;
  });

  test('endpoint down: answers wait in the outbox; endpoint back: each delivered exactly once', async () => {
    browser.collector.down = true;
    const { page, problems } = await openHostPage(browser, { definition, name: 'down' });
    await answer(page, '2 – Dissatisfied', 'Too slow');
    await page.getByRole('status').filter({ hasText: 'Thank you' }).first().waitFor();
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('csatkit:outbox') || '[]').length === 1);
    const queued = await page.evaluate(() => JSON.parse(JSON.parse(localStorage.getItem('csatkit:outbox'))[0].body));
    assert.equal(queued.comment, 'Too slow', 'the update replaced the score-only version');
    assert.equal(browser.collector.list().length, 0);
    browser.collector.down = false;
    await page.evaluate(() => dispatchEvent(new Event('online')));
    const [delivered] = await receivedResponses(browser.collector);
    assert.equal(delivered.id, queued.id);
    assert.equal(delivered.comment, 'Too slow');
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('csatkit:outbox') || '[]').length === 0);
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await page.waitForTimeout(300);
    assert.equal(browser.collector.list().length, 1);
    assert.deepEqual(unexpected(problems), []);
    await page.close();
  });

  test('page closed mid-send: delivered on the next visit, once', async () => {
    browser.collector.down = true;
    const first = await openHostPage(browser, { definition, name: 'closed' });
    await answer(first.page, '5 – Very satisfied');
    await first.page.waitForFunction(() => JSON.parse(localStorage.getItem('csatkit:outbox') || '[]').length === 1);
    const id = await first.page.evaluate(() => JSON.parse(localStorage.getItem('csatkit:outbox'))[0].id);
    await first.page.close({ runBeforeUnload: true });
    browser.collector.down = false;
    const second = await openHostPage(browser, { definition, name: 'closed' });
    const [delivered] = await receivedResponses(browser.collector);
    assert.equal(delivered.id, id);
    assert.equal(delivered.score, 5);
    await second.page.waitForFunction(() => JSON.parse(localStorage.getItem('csatkit:outbox') || '[]').length === 0);
    assert.equal(browser.collector.list().length, 1);
    assert.deepEqual(unexpected(second.problems), []);
    await second.page.close();
  });

  test('pagehide sends pending answers by beacon and keeps them until confirmed', async () => {
    browser.collector.down = true;
    const { page } = await openHostPage(browser, { definition, name: 'beacon' });
    await answer(page, '3 – Neutral');
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('csatkit:outbox') || '[]').length === 1);
    browser.collector.down = false;
    await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide')));
    const [delivered] = await receivedResponses(browser.collector);
    assert.equal(delivered.score, 3);
    assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem('csatkit:outbox')).length), 1, 'kept until a 2xx is seen');
    await page.close();
  });
});

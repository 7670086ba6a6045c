// Delivery: every answer reaches the endpoint exactly once, through outages, reloads and closed
// tabs. The endpoint is the real collector behind scripts/serve.mjs; the test switches it off and on.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';

import { useBrowser } from './harness.mjs';
import {
  answerOnAsk,
  completedResponses,
  hostPageHtml,
  openHostPage,
  outboxEmpty,
  outboxHolds,
  outboxItems,
  promptShows,
  receivedResponses,
  serveOnPage,
  unexpectedWhileDown,
} from './widget-pages.mjs';

const definition = {
  id: 'delivery',
  type: 'csat',
  display: { respect_global_cooldown: false, recontact_days: 0, dismiss_days: 0, max_displays: null, triggers: { events: ['ask'] } },
};

/** Waits until a queued response has failed `count` sends. */
const failedSends = (page, count) =>
  page.waitForFunction(
    (n) => Object.keys(localStorage).some((key) => key.startsWith('csatkit:outbox:') && JSON.parse(localStorage.getItem(key)).attempts >= n),
    count,
  );

describe('widget delivery', () => {
  const browser = useBrowser();
  beforeEach(() => {
    browser.collector.down = false;
    browser.collector.refuseWith = null;
  });

  test('endpoint down: answers wait in the outbox; endpoint back: each delivered exactly once', async () => {
    browser.collector.down = true;
    const { page, problems } = await openHostPage(browser, { definition, name: 'down' });
    await answerOnAsk(page, '2 – Dissatisfied', 'Too slow');
    await page.getByRole('status').filter({ hasText: 'Thank you' }).first().waitFor();
    await outboxHolds(page, 1);
    const queued = JSON.parse((await outboxItems(page))[0].body);
    assert.equal(queued.comment, 'Too slow', 'the update replaced the score-only version');
    assert.equal((await browser.collector.list()).length, 0);
    browser.collector.down = false;
    await page.evaluate(() => dispatchEvent(new Event('online')));
    const [delivered] = await receivedResponses(browser.collector);
    assert.equal(delivered.id, queued.id);
    assert.equal(delivered.comment, 'Too slow');
    await outboxEmpty(page);
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await page.waitForTimeout(300);
    assert.equal((await browser.collector.list()).length, 1);
    assert.deepEqual(unexpectedWhileDown(problems), []);
    await page.close();
  });

  test('page closed mid-send: delivered on the next visit, once', async () => {
    browser.collector.down = true;
    const first = await openHostPage(browser, { definition, name: 'closed' });
    await answerOnAsk(first.page, '5 – Very satisfied');
    await outboxHolds(first.page, 1);
    const [{ id }] = await outboxItems(first.page);
    await first.page.close({ runBeforeUnload: true });
    browser.collector.down = false;
    const second = await openHostPage(browser, { definition, name: 'closed' });
    const [delivered] = await receivedResponses(browser.collector);
    assert.equal(delivered.id, id);
    assert.equal(delivered.score, 5);
    await outboxEmpty(second.page);
    assert.equal((await browser.collector.list()).length, 1);
    assert.deepEqual(unexpectedWhileDown(second.problems), []);
    await second.page.close();
  });

  test('outbox full (50 undelivered): the oldest is dropped for the newest, with one console error per page', async () => {
    browser.collector.down = true;
    const { page, problems } = await browser.newPage({});
    // 50 undelivered responses from earlier visits, oldest first, as an earlier version stored
    // them (one array): the outbox moves them to keys of their own when it first reads them.
    const seeded = Array.from({ length: 50 }, (_, n) => {
      const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      return { id, body: JSON.stringify({ id, survey_id: 'earlier', score: 4, complete: true }), attempts: 3, due: 0 };
    });
    await page.addInitScript((items) => {
      if (!Object.keys(localStorage).some((key) => key.startsWith('csatkit:outbox'))) localStorage.setItem('csatkit:outbox', JSON.stringify(items));
    }, seeded);
    // Two surveys on one page, so that the outbox overflows twice in one page view. The collector
    // accepts only surveys it knows: these two, and the seeded answers' "earlier".
    const display = { ...definition.display, triggers: undefined, manual_only: true };
    const surveys = ['full-a', 'full-b'].map((id) => ({ id, type: 'csat', follow_up: false, thanks: false, display }));
    assert.deepEqual((await browser.collector.accept({ id: 'earlier', type: 'csat' }, ...surveys)).refused, []);
    const url = `${browser.baseUrl}/t/full.html`;
    await serveOnPage(page, url, '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Full</title><script type="module" src="/t/full.js"></script></head><body><main><h1>Host</h1></main></body></html>');
    await serveOnPage(
      page,
      `${browser.baseUrl}/t/full.js`,
      `import { mount } from '/web/widget/index.js';
window.surveys = ${JSON.stringify(surveys)}.map((definition) => mount({ definition, endpoint: '/api/csat' }));
Promise.all(window.surveys.map((survey) => survey.ready)).then(() => { window.mounted = true; });`,
      'text/javascript; charset=utf-8',
    );
    await page.goto(url);
    await page.waitForFunction(() => window.mounted === true);
    const outbox = async () => (await outboxItems(page)).map((item) => JSON.parse(item.body));
    for (const [index, label] of [[0, '1 – Very dissatisfied'], [1, '2 – Dissatisfied']]) {
      await page.evaluate((n) => window.surveys[n].show(), index);
      await page.getByRole('radio', { name: label }).click();
      await page.locator('csatkit-prompt').waitFor({ state: 'detached' });
    }
    const queued = await outbox();
    assert.equal(queued.length, 50, 'bounded');
    assert.deepEqual(queued.slice(0, 48).map((r) => r.id), seeded.slice(2).map((item) => item.id), 'the two oldest were dropped');
    assert.deepEqual(queued.slice(48).map((r) => [r.survey_id, r.score]), [['full-a', 1], ['full-b', 2]], 'the newest are kept');
    const full = problems.filter((p) => p.includes('outbox.full'));
    assert.equal(full.length, 1, problems.join('\n'));
    assert.match(full[0], /csatkit: outbox\.full at outbox: the outbox holds 50 undelivered responses; the oldest was dropped/);

    browser.collector.down = false;
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await outboxEmpty(page);
    const delivered = (await browser.collector.list()).map((r) => r.id).sort();
    assert.deepEqual(delivered, queued.map((r) => r.id).sort(), 'exactly the 50 kept, each once');
    assert.deepEqual(unexpectedWhileDown(problems).filter((p) => !p.includes('outbox.full')), []);
    await page.close();
  });

  test('pagehide sends pending answers by beacon and keeps them until confirmed', async () => {
    browser.collector.down = true;
    const { page } = await openHostPage(browser, { definition, name: 'beacon' });
    await answerOnAsk(page, '3 – Neutral');
    // After two failed sends the next retry is 1–2 s away: time enough for the beacon to arrive and
    // be read back from the collector before a regular retry could empty the outbox (after one
    // failure it can come in 0.5 s, and the real collector's read-back sometimes took longer).
    await failedSends(page, 2);
    browser.collector.down = false;
    await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide')));
    const [delivered] = await receivedResponses(browser.collector);
    assert.equal(delivered.score, 3);
    assert.equal((await outboxItems(page)).length, 1, 'kept until a 2xx is seen');
    await page.close();
  });

  test('an endpoint that refuses the response itself (400): dropped from the outbox with one error naming why', async () => {
    browser.collector.refuseWith = 400;
    const { page, problems } = await openHostPage(browser, { definition, name: 'refused', context: {} }); // its own storage: no answers left queued by other tests
    await answerOnAsk(page, '4 – Satisfied', 'Fine');
    await page.getByRole('status').filter({ hasText: 'Thank you' }).first().waitFor();
    await outboxEmpty(page);
    const refused = problems.filter((p) => p.includes('outbox.refused'));
    // The score-only version and the final one are two sends of the same id: one error for it.
    assert.equal(refused.length, 1, problems.join('\n'));
    assert.match(refused[0], /csatkit: outbox\.refused at \$\.score: the endpoint refused response [0-9a-f-]{36} \(HTTP 400: refused by the test\); it was dropped/);
    assert.equal((await browser.collector.list()).length, 0);
    // Not retried: nothing is sent again when the browser comes back online.
    browser.collector.refuseWith = null;
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await page.waitForTimeout(300);
    assert.equal((await browser.collector.list()).length, 0);
    assert.deepEqual(unexpectedWhileDown(problems).filter((p) => !/outbox\.refused|400/.test(p)), []);
    await page.close();
  });

  test('storage that cannot take the outbox (full): the answer is still delivered, exactly once', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition,
      name: 'storage-full',
      context: {},
      init: () => {
        const setItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {
          if (key.startsWith('csatkit:outbox')) throw new DOMException(`Setting the value of '${key}' exceeded the quota.`, 'QuotaExceededError');
          return setItem.call(this, key, value);
        };
      },
    });
    await answerOnAsk(page, '4 – Satisfied');
    const [delivered] = await receivedResponses(browser.collector);
    assert.equal(delivered?.score, 4, 'delivered from memory');
    assert.deepEqual(await outboxItems(page), [], 'never stored');
    // Delivered means gone from the memory outbox too: coming back online sends nothing again.
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await page.waitForTimeout(300);
    assert.equal((await browser.collector.list()).length, 1);
    assert.equal(browser.collector.posts, 1, 'posted once');
    const storage = problems.filter((p) => p.includes('outbox.storage'));
    assert.equal(storage.length, 1, problems.join('\n'));
    assert.match(storage[0], /csatkit: outbox\.storage at localStorage: the outbox could not be saved \(.*exceeded the quota\.\); this page keeps it in memory/);
    await page.close();
  });

  test('storage blocked altogether (every access throws): no trigger shows, show() does, and its answer is delivered', async () => {
    // What a browser that blocks site data does: reading window.localStorage itself throws.
    const { page, problems } = await openHostPage(browser, {
      definition,
      name: 'storage-blocked',
      context: {},
      init: () => {
        for (const name of ['localStorage', 'sessionStorage']) {
          Object.defineProperty(window, name, {
            get() {
              throw new DOMException(`Failed to read the '${name}' property from 'Window': Access is denied for this document.`, 'SecurityError');
            },
          });
        }
      },
    });
    // Without a history the caps and sampling cannot hold, so an event does not show the survey
    // (it would on every page); the page asking for it explicitly still can.
    await page.evaluate(() => window.csatkit.track('ask'));
    assert.equal(await promptShows(page, 1500), false);
    await page.evaluate(() => window.csatkit.show('delivery'));
    await page.getByRole('radio', { name: '2 – Dissatisfied' }).click();
    await page.getByRole('textbox').fill('Blocked storage');
    await page.getByRole('button', { name: 'Send' }).click();
    const [delivered] = await completedResponses(browser.collector);
    assert.deepEqual([delivered.score, delivered.comment], [2, 'Blocked storage']);
    assert.equal(browser.collector.posts, 2, 'the score, then the comment: each posted once');
    assert.deepEqual(await page.evaluate(() => document.querySelector('main h1')?.textContent), 'Host page', 'the page still works');
    // One error says why (nothing thrown into the page): the answers are kept in memory only.
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /csatkit: outbox\.storage at localStorage: the outbox could not be saved \(.*Access is denied.*\); this page keeps it in memory/);
    await page.close();
  });

  test('an endpoint that redirects (moved): the answer is not lost as a GET; kept, reported once, delivered once fixed', async () => {
    const { page, problems } = await browser.newPage({});
    const endpoint = `${browser.baseUrl}/api/csat`;
    let moved = true;
    // Moved: POSTs get a 301 to a page that answers a GET with 200 (what a followed redirect
    // would take for a delivery). Fixed: the endpoint takes POSTs again.
    await page.route(endpoint, (route) =>
      moved ? route.fulfill({ status: 301, headers: { Location: '/api/v2/csat' } }) : route.fallback(),
    );
    await page.route(`${browser.baseUrl}/api/v2/csat`, (route) => route.fulfill({ status: 200, body: 'a page' }));
    await browser.collector.accept(definition);
    await serveOnPage(page, `${browser.baseUrl}/t/moved.html`, hostPageHtml({ definition }));
    await page.goto(`${browser.baseUrl}/t/moved.html`);
    await answerOnAsk(page, '2 – Dissatisfied');
    await failedSends(page, 2);
    const redirected = problems.filter((p) => p.includes('outbox.endpoint'));
    assert.equal(redirected.length, 1, problems.join('\n'));
    assert.match(redirected[0], /csatkit: outbox\.endpoint at http:\/\/127\.0\.0\.1:\d+\/api\/csat: the endpoint redirects \(a redirected POST arrives as a GET\): give its final URL; responses are kept/);
    assert.equal((await browser.collector.list()).length, 0);
    moved = false;
    await page.evaluate(() => dispatchEvent(new Event('online')));
    const [delivered] = await receivedResponses(browser.collector);
    assert.equal(delivered?.score, 2);
    await outboxEmpty(page);
    assert.equal((await browser.collector.list()).length, 1);
    await page.close();
  });
});

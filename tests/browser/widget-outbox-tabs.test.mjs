// Delivery with several tabs of one site: they share one localStorage, so one outbox. Every
// response must reach the endpoint once (not once per tab) and no tab may lose another tab's
// answer when it writes to the stored outbox. The tabs are pages of ONE browser context (shared
// storage, Web Locks shared per origin); each test makes a fresh context, so no answer of an
// earlier test is queued. The endpoint is the real collector behind scripts/serve.mjs, and this
// file records every POST it receives (fetch and beacon alike) by response id.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { before, beforeEach, describe, test } from 'node:test';

import { useBrowser } from './harness.mjs';
import { answerOnAsk, decided, openHostPage, outboxItems, recordWidgetEvents, unexpectedWhileDown } from './widget-pages.mjs';

const definition = {
  id: 'tabs',
  type: 'csat',
  display: { respect_global_cooldown: false, recontact_days: 0, dismiss_days: 0, max_displays: null, triggers: { events: ['ask'] } },
};

const storedOutbox = async (page) => (await outboxItems(page)).map((item) => JSON.parse(item.body));

/** Polls `condition` (async) every 50 ms until it holds; fails naming `what` after `timeout`. */
async function until(what, condition, timeout = 20_000, state = () => '') {
  const end = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${await state()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('widget delivery across tabs', () => {
  const browser = useBrowser();

  // Every POST the endpoint receives: {id, beacon, status}. A 503 is a POST made while the test
  // had the endpoint down: refused, so not received.
  const posts = [];
  let atEndpoint = 0; // POSTs the endpoint is still answering
  const received = (id) => posts.filter((post) => post.id === id && post.status !== 503);
  before(() => {
    const collector = browser.collector;
    const forward = collector.forward;
    collector.forward = async function recordingForward(request, response) {
      atEndpoint += 1;
      try {
        const chunks = [];
        for await (const chunk of request) chunks.push(chunk);
        const body = Buffer.concat(chunks);
        let id = null;
        try {
          id = JSON.parse(body.toString('utf8')).id;
        } catch {
          // not JSON: recorded without an id
        }
        // The body was read here: the collector's forward reads this copy of it.
        const replay = Object.assign(Readable.from([body]), { headers: request.headers });
        await forward.call(this, replay, response);
        posts.push({ id, beacon: /^text\/plain/.test(request.headers['content-type'] ?? ''), status: response.statusCode });
      } finally {
        atEndpoint -= 1;
      }
    };
  });
  beforeEach(() => {
    posts.length = 0;
    browser.collector.down = false;
    browser.collector.refuseWith = null;
  });

  /**
   * A fresh browser context (its own storage) whose pages are tabs of one site: a stand-in for
   * the harness's browser that openHostPage opens pages with.
   */
  async function site() {
    const context = await browser.browser.newContext();
    return {
      baseUrl: browser.baseUrl,
      collector: browser.collector,
      async newPage() {
        const page = await context.newPage();
        const problems = [];
        page.on('console', (message) => {
          if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(`console: ${message.text()}`);
        });
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        await page.addInitScript(() => {
          document.addEventListener('securitypolicyviolation', (event) => {
            console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
          });
        });
        return { page, problems };
      },
      close: () => context.close(),
    };
  }

  /**
   * Waits until the site's outbox is empty and nothing more can be sent: no tab holds or waits
   * for the outbox's lock (a tab sends only while it holds it) and the endpoint is answering no
   * POST.
   */
  async function settled(page) {
    await until('an empty outbox, no outbox lock held or wanted, no POST in flight', async () => {
      if ((await outboxItems(page)).length) return false;
      const idle = await page.evaluate(async () => {
        if (!navigator.locks) return true;
        const { held, pending } = await navigator.locks.query();
        return ![...held, ...pending].some((lock) => lock.name === 'csatkit:outbox');
      });
      return idle && atEndpoint === 0;
    }, 20_000, async () => {
      const state = { outbox: await storedOutbox(page), locks: await page.evaluate(() => navigator.locks?.query()) };
      return ` (${JSON.stringify({ ...state, atEndpoint, posts })})`;
    });
  }

  test('two tabs opened on a site with a response pending: the endpoint receives it once', async () => {
    const tabs = await site();
    try {
      // Seed the stored outbox the way a visitor does: answer while the endpoint is down.
      browser.collector.down = true;
      const seeder = await openHostPage(tabs, { definition, name: 'tabs' });
      await answerOnAsk(seeder.page, '2 – Dissatisfied', 'Seeded');
      await until('the final version in the outbox', async () => (await storedOutbox(seeder.page))[0]?.comment === 'Seeded');
      const [{ id }] = await storedOutbox(seeder.page);
      // Closing the tab beacons the response (refused: still down); wait for that beacon, so that
      // nothing of the seeding tab reaches the endpoint once it is back.
      await seeder.page.close({ runBeforeUnload: true });
      await until('the closing tab’s beacon', () => posts.some((post) => post.id === id && post.beacon));
      await until('the endpoint answered the seeding tab', () => atEndpoint === 0);
      assert.deepEqual(received(id), []);

      browser.collector.down = false;
      const [first, second] = await Promise.all([openHostPage(tabs, { definition, name: 'tabs' }), openHostPage(tabs, { definition, name: 'tabs' })]);
      // Both tabs have started their first flush (the pageview is counted in the same task).
      await Promise.all([decided(first.page), decided(second.page)]);
      await settled(first.page);

      assert.deepEqual(received(id).length, 1, `POSTs received for ${id}: ${JSON.stringify(received(id))}`);
      const delivered = await browser.collector.list();
      assert.deepEqual(delivered.map((r) => [r.id, r.comment]), [[id, 'Seeded']]);
      assert.deepEqual(unexpectedWhileDown(first.problems), []);
      assert.deepEqual(unexpectedWhileDown(second.problems), []);
    } finally {
      await tabs.close();
    }
  });

  test('two tabs answering at the same time while the endpoint is down: both delivered, each once', async () => {
    const tabs = await site();
    try {
      browser.collector.down = true;
      // A survey each: answering a survey in one tab closes its unanswered prompt in the others
      // (the visitor is not asked twice), so two tabs answer at once only different surveys.
      const surveys = [definition, { ...definition, id: 'tabs-other' }];
      await browser.collector.accept(...surveys);
      const opened = await Promise.all(
        surveys.map((survey) => openHostPage(tabs, { definition: survey, name: survey.id, init: recordWidgetEvents })),
      );
      await Promise.all(opened.map(({ page }) => decided(page)));
      await Promise.all([answerOnAsk(opened[0].page, '4 – Satisfied', 'From A'), answerOnAsk(opened[1].page, '1 – Very dissatisfied', 'From B')]);
      // The final version of each tab's response was written to storage before its event.
      const ids = [];
      for (const { page } of opened) {
        await page.waitForFunction(() => window.__csatkitEvents.some((event) => event.detail.response?.complete));
        ids.push(await page.evaluate(() => window.__csatkitEvents.find((event) => event.detail.response?.complete).detail.response.id));
      }
      assert.notEqual(ids[0], ids[1]);
      const queued = await storedOutbox(opened[0].page);
      assert.deepEqual(
        queued.map((r) => [r.id, r.comment]).sort(),
        [[ids[0], 'From A'], [ids[1], 'From B']].sort(),
        'each tab kept the other’s answer when it wrote to the outbox',
      );

      browser.collector.down = false;
      await Promise.all(opened.map(({ page }) => page.evaluate(() => dispatchEvent(new Event('online')))));
      await settled(opened[0].page);

      for (const id of ids) assert.equal(received(id).length, 1, `POSTs received for ${id}: ${JSON.stringify(received(id))}`);
      const delivered = await browser.collector.list();
      assert.deepEqual(delivered.map((r) => [r.id, r.comment]).sort(), [[ids[0], 'From A'], [ids[1], 'From B']].sort());
      for (const { problems } of opened) assert.deepEqual(unexpectedWhileDown(problems), []);
    } finally {
      await tabs.close();
    }
  });
  test('a tab delivers a backlog while another queues answers and their comments: none lost, each stored once', async () => {
    // Each tab reads its own copy of localStorage, which the other tab's writes reach a moment
    // later (Chromium, even under the outbox's lock). Here tab A's copy is stale for certain:
    // A's round has sent the backlog and the answers are held in A (a fetch wrapper) while A's
    // main thread is blocked (a synchronous request the test answers once B has queued), so
    // no write of B's can reach A's copy; then A records every delivery at once. Meanwhile B
    // queues new answers, and the complete version (with a comment) of four partial answers of
    // its own that are in A's backlog. An outbox stored as one value, rewritten by each
    // delivery, lost every answer B queued here.
    await browser.collector.accept(definition);
    const endpoint = `${browser.baseUrl}/api/csat`;
    const id = (group, n) => `00000000-0000-4000-8${group}00-${String(n).padStart(12, '0')}`;
    const response = (responseId, extra) => ({ id: responseId, survey_id: definition.id, score: 4, complete: true, ...extra });
    const backlog = Array.from({ length: 30 }, (_, n) => response(id(1, n)));
    const partial = Array.from({ length: 4 }, (_, n) => response(id(2, n), { score: 2, complete: false }));
    const updates = partial.map((earlier) => ({ ...earlier, comment: 'From B', complete: true }));
    const fresh = Array.from({ length: 12 }, (_, n) => response(id(3, n), { score: 1 }));
    const tabs = await site();
    try {
      const [a, b] = [await openHostPage(tabs, { name: 'a' }), await openHostPage(tabs, { name: 'b' })];
      // Queued by a visit before this one, as an earlier version stored it (one array): A's round
      // moves it to keys of its own.
      await a.page.evaluate(
        (items) => localStorage.setItem('csatkit:outbox', JSON.stringify(items)),
        [...backlog, ...partial].map((queued) => ({ id: queued.id, endpoint, body: JSON.stringify(queued), attempts: 1, due: 0 })),
      );
      await b.page.waitForFunction(() => localStorage.getItem('csatkit:outbox') !== null);
      // B: its outbox, ready to queue the answers when A says it is blocked.
      await b.page.evaluate(async ([endpoint, answers]) => {
        const { Outbox } = await import('/web/widget/outbox.js');
        const outbox = new Outbox({ endpoint, storageAllowed: true });
        window.queued = new Promise((resolve) => {
          new BroadcastChannel('outbox-test').onmessage = () => {
            window.delivered = Promise.all(answers.map((answer) => outbox.put(answer)));
            resolve();
          };
        });
      }, [endpoint, [...updates, ...fresh]]);
      // A: its round sends the backlog; the endpoint's answers wait in the page until released.
      let unblock;
      const unblocked = new Promise((resolve) => (unblock = resolve));
      await a.page.route(`${browser.baseUrl}/t/unblock`, (route) => unblocked.then(() => route.fulfill({ status: 204 })));
      const roundOfA = a.page.evaluate(async (endpoint) => {
        const send = window.fetch;
        const released = new Promise((resolve) => (window.release = resolve));
        window.answered = 0;
        window.fetch = async (...request) => {
          const answer = await send(...request);
          window.answered += 1;
          await released;
          return answer;
        };
        const { Outbox } = await import('/web/widget/outbox.js');
        await new Outbox({ endpoint, storageAllowed: true }).flush({ all: true });
      }, endpoint);
      await a.page.waitForFunction((count) => window.answered === count, backlog.length + partial.length);
      const blocked = a.page.evaluate(() => {
        new BroadcastChannel('outbox-test').postMessage('queue now');
        const request = new XMLHttpRequest();
        request.open('GET', '/t/unblock', false); // blocks A until the test answers it
        request.send();
        window.release(); // every delivery is recorded in this same task, from A's stale copy
      });
      await b.page.evaluate(() => window.queued);
      unblock();
      await Promise.all([blocked, roundOfA, b.page.evaluate(() => window.delivered)]);
      await settled(a.page);

      const stored = await browser.collector.list();
      const expected = [...backlog, ...updates, ...fresh];
      assert.deepEqual(stored.map((r) => r.id).sort(), expected.map((r) => r.id).sort(), 'every answer stored, each once');
      for (const update of updates) {
        const kept = stored.find((r) => r.id === update.id);
        assert.deepEqual([kept.complete, kept.comment], [true, 'From B'], `the complete version of ${update.id}`);
      }
      assert.deepEqual(await outboxItems(b.page), []);
    } finally {
      await tabs.close();
    }
  });
});

// When the survey shows, continued: time on page, mobile exit intent, URL rules, pageviews in
// the session, and the caps that span visits (recontact, dismiss, global cooldown, per survey).
// Each test has a browser context of its own (empty storage, its own clock); days pass through
// Playwright's page.clock, which the runtime sees through Date.now().
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { useBrowser } from './harness.mjs';
import {
  decided,
  navigateToHostPage,
  openHostPage,
  outboxEmpty,
  pageviews,
  promptFocused,
  promptPresent,
  promptShows,
  receivedResponses,
  recordWidgetEvents,
  hostPageHtml,
  serveOnPage,
  widgetEvents,
  withoutKeepaliveAborts,
} from './widget-pages.mjs';

const DAY = 24 * 60 * 60 * 1000;
// No cap or cooldown unless a test asks for one.
const rules = (display) => ({ respect_global_cooldown: false, recontact_days: 0, dismiss_days: 0, max_displays: null, ...display });
const mobile = { isMobile: true, hasTouch: true, viewport: { width: 390, height: 700 } };
const longBody = `<main><h1>Long page</h1>${'<p>A paragraph of the article, long enough to scroll.</p>'.repeat(200)}</main>`;

/** Init script: the page's visibility under the test's control (window.__setVisibility). */
function controlVisibility(initial) {
  let state = initial;
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => state === 'hidden' });
  window.__setVisibility = (next) => {
    state = next;
    document.dispatchEvent(new Event('visibilitychange'));
  };
}

async function dismiss(page) {
  await promptFocused(page);
  await page.keyboard.press('Escape');
  await page.locator('csatkit-prompt').waitFor({ state: 'detached' });
}

/** Reloads and resolves to whether the survey (delay_ms 0) showed on this visit. */
async function showsAfterReload(page) {
  const before = await pageviews(page);
  await page.reload();
  await decided(page, before);
  return promptPresent(page);
}

describe('widget eligibility', () => {
  const browser = useBrowser();

  test('time on page counts visible time only', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'time', type: 'csat', display: rules({ triggers: { time_on_page_ms: 1000 } }) },
      context: {},
      init: [controlVisibility, recordWidgetEvents],
      initArg: 'hidden',
    });
    await decided(page);
    // Twice the required time passes in a hidden tab: it does not count.
    await page.waitForTimeout(2000);
    assert.equal(await promptPresent(page), false);
    await page.evaluate(() => window.__setVisibility('visible'));
    assert.equal(await promptShows(page), true);
    const [shown] = await widgetEvents(page);
    assert.deepEqual(shown, { type: 'csatkit:shown', detail: { surveyId: 'time', trigger: 'time_on_page', event: null } });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('mobile exit intent: a fast scroll up shows the prompt, a slow one does not', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'flick', type: 'csat', display: rules({ triggers: { exit_intent: true } }) },
      body: longBody,
      context: mobile,
      init: recordWidgetEvents,
    });
    await decided(page);
    const bottom = await page.evaluate(() => document.documentElement.scrollHeight - innerHeight);
    await page.evaluate((y) => scrollTo(0, y), bottom);
    await page.waitForTimeout(400);
    await page.evaluate(() => scrollTo(0, 0));
    await page.waitForTimeout(400);
    assert.equal(await promptPresent(page), false, 'a slow scroll up is reading, not leaving');
    // A flick towards the address bar: down, then 600 px up two frames later.
    await page.evaluate(async (y) => {
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      scrollTo(0, y);
      await frame();
      await frame();
      scrollTo(0, y - 600);
      await frame();
    }, bottom);
    assert.equal(await promptShows(page), true);
    assert.equal((await widgetEvents(page))[0].detail.trigger, 'exit_intent');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('mobile exit intent in an app shell (the document cannot scroll, a box does): a fast scroll up of the box shows the prompt', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'flick-shell', type: 'csat', display: rules({ triggers: { exit_intent: true } }) },
      head: '<link rel="stylesheet" href="/t/shell.css">',
      body: `<div id="app">${longBody}</div>`,
      files: { '/t/shell.css': ['html, body { height: 100%; margin: 0; overflow: hidden } #app { height: 100vh; overflow: auto }', 'text/css'] },
      context: mobile,
      init: recordWidgetEvents,
    });
    await decided(page);
    await page.evaluate(async () => {
      const app = document.getElementById('app');
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      // At the bottom, then a flick towards the address bar two frames later.
      app.scrollTo(0, app.scrollHeight);
      await frame();
      await frame();
      app.scrollTo(0, app.scrollHeight - app.clientHeight - 600);
      await frame();
    });
    assert.equal(await promptShows(page), true);
    assert.equal((await widgetEvents(page))[0].detail.trigger, 'exit_intent');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('mobile exit intent: switching away from the tab shows the prompt when the visitor comes back; nothing counts while away', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'tab-away', type: 'csat', display: rules({ triggers: { exit_intent: true } }) },
      context: mobile,
      init: [controlVisibility, recordWidgetEvents],
      initArg: 'visible',
    });
    await decided(page);
    assert.equal(await promptPresent(page), false);
    await page.evaluate(() => window.__setVisibility('hidden'));
    // Away: a visitor who closes the tab now never saw a prompt, and none is counted.
    await page.waitForTimeout(500); // the runtime asks within its 200 ms throttle
    assert.equal(await promptPresent(page), false);
    assert.equal(await page.evaluate(() => localStorage.getItem('csatkit:visitor')?.includes('"displays":1') ?? false), false);
    await page.evaluate(() => window.__setVisibility('visible'));
    assert.equal(await promptShows(page), true);
    assert.equal((await widgetEvents(page))[0].detail.trigger, 'exit_intent');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('URL include and exclude patterns decide where the survey may show, show() included', async () => {
    const definition = { id: 'help-only', type: 'csat', display: rules({ include: ['/t/help/**'], exclude: ['/t/help/admin/**'], triggers: { delay_ms: 0 } }) };
    const opened = await openHostPage(browser, { definition, name: 'help/reset-password', context: {} });
    assert.equal(await promptShows(opened.page), true, 'included');
    for (const name of ['help/admin/users', 'pricing']) {
      const before = await pageviews(opened.page);
      await navigateToHostPage(opened, browser.baseUrl, { definition, name });
      await decided(opened.page, before);
      await opened.page.evaluate(() => window.csatkit.show('help-only'));
      await opened.page.waitForTimeout(300);
      assert.equal(await promptPresent(opened.page), false, `${name} is not a place for this survey`);
    }
    assert.deepEqual(opened.problems, []);
    await opened.page.close();
  });

  test('min_pageviews counts the pages of this session, across navigations', async () => {
    const definition = { id: 'third-page', type: 'csat', display: rules({ min_pageviews: 3, triggers: { delay_ms: 0 } }) };
    const opened = await openHostPage(browser, { definition, name: 'one', context: {} });
    await decided(opened.page);
    assert.equal(await promptPresent(opened.page), false, 'first page');
    await navigateToHostPage(opened, browser.baseUrl, { definition, name: 'two' });
    await decided(opened.page, 1);
    assert.equal(await promptPresent(opened.page), false, 'second page');
    await navigateToHostPage(opened, browser.baseUrl, { definition, name: 'three' });
    assert.equal(await promptShows(opened.page), true, 'third page');
    assert.equal(await pageviews(opened.page), 3);
    assert.deepEqual(opened.problems, []);
    await opened.page.close();
  });

  test('after an answer the survey waits recontact_days, across reloads', async () => {
    const definition = { id: 'recontact', type: 'csat', follow_up: false, thanks: false, display: rules({ recontact_days: 45, triggers: { delay_ms: 0 } }) };
    const { page, problems } = await openHostPage(browser, { definition, context: {} });
    const start = Date.now();
    await page.getByRole('radio', { name: '4 – Satisfied' }).click();
    await page.locator('csatkit-prompt').waitFor({ state: 'detached' });
    await outboxEmpty(page);
    assert.equal(await showsAfterReload(page), false, 'the same day');
    await page.clock.setSystemTime(start + 44 * DAY);
    assert.equal(await showsAfterReload(page), false, 'after 44 days');
    await page.clock.setSystemTime(start + 46 * DAY);
    assert.equal(await showsAfterReload(page), true, 'after 46 days');
    assert.deepEqual((await receivedResponses(browser.collector)).filter((r) => r.survey_id === 'recontact').map((r) => r.score), [4]);
    assert.deepEqual(withoutKeepaliveAborts(problems), []);
    await page.close();
  });

  test('a dismissal is respected for dismiss_days, across reloads', async () => {
    const definition = { id: 'not-now', type: 'csat', display: rules({ dismiss_days: 7, triggers: { delay_ms: 0 } }) };
    const { page, problems } = await openHostPage(browser, { definition, context: {} });
    const start = Date.now();
    await dismiss(page);
    assert.equal(await showsAfterReload(page), false, 'the same day');
    await page.clock.setSystemTime(start + 6 * DAY);
    assert.equal(await showsAfterReload(page), false, 'after 6 days');
    await page.clock.setSystemTime(start + 8 * DAY);
    assert.equal(await showsAfterReload(page), true, 'after 8 days');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the global cooldown spans surveys; a survey that ignores it still shows', async () => {
    const survey = (id, display = {}) => ({ id, type: 'csat', display: rules({ respect_global_cooldown: true, triggers: { delay_ms: 0 }, ...display }) });
    const opened = await openHostPage(browser, { definition: survey('first'), name: 'first', context: {} });
    const start = Date.now();
    await dismiss(opened.page);
    // Another survey that respects the cooldown (one day by default): not today.
    await navigateToHostPage(opened, browser.baseUrl, { definition: survey('second'), name: 'second' });
    await decided(opened.page, 1);
    assert.equal(await promptPresent(opened.page), false, 'second survey within the cooldown');
    // One that does not respect it shows anyway.
    await navigateToHostPage(opened, browser.baseUrl, { definition: survey('ignores', { respect_global_cooldown: false }), name: 'ignores' });
    assert.equal(await promptShows(opened.page), true, 'a survey with respect_global_cooldown: false');
    await opened.page.clock.setSystemTime(start + 25 * 60 * 60 * 1000);
    // A survey that sets a week waits longer than the default day.
    await navigateToHostPage(opened, browser.baseUrl, { definition: survey('weekly', { global_cooldown_days: 7 }), name: 'weekly' });
    await decided(opened.page, 3);
    assert.equal(await promptPresent(opened.page), false, 'global_cooldown_days: 7, a day after a prompt');
    await navigateToHostPage(opened, browser.baseUrl, { definition: survey('second'), name: 'second' });
    assert.equal(await promptShows(opened.page), true, 'second survey after the cooldown');
    assert.deepEqual(opened.problems, []);
    await opened.page.close();
  });

  test('an inline survey that ignores the cooldown does not start it for the pop-ups', async () => {
    const helpful = {
      id: 'kb-helpful',
      type: 'helpful',
      presentation: { mode: 'inline', selector: '#feedback' },
      display: rules({ triggers: { delay_ms: 0 } }),
    };
    const opened = await openHostPage(browser, { definition: helpful, name: 'article', body: '<main><h1>Article</h1><div id="feedback"></div></main>', context: {} });
    await opened.page.getByRole('button', { name: 'Yes', exact: true }).click();
    await opened.page.getByRole('status').filter({ hasText: 'Thank you' }).first().waitFor();
    await outboxEmpty(opened.page);
    const stored = await opened.page.evaluate(() => JSON.parse(localStorage.getItem('csatkit:visitor')));
    assert.equal(stored.surveys['kb-helpful'].displays, 1);
    assert.equal(stored.last_shown_any ?? null, null);
    const popup = { id: 'post-chat', type: 'csat', display: rules({ respect_global_cooldown: true, triggers: { delay_ms: 0 } }) };
    await navigateToHostPage(opened, browser.baseUrl, { definition: popup, name: 'chat' });
    assert.equal(await promptShows(opened.page), true, 'the pop-up is not held back by the inline survey');
    assert.equal(typeof (await opened.page.evaluate(() => JSON.parse(localStorage.getItem('csatkit:visitor')).last_shown_any)), 'number');
    assert.ok((await browser.collector.list()).some((r) => r.survey_id === 'kb-helpful' && r.score === 1));
    assert.deepEqual(withoutKeepaliveAborts(opened.problems), []);
    await opened.page.close();
  });

  test('an inline survey waits for its element: no display is counted without it, and it shows once the element appears', async () => {
    const helpful = {
      id: 'late-inline',
      type: 'helpful',
      presentation: { mode: 'inline', selector: '#feedback' },
      display: rules({ max_displays: 1, respect_global_cooldown: true, triggers: { delay_ms: 0 } }),
    };
    const opened = await openHostPage(browser, { definition: helpful, name: 'rendering', body: '<main><h1>Article</h1></main>', context: {} });
    await decided(opened.page);
    assert.equal(await promptPresent(opened.page), false);
    const before = await opened.page.evaluate(() => JSON.parse(localStorage.getItem('csatkit:visitor')));
    assert.equal(before.surveys['late-inline'], undefined, 'a display that never appeared is not counted');
    assert.equal(before.last_shown_any ?? null, null, 'nor does it start the cooldown');
    // The page renders its feedback box later (a client-rendered article).
    await opened.page.evaluate(() => {
      const box = document.createElement('div');
      box.id = 'feedback';
      document.querySelector('main').append(box);
    });
    await opened.page.getByRole('button', { name: 'Yes', exact: true }).waitFor();
    const after = await opened.page.evaluate(() => JSON.parse(localStorage.getItem('csatkit:visitor')));
    assert.equal(after.surveys['late-inline'].displays, 1);
    assert.deepEqual(opened.problems, []);
    await opened.page.close();
  });

  test('a history record another version of csatkit left (unknown fields, wrong types) does not stop the surveys', async () => {
    const popup = { id: 'post-chat', type: 'csat', display: rules({ max_displays: 2, triggers: { delay_ms: 0 } }) };
    const opened = await openHostPage(browser, {
      definition: popup,
      context: {},
      init: () =>
        localStorage.setItem(
          'csatkit:visitor',
          JSON.stringify({ id: 'v-1', surveys: { 'kb-helpful': { displays: '1', last_completed: 5 }, 'post-chat': { displays: 1, last_shown: 1.5 }, other: null }, last_shown_any: -3 }),
        ),
    });
    assert.equal(await promptShows(opened.page), true);
    // Its own count still counts: the display before this one, and this one.
    const stored = await opened.page.evaluate(() => JSON.parse(localStorage.getItem('csatkit:visitor')));
    assert.equal(stored.surveys['post-chat'].displays, 2);
    assert.deepEqual(opened.problems, []);
    await opened.page.close();
  });

  test('two tabs showing the same survey: answering in one closes the other\'s unanswered prompt, so the visitor answers once', async () => {
    // No cooldown and no cap on displays: both tabs show it (as two tabs opened in the same moment
    // can, whatever the caps: each reads the history before the other's display reaches it).
    const definition = { id: 'two-tabs', type: 'csat', follow_up: false, thanks: false, display: rules({ recontact_days: 45, triggers: { delay_ms: 0 } }) };
    await browser.collector.accept(definition);
    const context = await browser.browser.newContext();
    const tabs = [];
    for (const name of ['first', 'second']) {
      const page = await context.newPage();
      const url = `${browser.baseUrl}/t/tab-${name}.html`;
      await serveOnPage(page, url, hostPageHtml({ definition }));
      await page.goto(url);
      await page.getByRole('radiogroup').waitFor();
      tabs.push(page);
    }
    const [first, second] = tabs;
    await first.getByRole('radio', { name: '4 – Satisfied' }).click();
    await second.locator('csatkit-prompt').waitFor({ state: 'detached' });
    const [received] = await receivedResponses(browser.collector);
    assert.deepEqual([received.survey_id, received.score], ['two-tabs', 4]);
    // Closed, not dismissed: the visitor answered; the history says so once.
    const history = await second.evaluate(() => JSON.parse(localStorage.getItem('csatkit:visitor')).surveys['two-tabs']);
    assert.equal(history.last_dismissed, undefined);
    assert.equal(typeof history.last_answered, 'number');
    await outboxEmpty(first);
    assert.equal((await browser.collector.list()).length, 1);

    // Without a recontact period (a "Was this helpful?" asked on every article), an answer in one
    // tab leaves the other tab's prompt: its rules would show it there again anyway.
    const everyArticle = { ...definition, id: 'every-article', display: rules({ triggers: { delay_ms: 0 } }) };
    await browser.collector.accept(everyArticle);
    for (const page of tabs) {
      await serveOnPage(page, page.url(), hostPageHtml({ definition: everyArticle }));
      await page.reload();
      await page.getByRole('radiogroup').waitFor();
    }
    await first.getByRole('radio', { name: '5 – Very satisfied' }).click();
    await receivedResponses(browser.collector, 2);
    await first.locator('csatkit-prompt').waitFor({ state: 'detached' });
    assert.equal(await second.locator('csatkit-prompt').count(), 1, 'the other article keeps its question');
    await context.close();
  });

  test('caps are per survey: one survey at its max_displays does not hold back another', async () => {
    const survey = (id) => ({ id, type: 'csat', display: rules({ max_displays: 1, triggers: { delay_ms: 0 } }) });
    const opened = await openHostPage(browser, { definition: survey('capped-a'), name: 'a', context: {} });
    await dismiss(opened.page);
    assert.equal(await showsAfterReload(opened.page), false, 'capped-a has had its one display');
    await navigateToHostPage(opened, browser.baseUrl, { definition: survey('capped-b'), name: 'b' });
    assert.equal(await promptShows(opened.page), true, 'capped-b has its own count');
    const stored = await opened.page.evaluate(() => JSON.parse(localStorage.getItem('csatkit:visitor')).surveys);
    assert.equal(stored['capped-a'].displays, 1);
    assert.equal(stored['capped-b'].displays, 1);
    assert.deepEqual(opened.problems, []);
    await opened.page.close();
  });
});

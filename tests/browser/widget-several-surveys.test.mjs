// Several surveys on one page: a script tag each (a site-wide pop-up and an article's inline
// "Was this helpful?", say). One runtime and one wasm for all of them; show(id) reaches that
// survey only; the pop-ups share the global cooldown within the page too; every survey's
// displays are kept in the visitor's history, which each survey changes one record at a time.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { useBrowser } from './harness.mjs';
import {
  decided,
  hostPageHtml,
  openHostPage,
  outboxEmpty,
  pageviews,
  promptFocused,
  promptShows,
  receivedResponses,
  readmeStub,
  recordWidgetEvents,
  scriptTag,
  serveOnPage,
  widgetEvents,
  withoutKeepaliveAborts,
} from './widget-pages.mjs';

const caps = { respect_global_cooldown: false, recontact_days: 0, dismiss_days: 0, max_displays: null };
const article = '<main><h1>Resetting your password</h1><p>Open Settings, then Security.</p><div id="feedback"></div></main>';

/**
 * Opens a page with a script tag per definition, in their order (openHostPage writes the last),
 * after the options' `head` if given.
 */
async function openPageWith(browser, definitions, options = {}) {
  const earlier = definitions.slice(0, -1);
  for (const definition of earlier) await browser.collector.accept(definition);
  return openHostPage(browser, {
    context: {},
    ...options,
    definition: definitions.at(-1),
    head: (options.head ?? '') + earlier.map((definition) => scriptTag(definition)).join(''),
  });
}

const stored = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('csatkit:visitor')));
const downloads = (page, file) => page.evaluate((name) => performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith(name)).length, file);

describe('several surveys on one page', () => {
  const browser = useBrowser();

  test('a pop-up and an inline survey: both show and deliver, from one runtime and one wasm', async () => {
    const popup = { id: 'site-popup', type: 'csat', follow_up: false, display: { ...caps, respect_global_cooldown: true, triggers: { delay_ms: 0 } } };
    const helpful = { id: 'kb-helpful', type: 'helpful', presentation: { mode: 'inline', selector: '#feedback' }, display: { ...caps, triggers: { delay_ms: 0 } } };
    const { page, problems } = await openPageWith(browser, [popup, helpful], { body: article, init: recordWidgetEvents });
    const shown = await widgetEvents(page, 2);
    assert.deepEqual(shown.map((event) => event.detail.surveyId).sort(), ['kb-helpful', 'site-popup']);
    // The pop-up has the focus, as a dialog (it opened on its own); the inline survey, shown in
    // the same moment, leaves it there.
    const focused = await page.evaluate(() => {
      const inner = document.activeElement.shadowRoot?.activeElement;
      return [inner?.getAttribute('role'), inner?.dataset.csatkitSurvey];
    });
    assert.deepEqual(focused, ['dialog', 'site-popup']);
    await page.getByRole('button', { name: 'Yes', exact: true }).click();
    await page.getByRole('radio', { name: '5 – Very satisfied' }).click();

    const received = await receivedResponses(browser.collector, 2);
    assert.deepEqual(received.map((response) => [response.survey_id, response.score]).sort(), [['kb-helpful', 1], ['site-popup', 5]]);
    assert.equal(await downloads(page, '/csatkit-runtime.js'), 1);
    assert.equal(await downloads(page, '/csatkit-widget.wasm'), 1);
    assert.equal(await pageviews(page), 1, 'one page view, however many surveys count it');
    // Each survey changed its own record: neither erased the other's.
    const history = await stored(page);
    assert.deepEqual([history.surveys['site-popup'].displays, history.surveys['kb-helpful'].displays], [1, 1]);
    assert.equal(typeof history.surveys['site-popup'].last_answered, 'number');
    assert.equal(typeof history.surveys['kb-helpful'].last_answered, 'number');
    await outboxEmpty(page);
    assert.deepEqual(withoutKeepaliveAborts(problems), []);
    await page.close();
  });

  test('two pop-ups that respect the global cooldown: the first to decide shows, the other waits', async () => {
    const popup = (id) => ({ id, type: 'csat', display: { ...caps, respect_global_cooldown: true, triggers: { delay_ms: 0 } } });
    const { page, problems } = await openPageWith(browser, [popup('first-popup'), popup('second-popup')], { init: recordWidgetEvents });
    const [shown] = await widgetEvents(page, 1);
    await decided(page);
    // Both have decided once the second has had its turn: give it the time of a few tasks.
    await page.waitForTimeout(500);
    assert.equal(await page.locator('csatkit-prompt').count(), 1, 'one prompt on the page');
    const events = await page.evaluate(() => window.__csatkitEvents);
    assert.deepEqual(events.map((event) => event.type), ['csatkit:shown']);
    const history = await stored(page);
    assert.equal(history.surveys[shown.detail.surveyId].displays, 1);
    assert.equal(Object.keys(history.surveys).length, 1, 'the other survey was not shown');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('show(id) shows that survey only, show() the others; context and consent reach every survey, a late one too', async () => {
    const manual = (id, extra = {}) => ({ id, type: 'csat', follow_up: false, thanks: false, display: { ...caps, manual_only: true, ...extra } });
    const { page, problems } = await openPageWith(browser, [manual('plan-a', { require_consent: true }), manual('plan-b', { require_consent: true })], {
      init: recordWidgetEvents,
    });
    // Before the runtime has loaded: queued and replayed to both surveys.
    await page.evaluate(() => {
      window.csatkit.setContext({ plan: 'pro' });
      window.csatkit.consent(true);
      window.csatkit.show('plan-b');
    });
    const [shown] = await widgetEvents(page, 1);
    assert.deepEqual(shown.detail, { surveyId: 'plan-b', trigger: 'manual', event: null });
    await page.getByRole('radio', { name: '4 – Satisfied' }).click();
    await page.locator('csatkit-prompt').waitFor({ state: 'detached' });
    assert.equal((await page.evaluate(() => window.__csatkitEvents)).filter((event) => event.type === 'csatkit:shown').length, 1, 'plan-a stayed hidden');

    // No id: every survey of the page (plan-b has had its one display on this page).
    await page.evaluate(() => window.csatkit.show());
    const events = await widgetEvents(page, 3);
    assert.deepEqual(events.at(-1).detail, { surveyId: 'plan-a', trigger: 'manual', event: null });
    await promptFocused(page);
    await page.getByRole('radio', { name: '2 – Dissatisfied' }).click();

    await page.locator('csatkit-prompt').waitFor({ state: 'detached' });

    // A tag added later (a tag manager, a single-page app's next view) gets the context and the
    // consent given so far, but not the show() calls made before it arrived: those were for the
    // surveys the page had then.
    const late = manual('plan-c', { require_consent: true });
    await browser.collector.accept(late);
    await page.evaluate((json) => {
      const tag = document.createElement('script');
      tag.src = '/web/dist/csatkit.js';
      tag.dataset.survey = json;
      tag.dataset.endpoint = '/api/csat';
      document.head.append(tag);
    }, JSON.stringify(late));
    await page.waitForTimeout(1000);
    assert.equal(await page.locator('csatkit-prompt').count(), 0, 'the earlier show() is not replayed to plan-c');
    await page.evaluate(() => window.csatkit.show('plan-c'));
    await page.getByRole('radio', { name: '5 – Very satisfied' }).click();

    const received = await receivedResponses(browser.collector, 3);
    assert.deepEqual(received.map((response) => [response.survey_id, response.score, response.context.plan]), [
      ['plan-b', 4, 'pro'],
      ['plan-a', 2, 'pro'],
      ['plan-c', 5, 'pro'],
    ]);
    await outboxEmpty(page);
    assert.deepEqual(withoutKeepaliveAborts(problems), []);
    await page.close();
  });

  test('several show(id) calls queued before the runtime has loaded: each one is kept', async () => {
    const manual = (id) => ({ id, type: 'csat', display: { ...caps, manual_only: true } });
    const { page, problems } = await openPageWith(browser, [manual('queued-a'), manual('queued-b'), manual('queued-c')], { init: recordWidgetEvents });
    await page.evaluate(() => {
      window.csatkit.show('queued-a');
      window.csatkit.show('queued-c');
    });
    const events = await widgetEvents(page, 2);
    assert.deepEqual(events.map((event) => event.detail.surveyId).sort(), ['queued-a', 'queued-c']);
    await page.waitForTimeout(500);
    assert.equal(await page.locator('csatkit-prompt').count(), 2, 'queued-b was not asked for');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the same survey embedded twice shows once', async () => {
    const popup = { id: 'twice', type: 'csat', display: { ...caps, triggers: { delay_ms: 0 } } };
    const { page, problems } = await openPageWith(browser, [popup, popup]);
    await decided(page);
    await page.waitForTimeout(500);
    assert.equal(await page.locator('csatkit-prompt').count(), 1);
    assert.equal((await stored(page)).surveys.twice.displays, 1);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the same survey by URL, spelled several ways: fetched once, shown once, a tag added later too', async () => {
    const popup = { id: 'twice-by-url', type: 'csat', display: { ...caps, triggers: { delay_ms: 0 } } };
    await browser.collector.accept(popup);
    const { page, problems } = await browser.newPage({});
    const definitionRequests = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/twice-by-url.json')) definitionRequests.push(request.url());
    });
    const definitionUrl = `${browser.baseUrl}/t/surveys/twice-by-url.json`;
    await serveOnPage(page, definitionUrl, JSON.stringify(popup), 'application/json');
    // From the page at /t/: root-relative, relative, relative through "..", absolute.
    const spellings = ['/t/surveys/twice-by-url.json', 'surveys/twice-by-url.json', '../t/surveys/./twice-by-url.json', definitionUrl];
    const url = `${browser.baseUrl}/t/twice-by-url.html`;
    await serveOnPage(page, url, hostPageHtml({ definition: null, head: spellings.map((source) => scriptTag(source)).join('') }));
    // The load event waits for the async tags: each has run, and fetched what it would fetch.
    await page.goto(url);
    await decided(page);
    assert.deepEqual(definitionRequests, [definitionUrl]);
    assert.equal(await page.locator('csatkit-prompt').count(), 1);
    assert.equal((await stored(page)).surveys['twice-by-url'].displays, 1);

    // A tag manager adds it again once the survey runs: the first loader takes the tag, and
    // leaves it.
    await page.evaluate(
      (source) =>
        new Promise((resolve) => {
          const tag = document.createElement('script');
          tag.src = '/web/dist/csatkit.js';
          tag.dataset.survey = source;
          tag.dataset.endpoint = '/api/csat';
          tag.onload = resolve;
          document.head.append(tag);
        }),
      definitionUrl,
    );
    assert.deepEqual(definitionRequests, [definitionUrl]);
    assert.equal(await page.locator('csatkit-prompt').count(), 1);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("a show(id) queued in the README's stub before any tag ran reaches the survey of a later tag too", async () => {
    const manual = (id) => ({ id, type: 'csat', display: { ...caps, manual_only: true } });
    const { page, problems } = await openPageWith(browser, [manual('stub-first'), manual('stub-second')], {
      init: recordWidgetEvents,
      // The page's own script, before the async tags (hostPageHtml writes `head` first).
      head: '<script src="/t/stub-show.js"></script>',
      files: { '/t/stub-show.js': [readmeStub() + "csatkit.show('stub-second');\n", 'text/javascript'] },
    });
    const [shown] = await widgetEvents(page, 1);
    assert.equal(shown.detail.surveyId, 'stub-second');
    assert.equal(await promptShows(page), true);
    assert.deepEqual(problems, []);
    await page.close();
  });
});

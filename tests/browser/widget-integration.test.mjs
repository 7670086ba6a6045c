// What the host page gets back: csatkit:* CustomEvents, mount() callbacks, window.dataLayer,
// setContext() values in the delivered response, and the <csat-survey> custom element. Every
// test checks what the demo endpoint actually received.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { useBrowser } from './harness.mjs';
import {
  completedResponses,
  openHostPage,
  outboxEmpty,
  promptFocused,
  promptShows,
  receivedResponses,
  recordWidgetEvents,
  scriptTag,
  serveOnPage,
  widgetEvents,
  withoutKeepaliveAborts,
} from './widget-pages.mjs';

const caps = { respect_global_cooldown: false, recontact_days: 0, dismiss_days: 0, max_displays: null };

function withDataLayer() {
  window.dataLayer = [];
}

/**
 * Opens /t/element.html in a page with its own storage: `<div id="first">` and `<aside
 * id="second">`, and a module that imports the widget and appends to #first a <csat-survey>
 * (window.element) for `definition`. The csatkit:* events are recorded (recordWidgetEvents).
 */
async function openElementPage(browser, definition) {
  await browser.collector.accept(definition);
  const opened = await browser.newPage({});
  const pageUrl = `${browser.baseUrl}/t/element.html`;
  await opened.page.addInitScript(recordWidgetEvents);
  await serveOnPage(opened.page, pageUrl, '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Element</title><script type="module" src="/t/element.js"></script></head><body><main><h1>Help centre</h1><div id="first"></div><aside id="second"></aside></main></body></html>');
  await serveOnPage(
    opened.page,
    `${browser.baseUrl}/t/element.js`,
    `import '/web/widget/index.js';
window.element = document.createElement('csat-survey');
element.setAttribute('survey', ${JSON.stringify(JSON.stringify(definition))});
element.setAttribute('endpoint', '/api/csat');
document.getElementById('first').append(element);`,
    'text/javascript; charset=utf-8',
  );
  await opened.page.goto(pageUrl);
  return opened;
}

/** How many displays of `surveyId` the visitor's history in localStorage holds. */
function displaysRecorded(page, surveyId) {
  return page.evaluate((id) => JSON.parse(localStorage.getItem('csatkit:visitor') ?? 'null')?.surveys[id]?.displays ?? 0, surveyId);
}

describe('widget integration', () => {
  const browser = useBrowser();

  test('script tag: csatkit:* events with detail, dataLayer pushes, setContext values in the response', async () => {
    const definition = { id: 'events', type: 'csat', metadata: { channel: 'chat' }, display: { ...caps, triggers: { events: ['ask'] } } };
    const { page, problems, url } = await openHostPage(browser, { definition, context: {}, init: [recordWidgetEvents, withDataLayer] });
    // Called before the runtime has loaded: queued, then replayed in order.
    await page.evaluate(() => {
      window.csatkit.setContext({ plan: 'pro', cart_items: 3 });
      window.csatkit.setContext({ ab_test: 'b' });
      window.csatkit.track('ask');
    });
    await page.getByRole('radio', { name: '2 – Dissatisfied' }).click();
    await page.getByRole('textbox').fill('Too slow');
    await page.getByRole('button', { name: 'Send' }).click();

    const [shown, partial, complete] = await widgetEvents(page, 3);
    assert.deepEqual(shown, { type: 'csatkit:shown', detail: { surveyId: 'events', trigger: 'event', event: 'ask' } });
    assert.equal(partial.type, 'csatkit:response');
    assert.equal(partial.detail.surveyId, 'events');
    assert.deepEqual([partial.detail.response.score, partial.detail.response.complete], [2, false]);
    assert.equal(complete.type, 'csatkit:response');
    assert.deepEqual([complete.detail.response.id, complete.detail.response.comment, complete.detail.response.complete], [partial.detail.response.id, 'Too slow', true]);

    const dataLayer = await page.evaluate(() => window.dataLayer);
    assert.deepEqual(
      dataLayer.map((entry) => entry.event),
      ['csatkit_shown', 'csatkit_response', 'csatkit_response'],
    );
    assert.deepEqual(dataLayer[0].csatkit, shown.detail);

    const [received] = await completedResponses(browser.collector);
    assert.equal(received.id, complete.detail.response.id);
    assert.deepEqual(received.context, { plan: 'pro', cart_items: 3, ab_test: 'b' });
    assert.deepEqual(received.metadata, { channel: 'chat' });
    assert.equal(received.url, url);
    await outboxEmpty(page);

    // A dismissal (Esc before any score) on the next visit.
    await page.reload();
    await page.evaluate(() => window.csatkit.track('ask'));
    await promptFocused(page);
    await page.keyboard.press('Escape');
    const events = await widgetEvents(page, 2);
    assert.deepEqual(events[1], { type: 'csatkit:dismissed', detail: { surveyId: 'events' } });
    assert.deepEqual((await page.evaluate(() => window.dataLayer)).map((entry) => entry.event), ['csatkit_shown', 'csatkit_dismissed']);
    assert.equal((await browser.collector.list()).length, 1, 'a dismissal delivers nothing');
    assert.deepEqual(withoutKeepaliveAborts(problems), []);
    await page.close();
  });

  test('dataLayer gets the score, never the comment, user id or context; data-datalayer="off" pushes nothing', async () => {
    const definition = { id: 'tagged', type: 'csat', display: { ...caps, triggers: { events: ['ask'] } } };
    await browser.collector.accept(definition);
    const answer = async (page) => {
      await page.evaluate(() => {
        window.csatkit.setContext({ email: 'jo@example.com' });
        window.csatkit.track('ask');
      });
      await page.getByRole('radio', { name: '2 – Dissatisfied' }).click();
      await page.getByRole('textbox').fill('My order 1234 for Jo Smith');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByRole('status').filter({ hasText: 'Thank you' }).first().waitFor();
    };
    const { page, problems } = await openHostPage(browser, {
      definition: null,
      head: scriptTag(definition, ' data-user-id="user-7"'),
      context: {},
      init: withDataLayer,
    });
    await answer(page);
    const pushed = await page.evaluate(() => window.dataLayer.filter((entry) => entry.event === 'csatkit_response').map((entry) => entry.csatkit));
    assert.equal(pushed.length, 2);
    for (const { surveyId, response } of pushed) {
      assert.equal(surveyId, 'tagged');
      assert.deepEqual(Object.keys(response).sort(), ['bucket', 'complete', 'id', 'scale', 'score', 'survey_id', 'type']);
      assert.equal(response.score, 2);
    }
    assert.doesNotMatch(JSON.stringify(await page.evaluate(() => window.dataLayer)), /Jo Smith|user-7|example\.com/);
    // Delivered before the page (and its browser context) closes: closing both at once may cancel
    // the last send and the beacon, which a visitor's browser would carry on with.
    await outboxEmpty(page);
    await page.close();

    const off = await openHostPage(browser, { definition: null, head: scriptTag(definition, ' data-datalayer="off"'), context: {}, init: withDataLayer });
    await answer(off.page);
    assert.deepEqual(await off.page.evaluate(() => window.dataLayer), []);
    // Both answers reached the endpoint whole.
    const received = await completedResponses(browser.collector, 2);
    assert.deepEqual(received.map((response) => response.comment), ['My order 1234 for Jo Smith', 'My order 1234 for Jo Smith']);
    assert.deepEqual(withoutKeepaliveAborts([...problems, ...off.problems]), []);
    await off.page.close();
  });

  test('setContext: a value JSON cannot hold is left out with one error naming it; the answer arrives with the rest', async () => {
    const definition = { id: 'context', type: 'csat', follow_up: false, thanks: false, display: { ...caps, triggers: { events: ['ask'] } } };
    const { page, problems } = await openHostPage(browser, { definition, context: {} });
    await page.evaluate(() => {
      const loop = { name: 'loop' };
      loop.self = loop;
      window.csatkit.setContext({ plan: 'pro', loop, big: 10n });
      window.csatkit.track('ask');
    });
    await page.getByRole('radio', { name: '4 – Satisfied' }).click();
    const [received] = await completedResponses(browser.collector);
    assert.deepEqual(received.context, { plan: 'pro' });
    const errors = problems.filter((problem) => problem.includes('context.invalid'));
    assert.equal(errors.length, 2, problems.join('\n'));
    assert.match(errors[0], /setContext\.loop/);
    assert.match(errors[1], /setContext\.big/);
    assert.deepEqual(withoutKeepaliveAborts(problems).filter((problem) => !problem.includes('context.invalid')), []);
    await page.close();
  });

  test('mount(): onShown, onResponse and onDismissed callbacks; context, touchpoint and user id delivered; no dataLayer unless asked', async () => {
    const display = { ...caps, manual_only: true };
    const answered = { id: 'checkout', type: 'csat', follow_up: false, thanks: false, display };
    // The collector accepts only surveys it knows (this "checkout" replaces the example's NPS one).
    assert.deepEqual((await browser.collector.accept(answered, { id: 'ignored', type: 'nps', display })).refused, []);
    const { page, problems } = await browser.newPage({});
    const pageUrl = `${browser.baseUrl}/t/mount.html`;
    await serveOnPage(page, pageUrl, '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mount</title><script type="module" src="/t/mount.js"></script></head><body><main><h1>Checkout</h1></main></body></html>');
    await serveOnPage(
      page,
      `${browser.baseUrl}/t/mount.js`,
      `import { mount } from '/web/widget/index.js';
window.dataLayer = [];
window.calls = [];
const record = (name) => (detail) => window.calls.push([name, JSON.parse(JSON.stringify(detail))]);
const callbacks = { onShown: record('shown'), onResponse: record('response'), onDismissed: record('dismissed') };
const display = ${JSON.stringify(display)};
window.answered = mount({
  definition: ${JSON.stringify(answered)},
  endpoint: '/api/csat', touchpoint: 'checkout', userId: 'user-42', context: { plan: 'pro' }, ...callbacks,
});
window.ignored = mount({ definition: { id: 'ignored', type: 'nps', display }, endpoint: '/api/csat', ...callbacks });
Promise.all([window.answered.ready, window.ignored.ready]).then(() => { window.mounted = true; });`,
      'text/javascript; charset=utf-8',
    );
    await page.goto(pageUrl);
    await page.waitForFunction(() => window.mounted === true);
    await page.evaluate(() => {
      window.answered.setContext({ step: 'paid' });
      window.answered.show();
    });
    await page.getByRole('radio', { name: '5 – Very satisfied' }).click();
    await page.locator('csatkit-prompt').waitFor({ state: 'detached' });
    await page.evaluate(() => window.ignored.show('ignored'));
    await page.getByRole('radio', { name: /^10/ }).waitFor();
    await promptFocused(page);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => window.calls.length === 4);
    const calls = await page.evaluate(() => window.calls);
    assert.deepEqual(calls[0], ['shown', { surveyId: 'checkout', trigger: 'manual', event: null }]);
    assert.equal(calls[1][0], 'response');
    assert.deepEqual([calls[1][1].surveyId, calls[1][1].response.score, calls[1][1].response.complete], ['checkout', 5, true]);
    assert.deepEqual(calls[2], ['shown', { surveyId: 'ignored', trigger: 'manual', event: null }]);
    assert.deepEqual(calls[3], ['dismissed', { surveyId: 'ignored' }]);
    assert.deepEqual(await page.evaluate(() => window.dataLayer), [], 'dataLayer is opt-in for mount()');

    const [received] = await receivedResponses(browser.collector);
    assert.equal(received.id, calls[1][1].response.id);
    assert.deepEqual(received.context, { plan: 'pro', step: 'paid' });
    assert.equal(received.touchpoint, 'checkout');
    assert.equal(received.user_id, 'user-42');
    await outboxEmpty(page);
    assert.equal((await browser.collector.list()).length, 1);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('mount() from the npm modules: an invalid definition is explained by the core beside them, and ready still resolves', async () => {
    const { page, problems } = await browser.newPage({});
    const pageUrl = `${browser.baseUrl}/t/mount-invalid.html`;
    await serveOnPage(page, pageUrl, '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mount</title><script type="module" src="/t/mount-invalid.js"></script></head><body><main><h1>Checkout</h1></main></body></html>');
    await serveOnPage(
      page,
      `${browser.baseUrl}/t/mount-invalid.js`,
      `import { mount } from '/web/widget/index.js';
mount({ definition: { id: 'checkout', type: 'stars' }, endpoint: '/api/csat' }).ready.then(() => { window.mounted = true; });`,
      'text/javascript; charset=utf-8',
    );
    await page.goto(pageUrl);
    await page.waitForFunction(() => window.mounted === true);
    // Found next to web/widget/core.js (web/dist/), as a site's bundler copies it from the package.
    const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname));
    assert.ok(fetched.includes('/web/dist/csatkit-widget-explain.wasm'), fetched.join('\n'));
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /csatkit: survey\.invalid at \$: 1 problem in survey definition "checkout": \$\.type: unknown type "stars"/);
    await page.close();
  });

  test('framework.html: the <csat-survey> element renders its inline survey inside itself and delivers', async () => {
    const { page, problems } = await browser.newPage({});
    await page.goto(`${browser.baseUrl}/framework.html`);
    const element = page.locator('csat-survey');
    const yes = element.getByRole('button', { name: 'Yes', exact: true });
    await yes.waitFor();
    assert.equal(await element.locator('csatkit-prompt section').getAttribute('role'), 'region');
    assert.equal(await element.locator('csatkit-prompt section').evaluate((section) => getComputedStyle(section).position), 'relative');
    await yes.click();
    await element.getByRole('status').filter({ hasText: 'Thank you' }).first().waitFor();
    const [received] = await receivedResponses(browser.collector);
    assert.deepEqual([received.survey_id, received.type, received.score, received.complete], ['element-demo', 'helpful', 1, true]);
    // The page's other survey (mount() from framework.js) is untouched until its button is pressed.
    assert.equal(await page.getByRole('dialog').count(), 0);
    // Removing the element unmounts its survey.
    await page.evaluate(() => document.querySelector('csat-survey').remove());
    assert.equal(await page.locator('csatkit-prompt').count(), 0);
    await outboxEmpty(page);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('<csat-survey> moved in the DOM keeps its running survey (no second display); removed it ends; inserted again it starts again', async () => {
    const definition = { id: 'moved', type: 'csat', presentation: { mode: 'inline', selector: 'csat-survey' }, display: { ...caps, triggers: { delay_ms: 0 } } };
    const { page, problems } = await openElementPage(browser, definition);
    const element = page.locator('csat-survey');
    await element.getByRole('radio', { name: '2 – Dissatisfied' }).click();
    await element.getByRole('textbox').waitFor();
    assert.equal(await displaysRecorded(page, 'moved'), 1);

    // Re-parented as React or Vue do (disconnected, then connected in the same task): the same
    // prompt goes along, once the microtasks have run too.
    const keptPrompt = await page.evaluate(async () => {
      const prompt = element.querySelector('csatkit-prompt');
      document.getElementById('second').append(element);
      await new Promise((resolve) => setTimeout(resolve, 0));
      return prompt.isConnected && element.querySelector('csatkit-prompt') === prompt;
    });
    assert.equal(keptPrompt, true, 'the move ended the survey');
    await element.getByRole('textbox').fill('Too slow');
    await page.getByRole('button', { name: 'Send' }).click();
    await element.getByRole('status').filter({ hasText: 'Thank you' }).first().waitFor();
    const [received] = await completedResponses(browser.collector);
    assert.deepEqual([received.survey_id, received.score, received.comment], ['moved', 2, 'Too slow']);
    assert.equal((await browser.collector.list()).length, 1, 'one response, completed by its update');
    assert.equal(await displaysRecorded(page, 'moved'), 1, 'the move counted no display');
    assert.equal((await widgetEvents(page)).filter((event) => event.type === 'csatkit:shown').length, 1);

    // Removed for good: its survey ends. Inserted again later: a new survey starts, and shows.
    await page.evaluate(() => element.remove());
    assert.equal(await page.locator('csatkit-prompt').count(), 0);
    await page.evaluate(() => document.getElementById('first').append(element));
    await element.getByRole('radio', { name: '2 – Dissatisfied' }).waitFor();
    assert.equal(await displaysRecorded(page, 'moved'), 2);
    await outboxEmpty(page);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('<csat-survey> whose attributes change while connected starts again with the new values', async () => {
    const definition = { id: 'before-change', type: 'csat', presentation: { mode: 'inline', selector: 'csat-survey' }, display: { ...caps, triggers: { delay_ms: 0 } } };
    const changed = { ...definition, id: 'after-change', follow_up: false, thanks: false };
    await browser.collector.accept(changed);
    const { page, problems } = await openElementPage(browser, definition);
    const element = page.locator('csat-survey');
    await element.getByRole('radio', { name: '4 – Satisfied' }).waitFor();

    // A framework re-rendering with another survey, language and touchpoint sets them one by one.
    await page.evaluate((text) => {
      element.setAttribute('survey', text);
      element.setAttribute('locale', 'nl');
      element.setAttribute('touchpoint', 'kb');
    }, JSON.stringify(changed));
    await element.getByRole('radio', { name: '4 – Tevreden' }).waitFor();
    assert.equal(await page.locator('csatkit-prompt').count(), 1, 'the first survey\'s prompt went');
    await element.getByRole('radio', { name: '4 – Tevreden' }).click();
    const [received] = await receivedResponses(browser.collector);
    assert.deepEqual([received.survey_id, received.locale, received.touchpoint, received.score], ['after-change', 'nl', 'kb', 4]);
    const shown = (await widgetEvents(page)).filter((event) => event.type === 'csatkit:shown');
    assert.deepEqual(shown.map((event) => event.detail.surveyId), ['before-change', 'after-change']);
    await outboxEmpty(page);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('<csat-survey> track(), setContext() and consent() reach its survey; context and consent carry over to the survey it starts when inserted again', async () => {
    const definition = { id: 'element-methods', type: 'csat', follow_up: false, thanks: false, display: { ...caps, require_consent: true, triggers: { events: ['ask'] } } };
    const { page, problems } = await openElementPage(browser, definition);
    await page.evaluate(() => {
      element.setContext({ plan: 'pro' });
      element.track('ask');
      element.consent(true); // the survey requires it: nothing shows, nothing is stored before
    });
    await page.getByRole('radio', { name: '4 – Satisfied' }).click();
    const [first] = await receivedResponses(browser.collector);
    assert.deepEqual([first.survey_id, first.score, first.context], ['element-methods', 4, { plan: 'pro' }]);
    const [shown] = await widgetEvents(page);
    assert.deepEqual(shown, { type: 'csatkit:shown', detail: { surveyId: 'element-methods', trigger: 'event', event: 'ask' } });
    assert.equal(await displaysRecorded(page, 'element-methods'), 1);

    // Given while the element is out of the document, or to its earlier survey: kept for the next.
    await page.evaluate(() => element.remove()); // its survey ends once the microtasks have run
    await page.evaluate(() => {
      element.setContext({ step: 'second' });
      document.getElementById('first').append(element);
      element.track('ask');
    });
    await page.getByRole('radio', { name: '2 – Dissatisfied' }).click();
    const second = (await receivedResponses(browser.collector, 2)).find((response) => response.id !== first.id);
    assert.deepEqual([second.score, second.context], [2, { plan: 'pro', step: 'second' }]);
    assert.equal(await displaysRecorded(page, 'element-methods'), 2);
    await outboxEmpty(page);

    // Withdrawn: the visitor's id and history go.
    await page.evaluate(() => element.consent(false));
    assert.equal(await page.evaluate(() => localStorage.getItem('csatkit:visitor')), null);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the script tag takes the definition by URL and tags responses with data-touchpoint (kb-article.html)', async () => {
    const { page, problems } = await browser.newPage({});
    await page.goto(`${browser.baseUrl}/kb-article.html`);
    assert.equal(await promptShows(page), true);
    await page.getByRole('button', { name: 'Yes', exact: true }).click();
    const [received] = await receivedResponses(browser.collector);
    assert.equal(received.touchpoint, 'kb');
    assert.deepEqual(received.article, { id: 'reset-password', version: '2024-05' });
    await outboxEmpty(page);
    assert.deepEqual(problems, []);
    await page.close();
  });
});

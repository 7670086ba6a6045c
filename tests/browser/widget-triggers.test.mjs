// When the survey shows: each trigger of the display rules, programmatic show(), sampling and
// caps across reloads, and an invalid definition. The core decides; these check the wiring.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { useBrowser } from './harness.mjs';
import { completedResponses, decided, openHostPage, pageviews, promptFocused, promptShows } from './widget-pages.mjs';

const rules = (display) => ({ respect_global_cooldown: false, recontact_days: 0, dismiss_days: 0, max_displays: null, ...display });
const longArticle = `<main><h1>Long page</h1>${'<p>A paragraph of the article.</p>'.repeat(300)}</main>`;

/** Init script: the host's router has wrapped history.pushState before csatkit arrives. */
function hostRouter() {
  const native = history.pushState;
  window.__routerCalls = [];
  window.__routerPushState = history.pushState = function (...args) {
    window.__routerCalls.push({ thisIsHistory: this === history, args: JSON.parse(JSON.stringify(args)) });
    native.apply(this, args);
    return 'pushed by the router';
  };
}

describe('widget triggers', () => {
  const browser = useBrowser();

  test('a delay trigger shows the prompt after the delay, not before', async () => {
    const { page, problems } = await openHostPage(browser, { definition: { id: 'delay', type: 'csat', display: rules({ triggers: { delay_ms: 1500 } }) } });
    assert.equal(await promptShows(page, 500), false);
    assert.equal(await promptShows(page, 8000), true);
    await page.getByRole('radiogroup').waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a scroll trigger shows the prompt once the depth is reached', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'scroll', type: 'csat', display: rules({ triggers: { scroll_percent: 80 } }) },
      body: longArticle,
    });
    assert.equal(await promptShows(page, 1500), false);
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    assert.equal(await promptShows(page), true);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a scroll trigger on a page that fits the window shows at load: there is nothing left to scroll', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'scroll-short', type: 'csat', display: rules({ triggers: { scroll_percent: 80 } }) },
    });
    assert.equal(await promptShows(page), true);
    assert.equal(await page.evaluate(() => scrollY), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('on an app shell (the document cannot scroll, a box does) the scroll trigger waits for the box', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'scroll-shell', type: 'csat', display: rules({ triggers: { scroll_percent: 90 } }) },
      head: '<link rel="stylesheet" href="/t/shell.css">',
      body: `<div id="app">${longArticle}</div>`,
      files: { '/t/shell.css': ['html, body { height: 100%; margin: 0; overflow: hidden } #app { height: 100vh; overflow: auto }', 'text/css'] },
    });
    await decided(page);
    assert.equal(await promptShows(page, 1500), false);
    await page.evaluate(() => document.getElementById('app').scrollTo(0, 1e6));
    assert.equal(await promptShows(page), true);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('exit intent (the pointer leaves through the top) shows the prompt', async () => {
    const { page, problems } = await openHostPage(browser, { definition: { id: 'exit', type: 'csat', display: rules({ triggers: { exit_intent: true } }) } });
    assert.equal(await promptShows(page, 1500), false);
    await page.evaluate(() => document.documentElement.dispatchEvent(new MouseEvent('mouseout', { clientY: -2, bubbles: true })));
    assert.equal(await promptShows(page), true);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a tracked custom event shows the prompt', async () => {
    const { page, problems } = await openHostPage(browser, { definition: { id: 'event', type: 'csat', display: rules({ triggers: { events: ['chat_closed'] } }) } });
    await page.evaluate(() => window.csatkit.track('something_else'));
    assert.equal(await promptShows(page, 1500), false);
    await page.evaluate(() => window.csatkit.track('chat_closed'));
    assert.equal(await promptShows(page), true);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('show() before the runtime has loaded is queued and shows a manual-only survey', async () => {
    const { page, problems } = await openHostPage(browser, { definition: { id: 'manual', type: 'csat', display: rules({ manual_only: true }) } });
    await page.evaluate(() => window.csatkit.show('manual'));
    assert.equal(await promptShows(page), true);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a single-page app: a survey excluded on the first route shows after pushState to an included one', async () => {
    const { page, problems } = await openHostPage(browser, {
      name: 'spa-home',
      definition: { id: 'spa-route', type: 'csat', display: rules({ include: ['/t/help/**'], triggers: { delay_ms: 0 } }) },
      body: longArticle,
    });
    await decided(page);
    assert.equal(await promptShows(page, 1000), false);
    await page.evaluate(() => history.pushState({}, '', '/t/help/article-1'));
    assert.equal(await promptShows(page), true); // no scroll, no event: the route change asks again
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a single-page app: a route that fits the window reaches a scroll trigger once it has rendered, without a scroll', async () => {
    const { page, problems } = await openHostPage(browser, {
      name: 'spa-long',
      definition: { id: 'spa-scroll', type: 'csat', display: rules({ triggers: { scroll_percent: 80 } }) },
      body: longArticle,
    });
    await decided(page);
    assert.equal(await promptShows(page, 1000), false);
    // The app renders a short route in place of the long one.
    await page.evaluate(() => {
      document.querySelector('main').replaceChildren(Object.assign(document.createElement('h1'), { textContent: 'Thanks for your order' }));
      history.pushState(null, '', '/t/spa-short');
    });
    assert.equal(await promptShows(page), true);
    assert.equal(await page.evaluate(() => scrollY), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a single-page app: going to an excluded URL closes a prompt not yet answered; once scored, it stays for the comment', async () => {
    const display = rules({ exclude: ['/t/checkout/**'], triggers: { delay_ms: 0 } });
    const { page, problems } = await openHostPage(browser, { name: 'spa-shop', definition: { id: 'spa-leave', type: 'csat', display } });
    await page.getByRole('radiogroup').waitFor();
    await page.evaluate(() => history.pushState(null, '', '/t/checkout/pay'));
    await page.locator('csatkit-prompt').waitFor({ state: 'detached' });
    const history = await page.evaluate(() => JSON.parse(localStorage.getItem('csatkit:visitor')).surveys['spa-leave']);
    assert.deepEqual([history.displays, history.last_dismissed], [1, undefined], 'closed by the route, not dismissed');
    await page.close();

    const scored = await openHostPage(browser, { name: 'spa-cart', definition: { id: 'spa-scored', type: 'csat', display } });
    await scored.page.getByRole('radio', { name: '2 – Dissatisfied' }).click();
    await scored.page.evaluate(() => history.pushState(null, '', '/t/checkout/pay'));
    await scored.page.getByRole('textbox').fill('Slow delivery');
    await scored.page.getByRole('button', { name: 'Send' }).click();
    const [received] = await completedResponses(browser.collector);
    assert.deepEqual([received.survey_id, received.comment, received.url], ['spa-scored', 'Slow delivery', scored.url]);
    assert.deepEqual([...problems, ...scored.problems], []);
    await scored.page.close();
  });

  test('a single-page app: a route change to a new path is a page view (min_pageviews), counted once for every copy of csatkit', async () => {
    const { page, problems } = await openHostPage(browser, {
      name: 'spa-first',
      definition: { id: 'spa-second-page', type: 'csat', display: rules({ min_pageviews: 2, triggers: { delay_ms: 0 } }) },
    });
    await decided(page);
    assert.equal(await promptShows(page, 1000), false);
    // A second copy of the signals on the same page (an npm import beside the script tag).
    const wrapped = await page.evaluate(async () => {
      const { createSignals } = await import('/web/widget/signals.js');
      const pushState = history.pushState;
      window.__otherCopy = createSignals();
      window.__otherCopyHeard = [];
      window.__otherCopy.subscribe((reason) => window.__otherCopyHeard.push(reason));
      return pushState === history.pushState;
    });
    assert.equal(wrapped, true, 'history.pushState is wrapped once per page');
    await page.evaluate(() => history.pushState(null, '', '/t/spa-second?tab=1'));
    assert.equal(await promptShows(page), true);
    assert.equal(await pageviews(page), 2);
    const other = await page.evaluate(() => ({ snapshot: window.__otherCopy.snapshot(), heard: window.__otherCopyHeard, url: location.href }));
    assert.equal(other.snapshot.pageviews, 2);
    assert.equal(other.snapshot.url, other.url);
    assert.ok(other.snapshot.ms_since_load < 5000, 'the delay counts from the route change');
    assert.deepEqual(
      other.heard.filter((reason) => reason === 'navigation'),
      ['navigation'],
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a single-page app: a change of only the hash or the query, or a replaceState, is not a new page view', async () => {
    const { page, problems } = await openHostPage(browser, {
      name: 'spa-hash',
      definition: { id: 'spa-hash', type: 'csat', display: rules({ min_pageviews: 2, triggers: { delay_ms: 0 } }) },
    });
    await decided(page);
    await page.evaluate(async () => {
      const hashChanged = new Promise((resolve) => addEventListener('hashchange', resolve, { once: true }));
      location.hash = 'details';
      await hashChanged;
      history.pushState(null, '', '#comments');
      history.pushState(null, '', '?sort=new#comments');
      history.replaceState(null, '', '/t/spa-hash-redirected'); // a redirect: the same page view
    });
    assert.equal(await promptShows(page, 1500), false);
    assert.equal(await pageviews(page), 1);
    await page.evaluate(() => history.pushState(null, '', '/t/spa-hash-next'));
    assert.equal(await promptShows(page), true);
    assert.equal(await pageviews(page), 2);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("a single-page app: the host's own pushState keeps its this, arguments, return value and state", async () => {
    const { page, problems } = await openHostPage(browser, {
      name: 'spa-router',
      init: hostRouter,
      definition: { id: 'spa-router', type: 'csat', display: rules({ include: ['/t/help/**'], triggers: { delay_ms: 0 } }) },
    });
    await decided(page);
    const pushed = await page.evaluate(() => ({
      wrapped: history.pushState !== window.__routerPushState,
      returned: history.pushState({ step: 2 }, '', '/t/help/step-2'),
      state: history.state,
      path: location.pathname,
      calls: window.__routerCalls,
    }));
    assert.deepEqual(pushed, {
      wrapped: true,
      returned: 'pushed by the router',
      state: { step: 2 },
      path: '/t/help/step-2',
      calls: [{ thisIsHistory: true, args: [{ step: 2 }, '', '/t/help/step-2'] }],
    });
    assert.equal(await promptShows(page), true);
    const back = await page.evaluate(async () => {
      const popped = new Promise((resolve) => addEventListener('popstate', (event) => resolve(event.state), { once: true }));
      history.back();
      return { state: await popped, path: location.pathname };
    });
    assert.deepEqual(back, { state: null, path: '/t/spa-router.html' });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('sampling is sticky per visitor across reloads', async () => {
    const definition = { id: 'sampled', type: 'csat', display: rules({ sample_percent: 50, triggers: { delay_ms: 0 } }) };
    const { page, problems } = await openHostPage(browser, { definition, name: 'sampled' });
    const first = await promptShows(page, 3000);
    const visitor = await page.evaluate(() => JSON.parse(localStorage.getItem('csatkit:visitor')).id);
    for (let reload = 0; reload < 3; reload++) {
      await page.reload();
      assert.equal(await promptShows(page, 3000), first, `reload ${reload + 1} decided differently`);
    }
    assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem('csatkit:visitor')).id), visitor);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('max_displays is honoured across reloads', async () => {
    const definition = { id: 'capped', type: 'csat', display: rules({ max_displays: 1, triggers: { delay_ms: 0 } }) };
    const { page, problems } = await openHostPage(browser, { definition, name: 'capped' });
    assert.equal(await promptShows(page), true);
    await promptFocused(page);
    await page.keyboard.press('Escape');
    await page.locator('csatkit-prompt').waitFor({ state: 'detached' });
    await page.reload();
    assert.equal(await promptShows(page, 2500), false);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('an invalid definition logs one CsatkitError listing every problem and leaves the page alone', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { type: 'stars', display: { sample_percent: 140 }, presentation: { mode: 'fullscreen' } },
      body: '<main><h1>Untouched</h1></main>',
    });
    await page.waitForTimeout(2500);
    const errors = problems.filter((p) => p.includes('survey.invalid'));
    assert.equal(errors.length, 1, problems.join('\n'));
    assert.equal(problems.length, 1, problems.join('\n'));
    for (const path of ['$.id', '$.type', '$.display.sample_percent', '$.presentation.mode']) assert.ok(errors[0].includes(path), `${path} missing in ${errors[0]}`);
    // In words: the core every page downloads leaves them out, so the runtime fetched the one
    // that explains them (only now: widget-loading.test.mjs lists what a valid survey fetches).
    for (const words of ['4 problems in the survey definition', 'unknown type "stars"', 'from 0 to 100, got 140', 'unknown mode "fullscreen"']) {
      assert.ok(errors[0].includes(words), `"${words}" missing in ${errors[0]}`);
    }
    assert.equal(await page.locator('csatkit-prompt').count(), 0);
    assert.equal(await page.evaluate(() => document.body.innerHTML), '<main><h1>Untouched</h1></main>');
    await page.close();
  });

  test('an invalid definition logs the path of every problem even when the explaining core cannot be loaded', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'broken', type: 'stars', presentation: { mode: 'fullscreen' } },
      files: { '/web/dist/csatkit-widget-explain.wasm': ['not a wasm module', 'application/wasm'] },
    });
    await page.waitForTimeout(2500);
    const errors = problems.filter((p) => p.includes('survey.invalid'));
    assert.equal(errors.length, 1, problems.join('\n'));
    assert.match(errors[0], /the survey definition has problems at \$\.type, \$\.presentation\.mode; csatkit-widget-explain\.wasm, which explains them, could not be loaded/);
    assert.equal(await page.locator('csatkit-prompt').count(), 0);
    await page.close();
  });
});

// When the survey shows: each trigger of the display rules, programmatic show(), sampling and
// caps across reloads, and an invalid definition. The core decides; these check the wiring.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { useBrowser } from './harness.mjs';
import { openHostPage, promptFocused, promptShows } from './widget-pages.mjs';

const rules = (display) => ({ respect_global_cooldown: false, recontact_days: 0, dismiss_days: 0, max_displays: null, ...display });

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
      body: `<main><h1>Long page</h1>${'<p>A paragraph of the article.</p>'.repeat(300)}</main>`,
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
    assert.equal(await page.locator('csatkit-prompt').count(), 0);
    assert.equal(await page.evaluate(() => document.body.innerHTML), '<main><h1>Untouched</h1></main>');
    await page.close();
  });
});

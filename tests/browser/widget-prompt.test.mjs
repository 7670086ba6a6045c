// The prompt as a visitor meets it: keyboard only, a screen reader's view (axe-core), right to
// left, inside a hostile host page, under the strict CSP, and with hostile text in every field.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { describeViolations, useBrowser } from './harness.mjs';
import { completedResponses, openHostPage, promptFocused, promptShows, receivedResponses } from './widget-pages.mjs';

const now = { respect_global_cooldown: false, recontact_days: 0, dismiss_days: 0, max_displays: null, triggers: { delay_ms: 0 } };

describe('the widget prompt', () => {
  const browser = useBrowser();

  test('is announced as shown once it has the focus, on the first point', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'focus-shown', type: 'csat', display: now },
      // What has the focus when the page hears csatkit:shown.
      init: () =>
        addEventListener('csatkit:shown', () => {
          window.__focusWhenShown = document.activeElement?.shadowRoot?.activeElement?.getAttribute('aria-label') ?? null;
        }),
    });
    await page.waitForFunction(() => window.__focusWhenShown !== undefined);
    assert.equal(await page.evaluate(() => window.__focusWhenShown), '1 – Very dissatisfied');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('is answered with the keyboard alone, and focus returns to where it was', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'keys', type: 'csat', display: { ...now, triggers: { events: ['go'] } } },
      body: '<main><h1>Host</h1><button id="origin" type="button">Origin</button></main>',
    });
    await page.getByRole('button', { name: 'Origin' }).focus();
    await page.evaluate(() => window.csatkit.track('go'));
    const first = page.getByRole('radio', { name: '1 – Very dissatisfied' });
    await first.waitFor();
    await promptFocused(page);
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    const focused = await page.evaluate(() => document.activeElement.shadowRoot.activeElement.getAttribute('aria-label'));
    assert.equal(focused, '4 – Satisfied');
    await page.keyboard.press('Space');
    const comment = page.getByRole('textbox', { name: 'What did you like most?' });
    await comment.waitFor();
    await page.keyboard.type('Quick and friendly');
    // 1000 allowed by default, 18 typed: the counter follows the typing.
    assert.equal(await page.locator('[data-csatkit-counter]').textContent(), 'Characters left: 982');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Thank you' }).first().waitFor();
    const [response] = await receivedResponses(browser.collector);
    await page.waitForFunction(() => true);
    assert.equal(response.score, 4);
    await page.keyboard.press('Escape');
    await page.locator('csatkit-prompt').waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'origin');
    const final = await completedResponses(browser.collector);
    assert.equal(final.length, 1);
    assert.equal(final[0].comment, 'Quick and friendly');
    assert.equal(final[0].complete, true);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('has no axe violations on the question and the follow-up', async () => {
    const definition = JSON.stringify({ id: 'axe', type: 'csat', display: now });
    const url = `${browser.baseUrl}/t/axe.html`;
    const prepare = (after) => async (page) => {
      await page.route(url, (route) =>
        route.fulfill({ body: `<!doctype html><html lang="en"><head><title>Axe</title><script src="/web/dist/csatkit.js" data-survey='${definition}' async></script></head><body><main><h1>Host</h1></main></body></html>`, headers: { 'Content-Type': 'text/html' } }),
      );
      await page.goto(url);
      await page.getByRole('radiogroup').waitFor();
      await after(page);
    };
    const axeOn = (after) => browser.axeViolations('about:blank', prepare(after));
    const question = await axeOn(async () => {});
    assert.equal(question.length, 0, describeViolations(question));
    const followUp = await axeOn((page) => page.getByRole('radio', { name: '2 – Dissatisfied' }).click().then(() => page.getByRole('textbox').waitFor()));
    assert.equal(followUp.length, 0, describeViolations(followUp));
  });

  test('renders right to left in Arabic', async () => {
    const { page, problems } = await openHostPage(browser, { definition: { id: 'rtl', type: 'csat', locale: 'ar', display: now }, lang: 'ar', dir: 'rtl' });
    assert.equal(await promptShows(page), true);
    const section = page.locator('csatkit-prompt section');
    assert.equal(await section.getAttribute('dir'), 'rtl');
    assert.equal(await section.getAttribute('lang'), 'ar');
    assert.equal(await page.getByRole('radio').count(), 5);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a hostile host stylesheet neither hides nor restyles the prompt, and nothing leaks out', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'hostile', type: 'csat', display: now },
      head: '<link rel="stylesheet" href="/test/hostile.css">',
      body: '<main><h1>Host</h1><button type="button" id="host-button">Host button</button></main>',
    });
    assert.equal(await promptShows(page), true);
    const radio = page.getByRole('radio', { name: '5 – Very satisfied' });
    assert.equal(await radio.isVisible(), true);
    const box = await radio.boundingBox();
    assert.ok(box.width >= 24 && box.height >= 24, JSON.stringify(box));
    assert.notEqual(await radio.evaluate((e) => getComputedStyle(e).color), 'rgb(255, 0, 0)');
    // The widget's styles stay inside: the host's own button keeps the host's style.
    const hostButton = await page.evaluate(() => getComputedStyle(document.getElementById('host-button')).color);
    assert.equal(hostButton, 'rgb(255, 0, 0)');
    await radio.click();
    assert.equal((await receivedResponses(browser.collector))[0].score, 5);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('works under the strict CSP without violations, and XSS payloads in every text stay text', async () => {
    const payload = '"><img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    const definition = {
      id: 'xss',
      type: 'csat',
      question: payload,
      follow_up: { negative: { enabled: true, question: payload }, placeholder: payload },
      thanks: { enabled: true, title: payload, detail: payload },
      metadata: { note: payload },
      texts: { submit: payload, close: payload },
      display: now,
    };
    const { page, problems } = await openHostPage(browser, { definition });
    assert.equal(await promptShows(page), true);
    assert.equal(await page.locator('csatkit-prompt section p').first().textContent(), payload);
    await page.getByRole('radio', { name: /^1/ }).click();
    await page.getByRole('textbox').fill(payload);
    await page.getByRole('button', { name: payload }).filter({ hasText: payload }).click();
    await page.getByRole('status').filter({ hasText: 'img' }).first().waitFor();
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.equal(await page.locator('csatkit-prompt').evaluate((host) => host.shadowRoot.querySelectorAll('img, script').length), 0);
    // Pick this survey's response: the previous test's page beacons its queued partial on
    // pagehide (by design; the endpoint dedupes), and that can land after the collector was cleared.
    const response = (await completedResponses(browser.collector)).find((r) => r.survey_id === 'xss');
    assert.equal(response.comment, payload);
    assert.deepEqual(problems, []);
    await page.close();
  });
});

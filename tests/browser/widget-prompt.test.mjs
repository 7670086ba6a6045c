// The prompt as a visitor meets it: keyboard only, a screen reader's view (axe-core), right to
// left, inside a hostile host page, under the strict CSP, and with hostile text in every field.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { describeViolations, useBrowser } from './harness.mjs';
import { completedResponses, openHostPage, promptFocused, promptShows, receivedResponses, withoutKeepaliveAborts } from './widget-pages.mjs';

const now = { respect_global_cooldown: false, recontact_days: 0, dismiss_days: 0, max_displays: null, triggers: { delay_ms: 0 } };

describe('the widget prompt', () => {
  const browser = useBrowser();

  test('opened by a timer, takes the focus as a dialog: a stray key answers nothing, Tab enters it', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'focus-shown', type: 'csat', display: now },
      // What has the focus when the page hears csatkit:shown.
      init: () =>
        addEventListener('csatkit:shown', () => {
          window.__focusWhenShown = document.activeElement?.shadowRoot?.activeElement?.getAttribute('role') ?? null;
        }),
    });
    await page.waitForFunction(() => window.__focusWhenShown !== undefined);
    assert.equal(await page.evaluate(() => window.__focusWhenShown), 'dialog');
    // Keys meant for the page (Space scrolls, Enter) do not answer the survey.
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab'); // the close button comes first
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement.shadowRoot.activeElement.getAttribute('aria-label'));
    assert.equal(focused, '1 – Very dissatisfied');
    assert.equal(await page.getByRole('radio', { checked: true }).count(), 0);
    assert.deepEqual(await browser.collector.list(), []);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the close button, focused from the keyboard, shows its whole focus ring inside the card (LTR and RTL)', async () => {
    for (const [lang, dir] of [['en', 'ltr'], ['ar', 'rtl']]) {
      const { page, problems } = await openHostPage(browser, { definition: { id: `ring-${dir}`, type: 'csat', display: now }, lang, dir });
      await promptFocused(page);
      await page.keyboard.press('Tab'); // the close button comes first
      // The ring's extent (outline width + offset around the button) against what the card shows
      // (its padding box: the card scrolls, so it cuts off what passes its edges).
      const ring = await page.locator('csatkit-prompt').evaluate((host) => {
        const button = host.shadowRoot.activeElement;
        const card = button.closest('section');
        const style = getComputedStyle(button);
        const reach = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
        const box = button.getBoundingClientRect();
        const cardBox = card.getBoundingClientRect();
        const border = parseFloat(getComputedStyle(card).borderTopWidth);
        return {
          action: button.dataset.csatkitAction,
          visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
          inside:
            box.top - reach >= cardBox.top + border &&
            box.left - reach >= cardBox.left + border &&
            box.right + reach <= cardBox.right - border &&
            box.bottom + reach <= cardBox.bottom - border,
        };
      });
      assert.deepEqual(ring, { action: 'dismiss', visible: true, inside: true }, dir);
      assert.deepEqual(problems, []);
      await page.close();
    }
  });

  test('the thank-you step keeps a long title clear of the close button', async () => {
    const title = 'Thank you so much for taking the time to tell us how your visit went today';
    const { page, problems } = await openHostPage(browser, { definition: { id: 'thanks-title', type: 'csat', follow_up: false, thanks: { title }, display: now } });
    await page.getByRole('radio', { name: '4 – Satisfied' }).click();
    await page.getByText(title, { exact: true }).waitFor();
    const overlap = await page.locator('csatkit-prompt').evaluate((host) => {
      const close = host.shadowRoot.querySelector('[data-csatkit-action="dismiss"]').getBoundingClientRect();
      const heading = host.shadowRoot.querySelector('.csatkit-thanks-title');
      // The title's text, not its box: the box spans the card, its text must stop before the ×.
      const range = document.createRange();
      range.selectNodeContents(heading);
      return [...range.getClientRects()].some((line) => line.right > close.left && line.left < close.right && line.top < close.bottom && line.bottom > close.top);
    });
    assert.equal(overlap, false);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('opened by a timer while the visitor types in the page: the typing stays there, nothing is answered', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'typing', type: 'csat', display: { ...now, triggers: { delay_ms: 600 } } },
      body: '<main><h1>Host</h1><label>Search <input id="search"></label></main>',
      init: () => addEventListener('csatkit:shown', () => (window.__shown = true)),
    });
    const search = page.getByRole('textbox', { name: 'Search' });
    await search.focus();
    // Typing before the prompt opens and after it has (a Space among the keys).
    await page.keyboard.type('how do I re');
    await page.waitForFunction(() => window.__shown === true);
    await page.keyboard.type('set my password');
    assert.equal(await search.inputValue(), 'how do I reset my password');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'search');
    assert.equal(await page.getByRole('radio', { checked: true }).count(), 0);
    assert.deepEqual(await browser.collector.list(), []);
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

  test('closing the follow-up with Esc or × keeps the comment already written', async () => {
    const definition = { id: 'close-keeps', type: 'csat', display: { ...now, triggers: { events: ['ask'] } } };
    const { page, problems } = await openHostPage(browser, { definition, context: {} });
    for (const [close, comment] of [['Escape', 'Waited too long'], ['×', 'Rude agent']]) {
      await page.evaluate(() => window.csatkit.track('ask'));
      await page.getByRole('radio', { name: '2 – Dissatisfied' }).click();
      await page.getByRole('textbox').fill(comment);
      if (close === 'Escape') await page.keyboard.press('Escape');
      else await page.getByRole('button', { name: 'Close' }).click();
      await page.locator('csatkit-prompt').waitFor({ state: 'detached' });
      const stored = (await completedResponses(browser.collector, close === 'Escape' ? 1 : 2)).map((r) => r.comment);
      assert.ok(stored.includes(comment), `${close}: ${JSON.stringify(stored)}`);
      await page.reload();
    }
    assert.deepEqual(withoutKeepaliveAborts(problems), []);
    await page.close();
  });

  test('the review invitation waits for the visitor (no self-closing); following the link closes it', async () => {
    const definition = {
      id: 'review',
      type: 'csat',
      review: { url: 'https://reviews.example/acme', label: 'Leave a review' },
      follow_up: false,
      display: now,
    };
    const { page, problems } = await openHostPage(browser, { definition, context: {} });
    // The review site, answered inside the browser (no network here).
    await page.context().route('https://reviews.example/**', (route) => route.fulfill({ body: '<!doctype html><title>Reviews</title>', contentType: 'text/html' }));
    await page.getByRole('radio', { name: '5 – Very satisfied' }).click();
    const link = page.getByRole('link', { name: 'Leave a review' });
    await link.waitFor();
    // An overlay's plain thank-you closes after 4 s; this one is still there well after.
    await page.waitForTimeout(5000);
    assert.equal(await link.isVisible(), true);
    const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await page.locator('csatkit-prompt').waitFor({ state: 'detached' });
    await tab.waitForLoadState();
    assert.equal(tab.url(), 'https://reviews.example/acme');
    assert.deepEqual(withoutKeepaliveAborts(problems), []);
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
    // Nothing hangs on the host's pseudo-elements (`all` does not reach them): no red overlay.
    const pseudo = await page.evaluate(() => ['::before', '::after'].map((p) => getComputedStyle(document.querySelector('csatkit-prompt'), p).content));
    assert.deepEqual(pseudo, ['none', 'none']);
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

  test('works on a page that enforces Trusted Types and allows the csatkit policy', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'trusted-types', type: 'csat', display: now },
      extraPolicy: "require-trusted-types-for 'script'; trusted-types csatkit",
    });
    // Every step goes through the policy: the scale, then the follow-up it leads to.
    await page.getByRole('radio', { name: /Very satisfied/ }).click();
    await page.getByRole('textbox').fill('Quick and clear');
    await page.getByRole('button', { name: 'Send' }).click();
    const response = (await completedResponses(browser.collector)).find((r) => r.survey_id === 'trusted-types');
    assert.equal(response.score, 5);
    assert.equal(response.comment, 'Quick and clear');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('on a page whose Trusted Types do not allow csatkit, says so once and leaves the page alone', async () => {
    const body = '<main><h1>Host page</h1><p>Content.</p></main>';
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'types-refused', type: 'csat', display: { ...now, triggers: { events: ['ask'] } } },
      body,
      extraPolicy: "require-trusted-types-for 'script'; trusted-types other",
    });
    const reported = page.waitForEvent('console', (message) => message.text().includes('prompt.trusted_types'));
    await page.evaluate(() => window.csatkit.track('ask'));
    const error = await reported;
    assert.match(error.text(), /^csatkit: prompt\.trusted_types at .*trusted-types directive refuses the policy csatkit: add csatkit to it/);
    // Asked again: nothing more to say, and still nothing shown.
    await page.evaluate(() => window.csatkit.track('ask'));
    await page.evaluate(() => window.csatkit.show('types-refused'));
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
    assert.equal(await page.locator('csatkit-prompt').count(), 0);
    assert.equal(await page.evaluate(() => document.body.innerHTML), body);
    assert.equal(await page.getByRole('heading', { name: 'Host page' }).count(), 1);
    // Nothing shown, so nothing counted: no display against the caps, no global cooldown.
    const history = await page.evaluate(() => JSON.parse(localStorage.getItem('csatkit:visitor') ?? 'null'));
    assert.equal(history?.surveys?.['types-refused'], undefined, JSON.stringify(history));
    assert.equal(history?.last_shown_any ?? null, null);
    // Besides the browser's own report of the refused policy, one clear error and nothing else.
    const ours = problems.filter((problem) => problem.includes('csatkit:'));
    const browsers = problems.filter((problem) => !problem.includes('csatkit:'));
    assert.equal(ours.length, 1, ours.join('\n'));
    for (const problem of browsers) assert.match(problem, /TrustedTypePolicy named 'csatkit'|CSP violation: trusted-types/);
    await page.close();
  });
});

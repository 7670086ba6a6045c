// The prompt on a phone: touch emulation (isMobile, hasTouch) at 375×667 and 320×568. Taps land
// where a finger does (page.touchscreen at a point), so what a tap hits is what the visitor gets.
// Checked on boxes, computed styles and what the page hears, never on private class names.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { useBrowser } from './harness.mjs';
import { openHostPage, promptShows, recordWidgetEvents } from './widget-pages.mjs';

const now = { respect_global_cooldown: false, recontact_days: 0, dismiss_days: 0, max_displays: null, triggers: { delay_ms: 0 } };
const phone = (width, height) => ({ viewport: { width, height }, isMobile: true, hasTouch: true });
const phones = [phone(375, 667), phone(320, 568)];
const head = '<meta name="viewport" content="width=device-width, initial-scale=1">';
const locales = [
  ['en', 'ltr'],
  ['ar', 'rtl'],
];

/** The prompt's card once its entrance animation has finished. */
async function card(page) {
  const section = page.locator('csatkit-prompt section');
  await section.waitFor({ state: 'visible' });
  await section.evaluate((element) => Promise.all(element.getAnimations().map((animation) => animation.finished)));
  return section;
}

/** The element that has the focus, inside the prompt's shadow root if there. */
const focused = (page) =>
  page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return { tag: active?.localName, role: active?.getAttribute('role') };
  });

/**
 * The close button and the prompt's controls: those whose box meets the ×'s, those smaller than a
 * 44×44 touch target, and the control nearest the × with the point a finger would touch on it:
 * 2px inside its top edge, as close to the × as the control reaches.
 */
const aroundClose = (page) =>
  page.locator('csatkit-prompt').evaluate((host) => {
    const root = host.shadowRoot;
    const close = root.querySelector('[data-csatkit-action="dismiss"]').getBoundingClientRect();
    const all = [...root.querySelectorAll('button, textarea, a[href]')];
    const name = (control) => `${control.localName} ${control.getAttribute('aria-label') ?? control.textContent.trim()}`;
    const controls = all.filter((control) => control.dataset.csatkitAction !== 'dismiss').map((element) => ({ element, box: element.getBoundingClientRect() }));
    const meets = (box) => box.left < close.right && box.right > close.left && box.top < close.bottom && box.bottom > close.top;
    const distance = (box) =>
      Math.hypot(Math.max(0, close.left - box.right, box.left - close.right), Math.max(0, close.top - box.bottom, box.top - close.bottom));
    const nearest = controls.reduce((best, control) => (distance(control.box) < distance(best.box) ? control : best));
    const middle = (close.left + close.right) / 2;
    return {
      under: controls.filter(({ box }) => meets(box)).map(({ element }) => name(element)),
      small: all.filter((control) => control.offsetWidth < 44 || control.offsetHeight < 44).map(name),
      nearest: {
        action: nearest.element.dataset.csatkitAction ?? nearest.element.localName,
        value: nearest.element.dataset.csatkitValue,
        x: Math.min(Math.max(middle, nearest.box.left + 2), nearest.box.right - 2),
        y: nearest.box.top + 2,
      },
    };
  });

/** Resolves once `selector` matches in the prompt, or the prompt has closed (a tap that dismissed it). */
const settled = (page, selector) =>
  page.waitForFunction((wanted) => {
    const host = document.querySelector('csatkit-prompt');
    return !host || host.shadowRoot.querySelector(wanted) !== null;
  }, selector);

/** The csatkit:* event types the page has heard (recordWidgetEvents). */
const heard = (page) => page.evaluate(() => window.__csatkitEvents.map((event) => event.type));

describe('widget on a phone', () => {
  const browser = useBrowser();

  test('no control lies under the close button: a tap at the top of the one nearest it acts on that control, never dismisses', async () => {
    for (const context of phones) {
      for (const [lang, dir] of locales) {
        const where = `${context.viewport.width}px, ${lang}`;
        const scale = await openHostPage(browser, {
          definition: { id: `near-close-${lang}`, type: 'csat', scale: 'csat5', display: now },
          head,
          lang,
          dir,
          context,
          init: recordWidgetEvents,
        });
        await card(scale.page);
        // The question: a one-line question, then the scale right below it.
        let around = await aroundClose(scale.page);
        assert.deepEqual(around.under, [], `${where}, question: controls under the ×`);
        assert.deepEqual(around.small, [], `${where}, question: targets under 44×44`);
        assert.equal(around.nearest.action, 'score', `${where}: a scale point is nearest the ×`);
        await scale.page.touchscreen.tap(around.nearest.x, around.nearest.y);
        // The point answers: its follow-up question replaces the scale.
        await settled(scale.page, 'textarea');
        assert.deepEqual(await heard(scale.page), ['csatkit:shown', 'csatkit:response'], `${where}: tapped the top of point ${around.nearest.value}`);
        // The follow-up: its question's label, then the comment box.
        around = await aroundClose(scale.page);
        assert.deepEqual(around.under, [], `${where}, follow-up: controls under the ×`);
        assert.deepEqual(around.small, [], `${where}, follow-up: targets under 44×44`);
        assert.equal(around.nearest.action, 'textarea', `${where}: the comment box is nearest the ×`);
        await scale.page.touchscreen.tap(around.nearest.x, around.nearest.y);
        await settled(scale.page, 'textarea:focus');
        // Dismissed, the prompt would have sent the response again (closed, no comment).
        assert.deepEqual(await heard(scale.page), ['csatkit:shown', 'csatkit:response'], `${where}: tapped the top of the comment box`);
        assert.equal((await focused(scale.page)).tag, 'textarea', `${where}: the comment box has the focus`);
        assert.deepEqual(scale.problems, []);
        await scale.page.close();

        const chips = await openHostPage(browser, {
          // A reason long enough to fill its row: its chip reaches under the × columns.
          definition: {
            id: `chips-near-close-${lang}`,
            type: 'helpful',
            reasons: [{ id: 'steps', label: 'The steps did not match what I see on my screen' }, 'outdated', 'unclear', 'other'],
            display: now,
          },
          head,
          lang,
          dir,
          context,
          init: recordWidgetEvents,
        });
        await card(chips.page);
        around = await aroundClose(chips.page);
        assert.deepEqual(around.under, [], `${where}, helpful: controls under the ×`);
        assert.deepEqual(around.small, [], `${where}, helpful: targets under 44×44`);
        // "No" sits at the × side; it asks for reasons.
        assert.deepEqual([around.nearest.action, around.nearest.value], ['score', '0'], `${where}: "No" is nearest the ×`);
        await chips.page.touchscreen.tap(around.nearest.x, around.nearest.y);
        await settled(chips.page, '[aria-pressed]');
        assert.deepEqual(await heard(chips.page), ['csatkit:shown', 'csatkit:response'], `${where}: tapped the top of "No"`);
        around = await aroundClose(chips.page);
        assert.deepEqual(around.under, [], `${where}, reasons: controls under the ×`);
        assert.deepEqual(around.small, [], `${where}, reasons: targets under 44×44`);
        assert.equal(around.nearest.action, 'reason', `${where}: a reason chip is nearest the ×`);
        await chips.page.touchscreen.tap(around.nearest.x, around.nearest.y);
        await settled(chips.page, `[data-csatkit-value="${around.nearest.value}"][aria-pressed="true"]`);
        assert.deepEqual(await heard(chips.page), ['csatkit:shown', 'csatkit:response'], `${where}: tapped the top of a chip`);
        assert.deepEqual(chips.problems, []);
        await chips.page.close();
      }
    }
  });

  test('a long unbroken word (a URL) in the question, a reason or the follow-up wraps: neither the page nor the prompt scrolls sideways', async () => {
    const url = `https://help.example.com/${'articles/'.repeat(9)}${'x'.repeat(5)}`;
    assert.ok(url.length >= 110 && !/\s/.test(url));
    const definition = {
      type: 'helpful',
      question: `Did ${url} help?`,
      reasons: ['outdated', { id: 'link', label: url }],
      follow_up: { negative: url },
      display: now,
    };
    const widths = (page) =>
      page.evaluate(() => {
        const section = document.querySelector('csatkit-prompt').shadowRoot.querySelector('section');
        const { scrollWidth, clientWidth } = document.documentElement;
        return { page: scrollWidth <= clientWidth, prompt: section.scrollWidth <= section.clientWidth, step: section.dataset.csatkitStep };
      });
    const fits = (step) => ({ page: true, prompt: true, step });
    for (const [mode, body] of [
      ['popup', undefined],
      ['inline', '<main><h1>Host page</h1><div id="feedback"></div></main>'],
    ]) {
      const { page, problems } = await openHostPage(browser, {
        definition: { ...definition, id: `long-${mode}`, presentation: mode === 'inline' ? { mode, selector: '#feedback' } : { mode, position: 'bottom-right' } },
        head,
        body,
        context: phone(320, 568),
      });
      await card(page);
      assert.deepEqual(await widths(page), fits('question'), mode);
      await page.getByRole('button', { name: 'No' }).tap();
      await page.getByRole('button', { name: url }).waitFor();
      assert.deepEqual(await widths(page), fits('reasons'), mode);
      await page.getByRole('button', { name: 'Next' }).tap();
      await page.getByRole('textbox').waitFor();
      assert.deepEqual(await widths(page), fits('follow_up'), mode);
      assert.deepEqual(problems, []);
      await page.close();
    }
  });

  test('the entrance animation runs once, as the prompt opens, not again at each step', async () => {
    for (const mode of ['popup', 'slide-in']) {
      const { page, problems } = await openHostPage(browser, {
        definition: { id: `once-${mode}`, type: 'csat', presentation: { mode, position: 'bottom-right' }, display: now },
        head,
        context: phone(375, 667),
      });
      await card(page);
      await page.locator('csatkit-prompt').evaluate((host) => {
        window.__animationsStarted = [];
        host.shadowRoot.addEventListener('animationstart', (event) => window.__animationsStarted.push(event.animationName));
      });
      await page.getByRole('radio', { name: '1 – Very dissatisfied' }).tap();
      await page.getByRole('textbox').waitFor();
      // Two frames: an animation that started with the new step has been reported by then.
      const after = await page.locator('csatkit-prompt section').evaluate(
        (section) =>
          new Promise((resolve) =>
            requestAnimationFrame(() => requestAnimationFrame(() => resolve({ started: window.__animationsStarted, running: section.getAnimations().length }))),
          ),
      );
      assert.deepEqual(after, { started: [], running: 0 }, mode);
      assert.deepEqual(problems, []);
      await page.close();
    }
  });

  test('a page with viewport-fit=cover: every overlay keeps its card and controls out of the safe-area insets', async () => {
    const portrait = { viewport: { width: 390, height: 844 }, insets: { top: 47, bottom: 34, left: 0, right: 0 } };
    const landscape = { viewport: { width: 844, height: 390 }, insets: { top: 0, bottom: 21, left: 47, right: 47 } };
    for (const [mode, position, device] of [
      ['bar', 'bottom', portrait],
      ['bar', 'bottom', landscape],
      ['bar', 'top', portrait],
      ['popup', 'top-right', portrait],
      ['popup', 'bottom-left', landscape],
      ['slide-in', 'bottom-right', landscape],
    ]) {
      const name = `${mode} at ${position}, ${device.viewport.width}×${device.viewport.height}`;
      const { page, problems } = await openHostPage(browser, {
        // Yes / No: no scale anchors below the buttons, so the buttons are the card's last row.
        definition: { id: `safe-${mode}-${position}`, type: 'helpful', presentation: { mode, position }, display: now },
        head: '<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">',
        context: phone(device.viewport.width, device.viewport.height),
      });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setSafeAreaInsetsOverride', { insets: device.insets });
      await card(page);
      const { top, bottom, left, right } = device.insets;
      const safe = { left, top, right: device.viewport.width - right, bottom: device.viewport.height - bottom };
      const boxes = await page.locator('csatkit-prompt').evaluate((host) => {
        const box = (element) => {
          const { left, top, right, bottom } = element.getBoundingClientRect();
          return { name: element.getAttribute('aria-label') ?? element.localName, left, top, right, bottom };
        };
        const root = host.shadowRoot;
        return { card: box(root.querySelector('section')), controls: [...root.querySelectorAll('button')].map(box) };
      });
      for (const box of [boxes.card, ...boxes.controls]) {
        const inside = box.left >= safe.left - 0.5 && box.top >= safe.top - 0.5 && box.right <= safe.right + 0.5 && box.bottom <= safe.bottom + 0.5;
        assert.ok(inside, `${name}: ${JSON.stringify(box)} outside the safe area ${JSON.stringify(safe)}`);
      }
      if (mode !== 'bar') {
        // A corner's 16px are counted from the safe area's edges.
        const [vertical, horizontal] = position.split('-');
        const gaps = [
          vertical === 'top' ? boxes.card.top - safe.top : safe.bottom - boxes.card.bottom,
          horizontal === 'left' ? boxes.card.left - safe.left : safe.right - boxes.card.right,
        ];
        assert.deepEqual(gaps.map(Math.round), [16, 16], name);
      }
      assert.deepEqual(problems, []);
      await page.close();
    }
  });

  test('after a tap on a score, the focus goes to the card, not the comment box (no on-screen keyboard); keys still land in the box', async () => {
    for (const [lang, dir] of locales) {
      const { page, problems } = await openHostPage(browser, {
        definition: { id: `tap-focus-${lang}`, type: 'csat', display: { ...now, triggers: { events: ['ask'] } } },
        head,
        lang,
        dir,
        context: phone(375, 667),
      });
      await page.evaluate(() => window.csatkit.track('ask'));
      await card(page);
      await page.locator('csatkit-prompt [data-csatkit-value="2"]').tap();
      const comment = page.locator('csatkit-prompt textarea');
      await comment.waitFor();
      // Named by the follow-up question, the card is what a screen reader announces.
      assert.deepEqual(await focused(page), { tag: 'section', role: 'dialog' }, `${lang}: focus after the tap`);
      // 16px at least: iOS zooms the page into a field with smaller text.
      const fontSize = await comment.evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
      assert.ok(fontSize >= 16, `${lang}: the comment box's text is ${fontSize}px`);
      await comment.tap();
      assert.equal((await focused(page)).tag, 'textarea', `${lang}: a tap on the box still focuses it`);
      assert.deepEqual(problems, []);
      await page.close();
    }
    // A phone with a keyboard: the keys answer, and the comment box is ready for typing, even after
    // a tap elsewhere in the prompt.
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'keys-on-phone', type: 'csat', display: { ...now, triggers: { events: ['ask'] } } },
      head,
      context: phone(375, 667),
    });
    await page.evaluate(() => window.csatkit.track('ask'));
    await card(page);
    await page.locator('csatkit-prompt').getByText('How satisfied are you with your experience?').tap();
    await page.getByRole('radio', { name: '1 – Very dissatisfied' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await page.locator('csatkit-prompt textarea').waitFor();
    assert.equal((await focused(page)).tag, 'textarea');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a scale that wraps on a narrow phone (0–10, 1–7) keeps its points equal, and taps act at once', async () => {
    for (const type of ['nps', 'ces']) {
      const { page, problems } = await openHostPage(browser, { definition: { id: `wrap-${type}`, type, display: now }, head, context: phone(320, 568) });
      const section = await card(page);
      const layout = await section.evaluate((element) => {
        const points = [...element.querySelectorAll('[role="radio"]')];
        const rows = new Set(points.map((point) => Math.round(point.getBoundingClientRect().top)));
        return {
          rows: rows.size,
          widths: [...new Set(points.map((point) => Math.round(point.getBoundingClientRect().width)))],
          touchAction: getComputedStyle(points[0]).touchAction,
        };
      });
      assert.ok(layout.rows > 1, `${type}: wraps on 320px (${layout.rows} rows)`);
      assert.equal(layout.widths.length, 1, `${type}: point widths ${layout.widths}`);
      assert.equal(layout.touchAction, 'manipulation', `${type}: no wait for a double-tap zoom`);
      assert.deepEqual(problems, []);
      await page.close();
    }
  });

  test('a swipe that starts on a pop-up too short to scroll still scrolls the page (the card is not modal)', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'swipe', type: 'csat', display: now },
      head,
      body: `<main><h1>Host page</h1>${'<p>Text of the host page.</p>'.repeat(100)}</main>`,
      context: phone(375, 667),
    });
    const box = await (await card(page)).boundingBox();
    const cdp = await page.context().newCDPSession(page);
    const touch = (type, y) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: y === undefined ? [] : [{ x: Math.round(box.x + box.width / 2), y }] });
    const [from, to] = [Math.round(box.y + box.height - 8), Math.round(box.y + 8)];
    await touch('touchStart', from);
    for (let y = from; y >= to; y -= 10) await touch('touchMove', y);
    await touch('touchEnd');
    await page.waitForFunction(() => scrollY > 0, null, { timeout: 10_000 });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('examples/popup.html at 320px: the endpoint panel wraps long lines, the page never scrolls sideways', async () => {
    const { page, problems } = await browser.newPage(phone(320, 568));
    await page.goto(`${browser.baseUrl}/popup.html`);
    const panel = page.locator('#received');
    await page.waitForFunction(() => document.getElementById('received').textContent !== '');
    // What the panel shows after an answer: the stored responses, a long URL among them.
    await panel.evaluate((element) => {
      element.textContent = JSON.stringify([{ survey_id: 'post-chat', score: 1, page: `https://shop.example.com/${'orders/'.repeat(12)}12345` }], null, 2);
    });
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true);
    assert.deepEqual(problems, []);
    await page.close();
  });
});

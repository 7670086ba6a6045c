// How the prompt sits on the page: each presentation mode and corner, light and dark, theming
// through the documented custom properties, reduced motion, and no layout shift for the host.
// Checked on computed styles and boxes, never on private class names.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { useBrowser } from './harness.mjs';
import { openHostPage, promptShows } from './widget-pages.mjs';

const now = { respect_global_cooldown: false, recontact_days: 0, dismiss_days: 0, max_displays: null, triggers: { delay_ms: 0 } };
const viewport = { width: 1000, height: 700 };
const MARGIN = 16; // widget.css: overlays keep 16px from the viewport's edges

/** The prompt's card (the core's <section>) once any entry animation has finished. */
async function card(page) {
  const section = page.locator('csatkit-prompt section');
  await section.waitFor({ state: 'visible' });
  await section.evaluate((element) => Promise.all(element.getAnimations().map((animation) => animation.finished)));
  return section;
}

const style = (section, property) => section.evaluate((element, name) => getComputedStyle(element)[name], property);

describe('widget layout', () => {
  const browser = useBrowser();

  for (const [mode, position, role, expected] of [
    ['popup', 'bottom-right', 'dialog', (box) => [viewport.width - (box.x + box.width), viewport.height - (box.y + box.height)]],
    ['popup', 'bottom-left', 'dialog', (box) => [box.x, viewport.height - (box.y + box.height)]],
    ['popup', 'top-right', 'dialog', (box) => [viewport.width - (box.x + box.width), box.y]],
    ['popup', 'top-left', 'dialog', (box) => [box.x, box.y]],
    ['slide-in', 'bottom-left', 'dialog', (box) => [box.x, viewport.height - (box.y + box.height)]],
  ]) {
    test(`${mode} at ${position}: a fixed ${role} ${MARGIN}px from that corner`, async () => {
      const { page, problems } = await openHostPage(browser, {
        definition: { id: 'corner', type: 'csat', presentation: { mode, position }, display: now },
        context: { viewport },
      });
      const section = await card(page);
      assert.equal(await page.getByRole(role).count(), 1);
      assert.equal(await style(section, 'position'), 'fixed');
      const box = await section.boundingBox();
      assert.deepEqual(expected(box).map(Math.round), [MARGIN, MARGIN], JSON.stringify(box));
      assert.ok(box.width <= 380, `narrow card, ${box.width}px`);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }

  for (const position of ['bottom-left', 'bottom-right', 'top-left']) {
    test(`slide-in at ${position}: enters from off-screen at its own edge, in either direction`, async () => {
      for (const [lang, dir] of [['en', 'ltr'], ['ar', 'rtl']]) {
        const { page, problems } = await openHostPage(browser, {
          definition: { id: 'slide', type: 'csat', presentation: { mode: 'slide-in', position }, display: now },
          lang,
          dir,
          context: { viewport },
        });
        const section = await card(page);
        const end = await section.boundingBox();
        // The entry animation, started again and held at its first frame.
        const start = await section.evaluate((element) => {
          element.style.animationName = 'none';
          getComputedStyle(element).animationName;
          element.style.animationName = '';
          const [animation] = element.getAnimations();
          animation.pause();
          animation.currentTime = 0;
          const { left, right } = element.getBoundingClientRect();
          animation.finish();
          return { left, right, dir: element.dir };
        });
        assert.equal(start.dir, dir, 'the core sets dir on the card');
        if (position.endsWith('-left')) assert.ok(start.right <= 0, `${dir}: starts past the left edge, ${JSON.stringify(start)}`);
        else assert.ok(start.left >= viewport.width, `${dir}: starts past the right edge, ${JSON.stringify(start)}`);
        assert.deepEqual(await section.boundingBox(), end, `${dir}: ends where it sits`);
        assert.deepEqual(problems, []);
        await page.close();
      }
    });
  }

  test('the question text never runs under the close button, in either direction', async () => {
    for (const [lang, dir] of [['en', 'ltr'], ['ar', 'rtl']]) {
      const { page, problems } = await openHostPage(browser, {
        // A question long enough to wrap: its first line is the one beside the close button.
        definition: { id: 'long', type: 'csat', question: 'How satisfied are you with the help you received from our support team today?', display: now },
        lang,
        dir,
        context: { viewport },
      });
      await card(page);
      const overlaps = await page.locator('csatkit-prompt').evaluate((host) => {
        const root = host.shadowRoot;
        const close = root.querySelector('[data-csatkit-action="dismiss"]').getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(root.querySelector('.csatkit-question'));
        return [...range.getClientRects()].filter(
          (line) => line.right > close.left && line.left < close.right && line.bottom > close.top && line.top < close.bottom,
        ).length;
      });
      assert.equal(overlaps, 0, `${dir}: lines of the question overlapping the close button`);
      assert.deepEqual(problems, []);
      await page.close();
    }
  });

  for (const position of ['bottom', 'top']) {
    test(`bar at the ${position}: a fixed region across the whole width, flush with the edge`, async () => {
      const { page, problems } = await openHostPage(browser, {
        definition: { id: 'bar', type: 'csat', presentation: { mode: 'bar', position }, display: now },
        context: { viewport },
      });
      const section = await card(page);
      assert.equal(await page.getByRole('region').count(), 1);
      assert.equal(await style(section, 'position'), 'fixed');
      const box = await section.boundingBox();
      assert.deepEqual([box.x, box.width], [0, viewport.width]);
      assert.equal(Math.round(position === 'top' ? box.y : viewport.height - (box.y + box.height)), 0);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }

  test('inline (kb-article.html): rendered in the flow, inside the selected element, after the article text', async () => {
    const { page, problems } = await browser.newPage({ viewport });
    await page.goto(`${browser.baseUrl}/kb-article.html`);
    const section = await card(page);
    assert.equal(await page.locator('#feedback csatkit-prompt').count(), 1);
    assert.notEqual(await style(section, 'position'), 'fixed');
    assert.equal(await page.locator('#feedback').getByRole('region').count(), 1);
    const box = await section.boundingBox();
    const feedback = await page.locator('#feedback').boundingBox();
    const text = await page.getByText('If the e-mail does not arrive').boundingBox();
    assert.ok(box.y >= text.y + text.height, 'below the article text');
    assert.ok(box.x >= feedback.x && box.x + box.width <= feedback.x + feedback.width + 0.5, 'within #feedback');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('dark mode: prefers-color-scheme dark gives the card a dark background and light text', async () => {
    const colours = {};
    for (const colorScheme of ['light', 'dark']) {
      const { page, problems } = await openHostPage(browser, { definition: { id: 'scheme', type: 'csat', display: now }, context: { colorScheme } });
      const section = await card(page);
      colours[colorScheme] = { background: await style(section, 'backgroundColor'), color: await style(section, 'color') };
      assert.deepEqual(problems, []);
      await page.close();
    }
    assert.deepEqual(colours.light, { background: 'rgb(255, 255, 255)', color: 'rgb(17, 24, 39)' });
    assert.deepEqual(colours.dark, { background: 'rgb(31, 41, 55)', color: 'rgb(249, 250, 251)' });
  });

  test('theming: the documented custom properties set on the host page restyle the card', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'themed', type: 'csat', display: now },
      head: '<link rel="stylesheet" href="/t/theme.css">',
      files: {
        '/t/theme.css': [
          ':root { --csatkit-bg: rgb(1, 2, 3); --csatkit-fg: rgb(250, 240, 230); --csatkit-radius: 3px; --csatkit-font: monospace; }',
          'text/css; charset=utf-8',
        ],
      },
    });
    const section = await card(page);
    assert.equal(await style(section, 'backgroundColor'), 'rgb(1, 2, 3)');
    assert.equal(await style(section, 'color'), 'rgb(250, 240, 230)');
    assert.equal(await style(section, 'borderTopLeftRadius'), '3px');
    assert.equal(await style(section, 'fontFamily'), 'monospace');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('reduced motion: the card animates in by default and not at all under prefers-reduced-motion', async () => {
    const animations = {};
    for (const reducedMotion of ['no-preference', 'reduce']) {
      const { page, problems } = await openHostPage(browser, { definition: { id: 'motion', type: 'csat', display: now }, context: { reducedMotion } });
      const section = page.locator('csatkit-prompt section');
      await section.waitFor({ state: 'visible' });
      animations[reducedMotion] = await section.evaluate((element) => ({ name: getComputedStyle(element).animationName, running: element.getAnimations().length }));
      assert.deepEqual(problems, []);
      await page.close();
    }
    assert.equal(animations['no-preference'].name, 'csatkit-in');
    assert.deepEqual(animations.reduce, { name: 'none', running: 0 });
  });

  test('no layout shift for the host page when the pop-up appears', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'shift', type: 'csat', display: now },
      body: `<main><h1>Host page</h1>${'<p>Text that must not move when the prompt appears.</p>'.repeat(30)}</main>`,
      context: { viewport },
      init: () => {
        window.__shifts = [];
        new PerformanceObserver((list) => window.__shifts.push(...list.getEntries().map((entry) => entry.value))).observe({ type: 'layout-shift', buffered: true });
      },
    });
    assert.equal(await promptShows(page), true);
    await card(page);
    // Two frames for any shift to be reported.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    assert.deepEqual(await page.evaluate(() => window.__shifts), [], 'no layout-shift entries');
    // The observer does see shifts: pushing the host's content down is one.
    await page.evaluate(() => {
      const banner = document.createElement('div');
      banner.style.height = '200px';
      document.body.prepend(banner);
    });
    await page.waitForFunction(() => window.__shifts.length > 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a prompt taller than a small window (320×256: 400% zoom) scrolls inside itself: every control stays reachable', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'small', type: 'nps', display: now },
      context: { viewport: { width: 320, height: 256 } },
    });
    const section = await card(page);
    const box = await section.boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= 256, `inside the window: ${JSON.stringify(box)}`);
    // The last point and the close button can both be brought into view and used.
    await page.getByRole('button', { name: 'Close' }).click({ trial: true });
    const ten = page.getByRole('radio', { name: /^10/ });
    await ten.scrollIntoViewIfNeeded();
    const tenBox = await ten.boundingBox();
    assert.ok(tenBox.y >= 0 && tenBox.y + tenBox.height <= 256, JSON.stringify(tenBox));
    await ten.click();
    await page.getByRole('textbox').waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });
});

// The calculator for everyone: no axe violations in light and dark (before and after results),
// usable on a phone-sized viewport, keyboard only, in Dutch (lang="nl") and right to left
// (lang="ar"), and the strict CSP with no console errors.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { classic, headline, openCalculator, typeTotals } from './calculator-page.mjs';
import { describeViolations, useBrowser } from './harness.mjs';

async function withResults(page) {
  await page.getByRole('heading', { name: 'CSAT and ROI calculator' }).waitFor({ timeout: 30_000 });
  await typeTotals(page, classic);
  await page.getByLabel('Average spend per customer').fill('500');
  await page.getByLabel('Industry (benchmark)').selectOption('banks');
  await headline(page, /1,000 responses/);
}

// Counts per point (so the core's distribution chart is on the page too), spend and a benchmark.
async function axeIn(browser, colorScheme) {
  const url = `${browser.baseUrl}/calculator.html#calc=1&counts=100.100.200.300.300&spend=500&industry=banks`;
  return browser.axeViolations(url, async (page) => {
    await page.emulateMedia({ colorScheme });
    await headline(page, /1,000 responses/);
    await page.getByRole('region', { name: 'Distribution' }).locator('svg').waitFor({ timeout: 30_000 });
  });
}

/** Adds a <csat-calculator> with attributes to the page (through the test driver, not a page script). */
async function addCalculator(page, attributes) {
  await page.evaluate((attrs) => {
    const element = document.createElement('csat-calculator');
    for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
    element.id = 'added';
    document.querySelector('main').prepend(element);
  }, attributes);
  return page.locator('#added');
}

describe('calculator: accessibility, phone, languages, CSP', () => {
  const browser = useBrowser();

  test('no axe violations on the page, light and dark, with results showing', async () => {
    const initial = await browser.axeViolations(`${browser.baseUrl}/calculator.html`, async (page) => {
      await page.getByRole('heading', { name: 'CSAT and ROI calculator' }).waitFor({ timeout: 30_000 });
    });
    assert.equal(initial.length, 0, describeViolations(initial));
    const light = await axeIn(browser, 'light');
    assert.equal(light.length, 0, describeViolations(light));
    const dark = await axeIn(browser, 'dark');
    assert.equal(dark.length, 0, describeViolations(dark));
  });

  test('on a phone-sized viewport nothing is wider than the screen', async () => {
    const { page, problems } = await openCalculator(browser, {
      contextOptions: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    });
    await withResults(page);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    assert.ok(widths.scroll <= widths.client, `page scrolls sideways: ${widths.scroll} > ${widths.client}`);
    const spend = await page.getByLabel('Average spend per customer').boundingBox();
    assert.ok(spend.x >= 0 && spend.x + spend.width <= 360, `spend field outside the screen: ${JSON.stringify(spend)}`);
    assert.ok(spend.height >= 40, 'touch target at least 40px high');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('printing shows the results without the buttons', async () => {
    const { page, problems } = await openCalculator(browser);
    await withResults(page);
    const buttons = ['Download results (CSV)', 'Copy link'].map((name) => page.getByRole('button', { name }));
    for (const button of buttons) assert.equal(await button.isVisible(), true);
    await page.emulateMedia({ media: 'print' });
    for (const button of buttons) assert.equal(await button.isVisible(), false);
    assert.equal(await page.getByRole('status').filter({ hasText: /1,000 responses/ }).isVisible(), true);
    assert.equal(await page.getByRole('region', { name: 'Revenue at risk', exact: true }).isVisible(), true);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('keyboard only: Tab reaches the controls, arrows choose the input mode, the result follows', async () => {
    const { page, problems } = await openCalculator(browser);
    await page.getByLabel('Survey type and scale').focus();
    await page.keyboard.press('Tab'); // the checked mode radio
    assert.equal(await page.evaluate(() => document.querySelector('csat-calculator').shadowRoot.activeElement?.value), 'counts');
    await page.keyboard.press('ArrowDown'); // next mode: totals per group
    assert.equal(await page.getByRole('radio', { name: 'Totals per group' }).isChecked(), true);
    await page.keyboard.press('Tab');
    await page.keyboard.type('200'); // first group: dissatisfied
    await page.keyboard.press('Tab');
    await page.keyboard.type('200');
    await page.keyboard.press('Tab');
    await page.keyboard.type('600');
    assert.match(await headline(page, /1,000 responses/), /CSAT 60% ± 3\.0 points/);
    // Focus is visible (an outline from :focus-visible) on the field being typed in.
    const outline = await page.evaluate(() => {
      const active = document.querySelector('csat-calculator').shadowRoot.activeElement;
      return getComputedStyle(active).outlineStyle;
    });
    assert.equal(outline, 'solid');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('lang="nl" shows Dutch labels; lang="ar" is right to left', async () => {
    const { page, problems } = await openCalculator(browser);
    const dutch = await addCalculator(page, { lang: 'nl', industry: 'banks' });
    await dutch.getByRole('heading', { name: 'CSAT- en ROI-calculator' }).waitFor({ timeout: 30_000 });
    await dutch.getByRole('radio', { name: 'Totalen per groep' }).check();
    await dutch.getByLabel('Tevreden (score 4–5)', { exact: true }).fill('600');
    await dutch.getByLabel('Neutraal (score 3)', { exact: true }).fill('200');
    await dutch.getByLabel('Ontevreden (score 1–2)', { exact: true }).fill('200');
    await dutch.getByLabel('Gemiddelde besteding per klant').fill('500');
    const text = await dutch.getByRole('status').filter({ hasText: /antwoorden/ }).textContent();
    // Dutch number formatting: decimal comma, thousands dot.
    assert.match(text, /CSAT 60% ± 3,0 punten, 56,9–63,0 · 1\.000 antwoorden/);
    assert.equal(await dutch.getByLabel('Branche (benchmark)').inputValue(), 'banks');
    await dutch.getByRole('region', { name: 'Omzet in gevaar' }).filter({ hasText: /172\.000/ }).waitFor({ timeout: 30_000 });
    assert.equal(await dutch.evaluate((el) => el.shadowRoot.querySelector('[lang]').getAttribute('lang')), 'nl');

    await page.evaluate(() => document.getElementById('added').remove());
    const arabic = await addCalculator(page, { lang: 'ar' });
    await arabic.getByRole('heading', { name: 'حاسبة رضا العملاء والعائد' }).waitFor({ timeout: 30_000 });
    const root = await arabic.evaluate((el) => {
      const div = el.shadowRoot.querySelector('[lang]');
      return { dir: div.getAttribute('dir'), lang: div.getAttribute('lang'), direction: getComputedStyle(div).direction };
    });
    assert.deepEqual(root, { dir: 'rtl', lang: 'ar', direction: 'rtl' });
    assert.equal(await arabic.getByRole('radio', { name: 'ملف CSV' }).count(), 1);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('every locale loads its texts under the strict CSP without a console error', async () => {
    const { page, problems } = await openCalculator(browser);
    const titles = {};
    for (const lang of ['en', 'nl', 'sv', 'de', 'fr', 'es', 'pt', 'it', 'ar', 'he']) {
      const element = await addCalculator(page, { lang });
      await element.getByRole('heading', { level: 2 }).waitFor({ timeout: 30_000 });
      titles[lang] = await element.getByRole('heading', { level: 2 }).textContent();
      await page.evaluate(() => document.getElementById('added').remove());
    }
    assert.equal(new Set(Object.values(titles)).size, 10, JSON.stringify(titles));
    assert.deepEqual(problems, []);
    await page.close();
  });
});

// Privacy: the consent gate (nothing shown, nothing stored before csatkit.consent(true)) and the
// browser's privacy signals (Global Privacy Control, Do Not Track), honoured unless the survey
// opts out. Each test has a fresh browser context, so "nothing stored" means nothing at all.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { useBrowser } from './harness.mjs';
import { decided, openHostPage, outboxEmpty, promptPresent, promptShows, receivedResponses, runtimeFetched } from './widget-pages.mjs';

const now = { respect_global_cooldown: false, recontact_days: 0, dismiss_days: 0, max_displays: null, triggers: { delay_ms: 0 } };

/** Everything the page's origin has stored: localStorage, sessionStorage and cookies. */
const storedByPage = (page) =>
  page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage }, cookies: document.cookie }));
const nothingStored = { local: {}, session: {}, cookies: '' };

/**
 * Waits until the runtime has had every chance to act: its wasm fetched, then a pause. A "not
 * shown" can only be observed as nothing happening; the positive half of each test proves that
 * the same page does show once allowed.
 */
async function settle(page) {
  await runtimeFetched(page);
  await page.waitForTimeout(1000);
}

function setGpc() {
  Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: () => true });
}
function setDnt() {
  Object.defineProperty(Navigator.prototype, 'doNotTrack', { configurable: true, get: () => '1' });
}

describe('widget privacy', () => {
  const browser = useBrowser();

  test('require_consent: nothing shown and nothing stored until csatkit.consent(true)', async () => {
    browser.collector.clear();
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'consent', type: 'csat', follow_up: false, display: { ...now, require_consent: true } },
      context: {},
    });
    await settle(page);
    await page.evaluate(() => window.csatkit.show('consent'));
    await page.waitForTimeout(300);
    assert.equal(await promptPresent(page), false, 'not even show() before consent');
    assert.deepEqual(await storedByPage(page), nothingStored);

    await page.evaluate(() => window.csatkit.consent(true));
    assert.equal(await promptShows(page), true);
    const stored = await storedByPage(page);
    assert.match(JSON.parse(stored.local['csatkit:visitor']).id, /^[0-9a-f-]{36}$/);
    assert.equal(stored.cookies, '', 'no cookies, ever');
    await page.getByRole('radio', { name: '5 – Very satisfied' }).click();
    const [response] = await receivedResponses(browser.collector);
    assert.equal(response.survey_id, 'consent');
    await outboxEmpty(page);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('require_consent: consent(false) keeps the survey away and storage empty', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'refused', type: 'csat', display: { ...now, require_consent: true } },
      context: {},
    });
    await page.evaluate(() => window.csatkit.consent(false));
    await settle(page);
    await page.evaluate(() => window.csatkit.show('refused'));
    await page.waitForTimeout(300);
    assert.equal(await promptPresent(page), false);
    assert.deepEqual(await storedByPage(page), nothingStored);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('consent withdrawn: a prompt not yet answered closes and the stored history is removed', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'withdrawn', type: 'csat', display: { ...now, require_consent: true } },
      context: {},
    });
    await page.evaluate(() => window.csatkit.consent(true));
    assert.equal(await promptShows(page), true);
    assert.ok((await storedByPage(page)).local['csatkit:visitor'], 'stored once consent was given');
    await page.evaluate(() => window.csatkit.consent(false));
    await page.locator('csatkit-prompt').waitFor({ state: 'detached' });
    assert.equal((await storedByPage(page)).local['csatkit:visitor'], undefined);
    // The next page of a visitor who said no: nothing shown, nothing stored again.
    await page.reload();
    await page.evaluate(() => window.csatkit.consent(false));
    await settle(page);
    assert.equal(await promptPresent(page), false);
    assert.equal((await storedByPage(page)).local['csatkit:visitor'], undefined);
    assert.deepEqual(problems, []);
    await page.close();
  });

  for (const [signal, init] of [
    ['Global Privacy Control', setGpc],
    ['Do Not Track', setDnt],
  ]) {
    test(`${signal} is honoured: nothing shown, nothing stored, show() included`, async () => {
      const { page, problems } = await openHostPage(browser, { definition: { id: 'private', type: 'csat', display: now }, context: {}, init });
      await settle(page);
      await page.evaluate(() => window.csatkit.show('private'));
      await page.waitForTimeout(300);
      assert.equal(await promptPresent(page), false);
      assert.deepEqual(await storedByPage(page), nothingStored);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }

  test('respect_privacy_signals: false shows the survey despite GPC and DNT', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: { id: 'opted-out', type: 'csat', display: { ...now, respect_privacy_signals: false } },
      context: {},
      init: [setGpc, setDnt],
    });
    assert.equal(await page.evaluate(() => [navigator.globalPrivacyControl, navigator.doNotTrack]).then(String), 'true,1');
    await decided(page);
    assert.equal(await promptShows(page), true);
    assert.deepEqual(problems, []);
    await page.close();
  });
});

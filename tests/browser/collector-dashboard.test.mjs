// The collector end to end in Chromium: the widget on an example page posts to the real
// collector (through scripts/serve.mjs's /api/csat), and the collector's own dashboard, opened
// with the admin token, shows that answer — its score and comment — and the updated CSAT, live,
// under the strict CSP, escaping hostile comments, and with no axe violations.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { describeViolations, useBrowser } from './harness.mjs';
import { outboxEmpty, receivedResponses } from './widget-pages.mjs';

const strictCsp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The dashboard in a context of its own, signed in with `token` (null: left at the form). */
async function openDashboard(browser, token = browser.collector.token) {
  const opened = await browser.newPage({});
  const navigation = await opened.page.goto(browser.collector.dashboardUrl);
  if (token !== null) await signIn(opened.page, token);
  return { ...opened, navigation };
}

async function signIn(page, token) {
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Open the dashboard' }).click();
}

/** The results' headline ("CSAT 50% ± … · 2 responses"), read the way a screen reader finds it. */
const headline = (page) => page.getByRole('region', { name: 'Results' }).getByRole('status');
const comments = (page) => page.getByRole('region', { name: 'Latest comments' }).getByRole('listitem');

/**
 * Answers the post-chat survey on examples/popup.html as a visitor: closes the chat, picks a face
 * (emoji3: Unhappy, Neutral, Happy) and, when given, writes the follow-up comment. Resolves once
 * the collector has confirmed it (the outbox is empty).
 */
async function answerPopup(browser, face, comment) {
  const { page, problems } = await browser.newPage({});
  await page.goto(`${browser.baseUrl}/popup.html`);
  await page.getByRole('button', { name: 'Close chat' }).click();
  await page.getByRole('radio', { name: face, exact: true }).click();
  if (comment !== undefined) {
    await page.getByRole('textbox').fill(comment);
    await page.getByRole('button', { name: 'Send' }).click();
  }
  await page.getByRole('status').filter({ hasText: 'Thank you' }).first().waitFor();
  await outboxEmpty(page);
  assert.deepEqual(problems, []);
  await page.close();
}

describe('the collector\'s dashboard', () => {
  const browser = useBrowser();

  test('the widget posts to the collector; the dashboard shows the answer, its comment and the updated CSAT, live', async () => {
    const { page, problems, navigation } = await openDashboard(browser);
    assert.equal(navigation.headers()['content-security-policy'], strictCsp);
    await page.getByRole('combobox', { name: 'Survey' }).selectOption('post-chat');
    await headline(page).filter({ hasText: 'No responses to post-chat yet.' }).waitFor();
    assert.equal(await comments(page).count(), 0);

    // A happy visitor, without comment. CSAT on emoji3 counts "Happy" (3) as satisfied: 1 of 1.
    await answerPopup(browser, 'Happy');
    await headline(page).filter({ hasText: /^CSAT 100% .* · 1 response$/ }).waitFor({ timeout: 15_000 });

    // An unhappy one with a hostile comment: 1 satisfied of 2 is 50%, and the comment is shown as text.
    const hostile = 'Too slow <img src=x onerror="window.__xss = 1"></blockquote><script>window.__xss = 2</script> & "quoted"';
    await answerPopup(browser, 'Unhappy', hostile);
    await headline(page).filter({ hasText: /^CSAT 50% .* · 2 responses$/ }).waitFor({ timeout: 15_000 });
    const stored = (await receivedResponses(browser.collector, 2)).map((r) => [r.score, r.comment]);
    assert.deepEqual(stored, [[3, null], [1, hostile]], 'what the collector stored');
    const item = comments(page).filter({ hasText: 'Too slow' });
    await item.waitFor({ timeout: 15_000 });
    assert.equal(await comments(page).count(), 1);
    assert.equal(await item.locator('blockquote').textContent(), hostile);
    assert.match(await item.textContent(), /1 – Unhappy · /);
    assert.equal(await page.locator('main img, main script').count(), 0, 'no element from the comment');
    assert.equal(await page.evaluate(() => window.__xss), undefined);

    // The distribution counts both answers, in the table beside the core's chart.
    const distribution = page.getByRole('region', { name: 'Distribution' });
    assert.equal(await distribution.locator('figure svg').count(), 1);
    const row = (label) => distribution.getByRole('row', { name: new RegExp(`^${label} `) }).getByRole('cell');
    assert.deepEqual([await row('1 – Unhappy').textContent(), await row('2 – Neutral').textContent(), await row('3 – Happy').textContent()], ['1', '0', '1']);
    assert.equal(await page.getByRole('region', { name: 'Trend' }).locator('figure svg').count(), 1);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a wrong token gets a clear error and the form again; nothing is kept', async () => {
    const { page, problems } = await openDashboard(browser, 'not-the-token');
    const alert = page.getByRole('alert').filter({ hasText: 'did not accept' });
    await alert.waitFor();
    assert.equal(await alert.textContent(), 'The collector did not accept this token (HTTP 403: the admin token is not valid).');
    assert.equal(await page.getByLabel('Admin token').isVisible(), true);
    assert.equal(await page.getByRole('combobox', { name: 'Survey' }).isVisible(), false);
    assert.deepEqual(await page.evaluate(() => ({ stored: sessionStorage.length, cookies: document.cookie })), { stored: 0, cookies: '' });
    // The refused read is the browser's only complaint.
    assert.deepEqual(problems.filter((p) => !/403/.test(p)), []);
    assert.ok(problems.some((p) => /HTTP 403: .*\/summary\?by=day$/.test(p)));
    // The right token then opens it.
    await signIn(page, browser.collector.token);
    await page.getByRole('combobox', { name: 'Survey' }).waitFor();
    await page.close();
  });

  test('the token is asked once per tab: sessionStorage, sent as a Bearer header only, never a cookie or in a URL', async () => {
    const { page, problems } = await openDashboard(browser, null);
    const reads = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/v1/')) reads.push({ url: request.url(), auth: request.headers().authorization });
    });
    await signIn(page, browser.collector.token);
    await headline(page).waitFor();
    // The board's other reads (the by-day series) may still be on their way: a reload now would
    // abort them, which the browser reports as a failed request.
    await page.waitForLoadState('networkidle');
    await page.reload();
    await page.getByRole('combobox', { name: 'Survey' }).waitFor(); // no form this time
    assert.equal(await page.getByLabel('Admin token').isVisible(), false);
    assert.ok(reads.length >= 4);
    for (const read of reads) {
      assert.equal(read.auth, `Bearer ${browser.collector.token}`);
      assert.ok(!read.url.includes(browser.collector.token));
    }
    assert.deepEqual(await page.evaluate(() => [Object.keys(sessionStorage), document.cookie, Object.keys(localStorage)]), [['csatkit:dashboard-token'], '', []]);
    await page.getByRole('button', { name: 'Forget the token' }).click();
    await page.getByLabel('Admin token').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('live means every 5 s while the tab is visible: no reads while hidden, one at once when shown again', async () => {
    const { page, problems } = await browser.newPage({});
    await page.clock.install();
    await page.goto(browser.collector.dashboardUrl);
    const summaries = [];
    page.on('requestfinished', (request) => {
      if (request.url().includes('/summary')) summaries.push(request.url());
    });
    await signIn(page, browser.collector.token);
    await page.getByText(/^Updated .* Refreshes every 5 s while this tab is visible\.$/).waitFor();
    const afterSignIn = 2; // the token check and the first refresh
    await waitUntil(() => summaries.length === afterSignIn);
    await page.clock.runFor(5_000);
    await waitUntil(() => summaries.length === afterSignIn + 1);
    const setVisibility = (state) =>
      page.evaluate((value) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => value });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    await setVisibility('hidden');
    await page.clock.runFor(60_000);
    assert.equal(summaries.length, afterSignIn + 1, 'nothing read while hidden');
    await setVisibility('visible');
    await waitUntil(() => summaries.length === afterSignIn + 2);
    await page.clock.runFor(5_000);
    await waitUntil(() => summaries.length === afterSignIn + 3);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('no axe violations on the sign-in form and on the board with answers', async () => {
    await answerPopup(browser, 'Neutral', 'Fine');
    const form = await browser.axeViolations(browser.collector.dashboardUrl, (page) => page.getByLabel('Admin token').waitFor());
    assert.equal(form.length, 0, describeViolations(form));
    const board = await browser.axeViolations(browser.collector.dashboardUrl, async (page) => {
      await signIn(page, browser.collector.token);
      await page.getByRole('combobox', { name: 'Survey' }).selectOption('post-chat');
      await comments(page).first().waitFor();
      await headline(page).filter({ hasText: 'CSAT' }).waitFor();
    });
    assert.equal(board.length, 0, describeViolations(board));
  });
});

/** Polls a condition of the test's own state (requests seen) until it holds. */
async function waitUntil(condition, timeout = 10_000) {
  const until = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`not reached within ${timeout} ms: ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

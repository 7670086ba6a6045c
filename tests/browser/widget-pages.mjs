// Helpers for the widget's browser tests: a host page made on the fly (served through the
// test's page.route with the same strict CSP as scripts/serve.mjs), embedding csatkit with one
// script tag, and ways to read the prompt the way a visitor or a screen reader does.
import { readFileSync } from 'node:fs';

import { contentSecurityPolicy } from '../../scripts/serve.mjs';

const attribute = (text) => text.replaceAll('&', '&amp;').replaceAll("'", '&#39;');

/** The script tag that embeds the survey `definition` (inline JSON). */
export function scriptTag(definition, attributes = '') {
  const json = typeof definition === 'string' ? definition : JSON.stringify(definition);
  return `<script src="/web/dist/csatkit.js" data-survey='${attribute(json)}' data-endpoint="/api/csat"${attributes} async></script>`;
}

/** The HTML of a host page that embeds `definition` with one script tag (none when null). */
export function hostPageHtml({ definition, body = '<main><h1>Host page</h1><p>Content.</p></main>', lang = 'en', dir = 'ltr', head = '' }) {
  const tag = definition == null ? '' : scriptTag(definition);
  return `<!doctype html><html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><title>Host</title>${head}
${tag}</head><body>${body}</body></html>`;
}

/**
 * Serves `body` at `url` for this page (and its reloads) with the strict CSP of scripts/serve.mjs,
 * plus the `extraPolicy` directives if given (e.g. "require-trusted-types-for 'script'").
 */
export function serveOnPage(page, url, body, type = 'text/html; charset=utf-8', extraPolicy = '') {
  const policy = extraPolicy ? `${contentSecurityPolicy}; ${extraPolicy}` : contentSecurityPolicy;
  return page.route(url, (route) => route.fulfill({ status: 200, body, headers: { 'Content-Type': type, 'Content-Security-Policy': policy } }));
}

/**
 * Makes the collector accept a page's survey: it accepts only the surveys it was started with
 * (the examples'), and tests make up their own. A definition the collector refuses (a test of an
 * invalid one) is left out: the widget refuses it too, so nothing is ever posted for it.
 */
async function acceptSurvey(collector, definition) {
  if (definition !== null && definition !== undefined) await collector.accept(definition);
}

/**
 * Opens a host page at /t/<name>.html that embeds the survey `definition` (inline JSON); the
 * collector accepts its answers.
 * `context` (context options, even {}) gives the page a browser context of its own: empty
 * storage, its own clock, device emulation. `init` (a function or several) runs before any page script (addInitScript), with `initArg`.
 * `files` serves more resources for the page: {"/t/theme.css": [body, content type]}.
 * `extraPolicy`: CSP directives the page adds to the strict CSP (see serveOnPage).
 * @param {{definition: object|string, body?: string, lang?: string, dir?: string, head?: string, name?: string, context?: object, init?: Function|Function[], initArg?: unknown, files?: Record<string, [string, string]>, extraPolicy?: string}} options
 */
export async function openHostPage(browser, { name = 'host', context, init, initArg, files = {}, extraPolicy, ...content }) {
  await acceptSurvey(browser.collector, content.definition);
  const opened = await browser.newPage(context);
  const url = `${browser.baseUrl}/t/${name}.html`;
  for (const script of [init ?? []].flat()) await opened.page.addInitScript(script, initArg);
  for (const [path, [body, type]] of Object.entries(files)) await serveOnPage(opened.page, browser.baseUrl + path, body, type);
  await serveOnPage(opened.page, url, hostPageHtml(content), undefined, extraPolicy);
  await opened.page.goto(url);
  return { ...opened, url, collector: browser.collector };
}

/**
 * Opens the host page at /t/<name>.html in a page that is already open (a navigation in the
 * same tab: same session, same storage); `opened` is what openHostPage returned.
 */
export async function navigateToHostPage(opened, baseUrl, { name, ...content }) {
  await acceptSurvey(opened.collector, content.definition);
  const url = `${baseUrl}/t/${name}.html`;
  await serveOnPage(opened.page, url, hostPageHtml(content));
  await opened.page.goto(url);
  return url;
}

/** Resolves true when the prompt shows within `timeout` ms, false otherwise. */
export async function promptShows(page, timeout = 5000) {
  try {
    await page.locator('csatkit-prompt section').first().waitFor({ state: 'visible', timeout });
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits until the prompt has the keyboard focus: it moves in the frame that first paints the
 * prompt (then csatkit:shown fires), so a key pressed as soon as the prompt is attached could
 * still reach the host page.
 */
export async function promptFocused(page) {
  await page.waitForFunction(() => document.activeElement?.localName === 'csatkit-prompt');
}

/**
 * The responses the collector holds (since the test began: see its clear()), once it holds
 * `count` of them (or after `timeout`); each is the collector's stored version (normalized).
 */
export async function receivedResponses(collector, count = 1, timeout = 10_000) {
  return waitForResponses(collector, (list) => list.length >= count, timeout);
}

/**
 * Waits until `count` responses have arrived in their final version (complete: true). The
 * score is delivered first and the comment follows as an update, so a test that checks the
 * comment must wait for the update rather than for the first delivery.
 */
export async function completedResponses(collector, count = 1, timeout = 10_000) {
  return waitForResponses(collector, (list) => list.filter((r) => r.complete).length >= count, timeout);
}

async function waitForResponses(collector, done, timeout) {
  const until = Date.now() + timeout;
  let list = await collector.list();
  while (!done(list) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    list = await collector.list();
  }
  return list;
}

/**
 * Resolves once the runtime has asked the core on this page view with storage allowed: the
 * session's pageview counter passes `before`. The counter is written in the same task as the
 * decision and as the prompt's insertion, so after this the prompt is in the DOM or never will
 * be for a trigger that has already fired (delay_ms 0, show()).
 */
export async function decided(page, before = 0) {
  await page.waitForFunction((count) => Number(sessionStorage.getItem('csatkit:pageviews') || 0) > count, before);
}

/** The session's pageview count as the widget stored it. */
export function pageviews(page) {
  return page.evaluate(() => Number(sessionStorage.getItem('csatkit:pageviews') || 0));
}

/** Whether a prompt element is on the page (visible or still loading its stylesheet). */
export async function promptPresent(page) {
  return (await page.locator('csatkit-prompt').count()) > 0;
}

/** Init script: records the csatkit:* events the page receives in window.__csatkitEvents. */
export function recordWidgetEvents() {
  window.__csatkitEvents = [];
  for (const type of ['csatkit:shown', 'csatkit:response', 'csatkit:dismissed']) {
    addEventListener(type, (event) => window.__csatkitEvents.push({ type, detail: JSON.parse(JSON.stringify(event.detail)) }));
  }
}

/** The events recorded by recordWidgetEvents, once there are at least `count`. */
export async function widgetEvents(page, count = 1) {
  await page.waitForFunction((n) => window.__csatkitEvents.length >= n, count);
  return page.evaluate(() => window.__csatkitEvents);
}

/** Waits until the widget's wasm has been fetched (the runtime is loading or loaded). */
export async function runtimeFetched(page) {
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((entry) => entry.name.endsWith('/csatkit-widget.wasm')));
}

/**
 * In the page: the outbox's items, oldest first — one localStorage key per queued version of a
 * response ("csatkit:outbox:<id>:<n>"), and any an earlier version left in its single
 * "csatkit:outbox" array (moved to keys of their own when the outbox is read) — or, given
 * `count`, whether it holds that many. One function for both: it runs under the page's CSP,
 * which refuses a predicate given as a string.
 */
function storedOutboxItems(count) {
  const items = JSON.parse(localStorage.getItem('csatkit:outbox') || '[]');
  for (const key of Object.keys(localStorage)) if (key.startsWith('csatkit:outbox:')) items.push(JSON.parse(localStorage.getItem(key)));
  items.sort((a, b) => (a.at ?? -1) - (b.at ?? -1));
  return count === undefined ? items : items.length === count;
}

/** The outbox's items in the page's localStorage, oldest first ({id, endpoint, body, attempts, …}). */
export const outboxItems = (page) => page.evaluate(storedOutboxItems);

/** Waits until the outbox holds `count` items. */
export async function outboxHolds(page, count) {
  await page.waitForFunction(storedOutboxItems, count);
}

/** Waits until the outbox is empty (every response confirmed by the endpoint). */
export const outboxEmpty = (page) => outboxHolds(page, 0);

/**
 * The page's problems without the one Chromium artifact of keepalive POSTs: a keepalive fetch
 * that completed is still reported "net::ERR_ABORTED" when its page navigates or reloads
 * (the browser finishes it; the page stops tracking it). Tests that filter it check what the
 * endpoint received instead.
 */
export function withoutKeepaliveAborts(problems) {
  return problems.filter((problem) => !/^request failed: \S+\/api\/csat net::ERR_ABORTED$/.test(problem));
}

/**
 * Answers the survey a page shows on the event "ask": the point named `label`, then `comment` in
 * the follow-up, if given, and Send.
 */
export async function answerOnAsk(page, label, comment) {
  await page.evaluate(() => window.csatkit.track('ask'));
  await page.getByRole('radio', { name: label }).click();
  if (comment !== undefined) {
    await page.getByRole('textbox').fill(comment);
    await page.getByRole('button', { name: 'Send' }).click();
  }
}

/** While the endpoint is down the browser reports each refused POST; any other problem is unexpected. */
export const unexpectedWhileDown = (problems) => problems.filter((p) => !/503|Failed to load resource|api\/csat/.test(p));

/**
 * The README's stub for page code that may run before the async script tag (it queues the
 * calls for the loader to replay), as the README gives it: the tests run the documented text.
 */
export function readmeStub() {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const block = /```js\n([^`]*csatkit\?\.q\?\.push[^`]*)```/.exec(readme);
  if (!block) throw new Error('README.md has no stub (a js block that pushes to csatkit.q)');
  return block[1].replace(/^[ \t]+/gm, '');
}

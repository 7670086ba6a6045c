// Helpers for the widget's browser tests: a host page made on the fly (served through the
// test's page.route with the same strict CSP as scripts/serve.mjs), embedding csatkit with one
// script tag, and ways to read the prompt the way a visitor or a screen reader does.
import { contentSecurityPolicy } from '../../scripts/serve.mjs';

const attribute = (text) => text.replaceAll('&', '&amp;').replaceAll("'", '&#39;');

/**
 * Opens a host page at /t/<name>.html that embeds the survey `definition` (inline JSON).
 * @param {{definition: object|string, body?: string, lang?: string, dir?: string, head?: string, name?: string}} options
 */
export async function openHostPage(browser, { definition, body = '<main><h1>Host page</h1><p>Content.</p></main>', lang = 'en', dir = 'ltr', head = '', name = 'host' }) {
  const { page, problems } = await browser.newPage();
  const url = `${browser.baseUrl}/t/${name}.html`;
  const json = typeof definition === 'string' ? definition : JSON.stringify(definition);
  const html = `<!doctype html><html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><title>Host</title>${head}
<script src="/web/csatkit.js" data-survey='${attribute(json)}' data-endpoint="/api/csat" async></script></head><body>${body}</body></html>`;
  await page.route(url, (route) =>
    route.fulfill({ status: 200, body: html, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': contentSecurityPolicy } }),
  );
  await page.goto(url);
  return { page, problems, url };
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

/** The responses the demo endpoint holds, once it holds `count` of them (or after `timeout`). */
export async function receivedResponses(collector, count = 1, timeout = 10_000) {
  return waitForResponses(collector, () => collector.list().length >= count, timeout);
}

/**
 * Waits until `count` responses have arrived in their final version (complete: true). The
 * score is delivered first and the comment follows as an update, so a test that checks the
 * comment must wait for the update rather than for the first delivery.
 */
export async function completedResponses(collector, count = 1, timeout = 10_000) {
  return waitForResponses(collector, () => collector.list().filter((r) => r.complete).length >= count, timeout);
}

async function waitForResponses(collector, done, timeout) {
  const until = Date.now() + timeout;
  while (!done() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return collector.list();
}

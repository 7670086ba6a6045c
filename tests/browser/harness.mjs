// Browser test harness: scripts/serve.mjs on 127.0.0.1 (a free port) with its collector (the real
// `csatkit serve`, $CSATKIT_CLI or build/native/csatkit) and Debian's Chromium driven by
// playwright-core. Pages are served over HTTP with the real CSP, never from file://.
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, beforeEach } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { startServer } from '../../scripts/serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

export const chromiumPath = process.env.CSATKIT_CHROMIUM ?? '/usr/bin/chromium';

// Without the background-networking flags the closed network here refuses many connections
// and slows every start (TOOLCHAIN.md).
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** axe-core's browser build, injected into pages for accessibility checks. */
export const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Starts the server with its collector and the browser (playwright gives each launch a fresh,
 * empty profile in a temporary user-data dir and deletes it on close). Test-only pages in
 * tests/browser/pages are served at /test/. The collector has no rate limit: tests post many
 * answers from one address.
 */
export async function startBrowser() {
  const server = await startServer({ port: 0, mounts: [['/test/', path.join(here, 'pages')]], collector: { rateLimit: false } });
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      chromiumSandbox: false,
      timeout: 60_000,
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  const context = await browser.newContext();
  const newIsolatedPage = async (options) => {
    const own = await browser.newContext(options);
    const page = await own.newPage();
    page.once('close', () => own.close().catch(() => {}));
    return page;
  };

  return {
    baseUrl: server.url,
    browser,
    /**
     * The widget's endpoint /api/csat: the collector behind it, its switches (down, refuseWith),
     * its store (await list(), clear()), accept(definition) for surveys a test makes up, and its
     * url, dashboardUrl and token (scripts/serve.mjs createCollector).
     */
    collector: server.collector,
    context,

    /**
     * A page that records console errors, page errors, failed requests and CSP violations. With
     * `contextOptions` (even {}) the page gets a context of its own: empty storage, its own clock
     * (page.clock), device emulation (isMobile, colorScheme…); the context closes with the page.
     */
    async newPage(contextOptions) {
      const page = contextOptions ? await newIsolatedPage(contextOptions) : await context.newPage();
      const problems = [];
      page.on('console', (message) => {
        // The browser's own favicon request is not the page's doing.
        if (message.type() !== 'error' || message.location().url.endsWith('/favicon.ico')) return;
        problems.push(`console: ${message.text()} (${message.location().url})`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('requestfailed', (request) => {
        problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
      });
      page.on('response', (response) => {
        if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
      });
      // Added by the browser, not as a page script, so the page's CSP does not apply to it.
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
        });
      });
      return { page, problems };
    },

    /**
     * axe-core on a page, in a separate context that bypasses the CSP (which rightly blocks the
     * injected axe script); pages under test keep their strict CSP. `prepare(page)` may click
     * around first. Resolves to the violations.
     */
    async axeViolations(url, prepare = async () => {}) {
      const axeContext = await browser.newContext({ bypassCSP: true });
      try {
        const page = await axeContext.newPage();
        await page.goto(url);
        await prepare(page);
        await page.addScriptTag({ path: axePath });
        const results = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ['violations'] }));
        return results.violations;
      } finally {
        await axeContext.close();
      }
    },

    async close() {
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}

/**
 * The usual setup of a browser test file, called inside its describe (or at the top level):
 * starts the server and the browser before the tests, closes them after (the collector process
 * too), and clears the endpoint's store before each test. Returns a stand-in for
 * startBrowser()'s object (baseUrl, collector, newPage, axeViolations…) that reads from the
 * running one, so tests use it as `browser.newPage()` once the before hook has run.
 */
export function useBrowser() {
  let running;
  before(async () => {
    running = await startBrowser();
  });
  after(async () => {
    await running?.close();
  });
  beforeEach(() => running.collector.clear());
  return new Proxy(
    {},
    {
      get(_, name) {
        if (!running) throw new Error(`browser.${String(name)} used before the browser started (useBrowser's before hook)`);
        return running[name];
      },
    },
  );
}

/** One line per axe violation, for a readable assertion message. */
export function describeViolations(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`)
    .join('\n');
}

// How the script tag (web/dist/csatkit.js) loads the runtime when a survey shows on load: the bundle and the wasm at
// once (the wasm compiled while it downloads), each file once, under the strict CSP. Speed itself is
// measured in bench/widget-timing.mjs, never asserted here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { useBrowser } from './harness.mjs';
import { hostPageHtml, openHostPage, promptShows, serveOnPage } from './widget-pages.mjs';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');
const showsNow = { id: 'loading', type: 'csat', display: { triggers: { delay_ms: 0 }, respect_global_cooldown: false, max_displays: null, recontact_days: 0 } };

describe('loading the runtime', () => {
  const browser = useBrowser();

  test('a survey shown on load downloads three files, each once: loader, runtime bundle, wasm', async () => {
    const { page, problems } = await browser.newPage();
    const requested = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    const url = `${browser.baseUrl}/t/loading-once.html`;
    await serveOnPage(page, url, hostPageHtml({ definition: showsNow }));
    await page.goto(url);
    assert.equal(await promptShows(page), true);
    const widgetFiles = requested.filter((file) => file.startsWith('/web/'));
    // The runtime's modules, the wasm glue and widget.css come inside the bundle
    // (scripts/bundle-widget.mjs): one request instead of ten queued on six connections.
    assert.deepEqual(widgetFiles.sort(), ['/web/dist/csatkit-runtime.js', '/web/dist/csatkit-widget.wasm', '/web/dist/csatkit.js']);
    // Styled by an adopted stylesheet: nothing in the shadow root for a strict CSP to block.
    const styling = await page.evaluate(() => {
      const shadow = document.querySelector('csatkit-prompt').shadowRoot;
      return { adopted: shadow.adoptedStyleSheets.length, elements: shadow.querySelectorAll('link, style').length, boxSizing: getComputedStyle(shadow.querySelector('section')).boxSizing };
    });
    assert.deepEqual(styling, { adopted: 1, elements: 0, boxSizing: 'border-box' });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("the README's preload hints are used by the loader: each file still downloaded once, no warning", async () => {
    // A context of its own: an empty HTTP cache, so every download shows as a request.
    const { page, problems } = await browser.newPage({});
    const requested = [];
    const warnings = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    const head = `<link rel="modulepreload" href="/web/dist/csatkit-runtime.js">
<link rel="preload" href="/web/dist/csatkit-widget.wasm" as="fetch" crossorigin>`;
    const url = `${browser.baseUrl}/t/loading-preload.html`;
    await serveOnPage(page, url, hostPageHtml({ definition: showsNow, head }));
    await page.goto(url);
    assert.equal(await promptShows(page), true);
    // A preload the loader's own request does not match (URL, mode, credentials) would be a
    // second download of the same file, and Chromium would warn that the preload went unused.
    const widgetFiles = requested.filter((file) => file.startsWith('/web/'));
    assert.deepEqual(widgetFiles.sort(), ['/web/dist/csatkit-runtime.js', '/web/dist/csatkit-widget.wasm', '/web/dist/csatkit.js']);
    // Chromium reports an unused preload a few seconds after load; wait past that before looking.
    await page.waitForTimeout(3500);
    assert.deepEqual(warnings.filter((text) => /preload/i.test(text)), []);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a server that sends the wasm without application/wasm still gets the prompt shown', async () => {
    const { page, problems } = await openHostPage(browser, {
      definition: showsNow,
      name: 'loading-mime',
      files: { '/web/dist/csatkit-widget.wasm': [readFileSync(path.join(web, 'dist/csatkit-widget.wasm')), 'application/octet-stream'] },
    });
    assert.equal(await promptShows(page), true);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("hosted under any folder name (not dist/): the visitor's locale pack is found next to the loader", async () => {
    const { page, problems } = await browser.newPage({});
    // The site copies web/dist/ to /static/csatkit/ on its own server.
    await page.route(`${browser.baseUrl}/static/csatkit/**`, (route) => {
      const file = new URL(route.request().url()).pathname.slice('/static/csatkit/'.length);
      const type = file.endsWith('.wasm') ? 'application/wasm' : file.endsWith('.json') ? 'application/json' : 'text/javascript';
      route.fulfill({ body: readFileSync(path.join(web, 'dist', file)), headers: { 'Content-Type': type } });
    });
    const url = `${browser.baseUrl}/t/loading-hosted.html`;
    const tag = `<script src="/static/csatkit/csatkit.js" data-survey='${JSON.stringify(showsNow)}' data-endpoint="/api/csat" async></script>`;
    await serveOnPage(page, url, hostPageHtml({ definition: null, lang: 'nl', head: tag }));
    await page.goto(url);
    assert.equal(await promptShows(page), true);
    await page.getByRole('radio', { name: '5 – Zeer tevreden' }).waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });
});

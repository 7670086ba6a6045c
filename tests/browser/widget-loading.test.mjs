// How the script tag (web/dist/csatkit.js) loads the runtime when a survey shows on load: the bundle and the wasm at
// once (the wasm compiled while it downloads), each file once, under the strict CSP. Speed itself is
// measured in bench/widget-timing.mjs, never asserted here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { useBrowser } from './harness.mjs';
import { hostPageHtml, openHostPage, promptShows, readmeStub, receivedResponses, serveOnPage } from './widget-pages.mjs';

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

  // The page's own script runs first: it comes before the async tag (hostPageHtml writes `head`
  // first), as a page file may when the loader arrives late. A file, as the strict CSP requires.
  const openWithPageScript = (name, definition, pageScript) =>
    openHostPage(browser, {
      name,
      context: {},
      definition,
      head: `<script src="/t/${name}.js"></script>`,
      files: { [`/t/${name}.js`]: [readmeStub() + pageScript, 'text/javascript'] },
    });

  test("calls made before the loader, through the README's stub: a queued track() opens an event-triggered survey", async () => {
    const definition = { id: 'early-event', type: 'csat', display: { ...showsNow.display, triggers: { events: ['chat_closed'] } } };
    const { page, problems } = await openWithPageScript('early-track', definition, "csatkit.track('chat_closed');\n");
    assert.equal(await promptShows(page), true);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the stub replays setContext, consent and show in order, and becomes the API the page kept', async () => {
    const definition = { id: 'early-context', type: 'csat', follow_up: false, thanks: false, display: { respect_global_cooldown: false, max_displays: null, recontact_days: 0, manual_only: true, require_consent: true } };
    const pageScript = `window.keptByThePage = csatkit;
csatkit.setContext({ plan: 'free', seats: 3 });
csatkit.setContext({ plan: 'pro' });
csatkit.consent(true);
csatkit.show('early-context');
`;
    const { page, problems } = await openWithPageScript('early-context', definition, pageScript);
    await page.getByRole('radio', { name: '4 – Satisfied' }).click();
    const [response] = await receivedResponses(browser.collector, 1);
    assert.deepEqual([response.survey_id, response.score, response.context], ['early-context', 4, { plan: 'pro', seats: 3 }]);
    // The same object, with the real methods and its queue gone: a reference kept to the stub
    // reaches the real API rather than a queue nobody reads.
    const api = await page.evaluate(() => ({ same: window.keptByThePage === window.csatkit, queue: 'q' in window.csatkit, loaded: window.csatkit.loaded }));
    assert.deepEqual(api, { same: true, queue: false, loaded: true });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a call the stub queued under a name csatkit does not have is logged as a CsatkitError; the others still run', async () => {
    const definition = { id: 'early-typo', type: 'csat', display: { ...showsNow.display, triggers: { events: ['chat_closed'] } } };
    const { page, problems } = await openWithPageScript('early-typo', definition, "csatkit.q.push(['trak', 'chat_closed']);\ncsatkit.track('chat_closed');\n");
    assert.equal(await promptShows(page), true);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /^console: csatkit: loader\.failed at csatkit\.js: csatkit\.trak is not a function/);
    await page.close();
  });

  test('a data-survey that is neither a URL nor JSON: one CsatkitError naming it, nothing thrown into the page', async () => {
    // "http://[x" cannot be parsed as a URL (an unclosed IPv6 host).
    const { page, problems } = await openHostPage(browser, { definition: 'http://[x', name: 'not-a-url' });
    await page.waitForFunction(() => window.csatkit?.loaded === true);
    // The loader has run; its console message reaches this process a moment later.
    for (let waited = 0; problems.length === 0 && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /^console: csatkit: survey\.fetch at http:\/\/\[x: data-survey is neither a URL nor JSON/);
    assert.equal(await page.getByRole('heading', { name: 'Host page' }).count(), 1);
    await page.close();
  });
});

// How web/csatkit.js loads the runtime when a survey shows on load: everything at once (the
// wasm compiled while it downloads), each file once, under the strict CSP. Speed itself is
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

/** The files loader-entry.js needs, following static imports (web/-relative paths). */
function moduleGraph(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(path.join(web, file), 'utf8');
    for (const [, specifier] of source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)) {
      visit(path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)));
    }
  };
  visit(entry);
  return seen;
}

describe('loading the runtime', () => {
  const browser = useBrowser();

  test("the loader requests the runtime's whole module graph itself, not import by import", () => {
    const loader = readFileSync(path.join(web, 'csatkit.js'), 'utf8');
    const named = new Set([...loader.matchAll(/'((?:widget\/|dist\/)?[\w-]+\.(?:js|wasm|css))'/g)].map(([, file]) => file));
    const missing = [...moduleGraph('widget/loader-entry.js')].filter((file) => !named.has(file));
    assert.deepEqual(missing, [], 'add these to prefetch() in web/csatkit.js');
  });

  test('a survey shown on load downloads each file once: the wasm, every module, widget.css', async () => {
    const { page, problems } = await browser.newPage();
    const requested = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    const url = `${browser.baseUrl}/t/loading-once.html`;
    await serveOnPage(page, url, hostPageHtml({ definition: showsNow }));
    await page.goto(url);
    assert.equal(await promptShows(page), true);
    const widgetFiles = requested.filter((file) => file.startsWith('/web/'));
    const twice = widgetFiles.filter((file, index) => widgetFiles.indexOf(file) !== index);
    assert.deepEqual(twice, []);
    for (const file of ['/web/dist/csatkit-widget.wasm', '/web/widget/widget.css', '/web/widget/mount.js']) assert.ok(widgetFiles.includes(file), file);
    // Styled by an adopted stylesheet: nothing in the shadow root for a strict CSP to block.
    const styling = await page.evaluate(() => {
      const shadow = document.querySelector('csatkit-prompt').shadowRoot;
      return { adopted: shadow.adoptedStyleSheets.length, elements: shadow.querySelectorAll('link, style').length, boxSizing: getComputedStyle(shadow.querySelector('section')).boxSizing };
    });
    assert.deepEqual(styling, { adopted: 1, elements: 0, boxSizing: 'border-box' });
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
});

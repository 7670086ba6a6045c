// mount() from a site's own bundle, made by a bundler that does not copy the files that
// new URL("…", import.meta.url) names (esbuild, as a site would run it): the widget's wasm, its
// stylesheet and its locale packs then come from the `assets` folder, a copy of web/dist/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

import { useBrowser } from './harness.mjs';
import { outboxEmpty, receivedResponses, serveOnPage } from './widget-pages.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The site's bundle: its own code importing csatkit's widget module, bundled by esbuild. */
async function siteBundle(siteCode) {
  const result = await build({
    stdin: { contents: siteCode, resolveDir: repo, sourcefile: 'site.js' },
    bundle: true,
    format: 'esm',
    write: false,
    alias: { 'csatkit/widget': path.join(repo, 'web/widget/index.js') },
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

describe('mount() bundled by esbuild', () => {
  const browser = useBrowser();

  test('with `assets` naming a copy of web/dist/, the wasm, the stylesheet and the locale pack come from there, and the answer is delivered', async () => {
    const definition = { id: 'bundled', type: 'csat', locale: 'nl', follow_up: false, thanks: false, display: { manual_only: true, max_displays: null } };
    await browser.collector.accept(definition);
    const bundle = await siteBundle(`import { mount } from 'csatkit/widget';
window.survey = mount({ definition: ${JSON.stringify(definition)}, endpoint: '/api/csat', assets: '/web/dist/' });
window.survey.ready.then(() => window.survey.show());`);
    // The bundler kept the module-relative URLs as they were: without `assets` they would name
    // /dist/… beside the bundle, which the site does not have.
    assert.match(bundle, /new URL\("\.\.\/dist\/csatkit-widget\.wasm", import\.meta\.url\)/);

    const { page, problems } = await browser.newPage({});
    const requested = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await serveOnPage(page, `${browser.baseUrl}/site/app.js`, bundle, 'text/javascript; charset=utf-8');
    await serveOnPage(page, `${browser.baseUrl}/site/index.html`, '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Site</title><script type="module" src="/site/app.js"></script></head><body><main><h1>Winkel</h1></main></body></html>');
    await page.goto(`${browser.baseUrl}/site/index.html`);

    const dutch = JSON.parse(readFileSync(path.join(repo, 'web/dist/locales/nl.json'), 'utf8'));
    const group = page.getByRole('radiogroup', { name: dutch.texts.question_csat });
    await group.waitFor();
    // Styled by the stylesheet from the assets folder (widget.css sets border-box on the prompt).
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('csatkit-prompt').shadowRoot.querySelector('section')).boxSizing), 'border-box');
    await group.getByRole('radio', { name: /^5 – / }).click();

    const [received] = await receivedResponses(browser.collector);
    assert.deepEqual([received.survey_id, received.score, received.locale], ['bundled', 5, 'nl']);
    await outboxEmpty(page);
    for (const file of ['csatkit-widget.wasm', 'csatkit-widget.css', 'locales/nl.json']) {
      assert.ok(requested.includes(`/web/dist/${file}`), `${file} from the assets folder; requested: ${requested.join(', ')}`);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });
});

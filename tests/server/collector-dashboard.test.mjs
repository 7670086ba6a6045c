// The dashboard's files, served by the collector itself (GET /dashboard and /web/…): the page and
// every module it imports, under the strict CSP, and nothing else from the folder.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { cli, startCollector, tempDir } from './collector-harness.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const web = path.join(repo, 'web');

/** A GET with the path sent exactly as written (no URL normalisation of "..", "%2e"). */
function rawGet(port, rawPath, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: rawPath, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const strictCsp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

let collector;
before(async () => {
  collector = await startCollector({ args: ['--web', web] });
});
after(async () => {
  assert.equal((await collector.stop()).code, 0);
});

/**
 * Every file the dashboard page loads, found by following it: the page's stylesheets and script,
 * then each module's static and dynamic imports and `new URL('…', import.meta.url)` assets.
 */
function dashboardFiles() {
  const found = new Set();
  const page = readFileSync(path.join(web, 'dashboard/index.html'), 'utf8');
  const pending = [...page.matchAll(/(?:src|href)="(\/web\/[^"]+)"/g)].map((m) => m[1]);
  while (pending.length) {
    const url = pending.pop();
    if (found.has(url)) continue;
    found.add(url);
    if (!url.endsWith('.js')) continue;
    const source = readFileSync(path.join(repo, url), 'utf8');
    const specifiers = [
      ...source.matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'/g),
      ...source.matchAll(/\bimport\(\s*'(\.{1,2}\/[^']+)'\s*\)/g),
      ...source.matchAll(/new URL\(\s*'(\.{1,2}\/[^']+)',\s*import\.meta\.url\)/g),
    ].map((m) => m[1]);
    // (A folder, such as core.js's Node-only `new URL('./dist/', …)`, is no file the page loads.)
    for (const specifier of specifiers.filter((s) => !s.endsWith('/'))) pending.push(new URL(specifier, `http://x${url}`).pathname);
  }
  return [...found];
}

describe('the dashboard page and its modules', () => {
  test('GET /dashboard: the page, under the strict CSP, not framable, no inline code', async () => {
    const res = await rawGet(collector.port, '/dashboard');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(res.headers['content-security-policy'], strictCsp);
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    const html = res.body.toString('utf8');
    assert.match(html, /<script type="module" src="\/web\/dashboard\/dashboard\.js"><\/script>/);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
    assert.doesNotMatch(html, /\sstyle=|<style/, 'no inline style');
  });

  test('every file the page loads is served with its type (the core, its wasm, the calculator\'s modules)', async () => {
    const files = dashboardFiles();
    // The crawl reaches the core's glue through web/core.js: its wasm is fetched beside it.
    files.push('/web/dist/csatkit-core.wasm');
    for (const required of ['/web/core.js', '/web/dist/csatkit-core.js', '/web/calculator/results-view.js', '/web/calculator/locales/nl.js', '/web/calculator/calculator.css']) {
      assert.ok(files.includes(required), `${required} is loaded by the dashboard`);
    }
    const types = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm' };
    for (const file of files) {
      const res = await rawGet(collector.port, file);
      assert.equal(res.status, 200, file);
      assert.equal(res.headers['content-type'], types[path.extname(file)], file);
      assert.deepEqual(res.body, readFileSync(path.join(repo, file)), file);
      assert.equal(res.headers['content-security-policy'], file.endsWith('.js') ? strictCsp : undefined, file);
    }
  });

  test('nothing else: not the widget, no traversal, no hidden files, whatever the encoding', async () => {
    for (const attempt of [
      '/web/csatkit.js',
      '/web/dist/csatkit.js',
      '/web/dist/csatkit-widget.wasm',
      '/web/widget/outbox.js',
      '/web/index.js',
      '/web/../package.json',
      '/web/calculator/../../package.json',
      '/web/calculator/%2e%2e/%2e%2e/package.json',
      '/web/dashboard/..%2f..%2fpackage.json',
      '/web/%2e%2e/%2e%2e/etc/passwd',
      '/web/dashboard/.hidden.js',
      '/web/dashboard/index.html%00.js',
      '/web/calculator/notes.txt',
      '/web/',
      '/dashboard/../package.json',
    ]) {
      const res = await rawGet(collector.port, attempt);
      assert.equal(res.status, 404, attempt);
      assert.doesNotMatch(res.body.toString(), /devDependencies|root:|createCsatkit/, attempt);
    }
  });

  test('the page\'s own requests (Origin = the collector itself) are same-origin; other origins still need --origin', async () => {
    const own = await rawGet(collector.port, '/web/dashboard/dashboard.js', { Origin: collector.url });
    assert.equal(own.status, 200);
    const read = await rawGet(collector.port, '/v1/surveys/post-chat/responses', { Origin: collector.url, Authorization: 'Bearer test-admin-token-7f3a' });
    assert.equal(read.status, 200);
    assert.equal(read.headers['access-control-allow-origin'], undefined, 'no CORS header for the collector\'s own page');
    const foreign = await rawGet(collector.port, '/web/dashboard/dashboard.js', { Origin: 'http://127.0.0.1:1' });
    assert.equal(foreign.status, 403);
  });
});

test('loading the page does not spend the rate limit; reads still do', async () => {
  const limited = await startCollector({ args: ['--web', web, '--rate-limit', '1', '--rate-burst', '3'] });
  try {
    for (const file of ['/dashboard', ...dashboardFiles()]) assert.equal((await rawGet(limited.port, file)).status, 200, file);
    const token = { Authorization: 'Bearer test-admin-token-7f3a' };
    const reads = [];
    for (let i = 0; i < 4; i += 1) reads.push((await rawGet(limited.port, '/v1/surveys/post-chat/responses', token)).status);
    assert.deepEqual(reads, [200, 200, 200, 429]);
  } finally {
    await limited.stop();
  }
});

describe('where the files come from', () => {
  test('without --web, the web/ folder of the checkout the binary was built in', async () => {
    const found = await startCollector();
    try {
      const listening = found.logs.find((entry) => entry.event === 'listening');
      if (path.relative(repo, cli).startsWith(`build${path.sep}`)) {
        assert.equal(listening.web_dir, web);
      } else {
        // An installed binary (CSATKIT_CLI elsewhere): its own share/csatkit/web.
        assert.ok(existsSync(path.join(listening.web_dir, 'dashboard/index.html')), listening.web_dir);
      }
      assert.equal(listening.dashboard, '/dashboard');
      assert.equal((await rawGet(found.port, '/dashboard')).status, 200);
    } finally {
      await found.stop();
    }
  });

  test('--web \'\' turns the dashboard off; a folder without it answers 404 too', async () => {
    const off = await startCollector({ args: ['--web', ''] });
    const empty = tempDir();
    mkdirSync(path.join(empty, 'dashboard'));
    const elsewhere = await startCollector({ args: ['--web', empty] });
    try {
      const res = await rawGet(off.port, '/dashboard');
      assert.equal(res.status, 404);
      const { error } = JSON.parse(res.body.toString());
      assert.equal(error.code, 'dashboard.unavailable');
      assert.match(error.message, /--web DIR/);
      assert.equal(off.logs.find((entry) => entry.event === 'listening').dashboard, null);
      assert.equal((await rawGet(off.port, '/web/core.js')).status, 404);
      assert.equal((await rawGet(elsewhere.port, '/dashboard')).status, 404);
      assert.equal((await rawGet(elsewhere.port, '/web/core.js')).status, 404);
    } finally {
      await off.stop();
      await elsewhere.stop();
    }
  });
});

// scripts/serve.mjs: the server every browser test and `npm start` use.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { contentSecurityPolicy, resolvePath, startServer } from '../../scripts/serve.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A raw GET: the path goes out exactly as written (fetch would normalise "..", this does not). */
function get(port, rawPath, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serve.mjs', () => {
  let server;
  before(async () => {
    server = await startServer({ port: 0 });
  });
  after(async () => {
    await server.close();
  });

  test('listens on 127.0.0.1 on the port it was given (0: any free one)', () => {
    assert.ok(server.port > 0);
    assert.equal(server.url, `http://127.0.0.1:${server.port}`);
  });

  test('serves examples/ at / with the strict CSP', async () => {
    const response = await get(server.port, '/');
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(response.headers['content-security-policy'], contentSecurityPolicy);
    assert.match(contentSecurityPolicy, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.match(response.body.toString(), /<html lang="en">/);
  });

  test('serves web/ at /web/ with JavaScript and wasm MIME types', async () => {
    const script = await get(server.port, '/web/core.js');
    assert.equal(script.status, 200);
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    const wasm = await get(server.port, '/web/dist/csatkit-core.wasm', 'HEAD');
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers['content-type'], 'application/wasm');
    assert.equal(wasm.headers['content-security-policy'], undefined);
  });

  test('answers 404 for missing files and 405 for other methods', async () => {
    assert.equal((await get(server.port, '/nope.html')).status, 404);
    assert.equal((await get(server.port, '/web/nope.js')).status, 404);
    assert.equal((await get(server.port, '/', 'POST')).status, 405);
  });

  test('never serves a file outside its folders', async () => {
    for (const attempt of [
      '/../package.json',
      '/web/../../package.json',
      '/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/web/..%2f..%2fpackage.json',
      '/web/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/..%5c..%5cpackage.json',
      '/%00',
      '/%E0%A4%A',
    ]) {
      const response = await get(server.port, attempt);
      assert.equal(response.status, 404, attempt);
      assert.doesNotMatch(response.body.toString(), /"devDependencies"|root:/, attempt);
    }
  });

  test('resolvePath keeps every path inside its mount', () => {
    assert.equal(resolvePath('/index.html'), path.join(repo, 'examples', 'index.html'));
    assert.equal(resolvePath('/web/core.js'), path.join(repo, 'web', 'core.js'));
    assert.equal(resolvePath('/web/../../../etc/passwd'), path.join(repo, 'web', 'etc', 'passwd'));
    assert.equal(resolvePath('/..%2F..%2Fetc%2Fpasswd'), path.join(repo, 'examples', 'etc', 'passwd'));
    assert.equal(resolvePath('/%zz'), null);
  });
});

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

describe('serve.mjs: the demo endpoint /api/csat', () => {
  let server;
  const endpoint = () => `${server.url}/api/csat`;
  const post = (body) =>
    fetch(endpoint(), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const response = (changes = {}) => ({ id: '0f8fad5b-d9cb-469f-a165-70867728950e', survey_id: 'post-chat', score: 4, comment: null, complete: false, ...changes });

  before(async () => {
    server = await startServer({ port: 0 });
  });
  after(async () => {
    await server.close();
  });

  test('201 for a new response, 200 "duplicate" for the same one again, 200 "updated" for a newer version', async () => {
    server.collector.clear();
    const created = await post(response());
    assert.equal(created.status, 201);
    assert.deepEqual(await created.json(), { ok: true, value: { id: response().id, status: 'created' } });
    const again = await post(response());
    assert.equal(again.status, 200);
    assert.equal((await again.json()).value.status, 'duplicate');
    const updated = await post(response({ comment: 'Quick', complete: true }));
    assert.equal(updated.status, 200);
    assert.equal((await updated.json()).value.status, 'updated');
    // A late retry of the partial version never overwrites the complete one.
    assert.equal((await (await post(response())).json()).value.status, 'duplicate');
    assert.deepEqual(server.collector.list(), [response({ comment: 'Quick', complete: true })]);
    assert.equal(server.collector.posts, 4);
  });

  test('a late copy of a response received before clear() is answered as a duplicate, not stored again', async () => {
    // What a closing page's pagehide beacon looks like when it lands after the next test cleared the store.
    const late = response({ id: '7c9e6679-7425-40de-944b-e07fc1f90ae7' });
    server.collector.clear();
    assert.equal((await post(late)).status, 201);
    server.collector.clear();
    const again = await post(late);
    assert.equal(again.status, 200);
    assert.equal((await again.json()).value.status, 'duplicate');
    assert.deepEqual(server.collector.list(), []);
    assert.equal(server.collector.posts, 0);
    // An invalid body is still rejected, whatever its id.
    assert.equal((await post({ ...late, survey_id: '' })).status, 400);
  });

  test('400 with a JSON error for a body that is not JSON or has no usable id', async () => {
    server.collector.clear();
    for (const [body, path] of [
      ['{"id": ', '$'],
      ['[1, 2]', '$'],
      [{ survey_id: 'post-chat' }, '$.id'],
      [{ id: 'short', survey_id: 'post-chat' }, '$.id'],
      [{ id: '0f8fad5b-d9cb-469f-a165-70867728950e', survey_id: '' }, '$.survey_id'],
    ]) {
      const answer = await post(body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      const { ok, error } = await answer.json();
      assert.equal(ok, false);
      assert.equal(error.code, 'response.invalid');
      assert.equal(error.path, path, JSON.stringify(body));
    }
    assert.deepEqual(server.collector.list(), []);
  });

  test('GET lists the latest version of each response in arrival order, and the number of POSTs', async () => {
    server.collector.clear();
    const first = response({ id: 'aaaaaaaa-0000-4000-8000-000000000001' });
    const second = response({ id: 'aaaaaaaa-0000-4000-8000-000000000002', score: 1 });
    await post(first);
    await post(second);
    await post({ ...first, comment: 'Later', complete: true });
    const listed = await fetch(endpoint());
    assert.equal(listed.status, 200);
    assert.match(listed.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(await listed.json(), { responses: [{ ...first, comment: 'Later', complete: true }, second], posts: 3 });
  });

  test('503 while the endpoint is down (nothing stored), 405 for other methods', async () => {
    server.collector.clear();
    server.collector.down = true;
    try {
      assert.equal((await post(response())).status, 503);
      assert.deepEqual(server.collector.list(), []);
    } finally {
      server.collector.down = false;
    }
    const put = await fetch(endpoint(), { method: 'PUT', body: '{}' });
    assert.equal(put.status, 405);
    assert.equal(put.headers.get('allow'), 'GET, POST');
  });
});

// scripts/serve.mjs: the server every browser test and `npm start` use, and the widget's
// endpoint behind it: the real collector (`csatkit serve`) as a child process.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { contentSecurityPolicy, exampleSurveys, resolvePath, startServer } from '../../scripts/serve.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A raw GET: the path goes out exactly as written (fetch would normalise "..", this does not). */
function get(port, rawPath, method = 'GET', headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method, headers }, (response) => {
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

  test('files are revalidated on every use and answered 304 while unchanged', async () => {
    const first = await get(server.port, '/web/dist/csatkit-widget.wasm');
    assert.equal(first.status, 200);
    assert.equal(first.headers['cache-control'], 'no-cache');
    const etag = first.headers.etag;
    assert.match(etag, /^W\/"[0-9a-f]+-[0-9a-f]+"$/);
    const again = await get(server.port, '/web/dist/csatkit-widget.wasm', 'GET', { 'If-None-Match': `W/"other", ${etag}` });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, etag);
    // Another file's tag is not this one's: the whole file comes.
    const script = await get(server.port, '/web/core.js');
    const mismatched = await get(server.port, '/web/dist/csatkit-widget.wasm', 'GET', { 'If-None-Match': script.headers.etag });
    assert.equal(mismatched.status, 200);
    assert.equal(mismatched.body.length, first.body.length);
  });

  test('a mount may set its own cache policy (a versioned CDN URL, for the bench)', async () => {
    const cdn = await startServer({ port: 0, mounts: [['/cdn/v1/', path.join(repo, 'web'), { cacheControl: 'max-age=31536000, immutable' }]] });
    try {
      const cached = await get(cdn.port, '/cdn/v1/dist/csatkit.js');
      assert.equal(cached.status, 200);
      assert.equal(cached.headers['cache-control'], 'max-age=31536000, immutable');
      // The same file under the default mount is still revalidated on every use.
      assert.equal((await get(cdn.port, '/web/dist/csatkit.js')).headers['cache-control'], 'no-cache');
    } finally {
      await cdn.close();
    }
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

describe('serve.mjs: the widget endpoint /api/csat is the collector', () => {
  let server;
  const endpoint = () => `${server.url}/api/csat`;
  const post = (body, headers = {}) =>
    fetch(endpoint(), { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  // A response as the widget sends it (stamped with created_at/updated_at), to the example post-chat survey (emoji3).
  const response = (changes = {}) => ({
    id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    survey_id: 'post-chat',
    score: 1,
    comment: null,
    complete: false,
    created_at: '2024-05-01T10:00:00.000Z',
    updated_at: '2024-05-01T10:00:00.000Z',
    ...changes,
  });
  const collectorGet = (urlPath) => fetch(`${server.collector.url}${urlPath}`, { headers: { Authorization: `Bearer ${server.collector.token}` } });

  before(async () => {
    server = await startServer({ port: 0, collector: { rateLimit: false } });
  });
  after(async () => {
    const { pid, dir } = server.collector;
    await server.close();
    // The child is gone (no orphan) and so is its temporary database.
    assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' });
    assert.equal(existsSync(dir), false);
  });

  test('a real collector runs beside the server: its own port, a random admin token, the example surveys', async () => {
    const { collector } = server;
    assert.match(collector.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(collector.port, server.port);
    assert.equal(collector.dashboardUrl, `${collector.url}/dashboard`);
    assert.ok(collector.token.length >= 20);
    assert.ok(Number.isInteger(collector.pid));
    const health = await (await fetch(`${collector.url}/healthz`)).json();
    assert.deepEqual(health.value.surveys.sort(), ['checkout', 'element-demo', 'kb-helpful', 'post-chat']);
    const listening = collector.logs.find((entry) => entry.event === 'listening');
    assert.deepEqual(listening.origins, [server.url, `http://localhost:${server.port}`]);
    assert.equal(listening.reads, true);
    // The token is given by environment, never on the command line (where `ps` shows it).
    assert.equal(collector.logs.some((entry) => JSON.stringify(entry).includes(collector.token)), false);
    const wrong = await fetch(`${collector.url}/v1/surveys/post-chat/summary`, { headers: { Authorization: 'Bearer nope' } });
    assert.equal(wrong.status, 403);
  });

  test('exampleSurveys: the survey files (first of each id) and the pages\' inline definitions', () => {
    const ids = exampleSurveys().map((text) => JSON.parse(text).id);
    assert.deepEqual(ids, ['checkout', 'kb-helpful', 'post-chat', 'element-demo']);
    assert.equal(JSON.parse(exampleSurveys()[2]).scale, 'emoji3', 'post-chat.json, not reference.json');
  });

  test('201 created, 200 duplicate, 200 updated with the comment, 200 stale for a late partial copy', async () => {
    await server.collector.clear();
    const created = await post(response());
    assert.equal(created.status, 201);
    assert.deepEqual(await created.json(), { ok: true, value: { id: response().id, status: 'created' } });
    const again = await post(response());
    assert.equal(again.status, 200);
    assert.equal((await again.json()).value.status, 'duplicate');
    const final = response({ comment: 'Quick', complete: true, updated_at: '2024-05-01T10:01:00.000Z' });
    const updated = await post(final);
    assert.equal(updated.status, 200);
    assert.equal((await updated.json()).value.status, 'updated');
    // A late retry of the partial version never overwrites the complete one (the collector says "stale").
    assert.equal((await (await post(response())).json()).value.status, 'stale');
    const [stored] = await server.collector.list();
    assert.equal(stored.comment, 'Quick');
    assert.equal(stored.complete, true);
    // The collector's stored version: normalized against the survey (emoji3: 1 is "Unhappy").
    assert.equal(stored.label, 'Unhappy');
    assert.equal(stored.bucket, 'negative');
    assert.equal((await server.collector.list()).length, 1);
    assert.equal(server.collector.posts, 4);
  });

  test('a late copy of a response received before clear() is the collector\'s duplicate and is not listed', async () => {
    // What a closing page's pagehide beacon looks like when it lands after the next test cleared the store.
    const late = response({ id: '7c9e6679-7425-40de-944b-e07fc1f90ae7' });
    await server.collector.clear();
    assert.equal((await post(late)).status, 201);
    server.collector.clear(); // not awaited, as a test may: list() waits for it
    const again = await post(late);
    assert.equal(again.status, 200);
    assert.equal((await again.json()).value.status, 'duplicate');
    assert.deepEqual(await server.collector.list(), []);
    // Still a real endpoint: an invalid body is refused whatever its id.
    assert.equal((await post({ ...late, score: 7 })).status, 400);
  });

  test('errors pass through unchanged: 400 naming the field, 413, 415, and the collector\'s CORS 403', async () => {
    await server.collector.clear();
    for (const [body, code, field] of [
      ['{"id": ', 'response.not_json', '$'],
      [response({ score: 9 }), 'response.out_of_scale', '$.score'],
      [response({ survey_id: 'no-such-survey' }), 'response.unknown_survey', '$.survey_id'],
      [response({ id: 'short' }), 'response.invalid', '$.id'],
      [response({ colour: 'red' }), 'response.unknown_key', '$.colour'],
    ]) {
      const answer = await post(body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.match(answer.headers.get('content-type'), /^application\/json/);
      const { ok, error } = await answer.json();
      assert.equal(ok, false);
      assert.equal(error.code, code);
      assert.equal(error.path, field);
      assert.ok(error.message.length > 10, error.message);
    }
    const tooLarge = await post(response({ comment: 'x'.repeat(100_000) }));
    assert.equal(tooLarge.status, 413);
    assert.equal((await tooLarge.json()).error.code, 'response.too_large');
    const form = await post(JSON.stringify(response()), { 'Content-Type': 'application/x-www-form-urlencoded' });
    assert.equal(form.status, 415);
    assert.equal((await form.json()).error.path, 'Content-Type');
    const foreign = await post(response(), { Origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal((await foreign.json()).error.code, 'cors.origin');
    assert.deepEqual(await server.collector.list(), []);
    // The pages' own origin (as the browser sends it), and a beacon's text/plain, are accepted.
    const beacon = await post(JSON.stringify(response({ id: 'eeeeeeee-0000-4000-8000-000000000001' })), { Origin: server.url, 'Content-Type': 'text/plain;charset=UTF-8' });
    assert.equal(beacon.status, 201);
  });

  test('GET lists the stored version of each response in arrival order, and the POSTs since clear()', async () => {
    await server.collector.clear();
    const first = response({ id: 'aaaaaaaa-0000-4000-8000-000000000001' });
    const second = response({ id: 'aaaaaaaa-0000-4000-8000-000000000002', survey_id: 'kb-helpful', score: 0, reasons: ['outdated'] });
    assert.equal((await post(first)).status, 201);
    assert.equal((await post(second)).status, 201);
    assert.equal((await post({ ...first, comment: 'Later', complete: true, updated_at: '2024-05-01T10:02:00.000Z' })).status, 200);
    const listed = await fetch(endpoint());
    assert.equal(listed.status, 200);
    assert.match(listed.headers.get('content-type'), /^application\/json/);
    const { responses, posts } = await listed.json();
    assert.equal(posts, 3);
    assert.deepEqual(responses.map((r) => [r.id, r.survey_id, r.comment, r.reasons]), [
      [first.id, 'post-chat', 'Later', []],
      [second.id, 'kb-helpful', null, ['outdated']],
    ]);
    // The same as the collector's own admin read.
    const own = await (await collectorGet('/v1/surveys/kb-helpful/responses')).json();
    assert.deepEqual(own.responses, [responses[1]]);
  });

  test('down: 503 and nothing reaches the collector; refuseWith: that status; other methods: 405', async () => {
    await server.collector.clear();
    server.collector.down = true;
    try {
      const down = await post(response({ id: 'bbbbbbbb-0000-4000-8000-000000000001' }));
      assert.equal(down.status, 503);
      assert.equal((await down.json()).error.code, 'unavailable');
    } finally {
      server.collector.down = false;
    }
    server.collector.refuseWith = 422;
    try {
      const refused = await post(response({ id: 'bbbbbbbb-0000-4000-8000-000000000002' }));
      assert.equal(refused.status, 422);
      assert.deepEqual((await refused.json()).error, { code: 'response.refused', path: '$.score', message: 'refused by the test' });
    } finally {
      server.collector.refuseWith = null;
    }
    assert.deepEqual(await server.collector.list(), []);
    assert.equal(server.collector.posts, 0);
    const summary = await (await collectorGet('/v1/surveys/post-chat/responses')).json();
    assert.equal(summary.responses.some((r) => r.id.startsWith('bbbbbbbb')), false);
    const put = await fetch(endpoint(), { method: 'PUT', body: '{}' });
    assert.equal(put.status, 405);
    assert.equal(put.headers.get('allow'), 'GET, POST');
  });

  test('accept(): a survey a test makes up is accepted after a restart on the same database and port', async () => {
    await server.collector.clear();
    const before = await post(response({ id: 'cccccccc-0000-4000-8000-000000000001' }));
    assert.equal(before.status, 201);
    const { port, pid } = server.collector;
    const unknown = await post(response({ id: 'cccccccc-0000-4000-8000-000000000002', survey_id: 'made-up' }));
    assert.equal(unknown.status, 400);
    const outcome = await server.collector.accept({ id: 'made-up', type: 'nps' }, '{"id": "broken", "type": "stars"}', 'not json');
    assert.deepEqual(outcome.accepted, ['made-up']);
    assert.deepEqual(outcome.refused.map((r) => r.id), ['broken', null]);
    assert.match(outcome.refused[0].message, /broken.*\$\.type/);
    assert.equal(server.collector.port, port);
    assert.notEqual(server.collector.pid, pid);
    assert.equal((await post(response({ id: 'cccccccc-0000-4000-8000-000000000002', survey_id: 'made-up', score: 10 }))).status, 201);
    // Nothing was lost by the restarts, and the same definition again changes nothing.
    assert.deepEqual((await server.collector.list()).map((r) => r.survey_id), ['post-chat', 'made-up']);
    const running = server.collector.pid;
    assert.deepEqual((await server.collector.accept({ id: 'made-up', type: 'nps' })).accepted, ['made-up']);
    assert.equal(server.collector.pid, running);
  });

  test('answers posted while a restart is under way wait for it and are stored', async () => {
    await server.collector.clear();
    const restarting = server.collector.accept({ id: 'while-restarting', type: 'csat' });
    const ids = Array.from({ length: 10 }, (_, n) => `dddddddd-0000-4000-8000-${String(n).padStart(12, '0')}`);
    const answers = await Promise.all(ids.map((id) => post(response({ id }))));
    await restarting;
    assert.deepEqual(answers.map((a) => a.status), ids.map(() => 201));
    assert.deepEqual((await server.collector.list()).map((r) => r.id).sort(), ids);
  });
});

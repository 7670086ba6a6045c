// POST /v1/responses against the real `csatkit serve`: validation, idempotency, versions, CORS,
// the admin token, the rate limit and the health endpoint.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { allowedOrigin, parseCsv, request, startCollector, widgetResponse } from './collector-harness.mjs';

let collector;
before(async () => {
  collector = await startCollector();
});
after(async () => {
  const { code } = await collector.stop();
  assert.equal(code, 0);
});

async function exportedRows(surveyId = 'post-chat') {
  const res = await collector.get(`/v1/surveys/${surveyId}/responses.csv`);
  assert.equal(res.status, 200);
  return parseCsv(res.text);
}

describe('validation names the field', () => {
  const cases = [
    ['an unknown survey', { survey_id: 'no-such-survey' }, 'response.unknown_survey', '$.survey_id'],
    ['a score above the scale', { score: 6 }, 'response.out_of_scale', '$.score'],
    ['a score below the scale', { score: 0 }, 'response.out_of_scale', '$.score'],
    ['a fractional score', { score: 3.5 }, 'response.invalid', '$.score'],
    ['a score as text', { score: '4' }, 'response.invalid', '$.score'],
    ['a comment longer than follow_up.max_length', { comment: 'x'.repeat(1001) }, 'response.too_long', '$.comment'],
    ['a bucket that disagrees with the score', { score: 1, bucket: 'positive' }, 'response.mismatch', '$.bucket'],
    ['the wrong scale', { scale: 'nps' }, 'response.mismatch', '$.scale'],
    ['a missing id', { id: undefined }, 'response.invalid', '$.id'],
    ['an id with a slash', { id: 'abcdefgh/123' }, 'response.invalid', '$.id'],
    ['an unknown key', { colour: 'red' }, 'response.unknown_key', '$.colour'],
    ['a reason the survey does not offer', { reasons: ['pricing'] }, 'response.mismatch', '$.reasons[0]'],
    ['a created_at that is not a date', { created_at: 'yesterday' }, 'response.invalid', '$.created_at'],
    ['complete as text', { complete: 'yes' }, 'response.invalid', '$.complete'],
    ['a URL over 2 KB', { url: `https://shop.example/${'a'.repeat(2100)}` }, 'response.too_long', '$.url'],
  ];
  for (const [name, overrides, code, path] of cases) {
    test(name, async () => {
      const body = widgetResponse(overrides);
      const res = await collector.post(body);
      assert.equal(res.status, 400, res.text);
      assert.equal(res.json.ok, false);
      assert.equal(res.json.error.code, code);
      assert.equal(res.json.error.path, path);
      assert.ok(res.json.error.message.length > 10);
    });
  }

  test('a comment at exactly max_length code points is accepted (emoji count as one)', async () => {
    const res = await collector.post(widgetResponse({ survey_id: 'short-note', scale: 'emoji3', score: 1, bucket: 'negative', label: 'Unhappy', comment: '😀'.repeat(20) }));
    assert.equal(res.status, 201, res.text);
    const over = await collector.post(widgetResponse({ survey_id: 'short-note', scale: 'emoji3', score: 1, bucket: 'negative', label: 'Unhappy', comment: '😀'.repeat(21) }));
    assert.equal(over.status, 400);
    assert.equal(over.json.error.path, '$.comment');
  });

  test('a helpful "No" with the survey\'s reasons is stored with them', async () => {
    const body = widgetResponse({ survey_id: 'kb-article', type: 'helpful', scale: 'helpful', score: 0, bucket: 'negative', label: 'No', reasons: ['outdated', 'unclear'], complete: true });
    const res = await collector.post(body);
    assert.equal(res.status, 201, res.text);
    const row = (await exportedRows('kb-article')).find((r) => r.id === body.id);
    assert.equal(row.reasons, 'outdated;unclear');
    assert.equal(row.bucket, 'negative');
  });

  test('a body that is not JSON, or not in a JSON content type, is refused', async () => {
    const notJson = await collector.post('{"id": "abc');
    assert.equal(notJson.status, 400);
    assert.equal(notJson.json.error.code, 'response.not_json');
    const form = await collector.post(JSON.stringify(widgetResponse()), { 'Content-Type': 'application/x-www-form-urlencoded' });
    assert.equal(form.status, 415);
    assert.equal(form.json.error.path, 'Content-Type');
  });
});

describe('idempotency by response id', () => {
  test('the same response twice is one row: 201 then 200 duplicate', async () => {
    const body = widgetResponse();
    const first = await collector.post(body);
    const second = await collector.post(body);
    assert.equal(first.status, 201);
    assert.deepEqual(first.json.value, { id: body.id, status: 'created' });
    assert.equal(second.status, 200);
    assert.equal(second.json.value.status, 'duplicate');
    const rows = (await exportedRows()).filter((r) => r.id === body.id);
    assert.equal(rows.length, 1);
  });

  test('the same response 25 times at once is still one row, created exactly once', async () => {
    const body = widgetResponse();
    const answers = await Promise.all(Array.from({ length: 25 }, () => collector.post(body)));
    const statuses = answers.map((a) => a.json.value.status).sort();
    assert.deepEqual(answers.map((a) => a.status).filter((s) => s === 201), [201]);
    assert.equal(statuses.filter((s) => s === 'created').length, 1);
    assert.equal(statuses.filter((s) => s === 'duplicate').length, 24);
    assert.equal((await exportedRows()).filter((r) => r.id === body.id).length, 1);
  });

  test('a later version with the comment updates the same row', async () => {
    const first = widgetResponse({ score: 2, bucket: 'negative', label: 'Dissatisfied' });
    assert.equal((await collector.post(first)).status, 201);
    const final = { ...first, comment: 'The agent, "Sam", was late;\nvery late', complete: true, updated_at: '2024-05-01T10:01:00.000Z' };
    const res = await collector.post(final);
    assert.equal(res.status, 200);
    assert.equal(res.json.value.status, 'updated');
    const rows = (await exportedRows()).filter((r) => r.id === first.id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].comment, final.comment);
    assert.equal(rows[0].complete, 'true');
  });

  test('a stale copy never overwrites a newer complete version', async () => {
    const first = widgetResponse({ score: 5, bucket: 'positive', label: 'Very satisfied' });
    const final = { ...first, comment: 'great', complete: true, updated_at: '2024-05-01T10:02:00.000Z' };
    assert.equal((await collector.post(final)).status, 201);
    const late = await collector.post(first); // the first delivery, arriving last (a beacon)
    assert.equal(late.status, 200);
    assert.equal(late.json.value.status, 'stale');
    const olderComplete = await collector.post({ ...final, comment: 'older', updated_at: '2024-05-01T10:01:00.000Z' });
    assert.equal(olderComplete.json.value.status, 'stale');
    const row = (await exportedRows()).find((r) => r.id === first.id);
    assert.equal(row.comment, 'great');
    assert.equal(row.complete, 'true');
  });

  test('the same id under another survey is a 409 conflict, and the first stays', async () => {
    const body = widgetResponse();
    assert.equal((await collector.post(body)).status, 201);
    const other = await collector.post({ ...body, survey_id: 'short-note', scale: 'emoji3', score: 3, bucket: 'positive', label: 'Happy' });
    assert.equal(other.status, 409);
    assert.equal(other.json.error.path, '$.id');
    assert.equal((await exportedRows('short-note')).filter((r) => r.id === body.id).length, 0);
  });
});

describe('CORS', () => {
  test('a configured origin gets Access-Control-Allow-Origin on its POST', async () => {
    const res = await collector.post(widgetResponse(), { Origin: allowedOrigin });
    assert.equal(res.status, 201);
    assert.equal(res.headers['access-control-allow-origin'], allowedOrigin);
    assert.match(res.headers.vary, /Origin/);
  });

  test('another origin is refused with 403 and no CORS header, and nothing is stored', async () => {
    const body = widgetResponse();
    const res = await collector.post(body, { Origin: 'https://evil.example' });
    assert.equal(res.status, 403);
    assert.equal(res.json.error.code, 'cors.origin');
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    assert.equal((await exportedRows()).filter((r) => r.id === body.id).length, 0);
  });

  test('preflight: allowed origin gets methods and headers; another origin gets 403', async () => {
    const headers = { Origin: allowedOrigin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' };
    const ok = await request(collector.url, 'OPTIONS', '/v1/responses', { headers });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers['access-control-allow-origin'], allowedOrigin);
    assert.match(ok.headers['access-control-allow-methods'], /POST/);
    assert.match(ok.headers['access-control-allow-headers'], /Content-Type/i);
    const denied = await request(collector.url, 'OPTIONS', '/v1/responses', { headers: { ...headers, Origin: 'https://evil.example' } });
    assert.equal(denied.status, 403);
    assert.equal(denied.headers['access-control-allow-origin'], undefined);
  });

  test('a sendBeacon post (text/plain, no preflight) is accepted', async () => {
    const body = widgetResponse();
    const res = await collector.post(JSON.stringify(body), { 'Content-Type': 'text/plain;charset=UTF-8', Origin: allowedOrigin });
    assert.equal(res.status, 201, res.text);
    assert.equal((await exportedRows()).filter((r) => r.id === body.id).length, 1);
  });
});

describe('admin token', () => {
  for (const route of ['/v1/surveys/post-chat/summary', '/v1/surveys/post-chat/responses.csv']) {
    test(`${route}: 401 without a token, 403 with a wrong one, 200 with the right one`, async () => {
      const none = await collector.get(route, {});
      assert.equal(none.status, 401);
      assert.equal(none.headers['www-authenticate'], 'Bearer');
      assert.equal(none.json.error.code, 'auth.required');
      const wrong = await collector.get(route, { Authorization: 'Bearer not-the-token' });
      assert.equal(wrong.status, 403);
      assert.equal(wrong.json.error.code, 'auth.invalid');
      const right = await collector.get(route);
      assert.equal(right.status, 200);
    });
  }

  test('an unknown survey in a read is a 404 naming it', async () => {
    const res = await collector.get('/v1/surveys/nope/summary');
    assert.equal(res.status, 404);
    assert.match(res.json.error.message, /nope/);
  });
});

test('healthz answers without a token; unknown paths get a JSON 404', async () => {
  const health = await collector.get('/healthz', {});
  assert.equal(health.status, 200);
  assert.equal(health.json.value.status, 'ok');
  assert.deepEqual(health.json.value.surveys, ['post-chat', 'kb-article', 'short-note']);
  const missing = await collector.get('/v2/whatever', {});
  assert.equal(missing.status, 404);
  assert.equal(missing.json.error.code, 'http.not_found');
});

test('every request is one JSON log line on stderr', () => {
  const requests = collector.logs.filter((entry) => entry.event === 'request');
  assert.ok(requests.length > 10);
  for (const entry of requests) {
    assert.equal(typeof entry.ts, 'string');
    assert.equal(typeof entry.status, 'number');
    assert.equal(typeof entry.ms, 'number');
    assert.equal(entry.ip, '127.0.0.1');
  }
  assert.equal(collector.logs.filter((entry) => entry.event === 'unparsed').length, 0);
});

describe('rate limit', () => {
  test('beyond the burst a client gets 429 with Retry-After; other routes stay limited too', async () => {
    const limited = await startCollector({ args: ['--rate-limit', '1', '--rate-burst', '3'] });
    try {
      const answers = [];
      for (let i = 0; i < 5; i += 1) answers.push(await limited.post(widgetResponse()));
      assert.deepEqual(answers.map((a) => a.status), [201, 201, 201, 429, 429]);
      const refused = answers[3];
      assert.equal(refused.json.error.code, 'rate.limited');
      const retryAfter = Number(refused.headers['retry-after']);
      assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      assert.equal((await limited.get('/v1/surveys/post-chat/summary')).status, 429);
      assert.equal((await limited.get('/healthz', {})).status, 200); // health checks are never limited
    } finally {
      assert.equal((await limited.stop()).code, 0);
    }
  });
});

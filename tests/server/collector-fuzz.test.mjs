// Malformed and oversized bodies never crash the collector and always get a 4xx JSON error:
// a fixed corpus (truncations, wrong types, huge strings, invalid UTF-8, deep nesting) plus
// seeded random byte mutations of a valid response.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { startCollector, widgetResponse } from './collector-harness.mjs';

let collector;
before(async () => {
  collector = await startCollector({ args: ['--quiet'] });
});
after(async () => {
  assert.equal((await collector.stop()).code, 0);
});

/** Posts raw bytes; the answer must be a 4xx with a JSON error, or a 2xx for a body that is valid. */
async function expectHandled(body, label, { allowOk = false } = {}) {
  const res = await collector.post(body);
  if (allowOk && res.status >= 200 && res.status < 300) return res;
  assert.ok(res.status >= 400 && res.status < 500, `${label}: status ${res.status} ${res.text.slice(0, 200)}`);
  assert.equal(res.json?.ok, false, `${label}: JSON error body`);
  assert.equal(typeof res.json.error.code, 'string');
  assert.equal(typeof res.json.error.path, 'string');
  return res;
}

async function stillServing() {
  const health = await collector.get('/healthz', {});
  assert.equal(health.status, 200);
  assert.equal((await collector.post(widgetResponse())).status, 201);
  assert.equal(collector.child.exitCode, null);
}

test('truncated JSON at every length is refused as not JSON', async () => {
  const text = JSON.stringify(widgetResponse({ comment: 'half a "quote" and ünïcødé' }));
  for (let length = 0; length < text.length; length += 3) {
    const res = await expectHandled(text.slice(0, length), `prefix ${length}`);
    assert.ok(['response.not_json', 'response.invalid'].includes(res.json.error.code), res.json.error.code);
  }
  await stillServing();
});

test('every field with every wrong type is refused naming that field', async () => {
  const wrongValues = [[], {}, 123456789012, -1, 1.5, true, 'text', { nested: { deeper: [1, 2, 3] } }];
  const valid = widgetResponse();
  for (const key of Object.keys(valid)) {
    for (const wrong of wrongValues) {
      const body = { ...valid, id: widgetResponse().id, [key]: wrong };
      const res = await collector.post(body);
      if (res.status >= 200 && res.status < 300) continue; // e.g. context {} or user_id 123456789012 are valid
      assert.equal(res.status, 400, `${key}=${JSON.stringify(wrong)}: ${res.status} ${res.text}`);
      assert.ok(res.json.error.path.startsWith(`$.${key}`) || (key === 'id' && res.json.error.path === '$.id'), `${key}: path ${res.json.error.path}`);
    }
  }
  await stillServing();
});

test('non-object JSON values are refused at $', async () => {
  for (const body of ['null', '42', '"a string"', '[1,2,3]', 'true', '{}', '{"id":null}']) {
    const res = await expectHandled(body, body);
    assert.ok(res.json.error.path.startsWith('$'), body);
  }
});

test('huge bodies get 413 and huge fields get 400 naming the field', async () => {
  const tooLarge = await expectHandled(JSON.stringify(widgetResponse({ comment: 'x'.repeat(200 * 1024) })), '200 KB comment');
  assert.equal(tooLarge.status, 413);
  const megabyte = await expectHandled('a'.repeat(1024 * 1024), '1 MB of text');
  assert.equal(megabyte.status, 413);
  for (const key of ['touchpoint', 'user_id', 'locale', 'referrer']) {
    const res = await expectHandled(widgetResponse({ [key]: 'y'.repeat(10000) }), `huge ${key}`);
    assert.equal(res.json.error.path, `$.${key}`);
    assert.equal(res.json.error.code, 'response.too_long');
  }
  const bigContext = await expectHandled(widgetResponse({ context: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i])) }), 'context keys');
  assert.equal(bigContext.json.error.path, '$.context');
  await stillServing();
});

test('deep nesting is refused before parsing', async () => {
  for (const depth of [9, 100, 30000]) {
    const nested = '['.repeat(depth) + ']'.repeat(depth);
    const res = await expectHandled(nested, `depth ${depth}`);
    assert.equal(res.json.error.code, 'response.too_deep');
    const inContext = `{"id":"deep-nesting-1","survey_id":"post-chat","score":4,"context":{"a":${'{"b":'.repeat(depth)}1${'}'.repeat(depth)}}}`;
    const inField = await expectHandled(inContext, `context depth ${depth}`);
    assert.ok(['response.too_deep', 'response.too_large'].includes(inField.json.error.code));
  }
  await stillServing();
});

test('invalid UTF-8 anywhere is refused as not JSON', async () => {
  const valid = Buffer.from(JSON.stringify(widgetResponse({ comment: 'PLACEHOLDER' })));
  const at = valid.indexOf('PLACEHOLDER');
  const badSequences = [
    [0xff], // never valid
    [0xc0, 0xaf], // overlong "/"
    [0xed, 0xa0, 0x80], // an encoded surrogate
    [0xe2, 0x82], // truncated 3-byte sequence
    [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
    [0x80], // a lone continuation byte
  ];
  for (const bytes of badSequences) {
    const body = Buffer.concat([valid.subarray(0, at), Buffer.from(bytes), valid.subarray(at + 'PLACEHOLDER'.length)]);
    const res = await expectHandled(body, `bytes ${bytes.map((b) => b.toString(16)).join(' ')}`);
    assert.equal(res.json.error.code, 'response.not_json');
  }
  const nul = await expectHandled(Buffer.from('{"id":"\u0000\u0000"}\u0000'), 'NUL bytes');
  assert.equal(nul.status, 400);
  await stillServing();
});

test('500 seeded random mutations of a valid response: never a 5xx, never a crash', async () => {
  // xorshift32 with a fixed seed: the same corpus on every run.
  let seed = 0x2545f491;
  const random = (n) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const base = Buffer.from(JSON.stringify(widgetResponse({ comment: 'was fine', reasons: [] })));
  const statuses = new Map();
  for (let i = 0; i < 500; i += 1) {
    const body = Buffer.from(base);
    const edits = 1 + random(4);
    for (let e = 0; e < edits; e += 1) body[random(body.length)] = random(256);
    const res = await expectHandled(body, `mutation ${i}`, { allowOk: true });
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  }
  assert.ok((statuses.get(400) ?? 0) > 100, JSON.stringify([...statuses]));
  await stillServing();
});

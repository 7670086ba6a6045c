// What a 2xx promises: the response is committed. kill -9 the instant after an acknowledgement
// loses nothing; SIGTERM finishes in-flight requests and exits 0.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseCsv, startCollector, tempDir, widgetResponse } from './collector-harness.mjs';

async function storedIds(collector) {
  const res = await collector.get('/v1/surveys/post-chat/responses.csv');
  assert.equal(res.status, 200);
  return new Set(parseCsv(res.text).map((row) => row.id));
}

test('kill -9 right after a 2xx loses no acknowledged response', { timeout: 60000 }, async () => {
  const dir = tempDir();
  // Each batch waits 5 ms before its COMMIT (a test-only knob), so the kill lands while a batch
  // is written but not committed: an acknowledgement sent before COMMIT would be caught losing it.
  const first = await startCollector({ dir, args: ['--quiet'], env: { CSATKIT_TEST_COMMIT_DELAY_MS: '5' } });
  const responses = Array.from({ length: 400 }, () => widgetResponse());
  const acknowledged = [];
  const killAfter = 150;
  // All at once: the writer is mid-batch when the kill lands, with more requests still queued.
  const answers = responses.map((response) =>
    first.post(response).then((res) => {
      if (res.status >= 200 && res.status < 300) {
        acknowledged.push(response.id);
        if (acknowledged.length === killAfter) first.child.kill('SIGKILL');
      }
      return res.status;
    }),
  );
  await Promise.allSettled(answers);
  assert.equal((await first.exited).signal, 'SIGKILL');
  assert.ok(acknowledged.length >= killAfter, `${acknowledged.length} acknowledged`);

  const second = await startCollector({ dir });
  try {
    const stored = await storedIds(second);
    const lost = acknowledged.filter((id) => !stored.has(id));
    assert.deepEqual(lost, []);
    assert.ok(stored.size <= responses.length);
  } finally {
    assert.equal((await second.stop()).code, 0);
  }
});

test('SIGTERM: in-flight requests are answered, the writer is flushed, exit code 0', { timeout: 60000 }, async () => {
  const dir = tempDir();
  const first = await startCollector({ dir, args: ['--quiet'] });
  const responses = Array.from({ length: 200 }, () => widgetResponse());
  const acknowledged = [];
  const outcomes = await Promise.allSettled(
    responses.map((response) =>
      first.post(response).then((res) => {
        if (res.status >= 200 && res.status < 300) {
          acknowledged.push(response.id);
          if (acknowledged.length === 50) first.child.kill('SIGTERM');
        } else {
          // Only "shutting down" may be refused, never a half-stored response.
          assert.equal(res.status, 503, res.text);
        }
        return res.status;
      }),
    ),
  );
  const { code, signal } = await first.exited;
  assert.equal(code, 0);
  assert.equal(signal, null);
  assert.ok(first.logs.some((e) => e.event === 'signal' && e.signal === 'SIGTERM'));
  const stopped = first.logs.find((e) => e.event === 'stopped');
  assert.ok(stopped, 'logs a stopped line');
  // Requests that were never accepted fail to connect; none is answered with a server error.
  for (const outcome of outcomes) {
    if (outcome.status === 'rejected') assert.match(String(outcome.reason?.code ?? outcome.reason), /ECONNREFUSED|ECONNRESET|EPIPE/);
  }

  const second = await startCollector({ dir });
  try {
    const stored = await storedIds(second);
    assert.deepEqual(acknowledged.filter((id) => !stored.has(id)), []);
    assert.equal(stored.size, stopped.writes); // everything the writer committed is there
  } finally {
    assert.equal((await second.stop()).code, 0);
  }
});

test('SIGINT stops it cleanly too', async () => {
  const collector = await startCollector();
  assert.equal((await collector.post(widgetResponse())).status, 201);
  const { code } = await collector.stop('SIGINT');
  assert.equal(code, 0);
  assert.ok(collector.logs.some((e) => e.event === 'signal' && e.signal === 'SIGINT'));
});

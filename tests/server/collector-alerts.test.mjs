// Service-recovery alerts: an unhappy response is POSTed to a local webhook receiver, retried
// with backoff while the receiver fails, and still delivered after the collector restarts.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, test } from 'node:test';

import { startCollector, tempDir, widgetResponse } from './collector-harness.mjs';

/** A webhook receiver on 127.0.0.1 that answers with `statuses` in turn (then 200). */
function startReceiver({ port = 0, statuses = [] } = {}) {
  const received = [];
  const waiters = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url, contentType: req.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      const status = statuses.shift() ?? 200;
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(status === 200 ? 'ok' : 'failing on purpose');
      for (const waiter of [...waiters]) {
        if (received.length >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      resolve({
        port: server.address().port,
        received,
        /** Resolves once `count` requests arrived (the test runner's timeout bounds the wait). */
        until: (count) => (received.length >= count ? Promise.resolve() : new Promise((r) => waiters.push({ count, resolve: r }))),
        close: () => new Promise((r) => server.close(r)),
      });
    });
  });
}

/** Resolves when a log line matching `predicate` has been written by the collector. */
async function logged(collector, predicate) {
  while (!collector.logs.some(predicate)) await new Promise((r) => setTimeout(r, 20));
}

const fastRetry = { first_ms: 50, max_ms: 400, max_attempts: 10 };
const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test('an unhappy response is delivered to the webhook, retried when it first answers 500', { timeout: 30000 }, async () => {
  const receiver = await startReceiver({ statuses: [500, 503] });
  cleanups.push(receiver.close);
  const collector = await startCollector({
    config: { alerts: [{ url: `http://127.0.0.1:${receiver.port}/hooks/csat?team=support`, buckets: ['negative'] }], alert_retry: fastRetry },
  });
  cleanups.push(() => collector.stop());

  const happy = widgetResponse({ score: 5, bucket: 'positive', label: 'Very satisfied' });
  const unhappy = widgetResponse({ score: 1, bucket: 'negative', label: 'Very dissatisfied', comment: 'Nobody answered', user_id: 'u-42' });
  assert.equal((await collector.post(happy)).status, 201);
  assert.equal((await collector.post(unhappy)).status, 201);
  // The same response again (a retry) queues no second alert.
  assert.equal((await collector.post(unhappy)).json.value.status, 'duplicate');

  await receiver.until(3);
  assert.equal(receiver.received.length, 3);
  for (const delivery of receiver.received) {
    assert.equal(delivery.path, '/hooks/csat?team=support');
    assert.match(delivery.contentType, /application\/json/);
    assert.equal(delivery.body.type, 'csatkit.alert');
    assert.equal(delivery.body.response_id, unhappy.id);
    assert.equal(delivery.body.score, 1);
    assert.equal(delivery.body.scale_max, 5);
    assert.equal(delivery.body.comment, 'Nobody answered');
    assert.equal(delivery.body.user_id, 'u-42');
    assert.equal(delivery.body.response.id, unhappy.id);
  }
  await logged(collector, (e) => e.event === 'alert_delivered');
  const failures = collector.logs.filter((e) => e.event === 'alert_failed');
  assert.deepEqual(failures.map((e) => e.error), ['HTTP 500', 'HTTP 503']);
  assert.deepEqual(failures.map((e) => e.retry_in_ms), [50, 100]); // exponential backoff
  const health = await collector.get('/healthz', {});
  assert.equal(health.json.value.alerts_delivered, 1);
});

test('Slack-shaped alerts match by score and carry escaped text', { timeout: 30000 }, async () => {
  const receiver = await startReceiver();
  cleanups.push(receiver.close);
  const collector = await startCollector({
    args: ['--alert-webhook', `http://127.0.0.1:${receiver.port}/slack`, '--alert-on', '2', '--alert-format', 'slack'],
  });
  cleanups.push(() => collector.stop());
  assert.equal((await collector.post(widgetResponse({ score: 1, bucket: 'negative', label: 'Very dissatisfied' }))).status, 201);
  const two = widgetResponse({ score: 2, bucket: 'negative', label: 'Dissatisfied', comment: 'A & B <script>' });
  assert.equal((await collector.post(two)).status, 201);
  await receiver.until(1);
  await logged(collector, (e) => e.event === 'alert_delivered');
  assert.equal(receiver.received.length, 1); // score 1 is not in --alert-on 2
  const { text } = receiver.received[0].body;
  assert.deepEqual(Object.keys(receiver.received[0].body), ['text']);
  assert.match(text, /score 2\/5 \(Dissatisfied\)/);
  assert.match(text, /A &amp; B &lt;script&gt;/);
  assert.match(text, new RegExp(two.id));
});

test('alerts queued while the webhook is down survive a restart of the collector', { timeout: 30000 }, async () => {
  // A port that nothing listens on yet: the receiver comes up only after the restart.
  const probe = await startReceiver();
  const port = probe.port;
  await probe.close();

  const dir = tempDir();
  const config = { alerts: [{ url: `http://127.0.0.1:${port}/later`, buckets: ['negative'] }], alert_retry: fastRetry };
  const first = await startCollector({ dir, config });
  const unhappy = widgetResponse({ score: 2, bucket: 'negative', label: 'Dissatisfied' });
  assert.equal((await first.post(unhappy)).status, 201);
  await logged(first, (e) => e.event === 'alert_failed');
  assert.equal((await first.kill9()).signal, 'SIGKILL');

  const receiver = await startReceiver({ port });
  cleanups.push(receiver.close);
  const second = await startCollector({ dir, config });
  cleanups.push(() => second.stop());
  await receiver.until(1);
  assert.equal(receiver.received[0].body.response_id, unhappy.id);
  await logged(second, (e) => e.event === 'alert_delivered');
  assert.equal(receiver.received.length, 1);
});

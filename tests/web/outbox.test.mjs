// The widget's outbox (web/widget/outbox.js) under Node, without a browser: what several tabs
// sharing one stored outbox must get right, with the browser's parts replaced by fakes that
// behave like them — one localStorage shared by every "tab" (an Outbox each), Web Locks granted
// one at a time in request order, and a fetch whose answers the test gives when it chooses.
// This localStorage is coherent at once, Chromium's is not (outbox.js, top): the margin kept for
// that is checked by tests/browser/widget-outbox-tabs.test.mjs, in Chromium with real tabs.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';

import { Outbox, newResponseId } from '../../web/widget/outbox.js';

const ENDPOINT = '/api/csat';
const OTHER_ENDPOINT = 'https://collector.example/v1/responses';
const id = (n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const response = (n, extra = {}) => ({ id: id(n), survey_id: 'unit', score: 4, ...extra });
const stored = () => JSON.parse(globalThis.localStorage.getItem('csatkit:outbox') || '[]');
const storedIds = () => stored().map((item) => item.id);
/** Lets every pending promise and zero-delay task run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** localStorage: one string store shared by every Outbox, as tabs of one origin share it. */
function fakeStorage() {
  const values = new Map();
  return {
    getItem: (key) => (values.has(key) ? values.get(key) : null),
    setItem: (key, value) => values.set(key, String(value)),
    removeItem: (key) => values.delete(key),
  };
}

/** navigator.locks: request(name, task) runs task once every earlier request for name is done. */
function fakeLocks() {
  const tails = new Map();
  const locks = {
    held: 0,
    mostHeld: 0,
    request(name, task) {
      const run = (tails.get(name) ?? Promise.resolve()).then(async () => {
        locks.held += 1;
        locks.mostHeld = Math.max(locks.mostHeld, locks.held);
        try {
          return await task();
        } finally {
          locks.held -= 1;
        }
      });
      tails.set(name, run.catch(() => {}));
      return run;
    },
  };
  return locks;
}

/**
 * fetch: records each call ({body, signal, answer(status, json)}) and answers only when the
 * test says so (`autoAnswer`: at once, with that status). A call whose signal aborts rejects
 * the way fetch does.
 */
function fakeFetch() {
  const calls = [];
  const fetcher = {
    calls,
    autoAnswer: null,
    sentIds: () => calls.map((call) => JSON.parse(call.body).id),
    fetch(url, init) {
      assert.ok(url === ENDPOINT || url === OTHER_ENDPOINT, url);
      return new Promise((resolve, reject) => {
        const call = {
          url,
          body: init.body,
          signal: init.signal,
          answer: (status, json) => resolve(new Response(json === undefined ? null : JSON.stringify(json), { status })),
        };
        calls.push(call);
        init.signal?.addEventListener('abort', () => reject(init.signal.reason));
        if (fetcher.autoAnswer) setTimeout(() => call.answer(fetcher.autoAnswer), 0);
      });
    },
  };
  return fetcher;
}

describe('the outbox shared by several tabs', () => {
  let network;
  let outboxes;
  let consoleErrors;
  let events; // the window's, for addEventListener
  const saved = {};
  const tab = () => {
    const outbox = new Outbox({ endpoint: ENDPOINT, storageAllowed: true });
    outboxes.push(outbox);
    return outbox;
  };
  const seed = (...numbers) =>
    globalThis.localStorage.setItem(
      'csatkit:outbox',
      JSON.stringify(numbers.map((n) => ({ id: id(n), body: JSON.stringify(response(n)), attempts: 1, due: 0 }))),
    );

  beforeEach(() => {
    for (const name of ['localStorage', 'navigator', 'fetch', 'addEventListener']) saved[name] = Object.getOwnPropertyDescriptor(globalThis, name);
    saved.consoleError = console.error;
    events = new EventTarget();
    network = fakeFetch();
    outboxes = [];
    consoleErrors = [];
    console.error = (text) => consoleErrors.push(text);
    const define = (name, value) => Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
    define('localStorage', fakeStorage());
    define('navigator', { locks: fakeLocks(), sendBeacon: () => true });
    define('fetch', (url, init) => network.fetch(url, init));
    define('addEventListener', events.addEventListener.bind(events));
  });

  afterEach(async () => {
    // Nothing may be left to retry once the test is over: every outbox stops with an empty store.
    network.autoAnswer = 201;
    for (const call of network.calls) call.answer(201);
    await Promise.all(outboxes.map((outbox) => outbox.flush()));
    globalThis.localStorage.setItem('csatkit:outbox', '[]');
    for (const outbox of outboxes) outbox.stop();
    console.error = saved.consoleError;
    for (const [name, descriptor] of Object.entries(saved)) {
      if (name === 'consoleError') continue;
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete globalThis[name];
    }
  });

  test('two tabs flushing the same stored items at once: each item is sent once', async () => {
    seed(1, 2, 3);
    network.autoAnswer = 201;
    const [a, b] = [tab(), tab()];
    await Promise.all([a.flush(), b.flush(), a.flush({ all: true }), b.flush({ all: true })]);
    assert.deepEqual(network.sentIds().sort(), [id(1), id(2), id(3)]);
    assert.deepEqual(stored(), []);
    assert.equal(navigator.locks.mostHeld, 1, 'one round at a time');
  });

  test('an item another tab is sending is not sent again, and is gone once delivered', async () => {
    seed(1);
    const [a, b] = [tab(), tab()];
    const first = a.flush();
    await settle();
    assert.equal(network.calls.length, 1);
    const second = b.flush({ all: true }); // waits for the lock
    await settle();
    assert.equal(network.calls.length, 1, 'the waiting tab sends nothing yet');
    network.calls[0].answer(201);
    await Promise.all([first, second]);
    assert.deepEqual(network.sentIds(), [id(1)]);
    assert.deepEqual(stored(), []);
  });

  test('a response another tab queues during a send is kept when the send’s result is written', async () => {
    seed(1);
    const [a, b] = [tab(), tab()];
    const sending = a.flush();
    await settle();
    const queued = b.put(response(2)); // stored at once; its round waits for the lock
    assert.deepEqual(storedIds(), [id(1), id(2)]);
    network.calls[0].answer(201);
    await sending;
    assert.deepEqual(storedIds(), [id(2)], 'the delivered item was removed by id; the other tab’s stayed');
    await settle();
    network.calls[1].answer(201);
    await queued;
    assert.deepEqual(network.sentIds(), [id(1), id(2)]);
    assert.deepEqual(stored(), []);
  });

  test('a failed send updates its own item only, and keeps a newer version queued meanwhile', async () => {
    seed(1, 2);
    const [a, b] = [tab(), tab()];
    const sending = a.flush();
    await settle();
    b.put(response(2, { comment: 'newer' })); // the update of item 2, during its send
    for (const call of network.calls) call.answer(503);
    await sending;
    const [one, two] = stored();
    assert.equal(one.id, id(1));
    assert.equal(one.attempts, 2, 'retried later');
    assert.ok(one.due > Date.now());
    assert.equal(JSON.parse(two.body).comment, 'newer', 'the newer version stayed');
    assert.equal(two.attempts, 0);
    // The other tab's round (started by its put) sends what is due now: the newer version only.
    await settle();
    assert.deepEqual(network.calls.slice(2).map((call) => JSON.parse(call.body).comment), ['newer'], 'only the newer version goes next');
    network.calls[2].answer(201);
    await b.flush();
    assert.deepEqual(storedIds(), [id(1)]);
  });

  test('a send without an answer is given up after 30 s and frees the lock for the next round', async () => {
    const timeouts = [];
    const timeout = Object.getOwnPropertyDescriptor(AbortSignal, 'timeout');
    // AbortSignal.timeout(ms), aborted when the test says the time has come.
    AbortSignal.timeout = (ms) => {
      const controller = new AbortController();
      timeouts.push({ ms, fire: () => controller.abort(new DOMException('timed out', 'TimeoutError')) });
      return controller.signal;
    };
    try {
      seed(1);
      const [a, b] = [tab(), tab()];
      const hanging = a.flush();
      await settle();
      const waiting = b.flush({ all: true });
      assert.deepEqual(timeouts.map((t) => t.ms), [30_000]);
      timeouts[0].fire();
      await hanging;
      assert.equal(stored()[0].attempts, 2, 'counted as a failed attempt');
      await settle();
      assert.equal(network.calls.length, 2, 'the other tab got the lock and retried it');
      network.calls[1].answer(201);
      await waiting;
      assert.deepEqual(stored(), []);
    } finally {
      Object.defineProperty(AbortSignal, 'timeout', timeout);
    }
  });

  test('without Web Locks, the rounds of one page still go one at a time', async () => {
    globalThis.navigator = { sendBeacon: () => true };
    seed(1, 2);
    const outbox = tab();
    const first = outbox.flush();
    await settle();
    assert.deepEqual(network.sentIds(), [id(1), id(2)]);
    // While 1 and 2 are on their way: another round (the `online` event) and a new answer.
    const second = outbox.flush({ all: true });
    const third = outbox.put(response(3));
    await settle();
    assert.deepEqual(network.sentIds(), [id(1), id(2)], 'the later rounds wait');
    for (const call of network.calls) call.answer(201);
    await first;
    await settle();
    assert.deepEqual(network.sentIds(), [id(1), id(2), id(3)], 'the next round sends only what is still queued');
    network.calls[2].answer(201);
    await Promise.all([second, third]);
    assert.deepEqual(network.sentIds(), [id(1), id(2), id(3)], 'the last round found nothing left');
    assert.deepEqual(stored(), []);
  });

  test('refused for good (422) with a body that is not an error object: dropped, the error says where and why', async () => {
    seed(1, 2);
    const outbox = tab();
    const round = outbox.flush();
    await settle();
    network.calls[0].answer(422, null);
    network.calls[1].answer(422, { error: { path: '$.score', message: 'out of range' } });
    await round;
    assert.deepEqual(stored(), []);
    assert.deepEqual(consoleErrors, [
      `csatkit: outbox.refused at $: the endpoint refused response ${id(1)} (HTTP 422); it was dropped`,
      `csatkit: outbox.refused at $.score: the endpoint refused response ${id(2)} (HTTP 422: out of range); it was dropped`,
    ]);
  });

  test('pagehide beacons every stored item as its JSON text (sent by the browser as text/plain)', async () => {
    seed(1, 2);
    const beacons = [];
    navigator.sendBeacon = (url, body) => beacons.push([url, body]) > 0;
    tab().beaconAll();
    assert.deepEqual(beacons, [
      [ENDPOINT, JSON.stringify(response(1))],
      [ENDPOINT, JSON.stringify(response(2))],
    ]);
    assert.deepEqual(storedIds(), [id(1), id(2)], 'kept until a 2xx is seen');
  });

  test('one pagehide, two surveys on the page: each item is beaconed once, to its own endpoint', () => {
    seed(1);
    const item = { id: id(2), endpoint: OTHER_ENDPOINT, body: JSON.stringify(response(2)), attempts: 0, due: 0 };
    globalThis.localStorage.setItem('csatkit:outbox', JSON.stringify([...stored(), item]));
    const beacons = [];
    navigator.sendBeacon = (url, body) => beacons.push([url, JSON.parse(body).id]) > 0;
    tab();
    tab();
    events.dispatchEvent(new Event('pagehide'));
    assert.deepEqual(beacons, [
      [ENDPOINT, id(1)],
      [OTHER_ENDPOINT, id(2)],
    ]);
    events.dispatchEvent(new Event('pagehide')); // hidden again after a return from the back/forward cache
    assert.equal(beacons.length, 4);
  });

  test('one pagehide: a survey still waiting for consent does not keep the stored items from being beaconed', async () => {
    seed(1);
    const beacons = [];
    navigator.sendBeacon = (url, body) => beacons.push(JSON.parse(body).id) > 0;
    // First to hear pagehide: an outbox whose storage is not allowed, holding one answer in memory.
    const waiting = new Outbox({ endpoint: ENDPOINT });
    outboxes.push(waiting);
    network.autoAnswer = 503;
    await waiting.put(response(2));
    tab();
    events.dispatchEvent(new Event('pagehide'));
    assert.deepEqual(beacons.sort(), [id(1), id(2)]);
  });

  test("a response goes to the endpoint it was queued for, even from a page whose survey posts elsewhere", async () => {
    const elsewhere = new Outbox({ endpoint: OTHER_ENDPOINT, storageAllowed: true });
    outboxes.push(elsewhere);
    network.autoAnswer = 503;
    await elsewhere.put(response(1));
    assert.deepEqual(stored().map((queued) => queued.endpoint), [OTHER_ENDPOINT]);
    // The next page's survey posts to /api/csat; the queued response still goes to the collector.
    network.autoAnswer = 201;
    await tab().flush({ all: true });
    assert.deepEqual(network.calls.map((call) => call.url), [OTHER_ENDPOINT, OTHER_ENDPOINT]);
    assert.deepEqual(stored(), []);
  });
});

describe('newResponseId', () => {
  const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  test('crypto.randomUUID where there is one', () => {
    assert.match(newResponseId(), v4);
  });

  test('where crypto.randomUUID is missing: v4 UUIDs from getRandomValues, all different', () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    const real = globalThis.crypto;
    Object.defineProperty(globalThis, 'crypto', { value: { getRandomValues: (array) => real.getRandomValues(array) }, configurable: true });
    try {
      const ids = Array.from({ length: 2000 }, newResponseId);
      for (const made of ids) assert.match(made, v4);
      assert.equal(new Set(ids).size, ids.length);
      // Every byte value shows as two hex digits (0 → "00"): all zero bytes but version and variant.
      Object.defineProperty(globalThis, 'crypto', { value: { getRandomValues: (array) => array.fill(0) }, configurable: true });
      assert.equal(newResponseId(), '00000000-0000-4000-8000-000000000000');
      Object.defineProperty(globalThis, 'crypto', { value: { getRandomValues: (array) => array.fill(255) }, configurable: true });
      assert.equal(newResponseId(), 'ffffffff-ffff-4fff-bfff-ffffffffffff');
    } finally {
      Object.defineProperty(globalThis, 'crypto', descriptor);
    }
  });
});

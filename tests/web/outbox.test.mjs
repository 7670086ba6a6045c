// The widget's outbox (web/widget/outbox.js) under Node, without a browser: what several tabs
// sharing one stored outbox must get right, and what each kind of storage failure and endpoint
// answer does (the policy at the top of outbox.js), with the browser's parts replaced by fakes
// that behave like them — one localStorage shared by every "tab" (an Outbox each), Web Locks
// granted one at a time in request order, and a fetch whose answers the test gives when it
// chooses. "A new page load" is a time before performance.timeOrigin (this process's start).
// This localStorage is coherent at once unless a test makes one tab read a stale copy of it, as
// Chromium's tabs do (outbox.js, top); tests/browser/widget-outbox-tabs.test.mjs checks the
// same in Chromium with real tabs.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';

import { Outbox, newResponseId } from '../../web/widget/outbox.js';

const ENDPOINT = '/api/csat';
const OTHER_ENDPOINT = 'https://collector.example/v1/responses';
const MINUTE = 60_000;
const id = (n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const response = (n, extra = {}) => ({ id: id(n), survey_id: 'unit', score: 4, ...extra });
const PREFIX = 'csatkit:outbox:';
/** The key of a queued version of a response: "csatkit:outbox:<id>:<at>". */
const keyOf = (item) => `${PREFIX}${item.id}:${item.at}`;
/** The stored items, oldest first. */
const stored = () =>
  Object.keys(globalThis.localStorage)
    .filter((key) => key.startsWith(PREFIX))
    .map((key) => JSON.parse(globalThis.localStorage.getItem(key)))
    .sort((a, b) => a.at - b.at);
const storedIds = () => stored().map((item) => item.id);
/** Lets every pending promise and zero-delay task run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * localStorage: one string store shared by every Outbox, as tabs of one origin share it, its keys
 * listed by Object.keys as the browser's are. `copy()` takes a copy of it as it is now and
 * `readFrom(copy)` makes every read see that copy from then on — a tab that has not yet
 * received the other tabs' later writes — while writes go to both; `readFrom(null)` ends that.
 * `writes` records every setItem and removeItem as [key, value or null].
 */
function fakeStorage() {
  let values = new Map();
  let copy = null;
  const view = () => copy ?? values;
  const storage = {
    writes: [],
    getItem: (key) => view().get(key) ?? null,
    setItem(key, value) {
      storage.writes.push([key, String(value)]);
      for (const map of [values, copy]) map?.set(key, String(value));
    },
    removeItem(key) {
      storage.writes.push([key, null]);
      for (const map of [values, copy]) map?.delete(key);
    },
    copy: () => new Map(values),
    readFrom(stale) {
      copy = stale;
    },
  };
  return new Proxy(storage, {
    ownKeys: () => [...view().keys()],
    getOwnPropertyDescriptor: (_, key) => (view().has(key) ? { value: view().get(key), enumerable: true, configurable: true } : undefined),
  });
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
 * fetch: records each call ({url, body, keepalive, signal, answer(status, json, headers),
 * redirect(), fail()}) and answers only when the test says so (`autoAnswer`: at once, with that
 * status). A call whose signal aborts rejects the way fetch does.
 */
function fakeFetch() {
  const calls = [];
  const fetcher = {
    calls,
    autoAnswer: null,
    sentIds: () => calls.map((call) => JSON.parse(call.body).id),
    fetch(url, init) {
      return new Promise((resolve, reject) => {
        const call = {
          url,
          body: init.body,
          keepalive: init.keepalive,
          signal: init.signal,
          answer: (status, json, headers) => resolve(new Response(json === undefined ? null : JSON.stringify(json), { status, headers })),
          // A 301 to the right address: followed unless fetch was told not to, as a GET (a
          // followed 301/302 drops the POST and its body) that the new address answers 200.
          redirect: () => resolve(init.redirect === 'manual' ? opaqueRedirect() : new Response('<!doctype html>', { status: 200 })),
          // Offline, blocked, or refused by the browser (a keepalive body over its quota).
          fail: () => reject(new TypeError('Failed to fetch')),
        };
        calls.push(call);
        init.signal?.addEventListener('abort', () => reject(init.signal.reason));
        if (fetcher.autoAnswer) setTimeout(() => call.answer(fetcher.autoAnswer), 0);
      });
    },
  };
  return fetcher;
}

/** What fetch gives for a redirect with redirect: "manual": no status, no headers, no body. */
const opaqueRedirect = () =>
  Object.defineProperties(new Response(null), { type: { value: 'opaqueredirect' }, status: { value: 0 }, ok: { value: false } });

let network;
let outboxes;
let consoleErrors;
let events; // the window's, for addEventListener
const tab = () => {
  const outbox = new Outbox({ endpoint: ENDPOINT, storageAllowed: true });
  outboxes.push(outbox);
  return outbox;
};
/** Stores `items` as the outbox does, one key each (`at`: its position, unless it has one). */
const store = (items) => items.forEach((item, at) => globalThis.localStorage.setItem(keyOf({ at, ...item }), JSON.stringify({ at, ...item })));
const seed = (...numbers) => store(numbers.map((n) => ({ id: id(n), body: JSON.stringify(response(n)), attempts: 1, due: 0 })));
/** Stores `items` as csatkit did before each response had a key of its own: one array. */
const storeAsEarlierVersion = (items) => globalThis.localStorage.setItem('csatkit:outbox', JSON.stringify(items));

/** Replaces the browser's parts with the fakes above around each test of the suite. */
function useFakeBrowser() {
  const saved = {};
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
    Object.defineProperty(globalThis, 'localStorage', { value: fakeStorage(), configurable: true, writable: true });
    for (const outbox of outboxes) outbox.stop();
    console.error = saved.consoleError;
    for (const [name, descriptor] of Object.entries(saved)) {
      if (name === 'consoleError') continue;
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete globalThis[name];
    }
    // Every send went to an endpoint a response was queued for.
    for (const call of network.calls) assert.ok(call.url === ENDPOINT || call.url === OTHER_ENDPOINT, call.url);
  });
}

describe('the outbox shared by several tabs', () => {
  useFakeBrowser();

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

  // A tab reads its own copy of localStorage, which the other tabs' writes reach later (Chromium):
  // the tests below make tab A record its send's answer from a copy taken before tab B queued.
  // The backlog is stored as an earlier version did, so that these tests run against it too.

  test('a delivery recorded from a stale copy keeps the answer another tab queued meanwhile', async () => {
    storeAsEarlierVersion([{ id: id(1), body: JSON.stringify(response(1)), attempts: 1, due: 0 }]);
    const [a, b] = [tab(), tab()];
    const sending = a.flush();
    await settle();
    const seenByA = localStorage.copy();
    const queued = b.put(response(2)); // stored at once; B's round waits for the lock
    localStorage.readFrom(seenByA);
    network.calls[0].answer(201);
    await settle(); // A has recorded the delivery; its round keeps the lock a moment more
    localStorage.readFrom(null);
    network.autoAnswer = 201;
    await Promise.all([sending, queued]);
    assert.deepEqual(network.sentIds(), [id(1), id(2)], 'B’s answer was still queued after A’s delivery');
    assert.deepEqual(stored(), []);
  });

  /**
   * Tab A sends the older version of response 1 while the tab that owns it queues the newer one
   * (with its comment); A records the endpoint's `status` for the older version from the copy of
   * storage it had before, as a Chromium tab can. Resolves to A once both are done.
   */
  async function answerOlderVersionFromStaleCopy(status) {
    storeAsEarlierVersion([{ id: id(1), body: JSON.stringify(response(1, { complete: false })), attempts: 1, due: 0 }]);
    const [a, owner] = [tab(), tab()];
    const sending = a.flush();
    await settle();
    const seenByA = localStorage.copy();
    const updated = owner.put(response(1, { complete: true, comment: 'newer' }));
    localStorage.readFrom(seenByA);
    network.calls[0].answer(status);
    await settle();
    localStorage.readFrom(null);
    network.autoAnswer = 201;
    await Promise.all([sending, updated]);
    return a;
  }

  test('a delivered older version never removes the newer one, even recorded from a stale copy', async () => {
    await answerOlderVersionFromStaleCopy(201);
    assert.deepEqual(network.calls.map((call) => JSON.parse(call.body).comment), [undefined, 'newer'], 'the newer version was sent after it');
    assert.deepEqual(stored(), []);
  });

  test('a failed send recorded from a stale copy may put the older version back (sent again), never drops the newer one', async () => {
    const a = await answerOlderVersionFromStaleCopy(503); // A counts the failure on the older version it still sees
    await a.flush({ all: true }); // the older version, back in its backoff: sent again, deduped by id at the endpoint
    assert.deepEqual(network.calls.map((call) => JSON.parse(call.body).comment), [undefined, 'newer', undefined]);
    assert.deepEqual(stored(), []);
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
    store([{ id: id(2), endpoint: OTHER_ENDPOINT, body: JSON.stringify(response(2)), attempts: 0, due: 0, at: 1 }]);
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

describe('the outbox, whatever the storage, the network and the endpoint do', () => {
  useFakeBrowser();
  const errors = (code) => consoleErrors.filter((text) => text.startsWith(`csatkit: ${code} `));
  /** One round of `outbox` (every item), whose sends get `answer(call)`. */
  const round = async (outbox, answer) => {
    const sent = network.calls.length;
    const flushed = outbox.flush({ all: true });
    await settle();
    for (const call of network.calls.slice(sent)) answer(call);
    await flushed;
  };

  test('storage full: the answer is sent anyway, retried and beaconed from memory; delivered ones still leave storage', async () => {
    seed(1); // an earlier page's
    const full = globalThis.localStorage;
    const setItem = full.setItem;
    // Full: a write that makes the value longer fails, one that shortens it succeeds.
    full.setItem = (key, value) => {
      if (value.length > (full.getItem(key) ?? '').length) throw new DOMException('exceeded the quota', 'QuotaExceededError');
      setItem(key, value);
    };
    const outbox = tab();
    const sending = outbox.put(response(2));
    await settle();
    assert.deepEqual(network.sentIds().sort(), [id(1), id(2)], 'the unsaved answer is sent with the stored one');
    for (const call of network.calls) call.answer(503);
    await sending;
    assert.equal(errors('outbox.storage').length, 1, consoleErrors.join('\n'));
    const beacons = [];
    navigator.sendBeacon = (url, body) => beacons.push(JSON.parse(body).id) > 0;
    events.dispatchEvent(new Event('pagehide'));
    assert.deepEqual(beacons.sort(), [id(1), id(2)]);
    await round(outbox, (call) => call.answer(201));
    assert.deepEqual(network.sentIds().sort(), [id(1), id(1), id(2), id(2)], 'retried while the page lives');
    assert.deepEqual(stored(), [], 'the delivered earlier answer left storage: the next page does not send it again');
  });

  test('storage that throws on access (a visitor who blocks site data): the answer is sent once', async () => {
    Object.defineProperty(globalThis, 'localStorage', {
      get() {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
      configurable: true,
    });
    network.autoAnswer = 201;
    await tab().put(response(1));
    assert.deepEqual(network.sentIds(), [id(1)]);
    assert.deepEqual(errors('outbox.storage'), [
      'csatkit: outbox.storage at localStorage: the outbox could not be saved (Access is denied for this document.); this page keeps it in memory',
    ]);
    await tab().flush({ all: true });
    assert.deepEqual(network.sentIds(), [id(1)], 'not sent again');
  });

  test('an endpoint that redirects: not delivered (a redirected POST arrives as a GET); kept, reported once, sent once it is fixed', async () => {
    const outbox = tab();
    const sending = outbox.put(response(1));
    await settle();
    network.calls[0].redirect();
    await sending;
    assert.deepEqual(storedIds(), [id(1)], 'kept');
    assert.equal(stored()[0].attempts, 1);
    await round(outbox, (call) => call.redirect());
    assert.deepEqual(consoleErrors, [
      'csatkit: outbox.endpoint at /api/csat: the endpoint redirects (a redirected POST arrives as a GET): give its final URL; responses are kept',
    ]);
    await round(outbox, (call) => call.answer(201)); // the site pointed it at the final URL
    assert.deepEqual(network.sentIds(), [id(1), id(1), id(1)]);
    assert.deepEqual(stored(), []);
  });

  test('keepalive only while the page’s keepalive bodies in flight stay within 64 KiB: larger ones go without', async () => {
    const item = (n, padding) => ({ id: id(n), body: JSON.stringify(response(n, { cart: 'x'.repeat(padding) })), attempts: 0, due: 0 });
    store([item(1, 0), item(2, 40_000), item(3, 40_000), item(4, 70_000)]);
    const outbox = tab();
    await round(outbox, (call) => call.answer(201));
    assert.deepEqual(network.calls.map((call) => call.keepalive), [true, true, false, false]);
    store([item(5, 40_000)]);
    await round(outbox, (call) => call.answer(201));
    assert.equal(network.calls[4].keepalive, true, 'the quota is free again once the sends are answered');
    assert.deepEqual(stored(), []);
  });

  test('an endpoint that never answers: kept and retried, and reported once a response has failed 5 sends', async () => {
    store([{ id: id(1), body: JSON.stringify(response(1)), attempts: 3, due: 0 }]);
    const outbox = tab();
    await round(outbox, (call) => call.fail());
    assert.deepEqual(consoleErrors, []);
    await round(outbox, (call) => call.fail());
    await round(outbox, (call) => call.fail());
    assert.deepEqual(consoleErrors, ['csatkit: outbox.undelivered at /api/csat: 5 sends failed (no answer); responses are kept and retried']);
    assert.equal(stored()[0].attempts, 6);
  });

  test('a new page load retries at once what an earlier page left, whatever its backoff, and only one tab does', async () => {
    const later = Date.now() + MINUTE;
    store([
      { id: id(1), body: JSON.stringify(response(1)), attempts: 8, due: later, tried: performance.timeOrigin - MINUTE }, // an earlier page's
      { id: id(2), body: JSON.stringify(response(2)), attempts: 8, due: later, tried: Date.now() }, // tried since this page loaded
    ]);
    const [a, b] = [tab(), tab()];
    const rounds = [a.flush(), b.flush()];
    await settle();
    assert.deepEqual(network.sentIds(), [id(1)]);
    network.calls[0].answer(503);
    await Promise.all(rounds);
    assert.deepEqual(network.sentIds(), [id(1)], 'the other tab’s round found it tried since it loaded');
    assert.equal(stored()[0].attempts, 9);
    assert.ok(stored()[0].due > Date.now(), 'then the backoff applies again');
  });

  test('an endpoint that is misconfigured (401, 403, 404, 405, 415): kept and retried, one error per page per answer', async () => {
    seed(1);
    const outbox = tab();
    for (const status of [401, 403, 404, 405, 415, 404]) {
      await round(outbox, (call) => call.answer(status, { error: { code: 'x', path: '$', message: `answer ${status}` } }));
    }
    assert.deepEqual(storedIds(), [id(1)]);
    assert.equal(stored()[0].attempts, 7);
    assert.deepEqual(
      consoleErrors,
      [401, 403, 404, 405, 415].map((status) => `csatkit: outbox.endpoint at /api/csat: the endpoint answered HTTP ${status}: answer ${status}; responses are kept and retried`),
    );
  });

  test('409 (the id is another response’s) is dropped with an error; the collector’s 400 for a survey it does not accept yet is kept', async () => {
    seed(1, 2);
    const conflict = { error: { code: 'response.id_conflict', path: '$.id', message: 'already used by survey "other"' } };
    const notYet = { error: { code: 'response.unknown_survey', path: '$.survey_id', message: 'survey "unit" is not accepted here' } };
    await round(tab(), (call) => (JSON.parse(call.body).id === id(1) ? call.answer(409, conflict) : call.answer(400, notYet)));
    assert.deepEqual(storedIds(), [id(2)]);
    assert.deepEqual(consoleErrors.sort(), [
      'csatkit: outbox.endpoint at /api/csat: the endpoint answered HTTP 400: survey "unit" is not accepted here; responses are kept and retried',
      `csatkit: outbox.refused at $.id: the endpoint refused response ${id(1)} (HTTP 409: already used by survey "other"); it was dropped`,
    ]);
  });

  test('429 and 503 with Retry-After: not retried before it, not even on `online` or at a new page load', async () => {
    seed(1, 2);
    const outbox = tab();
    const inTenMinutes = new Date(Date.now() + 10 * MINUTE).toUTCString();
    await round(outbox, (call) =>
      JSON.parse(call.body).id === id(1) ? call.answer(429, undefined, { 'Retry-After': '120' }) : call.answer(503, undefined, { 'Retry-After': inTenMinutes }),
    );
    const [one, two] = stored();
    assert.ok(one.due >= Date.now() + 119_000 && one.due <= Date.now() + 120_000, `${one.due - Date.now()} ms`);
    assert.ok(two.due >= Date.now() + 10 * MINUTE - 2000, `${two.due - Date.now()} ms`);
    events.dispatchEvent(new Event('online'));
    store(stored().map((item) => ({ ...item, tried: performance.timeOrigin - MINUTE }))); // as left by an earlier page
    await tab().flush();
    await settle();
    assert.equal(network.calls.length, 2);
  });

  test('stop() is final: a send under way records its answer, but nothing is sent or scheduled after', async () => {
    const timers = [];
    const realSetTimeout = globalThis.setTimeout;
    // Retry timers (the backoff: 0.5 s and more) are kept to be fired by the test at once.
    globalThis.setTimeout = (callback, ms, ...rest) => (ms >= 200 ? timers.push(callback) : realSetTimeout(callback, ms, ...rest));
    try {
      const outbox = tab();
      const sending = outbox.put(response(1));
      await settle();
      outbox.stop();
      network.autoAnswer = 503;
      network.calls[0].answer(503);
      await sending;
      assert.equal(stored()[0].attempts, 1, 'the answer was recorded');
      for (const retry of timers) retry();
      events.dispatchEvent(new Event('online'));
      await outbox.flush({ all: true });
      await outbox.put(response(2));
      await settle();
      assert.equal(network.calls.length, 1);
      assert.deepEqual(storedIds(), [id(1), id(2)], 'both stay queued for the next page');
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
  });

  test('consent withdrawn during a send: a delivered answer still leaves storage, a failed one is left as it was', async () => {
    seed(1, 2);
    const outbox = tab();
    const sending = outbox.flush();
    await settle();
    outbox.storageAllowed = false; // what mount() does on consent(false)
    network.calls[0].answer(201);
    network.calls[1].answer(503);
    await sending;
    assert.deepEqual(stored(), [{ id: id(2), body: JSON.stringify(response(2)), attempts: 1, due: 0, at: 1 }]);
  });

  test('without an endpoint nothing is queued, and an item stored without one is never posted to another page’s endpoint', async () => {
    const nowhere = new Outbox({ endpoint: '', storageAllowed: true });
    outboxes.push(nowhere);
    await nowhere.put(response(1));
    assert.deepEqual(stored(), []);
    // Left by an earlier version on a page without data-endpoint, beside a regular one.
    storeAsEarlierVersion([
      { id: id(2), endpoint: '', body: JSON.stringify(response(2)), attempts: 1, due: 0 },
      { id: id(3), body: JSON.stringify(response(3)), attempts: 1, due: 0 },
    ]);
    network.autoAnswer = 201;
    await tab().flush({ all: true });
    assert.deepEqual(network.calls.map((call) => [call.url, JSON.parse(call.body).id]), [[ENDPOINT, id(3)]]);
    assert.deepEqual(stored(), []);
  });
});

describe('the outbox in localStorage', () => {
  useFakeBrowser();

  test('each version of a response has a key of its own: queuing, a failed send and a delivery write only that key', async () => {
    seed(1);
    const [a, b] = [tab(), tab()];
    const sending = a.flush();
    await settle();
    const queued = [b.put(response(2)), b.put(response(2, { comment: 'newer' }))];
    network.autoAnswer = 201; // the sends from now on
    network.calls[0].answer(503);
    await sending;
    await Promise.all(queued);
    await a.flush({ all: true });
    assert.deepEqual(network.sentIds(), [id(1), id(2), id(1)]);
    const written = localStorage.writes.slice(1); // after the seed
    for (const [key, value] of written) {
      assert.ok(key.startsWith(PREFIX), key);
      if (value !== null) assert.equal(key, keyOf(JSON.parse(value)), 'a value holds the one item its key names');
    }
    const keysOf2 = written.filter(([key]) => key.includes(id(2))).map(([key, value]) => [key.slice(PREFIX.length), value && JSON.parse(JSON.parse(value).body).comment]);
    const [first, second] = [...new Set(keysOf2.map(([key]) => key))];
    assert.deepEqual(keysOf2, [[first, undefined], [second, 'newer'], [first, null], [second, null]], 'the comment: a new key, then the older removed; the newer removed once delivered');
    assert.deepEqual(stored(), []);
  });

  test('an earlier version’s outbox (one array under "csatkit:outbox") moves to keys of its own at the first read, and is sent', async () => {
    const tried = performance.timeOrigin - MINUTE;
    const earlier = [
      { id: id(1), body: JSON.stringify(response(1)), attempts: 3, due: Date.now() + MINUTE, tried },
      { id: id(2), endpoint: OTHER_ENDPOINT, body: JSON.stringify(response(2)), attempts: 1, due: 0 },
      { id: id(3), endpoint: '', body: JSON.stringify(response(3)), attempts: 1, due: 0 }, // no endpoint: nowhere to go
    ];
    storeAsEarlierVersion(earlier);
    const round = tab().flush();
    await settle();
    assert.equal(localStorage.getItem('csatkit:outbox'), null, 'moved');
    assert.deepEqual(stored(), [{ ...earlier[0], at: 0 }, { ...earlier[1], at: 1 }], 'each item as it was, oldest first');
    assert.deepEqual(network.calls.map((call) => [call.url, JSON.parse(call.body).id]), [[ENDPOINT, id(1)], [OTHER_ENDPOINT, id(2)]]);
    for (const call of network.calls) call.answer(201);
    await round;
    // A tab of the earlier version still open queues another answer there: moved at the next read.
    storeAsEarlierVersion([{ id: id(4), body: JSON.stringify(response(4)), attempts: 0, due: 0 }]);
    network.autoAnswer = 201;
    await tab().put(response(5));
    assert.deepEqual(network.sentIds(), [id(1), id(2), id(4), id(5)]);
    assert.deepEqual(stored(), []);
    assert.equal(localStorage.getItem('csatkit:outbox'), null);
  });

  test('a stored value that is not an item (hand-edited, another script under the prefix) holds back none of the others', async () => {
    localStorage.setItem(`${PREFIX}broken`, '{not json');
    localStorage.setItem(`${PREFIX}other`, JSON.stringify({ note: 'no body' }));
    network.autoAnswer = 201;
    await tab().put(response(1));
    assert.deepEqual(network.sentIds(), [id(1)]);
    assert.deepEqual(Object.keys(localStorage).sort(), [`${PREFIX}broken`, `${PREFIX}other`], 'the answer left storage; the rest is not ours to remove');
  });

  test('an earlier version’s outbox that cannot move whole (storage full, an entry that is no item): each answer is sent once, the rest when there is room', async () => {
    const earlier = [1, 2, 3].map((n) => ({ id: id(n), body: JSON.stringify(response(n)), attempts: 0, due: 0 }));
    storeAsEarlierVersion([earlier[0], null, earlier[1], earlier[2]]);
    const setItem = localStorage.setItem;
    let full = true; // no room for answer 3's key
    localStorage.setItem = (key, value) => {
      if (full && key.includes(id(3))) throw new DOMException('exceeded the quota', 'QuotaExceededError');
      setItem(key, value);
    };
    network.autoAnswer = 201;
    await tab().flush();
    await tab().flush({ all: true }); // another round, another page: nothing is moved, nor sent, twice
    assert.deepEqual(network.sentIds(), [id(1), id(2)]);
    assert.deepEqual(JSON.parse(localStorage.getItem('csatkit:outbox')), [earlier[2]], 'only what could not move is left there');
    full = false;
    await tab().flush({ all: true });
    assert.deepEqual(network.sentIds(), [id(1), id(2), id(3)]);
    assert.equal(localStorage.getItem('csatkit:outbox'), null);
    assert.deepEqual(stored(), []);
  });

  test('bounded: a new answer to a full outbox drops the oldest, with one error; the newer version of a queued one drops nothing', async () => {
    // 50 answers from earlier pages, held back by their endpoint's Retry-After: none is sent now.
    store(Array.from({ length: 50 }, (_, n) => ({ id: id(n), body: JSON.stringify(response(n)), attempts: 1, due: Date.now() + MINUTE, held: true })));
    const outbox = tab();
    outbox.put(response(100));
    assert.deepEqual(storedIds(), [...Array.from({ length: 49 }, (_, n) => id(n + 1)), id(100)], 'the oldest was dropped');
    outbox.put(response(100, { comment: 'newer' }));
    assert.equal(stored().length, 50, 'nothing dropped for a newer version');
    assert.equal(JSON.parse(stored()[49].body).comment, 'newer');
    outbox.put(response(101));
    assert.deepEqual(storedIds().slice(0, 2), [id(2), id(3)]);
    assert.deepEqual(consoleErrors, ['csatkit: outbox.full at outbox: the outbox holds 50 undelivered responses; the oldest was dropped']);
    // In memory (storage not allowed yet), the same bound.
    const waiting = new Outbox({ endpoint: ENDPOINT, limit: 2 });
    outboxes.push(waiting);
    network.autoAnswer = 503;
    for (const n of [7, 8, 9]) await waiting.put(response(n));
    const beacons = [];
    navigator.sendBeacon = (url, body) => beacons.push(JSON.parse(body).id) > 0;
    waiting.beaconAll();
    assert.deepEqual(beacons, [id(8), id(9)]);
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

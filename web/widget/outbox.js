// Delivery of responses: nothing lost, nothing duplicated.
//
// - Each response carries its own unique id (made before the first send) and is written to the
//   outbox BEFORE it is sent: a crash, a closed tab or a network error mid-send loses nothing.
// - POSTed as JSON (fetch with keepalive, so a send started just before navigation completes;
//   credentials are fetch's default, same-origin); removed on a 2xx. No answer, or any other
//   status, retries with exponential backoff and jitter, at once on the `online` event, and on
//   the next page load that loads the runtime — except 400, 413 and 422: the endpoint refuses
//   this very response, sending it again cannot help, so it leaves the outbox with one
//   CsatkitError "outbox.refused" naming the status and the endpoint's reason (an endpoint that
//   is down, moved or misconfigured answers otherwise, and is retried).
// - On `pagehide` every pending item also goes by navigator.sendBeacon and STAYS in the outbox:
//   a beacon's fate is unknown, so the next visit sends it again and the endpoint dedupes by id.
//   The beacon's body is a string, so the browser types it text/plain;charset=UTF-8, which needs
//   no CORS preflight (a beacon cannot make one): it reaches an endpoint on another origin too;
//   endpoints read the JSON regardless.
// - An update of a response (the comment after the score) replaces the queued version with the
//   same id, so only the newest version is ever (re)sent.
// - Each item keeps the endpoint it was queued for and is always sent there, also by a later page
//   whose survey posts somewhere else.
// - Bounded: at most `limit` (50) responses. When full, the oldest is dropped to make room for
//   the newest (it has been failing longest, and the newest is what the visitor just did), and
//   one CsatkitError "outbox.full" is logged.
// - Stored in localStorage only when storage is allowed (consent); before that the outbox lives
//   in memory for this page view and is moved to storage the moment storage becomes allowed.
//
// Several tabs of one site share the stored outbox (and one page may mount several surveys):
// - Sending is one round at a time per origin, under the Web Lock "csatkit:outbox": a round
//   reads the items when it gets the lock and holds it until their last answer, so an item that
//   another tab is sending, or has delivered, is not sent again (delivered items are gone from
//   storage when the next round reads it). Without Web Locks (older browsers, some webviews, and
//   pages not served over https: the API needs a secure context) rounds queue per page only, and
//   two tabs may send the same item at once: the endpoint dedupes by id, as for beacons. A
//   beacon on pagehide is not coordinated either (the page is going; it cannot wait for a lock).
//   On pagehide the page's outboxes (one per survey) beacon every item once between them.
//   A send without an answer is given up after 30 s (AbortSignal.timeout, where there is one),
//   so one hung request cannot keep every tab's round waiting.
// - Every write re-reads storage in the same synchronous step (write() below) and changes only
//   the item it is about (by id; a newer version queued meanwhile is kept), so it never writes
//   back a stale copy that would drop another tab's item. Queuing an answer does not wait for
//   the lock (the answer must be stored at once, even while another tab waits on a slow send).
// - localStorage is not coherent between tabs at once: Chromium gives each tab process its own
//   copy and hands writes over asynchronously, even when a Web Lock orders the tabs (measured:
//   two tabs incrementing one value under a lock lost 5-10 % of the increments). So a round that
//   wrote keeps the lock HANDOVER_MS more, for its writes to reach the other tabs before they
//   read. That is a margin, not a guarantee: on a machine stalled for longer, a round can still
//   send what another tab just delivered (deduped by id), and an answer queued in one tab within
//   that moment can be dropped by another tab's write.
import { CsatkitError } from '../csatkit-error.js';
import { reportError } from './report-error.js';

const STORAGE_KEY = 'csatkit:outbox';
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 5 * 60 * 1000;
const REFUSED_FOR_GOOD = new Set([400, 413, 422]);
// A send that has no answer by then is given up (and retried): it holds the outbox's lock.
const SEND_TIMEOUT_MS = 30 * 1000;
// How long a round that wrote keeps the lock: time for its writes to reach the other tabs.
const HANDOVER_MS = 100;

export class Outbox {
  #endpoint;
  #limit;
  #memory = []; // the items while storage is not allowed
  #timer = null; // the next retry
  #listeners = new AbortController();

  /** @param {{endpoint: string, limit?: number, storageAllowed?: boolean}} options */
  constructor({ endpoint, limit = 50, storageAllowed = false }) {
    this.#endpoint = endpoint;
    this.#limit = limit;
    this.storageAllowed = storageAllowed;
    // Back online: everything is worth a try at once, whatever its backoff said.
    addEventListener('online', () => this.flush({ all: true }), { signal: this.#listeners.signal });
    addEventListener('pagehide', (event) => this.beaconAll(event), { signal: this.#listeners.signal });
  }

  /** Allows localStorage from now on: the in-memory items join the stored ones. */
  allowStorage() {
    if (this.storageAllowed) return;
    const pending = this.#memory;
    this.storageAllowed = true;
    this.#memory = [];
    for (const item of pending) this.#write((items) => upsert(items, item, this.#limit));
  }

  /** Queues a response (replacing a queued version with the same id) and sends it. */
  put(response) {
    const item = { id: response.id, endpoint: this.#endpoint, body: JSON.stringify(response), attempts: 0, due: 0 };
    this.#write((items) => upsert(items, item, this.#limit));
    return this.flush();
  }

  /**
   * Sends every item that is due (`all`: every item) in one round under the outbox's lock (see
   * the top of this file); resolves when this round is done.
   */
  async flush({ all = false } = {}) {
    if (!this.#endpoint) return;
    await exclusive(async () => {
      const now = Date.now();
      const due = this.#read().filter((item) => all || item.due <= now);
      await Promise.all(due.map((item) => this.#send(item)));
      // Another tab reads its own copy of localStorage, which this round's writes reach a moment
      // later (in Chromium even under the lock): the next round waits for them.
      if (due.length) await new Promise((resolve) => setTimeout(resolve, HANDOVER_MS));
    });
    this.#schedule();
  }

  async #send(item) {
    let delivered = false;
    let refused = null;
    try {
      const response = await fetch(item.endpoint ?? this.#endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: item.body,
        keepalive: true,
        signal: AbortSignal.timeout ? AbortSignal.timeout(SEND_TIMEOUT_MS) : null,
      });
      delivered = response.ok;
      if (REFUSED_FOR_GOOD.has(response.status)) {
        // Any body: an error object, none, or not JSON at all.
        const reason = (await response.json().then((answer) => answer.error).catch(() => 0)) || {};
        refused = new CsatkitError(
          'outbox.refused',
          reason.path ?? '$',
          `the endpoint refused response ${item.id} (HTTP ${response.status}${reason.message ? `: ${reason.message}` : ''}); it was dropped`,
        );
        reportError(refused);
      }
    } catch {
      // Offline or no answer: retried below.
    }
    this.#write((items) => {
      const index = items.findIndex((queued) => queued.id === item.id);
      // Gone (delivered by another tab without locks), or a newer version queued meanwhile: that
      // one stays, and goes next.
      if (index === -1 || items[index].body !== item.body) return items;
      if (delivered || refused) items.splice(index, 1);
      else {
        const attempts = items[index].attempts + 1;
        const backoff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempts - 1));
        items[index] = { ...items[index], attempts, due: Date.now() + backoff * (0.5 + Math.random() / 2) };
      }
      return items;
    });
  }

  #schedule() {
    clearTimeout(this.#timer);
    const items = this.#read();
    if (!items.length) return;
    const next = Math.min(...items.map((item) => item.due));
    this.#timer = setTimeout(() => this.flush(), Math.max(0, next - Date.now()));
  }

  /**
   * Beacons every item; `pagehide`: the event, so that what another outbox of the page has
   * already beaconed for it is not sent again (each outbox still sends the items only it holds:
   * one whose storage is not allowed keeps its own in memory).
   */
  beaconAll(pagehide) {
    if (!this.#endpoint || !navigator.sendBeacon) return;
    const sent = beaconedFor(pagehide);
    for (const item of this.#read()) {
      if (sent.has(item.body)) continue;
      sent.add(item.body);
      navigator.sendBeacon(item.endpoint ?? this.#endpoint, item.body);
    }
  }

  stop() {
    clearTimeout(this.#timer);
    this.#listeners.abort();
  }

  #read() {
    if (!this.storageAllowed) return this.#memory;
    try {
      const items = JSON.parse(localStorage.getItem(STORAGE_KEY) || '[]');
      return Array.isArray(items) ? items : [];
    } catch {
      return [];
    }
  }

  /** Applies `change` to the outbox as it is now (re-read in this same synchronous step) and saves it. */
  #write(change) {
    const items = change(this.#read().slice());
    if (!this.storageAllowed) {
      this.#memory = items;
      return;
    }
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(items));
    } catch (error) {
      reportError(new CsatkitError('outbox.storage', 'localStorage', `the outbox could not be saved: ${error.message}`));
    }
  }
}

// What the page's outboxes have beaconed, per pagehide event (each hide of the page sends again).
const beaconed = new WeakMap();
const beaconedFor = (pagehide) => {
  if (!pagehide) return new Set();
  if (!beaconed.has(pagehide)) beaconed.set(pagehide, new Set());
  return beaconed.get(pagehide);
};

// The rounds of this page, one after another: the fallback where Web Locks are missing.
let rounds = Promise.resolve();

/** Runs `task` (a send round) when no other round of this origin runs: one tab, one outbox at a time. */
const exclusive = (task) =>
  navigator.locks ? navigator.locks.request(STORAGE_KEY, task) : (rounds = rounds.then(task, task));

function upsert(items, item, limit) {
  const index = items.findIndex((queued) => queued.id === item.id);
  if (index !== -1) {
    items[index] = item;
    return items;
  }
  items.push(item);
  if (items.length > limit) {
    items.splice(0, items.length - limit);
    reportError(new CsatkitError('outbox.full', 'outbox', `the outbox holds ${limit} undelivered responses; the oldest was dropped`));
  }
  return items;
}

/**
 * A unique response id: crypto.randomUUID, or a v4 UUID from getRandomValues where it is missing
 * (before Chrome 92, and on pages not served over https).
 */
export function newResponseId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // variant 10xx
  // Two hex digits a byte, with a dash before bytes 4, 6, 8 and 10: 8-4-4-4-12.
  return [...bytes].map((byte, n) => ([4, 6, 8, 10].includes(n) ? '-' : '') + (byte | 256).toString(16).slice(1)).join('');
}

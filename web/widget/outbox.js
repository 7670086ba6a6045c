// Delivery of responses: nothing lost, nothing duplicated.
//
// - Each response carries its own unique id (made before the first send) and is written to the
//   outbox BEFORE it is sent: a crash, a closed tab or a network error mid-send loses nothing.
// - POSTed as JSON (credentials are fetch's default, same-origin), with keepalive so that a send
//   started just before navigation completes — while the page's keepalive bodies in flight stay
//   within the browser's 64 KiB (over it the browser fails the request as if offline): a larger
//   send goes without keepalive. Redirects are not followed (a followed 301/302 turns the POST
//   into a GET, whose 200 would look like a delivery).
// - What each answer does (README "Delivery" states the same policy):
//   - 2xx: delivered, removed.
//   - 400, 409, 413, 422: the endpoint refuses this very response, and sending it again cannot
//     help: dropped, with one CsatkitError "outbox.refused" per response naming the status and
//     the endpoint's reason. Except the collector's 400 "response.unknown_survey": most likely
//     the page went live before the collector's config, so that one is kept as below.
//   - No answer (offline, blocked, 30 s without an answer), 408, 425, 429, 5xx: kept and retried
//     with exponential backoff and jitter (1 s doubling to 5 min), never before the endpoint's
//     Retry-After (at most 1 h; readable cross-origin only if the endpoint exposes it). Once a
//     response has failed 5 sends, one CsatkitError "outbox.undelivered" per page.
//   - A redirect, 401, 403, 404, 405, 415 and any other status: the endpoint is misconfigured,
//     which the site can fix: kept and retried the same way, with one CsatkitError
//     "outbox.endpoint" per page per answer.
//   Retries also go at once on the `online` event (backoff or not), and on each page load: a
//   round sends every item last tried before the page loaded; the round that tries it marks it,
//   so other tabs and surveys of the page do not try it again at their load.
// - On `pagehide` every pending item also goes by navigator.sendBeacon and STAYS in the outbox:
//   a beacon's fate is unknown, so the next visit sends it again and the endpoint dedupes by id.
//   The beacon's body is a string, so the browser types it text/plain;charset=UTF-8, which needs
//   no CORS preflight (a beacon cannot make one): it reaches an endpoint on another origin too;
//   endpoints read the JSON regardless.
// - An update of a response (the comment after the score) is queued as a new version of it, and
//   the page that queued both removes the older one, so only the newest version is (re)sent.
// - Each item keeps the endpoint it was queued for and is always sent there, also by a later page
//   whose survey posts somewhere else. Without an endpoint nothing is queued.
// - Bounded: at most `limit` (50) responses. When full, the oldest is dropped to make room for
//   the newest (it has been failing longest, and the newest is what the visitor just did), and
//   one CsatkitError "outbox.full" is logged.
// - Stored in localStorage only when storage is allowed (consent); before that the outbox lives
//   in memory for this page view and is moved to storage the moment storage becomes allowed.
//   Consent withdrawn: nothing more is written, but a delivered item is still removed. Storage
//   that fails a write (full, or blocked by the visitor): this page keeps the outbox in memory
//   from then on (one CsatkitError "outbox.storage"), sending, retrying and beaconing it.
// - stop() (the survey destroyed) ends rounds and retries for good; its items stay queued (sent
//   by the next page), and still go by beacon on pagehide.
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
// - localStorage is not coherent between tabs at once: Chromium gives each tab process its own
//   copy and hands writes over asynchronously, even under a Web Lock (measured: two tabs
//   incrementing one value under a lock lost 5-10 % of the increments; a tab delivering a backlog
//   while another queued answers, when the outbox was one value, lost some of the answers). So
//   no tab ever rewrites a value that holds another answer: each version of a response is stored
//   under a key of its own, "csatkit:outbox:<id>:<n>", written once when it is queued (one
//   setItem; queuing does not wait for the lock: the answer must be stored at once), changed
//   only by the bookkeeping of its own failed sends, and removed when it is delivered or dropped
//   (one removeItem, of the key that was sent, and only if it holds what was sent). So the
//   delivery of an older version cannot remove the newer one, whatever copy the delivering tab
//   reads. Earlier versions of csatkit kept the outbox as one array under "csatkit:outbox": its
//   items move to keys of their own when it is read.
// - What stays a margin, not a guarantee: a round that wrote keeps the lock HANDOVER_MS more, for
//   its removals to reach the other tabs before they read. On a machine stalled for longer, a
//   round can still send what another tab just delivered; a failed send's bookkeeping, read from
//   such a stale copy, can put back an item another tab has just delivered (or an older version
//   its page has just replaced), which is then sent again; and the bound counts the items this
//   tab sees. Each of these sends a response again (the endpoint dedupes by id and keeps the
//   newest version), none loses one.
import { CsatkitError } from '../csatkit-error.js';
import { reportError } from './report-error.js';

// The Web Lock of the send rounds; an earlier version's whole outbox was stored under it.
const LOCK = 'csatkit:outbox';
// Each queued version of a response is stored under this prefix (keyOf below).
const PREFIX = `${LOCK}:`;
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 5 * 60 * 1000;
// The longest Retry-After honoured: a bad header must not hold answers back for days.
const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;
// Answers that can never change for this response: it is dropped (400 not about the survey,
// 409 its id taken by another response, 413 too large, 422).
const REFUSED_FOR_GOOD = new Set([400, 409, 413, 422]);
// The collector's 400 for a survey it does not accept (yet): most likely the page was deployed
// before the collector's config, so the response is kept.
const SURVEY_NOT_YET_ACCEPTED = 'response.unknown_survey';
// An endpoint that did not take a response in this many sends (no answer, 408, 425, 429, 5xx)
// is reported, once per page: kept and retried, but never silently forever.
const REPORT_AFTER_ATTEMPTS = 5;
// Browsers fail a keepalive fetch (a TypeError, like offline) once the keepalive bodies in flight
// on the page would pass 64 KiB; beyond that, sends go without keepalive.
const KEEPALIVE_BYTES = 64 * 1024;
// A send that has no answer by then is given up (and retried): it holds the outbox's lock.
const SEND_TIMEOUT_MS = 30 * 1000;
// How long a round that wrote keeps the lock: time for its writes to reach the other tabs.
const HANDOVER_MS = 100;

let keepaliveInFlight = 0; // bytes of this page's keepalive sends still running
let lastQueued = 0; // the `at` of this page's latest queued item: each item's is larger

export class Outbox {
  #endpoint;
  #limit;
  #memory = []; // the items while storage is not in use: not allowed (consent), or failing
  #unsaved = false; // a write to storage failed: from then on this page keeps the outbox in memory
  #consented = false; // storage was allowed at some time: it may hold this outbox's items
  #stopped = false;
  #timer = null; // the next retry
  #online = new AbortController();

  /** @param {{endpoint: string, limit?: number, storageAllowed?: boolean}} options */
  constructor({ endpoint, limit = 50, storageAllowed = false }) {
    this.#endpoint = endpoint;
    this.#limit = limit;
    this.storageAllowed = this.#consented = storageAllowed;
    // Back online: everything is worth a try at once, whatever its backoff said.
    addEventListener('online', () => this.flush({ all: true }), { signal: this.#online.signal });
    // Kept after stop(): the last chance of the items this outbox holds in memory only.
    addEventListener('pagehide', (event) => this.beaconAll(event));
  }

  /** Allows localStorage from now on: the in-memory items join the stored ones. */
  allowStorage() {
    if (this.storageAllowed) return;
    const pending = this.#memory;
    this.storageAllowed = this.#consented = true;
    this.#memory = [];
    for (const item of pending) this.#queue(item);
  }

  /**
   * Queues a response (the new version of a queued one with the same id, if there is one) and
   * sends it. Without an endpoint there is nowhere to send it: nothing is queued (mount() with
   * callbacks only).
   */
  async put(response) {
    if (!this.#endpoint) return;
    // `at`: when it was queued, unique in this page (one response's versions, even in one ms).
    const at = (lastQueued = Math.max(Date.now(), lastQueued + 1));
    this.#queue({ id: response.id, endpoint: this.#endpoint, body: JSON.stringify(response), attempts: 0, due: 0, at });
    return this.flush();
  }

  /**
   * Sends every item that is due (`all`: every item the endpoint did not ask to hold back) in one
   * round under the outbox's lock (see the top of this file); resolves when this round is done.
   */
  async flush({ all = false } = {}) {
    if (!this.#endpoint || this.#stopped) return;
    await exclusive(async () => {
      const now = Date.now();
      const due = this.#read().filter((item) => isDue(item, now, all));
      await Promise.all(due.map((item) => this.#send(item)));
      // Another tab reads its own copy of localStorage, which this round's writes reach a moment
      // later (in Chromium even under the lock): the next round waits for them.
      if (due.length) await new Promise((resolve) => setTimeout(resolve, HANDOVER_MS));
    });
    this.#schedule();
  }

  async #send(item) {
    const endpoint = item.endpoint ?? this.#endpoint;
    const bytes = new Blob([item.body]).size;
    const keepalive = keepaliveInFlight + bytes <= KEEPALIVE_BYTES;
    if (keepalive) keepaliveInFlight += bytes;
    let answer = null;
    try {
      answer = await fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: item.body,
        keepalive,
        // A followed 301/302/303 turns the POST into a GET whose 200 would look like a delivery.
        redirect: 'manual',
        signal: AbortSignal.timeout ? AbortSignal.timeout(SEND_TIMEOUT_MS) : null,
      });
    } catch {
      // Offline, blocked or no answer in time: retried.
    } finally {
      if (keepalive) keepaliveInFlight -= bytes;
    }
    if (answer?.ok) return this.#forget(item);
    // Any body: an error object, none (a redirect's), or not JSON at all.
    const reason = (await answer?.json().then((body) => body.error).catch(() => 0)) || {};
    const said = answer ? `HTTP ${answer.status}${reason.message ? `: ${reason.message}` : ''}` : 'no answer';
    if (REFUSED_FOR_GOOD.has(answer?.status) && reason.code !== SURVEY_NOT_YET_ACCEPTED) {
      reportError(new CsatkitError('outbox.refused', reason.path ?? '$', `the endpoint refused response ${item.id} (${said}); it was dropped`));
      return this.#forget(item);
    }
    this.#retryLater(item, answer ? retryAfterMs(answer.headers.get('Retry-After')) : 0);
    // Kept and retried, reported once per page per kind of answer (reportError says each once).
    if (answer?.type === 'opaqueredirect') {
      reportError(new CsatkitError('outbox.endpoint', endpoint, 'the endpoint redirects (a redirected POST arrives as a GET): give its final URL; responses are kept'));
    } else if (!answer || answer.status >= 500 || [408, 425, 429].includes(answer.status)) {
      if (item.attempts + 1 >= REPORT_AFTER_ATTEMPTS) {
        reportError(new CsatkitError('outbox.undelivered', endpoint, `${REPORT_AFTER_ATTEMPTS} sends failed (${said}); responses are kept and retried`));
      }
    } else reportError(new CsatkitError('outbox.endpoint', endpoint, `the endpoint answered ${said}; responses are kept and retried`));
  }

  /** Counts a failed send of `item` and sets its next try (not before `waitMs`, the endpoint's Retry-After). */
  #retryLater(item, waitMs) {
    const items = this.#read();
    const queued = items.find((other) => keyOf(other) === keyOf(item));
    // Gone (delivered by another tab, or replaced by a newer version of the response): it stays
    // gone. A tab reading a stale copy can still put it back (top of the file): sent again.
    if (!queued) return;
    const attempts = queued.attempts + 1;
    const backoff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempts - 1)) * (0.5 + Math.random() / 2);
    const now = Date.now();
    this.#save({ ...queued, attempts, tried: now, held: waitMs > 0, due: now + Math.max(backoff, waitMs) }, items.filter((other) => other !== queued));
  }

  /**
   * Removes `item` (delivered, or dropped) wherever it is kept — from storage too when storage
   * was ever allowed, even if consent has been withdrawn since: removing an answer stores nothing.
   */
  #forget(item) {
    this.#memory = this.#memory.filter((queued) => keyOf(queued) !== keyOf(item));
    if (this.#consented) unstore(item);
  }

  /**
   * Stores `item`, the newest version of its response, dropping older versions of it and, when
   * the outbox is full, the oldest responses.
   */
  #queue(item) {
    const items = this.#read();
    const others = items.filter((queued) => queued.id !== item.id);
    if (others.splice(0, others.length + 1 - this.#limit).length) {
      reportError(new CsatkitError('outbox.full', 'outbox', `the outbox holds ${this.#limit} undelivered responses; the oldest was dropped`));
    }
    // Removed only once the new version is stored: where it is kept in memory only, the older
    // version and the oldest responses stay stored for the next page.
    if (!this.#save(item, others)) return;
    for (const queued of items) if (!others.includes(queued) && queued.at !== item.at) unstore(queued);
  }

  /**
   * Writes `item` under its own key; true when it is stored. Where storage is not in use, or
   * fails, the outbox is kept in memory: `others` and `item`.
   */
  #save(item, others) {
    if (this.storageAllowed && !this.#unsaved) {
      try {
        localStorage.setItem(keyOf(item), JSON.stringify(item));
        return true;
      } catch (error) {
        // Full, or blocked (a visitor who refuses site data): this page keeps the outbox in
        // memory, sends and retries it while it is open and beacons it on pagehide.
        this.#unsaved = true;
        reportError(new CsatkitError('outbox.storage', 'localStorage', `the outbox could not be saved (${error.message}); this page keeps it in memory`));
      }
    }
    this.#memory = [...others, item];
  }

  #schedule() {
    clearTimeout(this.#timer);
    const items = this.#read();
    if (this.#stopped || !items.length) return;
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
      // Refused (false) when over the browser's 64 KiB: the item waits for the next page.
      navigator.sendBeacon(item.endpoint ?? this.#endpoint, item.body);
    }
  }

  /** Ends the sending for good: no new round and no retry; a send under way still records its answer. */
  stop() {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#online.abort();
  }

  /** The items, oldest first. */
  #read() {
    return (this.storageAllowed && !this.#unsaved ? readStored() : this.#memory).sort((a, b) => a.at - b.at);
  }
}

/**
 * Whether `item` goes in this round: its backoff is over, or it was last tried before this page
 * loaded (a page load is a retry point, once: the round that tries it marks it tried), or `all`;
 * never before the endpoint's Retry-After.
 */
const isDue = (item, now, all) => item.due <= now || (!item.held && (all || (item.tried ?? 0) < performance.timeOrigin));

/** Retry-After (seconds, or an HTTP date) in ms, at most MAX_RETRY_AFTER_MS; 0 when absent or unreadable. */
function retryAfterMs(header) {
  return Math.min(MAX_RETRY_AFTER_MS, Number(header) * 1000 || Date.parse(header) - Date.now()) || 0;
}

/** The storage key of a queued version of a response. */
const keyOf = (item) => PREFIX + item.id + ':' + item.at;

/** The stored items; none when storage cannot be read. */
function readStored() {
  try {
    const earlier = JSON.parse(localStorage.getItem(LOCK));
    if (Array.isArray(earlier)) {
      // An earlier version's outbox: its items, oldest first, each to a key of its own. What
      // cannot move now (storage full) stays there for the next read, and only that: an item
      // moved twice would be sent twice. Not an item, or endpoint "" (queued on a page without
      // one): nowhere to go.
      const left = earlier.filter((item, at) => {
        if (typeof item?.body !== 'string' || item.endpoint === '') return false;
        try {
          localStorage.setItem(keyOf({ ...item, at }), JSON.stringify({ ...item, at }));
          return false;
        } catch {
          return true;
        }
      });
      if (left.length) localStorage.setItem(LOCK, JSON.stringify(left));
      else localStorage.removeItem(LOCK);
    }
  } catch {
    // Unreadable or blocked: nothing in it can be sent.
  }
  try {
    return Object.keys(localStorage)
      .filter((key) => key.startsWith(PREFIX))
      .map(readItem)
      .filter(Boolean);
  } catch {
    return [];
  }
}

/** The item stored under `key`; null when it is unreadable (one bad value must not hold back the others). */
function readItem(key) {
  try {
    const item = JSON.parse(localStorage.getItem(key));
    return typeof item?.body === 'string' ? item : null;
  } catch {
    return null;
  }
}

/** Removes `item`'s key, if it holds what was sent (storage that cannot be read holds nothing of it). */
function unstore(item) {
  try {
    if (JSON.parse(localStorage.getItem(keyOf(item)))?.body === item.body) localStorage.removeItem(keyOf(item));
  } catch {
    // Blocked: nothing can be read from it either, so nothing is sent again from it.
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
  navigator.locks ? navigator.locks.request(LOCK, task) : (rounds = rounds.then(task, task));

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

// Delivery of responses: nothing lost, nothing duplicated.
//
// - Each response carries its own unique id (made before the first send) and is written to the
//   outbox BEFORE it is sent: a crash, a closed tab or a network error mid-send loses nothing.
// - POSTed as JSON (fetch with keepalive, so a send started just before navigation completes);
//   removed on a 2xx. No answer, or any other status, retries with exponential backoff and
//   jitter, at once on the `online` event, and on the next page load that loads the runtime —
//   except 400, 413 and 422: the endpoint refuses this very response, sending it again cannot
//   help, so it leaves the outbox with one CsatkitError "outbox.refused" naming the status and
//   the endpoint's reason (an endpoint that is down, moved or misconfigured answers otherwise,
//   and is retried).
// - On `pagehide` every pending item also goes by navigator.sendBeacon and STAYS in the outbox:
//   a beacon's fate is unknown, so the next visit sends it again and the endpoint dedupes by id.
//   The beacon's body is typed text/plain, which needs no CORS preflight (a beacon cannot make
//   one), so it reaches an endpoint on another origin too; endpoints read the JSON regardless.
// - An update of a response (the comment after the score) replaces the queued version with the
//   same id, so only the newest version is ever (re)sent.
// - Bounded: at most `limit` (50) responses. When full, the oldest is dropped to make room for
//   the newest (it has been failing longest, and the newest is what the visitor just did), and
//   one CsatkitError "outbox.full" is logged.
// - Stored in localStorage only when storage is allowed (consent); before that the outbox lives
//   in memory for this page view and is moved to storage the moment storage becomes allowed.
import { CsatkitError } from '../csatkit-error.js';
import { reportError } from './report-error.js';

const STORAGE_KEY = 'csatkit:outbox';
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 5 * 60 * 1000;
const REFUSED_FOR_GOOD = new Set([400, 413, 422]);

export class Outbox {
  /** @param {{endpoint: string, limit?: number, storageAllowed?: boolean}} options */
  constructor({ endpoint, limit = 50, storageAllowed = false }) {
    this.endpoint = endpoint;
    this.limit = limit;
    this.storageAllowed = storageAllowed;
    this.memory = [];
    this.sending = new Set();
    this.timer = null;
    this.listeners = new AbortController();
    // Back online: everything is worth a try at once, whatever its backoff said.
    addEventListener('online', () => this.flush({ all: true }), { signal: this.listeners.signal });
    addEventListener('pagehide', () => this.beaconAll(), { signal: this.listeners.signal });
  }

  /** Allows localStorage from now on: the in-memory items join the stored ones. */
  allowStorage() {
    if (this.storageAllowed) return;
    const pending = this.memory;
    this.storageAllowed = true;
    this.memory = [];
    for (const item of pending) this.write((items) => upsert(items, item, this.limit));
  }

  /** Queues a response (replacing a queued version with the same id) and sends it. */
  put(response) {
    const item = { id: response.id, body: JSON.stringify(response), attempts: 0, due: 0 };
    this.write((items) => upsert(items, item, this.limit));
    return this.flush();
  }

  /** The queued responses, oldest first. */
  items() {
    return this.read().map((item) => JSON.parse(item.body));
  }

  /** Sends every item that is due (`all`: every item); resolves when this round is done. */
  async flush({ all = false } = {}) {
    if (!this.endpoint) return;
    const now = Date.now();
    const due = this.read().filter((item) => (all || item.due <= now) && !this.sending.has(item.id + item.body));
    await Promise.all(due.map((item) => this.send(item)));
    this.schedule();
  }

  async send(item) {
    const key = item.id + item.body;
    this.sending.add(key);
    let delivered = false;
    let refused = null;
    try {
      const response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: item.body,
        keepalive: true,
        credentials: 'same-origin',
      });
      delivered = response.ok;
      if (REFUSED_FOR_GOOD.has(response.status)) {
        const reason = await response.json().then((answer) => answer?.error, () => null);
        refused = new CsatkitError(
          'outbox.refused',
          reason?.path ?? '$',
          `the endpoint refused response ${item.id} (HTTP ${response.status}${reason?.message ? `: ${reason.message}` : ''}); it was dropped`,
        );
      }
    } catch {
      // Offline or no answer: retried below.
    } finally {
      this.sending.delete(key);
    }
    if (refused) reportError(refused);
    this.write((items) => {
      const index = items.findIndex((queued) => queued.id === item.id);
      if (index === -1) return items;
      // A newer version queued meanwhile stays, and goes next.
      if (items[index].body !== item.body) return items;
      if (delivered || refused) items.splice(index, 1);
      else {
        const attempts = items[index].attempts + 1;
        const backoff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempts - 1));
        items[index] = { ...items[index], attempts, due: Date.now() + backoff * (0.5 + Math.random() / 2) };
      }
      return items;
    });
  }

  schedule() {
    clearTimeout(this.timer);
    const items = this.read();
    if (!items.length) return;
    const next = Math.min(...items.map((item) => item.due));
    this.timer = setTimeout(() => this.flush(), Math.max(0, next - Date.now()));
  }

  beaconAll() {
    if (!this.endpoint || typeof navigator.sendBeacon !== 'function') return;
    for (const item of this.read()) {
      navigator.sendBeacon(this.endpoint, new Blob([item.body], { type: 'text/plain;charset=UTF-8' }));
    }
  }

  stop() {
    clearTimeout(this.timer);
    this.listeners.abort();
  }

  read() {
    if (!this.storageAllowed) return this.memory;
    try {
      const items = JSON.parse(localStorage.getItem(STORAGE_KEY) || '[]');
      return Array.isArray(items) ? items : [];
    } catch {
      return [];
    }
  }

  write(change) {
    const items = change(this.read().slice());
    if (!this.storageAllowed) {
      this.memory = items;
      return;
    }
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(items));
    } catch (error) {
      reportError(new CsatkitError('outbox.storage', 'localStorage', `the outbox could not be saved: ${error.message}`));
    }
  }
}

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

/** A unique response id: crypto.randomUUID, or a v4 UUID from getRandomValues where it is missing. */
export function newResponseId() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

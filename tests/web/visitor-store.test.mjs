// The visitor's display history (web/widget/visitor-store.js) under Node: several stores — the
// surveys of one page, or tabs — over one localStorage, as a fake that behaves like Chromium's
// within one tab. Each must see the others' displays at its next decision and never write back
// a copy that erases them.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';

import { VisitorStore } from '../../web/widget/visitor-store.js';

const KEY = 'csatkit:visitor';
const stored = () => JSON.parse(globalThis.localStorage.getItem(KEY));

function fakeStorage() {
  const values = new Map();
  return {
    getItem: (key) => (values.has(key) ? values.get(key) : null),
    setItem: (key, value) => values.set(key, String(value)),
  };
}

/** localStorage that throws on every use, as in a sandboxed frame or with storage blocked. */
const blockedStorage = {
  getItem() {
    throw new DOMException('blocked', 'SecurityError');
  },
  setItem() {
    throw new DOMException('blocked', 'SecurityError');
  },
};

describe('the visitor store', () => {
  const saved = {};
  const useStorage = (storage) => Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true, writable: true });
  const allowed = () => {
    const store = new VisitorStore();
    store.allowStorage();
    return store;
  };

  beforeEach(() => {
    for (const name of ['localStorage', 'navigator']) saved[name] = Object.getOwnPropertyDescriptor(globalThis, name);
    useStorage(fakeStorage());
    Object.defineProperty(globalThis, 'navigator', { value: { doNotTrack: null }, configurable: true, writable: true });
  });

  afterEach(() => {
    for (const [name, descriptor] of Object.entries(saved)) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete globalThis[name];
    }
  });

  test('two surveys on one page: each keeps its record, and neither erases the other', () => {
    const popup = allowed();
    const inline = allowed();
    popup.record('popup', 'shown', 1000);
    inline.record('inline', 'shown', 1001, { startsCooldown: false });
    popup.record('popup', 'answered', 1002);
    inline.record('inline', 'dismissed', 1003);
    assert.deepEqual(stored().surveys, {
      popup: { displays: 1, last_shown: 1000, last_answered: 1002 },
      inline: { displays: 1, last_shown: 1001, last_dismissed: 1003 },
    });
    assert.equal(stored().last_shown_any, 1000);
  });

  test("a display recorded by another store is in this one's next history: the cooldown holds across surveys and tabs", () => {
    const first = allowed();
    const second = allowed();
    assert.equal(second.decisionInputs(null).history.last_shown_any, undefined);
    first.record('first', 'shown', 5000);
    assert.deepEqual(second.decisionInputs(null).history, { surveys: { first: { displays: 1, last_shown: 5000 } }, last_shown_any: 5000 });
    assert.equal(second.decisionInputs(null).visitor.id, first.decisionInputs(null).visitor.id, 'one visitor id for every store');
  });

  test('a display taken back (withdrawn before it was drawn) leaves the history as it was, and a later one of another tab as it is', () => {
    const store = allowed();
    store.record('popup', 'shown', 1000);
    const replaced = store.record('popup', 'shown', 2000);
    store.unrecordShown('popup', 2000, replaced);
    assert.deepEqual([stored().surveys.popup, stored().last_shown_any], [{ displays: 1, last_shown: 1000 }, 1000]);

    const first = store.record('inline', 'shown', 3000);
    allowed().record('inline', 'shown', 3001); // another tab, meanwhile
    store.unrecordShown('inline', 3000, first);
    assert.deepEqual([stored().surveys.inline, stored().last_shown_any], [{ displays: 1, last_shown: 3001 }, 3001]);
  });

  test('before storage is allowed nothing is read or written; then the page joins what was stored', () => {
    globalThis.localStorage.setItem(KEY, JSON.stringify({ id: 'visitor-1', surveys: { older: { displays: 2, last_shown: 10 } }, last_shown_any: 10 }));
    const store = new VisitorStore();
    store.record('popup', 'shown', 2000);
    assert.deepEqual(store.decisionInputs(null).history, { surveys: { popup: { displays: 1, last_shown: 2000 } }, last_shown_any: 2000 });
    assert.equal(store.decisionInputs(null).visitor.id, '');
    assert.equal(stored().surveys.popup, undefined, 'no write before the gate opens');

    store.allowStorage();
    assert.deepEqual(stored(), {
      id: 'visitor-1',
      surveys: { older: { displays: 2, last_shown: 10 }, popup: { displays: 1, last_shown: 2000 } },
      last_shown_any: 2000,
    });
  });

  test('a first visit gets a random id, stored once and then read by everyone', () => {
    const store = allowed();
    const { id } = stored();
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(store.decisionInputs(true).visitor.id, id);
    assert.equal(allowed().decisionInputs(true).visitor.id, id);
  });

  test('storage blocked or unreadable: the history lives for this page only', () => {
    useStorage(blockedStorage);
    const store = allowed();
    store.record('popup', 'shown', 3000);
    assert.deepEqual(store.decisionInputs(null).history, { surveys: { popup: { displays: 1, last_shown: 3000 } }, last_shown_any: 3000 });

    useStorage(fakeStorage());
    globalThis.localStorage.setItem(KEY, '{not json');
    const fresh = allowed();
    fresh.record('popup', 'dismissed', 4000);
    assert.deepEqual(stored().surveys, { popup: { displays: 0, last_dismissed: 4000 } }, 'an unreadable history is started afresh');
  });

  test('once consent is withdrawn, nothing more is written and decisions use what the page knows', () => {
    const store = allowed();
    store.record('popup', 'shown', 6000);
    store.storageAllowed = false; // what mount.js does on consent(false)
    store.record('popup', 'dismissed', 7000);
    assert.equal(stored().surveys.popup.last_dismissed, undefined);
    assert.equal(store.decisionInputs(null).history.surveys.popup.last_dismissed, 7000);
  });
});

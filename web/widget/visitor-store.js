// The visitor as the display rules see it: an anonymous random id (for sticky sampling) and the
// display history per survey. Kept in memory until the core says storage is allowed (consent,
// privacy signals); only then read from and written to localStorage.
// Once allowed, localStorage is the history: read afresh for every decision and changed one
// record at a time (read, change, write in one synchronous step), never overwritten with a copy
// kept since the page loaded. Other surveys on the page and other tabs write to it too: a copy
// would hide their displays from the cooldown and, written back, erase them.
import { newResponseId } from './outbox.js';

const STORAGE_KEY = 'csatkit:visitor';

export class VisitorStore {
  // Before storage is allowed, the history of this page; after, the last state read or written
  // (what decides when storage fails, or once consent is withdrawn).
  #memory = { id: '', surveys: {}, last_shown_any: null };

  constructor() {
    this.storageAllowed = false;
  }

  /** From now on, remember: joins what earlier visits stored, makes the id if there is none. */
  allowStorage() {
    if (this.storageAllowed) return;
    const onThisPage = this.#memory;
    this.storageAllowed = true;
    this.#change((state) => {
      if (!state.id) state.id = onThisPage.id || newResponseId();
      // Displays recorded on this page before storage was allowed still count.
      for (const [surveyId, entry] of Object.entries(onThisPage.surveys)) state.surveys[surveyId] ??= entry;
      if (onThisPage.last_shown_any !== null && !(state.last_shown_any >= onThisPage.last_shown_any)) {
        state.last_shown_any = onThisPage.last_shown_any;
      }
      return state;
    });
  }

  /**
   * display_decision's "visitor" and "history" objects, from one read of the stored state (a
   * decision runs on every throttled scroll and timer).
   */
  decisionInputs(consent) {
    const { id, surveys, last_shown_any } = this.#read();
    const visitor = { id, gpc: navigator.globalPrivacyControl === true, dnt: navigator.doNotTrack === '1', consent };
    const history = { surveys };
    if (last_shown_any !== null) history.last_shown_any = last_shown_any;
    return { visitor, history };
  }

  /**
   * Records "shown", "answered" or "dismissed" for a survey at `now` (epoch ms). A display starts
   * the global cooldown only when `startsCooldown` (the normalized definition's
   * display.respect_global_cooldown): an inline "Was this helpful?" that ignores the cooldown
   * must not hide the pop-ups that respect it.
   */
  record(surveyId, what, now, { startsCooldown = true } = {}) {
    this.#change((state) => {
      const entry = (state.surveys[surveyId] ??= { displays: 0 });
      if (what === 'shown') {
        entry.displays += 1;
        entry.last_shown = now;
        if (startsCooldown) state.last_shown_any = now;
      } else if (what === 'answered') {
        entry.last_answered = now;
      } else if (what === 'dismissed') {
        entry.last_dismissed = now;
      }
      return state;
    });
  }

  /** The state as stored now; this page's own while storage is not allowed, unreadable or empty. */
  #read() {
    if (this.storageAllowed) {
      try {
        const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
        if (stored && typeof stored === 'object' && typeof stored.id === 'string' && stored.id) {
          const surveys = stored.surveys && typeof stored.surveys === 'object' ? stored.surveys : {};
          return { id: stored.id, surveys, last_shown_any: stored.last_shown_any ?? null };
        }
      } catch {
        // Unreadable or blocked: what this page knows.
      }
    }
    return this.#memory;
  }

  /** Applies `update` to the state as it is now and keeps the result (stored when allowed). */
  #change(update) {
    this.#memory = update(this.#read());
    if (!this.storageAllowed) return;
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(this.#memory));
    } catch {
      // Full or blocked: the history lives for this page only.
    }
  }
}

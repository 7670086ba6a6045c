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
  #kept = true; // the last write reached localStorage (false: blocked or full)

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
    const dnt = [navigator.doNotTrack, globalThis.doNotTrack].some((value) => value === '1' || value === 'yes');
    const visitor = { id, gpc: navigator.globalPrivacyControl === true, dnt, consent };
    // Storage allowed but failing: no sticky id and no caps across pages. Without history_kept
    // the visitor would be asked on every page (the core shows only what the page asks for).
    if (this.storageAllowed && !this.#kept) {
      visitor.id = '';
      visitor.history_kept = false;
    }
    const history = { surveys };
    if (last_shown_any !== null) history.last_shown_any = last_shown_any;
    return { visitor, history };
  }

  /**
   * Consent withdrawn: no more writes, and the visitor id and history stored under that consent
   * are removed (the pending answers are the outbox's: they are still delivered).
   */
  forget() {
    this.storageAllowed = false;
    this.#memory = { id: '', surveys: {}, last_shown_any: null };
    try {
      localStorage.removeItem(STORAGE_KEY);
    } catch {
      // Blocked: nothing was stored.
    }
  }

  /**
   * Records "shown", "answered" or "dismissed" for a survey at `now` (epoch ms). A display starts
   * the global cooldown only when `startsCooldown` (the normalized definition's
   * display.respect_global_cooldown): an inline "Was this helpful?" that ignores the cooldown
   * must not hide the pop-ups that respect it. Returns the display times it replaced (for
   * unrecordShown).
   */
  record(surveyId, what, now, { startsCooldown = true } = {}) {
    let replaced;
    this.#change((state) => {
      const entry = (state.surveys[surveyId] ??= { displays: 0 });
      replaced = { last_shown: entry.last_shown, last_shown_any: state.last_shown_any };
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
    return replaced;
  }

  /**
   * Takes back the display of `surveyId` recorded at `at` whose prompt was withdrawn before it
   * was drawn (the page destroyed the survey, consent was refused): nobody saw it, so it counts
   * for neither the caps nor the cooldown. `replaced`: what record() returned. The times a later
   * display (another tab's) set are left as they are.
   */
  unrecordShown(surveyId, at, replaced) {
    this.#change((state) => {
      const entry = state.surveys[surveyId];
      if (entry?.displays) entry.displays -= 1;
      if (entry?.last_shown === at) entry.last_shown = replaced.last_shown;
      if (state.last_shown_any === at) state.last_shown_any = replaced.last_shown_any;
      return state;
    });
  }

  /** The state as stored now; this page's own while storage is not allowed, unreadable or empty. */
  #read() {
    if (this.storageAllowed) {
      try {
        const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
        if (stored && typeof stored === 'object' && typeof stored.id === 'string' && stored.id) {
          return { id: stored.id, surveys: validRecords(stored.surveys), last_shown_any: validTime(stored.last_shown_any) };
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
      this.#kept = true;
    } catch {
      // Full or blocked (a visitor who blocks site data): the history lives for this page only,
      // and the core is told so (history_kept).
      this.#kept = false;
    }
  }
}

// The stored history as the core accepts it. Another version of csatkit on the same site, or a
// hand-edited record, may have left fields or types the core rejects; one such record must not
// stop every survey of the site for good. Unknown fields are left out, records that are not
// objects dropped.
const TIME_FIELDS = ['last_shown', 'last_answered', 'last_dismissed'];
const MAX_TIME = 4102444800000; // the core's bound (display_rules.cpp): 2100-01-01 in epoch ms

function validTime(value) {
  return Number.isSafeInteger(value) && value >= 0 && value <= MAX_TIME ? value : null;
}

function validRecords(surveys) {
  const valid = {};
  if (!surveys || typeof surveys !== 'object') return valid;
  for (const [surveyId, record] of Object.entries(surveys)) {
    if (!record || typeof record !== 'object') continue;
    const displays = record.displays;
    const entry = { displays: Number.isSafeInteger(displays) && displays >= 0 && displays <= 1e6 ? displays : 0 };
    for (const field of TIME_FIELDS) {
      const time = validTime(record[field]);
      if (time !== null) entry[field] = time;
    }
    valid[surveyId] = entry;
  }
  return valid;
}

// The visitor as the display rules see it: an anonymous random id (for sticky sampling) and the
// display history per survey. Kept in memory until the core says storage is allowed (consent,
// privacy signals); only then read from and written to localStorage.
import { newResponseId } from './outbox.js';

const STORAGE_KEY = 'csatkit:visitor';

export class VisitorStore {
  constructor() {
    this.storageAllowed = false;
    this.state = { id: '', surveys: {}, last_shown_any: null };
  }

  /** From now on, remember: loads what an earlier visit stored, makes the id if there is none. */
  allowStorage() {
    if (this.storageAllowed) return;
    this.storageAllowed = true;
    let stored = null;
    try {
      stored = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
    } catch {
      // Unreadable or blocked: start afresh.
    }
    const pageSurveys = this.state.surveys;
    if (stored && typeof stored === 'object' && typeof stored.id === 'string' && stored.id) {
      this.state = { id: stored.id, surveys: stored.surveys ?? {}, last_shown_any: stored.last_shown_any ?? null };
    } else {
      this.state = { ...this.state, id: newResponseId() };
    }
    // Displays recorded on this page before storage was allowed still count.
    for (const [surveyId, entry] of Object.entries(pageSurveys)) this.state.surveys[surveyId] ??= entry;
    this.save();
  }

  /** display_decision's "visitor" object. */
  visitor(consent) {
    return {
      id: this.state.id,
      gpc: navigator.globalPrivacyControl === true,
      dnt: navigator.doNotTrack === '1',
      consent,
    };
  }

  /** display_decision's "history" object. */
  history() {
    const history = { surveys: this.state.surveys };
    if (this.state.last_shown_any !== null) history.last_shown_any = this.state.last_shown_any;
    return history;
  }

  /**
   * Records "shown", "answered" or "dismissed" for a survey at `now` (epoch ms). A display starts
   * the global cooldown only when `startsCooldown` (the normalized definition's
   * display.respect_global_cooldown): an inline "Was this helpful?" that ignores the cooldown
   * must not hide the pop-ups that respect it.
   */
  record(surveyId, what, now, { startsCooldown = true } = {}) {
    const entry = (this.state.surveys[surveyId] ??= { displays: 0 });
    if (what === 'shown') {
      entry.displays += 1;
      entry.last_shown = now;
      if (startsCooldown) this.state.last_shown_any = now;
    } else if (what === 'answered') {
      entry.last_answered = now;
    } else if (what === 'dismissed') {
      entry.last_dismissed = now;
    }
    this.save();
  }

  save() {
    if (!this.storageAllowed) return;
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(this.state));
    } catch {
      // Full or blocked: the history lives for this page only.
    }
  }
}

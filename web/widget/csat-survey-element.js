// <csat-survey survey="/surveys/kb.json" endpoint="/api/csat" locale="nl" touchpoint="kb" assets="/static/csatkit/"></csat-survey>:
// mounts the survey when the element is connected; an inline survey renders inside the element.
// `survey` may also hold the definition's JSON. Changing an attribute while connected starts the
// survey again with the new values (a framework re-rendering with another survey or locale).
// Defined and registered on import, only where there is a DOM: importing csatkit in Node, a Web
// Worker or server-side rendering must not fail, and CsatSurveyElement is undefined there.
import { consentGiven, mount } from './mount.js';
import { reportError } from './report-error.js';

export const CsatSurveyElement =
  typeof HTMLElement === 'function' && typeof customElements === 'object' ? defineSurveyElement() : undefined;

function defineSurveyElement() {
  class CsatSurveyElement extends HTMLElement {
    #controller = null; // the running survey's, while the element is in the document
    // What the page told the element, kept for every survey it starts: a page may call these
    // before inserting the element, and an element inserted again starts a new survey.
    #context = {};
    #consent = null;
    #restartQueued = false;

    static observedAttributes = ['survey', 'endpoint', 'locale', 'touchpoint', 'assets'];

    connectedCallback() {
      if (this.#controller) return; // moved: the survey it runs goes on
      const survey = (this.getAttribute('survey') ?? '').trim();
      this.#controller = mount({
        ...(survey.startsWith('{') ? { definition: survey } : { definitionUrl: survey }),
        endpoint: this.getAttribute('endpoint') ?? undefined,
        locale: this.getAttribute('locale') ?? undefined,
        touchpoint: this.getAttribute('touchpoint') ?? undefined,
        assets: this.getAttribute('assets') ?? undefined,
        // mount() checks these as setContext does: what JSON cannot hold is left out and reported.
        context: this.#context,
        consent: this.#consent,
        target: this,
      });
    }

    disconnectedCallback() {
      // A move (appending the element elsewhere, a framework re-parenting it) disconnects and
      // connects it again before any microtask runs: only an element still out of the document
      // then was removed, and its survey ends. Ending it at once would show it again, counted as
      // another display.
      queueMicrotask(() => {
        if (this.isConnected || !this.#controller) return;
        this.#controller.destroy();
        this.#controller = null;
      });
    }

    attributeChangedCallback(name, oldValue, newValue) {
      if (!this.#controller || oldValue === newValue || this.#restartQueued) return;
      // A framework sets several attributes one after another: restart once, with all of them.
      this.#restartQueued = true;
      queueMicrotask(() => {
        this.#restartQueued = false;
        if (!this.#controller) return; // removed meanwhile
        this.#controller.destroy();
        this.#controller = null;
        this.connectedCallback();
      });
    }

    /** Shows the survey now (subject to its caps, consent and URL rules). */
    show() {
      this.#controller?.show();
    }

    /** Records a custom event (a trigger when the definition lists it). */
    track(eventName) {
      this.#controller?.track(eventName);
    }

    /** Adds key/values to the responses' context. */
    setContext(data) {
      this.#controller?.setContext(data);
      if (data !== null && typeof data === 'object' && !Array.isArray(data)) Object.assign(this.#context, data);
    }

    /** Grants or refuses consent for storage. */
    consent(granted) {
      try {
        this.#consent = consentGiven(granted);
      } catch (error) {
        return void reportError(error);
      }
      this.#controller?.consent(granted);
    }
  }

  if (!customElements.get('csat-survey')) customElements.define('csat-survey', CsatSurveyElement);
  return CsatSurveyElement;
}

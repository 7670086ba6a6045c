// <csat-survey survey="/surveys/kb.json" endpoint="/api/csat" locale="nl"></csat-survey>:
// mounts the survey when the element is connected; an inline survey renders inside the element.
// `survey` may also hold the definition's JSON. Defined once, on import.
import { mount } from './mount.js';

export class CsatSurveyElement extends HTMLElement {
  connectedCallback() {
    if (this.controller) return;
    const survey = (this.getAttribute('survey') ?? '').trim();
    this.controller = mount({
      ...(survey.startsWith('{') ? { definition: survey } : { definitionUrl: survey }),
      endpoint: this.getAttribute('endpoint') ?? undefined,
      locale: this.getAttribute('locale') ?? undefined,
      touchpoint: this.getAttribute('touchpoint') ?? undefined,
      target: this,
    });
  }

  disconnectedCallback() {
    this.controller?.destroy();
    this.controller = null;
  }

  /** Shows the survey now (subject to its caps and consent). */
  show() {
    this.controller?.show();
  }
}

if (!customElements.get('csat-survey')) customElements.define('csat-survey', CsatSurveyElement);

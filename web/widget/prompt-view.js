// The prompt on the page: a shadow root (open, so assistive tech and tests see it whole) that
// holds the core's HTML for the current step. The HTML is parsed with DOMParser and adopted —
// never assigned to innerHTML — and was escaped by the core; styles come from widget.css as an
// adopted stylesheet (widget-stylesheet.js), so nothing inline is needed under a strict CSP.
// A page that enforces Trusted Types (require-trusted-types-for 'script') refuses a plain string
// in DOMParser: the HTML goes through one policy, "csatkit", which the page's trusted-types
// directive must allow.
//
// Overlays (popup, slide-in, bar) are position: fixed inside the shadow root: the host page's
// layout never moves. Inline mode reserves no space until the survey is shown, then takes its
// natural height inside the selected element.

import { CsatkitError } from '../csatkit-error.js';
import { loadWidgetStylesheet } from './widget-stylesheet.js';

const HOST_TAG = 'csatkit-prompt';

// The Trusted Types policy, made at the first render: undefined until then; null where the
// browser has none; the CsatkitError if the page refused it (thrown at every render: reported
// once, see report-error.js; creating it again would only repeat the page's CSP violation).
let htmlPolicy;

/**
 * The core's HTML as the DOMParser of this page accepts it. Throws the CsatkitError when the
 * page's Trusted Types refuse the policy (mount.js asks with "" before recording a display).
 */
export function trustedHtml(html) {
  try {
    // Passed through as is: the core escaped every text in it, so there is nothing to sanitize.
    htmlPolicy ??= globalThis.trustedTypes?.createPolicy('csatkit', { createHTML: (core) => core }) ?? null;
  } catch {
    htmlPolicy = new CsatkitError('prompt.trusted_types', 'trusted-types', "the page's trusted-types directive refuses the policy csatkit: add csatkit to it");
  }
  if (htmlPolicy instanceof CsatkitError) throw htmlPolicy;
  return htmlPolicy ? htmlPolicy.createHTML(html) : html;
}

export class PromptView {
  #presentation;
  #container;
  #onActions;
  #host = null; // the <csatkit-prompt> element while the prompt is on the page
  #root = null; // inside its shadow root: the core's HTML goes here
  #live = null; // the live region that announces each step
  #returnFocusTo = null; // what had the focus when the prompt opened
  #touched; // the visitor's last press in the prompt was a finger's, not a key or a mouse

  /**
   * @param {{mode: string, position: string, selector: string}} presentation the definition's
   * @param {{container?: Element|null, onActions: (actions: object[]) => void}} options
   */
  constructor(presentation, { container = null, onActions }) {
    this.#presentation = presentation;
    this.#container = container;
    this.#onActions = onActions;
  }

  /**
   * Attaches the prompt and shows the first step; resolves once it is styled and visible.
   * `requested`: the page asked for it now (show(), a tracked event), not a timer or scrolling.
   */
  open(step, { requested = false } = {}) {
    this.#returnFocusTo = deepActiveElement();
    const host = document.createElement(HOST_TAG);
    const styles = loadWidgetStylesheet();
    // Usually loaded by now (fetched with the runtime); if not, hidden until it is (CSSOM, not a
    // style attribute: allowed by the CSP).
    if (!styles.loaded) host.style.setProperty('visibility', 'hidden', 'important');
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.adoptedStyleSheets = [styles.sheet];
    // The core's <section class="csatkit …"> goes in here, replaced on every step.
    this.#root = document.createElement('div');
    this.#root.className = 'csatkit-content';
    this.#live = document.createElement('div');
    this.#live.className = 'csatkit-live';
    this.#live.setAttribute('role', 'status');
    this.#live.setAttribute('aria-live', 'polite');
    shadow.append(this.#root, this.#live);
    this.#root.addEventListener('click', (event) => this.#onClick(event));
    this.#root.addEventListener('keydown', (event) => this.#onKeydown(event));
    this.#root.addEventListener('pointerdown', (event) => (this.#touched = event.pointerType === 'touch'));
    this.#host = host;
    this.render(step);
    (this.#presentation.mode === 'inline' ? this.#container : document.body).append(host);
    // Attached and styled in the same task: the prompt is painted in the next frame. Focus moves
    // in that frame: focusing needs the prompt laid out, which the frame does anyway; done here,
    // it would force that layout early, inside this task (then the longest part of it).
    // Resolves once focus has moved, so "shown" means visible and ready for the keyboard.
    const reveal = () =>
      new Promise((resolve) => {
        host.style.removeProperty('visibility');
        requestAnimationFrame(() => {
          if (this.#host === host && !host.shadowRoot.activeElement) this.#takeFocus(requested);
          resolve();
        });
      });
    if (styles.loaded) return reveal();
    return styles.ready.then(() => this.#host === host && reveal());
  }

  /** Replaces the content with a step's HTML; announces its text; keeps focus inside. */
  render(step) {
    const focused = this.#host?.shadowRoot.activeElement;
    const again = focused?.dataset?.csatkitAction
      ? `[data-csatkit-action="${focused.dataset.csatkitAction}"]` +
        (focused.dataset.csatkitValue === undefined ? '' : `[data-csatkit-value="${CSS.escape(focused.dataset.csatkitValue)}"]`)
      : null;
    const parsed = new DOMParser().parseFromString(trustedHtml(step.html ?? ''), 'text/html');
    // Each step comes in a new card, which would run the entrance animation again (the slide-in
    // back from off-screen after every tap): the steps after the first come without it.
    if (this.#root.firstChild) this.#root.classList.add('csatkit-later');
    this.#root.replaceChildren(...parsed.body.childNodes);
    const section = this.#root.firstElementChild;
    this.#live.dir = section?.dir || 'ltr';
    this.#live.lang = section?.lang || '';
    for (const group of this.#root.querySelectorAll('[role="radiogroup"]')) rovingTabindex(group);
    for (const comment of this.#root.querySelectorAll('textarea')) this.#countCharacters(comment);
    if (step.announce) this.#live.textContent = step.announce;
    if (focused) {
      // The same control after a re-render of the same step (a reason chip), else the first.
      const same = again && this.#root.querySelector(again);
      if (same) same.focus({ preventScroll: true });
      else this.#focusFirst();
    }
  }

  /** Fills the core's "characters left" template ({n}) as the visitor types. */
  #countCharacters(comment) {
    const counter = this.#root.querySelector('[data-csatkit-counter]');
    const max = Number(comment.getAttribute('maxlength'));
    if (!counter || !max) return;
    // The core renders the text filled in for the initial length and keeps the template aside.
    const template = counter.dataset.csatkitCounter ?? counter.textContent;
    const update = () => {
      counter.textContent = template.replace('{n}', String(Math.max(0, max - [...comment.value].length)));
    };
    comment.addEventListener('input', update);
    update();
  }

  close() {
    if (!this.#host) return;
    const hadFocus = this.#host.shadowRoot.activeElement != null;
    this.#host.remove();
    this.#host = null;
    if (hadFocus && this.#returnFocusTo?.isConnected) this.#returnFocusTo.focus({ preventScroll: true });
  }

  /**
   * Where the focus goes as the prompt appears. Never away from a field the visitor is typing in:
   * their next keys would land in the prompt (a Space meant for a search box answered the
   * survey). The page asked for the prompt: its first point, ready to answer. A timer or
   * scrolling opened it: an overlay takes the focus as a whole (a screen reader announces the
   * dialog, Tab enters it, and a stray key answers nothing); an inline survey waits in the page
   * like the rest of its content. An inline survey also leaves the focus where another prompt
   * (a pop-up of another survey on the page) has put it.
   */
  #takeFocus(requested) {
    const focused = deepActiveElement();
    if (isTyping(focused)) return;
    const inline = this.#presentation.mode === 'inline';
    const otherPrompt = document.activeElement?.localName === HOST_TAG && document.activeElement !== this.#host;
    if (inline && otherPrompt) return;
    if (requested) return this.#focusFirst();
    if (!inline) this.#focusCard();
  }

  /** The card itself (the dialog or region, named by the step's question): a landing place. */
  #focusCard() {
    const card = this.#root.firstElementChild;
    card.tabIndex = -1;
    card.focus({ preventScroll: true });
  }

  #focusFirst() {
    const target =
      this.#root.querySelector('[autofocus]') ??
      this.#root.querySelector('[role="radio"][tabindex="0"]') ??
      this.#root.querySelector('textarea, input, [role="radio"], a[href], button:not([data-csatkit-action="dismiss"])') ??
      this.#root.querySelector('button');
    // After a tap, not the comment box: focusing it opens a phone's on-screen keyboard over half
    // the screen, for a comment that is optional. The card takes the focus instead, as when it
    // opened on its own: named by the step's question, it has a screen reader announce the new
    // step, and the next Tab enters it. (The box's label would be read too, but a focused label
    // is no control to a screen reader.) Keys and mice still land in the box.
    if (this.#touched && target?.localName === 'textarea') return this.#focusCard();
    target?.focus({ preventScroll: true });
  }

  /** The step offers a link (the review invitation): it waits for the visitor, never closes itself. */
  get offersLink() {
    return this.#root?.querySelector('a[href]') != null;
  }

  #onClick(event) {
    // The review link opens in a new tab (its default action, not prevented); the thank-you it
    // sat in is done, and closes once the click has been handled.
    if (event.target.closest('a[href]')) return void setTimeout(() => this.#onActions([{ type: 'submit' }]));
    const control = event.target.closest('[data-csatkit-action]');
    if (!control || !this.#root.contains(control)) return;
    event.preventDefault();
    const { csatkitAction: type, csatkitValue: value } = control.dataset;
    if (type === 'dismiss') return this.#dismiss();
    const action = { type };
    if (value !== undefined) action.value = type === 'score' ? Number(value) : value;
    if (type === 'submit') {
      const comment = this.#root.querySelector('textarea');
      if (comment && comment.value.trim() !== '') action.text = comment.value;
    }
    this.#onActions([action]);
  }

  /**
   * × or Esc. A comment already written is kept, as reason chips already chosen are: the score
   * has been sent, and closing is not asking to throw away what was typed. (Skip drops it.)
   */
  #dismiss() {
    const comment = this.#root.querySelector('textarea');
    const written = comment && comment.value.trim() !== '' ? [{ type: 'comment', text: comment.value }] : [];
    this.#onActions([...written, { type: 'dismiss' }]);
  }

  #onKeydown(event) {
    this.#touched = false;
    if (event.key === 'Escape') {
      event.preventDefault();
      this.#dismiss();
      return;
    }
    const radio = event.target.closest('[role="radio"]');
    const group = radio?.closest('[role="radiogroup"]');
    if (!group) return;
    const radios = [...group.querySelectorAll('[role="radio"]')];
    const at = radios.indexOf(radio);
    const rtl = getComputedStyle(group).direction === 'rtl';
    const step = { ArrowRight: rtl ? -1 : 1, ArrowDown: 1, ArrowLeft: rtl ? 1 : -1, ArrowUp: -1 }[event.key];
    let next = null;
    if (step !== undefined) next = radios[(at + step + radios.length) % radios.length];
    else if (event.key === 'Home') next = radios[0];
    else if (event.key === 'End') next = radios[radios.length - 1];
    else if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      radio.click();
      return;
    }
    if (!next) return;
    // Arrows move focus only: choosing a point answers the question, so it takes Space or Enter.
    event.preventDefault();
    for (const each of radios) each.tabIndex = each === next ? 0 : -1;
    next.focus();
  }
}

/** One tab stop per radiogroup: the checked point, else the first. */
function rovingTabindex(group) {
  const radios = [...group.querySelectorAll('[role="radio"]')];
  const current = radios.find((radio) => radio.getAttribute('aria-checked') === 'true') ?? radios[0];
  for (const radio of radios) radio.tabIndex = radio === current ? 0 : -1;
}

/** Whether keys pressed now go into text the visitor is writing. */
function isTyping(element) {
  if (!element) return false;
  if (element.isContentEditable || element.localName === 'textarea' || element.localName === 'select') return true;
  return element.localName === 'input' && !/^(button|submit|reset|checkbox|radio|range|color|file|image)$/.test(element.type);
}

function deepActiveElement() {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

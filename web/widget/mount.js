// One survey on one page: asks the core whether to show it as the signals change, shows the
// core's steps, delivers the responses. Every decision is the core's; this file wires it to the
// page's timers, storage, DOM and network, and never lets a failure reach the host page.
import { CsatkitError } from '../csatkit-error.js';
import { explainDefinitionError, loadWidgetCore } from './core.js';
import { nextTask } from './next-task.js';
import { Outbox, newResponseId } from './outbox.js';
import { PromptView, trustedHtml } from './prompt-view.js';
import { reportError } from './report-error.js';
import { createSignals } from './signals.js';
import { VisitorStore } from './visitor-store.js';
import { loadWidgetStylesheet } from './widget-stylesheet.js';

const THROTTLE_MS = 200; // scroll and visibility changes are asked about at most this often
const THANKS_CLOSE_MS = 4000; // an overlay's thank-you closes itself after this long
// The ids of the surveys running on this page, on the window: shared by every copy of this module
// (the script tag's bundle, an npm import), so that one survey mounted twice (two tags, two
// <csat-survey> elements, a mount() beside a tag) runs, shows and counts once.
const RUNNING_SURVEYS = Symbol.for('csatkit.runningSurveys');

/**
 * Mounts a survey; see web/widget/index.d.ts for the options. Never throws: problems are logged
 * once as a CsatkitError and the returned controller stays inert.
 */
export function mount(options = {}) {
  const checked = checkedOptions(options);
  if (checked.signals) return mountWithSignals(checked, false);
  return mountWithSignals({ ...checked, signals: createSignals() }, true);
}

const isText = (value) => typeof value === 'string';
const isUrl = (value) => isText(value) || value instanceof URL;
const isFlag = (value) => typeof value === 'boolean';
const isFunction = (value) => typeof value === 'function';
const anything = () => true;
// mount()'s options: what each takes, and how to tell. A page in plain JavaScript has no types to
// catch a misspelled option (onRespone) or a wrong value (consent: "no"): each is said once, at
// mount(), and left out, instead of being ignored without a word or failing when the visitor answers.
const OPTIONS = {
  definition: ['an object or its JSON text', (value) => isText(value) || typeof value === 'object'],
  definitionUrl: ['a URL', isUrl],
  endpoint: ['a URL', isUrl],
  assets: ['a URL', isUrl],
  locale: ['a language code', isText],
  target: ['an element or a CSS selector', (value) => isText(value) || value instanceof Element],
  touchpoint: ['a string', isText],
  userId: ['a string or an integer', (value) => isText(value) || Number.isInteger(value)],
  context: ['an object', anything], // checked key by key by the survey (#addContext)
  consent: ['true or false', isFlag],
  dataLayer: ['true or false', isFlag],
  onShown: ['a function', isFunction],
  onResponse: ['a function', isFunction],
  onDismissed: ['a function', isFunction],
  signals: ['signals', anything], // the script tag's loader's
};

/** `options` without what is not an option or not of its type; each such one is reported. */
function checkedOptions(options) {
  if (options === null || typeof options !== 'object') {
    reportError(new CsatkitError('mount.invalid', 'options', `mount() takes an object of options, got ${options === null ? 'null' : typeof options}`));
    return {};
  }
  const checked = {};
  for (const [name, value] of Object.entries(options)) {
    const option = Object.hasOwn(OPTIONS, name) ? OPTIONS[name] : null;
    if (!option) {
      reportError(new CsatkitError('mount.invalid', name, `"${name}" is not an option of mount(); the options are ${Object.keys(OPTIONS).slice(0, -1).join(', ')}`));
    } else if (value != null && !option[1](value)) {
      reportError(new CsatkitError('mount.invalid', name, `${name} takes ${option[0]}, got ${typeof value}; it was left out`));
    } else {
      checked[name] = value;
    }
  }
  return checked;
}

/** What consent(granted) was given, if it is true or false; a consent tool's "no" must not grant. */
export function consentGiven(granted) {
  if (isFlag(granted)) return granted;
  throw new CsatkitError('consent.invalid', 'consent', `consent() takes true or false, got ${typeof granted === 'string' ? `"${granted}"` : typeof granted}; consent is unchanged`);
}

/**
 * mount() with the page's signals given: the script tag's loader has been gathering them since
 * the page began, and its runtime bundle (loader-entry.js) leaves signals.js out this way.
 * `ownsSignals`: stop them on destroy().
 */
export function mountWithSignals(options, ownsSignals) {
  const run = new SurveyRun(options, ownsSignals);
  const controller = {
    ready: run.start().then(
      () => controller,
      (error) => {
        reportError(error);
        return controller;
      },
    ),
    show: (surveyId) => run.guard(() => run.show(surveyId)),
    track: (eventName) => run.guard(() => run.track(eventName)),
    setContext: (data) => run.guard(() => run.setContext(data)),
    consent: (granted) => run.guard(() => run.setConsent(granted)),
    destroy: () => run.guard(() => run.destroy()),
  };
  return controller;
}

class SurveyRun {
  #options;
  #signals; // the page's, maybe shared with other surveys (the script tag's loader)
  #ownsSignals; // stopped on destroy() when this survey made them
  #store = new VisitorStore();
  #consent;
  #data;
  #core = null;
  #definition = null; // the core's normalized definition, once validated
  #view = null;
  #shown = false;
  #shownAt = 0; // when the prompt was recorded as shown (epoch ms)
  #opening = false; // recorded as shown, not drawn yet: #close() in between withdraws it
  #manual = false; // show() was called for this survey
  #timer = null;
  #throttled = null;
  #containerObserver = null; // an inline survey waiting for its element
  #showsAsked = []; // the ids given to show() before the definition was known (undefined: any)
  #localeReady = null;
  #outbox = null;
  #unsubscribe = null;
  #answered = false;
  #responseId = null;
  #state = null; // the core's survey state between steps
  #running = false; // this survey's id is in the page's RUNNING_SURVEYS
  #destroyed = false;

  constructor(options, ownsSignals) {
    this.#options = options;
    this.#signals = options.signals;
    this.#ownsSignals = ownsSignals;
    this.#consent = options.consent ?? null;
    this.#data = {};
    // Checked as setContext checks, key by key: one value JSON cannot hold must not fail every answer.
    if (options.context != null) this.guard(() => this.#addContext(options.context, 'context'));
  }

  /** A custom event, on the page's signals (every survey of the page hears it). */
  track(eventName) {
    this.#signals.track(eventName);
  }

  guard(action) {
    try {
      action();
    } catch (error) {
      reportError(error);
    }
  }

  async start() {
    const { assets } = this.#options; // a copy of web/dist/, when the site's bundler did not copy the files
    loadWidgetStylesheet(undefined, assets); // downloads with the core, so the first prompt is styled when it opens
    const endpoint = this.#endpoint();
    const [core, raw] = await Promise.all([loadWidgetCore({ assets }), this.#loadDefinition()]);
    if (this.#destroyed) return; // destroy() came first: nothing to start, nothing left listening
    this.#core = core;
    let definition;
    try {
      definition = core.surveyDefinition(raw);
    } catch (error) {
      throw await explainDefinitionError(error, raw); // a CsatkitError listing every problem
    }
    const running = (globalThis[RUNNING_SURVEYS] ??= new Set());
    if (running.has(definition.id)) {
      throw new CsatkitError('mount.duplicate', '$.id', `the survey "${definition.id}" is already running on this page; it runs and shows once`);
    }
    running.add(definition.id);
    this.#running = true;
    this.#definition = definition;
    // A survey that opens at once is rendered a task later: its first render (the core compiles
    // its code on first use) and its DOM never share a task with this validation and decision.
    // Later opens wait for nothing (the promise has settled), so a trigger still shows in a frame.
    this.#localeReady = Promise.all([this.#loadLocale(), nextTask()]);
    this.#outbox = new Outbox({ endpoint });
    if (!this.#options.endpoint && typeof this.#options.onResponse !== 'function') {
      reportError(new CsatkitError('mount.no_endpoint', 'endpoint', 'no endpoint is set (data-endpoint, or mount()\'s endpoint): answers reach only the csatkit:response event'));
    }
    const stopStorage = new AbortController();
    addEventListener('storage', () => this.guard(() => this.#answeredElsewhere()), { signal: stopStorage.signal });
    const unsubscribe = this.#signals.subscribe((reason) => this.guard(() => this.#signalChanged(reason)));
    this.#unsubscribe = () => {
      unsubscribe();
      stopStorage.abort();
    };
    if (this.#showsAsked.some((surveyId) => this.#isFor(surveyId))) this.#manual = true;
    this.#check();
  }

  /**
   * The visitor's language, when the core has no texts for it yet (its wasm carries English):
   * its pack, web/dist/locales/<code>.json, is fetched now, so that it is here when the prompt
   * opens. Never rejects: without the pack the survey shows in English, and says why once.
   */
  async #loadLocale() {
    const { code, has_texts } = this.#core.surveyLocale({
      definition: this.#definition,
      locale: this.#options.locale ?? null,
      context: { page_lang: document.documentElement.lang, languages: [...(navigator.languages ?? [])] },
    });
    if (has_texts) return;
    try {
      await this.#core.loadLocalePack(code);
    } catch (error) {
      reportError(error, 'locale.pack_unavailable', `locales/${code}.json`);
    }
  }

  async #loadDefinition() {
    const { definition, definitionUrl } = this.#options;
    if (definition !== undefined) return definition;
    if (!definitionUrl) throw new CsatkitError('mount.invalid', 'definition', 'give a survey definition or its URL');
    const response = await fetch(definitionUrl, { credentials: 'same-origin' });
    if (!response.ok) {
      throw new CsatkitError('survey.fetch', definitionUrl, `the survey definition could not be loaded (HTTP ${response.status})`);
    }
    return response.text();
  }

  #signalChanged(reason) {
    // A single-page app went to a page where this survey may not show (the definition's URL
    // rules): a prompt not yet answered goes with the page it was for. Not counted as dismissed.
    if (reason === 'navigation' && this.#view && !this.#answered && this.#decide().reason === 'url') return this.#close(false);
    if (!this.#definition || this.#shown) return;
    // A tracked event is answered within the same frame; scrolling is throttled.
    if (reason === 'event') return this.#check();
    if (this.#throttled) return;
    this.#throttled = setTimeout(() => {
      this.#throttled = null;
      this.guard(() => this.#check());
    }, THROTTLE_MS);
  }

  show(surveyId) {
    if (!this.#definition) {
      // Before the definition is known: remembered, applied by start(). Every id counts, not
      // only the last (show('a'); show('b') before the runtime arrives asks for both).
      this.#showsAsked.push(surveyId);
      return;
    }
    if (!this.#isFor(surveyId)) return;
    // This survey's own: the page's signals are shared with the other surveys of the page.
    this.#manual = true;
    this.#check();
  }

  /** Whether show(surveyId) asks for this survey: its id, or no id (every survey of the page). */
  #isFor(surveyId) {
    return surveyId == null || surveyId === this.#surveyId();
  }

  setContext(data) {
    this.#addContext(data, 'setContext');
  }

  /** `source`: where the key/values came from (setContext, or mount()'s `context` option), for errors. */
  #addContext(data, source) {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new CsatkitError('context.invalid', source, `${source} takes an object of key/values`);
    }
    for (const [key, value] of Object.entries(data)) {
      // Checked now, not when the visitor answers: a value JSON cannot hold (a circular object, a
      // BigInt) would otherwise fail every answer of the page. Left out; the others are kept.
      try {
        JSON.stringify(value);
      } catch (error) {
        reportError(new CsatkitError('context.invalid', `${source}.${key}`, `the value of "${key}" cannot be sent as JSON (${error.message}); it was left out`));
        continue;
      }
      this.#data[key] = value;
    }
  }

  /**
   * The endpoint as an absolute URL: a queued response keeps it, and is sent from whichever page
   * of the site loads next, where "../api/csat" would name another address.
   */
  #endpoint() {
    const { endpoint } = this.#options;
    if (!endpoint) return endpoint;
    try {
      return new URL(endpoint, location.href).href;
    } catch {
      throw new CsatkitError('mount.invalid', 'endpoint', `"${endpoint}" is not a URL`);
    }
  }

  setConsent(granted) {
    this.#consent = consentGiven(granted);
    if (!granted) {
      // Withdrawn (or refused): no more writes, the visitor id and history go, and a prompt not
      // yet answered closes (the core would not show it now). Answers given are still delivered.
      this.#store.forget();
      if (this.#outbox) this.#outbox.storageAllowed = false;
      if (!this.#answered) this.#close(false);
    }
    if (this.#definition && !this.#shown) this.#check();
  }

  /**
   * Another tab of the site (storage events come only from others) changed the visitor's
   * history while this survey's prompt is open here, unanswered. If the core would now refuse it
   * for an answer or a dismissal (recontact_days, dismiss_days) — one given since it opened, as
   * it was shown — the visitor has said it there, and this prompt goes rather than ask twice. A
   * "Was this helpful?" without a recontact period asks on every article: it stays. Asked as if
   * this display had not happened yet, so that its own count does not answer first (max_displays
   * is checked before). Not counted as dismissed.
   */
  #answeredElsewhere() {
    if (!this.#view || this.#answered) return;
    const { reason } = this.#decide(true);
    if (reason === 'recontact' || reason === 'dismissed') this.#close(false);
  }

  #surveyId() {
    return this.#definition?.id;
  }

  /** The core's display decision now; `beforeThisDisplay`: with this survey's open display not counted. */
  #decide(beforeThisDisplay) {
    const inputs = this.#store.decisionInputs(this.#consent);
    const { surveys } = inputs.history;
    const own = surveys[this.#surveyId()];
    // A copy: the store's own memory is what decides while storage is not allowed.
    if (beforeThisDisplay && own?.displays) inputs.history.surveys = { ...surveys, [this.#surveyId()]: { ...own, displays: own.displays - 1 } };
    return this.#core.displayDecision({
      definition: this.#definition,
      now: Date.now(),
      ...inputs,
      page: { ...this.#signals.snapshot(), manual: this.#manual },
    });
  }

  #check() {
    clearTimeout(this.#timer);
    if (this.#shown) return;
    let decision = this.#decide();
    if (decision.storage_allowed && !this.#store.storageAllowed) {
      // The consent gate is open: the stored visitor id and history may now decide sampling and caps.
      this.#store.allowStorage();
      this.#outbox.allowStorage();
      this.#signals.countPageview();
      this.#outbox.flush();
      decision = this.#decide();
    }
    if (decision.show) {
      // An inline survey shows only once its element is on the page; until then nothing is
      // recorded (a display that never appeared must not count against the caps or cooldown).
      const container = this.#container();
      if (container === undefined) return this.#waitForContainer();
      return this.#open(decision, container);
    }
    if (decision.next_check_ms != null) {
      this.#timer = setTimeout(() => this.guard(() => this.#check()), Math.max(0, decision.next_check_ms));
    }
  }

  #context() {
    const { touchpoint, userId } = this.#options;
    const context = {
      response_id: this.#responseId,
      now: new Date().toISOString(),
      url: location.href,
      referrer: document.referrer,
      page_lang: document.documentElement.lang,
      languages: [...(navigator.languages ?? [])],
      data: this.#data,
    };
    if (touchpoint) context.touchpoint = touchpoint;
    if (userId != null && userId !== '') context.user_id = userId; // 0 is an id
    return context;
  }

  #step(action) {
    const request = {
      definition: this.#definition,
      locale: this.#options.locale ?? null,
      state: this.#state ?? null,
      action,
      context: this.#context(),
    };
    let step = this.#core.surveyStep(request);
    // The visitor's locale pack could not be loaded (reported by loadLocale): English, then.
    if (step.locale_pack) step = this.#core.surveyStep({ ...request, locale: 'en' });
    // Page-given values the endpoint would refuse (a 3 KB URL, 60 setContext keys) were cut by
    // the core so that the answer is accepted; the page's developer hears what, once.
    for (const { code, path, message } of step.warnings ?? []) reportError(new CsatkitError(code, path, message));
    this.#state = step.state;
    return step;
  }

  /** The inline survey's element; null for an overlay; undefined while the page has none. */
  #container() {
    if (this.#definition.presentation.mode !== 'inline') return null;
    const { target } = this.#options;
    const place = target ?? this.#definition.presentation.selector;
    if (place instanceof Element) return place.isConnected ? place : undefined;
    try {
      return document.querySelector(place) ?? undefined;
    } catch {
      throw target
        ? new CsatkitError('mount.invalid', 'target', `"${place}" is not a valid CSS selector`)
        : new CsatkitError('survey.invalid', '$.presentation.selector', `"${place}" is not a valid CSS selector`);
    }
  }

  /** Asks the core again once the inline survey's element appears (pages that render late). */
  #waitForContainer() {
    if (this.#containerObserver) return;
    this.#containerObserver = new MutationObserver(() => {
      if (this.#container() === undefined) return;
      this.#stopWaitingForContainer();
      this.guard(() => this.#check());
    });
    this.#containerObserver.observe(document.documentElement, { childList: true, subtree: true });
  }

  #stopWaitingForContainer() {
    this.#containerObserver?.disconnect();
    this.#containerObserver = null;
  }

  #open(decision, container) {
    this.#shown = true; // also when it cannot show: not tried again at every signal
    // A page whose Trusted Types refuse the widget's policy can show no prompt: that is said
    // (once) before a display is recorded, which would count against the caps and the cooldown.
    trustedHtml('');
    this.#answered = false;
    this.#responseId = newResponseId();
    this.#state = null;
    // Recorded now, in the task that decided, not when the prompt is drawn: another survey on
    // the page deciding in between must already see this display (the cooldown is shared by the
    // surveys that respect it; the core's normalized definition says whether this one does).
    this.#shownAt = Date.now();
    this.#opening = true;
    const replaced = this.#store.record(this.#surveyId(), 'shown', this.#shownAt, { startsCooldown: this.#definition.display.respect_global_cooldown !== false });
    // The locale pack was asked for when the survey mounted; it is usually here long before (a
    // resolved promise costs a microtask, not a frame).
    return this.#localeReady
      .then(() => {
        // destroy() came meanwhile (a framework unmounting as its effect settled), or a close
        // (consent refused, a route the survey may not show on): nothing opens, nothing counts.
        if (this.#destroyed || !this.#opening) return void this.#store.unrecordShown(this.#surveyId(), this.#shownAt, replaced);
        this.#opening = false;
        const first = this.#step({ type: 'open' });
        this.#view = new PromptView(this.#definition.presentation, {
          container,
          onActions: (actions) => this.guard(() => this.#act(actions)),
        });
        // The page asked for it now (show(), a tracked event): the visitor is expected to answer,
        // so the first point takes the focus. A timer or scroll opened it on its own: see open().
        return this.#view.open(first, { requested: decision.trigger === 'manual' || decision.trigger === 'event' }).then(() => {
          this.#emit('shown', { surveyId: this.#surveyId(), trigger: decision.trigger, event: decision.event ?? null });
        });
      })
      .catch((error) => void reportError(error));
  }

  #act(actions) {
    let last = null;
    for (const action of actions) {
      last = this.#step(action);
      if (last.deliver) this.#deliver(last.deliver);
    }
    if (!last) return;
    if (last.step === 'closed') return this.#close(last.dismissed === true);
    this.#view.render(last);
    // An overlay's thank-you closes itself, unless it offers a link: the review invitation waits.
    if (last.step === 'thanks' && this.#definition.presentation.mode !== 'inline' && !this.#view.offersLink) {
      setTimeout(() => this.guard(() => this.#close(false)), THANKS_CLOSE_MS);
    }
  }

  #deliver(response) {
    if (!this.#answered) {
      this.#answered = true;
      this.#store.record(this.#surveyId(), 'answered', Date.now());
    }
    this.#outbox.put(response).catch(reportError);
    this.#emit('response', { surveyId: this.#surveyId(), response });
  }

  #close(dismissed) {
    this.#opening = false;
    if (!this.#view) return;
    this.#view.close();
    this.#view = null;
    if (dismissed) {
      this.#store.record(this.#surveyId(), 'dismissed', Date.now());
      this.#emit('dismissed', { surveyId: this.#surveyId() });
    }
  }

  #emit(name, detail) {
    dispatchEvent(new CustomEvent(`csatkit:${name}`, { detail }));
    const callback = this.#options[`on${name[0].toUpperCase()}${name.slice(1)}`];
    if (typeof callback === 'function') this.guard(() => callback(detail));
    if (this.#options.dataLayer && Array.isArray(globalThis.dataLayer)) {
      globalThis.dataLayer.push({ event: `csatkit_${name}`, csatkit: withoutPersonalData(detail) });
    }
  }

  destroy() {
    this.#destroyed = true;
    if (this.#running) globalThis[RUNNING_SURVEYS].delete(this.#surveyId());
    this.#running = false;
    clearTimeout(this.#timer);
    this.#stopWaitingForContainer();
    clearTimeout(this.#throttled);
    this.#view?.close();
    this.#view = null;
    this.#shown = true;
    this.#outbox?.stop();
    this.#unsubscribe?.();
    if (this.#ownsSignals) this.#signals.stop();
  }
}

// What goes to a tag manager: the score and its bucket, never what the visitor wrote, who they
// are or what the page passed (comment, reasons, user id, context, URL): tag managers forward to
// analytics tools whose terms forbid personal data, and the endpoint is where answers belong.
const DATA_LAYER_FIELDS = ['id', 'survey_id', 'type', 'scale', 'score', 'bucket', 'complete'];

function withoutPersonalData(detail) {
  if (!detail.response) return detail;
  const response = {};
  for (const field of DATA_LAYER_FIELDS) response[field] = detail.response[field];
  return { ...detail, response };
}

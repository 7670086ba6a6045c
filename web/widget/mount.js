// One survey on one page: asks the core whether to show it as the signals change, shows the
// core's steps, delivers the responses. Every decision is the core's; this file wires it to the
// page's timers, storage, DOM and network, and never lets a failure reach the host page.
import { CsatkitError } from '../csatkit-error.js';
import { loadWidgetCore } from './core.js';
import { nextTask } from './next-task.js';
import { Outbox, newResponseId } from './outbox.js';
import { PromptView } from './prompt-view.js';
import { reportError } from './report-error.js';
import { createSignals } from './signals.js';
import { VisitorStore } from './visitor-store.js';
import { loadWidgetStylesheet } from './widget-stylesheet.js';

const THROTTLE_MS = 200; // scroll and visibility changes are asked about at most this often
const THANKS_CLOSE_MS = 4000; // an overlay's thank-you closes itself after this long

/**
 * Mounts a survey; see web/widget/index.d.ts for the options. Never throws: problems are logged
 * once as a CsatkitError and the returned controller stays inert.
 */
export function mount(options = {}) {
  if (options.signals) return mountWithSignals(options, false);
  return mountWithSignals({ ...options, signals: createSignals() }, true);
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
  #manual = false; // show() was called for this survey
  #timer = null;
  #throttled = null;
  #pendingShow = null; // show() called before the definition was known
  #localeReady = null;
  #outbox = null;
  #unsubscribe = null;
  #answered = false;
  #responseId = null;
  #state = null; // the core's survey state between steps

  constructor(options, ownsSignals) {
    this.#options = options;
    this.#signals = options.signals;
    this.#ownsSignals = ownsSignals;
    this.#consent = options.consent ?? null;
    this.#data = { ...(options.context ?? {}) };
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
    loadWidgetStylesheet(); // downloads with the core, so the first prompt is styled when it opens
    const [core, raw] = await Promise.all([loadWidgetCore(), this.#loadDefinition()]);
    this.#core = core;
    this.#definition = core.surveyDefinition(raw); // invalid → CsatkitError listing every problem
    // A survey that opens at once is rendered a task later: its first render (the core compiles
    // its code on first use) and its DOM never share a task with this validation and decision.
    // Later opens wait for nothing (the promise has settled), so a trigger still shows in a frame.
    this.#localeReady = Promise.all([this.#loadLocale(), nextTask()]);
    this.#outbox = new Outbox({ endpoint: this.#options.endpoint });
    this.#unsubscribe = this.#signals.subscribe((reason) => this.guard(() => this.#signalChanged(reason)));
    if (this.#pendingShow && this.#isFor(this.#pendingShow.surveyId)) this.#manual = true;
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
      // Before the definition is known: remembered, applied by start().
      this.#pendingShow = { surveyId };
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
    if (data === null || typeof data !== 'object') {
      throw new CsatkitError('context.invalid', 'setContext', 'setContext takes an object of key/values');
    }
    Object.assign(this.#data, data);
  }

  setConsent(granted) {
    this.#consent = Boolean(granted);
    if (!granted) {
      // No more writes from now on; what is stored stays until the visitor clears it.
      this.#store.storageAllowed = false;
      if (this.#outbox) this.#outbox.storageAllowed = false;
    }
    if (this.#definition && !this.#shown) this.#check();
  }

  #surveyId() {
    return this.#definition?.id;
  }

  #decide() {
    return this.#core.displayDecision({
      definition: this.#definition,
      now: Date.now(),
      ...this.#store.decisionInputs(this.#consent),
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
    if (decision.show) return this.#open(decision);
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
    if (userId) context.user_id = userId;
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
    this.#state = step.state;
    return step;
  }

  #open(decision) {
    this.#shown = true;
    this.#answered = false;
    this.#responseId = newResponseId();
    this.#state = null;
    // Recorded now, in the task that decided, not when the prompt is drawn: another survey on
    // the page deciding in between must already see this display (the cooldown is shared by the
    // surveys that respect it; the core's normalized definition says whether this one does).
    this.#store.record(this.#surveyId(), 'shown', Date.now(), { startsCooldown: this.#definition.display.respect_global_cooldown !== false });
    // The locale pack was asked for when the survey mounted; it is usually here long before (a
    // resolved promise costs a microtask, not a frame).
    return this.#localeReady
      .then(() => {
        const first = this.#step({ type: 'open' });
        const container = resolveContainer(this.#options.target ?? this.#definition.presentation.selector, this.#definition);
        this.#view = new PromptView(this.#definition.presentation, {
          container,
          onActions: (actions) => this.guard(() => this.#act(actions)),
        });
        return this.#view.open(first);
      })
      .then(() => {
        this.#emit('shown', { surveyId: this.#surveyId(), trigger: decision.trigger, event: decision.event ?? null });
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
    if (last.step === 'thanks' && this.#definition.presentation.mode !== 'inline') {
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
      globalThis.dataLayer.push({ event: `csatkit_${name}`, csatkit: detail });
    }
  }

  destroy() {
    clearTimeout(this.#timer);
    clearTimeout(this.#throttled);
    this.#view?.close();
    this.#view = null;
    this.#shown = true;
    this.#outbox?.stop();
    this.#unsubscribe?.();
    if (this.#ownsSignals) this.#signals.stop();
  }
}

function resolveContainer(target, definition) {
  if (definition.presentation.mode !== 'inline') return null;
  if (target instanceof Element) return target;
  return typeof target === 'string' && target ? document.querySelector(target) : null;
}

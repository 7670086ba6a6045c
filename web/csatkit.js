// csatkit's script tag: the only thing a page downloads up front (budget 4 KB gzip).
//   <script src="/csatkit/dist/csatkit.js" data-survey="/surveys/post-chat.json"
//           data-endpoint="/api/csat" async></script>
// This file is the source; scripts/bundle-widget.mjs builds web/dist/csatkit.js from it (a
// classic script: document.currentScript exists only there), with the signals it gathers from
// the start bundled in, minified.
// data-survey: the definition's URL, or its JSON inline. Optional: data-locale, data-touchpoint,
// data-user-id, data-datalayer="off" (no pushes to window.dataLayer). Consent starts unknown; a definition with "require_consent" waits for
// csatkit.consent(true) before any storage write.
// Defines window.csatkit {show, track, setContext, consent}; calls made before the runtime has
// loaded are queued and replayed. Page code that may run before this script (it is async) uses
// the README's stub: window.csatkit = {q: [[name, ...args], …], and the four methods pushing
// there}; this script then takes that object over as the API and replays the calls in order.
// Starts gathering signals at once, and loads the runtime
// (dist/csatkit-runtime.js: web/widget/ and widget.css in one bundle) and the wasm core in
// parallel when a survey may show: at once when show()/track() is called or the definition's
// delay is short, else when the page is idle. Never blocks the page; every failure is logged
// once as a CsatkitError.
// Several script tags on one page, a survey each: the first loads the runtime once for all of
// them; the calls go to every survey (show(id) to that survey only).
import { CsatkitError } from './csatkit-error.js';
import { compileWidgetWasm } from './widget/compile-widget-wasm.js';
import { reportError } from './widget/report-error.js';
import { createSignals } from './widget/signals.js';

// How a later script tag hands its survey to the first one's loader (not part of the API).
const ADD_SURVEY = Symbol.for('csatkit.addSurvey');

(() => {
  const script = document.currentScript;
  if (!script) return;
  // Another script tag on the page came first: it owns window.csatkit and the runtime, and takes
  // this tag's survey too.
  if (window.csatkit?.loaded) return void window.csatkit[ADD_SURVEY]?.(script);
  const base = new URL('.', script.src).href;
  const signals = createSignals(); // one set for the page, shared by its surveys
  const calls = []; // show, setContext and consent so far: replayed to each survey as it starts
  const controllers = []; // the surveys started
  const surveys = []; // every script tag's {source, config, definition, since}
  let bundle = null; // the runtime, once loaded
  let compiled = null; // the wasm module, compiling since load()
  let loading = null;

  const fail = (error) => reportError(error, 'loader.failed', 'csatkit.js');

  const methods = ['show', 'track', 'setContext', 'consent'];
  // The page's stub, if it made one, becomes the API itself: a reference the page kept to it
  // then reaches the real methods, not a queue nobody reads any more.
  const api = (window.csatkit = window.csatkit?.q ? window.csatkit : {});
  api.loaded = true;
  api[ADD_SURVEY] = addSurvey;
  for (const name of methods) {
    api[name] = (...args) => {
      if (name === 'track') signals.track(args[0]);
      else {
        calls.push([name, args]);
        for (const controller of controllers) controller[name](...args);
      }
      // A show() or an event may trigger a survey now: load without waiting for idle.
      if (name === 'show' || name === 'track') load();
    };
  }

  // Everything the prompt needs, requested at once: the runtime (one minified bundle with
  // widget.css inside) and the wasm, which compiles off the main thread while it downloads.
  // Each survey starts as soon as both the runtime and its definition are here.
  function load() {
    if (loading) return loading;
    compiled = compileWidgetWasm(base + 'csatkit-widget.wasm');
    compiled.catch(() => {}); // reported by the runtime, which awaits it
    loading = import(base + 'csatkit-runtime.js').then((loaded) => {
      bundle = loaded;
      for (const survey of surveys) startWhenDefined(survey);
    });
    loading.catch(fail);
    return loading;
  }

  function startWhenDefined(survey) {
    survey.definition
      .then((text) => {
        const { config } = survey;
        controllers.push(
          bundle.start({
            compiled,
            assets: base,
            styles: bundle.widgetCss,
            warmUp: text,
            definition: text,
            endpoint: config.endpoint && new URL(config.endpoint, location.href).href,
            locale: config.locale,
            touchpoint: config.touchpoint,
            userId: config.userId,
            dataLayer: config.datalayer !== 'off',
            signals,
            // Every setContext and consent; a show() only if made since this survey's tag arrived
            // (an earlier one was for the surveys the page had then) or queued in the stub before
            // any script tag had run (for the page's surveys, whichever tag comes first).
            queue: calls.filter(([name], index) => name !== 'show' || index < stubCalls || index >= survey.since),
          }),
        );
      })
      .catch(() => {}); // already reported
  }

  // data-survey: the definition's URL or its JSON inline. The same survey twice (a tag manager
  // that fired twice) is fetched and shown once: a URL is compared resolved, however it is
  // spelled (relative, absolute), inline JSON as text.
  function addSurvey(tag) {
    const config = tag.dataset;
    let source = (config.survey || '').trim();
    // Inline JSON starts as JSON does (an array too: the core then says what it should be).
    const inline = /^[{[]/.test(source);
    if (source && !inline) {
      try {
        source = new URL(source, location.href).href;
      } catch {
        return fail(new CsatkitError('survey.fetch', source, 'data-survey is neither a URL nor JSON'));
      }
    }
    if (source && surveys.some((survey) => survey.source === source)) return;
    const definition = inline
      ? Promise.resolve(source)
      : source
        ? fetch(source, { credentials: 'same-origin' }).then((response) => {
            if (!response.ok) throw new CsatkitError('survey.fetch', source, `the survey definition could not be loaded (HTTP ${response.status})`);
            return response.text();
          })
        : Promise.reject(new Error('the script tag has no data-survey'));
    definition.catch(fail);
    const survey = { source, config, definition, since: calls.length };
    surveys.push(survey);
    if (bundle) startWhenDefined(survey);

    // A definition that may show within a second gets the runtime at once (a loading hint read
    // from the data, not a display decision: the core still decides); any other waits for idle.
    definition
      .then((text) => {
        let delay;
        try {
          delay = JSON.parse(text)?.display?.triggers?.delay_ms;
        } catch {
          // Not JSON: the core says so, with the rest of the problems, once the runtime loads.
        }
        if (typeof delay === 'number' && delay <= 1000) return load();
        const idle = window.requestIdleCallback ?? ((callback) => setTimeout(callback, 1));
        const whenLoaded = () => idle(() => load(), { timeout: 3000 });
        if (document.readyState === 'complete') whenLoaded();
        else addEventListener('load', whenLoaded, { once: true });
      })
      .catch(() => {}); // already reported
  }

  // The calls the page queued in its stub, in order, before this tag's survey is added (a
  // queued show() is let through by stubCalls, not by `since`). The queue goes: a reference the
  // page kept to it then fails loudly instead of queueing for nobody.
  for (const [name, ...args] of api.q ?? []) {
    if (methods.includes(name)) api[name](...args);
    else fail(`csatkit.${name} is not a function`);
  }
  const stubCalls = calls.length;
  delete api.q;
  addSurvey(script);
})();

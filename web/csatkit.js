// csatkit's script tag: the only thing a page downloads up front (budget 4 KB gzip).
//   <script src="/csatkit/dist/csatkit.js" data-survey="/surveys/post-chat.json"
//           data-endpoint="/api/csat" async></script>
// This file is the source; scripts/bundle-widget.mjs builds web/dist/csatkit.js from it (a
// classic script: document.currentScript exists only there), with the signals it gathers from
// the start bundled in, minified.
// data-survey: the definition's URL, or its JSON inline. Optional: data-locale, data-touchpoint,
// data-user-id. Consent starts unknown; a definition with "require_consent" waits for
// csatkit.consent(true) before any storage write.
// Defines window.csatkit {show, track, setContext, consent}; calls made before the runtime has
// loaded are queued and replayed. Starts gathering signals at once, and loads the runtime
// (dist/csatkit-runtime.js: web/widget/ and widget.css in one bundle) and the wasm core in
// parallel when a survey may show: at once when show()/track() is called or the definition's
// delay is short, else when the page is idle. Never blocks the page; every failure is logged
// once as a CsatkitError.
import { compileWidgetWasm } from './widget/compile-widget-wasm.js';
import { reportError } from './widget/report-error.js';
import { createSignals } from './widget/signals.js';

(() => {
  const script = document.currentScript;
  if (!script || window.csatkit?.loaded) return;
  const base = new URL('.', script.src).href;
  const config = script.dataset;
  const queue = [];
  const signals = createSignals();
  let runtime = null;
  let loading = null;

  const fail = (error) => reportError(error, 'loader.failed', 'csatkit.js');

  const api = (window.csatkit = { loaded: true });
  for (const name of ['show', 'track', 'setContext', 'consent']) {
    api[name] = (...args) => {
      if (runtime) return runtime[name](...args);
      if (name === 'track') signals.track(args[0]);
      else queue.push([name, args]);
      // A show() or an event may trigger a survey now: load without waiting for idle.
      if (name === 'show' || name === 'track') load();
    };
  }

  const survey = (config.survey || '').trim();
  const inline = survey.startsWith('{');
  const definition = inline
    ? Promise.resolve(survey)
    : survey
      ? fetch(new URL(survey, location.href), { credentials: 'same-origin' }).then((response) => {
          if (!response.ok) throw new Error(`the survey definition ${survey} could not be loaded (HTTP ${response.status})`);
          return response.text();
        })
      : Promise.reject(new Error('the script tag has no data-survey'));
  definition.catch(fail);

  // Everything the prompt needs, requested at once: the runtime (one minified bundle with
  // widget.css inside) and the wasm, which compiles off the main thread while it downloads.
  function load() {
    if (loading) return loading;
    const compiled = compileWidgetWasm(base + 'csatkit-widget.wasm');
    compiled.catch(() => {}); // reported by the runtime, which awaits it
    loading = Promise.all([import(base + 'csatkit-runtime.js'), definition])
      .then(([bundle, text]) => {
        runtime = bundle.start({
          compiled,
          styles: bundle.widgetCss,
          warmUp: text,
          definition: text,
          endpoint: config.endpoint && new URL(config.endpoint, location.href).href,
          locale: config.locale,
          touchpoint: config.touchpoint,
          userId: config.userId,
          signals,
          queue,
        });
      })
      .catch(fail);
    return loading;
  }

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
})();

// csatkit's script tag: the only thing a page downloads up front (budget 4 KB gzip).
//   <script src="/csatkit/csatkit.js" data-survey="/surveys/post-chat.json"
//           data-endpoint="/api/csat" async></script>
// data-survey: the definition's URL, or its JSON inline. Optional: data-locale, data-touchpoint,
// data-user-id. Consent starts unknown; a definition with "require_consent" waits for
// csatkit.consent(true) before any storage write.
// Defines window.csatkit {show, track, setContext, consent}; calls made before the runtime has
// loaded are queued and replayed. Starts gathering signals at once (widget/signals.js, tiny),
// and loads the runtime (widget/loader-entry.js and its modules), the wasm core and widget.css,
// all in parallel, when a survey may show: at once when show()/track() is called or the
// definition's delay is short, else when the page is idle. Never blocks the page; every failure
// is logged once as a CsatkitError.
(() => {
  const script = document.currentScript;
  if (!script || window.csatkit?.loaded) return;
  const base = new URL('.', script.src).href;
  const config = script.dataset;
  const queue = [];
  let signals = null;
  let runtime = null;
  let loading = null;
  const earlyEvents = [];

  function fail(error) {
    // The error type lives in a module; if even that cannot load, a plain console line.
    import(base + 'widget/report-error.js').then(
      (module) => module.reportError(error, 'loader.failed', 'csatkit.js'),
      () => console.error('csatkit:', error),
    );
  }

  const api = (window.csatkit = { loaded: true });
  for (const name of ['show', 'track', 'setContext', 'consent']) {
    api[name] = (...args) => {
      if (runtime) return runtime[name](...args);
      if (name === 'track' && signals) signals.track(args[0]);
      else if (name === 'track') earlyEvents.push(args[0]);
      else queue.push([name, args]);
      // A show() or an event may trigger a survey now: load without waiting for idle.
      if (name === 'show' || name === 'track') load();
    };
  }

  const signalsReady = import(base + 'widget/signals.js').then((module) => {
    signals = module.createSignals();
    for (const name of earlyEvents.splice(0)) signals.track(name);
    return signals;
  });
  signalsReady.catch(fail);

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

  // Everything the prompt needs, requested at once instead of discovered import by import
  // (loader-entry → mount → core → glue → wasm, then the stylesheet: six round trips in a row).
  // The wasm compiles off the main thread while it downloads; the core instantiates it and the
  // stylesheet fills in as soon as their own files are here, while the rest still downloads.
  function prefetch() {
    const wasmUrl = base + 'dist/csatkit-widget.wasm';
    const fetchWasm = () =>
      fetch(wasmUrl, { credentials: 'same-origin' }).then((response) => {
        if (!response.ok) throw new Error(`${wasmUrl} could not be loaded (HTTP ${response.status})`);
        return response;
      });
    // A server that does not send application/wasm defeats compileStreaming: compile the bytes.
    const compiled = fetchWasm()
      .then((response) => WebAssembly.compileStreaming(response))
      .catch(() => fetchWasm().then((response) => response.arrayBuffer()).then((bytes) => WebAssembly.compile(bytes)));
    const styles = fetch(base + 'widget/widget.css', { credentials: 'same-origin' }).then((response) => {
      if (!response.ok) throw new Error(`widget.css could not be loaded (HTTP ${response.status})`);
      return response.text();
    });
    // Started as soon as their modules are here; loader-entry.js passes the same promises (the
    // first call wins) and reports failures.
    compiled.catch(() => {});
    styles.catch(() => {});
    import(base + 'widget/core.js').then((module) => module.loadWidgetCore({ compiled, warmUp: definition }).catch(() => {}), () => {});
    import(base + 'widget/widget-stylesheet.js').then((module) => module.loadWidgetStylesheet(styles), () => {});
    // The rest of the runtime's module graph, flattened (tests/browser/widget-loading.test.mjs
    // checks that this list stays whole).
    for (const file of [
      'dist/csatkit-widget.js',
      'csatkit-error.js',
      'widget/mount.js',
      'widget/prompt-view.js',
      'widget/outbox.js',
      'widget/visitor-store.js',
      'widget/report-error.js',
    ]) {
      import(base + file).catch(() => {});
    }
    return { compiled, styles, warmUp: definition };
  }

  function load() {
    if (loading) return loading;
    const early = prefetch();
    loading = Promise.all([import(base + 'widget/loader-entry.js'), definition, signalsReady])
      .then(([entry, text, gathered]) => {
        runtime = entry.start({
          ...early,
          definition: text,
          endpoint: config.endpoint && new URL(config.endpoint, location.href).href,
          locale: config.locale,
          touchpoint: config.touchpoint,
          userId: config.userId,
          signals: gathered,
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

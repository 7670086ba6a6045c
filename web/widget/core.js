// The survey widget's core (web/dist/csatkit-widget.wasm, src/core/widget_api.hpp): loaded once,
// then called synchronously, so a trigger becomes a prompt within one frame. Every decision and
// every piece of HTML comes from here; the runtime only applies them to the page.
import createCsatkitWidget from '../dist/csatkit-widget.js';
import { unwrap } from '../csatkit-error.js';

let modulePromise = null;

/**
 * Loads the wasm module once (a failed load may be retried); resolves to a WidgetCore.
 * `compiled`: a promise of the module already compiled (web/csatkit.js starts compiling it
 * before this file has even been fetched); else the glue fetches and compiles it.
 * `warmUp`: a definition (or a promise of one) validated once before this resolves, in a task
 * of its own, and the result thrown away: the core's code is compiled lazily, function by
 * function, on first call on the main thread, so this moves the compiling of the JSON code out
 * of the task that decides and renders the prompt (keeping each under 50 ms).
 * Other options go to the emscripten glue (e.g. `wasmBinary` under Node).
 * @param {{compiled?: Promise<WebAssembly.Module>, warmUp?: string | Promise<string>} & Record<string, unknown>} [options]
 */
export function loadWidgetCore({ compiled, warmUp, ...options } = {}) {
  if (modulePromise === null) {
    modulePromise = (compiled ? instantiateCompiled(compiled, options) : createCsatkitWidget(options)).then(async (module) => {
      const core = new WidgetCore(module);
      if (warmUp !== undefined) {
        const definition = await Promise.resolve(warmUp).catch(() => null);
        await nextTask();
        try {
          if (typeof definition === 'string') core.surveyDefinition(definition);
        } catch {
          // An invalid definition is reported by mount(), which validates it again.
        }
        await nextTask();
      }
      return core;
    });
    modulePromise.catch(() => {
      modulePromise = null;
    });
  }
  return modulePromise;
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

function instantiateCompiled(compiled, options) {
  // The glue's own readiness promise never settles if instantiateWasm fails later on, so the
  // failure is raced in from here.
  return new Promise((resolve, reject) => {
    const instantiateWasm = (imports, receiveInstance) => {
      compiled
        .then((wasmModule) => WebAssembly.instantiate(wasmModule, imports).then((instance) => receiveInstance(instance, wasmModule)))
        .catch(reject);
      return {}; // "instantiating asynchronously"
    };
    createCsatkitWidget({ ...options, instantiateWasm }).then(resolve, reject);
  });
}

/** The four calls of widget_api.hpp, JSON values in and out; errors as CsatkitError. */
export class WidgetCore {
  constructor(module) {
    this.module = module;
  }

  /** Validates a definition (object or JSON text); the normalized definition, every default explicit. */
  surveyDefinition(definition) {
    return this.call('_csatkit_survey_definition', typeof definition === 'string' ? definition : JSON.stringify(definition));
  }

  /** Show now, or not and why; whether storage may be written; when to ask again. */
  displayDecision(request) {
    return this.call('_csatkit_display_decision', JSON.stringify(request));
  }

  /** The next step of a running survey: state, HTML, announcement, response to deliver. */
  surveyStep(request) {
    return this.call('_csatkit_survey_step', JSON.stringify(request));
  }

  /** The built-in locales. */
  locales() {
    return this.call('_csatkit_locales').locales;
  }

  call(name, text) {
    const module = this.module;
    let input = 0;
    if (text !== undefined) {
      const size = module.lengthBytesUTF8(text) + 1;
      input = module._malloc(size);
      module.stringToUTF8(text, input, size);
    }
    let output = 0;
    try {
      output = input ? module[name](input) : module[name]();
      return unwrap(module.UTF8ToString(output));
    } finally {
      if (input) module._free(input);
      if (output) module._free(output);
    }
  }
}

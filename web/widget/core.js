// The survey widget's core (web/dist/csatkit-widget.wasm, src/core/widget_api.hpp): loaded once,
// then called synchronously, so a trigger becomes a prompt within one frame. Every decision and
// every piece of HTML comes from here; the runtime only applies them to the page.
// The module is standalone (cmake/wasm.cmake): no emscripten glue; its exports are the four
// calls of widget_bindings.cpp, malloc/free and its memory, and its two imports are below.
// Strings cross as UTF-8.
import { CsatkitError, unwrap } from '../csatkit-error.js';
import { compileWidgetWasm } from './compile-widget-wasm.js';
import { nextTask } from './next-task.js';

let modulePromise = null;
let explainingPromise = null;
// The folder the script tag's loader names (`assets`); null: the files next to this module, as
// the literal new URL(…, import.meta.url) below, which a site's bundler follows and copies.
let assetsFolder = null;

/**
 * Loads the wasm module once (a failed load may be retried); resolves to a WidgetCore.
 * `compiled`: a promise of the module already compiled (web/csatkit.js starts compiling it
 * before the runtime has even been fetched); `wasmBinary`: its bytes (under Node); else it is
 * fetched from `assets` and compiled while it downloads.
 * `warmUp`: a definition (or a promise of one) validated once before this resolves, in a task
 * of its own, and the result thrown away: the core's code is compiled lazily, function by
 * function, on first call on the main thread, so this moves the compiling of the JSON code out
 * of the task that decides and renders the prompt (keeping each under 50 ms).
 * `assets`: the folder of csatkit-widget.wasm and of what is fetched only when needed
 * (locales/<code>.json, csatkit-widget-explain.wasm), when not web/dist/ next to this file (the
 * script tag's bundle is wherever the site hosts csatkit.js, under any folder name).
 * @param {{compiled?: Promise<WebAssembly.Module>, wasmBinary?: BufferSource, warmUp?: string | Promise<string>, assets?: string | URL}} [options]
 */
export function loadWidgetCore({ compiled, wasmBinary, warmUp, assets } = {}) {
  if (assets) assetsFolder = new URL(assets, globalThis.location?.href); // a page may give "/csatkit/"
  if (modulePromise === null) {
    modulePromise = instantiate(compiled ?? compileFrom(wasmBinary, 'csatkit-widget.wasm', new URL('../dist/csatkit-widget.wasm', import.meta.url))).then(
      async (core) => {
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
      },
    );
    modulePromise.catch(() => {
      modulePromise = null;
    });
  }
  return modulePromise;
}

/**
 * The same core with the sentences that explain a wrong definition (csatkit-widget-explain.wasm;
 * src/core/result.hpp, CSATKIT_EXPLAIN), loaded once when first needed. `wasmBinary`: its
 * bytes under Node.
 * @param {{wasmBinary?: BufferSource}} [options]
 */
export function loadExplainingCore({ wasmBinary } = {}) {
  explainingPromise ??= instantiate(
    compileFrom(wasmBinary, 'csatkit-widget-explain.wasm', new URL('../dist/csatkit-widget-explain.wasm', import.meta.url)),
  );
  explainingPromise.catch(() => {
    explainingPromise = null;
  });
  return explainingPromise;
}

/**
 * The error of an invalid definition, in words. The core every page downloads finds the same
 * problems at the same paths but leaves them unexplained (~5 KB gzip less); the explaining core
 * is fetched for this only, as only a broken definition needs it. Any other error is returned
 * as it is; if that core cannot be loaded, the paths are still listed.
 * @param {unknown} error what surveyDefinition threw
 * @param {string | object} definition what it was given
 */
export async function explainDefinitionError(error, definition) {
  if (!(error instanceof CsatkitError) || error.code !== 'survey.invalid' || error.message) return error;
  let reason;
  try {
    (await loadExplainingCore()).surveyDefinition(definition);
    reason = 'the core that explains them found none';
  } catch (explained) {
    if (explained instanceof CsatkitError && explained.code === 'survey.invalid') return explained;
    reason = `csatkit-widget-explain.wasm, which explains them, could not be loaded (${explained?.message ?? explained})`;
  }
  const paths = error.problems.map((problem) => problem.path).join(', ');
  return new CsatkitError('survey.invalid', '$', `the survey definition has problems at ${paths}; ${reason}`, error.problems);
}

/** The module from its bytes (under Node), else fetched: `file` in the `assets` folder, or `bundled`. */
function compileFrom(wasmBinary, file, bundled) {
  return wasmBinary ? WebAssembly.compile(wasmBinary) : compileWidgetWasm(assetsFolder ? new URL(file, assetsFolder) : bundled);
}

async function instantiate(compiled) {
  const instance = await WebAssembly.instantiate(await compiled, imports);
  instance.exports._initialize(); // the core's static constructors
  return new WidgetCore(instance.exports);
}

// What the module needs from its host: word that its memory grew (every call reads through a
// fresh view of the buffer anyway) and an exit, which only abort() reaches — a bug in the core:
// the call fails with a CsatkitError and the host page goes on.
const imports = {
  env: { emscripten_notify_memory_growth() {} },
  wasi_snapshot_preview1: {
    proc_exit(code) {
      throw new CsatkitError('core.aborted', '$', `the survey core stopped (exit code ${code})`);
    },
  },
};

// A lone UTF-16 surrogate (half an emoji: cut by a textarea's maxlength, or in a page's broken
// text given to setContext) becomes U+FFFD, as TextEncoder does with text. JSON.stringify would
// write it as a "\ud83d" escape, which the core refuses (its strings are valid UTF-8), and the
// whole answer with it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const toJson = (value) =>
  JSON.stringify(value, (key, item) => (typeof item === 'string' ? item.replace(LONE_SURROGATE, '\uFFFD') : item));

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The calls of widget_api.hpp, JSON values in and out; errors as CsatkitError. */
export class WidgetCore {
  #exports;

  /** @param {WebAssembly.Exports} exports the instance's exports */
  constructor(exports) {
    this.#exports = exports;
  }

  /** Validates a definition (object or JSON text); the normalized definition, every default explicit. */
  surveyDefinition(definition) {
    return this.#call('csatkit_survey_definition', typeof definition === 'string' ? definition : toJson(definition));
  }

  /** Show now, or not and why; whether storage may be written; when to ask again. */
  displayDecision(request) {
    return this.#call('csatkit_display_decision', toJson(request));
  }

  /** The next step of a running survey: state, HTML, announcement, response to deliver. */
  surveyStep(request) {
    return this.#call('csatkit_survey_step', toJson(request));
  }

  /** The locale the survey would open in, and whether the core has its texts: {code, dir, has_texts}. */
  surveyLocale(request) {
    return this.#call('csatkit_survey_locale', toJson(request));
  }

  /** Adds a locale's texts from its pack (the JSON text of web/dist/locales/<code>.json). */
  addLocalePack(packText) {
    return this.#call('csatkit_add_locale_pack', packText);
  }

  /** Fetches web/dist/locales/<code>.json (`code` as surveyLocale gives it) and adds it. */
  async loadLocalePack(code) {
    const url = new URL(`locales/${code}.json`, assetsFolder ?? new URL('../dist/', import.meta.url));
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) throw new CsatkitError('locale.pack_unavailable', `locales/${code}.json`, `the ${code} texts could not be loaded (HTTP ${response.status}); showing English`);
    return this.addLocalePack(await response.text());
  }

  /** Calls an export with a string (or none) and unwraps the envelope it returns. */
  #call(name, text) {
    const { memory, malloc, free } = this.#exports;
    let input = 0;
    let output = 0;
    try {
      if (text !== undefined) {
        const bytes = encoder.encode(text);
        input = malloc(bytes.length + 1);
        if (!input) throw new CsatkitError('core.out_of_memory', '$', 'the survey core could not allocate memory for the request');
        const heap = new Uint8Array(memory.buffer); // a fresh view: the memory may have grown
        heap.set(bytes, input);
        heap[input + bytes.length] = 0;
      }
      output = input ? this.#exports[name](input) : this.#exports[name]();
      if (!output) throw new CsatkitError('core.out_of_memory', '$', 'the survey core could not allocate memory for its answer');
      const heap = new Uint8Array(memory.buffer);
      const end = heap.indexOf(0, output);
      return unwrap(decoder.decode(heap.subarray(output, end)));
    } finally {
      if (input) free(input);
      if (output) free(output);
    }
  }
}

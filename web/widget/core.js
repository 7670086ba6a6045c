// The survey widget's core (web/dist/csatkit-widget.wasm, src/core/widget_api.hpp): loaded once,
// then called synchronously, so a trigger becomes a prompt within one frame. Every decision and
// every piece of HTML comes from here; the runtime only applies them to the page.
import createCsatkitWidget from '../dist/csatkit-widget.js';
import { unwrap } from '../csatkit-error.js';

let modulePromise = null;

/** Loads the wasm module once (a failed load may be retried); resolves to a WidgetCore. */
export function loadWidgetCore(options = {}) {
  if (modulePromise === null) {
    modulePromise = createCsatkitWidget(options).then((module) => new WidgetCore(module));
    modulePromise.catch(() => {
      modulePromise = null;
    });
  }
  return modulePromise;
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

// JSON nested as deep as the core accepts (kMaxJsonDepth, src/core/json_text.hpp) and one level
// deeper, through every JSON entry point of the widget's real wasm module and the calculator's.
// The widget's stack is small (cmake/wasm.cmake) and wasm has no guard page: a stack that
// overflows writes over the core's static data silently, and the calls after it return garbled
// text or fail for the rest of the page. So each deep call is followed by normal calls that must
// give exactly their normal results, and the widget's peak stack use is measured directly.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';

import { CsatkitError } from '../../web/csatkit-error.js';
import { init } from '../../web/core.js';
import { loadWidgetCore } from '../../web/widget/core.js';

const source = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const wasmBinary = readFileSync(new URL('../../web/dist/csatkit-widget.wasm', import.meta.url));
const MAX_DEPTH = Number(source('src/core/json_text.hpp').match(/kMaxJsonDepth = (\d+);/)[1]);
const STACK_BYTES = Number(source('cmake/wasm.cmake').match(/-sTOTAL_STACK=(\d+)KB/)[1]) * 1024;
const RESPONSE_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const NOW = Date.UTC(2025, 0, 15, 12);

/** A value nested `levels` objects deep: nested(2) = {"a":{"a":"leaf"}}; nested(0) = "leaf". */
function nested(levels) {
  let value = 'leaf';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

/** The nesting of a JSON text (strings skipped): the deepest level, and the level where it ends. */
function nesting(text) {
  let depth = 0;
  let deepest = 0;
  for (const [token] of text.matchAll(/"(?:[^"\\]|\\.)*"|[[{\]}]/g)) {
    if (token === '[' || token === '{') deepest = Math.max(deepest, ++depth);
    else if (token === ']' || token === '}') depth--;
  }
  return { deepest, open: depth };
}
const depthOf = (text) => nesting(text).deepest;
/** The level at which a string value sits in a JSON text (its first occurrence). */
const depthAt = (text, value) => nesting(text.slice(0, text.indexOf(JSON.stringify(value)))).open;

/** Calls `call` and returns what it threw (a CsatkitError) or returned. */
function outcome(call) {
  try {
    return { value: call() };
  } catch (error) {
    assert.ok(error instanceof CsatkitError, `expected a CsatkitError, got ${error}`);
    return { error: { code: error.code, path: error.path, message: error.message, problems: error.problems } };
  }
}

describe('the widget module: JSON nested to the limit and one level past it', () => {
  let core;
  let definition;
  let normal;
  const pack = (code) => source(`web/dist/locales/${code}.json`);

  // One normal call of each entry point, whose exact results must never change.
  const normalCalls = () => ({
    definition: outcome(() => core.surveyDefinition({ id: 'post-chat', type: 'csat', metadata: { channel: 'chat' } })),
    invalid: outcome(() => core.surveyDefinition({ id: 'post-chat', type: 'stars' })),
    decision: outcome(() => core.displayDecision({ definition, now: NOW, visitor: { id: 'v-1' }, page: { url: 'https://shop.example/', ms_since_load: 5000 } })),
    locale: outcome(() => core.surveyLocale({ definition, locale: null, context: { page_lang: 'en' } })),
    step: outcome(() => {
      const opened = core.surveyStep({ definition, locale: 'en', state: null, action: { type: 'open' }, context: {} });
      return core.surveyStep({ definition, locale: 'en', state: opened.state, action: { type: 'score', value: 2 }, context: { response_id: RESPONSE_ID, now: '2025-01-15T12:00:00.000Z', url: 'https://shop.example/', data: { plan: 'pro' } } });
    }),
  });

  before(async () => {
    core = await loadWidgetCore({ wasmBinary });
    definition = core.surveyDefinition({ id: 'post-chat', type: 'csat' });
    normal = normalCalls();
    assert.equal(normal.step.value.deliver.context.plan, 'pro');
  });

  const opened = () => core.surveyStep({ definition, locale: 'en', state: null, action: { type: 'open' }, context: {} });
  /** Each case: the entry point, and its request with a deep value in one place. */
  const cases = {
    'survey_definition: $.metadata': ['surveyDefinition', (deep) => ({ id: 'deep', type: 'csat', metadata: deep })],
    'survey_definition: $.display.triggers': ['surveyDefinition', (deep) => ({ id: 'deep', type: 'csat', display: { triggers: deep } })],
    'survey_definition: $.id (quoted in the message)': ['surveyDefinition', (deep) => ({ id: deep, type: 'csat' })],
    'display_decision: $.page.url': ['displayDecision', (deep) => ({ definition, now: NOW, page: { url: deep } })],
    'display_decision: $.visitor.id': ['displayDecision', (deep) => ({ definition, now: NOW, visitor: { id: deep } })],
    'display_decision: $.definition.display': ['displayDecision', (deep) => ({ definition: { id: 'x', display: deep }, now: NOW })],
    'survey_step: $.context.data on open': [
      'surveyStep',
      (deep) => ({ definition, locale: 'en', state: null, action: { type: 'open' }, context: { data: { cart: deep } } }),
    ],
    'survey_step: $.context.data with the score (the response is built from it)': [
      'surveyStep',
      (deep) => ({ definition, locale: 'en', state: opened().state, action: { type: 'score', value: 4 }, context: { response_id: RESPONSE_ID, data: { cart: deep } } }),
    ],
    'survey_step: $.state.response (passed back by the runtime)': [
      'surveyStep',
      (deep) => {
        const { state } = normal.step.value;
        return { definition, locale: 'en', state: { ...state, response: { ...state.response, context: deep } }, action: { type: 'submit', text: 'ok' }, context: {} };
      },
    ],
    'survey_step: $.action': ['surveyStep', (deep) => ({ definition, locale: 'en', state: null, action: deep, context: {} })],
    'survey_locale: $.context.languages': ['surveyLocale', (deep) => ({ definition, locale: null, context: { languages: [deep] } })],
    'add_locale_pack: $.texts.submit': [
      'addLocalePack',
      (deep) => {
        const broken = JSON.parse(pack('nl'));
        broken.texts.submit = deep;
        return JSON.stringify(broken);
      },
    ],
  };

  for (const [name, [method, request]] of Object.entries(cases)) {
    test(`${name}: ${MAX_DEPTH} levels are read, ${MAX_DEPTH + 1} refused, and later calls are unharmed`, () => {
      const text = (value) => (typeof value === 'string' ? value : JSON.stringify(value));
      const around = depthAt(text(request('deep-value-here')), 'deep-value-here');
      const atLimit = request(nested(MAX_DEPTH - around));
      const pastLimit = request(nested(MAX_DEPTH + 1 - around));
      assert.equal(depthOf(text(atLimit)), MAX_DEPTH);
      assert.equal(depthOf(text(pastLimit)), MAX_DEPTH + 1);

      const read = outcome(() => core[method](atLimit));
      if (read.error) assert.doesNotMatch(read.error.message, /not valid JSON|nested deeper/, 'read, then judged on its content');
      assert.deepEqual(normalCalls(), normal);

      const refused = outcome(() => core[method](pastLimit));
      assert.ok(refused.error, 'one level past the limit is an error');
      assert.match(JSON.stringify(refused.error), /nested deeper than the 128 levels allowed/);
      assert.deepEqual(normalCalls(), normal);
    });
  }

  test('a locale pack nested too deep changes nothing; the real pack is still added afterwards', () => {
    const broken = JSON.parse(pack('nl'));
    broken.texts.submit = nested(MAX_DEPTH);
    assert.throws(() => core.addLocalePack(JSON.stringify(broken)), (error) => error.code === 'locale.pack_invalid');
    assert.deepEqual(core.addLocalePack(pack('nl')), { code: 'nl' });
    const opened = core.surveyStep({ definition, locale: 'nl', state: null, action: { type: 'open' }, context: {} });
    assert.equal(opened.lang, 'nl');
    assert.match(opened.html, /Hoe tevreden bent u/);
  });
});

describe('the widget module: peak stack use at the deepest JSON it accepts', () => {
  // The module on its own (no WidgetCore), so the test can paint the stack before a call and
  // find afterwards how far down it was written: stackSave() at rest is the stack's top.
  let exports;
  before(async () => {
    const { instance } = await WebAssembly.instantiate(wasmBinary, {
      env: { emscripten_notify_memory_growth() {} },
      wasi_snapshot_preview1: { proc_exit: (code) => assert.fail(`the core aborted (${code})`) },
    });
    exports = instance.exports;
    exports._initialize();
  });

  const PAINT = 0xa5;
  /** Calls an export with a request and returns the bytes of stack it used at most. */
  function peakStack(name, text) {
    const bytes = new TextEncoder().encode(`${text}\0`);
    const input = exports.malloc(bytes.length);
    new Uint8Array(exports.memory.buffer).set(bytes, input);
    const top = exports.stackSave();
    new Uint8Array(exports.memory.buffer).fill(PAINT, top - STACK_BYTES, top);
    const output = exports[name](input);
    const memory = new Uint8Array(exports.memory.buffer);
    let lowest = top - STACK_BYTES;
    while (lowest < top && memory[lowest] === PAINT) lowest++;
    exports.free(output);
    exports.free(input);
    return top - lowest;
  }

  test(`every entry point stays under a quarter of the ${STACK_BYTES / 1024} KB stack at ${MAX_DEPTH} levels`, () => {
    const deep = (around) => JSON.stringify(nested(MAX_DEPTH - around));
    const definition = '{"id":"post-chat","type":"csat"}';
    const requests = {
      csatkit_survey_definition: `{"id":"deep","type":"csat","metadata":${deep(1)}}`,
      csatkit_display_decision: `{"definition":${definition},"now":1,"page":{"url":${deep(2)}}}`,
      csatkit_survey_step: `{"definition":${definition},"state":null,"action":{"type":"open"},"context":{"data":{"cart":${deep(3)}}}}`,
      csatkit_survey_locale: `{"definition":${definition},"context":{"languages":[${deep(3)}]}}`,
      csatkit_add_locale_pack: `{"code":"de","texts":${deep(1)}}`,
    };
    for (const [name, request] of Object.entries(requests)) {
      assert.equal(depthOf(request), MAX_DEPTH, name);
      const used = peakStack(name, request);
      assert.ok(used < STACK_BYTES / 4, `${name} used ${used} bytes of stack`);
    }
  });
});

describe('the calculator module: JSON nested to the limit and one level past it', () => {
  test(`score requests ${MAX_DEPTH} and ${MAX_DEPTH + 1} levels deep are errors; a normal request is unharmed`, async () => {
    const core = await init();
    const normalRequest = JSON.stringify({ scale: 'csat5', counts: { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5 } });
    const normal = core.scoreJson(normalRequest);
    assert.match(normal, /^\{"ok":true/);
    const atLimit = JSON.stringify({ scale: 'csat5', counts: nested(MAX_DEPTH - 1) });
    assert.equal(depthOf(atLimit), MAX_DEPTH);
    assert.match(core.scoreJson(atLimit), /^\{"ok":false,"error":\{"code":"request.invalid","path":"\$.counts/, 'read, then judged on its content');
    assert.equal(core.scoreJson(normalRequest), normal);
    const pastLimit = JSON.stringify({ scale: 'csat5', counts: nested(MAX_DEPTH) });
    assert.equal(depthOf(pastLimit), MAX_DEPTH + 1);
    assert.match(core.scoreJson(pastLimit), /^\{"ok":false,"error":\{"code":"request.json".*nested deeper than the 128 levels allowed/);
    assert.equal(core.scoreJson(normalRequest), normal);
  });
});

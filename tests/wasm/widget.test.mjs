// The survey widget's real wasm module (web/dist/csatkit-widget.wasm) through web/widget/core.js,
// under Node: the four calls of src/core/widget_api.hpp as the runtime makes them. The .wasm
// bytes are handed over as `wasmBinary` (Node's fetch cannot read a file URL).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';

import { CsatkitError } from '../../web/csatkit-error.js';
import { explainDefinitionError, loadExplainingCore, loadWidgetCore } from '../../web/widget/core.js';

const wasmBinary = readFileSync(new URL('../../web/dist/csatkit-widget.wasm', import.meta.url));
const explainBinary = readFileSync(new URL('../../web/dist/csatkit-widget-explain.wasm', import.meta.url));
const NOW = Date.UTC(2025, 0, 15, 12);
const DAY = 24 * 60 * 60 * 1000;
const RESPONSE_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('the widget core under Node', () => {
  let core;
  before(async () => {
    core = await loadWidgetCore({ wasmBinary });
    await loadExplainingCore({ wasmBinary: explainBinary }); // what explainDefinitionError() uses
  });

  test('loads once: later calls return the same promise', async () => {
    assert.equal(loadWidgetCore(), loadWidgetCore());
    assert.equal(await loadWidgetCore(), core);
  });

  describe('survey_definition', () => {
    test('the smallest valid definition gets every default made explicit', () => {
      const definition = core.surveyDefinition('{"id": "post-chat", "type": "csat"}');
      assert.equal(definition.id, 'post-chat');
      assert.equal(definition.scale, 'csat5');
      assert.deepEqual(definition.presentation, { mode: 'popup', position: 'bottom-right', selector: null });
      assert.equal(definition.display.triggers.delay_ms, 3000);
      assert.equal(definition.display.sample_percent, 100);
      assert.equal(definition.display.recontact_days, 45);
      assert.equal(definition.display.dismiss_days, 7);
      assert.equal(definition.display.max_displays, 3);
      assert.equal(definition.display.global_cooldown_days, 1);
      assert.equal(definition.display.respect_global_cooldown, true);
      assert.equal(definition.display.respect_privacy_signals, true);
      assert.equal(definition.display.require_consent, false);
      // Normalized in, the same out: the runtime passes it back on every call.
      assert.deepEqual(core.surveyDefinition(definition), definition);
    });

    test('every example survey in examples/surveys is valid (the README links them)', () => {
      const folder = new URL('../../examples/surveys/', import.meta.url);
      const names = readdirSync(folder).filter((name) => name.endsWith('.json'));
      for (const name of ['post-chat.json', 'kb-article.json', 'framework.json', 'reference.json']) assert.ok(names.includes(name), name);
      for (const name of names) {
        const text = readFileSync(new URL(name, folder), 'utf8');
        assert.equal(core.surveyDefinition(text).id, JSON.parse(text).id, name);
      }
    });

    test('an invalid definition is one CsatkitError listing every problem with its JSON path, explained', async () => {
      const definition = { type: 'stars', display: { sample_percent: 140, when: 'soon' }, presentation: { mode: 'fullscreen' } };
      const unexplained = thrown(() => core.surveyDefinition(definition));
      assert.ok(unexplained instanceof CsatkitError);
      assert.equal(unexplained.code, 'survey.invalid');
      const paths = unexplained.problems.map((problem) => problem.path);
      for (const path of ['$.id', '$.type', '$.display.sample_percent', '$.display.when', '$.presentation.mode']) {
        assert.ok(paths.includes(path), `${path} missing in ${paths.join(', ')}`);
      }
      // The core every page downloads leaves the sentences out; the runtime asks the explaining one.
      assert.equal(unexplained.message, '');
      const error = await explainDefinitionError(unexplained, definition);
      assert.ok(error instanceof CsatkitError);
      assert.equal(error.code, 'survey.invalid');
      assert.equal(error.path, '$');
      assert.deepEqual(error.problems.map((problem) => problem.path), paths);
      // In the order of the author's keys (a missing id has none: last), the first in the summary.
      assert.equal(error.message, `5 problems in the survey definition: $.type: ${error.problems[0].message}`);
      assert.match(error.problems[0].message, /unknown type "stars"/);
      assert.match(error.problems.find((p) => p.path === '$.id').message, /id is required/);
      assert.match(error.problems.find((p) => p.path === '$.display.sample_percent').message, /from 0 to 100, got 140/);
      assert.match(error.problems.find((p) => p.path === '$.display.when').message, /unknown key "when"/);
      assert.match(error.problems.find((p) => p.path === '$.presentation.mode').message, /unknown mode "fullscreen"/);
    });

    test('the explaining core finds exactly what the downloaded one finds, in words', async () => {
      // Both modules are built from the same sources; only the sentences are compiled out of one
      // (src/core/result.hpp, CSATKIT_EXPLAIN). Each definition here breaks a different check of
      // survey_definition.cpp and display_rules.cpp; both must agree on validity and on every path.
      const explaining = await loadExplainingCore({ wasmBinary: explainBinary });
      const broken = [
        { id: 'a b', type: 'csat' },
        { id: 'x', type: 'csat', colour: 'red', Mode: 'popup', delay_ms: 1, qestion: 'Hi' },
        { id: 'x', type: 'nps', scale: 'csat5' },
        { id: 'x', type: 'csat', scale: 7 },
        { id: 'x', type: 'csat', locale: 'xx' },
        { id: 'x', type: 'csat', question: { en: '  ', 'not a tag': 'Hi', nl: 3 } },
        { id: 'x', type: 'csat', question: 'x'.repeat(1001) },
        { id: 'x', type: 'helpful', reasons: ['outdated', 'outdated', 'nope', { id: 'own' }, 7] },
        { id: 'x', type: 'csat', reasons: ['outdated'], article: { id: 'a' } },
        { id: 'x', type: 'helpful', article: { id: ' ', version: 'v'.repeat(201) } },
        { id: 'x', type: 'csat', follow_up: { negative: 3, neutral: { enabled: 'yes' }, max_length: 0 } },
        { id: 'x', type: 'csat', thanks: { enabled: 1, title: [] } },
        { id: 'x', type: 'csat', review: { url: 'http://example.com', label: 'Review' } },
        { id: 'x', type: 'csat', presentation: { mode: 'inline', position: 'top' } },
        { id: 'x', type: 'csat', presentation: { mode: 'bar', position: 'bottom-right', selector: '#x' } },
        { id: 'x', type: 'csat', metadata: { '': 'a', n: 1 } },
        { id: 'x', type: 'csat', texts: { sumbit: 'Go', thank_you: '' } },
        { id: 'x', type: 'csat', display: 'soon' },
        { id: 'x', type: 'csat', display: { manual_only: true, triggers: { delay_ms: 10 } } },
        { id: 'x', type: 'csat', display: { triggers: { scroll_percent: 120, exit_intent: 'y', events: ['', 3] } } },
        { id: 'x', type: 'csat', display: { include: ['', 'shop', '/a#b', '/***', 'https://x.example'], exclude: 4 } },
        { id: 'x', type: 'csat', display: { max_displays: 0, min_pageviews: 1.5, recontact_days: 'a' } },
      ];
      for (const definition of broken) {
        const name = JSON.stringify(definition).slice(0, 80);
        const lean = thrown(() => core.surveyDefinition(definition));
        const worded = thrown(() => explaining.surveyDefinition(definition));
        assert.equal(lean?.code, 'survey.invalid', name);
        assert.equal(worded?.code, 'survey.invalid', name);
        assert.deepEqual(lean.problems.map((p) => p.path), worded.problems.map((p) => p.path), name);
        assert.ok(lean.problems.every((p) => p.message === ''), name);
        assert.ok(worded.problems.every((p) => p.message.length > 10), name);
        assert.deepEqual(await explainDefinitionError(lean, definition), worded, name);
      }
      const folder = new URL('../../examples/surveys/', import.meta.url);
      for (const name of readdirSync(folder).filter((file) => file.endsWith('.json'))) {
        const text = readFileSync(new URL(name, folder), 'utf8');
        assert.deepEqual(explaining.surveyDefinition(text), core.surveyDefinition(text), name);
      }
    });

    test('a definition that is not an object says so in its one problem too, in the lean core as in the explaining one', async () => {
      const explaining = await loadExplainingCore({ wasmBinary: explainBinary });
      for (const [definition, kind] of [['null', 'null'], ['5', 'a number'], ['[1]', 'an array']]) {
        for (const which of [core, explaining]) {
          const error = thrown(() => which.surveyDefinition(definition));
          assert.equal(error?.code, 'survey.invalid', definition);
          assert.equal(error.message, `a survey definition must be a JSON object, got ${kind}`);
          assert.deepEqual(error.problems, [{ path: '$', message: error.message }], definition);
        }
      }
    });

    test('text that is not JSON is one problem at "$" saying where', () => {
      assert.throws(
        () => core.surveyDefinition('{"id": "x",\n "type": "csat" "scale": "csat5"}'),
        (error) =>
          error instanceof CsatkitError &&
          error.code === 'survey.invalid' &&
          error.problems.length === 1 &&
          error.problems[0].path === '$' &&
          error.message === 'the survey definition is not valid JSON: unexpected character at line 2, column 17',
      );
      assert.throws(
        () => core.surveyDefinition('{"id": "x", "type": "csat", "display": {"delay_ms": 1e400}}'),
        (error) => error.message === 'the survey definition cannot be read: number out of range (beyond ±1.8e308) at line 1, column 53',
      );
    });

    test('a key given twice is a problem at its path, not a silent last-one-wins', async () => {
      const text = '{"id": "x", "type": "csat", "type": "nps", "thanks": {"title": "Thanks", "title": "   "}}';
      const error = await explainDefinitionError(thrown(() => core.surveyDefinition(text)), text);
      assert.deepEqual(
        error.problems.map((problem) => problem.path),
        ['$.type', '$.thanks.title', '$.thanks.title'],
      );
      assert.match(error.problems[0].message, /given twice/);
      assert.match(error.problems[2].message, /empty or only spaces/);
    });
  });

  describe('display_decision', () => {
    let definition;
    before(() => {
      definition = core.surveyDefinition({ id: 'post-chat', type: 'csat', display: { triggers: { delay_ms: 2000 } } });
    });
    const decide = (request) => core.displayDecision({ definition, now: NOW, visitor: { id: 'visitor-1', gpc: false, dnt: false, consent: null }, ...request });

    test('waits for the delay, saying when to ask again, then shows', () => {
      const waiting = decide({ page: { ms_since_load: 500 } });
      assert.equal(waiting.show, false);
      assert.equal(waiting.reason, 'waiting');
      assert.equal(waiting.next_check_ms, 1500);
      assert.equal(waiting.storage_allowed, true);
      const shown = decide({ page: { ms_since_load: 2000 } });
      assert.deepEqual([shown.show, shown.reason, shown.trigger], [true, 'trigger', 'delay']);
    });

    test('honours the history: recontact after an answer, the global cooldown, max displays', () => {
      const page = { ms_since_load: 5000 };
      const answered = { surveys: { 'post-chat': { displays: 1, last_shown: NOW - 10 * DAY, last_answered: NOW - 10 * DAY } } };
      assert.equal(decide({ page, history: answered }).reason, 'recontact');
      const cooled = { surveys: {}, last_shown_any: NOW - DAY / 2 };
      assert.equal(decide({ page, history: cooled }).reason, 'cooldown');
      const capped = { surveys: { 'post-chat': { displays: 3, last_shown: NOW - 100 * DAY } } };
      assert.equal(decide({ page, history: capped }).reason, 'max_displays');
    });

    test('a privacy signal blocks the display and every storage write', () => {
      const decision = decide({ visitor: { id: '', gpc: true, dnt: false, consent: null }, page: { manual: true } });
      assert.deepEqual([decision.show, decision.reason, decision.storage_allowed], [false, 'privacy_signal', false]);
    });

    test('storage that cannot keep the history: no trigger shows ("no_history"), show() still can', () => {
      const blocked = { id: 'visitor-1', gpc: false, dnt: false, consent: null, history_kept: false };
      const automatic = decide({ visitor: blocked, page: { ms_since_load: 5000 } });
      assert.deepEqual([automatic.show, automatic.reason, automatic.next_check_ms], [false, 'no_history', null]);
      const manual = decide({ visitor: blocked, page: { ms_since_load: 0, manual: true } });
      assert.deepEqual([manual.show, manual.trigger], [true, 'manual']);
    });

    test('the delay waits while the page is hidden and fires once it is visible', () => {
      const hidden = decide({ page: { ms_since_load: 60000, visible: false } });
      assert.deepEqual([hidden.show, hidden.reason, hidden.next_check_ms], [false, 'waiting', null]);
      const visible = decide({ page: { ms_since_load: 60000, visible: true } });
      assert.deepEqual([visible.show, visible.trigger], [true, 'delay']);
    });

    test('a request with an unknown key is a CsatkitError naming it', () => {
      assert.throws(
        () => decide({ page: { ms_since_load: 0, scrol_percent: 50 } }),
        (error) => error instanceof CsatkitError && error.code === 'request.invalid' && error.path.includes('scrol_percent'),
      );
    });
  });

  describe('survey_step', () => {
    test('open → score (delivered at once, partial) → comment (same id, complete) → thanks', () => {
      const definition = core.surveyDefinition({ id: 'post-chat', type: 'csat', metadata: { channel: 'chat' } });
      const context = { response_id: RESPONSE_ID, now: '2025-01-15T12:00:00.000Z', url: 'https://shop.example/orders', data: { plan: 'pro' } };
      const step = (state, action) => core.surveyStep({ definition, locale: 'en', state, action, context });

      const opened = step(null, { type: 'open' });
      assert.equal(opened.step, 'question');
      assert.equal(opened.deliver, null);
      assert.match(opened.html, /role="radiogroup"/);
      assert.match(opened.html, /aria-label="2 – Dissatisfied"/);

      const scored = step(opened.state, { type: 'score', value: 2 });
      assert.equal(scored.step, 'follow_up');
      assert.equal(scored.deliver.id, RESPONSE_ID);
      assert.equal(scored.deliver.survey_id, 'post-chat');
      assert.equal(scored.deliver.score, 2);
      assert.equal(scored.deliver.bucket, 'negative');
      assert.equal(scored.deliver.comment, null);
      assert.equal(scored.deliver.complete, false);
      assert.deepEqual(scored.deliver.context, { plan: 'pro' });
      assert.deepEqual(scored.deliver.metadata, { channel: 'chat' });

      const done = step(scored.state, { type: 'submit', text: 'Too slow <b>really</b>' });
      assert.equal(done.step, 'thanks');
      assert.equal(done.deliver.id, RESPONSE_ID, 'the comment updates the same response');
      assert.equal(done.deliver.comment, 'Too slow <b>really</b>');
      assert.equal(done.deliver.complete, true);
      assert.equal(done.deliver.created_at, scored.deliver.created_at);
      assert.match(done.announce, /Thank you/);

      const closed = step(done.state, { type: 'dismiss' });
      assert.equal(closed.step, 'closed');
      assert.equal(closed.html, '');
      assert.equal(closed.deliver, null, 'nothing new to deliver after the complete response');
      assert.notEqual(closed.dismissed, true, 'closing after an answer is not a dismissal');
    });

    test('what the page gives beyond what a collector accepts is cut, and each cut named in "warnings"', () => {
      const definition = core.surveyDefinition({ id: 'post-chat', type: 'csat' });
      const data = { plan: 'pro', cart: 'c'.repeat(5000), later: 'x' };
      const context = { response_id: RESPONSE_ID, now: '2025-01-15T12:00:00.000Z', url: `https://shop.example/?q=a${'é'.repeat(2000)}`, data };
      const opened = core.surveyStep({ definition, locale: 'en', state: null, action: { type: 'open' }, context });
      assert.deepEqual(opened.warnings, []);
      const scored = core.surveyStep({ definition, locale: 'en', state: opened.state, action: { type: 'score', value: 4 }, context });
      assert.equal(new TextEncoder().encode(scored.deliver.url).length, 2047, 'cut at a character boundary');
      assert.deepEqual(scored.deliver.context, { plan: 'pro' });
      assert.deepEqual(
        scored.warnings.map(({ code, path }) => [code, path]),
        [
          ['response.truncated', '$.context.url'],
          ['response.context_dropped', '$.context.data.cart'],
        ],
      );
      for (const warning of scored.warnings) assert.ok(warning.message.length > 0);
    });

    test('half an emoji (a lone UTF-16 surrogate) in a comment or context is sent as U+FFFD, not refused', () => {
      // '\uD83D' is the first half of 😀 (U+1F600, "\uD83D\uDE00"), as a maxlength cut leaves it.
      const definition = core.surveyDefinition({ id: 'post-chat', type: 'csat' });
      const context = { response_id: RESPONSE_ID, now: '2025-01-15T12:00:00.000Z', url: 'https://shop.example/', data: { note: 'a\uDE00b' } };
      const step = (state, action) => core.surveyStep({ definition, locale: 'en', state, action, context });
      const scored = step(step(null, { type: 'open' }).state, { type: 'score', value: 2 });
      assert.deepEqual(scored.deliver.context, { note: 'a\uFFFDb' });
      const done = step(scored.state, { type: 'submit', text: 'Too slow \uD83D' });
      assert.equal(done.deliver.comment, 'Too slow \uFFFD');
      assert.equal(step(scored.state, { type: 'submit', text: 'Fine \uD83D\uDE00' }).deliver.comment, 'Fine 😀', 'a whole pair is kept');
    });

    test('dismissing before a score delivers nothing and says so', () => {
      const definition = core.surveyDefinition({ id: 'post-chat', type: 'csat' });
      const opened = core.surveyStep({ definition, locale: null, state: null, action: { type: 'open' }, context: {} });
      const closed = core.surveyStep({ definition, locale: null, state: opened.state, action: { type: 'dismiss' }, context: {} });
      assert.equal(closed.step, 'closed');
      assert.equal(closed.dismissed, true);
      assert.equal(closed.deliver, null);
    });

    test('an action that does not fit the step is a CsatkitError at $.action', () => {
      const definition = core.surveyDefinition({ id: 'post-chat', type: 'csat' });
      const opened = core.surveyStep({ definition, locale: 'en', state: null, action: { type: 'open' }, context: {} });
      assert.throws(
        () => core.surveyStep({ definition, locale: 'en', state: opened.state, action: { type: 'score', value: 9 }, context: { response_id: RESPONSE_ID } }),
        (error) => error instanceof CsatkitError && error.code === 'survey.action' && error.path.startsWith('$.action'),
      );
    });
  });

  describe('locale packs (the module carries English texts only)', () => {
    const definition = () => core.surveyDefinition({ id: 'post-chat', type: 'csat' });
    const pack = (code) => readFileSync(new URL(`../../web/dist/locales/${code}.json`, import.meta.url), 'utf8');
    const openIn = (pageLang) =>
      core.surveyStep({ definition: definition(), locale: null, state: null, action: { type: 'open' }, context: { page_lang: pageLang } });

    // In this order: the module keeps what has been added for as long as it lives.
    test('a Dutch page: the core names the pack it needs and changes nothing until it is added', () => {
      assert.deepEqual(core.surveyLocale({ definition: definition(), locale: null, context: { page_lang: 'nl-BE', languages: ['en'] } }), {
        code: 'nl',
        dir: 'ltr',
        has_texts: false,
      });
      assert.deepEqual(openIn('nl'), { locale_pack: 'nl' });
      assert.deepEqual(core.surveyLocale({ definition: definition(), locale: null, context: { page_lang: 'en' } }), { code: 'en', dir: 'ltr', has_texts: true });
    });

    test('a broken pack is a CsatkitError naming the first missing text; nothing is added', () => {
      const broken = JSON.parse(pack('nl'));
      delete broken.texts.submit;
      assert.throws(
        () => core.addLocalePack(JSON.stringify(broken)),
        (error) => error instanceof CsatkitError && error.code === 'locale.pack_invalid' && error.path === '$.texts.submit',
      );
      assert.throws(
        () => core.addLocalePack(JSON.stringify({ ...broken, code: 'zz' })),
        (error) => error instanceof CsatkitError && error.code === 'locale.pack_invalid' && error.path === '$.code',
      );
      assert.deepEqual(openIn('nl'), { locale_pack: 'nl' });
    });

    test('with its pack (web/dist/locales/nl.json, written by the build) the survey opens in Dutch', () => {
      assert.deepEqual(core.addLocalePack(pack('nl')), { code: 'nl' });
      const opened = openIn('nl');
      assert.equal(opened.lang, 'nl');
      assert.match(opened.html, /Hoe tevreden bent u over uw ervaring\?/);
      assert.match(opened.html, /aria-label="Zeer tevreden"|Zeer tevreden/);
    });

    test('an Arabic pack opens right to left; every built-in locale has a pack that loads', () => {
      for (const code of ['en', 'nl', 'sv', 'de', 'fr', 'es', 'pt', 'it', 'ar', 'he']) {
        assert.deepEqual(core.addLocalePack(pack(code)), { code }, code);
        assert.equal(JSON.parse(pack(code)).dir, ['ar', 'he'].includes(code) ? 'rtl' : 'ltr', code);
      }
      const opened = openIn('ar');
      assert.equal(opened.dir, 'rtl');
      assert.equal(opened.lang, 'ar');
    });
  });
});

/** What `call` throws (undefined if it returns). */
function thrown(call) {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('URL rules against the URL as the browser spells it (location.href)', () => {
  test('a non-ASCII include matches the percent-encoded path; a non-ASCII host asks for xn--', async () => {
    const core = await loadWidgetCore({ wasmBinary });
    await loadExplainingCore({ wasmBinary: explainBinary }); // cached: the same promise as above
    const definition = core.surveyDefinition({ id: 'about', type: 'csat', display: { include: ['/über-uns/**'] } });
    const decide = (url) =>
      core.displayDecision({ definition, now: NOW, visitor: { id: 'visitor-1' }, page: { url, ms_since_load: 5000 } });
    const href = new URL('https://example.de/über-uns/team').href; // what location.href would say
    assert.equal(href, 'https://example.de/%C3%BCber-uns/team');
    assert.deepEqual([decide(href).show, decide(href).trigger], [true, 'delay']);
    assert.equal(decide('https://example.de/blog').reason, 'url');
    const host = { id: 'x', type: 'csat', display: { include: ['https://café.example/**'] } };
    const error = await explainDefinitionError(thrown(() => core.surveyDefinition(host)), host);
    assert.equal(error.problems[0].path, '$.display.include[0]');
    assert.match(error.problems[0].message, /location\.href.*xn--/);
  });
});

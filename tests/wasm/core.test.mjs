// The real wasm module (web/dist) through web/core.js, under Node: every capability against
// the product brief's vectors, and errors as CsatkitError.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import {
  CsatkitError,
  benchmarks,
  compare,
  init,
  plan,
  revenue,
  scales,
  score,
} from '../../web/core.js';
import * as core from '../../web/core.js';
import { csatCounts, improvedCounts } from './fixtures.mjs';

/** Asserts that `promise` rejects with a CsatkitError carrying this code and path. */
async function rejectsWith(promise, code, path) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof CsatkitError, `expected a CsatkitError, got ${error}`);
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'CsatkitError');
    assert.equal(error.code, code);
    assert.equal(error.path, path);
    assert.equal(typeof error.message, 'string');
    assert.ok(error.message.length > 0);
    return true;
  });
}

describe('the module', () => {
  test('exports exactly what core.d.ts declares', () => {
    const declarations = readFileSync(new URL('../../web/core.d.ts', import.meta.url), 'utf8');
    const declared = [...declarations.matchAll(/^export (?:declare )?(?:function|class) (\w+)/gm)].map((m) => m[1]);
    assert.deepEqual(Object.keys(core).sort(), [...new Set(declared)].sort());
  });
});

describe('init', () => {
  test('loads the module once and caches the promise', async () => {
    const first = init();
    assert.equal(init(), first);
    const core = await first;
    assert.equal(typeof core.scoreJson, 'function');
    assert.equal(await init(), core);
  });
});

describe('scales and benchmarks', () => {
  test('scales lists csat5 with its labels and buckets', async () => {
    const list = await scales();
    const ids = list.map((scale) => scale.id);
    for (const id of ['emoji3', 'csat5', 'csat7', 'csat10', 'nps', 'ces7', 'helpful']) assert.ok(ids.includes(id), id);
    const csat5 = list.find((scale) => scale.id === 'csat5');
    assert.equal(csat5.family, 'csat');
    assert.deepEqual(
      csat5.points.map((point) => point.label),
      ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
    );
    assert.deepEqual(
      csat5.points.map((point) => point.bucket),
      ['negative', 'negative', 'neutral', 'positive', 'positive'],
    );
  });

  test('scales speak a locale: the widget\'s translations, English for anything else', async () => {
    const english = await scales();
    assert.deepEqual(await scales({ locale: 'en' }), english);
    assert.deepEqual(await scales({ locale: 'xx' }), english);
    const dutch = await scales({ locale: 'nl' });
    const byId = (list, id) => list.find((scale) => scale.id === id);
    assert.deepEqual(
      byId(dutch, 'csat5').points.map((point) => point.label),
      ['Zeer ontevreden', 'Ontevreden', 'Neutraal', 'Tevreden', 'Zeer tevreden'],
    );
    assert.equal(byId(dutch, 'nps').points[10].label, '10');
    assert.equal(byId(dutch, 'nps').high_anchor, 'Zeer waarschijnlijk');
    assert.equal(byId(await scales({ locale: 'de-AT' }), 'ces7').points[0].label, 'Stimme überhaupt nicht zu');
    await assert.rejects(scales({ locale: 7 }), (error) => error.code === 'request.invalid' && error.path === '$.locale');
    await assert.rejects(scales('nl'), (error) => error.code === 'request.invalid');
  });

  test('benchmarks come with the ACSI caveat', async () => {
    const table = await benchmarks();
    assert.match(table.caveat, /ACSI/);
    assert.equal(table.caveat_id, 'acsi.index_not_top_box');
    assert.ok(table.benchmarks.length > 0);
    for (const benchmark of table.benchmarks) {
      assert.equal(typeof benchmark.id, 'string');
      assert.equal(typeof benchmark.industry, 'string');
      assert.ok(benchmark.score > 0 && benchmark.score <= 100, `${benchmark.id} ${benchmark.score}`);
      assert.ok(Number.isInteger(benchmark.year));
    }
  });
});

describe('score', () => {
  test('CSAT 600/1000 has the Wilson interval 56.93–62.99', async () => {
    const report = await score({ scale: 'csat5', counts: csatCounts });
    assert.equal(report.n, 1000);
    assert.equal(report.invalid, 0);
    assert.deepEqual(report.csat, { percent: 60, low: 56.93, high: 62.99 });
    assert.deepEqual(report.buckets, { negative: 200, neutral: 200, positive: 600 });
    assert.equal(report.mean.value, 3.6);
    assert.ok(report.mean.low < 3.6 && report.mean.high > 3.6);
  });

  test('NPS 200/120/80 is 30 (22.15–37.40)', async () => {
    const report = await score({ scale: 'nps', counts: { 10: 200, 8: 120, 0: 80 } });
    assert.equal(report.n, 400);
    assert.deepEqual(report.nps, { score: 30, low: 22.15, high: 37.4 });
    assert.equal(report.promoters, 200);
    assert.equal(report.passives, 120);
    assert.equal(report.detractors, 80);
  });

  test('values and pasted text are scored like counts', async () => {
    const values = await score({ scale: 'csat5', values: [5, 4, 'Very satisfied', 1, 9] });
    assert.equal(values.n, 4);
    assert.equal(values.invalid, 1);
    const text = await score({ scale: 'csat5', text: '5\n4 3,2' });
    assert.equal(text.n, 4);
    assert.deepEqual(text.distribution, { 1: 0, 2: 1, 3: 1, 4: 1, 5: 1 });
  });

  test('a negative count is a CsatkitError at its path', async () => {
    await rejectsWith(score({ scale: 'csat5', counts: { 1: -1 } }), 'request.invalid', '$.counts.1');
  });

  test('an unknown scale names $.scale', async () => {
    await assert.rejects(score({ scale: 'csat11', counts: { 1: 1 } }), (error) => {
      assert.ok(error instanceof CsatkitError);
      assert.equal(error.path, '$.scale');
      return true;
    });
  });

  test('a request that is not an object is refused before wasm', async () => {
    await rejectsWith(score(null), 'request.invalid', '$');
    await rejectsWith(score([1, 2]), 'request.invalid', '$');
    await rejectsWith(score('{"counts":{}}'), 'request.invalid', '$');
  });
});

describe('compare', () => {
  test('600/1000 vs 540/1000: z 2.71, p 0.0067', async () => {
    const result = await compare({
      scale: 'csat5',
      a: { counts: { 1: 200, 2: 100, 3: 100, 4: 300, 5: 300 } },
      b: { counts: { 1: 260, 2: 100, 3: 100, 4: 270, 5: 270 } },
    });
    assert.equal(result.a.csat.percent, 60);
    assert.equal(result.b.csat.percent, 54);
    assert.equal(result.test.difference, -6);
    assert.equal(Math.abs(result.test.z).toFixed(2), '2.71');
    assert.equal(result.test.p_value.toFixed(4), '0.0067');
    assert.equal(result.test.significant, true);
    assert.match(result.test.verdict, /significant at 95%/);
  });

  test('a missing side is a CsatkitError', async () => {
    await rejectsWith(compare({ scale: 'csat5', a: { counts: csatCounts } }), 'request.invalid', '$.b');
  });
});

describe('plan', () => {
  test('±3 points at 80% needs 683 responses, 601 from a base of 5000', async () => {
    assert.equal((await plan({ margin: 3, expected: 80 })).responses, 683);
    assert.equal((await plan({ margin: 3, expected: 80, population: 5000 })).responses, 601);
  });

  test('a response rate gives the invitations', async () => {
    const result = await plan({ margin: 3, expected: 80, population: 5000, response_rate: 0.2 });
    assert.equal(result.invitations, 3005);
  });

  test('a margin that is not a number is a CsatkitError', async () => {
    await rejectsWith(plan({ margin: 'three' }), 'request.invalid', '$.margin');
  });
});

describe('revenue', () => {
  test('1000 responses at 500 spend: 172000 at risk, 126000 after, 46000 saved', async () => {
    const result = await revenue({ scale: 'csat5', counts: csatCounts, spend: 500, improve_to: improvedCounts });
    assert.equal(result.at_risk.value, 172000);
    assert.ok(result.at_risk.low < 172000 && result.at_risk.high > 172000);
    assert.equal(result.after.at_risk.value, 126000);
    assert.equal(result.saved.value, 46000);
    assert.deepEqual(result.churn, { 1: 0.92, 2: 0.92, 3: 0.8, 4: 0, 5: 0 });
  });

  test('a missing spend is a CsatkitError at $.spend', async () => {
    await rejectsWith(revenue({ scale: 'csat5', counts: csatCounts }), 'request.invalid', '$.spend');
  });
});

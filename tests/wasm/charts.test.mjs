// The calculator's charts, recommendations, summaries and plan warnings through the real wasm
// module: the reports that score()/scoreCsv()/compare() return go back in unchanged, as the
// calculator page does, and what comes out is checked the way the page uses it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { CsatkitError, chart, compare, plan, recommend, score, scoreCsv, summary } from '../../web/core.js';
import { csatCounts } from './fixtures.mjs';

/** A CSV by week and segment: week 10 has 70 of 100 satisfied, week 11 50 of 100, the unhappy ones from "phone". */
function weeklyCsv() {
  const lines = ['date,segment,rating'];
  for (let i = 0; i < 100; ++i) lines.push(`2024-03-05,${i % 2 ? 'web' : 'app'},${i < 70 ? 5 : 2}`);
  for (let i = 0; i < 100; ++i) lines.push(`2024-03-12,${i >= 60 ? 'phone' : i % 2 ? 'web' : 'app'},${i < 50 ? 4 : 1}`);
  lines.push('2024-03-12,"<img src=x onerror=alert(1)>",5');
  return `${lines.join('\n')}\n`;
}

async function rejectsWith(promise, code, path) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof CsatkitError, `expected a CsatkitError, got ${error}`);
    assert.equal(error.code, code);
    assert.equal(error.path, path);
    return true;
  });
}

/** Start tags of an SVG string (the module returns markup; Node has no DOM, so a light check). */
function tags(svg) {
  return [...svg.matchAll(/<([a-zA-Z]+)((?:\s+[a-zA-Z:-]+="[^"]*")*)\s*\/?>/g)].map(([, name, attributes]) => ({
    name,
    attributes: Object.fromEntries([...attributes.matchAll(/([a-zA-Z:-]+)="([^"]*)"/g)].map(([, k, v]) => [k, v])),
  }));
}

function assertSafeSvg(svg) {
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+" role="img" aria-labelledby="[\w-]+-title [\w-]+-desc"/);
  assert.ok(svg.endsWith('</svg>'));
  for (const { name, attributes } of tags(svg)) {
    assert.notEqual(name.toLowerCase(), 'script');
    assert.notEqual(name.toLowerCase(), 'style');
    for (const key of Object.keys(attributes)) {
      assert.notEqual(key, 'style', `${name} has a style attribute`);
      assert.ok(!key.startsWith('on'), `${name} has an event attribute ${key}`);
    }
  }
}

describe('chart', () => {
  test('distribution of the brief\'s counts: bars by bucket, counts and shares, words in <desc>', async () => {
    const report = await score({ scale: 'csat5', counts: csatCounts });
    const result = await chart({ kind: 'distribution', report });
    assertSafeSvg(result.svg);
    const bars = tags(result.svg).filter((t) => /\bcsatkit-chart-bar\b/.test(t.attributes.class ?? ''));
    assert.deepEqual(
      bars.map((bar) => bar.attributes.class.split(' ')[1]),
      ['csatkit-chart-negative', 'csatkit-chart-negative', 'csatkit-chart-neutral', 'csatkit-chart-positive', 'csatkit-chart-positive'],
    );
    assert.match(result.description, /4 \(Satisfied\): 300 responses, 30\.0%/);
    assert.match(result.svg, /<desc id="[\w-]+-desc">Distribution of ratings: 1,000 responses\./);
    assert.equal(result.width, 640);
    assert.deepEqual(await chart({ kind: 'distribution', report }), result, 'the same request gives the same bytes');
  });

  test('descriptions in the page\'s words for a 7-point and an NPS scale, numbers kept on the axis', async () => {
    const csat7 = await chart({ kind: 'distribution', scale: 'csat7', counts: { 1: 1, 7: 3 }, descriptions: { 1: 'Zeer ontevreden', 7: 'Zeer tevreden' } });
    assert.match(csat7.description, /1 \(Zeer ontevreden\): 1 /);
    assert.match(csat7.description, /7 \(Zeer tevreden\): 3 /);
    assert.match(csat7.svg, /class="csatkit-chart-tick"[^>]*>7<\/text>/);
    const nps = await chart({ kind: 'distribution', scale: 'nps', counts: { 9: 2, 10: 1 }, descriptions: { 10: 'Zeer waarschijnlijk' } });
    assert.match(nps.description, / 9: 2 /);
    assert.doesNotMatch(nps.description, /\(9\)/);
    assert.match(nps.description, /10 \(Zeer waarschijnlijk\): 1 /);
  });

  test('trend and segments from a CSV report, hostile segment names escaped', async () => {
    const report = await scoreCsv(weeklyCsv(), { date_column: 'date', by: 'week', segment: 'segment' });
    const trend = await chart({ kind: 'trend', report, labels: { title: 'CSAT per week' } });
    assertSafeSvg(trend.svg);
    assert.equal(trend.title, 'CSAT per week');
    assert.match(trend.description, /2024-W11: 50\.5% \(95% interval [\d.]+–[\d.]+\), 101 responses; −19\.5 points, significant\./);
    assert.equal(tags(trend.svg).filter((t) => /csatkit-chart-point\b/.test(t.attributes.class ?? '')).length, 2);

    const segments = await chart({ kind: 'segments', report, decimal_separator: ',' });
    assertSafeSvg(segments.svg);
    assert.ok(!segments.svg.includes('<img'), 'the segment name is text, not markup');
    assert.ok(segments.svg.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.match(segments.description, /Overall: 60,2% \(95% interval/);
    assert.match(segments.description, /phone: 0,0%.*significant/);
  });

  test('a value that cannot be computed reads as the page says (labels.no_value)', async () => {
    const empty = await chart({ kind: 'distribution', counts: [0, 0, 0, 0, 0], labels: { responses: 'antwoorden', no_value: 'n.v.t.' } });
    assert.match(empty.description, /0 antwoorden, n\.v\.t\./);
    assert.ok(!empty.description.includes('n/a'));
  });

  test('bad requests are CsatkitErrors with the path', async () => {
    await rejectsWith(chart({ kind: 'pie', counts: [1, 2, 3, 4, 5] }), 'request.invalid', '$.kind');
    await rejectsWith(chart({ kind: 'distribution', counts: [1, 2, 3, 4, 5], labels: { titel: 'x' } }), 'request.invalid', '$.labels.titel');
    const report = await score({ counts: [1, 2, 3, 4, 5] });
    await rejectsWith(chart({ kind: 'trend', report }), 'chart.empty', '$.report');
    await rejectsWith(chart({ kind: 'distribution', report: { ...report, n: 1 } }), 'report.inconsistent', '$.report.n');
  });
});

describe('recommend', () => {
  test('a CSV report: the drop, the segment holding the negatives, the bad row', async () => {
    const report = await scoreCsv(weeklyCsv() + '2024-03-12,web,seven\n', { date_column: 'date', by: 'week', segment: 'segment' });
    const { recommendations } = await recommend({ report, benchmark: 'banks', target: 80 });
    const ids = recommendations.map((r) => r.id);
    assert.deepEqual(ids, [
      'sample.margin_too_wide',
      'target.missed',
      'change.significant',
      'segment.negatives_concentrated',
      'benchmark.comparison',
      'data.unusable_rows',
    ]);
    const segment = recommendations.find((r) => r.id === 'segment.negatives_concentrated');
    assert.equal(segment.severity, 'warning');
    assert.equal(segment.data.segment, 'phone');
    assert.ok(segment.data.share_of_negatives > segment.data.share_of_responses);
    assert.match(recommendations.find((r) => r.id === 'benchmark.comparison').message, /not the same measure/);
    assert.deepEqual(recommendations.at(-1).data.first_lines, [203]);
  });

  test('a before/after within noise, and nothing to say about a large stable sample', async () => {
    const comparison = await compare({ a: { counts: csatCounts }, b: { counts: { ...csatCounts, 5: 290, 3: 210 } } });
    const { recommendations } = await recommend({ report: comparison.b, comparison });
    assert.deepEqual(recommendations.map((r) => r.id), ['change.within_noise']);
    assert.equal(recommendations[0].data.from, 'a');
    assert.equal(recommendations[0].data.difference, -1);
    await rejectsWith(recommend({ report: comparison.b, benchmark: 'moon' }), 'benchmark.unknown', '$.benchmark');
  });
});

describe('summary', () => {
  test('the brief\'s "60% ± 3.0 points, 56.9–63.0"', async () => {
    const result = await summary({ report: await score({ counts: csatCounts }) });
    assert.deepEqual(result, {
      metric: 'csat',
      value: 60,
      margin: 3,
      low: 56.9,
      high: 63,
      n: 1000,
      confidence: 0.95,
      unit: '%',
      text: '60% ± 3.0 points, 56.9–63.0',
    });
    assert.equal((await summary({ counts: csatCounts, decimal_separator: ',', decimals: 2 })).text, '60% ± 3,03 points, 56,93–62,99');
  });
});

describe('reports of other scales', () => {
  test('NPS: summary, a distribution of 11 bars, a mean trend without significance markers', async () => {
    const report = await score({ scale: 'nps', counts: { 10: 200, 8: 120, 0: 80 } });
    assert.equal((await summary({ report })).text, '30 ± 7.6 points, 22.2–37.4');
    const bars = await chart({ kind: 'distribution', report });
    assert.equal((bars.svg.match(/class="csatkit-chart-bar /g) ?? []).length, 11);
    const csv = ['date,nps', ...Array.from({ length: 40 }, (_, i) => `2024-0${1 + (i % 2)}-01,${i % 11}`)].join('\n');
    const byMonth = await scoreCsv(csv, { scale: 'nps', column: 'nps', date_column: 'date', by: 'month' });
    const trend = await chart({ kind: 'trend', report: byMonth, metric: 'mean' });
    assert.equal(trend.title, 'Mean rating by period');
    assert.ok(!/csatkit-chart-point csatkit-chart-significant/.test(trend.svg));
    await rejectsWith(chart({ kind: 'trend', report: byMonth, metric: 'csat' }), 'report.metric', '$.metric');
  });
});

describe('plan extensions', () => {
  test('collected responses and a warning when invitations exceed the population', async () => {
    const result = await plan({ margin: 3, expected: 80, population: 5000, response_rate: 0.1, collected: 200 });
    assert.equal(result.responses, 601);
    assert.equal(result.more, 401);
    assert.equal(result.invitations, 6010);
    assert.equal(result.more_invitations, 4010);
    assert.deepEqual(result.warnings.map((w) => w.id), ['plan.invitations_exceed_population']);
    assert.deepEqual((await plan({ margin: 3, expected: 80 })).warnings, []);
  });
});

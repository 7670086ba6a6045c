// The summary endpoint prints the numbers `csatkit score` prints for the collector's own CSV
// export, and the export reads back exactly what was posted.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { parseCsv, scoreCsv, startCollector, widgetResponse } from './collector-harness.mjs';

const labels = { 1: 'Very dissatisfied', 2: 'Dissatisfied', 3: 'Neutral', 4: 'Satisfied', 5: 'Very satisfied' };
const buckets = { 1: 'negative', 2: 'negative', 3: 'neutral', 4: 'positive', 5: 'positive' };

// 90 responses over five weeks of May 2024 from three touchpoints; scores from a fixed
// sequence so every week and touchpoint has a different mix. Comments exercise CSV quoting.
const touchpoints = ['chat', 'email', 'phone'];
const comments = [null, 'fine', 'slow, but "ok"', 'line one\nline two', '=HYPERLINK("x")', 'ünïcødé ✓'];
const posted = Array.from({ length: 90 }, (_, i) => {
  const score = [5, 4, 4, 3, 5, 1, 2, 4, 5, 3, 4, 5, 2][i % 13];
  const day = 1 + ((i * 7) % 31);
  const time = `2024-05-${String(day).padStart(2, '0')}T${String(8 + (i % 10)).padStart(2, '0')}:15:00.000Z`;
  return widgetResponse({
    score,
    bucket: buckets[score],
    label: labels[score],
    touchpoint: touchpoints[i % 3],
    comment: comments[i % comments.length],
    complete: true,
    created_at: time,
    updated_at: time,
  });
});

let collector;
before(async () => {
  collector = await startCollector();
  for (const response of posted) {
    const res = await collector.post(response);
    assert.equal(res.status, 201, res.text);
  }
});
after(async () => {
  assert.equal((await collector.stop()).code, 0);
});

async function exportTo(file, query = '') {
  const res = await collector.get(`/v1/surveys/post-chat/responses.csv${query}`);
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type'], /^text\/csv/);
  writeFileSync(file, res.text);
  return res.text;
}

test('the export holds every posted response once, with its fields intact', async () => {
  const file = path.join(collector.dir, 'export.csv');
  const rows = parseCsv(await exportTo(file));
  assert.equal(rows.length, posted.length);
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const response of posted) {
    const row = byId.get(response.id);
    assert.ok(row, response.id);
    assert.equal(Number(row.score), response.score);
    assert.equal(row.touchpoint, response.touchpoint);
    assert.equal(row.created_at, response.created_at);
    // Text a spreadsheet would run as a formula is exported with a leading apostrophe.
    const expected = response.comment === null ? '' : response.comment.startsWith('=') ? `'${response.comment}` : response.comment;
    assert.equal(row.comment, expected);
    assert.equal(row.context, '{"plan":"pro"}');
  }
});

test('the summary equals `csatkit score` on the export, and the counts posted', async () => {
  const file = path.join(collector.dir, 'export-all.csv');
  await exportTo(file);
  const summary = await collector.get('/v1/surveys/post-chat/summary');
  assert.equal(summary.status, 200);
  assert.deepEqual(summary.json, scoreCsv(file, ['--scale', 'csat5', '--column', 'score']));
  // Independently: the distribution is the tally of what this test posted.
  const expected = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  for (const response of posted) expected[response.score] += 1;
  assert.deepEqual(summary.json.distribution, expected);
  assert.equal(summary.json.n, posted.length);
  const satisfied = expected[4] + expected[5];
  assert.equal(summary.json.csat.percent, Math.round((10000 * satisfied) / posted.length) / 100);
});

for (const by of ['day', 'week', 'month']) {
  test(`grouped by ${by} and touchpoint, the summary equals the CLI's groups and tests`, async () => {
    const file = path.join(collector.dir, `export-${by}.csv`);
    await exportTo(file);
    const summary = await collector.get(`/v1/surveys/post-chat/summary?by=${by}&segment=touchpoint`);
    assert.equal(summary.status, 200, summary.text);
    const cli = scoreCsv(file, ['--scale', 'csat5', '--column', 'score', '--date-column', 'created_at', '--by', by, '--segment', 'touchpoint']);
    assert.deepEqual(summary.json, cli);
    assert.ok(summary.json.groups, 'has groups');
  });
}

test('from/to select days inclusively, for the summary and the export alike', async () => {
  const query = '?from=2024-05-08&to=2024-05-21';
  const file = path.join(collector.dir, 'export-range.csv');
  const rows = parseCsv(await exportTo(file, query));
  const inRange = posted.filter((r) => r.created_at.slice(0, 10) >= '2024-05-08' && r.created_at.slice(0, 10) <= '2024-05-21');
  assert.ok(inRange.length > 10 && inRange.length < posted.length);
  assert.deepEqual(new Set(rows.map((r) => r.id)), new Set(inRange.map((r) => r.id)));
  const summary = await collector.get(`/v1/surveys/post-chat/summary${query}&by=week`);
  assert.deepEqual(summary.json, scoreCsv(file, ['--scale', 'csat5', '--column', 'score', '--date-column', 'created_at', '--by', 'week']));
  assert.equal(summary.json.n, inRange.length);
});

test('bad summary queries are 400s naming the parameter', async () => {
  for (const [query, parameter] of [['?by=year', 'by'], ['?from=05/01/2024', 'from'], ['?segment=comment', 'segment'], ['?to=2024-02-30', 'to']]) {
    const res = await collector.get(`/v1/surveys/post-chat/summary${query}`);
    assert.equal(res.status, 400, query);
    assert.equal(res.json.error.path, parameter);
  }
});

test('a survey with no responses yet has an empty summary, not an error', async () => {
  const res = await collector.get('/v1/surveys/short-note/summary');
  assert.equal(res.status, 200);
  assert.equal(res.json.n, 0);
  assert.equal(res.json.rows, 0);
});

// Streaming CSV scoring through the real wasm module: every source kind, chunk boundaries
// anywhere, progress, abort, and errors as CsatkitError.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';

import { CsatkitError, init, scoreCsv } from '../../web/core.js';
import { surveyCsv, surveyValidRatings } from './fixtures.mjs';

const bytes = new TextEncoder().encode(surveyCsv);

describe('scoreCsv', () => {
  test('scores a Uint8Array and reports bad rows with line numbers', async () => {
    const report = await scoreCsv(bytes, { scale: 'csat5', column: 'rating' });
    assert.equal(report.rows, 8);
    assert.equal(report.n, surveyValidRatings);
    assert.equal(report.bad_rows, 2);
    assert.deepEqual(
      report.first_bad_rows.map((row) => row.line),
      [6, 7],
    );
    assert.deepEqual(report.distribution, { 1: 1, 2: 1, 3: 1, 4: 1, 5: 2 });
  });

  test('a Dutch export with the points\' words is read in any case, split anywhere', async () => {
    // The calculator's module has every locale compiled in: Dutch, French and English words all count.
    const csv = 'datum;beoordeling\n2024-03-01;Zeer tevreden\n2024-03-01;zeer ontevreden\n2024-03-02;NEUTRAAL\n2024-03-02;Très satisfait\n2024-03-03;Heel blij\n';
    for (const chunk of [1, 7, csv.length]) {
      const parts = [];
      for (let i = 0; i < csv.length; i += chunk) parts.push(csv.slice(i, i + chunk));
      const report = await scoreCsv(Readable.from(parts.map((part) => new TextEncoder().encode(part))), { column: 'beoordeling' });
      assert.deepEqual(report.distribution, { 1: 1, 2: 0, 3: 1, 4: 0, 5: 2 }, `chunks of ${chunk}`);
      assert.deepEqual(report.first_bad_rows, [{ line: 6, reason: 'rating "Heel blij" is not on the csat5 scale' }]);
    }
  });

  test('every chunk size gives the same report (splits inside quotes and lines)', async () => {
    const whole = await scoreCsv(bytes, { column: 'rating' });
    for (const chunkBytes of [1, 2, 3, 7, 64]) {
      assert.deepEqual(await scoreCsv(bytes, { column: 'rating' }, { chunkBytes }), whole, `chunkBytes ${chunkBytes}`);
    }
  });

  test('Blob, ReadableStream, Node stream, ArrayBuffer and string agree', async () => {
    const expected = await scoreCsv(bytes, { column: 'rating' });
    const blob = new Blob([surveyCsv], { type: 'text/csv' });
    assert.deepEqual(await scoreCsv(blob, { column: 'rating' }, { chunkBytes: 16 }), expected);
    const stream = new Blob([surveyCsv]).stream();
    assert.deepEqual(await scoreCsv(stream, { column: 'rating' }), expected);
    const nodeStream = Readable.from([bytes.subarray(0, 50), bytes.subarray(50)]);
    assert.deepEqual(await scoreCsv(nodeStream, { column: 'rating' }), expected);
    assert.deepEqual(await scoreCsv(bytes.slice().buffer, { column: 'rating' }), expected);
    assert.deepEqual(await scoreCsv(surveyCsv, { column: 'rating' }), expected);
  });

  test('groups by segment and by week', async () => {
    const bySegment = await scoreCsv(bytes, { column: 'rating', segment: 'segment' });
    assert.deepEqual(bySegment.groups.map((group) => group.segment).sort(), ['app', 'web']);
    const byWeek = await scoreCsv(bytes, { column: 'rating', date_column: 'date', by: 'week' });
    assert.deepEqual(
      byWeek.groups.map((group) => group.period),
      ['2024-W09', '2024-W10', '2024-W11'],
    );
    assert.equal(byWeek.groups[0].test, null);
    assert.equal(byWeek.groups[1].test.against, 'previous period');
  });

  test('reports progress up to the whole size', async () => {
    const seen = [];
    await scoreCsv(bytes, { column: 'rating' }, { chunkBytes: 32, onProgress: (progress) => seen.push(progress) });
    assert.equal(seen.length, Math.ceil(bytes.length / 32));
    for (let i = 1; i < seen.length; ++i) assert.ok(seen[i].bytes > seen[i - 1].bytes);
    assert.equal(seen.at(-1).bytes, bytes.length);
    assert.equal(seen.at(-1).totalBytes, bytes.length);
  });

  test('an aborted signal stops the import with its reason', async () => {
    const controller = new AbortController();
    const run = scoreCsv(bytes, { column: 'rating' }, {
      chunkBytes: 8,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await assert.rejects(run, { name: 'AbortError' });
    await assert.rejects(scoreCsv(bytes, {}, { signal: AbortSignal.abort() }), { name: 'AbortError' });
  });

  test('a column not in the header is a CsatkitError', async () => {
    await assert.rejects(scoreCsv(bytes, { column: 'stars' }), (error) => {
      assert.ok(error instanceof CsatkitError);
      assert.match(error.code, /^csv\./);
      assert.match(error.message, /rating/); // the message lists the header's columns
      return true;
    });
  });

  test('bad options are a CsatkitError before any byte is read', async () => {
    await assert.rejects(scoreCsv(bytes, { scale: 'csat11' }), (error) => {
      assert.ok(error instanceof CsatkitError);
      assert.equal(error.path, '$.scale');
      return true;
    });
    await assert.rejects(scoreCsv(bytes, { by: 'week' }), CsatkitError);
  });

  test('a source of the wrong type is refused before wasm', async () => {
    await assert.rejects(scoreCsv(42, {}), (error) => {
      assert.ok(error instanceof CsatkitError);
      assert.equal(error.code, 'request.invalid');
      assert.equal(error.path, 'source');
      return true;
    });
    await assert.rejects(scoreCsv(bytes, 'rating'), CsatkitError);
  });

  test('frees its handle on success, error and abort', async () => {
    const core = await init();
    const create = core.createCsvScoring;
    const handles = [];
    core.createCsvScoring = (options) => {
      const created = create(options);
      if (typeof created !== 'string') handles.push(created);
      return created;
    };
    try {
      await scoreCsv(bytes, { column: 'rating' });
      await assert.rejects(scoreCsv(bytes, { column: 'stars' }), CsatkitError);
      const controller = new AbortController();
      const aborted = scoreCsv(bytes, { column: 'rating' }, { chunkBytes: 8, signal: controller.signal, onProgress: () => controller.abort() });
      await assert.rejects(aborted, { name: 'AbortError' });
    } finally {
      core.createCsvScoring = create;
    }
    assert.equal(handles.length, 3);
    for (const handle of handles) assert.equal(handle.isDeleted(), true);
  });
});

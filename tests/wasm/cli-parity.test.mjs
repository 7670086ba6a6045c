// The browser and the command line must print the very same numbers: the wasm module's JSON
// equals the native CLI's JSON (build/native) for `score` and `roi` on the same inputs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { revenue, scoreCsv } from '../../web/core.js';
import { csatCounts, improvedCounts, surveyCsv } from './fixtures.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The CLI binary: $CSATKIT_CLI, or the executable named csatkit under build/native. */
function findCli() {
  if (process.env.CSATKIT_CLI) return process.env.CSATKIT_CLI;
  const queue = [path.join(repo, 'build/native')];
  while (queue.length) {
    const folder = queue.shift();
    if (!existsSync(folder)) continue;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory() && entry.name !== 'CMakeFiles') queue.push(full);
      else if (entry.isFile() && entry.name === 'csatkit' && statSync(full).mode & 0o111) return full;
    }
  }
  throw new Error('no csatkit binary under build/native: run scripts/build.sh first');
}

function cli(args, input) {
  return JSON.parse(execFileSync(findCli(), args, { input, encoding: 'utf8' }));
}

const pairs = (counts) => Object.entries(counts).map(([point, count]) => `${point}=${count}`).join(',');

describe('wasm JSON equals the CLI JSON', () => {
  let folder;
  let csvFile;
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'csatkit-parity-'));
    csvFile = path.join(folder, 'survey.csv');
    writeFileSync(csvFile, surveyCsv);
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  test('score FILE', async () => {
    const native = cli(['score', csvFile, '--scale', 'csat5', '--column', 'rating', '--format', 'json']);
    const wasm = await scoreCsv(new TextEncoder().encode(surveyCsv), { scale: 'csat5', column: 'rating' });
    assert.deepEqual(wasm, native);
  });

  test('score - (standard input) with segments', async () => {
    const native = cli(['score', '-', '--column', 'rating', '--segment', 'segment', '--format', 'json'], surveyCsv);
    const wasm = await scoreCsv(surveyCsv, { column: 'rating', segment: 'segment' });
    assert.deepEqual(wasm, native);
  });

  test('roi', async () => {
    const native = cli([
      'roi', '--counts', pairs(csatCounts), '--spend', '500', '--improve-to', pairs(improvedCounts), '--format', 'json',
    ]);
    const wasm = await revenue({ scale: 'csat5', counts: csatCounts, spend: 500, improve_to: improvedCounts });
    assert.deepEqual(wasm, native);
    assert.equal(wasm.at_risk.value, 172000);
    assert.equal(wasm.saved.value, 46000);
  });
});

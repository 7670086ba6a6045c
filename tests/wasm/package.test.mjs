// What `npm pack` ships is enough: the packed module loads its wasm and scores, outside the repo.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('the packed package imports and scores from its own folder', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'csatkit-pack-'));
  try {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', folder], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    );
    const files = packed[0].files.map((file) => file.path).sort();
    assert.deepEqual(files, [
      'README.md',
      'package.json',
      'web/calculator/benchmark-text.js',
      'web/calculator/calculator-stylesheet.js',
      'web/calculator/calculator.css',
      'web/calculator/chart-style.js',
      'web/calculator/compute.js',
      'web/calculator/csat-calculator-element.js',
      'web/calculator/csv-client.js',
      'web/calculator/csv-panel.js',
      'web/calculator/csv-worker.js',
      'web/calculator/dom.js',
      'web/calculator/export.js',
      'web/calculator/format.js',
      'web/calculator/index.d.ts',
      'web/calculator/index.js',
      'web/calculator/input-view.js',
      'web/calculator/locales/ar.js',
      'web/calculator/locales/de.js',
      'web/calculator/locales/en.js',
      'web/calculator/locales/es.js',
      'web/calculator/locales/fr.js',
      'web/calculator/locales/he.js',
      'web/calculator/locales/index.js',
      'web/calculator/locales/it.js',
      'web/calculator/locales/nl.js',
      'web/calculator/locales/pt.js',
      'web/calculator/locales/sv.js',
      'web/calculator/recommendation-text.js',
      'web/calculator/results-view.js',
      'web/calculator/svg-to-png.js',
      'web/calculator/url-state.js',
      'web/core.d.ts',
      'web/core.js',
      'web/csatkit-error.js',
      'web/dist/csatkit-core.js',
      'web/dist/csatkit-core.wasm',
      'web/dist/csatkit-runtime.js',
      'web/dist/csatkit-widget-explain.wasm',
      'web/dist/csatkit-widget.wasm',
      'web/dist/csatkit.js',
      'web/index.d.ts',
      'web/index.js',
      'web/widget/compile-widget-wasm.js',
      'web/widget/core.js',
      'web/widget/csat-survey-element.js',
      'web/widget/index.d.ts',
      'web/widget/index.js',
      'web/widget/loader-entry.js',
      'web/widget/mount.js',
      'web/widget/next-task.js',
      'web/widget/outbox.js',
      'web/widget/prompt-view.js',
      'web/widget/report-error.js',
      'web/widget/signals.js',
      'web/widget/visitor-store.js',
      'web/widget/widget-stylesheet.js',
      'web/widget/widget.css',
    ]);
    execFileSync('tar', ['-xzf', path.join(folder, packed[0].filename), '-C', folder]);
    const script =
      "const { score } = await import(process.argv[1]);" +
      "const r = await score({ scale: 'csat5', counts: { 1: 100, 2: 100, 3: 200, 4: 300, 5: 300 } });" +
      'console.log(JSON.stringify(r.csat));';
    const output = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', script, path.join(folder, 'package/web/core.js')],
      { cwd: folder, encoding: 'utf8' },
    );
    assert.deepEqual(JSON.parse(output), { percent: 60, low: 56.93, high: 62.99 });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

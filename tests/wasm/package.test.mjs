// What `npm pack` ships is enough: every file the build writes, and a package that imports and
// scores from its own folder under Node (README's Five lines), where there is no DOM.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The languages the widget has built-in texts for (issue 3); each has a pack in web/dist/locales/.
const WIDGET_LOCALES = ['ar', 'de', 'en', 'es', 'fr', 'he', 'it', 'nl', 'pt', 'sv'];

// The source files the package ships; web/dist/ (the build's output) is added as found.
const SOURCE_FILES = [
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
  'web/widget/survey-definition.d.ts',
  'web/widget/visitor-store.js',
  'web/widget/widget-stylesheet.js',
  'web/widget/widget.css',
];

/** The files under `folder` (relative to the repo), as repo-relative paths with forward slashes. */
function filesUnder(folder) {
  return readdirSync(path.join(repo, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(repo, path.join(entry.parentPath ?? entry.path, entry.name)).split(path.sep).join('/'));
}

describe('the npm package', () => {
  let folder; // the packed tarball's contents are installed here as node_modules/csatkit
  let packedFiles;

  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'csatkit-pack-'));
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', folder], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    );
    packedFiles = packed.files.map((file) => file.path).sort();
    execFileSync('tar', ['-xzf', path.join(folder, packed.filename), '-C', folder]);
    mkdirSync(path.join(folder, 'node_modules'));
    renameSync(path.join(folder, 'package'), path.join(folder, 'node_modules/csatkit'));
  });

  after(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  /** Runs `source` as an ES module in the folder the package is installed in; its stdout. */
  const runBeside = (source) =>
    execFileSync(process.execPath, ['--input-type=module', '-e', source], { cwd: folder, encoding: 'utf8' });

  test('ships the sources and everything the build wrote to web/dist/, the locale packs too', () => {
    // A CDN serving the package, or a site hosting its web/dist/, must find every file the
    // loader and mount() fetch beside themselves: a missing locale pack means English for all.
    const built = filesUnder('web/dist');
    for (const code of WIDGET_LOCALES) assert.ok(built.includes(`web/dist/locales/${code}.json`), `the build wrote no ${code} pack`);
    for (const file of ['csatkit.js', 'csatkit-runtime.js', 'csatkit-widget.wasm', 'csatkit-widget-explain.wasm', 'csatkit-core.js', 'csatkit-core.wasm']) {
      assert.ok(built.includes(`web/dist/${file}`), `the build wrote no web/dist/${file}`);
    }
    assert.deepEqual(packedFiles, [...SOURCE_FILES, ...built].sort());
  });

  test("README's Five lines run as written under Node, with the package imported by its name", () => {
    const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
    const [, fiveLines] = readme.match(/^## Five lines\n+```js\n([\s\S]*?)```/m) ?? [];
    assert.ok(fiveLines, "README.md has a js block under '## Five lines'");
    const [, expected] = fiveLines.match(/^\/\/ (.+)$/m) ?? [];
    assert.ok(expected, 'the Five lines end with the output as a comment');
    assert.equal(runBeside(fiveLines).trim(), expected);
  });

  test("'csatkit/widget' imports where there is no DOM: mount is there, the element is not defined", () => {
    const output = runBeside(
      "const widget = await import('csatkit/widget');" +
        'console.log(JSON.stringify({ mount: typeof widget.mount, element: typeof widget.CsatSurveyElement, error: typeof widget.CsatkitError }));',
    );
    assert.deepEqual(JSON.parse(output), { mount: 'function', element: 'undefined', error: 'function' });
  });
});

#!/usr/bin/env node
// Bundles the survey widget for the script tag, into web/dist/ beside csatkit-widget.wasm (which
// needs no JS glue):
//   csatkit.js          the loader (web/csatkit.js) with the signals it gathers from the start:
//                       a classic script, the only up-front download (budget 4 KB gzip)
//   csatkit-runtime.js  web/widget/*.js, web/csatkit-error.js and widget.css as one ES module,
//                       imported by the loader when a survey may show
//   locales/<code>.json the locale packs: the wasm carries English texts only, and the runtime
//                       fetches the visitor's pack when it is another language. Written from the
//                       core's own tables by `csatkit locales` (the native build, run first).
// Why: as separate files the runtime was ten requests (a browser opens six connections per host,
// so they queued) and ~20 KB gzip of comments and long names; bundled it is one request, about
// half the bytes. `import { mount } from "csatkit"` keeps using the source modules: a site's own
// bundler does this job there.
// Run by scripts/build.sh, after the native build (CSATKIT_CLI names another csatkit binary).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build, transform } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const widget = path.join(root, 'web/widget');

// The stylesheet travels inside the bundle as text (no request of its own); loader-entry.js
// fills the shared constructable stylesheet with it.
const css = (await transform(readFileSync(path.join(widget, 'widget.css'), 'utf8'), { loader: 'css', minify: true })).code;

// Browsers that have constructable stylesheets in shadow roots (adoptedStyleSheets) and
// WebAssembly.compileStreaming: nothing older could show the prompt anyway. Chrome 91, not 90:
// esbuild counts optional chaining as complete from Chrome 91 and for 90 rewrites every `?.`,
// 90 B gzip more of the prompt's download.
const target = ['chrome91', 'firefox101', 'safari16.4'];
const dist = path.join(root, 'web/dist');

await build({
  entryPoints: [path.join(root, 'web/csatkit.js')],
  outfile: path.join(dist, 'csatkit.js'),
  bundle: true,
  format: 'iife',
  minify: true,
  target,
  legalComments: 'none',
  logLevel: 'warning',
});

// Methods and fields the runtime's own classes call on each other (VisitorStore, Outbox,
// PromptView, the core's wrapper, the survey run), renamed short in the bundle: ~135 B gzip of
// the prompt's download. Only names that no other bundle, no page, no DOM object and no JSON
// reads: the loader reaches the runtime through start() and the controller's methods, and hands
// it its signals (stop, track, snapshot…), which all keep their names.
const runtimeInternals = /^(unrecordShown|decisionInputs|allowStorage|storageAllowed|beaconAll|offersLink|surveyDefinition|displayDecision|surveyStep|surveyLocale|loadLocalePack|addLocalePack|record|forget|guard|setConsent|flush|put|render)$/;

await build({
  stdin: {
    contents: `export { start } from './loader-entry.js';\nexport const widgetCss = ${JSON.stringify(css)};\n`,
    resolveDir: widget,
    sourcefile: 'csatkit-runtime-entry.js',
  },
  outfile: path.join(dist, 'csatkit-runtime.js'),
  bundle: true,
  format: 'esm',
  minify: true,
  mangleProps: runtimeInternals,
  target,
  legalComments: 'none',
  logLevel: 'warning',
});

// The stylesheet as a file too, so that web/dist/ holds everything mount() fetches when a site's
// bundler does not copy the files that new URL(…, import.meta.url) names (its `assets` option).
writeFileSync(path.join(dist, 'csatkit-widget.css'), css);

const cli = process.env.CSATKIT_CLI ?? path.join(root, 'build/native/csatkit');
const { locales } = JSON.parse(execFileSync(cli, ['locales', '--format', 'json'], { encoding: 'utf8' }));
mkdirSync(path.join(dist, 'locales'), { recursive: true });
for (const pack of locales) writeFileSync(path.join(dist, 'locales', `${pack.code}.json`), JSON.stringify(pack));

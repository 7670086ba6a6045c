// Download sizes of the survey widget (gzip -9), printed, never asserted: the script tag's first
// download (budget 4 KB) and everything needed to show the prompt: JS + wasm + CSS (budget 60 KB).
// Run after scripts/build.sh (the bundle and the wasm are build output).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web');
const gz = (file) => gzipSync(readFileSync(path.join(web, file)), { level: 9 }).length;

const loader = ['dist/csatkit.js'];
// What a page whose survey shows downloads: the script tag (the loader, with the signals it
// gathers from the start), the runtime bundle (web/widget/ and widget.css) and the wasm core;
// scripts/bundle-widget.mjs makes the first two. A visitor whose language is not English also
// downloads that locale's pack (the wasm carries English texts only); the largest is shown.
const prompt = ['dist/csatkit.js', 'dist/csatkit-runtime.js', 'dist/csatkit-widget.wasm'];
for (const file of prompt) console.log(`${file.padEnd(28)} ${String(gz(file)).padStart(7)} B gzip`);
const sum = (files) => files.reduce((total, file) => total + gz(file), 0);
console.log(`loader (first download)      ${String(sum(loader)).padStart(7)} B gzip   (budget 4096)`);
console.log(`prompt total (JS+wasm+CSS)   ${String(sum(prompt)).padStart(7)} B gzip   (budget 61440, aim 46080)`);
const packs = readdirSync(path.join(web, 'dist/locales')).filter((file) => file !== 'en.json');
const largest = packs.map((file) => ({ file: `dist/locales/${file}`, size: gz(`dist/locales/${file}`) })).sort((a, b) => b.size - a.size)[0];
console.log(`largest locale pack          ${String(largest.size).padStart(7)} B gzip   (${largest.file})`);
console.log(`prompt total in that locale  ${String(sum(prompt) + largest.size).padStart(7)} B gzip   (budget 61440, aim 46080)`);
// Fetched only when a survey definition is wrong, to say what is wrong with it (web/widget/core.js).
console.log(`dist/csatkit-widget-explain.wasm ${String(gz('dist/csatkit-widget-explain.wasm')).padStart(7)} B gzip   (only for a wrong definition)`);

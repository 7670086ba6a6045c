// How soon a survey is visible, in headless Chromium: printed, never asserted.
//   on load   a survey that shows on load: navigation start (performance.timeOrigin) → the
//             frame in which the prompt is attached, styled and visible; read after that frame
//             (rAF, then a task), found by polling every frame, not by trusting the widget's
//             own "shown" event (the overlay's 0.2 s fade-in starts in that frame).
//             p50/p90 over fresh browser contexts (empty HTTP and code caches), and for a
//             returning visitor (the third visit in a context).
//   bare      the same page without csatkit: its first contentful paint (the floor)
//   one tab   the bare page and the survey pages loaded in turn in one tab, with the HTTP cache
//             off and on (and then also from a versioned CDN URL): the renderer process already
//             running (see measureWarmTab; a bare page in a fresh context never paints in the
//             issue's 24 ms here); the prompt is also given minus the bare page's first paint,
//             run by run
//   trigger   once the module is loaded, csatkit.track(event) → prompt painted, in frames
//   long tasks on the host's main thread (> 50 ms), from a PerformanceObserver, on the bare page too
// The pages and csatkit are served by scripts/serve.mjs (with its CSP) in a process of its own,
// and no request is routed through playwright: either would put this script's event loop on
// every request's path. CSATKIT_BENCH_RUNS=n (20). CSATKIT_BENCH_COMPARE=<a web/ folder> (e.g.
// an older checkout's, with dist/ beside it) also measures that folder's csatkit.js,
// interleaved with this one, for a fair before/after on a busy machine.
// CSATKIT_BENCH_RTT=ms adds that round-trip time to every request (DevTools network emulation).
// CSATKIT_BENCH_CPU=n runs the page's main thread n times slower (DevTools CPU throttling; 4 is
// about a mid-range phone): the tasks that come close to 50 ms here cross it there.
// CSATKIT_BENCH_DETAIL=1 also prints, per run, when each download and loading step happened, and
// for each frame over 50 ms (long-animation-frame) the scripts in it and their forced layouts.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { chromiumArgs, chromiumPath } from '../tests/browser/harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.CSATKIT_BENCH_RUNS ?? 20);
const detail = process.env.CSATKIT_BENCH_DETAIL === '1';
const rtt = Number(process.env.CSATKIT_BENCH_RTT ?? 0);
const cpuSlowdown = Number(process.env.CSATKIT_BENCH_CPU ?? 1);
const compare = process.env.CSATKIT_BENCH_COMPARE ? path.resolve(process.env.CSATKIT_BENCH_COMPARE) : null;
const definition = JSON.stringify({ id: 'bench', type: 'csat', display: { triggers: { delay_ms: 0 }, respect_global_cooldown: false, max_displays: null, recontact_days: 0 } });
const page = (tag) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
${tag}</head><body><h1>Bench</h1><p>A host page.</p></body></html>`;
const withSurvey = (web, survey = definition) => page(`<script src="${web}dist/csatkit.js" data-survey='${survey}' data-endpoint="/api/csat" async></script>`);
// What the README suggests to a page whose survey may show on load: the runtime and the wasm
// requested with the loader instead of after it has run.
const preloadHints = (web) => `<link rel="modulepreload" href="${web}dist/csatkit-runtime.js">
<link rel="preload" href="${web}dist/csatkit-widget.wasm" as="fetch" crossorigin>`;
const withHintedSurvey = (web) => page(`${preloadHints(web)}\n<script src="${web}dist/csatkit.js" data-survey='${definition}' data-endpoint="/api/csat" async></script>`);
const onEvent = JSON.stringify({ id: 'bench-event', type: 'csat', display: { triggers: { events: ['bench'] }, respect_global_cooldown: false, max_displays: null, recontact_days: 0 } });
const bare = page('');

// Runs in the page before its own scripts (an init script, outside the page's CSP).
function observe({ detail, trigger }) {
  window.__marks = [];
  if (detail) {
    // When the loading steps finish, seen from outside (the code under test is not changed).
    const mark = (name) => window.__marks.push([name, Math.round(performance.now())]);
    const wrap = (object, name, label) => {
      const original = object[name];
      object[name] = function (...args) {
        mark(`${label} called`);
        const result = original.apply(this, args);
        if (result && typeof result.then === 'function') result.then(() => mark(`${label} done`), () => mark(`${label} failed`));
        else mark(`${label} returned`);
        return result;
      };
    };
    wrap(WebAssembly, 'compileStreaming', 'wasm compileStreaming');
    wrap(WebAssembly, 'instantiate', 'wasm instantiate');
    wrap(CSSStyleSheet.prototype, 'replaceSync', 'stylesheet replaceSync');
    wrap(Element.prototype, 'attachShadow', 'attachShadow');
  }
  window.__longTasks = [];
  window.__longFrames = [];
  if (detail) {
    // Which scripts made a long frame, and how much of it was forced style and layout.
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.__longFrames.push({
          start: Math.round(entry.startTime),
          duration: Math.round(entry.duration),
          render: Math.round(entry.duration - (entry.renderStart ? entry.renderStart - entry.startTime : entry.duration)),
          scripts: entry.scripts.map((script) => ({
            at: Math.round(script.startTime),
            duration: Math.round(script.duration),
            what: `${script.invoker} ${script.sourceURL.replace(location.origin, '')}:${script.sourceFunctionName}`,
            layout: Math.round(script.forcedStyleAndLayoutDuration),
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  }
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push([Math.round(entry.startTime), Math.round(entry.duration)]);
  }).observe({ type: 'longtask', buffered: true });
  const visible = () => {
    const host = document.querySelector('csatkit-prompt');
    const section = host?.shadowRoot?.querySelector('section');
    if (!section || !section.querySelector('[role="radio"]')) return false;
    // Styled: widget.css applied (its box-sizing), and nothing hides it.
    return getComputedStyle(section).boxSizing === 'border-box' && section.checkVisibility({ visibilityProperty: true, opacityProperty: false });
  };
  // The result is kept 150 ms later (long tasks just after the prompt count too) and announced
  // on the console: the bench never evaluates script in the page before that, since playwright's
  // first evaluation injects a large script of its own (a long task on this very thread).
  const finish = (visibleAt) =>
    setTimeout(() => {
      window.__result = {
        visible: visibleAt,
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
        longTasks: [...window.__longTasks],
        longFrames: window.__longFrames,
        marks: window.__marks,
        resources: performance.getEntriesByType('resource').map((r) => [r.name.replace(location.origin, ''), Math.round(r.startTime), Math.round(r.responseEnd)]),
      };
      console.log('csatkit-bench: done');
    }, 150);
  if (location.pathname.endsWith('/bare.html')) {
    new PerformanceObserver((list, observer) => {
      if (!list.getEntriesByName('first-contentful-paint').length) return;
      observer.disconnect();
      finish(null);
    }).observe({ type: 'paint', buffered: true });
    return;
  }
  let frames = 0;
  let triggeredAt = 0;
  const frame = () => {
    frames++;
    if (!visible()) return requestAnimationFrame(frame);
    const inFrame = performance.now();
    // This frame paints the prompt; the next task runs after that paint.
    setTimeout(() => finish({ inFrame, painted: performance.now(), frames, sinceTrigger: performance.now() - triggeredAt }));
  };
  if (!trigger) return requestAnimationFrame(frame);
  // Trigger to prompt once the module is loaded: the wasm downloaded, then a second for the
  // runtime to instantiate it; then csatkit.track(trigger) and count the frames.
  const fire = () => {
    triggeredAt = performance.now();
    window.csatkit.track(trigger);
    requestAnimationFrame(frame);
  };
  const waitForWasm = () => {
    if (performance.getEntriesByType('resource').some((entry) => entry.name.endsWith('/csatkit-widget.wasm'))) setTimeout(fire, 1000);
    else setTimeout(waitForWasm, 50);
  };
  waitForWasm();
}

/**
 * Loads /bench/<name>.html in a fresh browser context (empty HTTP and code caches) and resolves
 * to what the page observed. `earlierVisits`: that many loads of the same page in the same
 * context first, each in its own tab, as a returning visitor's (Chromium writes a script's
 * compiled code to its cache on the second load and uses it from the third).
 */
async function measure(browser, baseUrl, name, { trigger = null, earlierVisits = 0 } = {}) {
  const context = await browser.newContext();
  try {
    for (let visit = 0; visit < earlierVisits; visit++) await visitPage(context, baseUrl, name, trigger);
    return await visitPage(context, baseUrl, name, trigger);
  } finally {
    await context.close();
  }
}

async function visitPage(context, baseUrl, name, trigger) {
  const tab = await openTab(context, trigger);
  try {
    return await loadAndObserve(tab, baseUrl, name);
  } finally {
    await tab.close();
  }
}

/** A tab that observes every page it loads (see observe), with the DevTools emulation asked for. */
async function openTab(context, trigger, { cacheDisabled = false } = {}) {
  const tab = await context.newPage();
  tab.errors = [];
  tab.on('console', (message) => {
    // The browser's own favicon request is not the page's doing.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) tab.errors.push(message.text());
  });
  tab.on('pageerror', (error) => tab.errors.push(error.message));
  await tab.addInitScript(observe, { detail, trigger });
  if (rtt || cpuSlowdown > 1 || cacheDisabled) {
    const session = await context.newCDPSession(tab);
    if (rtt || cacheDisabled) await session.send('Network.enable');
    // Every request pays a round trip, as on a real network (localhost has next to none).
    if (rtt) await session.send('Network.emulateNetworkConditions', { offline: false, latency: rtt, downloadThroughput: -1, uploadThroughput: -1 });
    // Every file downloaded again, as on a first visit.
    if (cacheDisabled) await session.send('Network.setCacheDisabled', { cacheDisabled: true });
    // The page's main thread run that many times slower, as on a slower device.
    if (cpuSlowdown > 1) await session.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
  }
  return tab;
}

/** Loads /bench/<name>.html in `tab` and resolves to what the page observed. */
async function loadAndObserve(tab, baseUrl, name) {
  tab.errors.length = 0;
  const done = tab.waitForEvent('console', { predicate: (message) => message.text() === 'csatkit-bench: done', timeout: 30_000 });
  await tab.goto(`${baseUrl}/bench/${name}.html`);
  await done.catch((error) => {
    throw new Error(`${name}.html: ${error.message}; the page logged: ${tab.errors.join('; ') || 'nothing'}`);
  });
  const result = await tab.evaluate(() => window.__result);
  if (tab.errors.length) throw new Error(`the page logged errors: ${tab.errors.join('; ')}`);
  return result;
}

/**
 * The bare page and the survey pages loaded in turn in one tab, `runs` times each: the browser and
 * the tab's renderer process already running, as for a visitor moving between a site's pages
 * (each fresh context above also starts a renderer process, inside the measured time). The
 * visitor's storage is cleared after every load, so the survey shows each time. With
 * `cacheDisabled` every file is downloaded again (a first visit to the site); else the HTTP and
 * code caches are warm and files are revalidated with a 304.
 */
async function measureWarmTab(browser, baseUrl, runs, { cacheDisabled }) {
  const context = await browser.newContext();
  const tab = await openTab(context, null, { cacheDisabled });
  // From the versioned CDN URL too when the cache is on (with it off, the same as /web/).
  const surveyPages = ['survey', 'survey-hinted', ...(cacheDisabled ? [] : ['survey-cdn'])];
  const times = { bare: [], ...Object.fromEntries(surveyPages.map((name) => [name, []])) };
  try {
    // One load of each first: the renderer, the caches and the server's file reads warmed.
    for (let run = -1; run < runs; run++) {
      const reference = await loadAndObserve(tab, baseUrl, 'bare');
      if (run >= 0) times.bare.push(reference.fcp);
      for (const name of surveyPages) {
        const result = await loadAndObserve(tab, baseUrl, name);
        await tab.evaluate(() => localStorage.clear());
        if (run < 0) continue;
        if (detail) printDetail(`one tab, HTTP cache ${cacheDisabled ? 'off' : 'on'}, ${name}, run ${run}`, result);
        times[name].push(result.visible.painted);
      }
    }
  } finally {
    await context.close();
  }
  return times;
}

/** CSATKIT_BENCH_DETAIL=1: when each loading step happened and what made each long frame. */
function printDetail(label, result) {
  console.log(`${label}: prompt in frame at ${result.visible.inFrame.toFixed(1)}, painted ${result.visible.painted.toFixed(1)} ms; long tasks [start, ms] ${JSON.stringify(result.longTasks)}`);
  for (const [name, at] of result.marks) console.log(`    ${String(at).padStart(5)}           ${name}`);
  for (const { start, duration, render, scripts } of result.longFrames) {
    console.log(`    long frame at ${start}, ${duration} ms (rendering ${render} ms)`);
    for (const script of scripts) console.log(`        ${String(script.at).padStart(5)} ${String(script.duration).padStart(4)} ms ${script.what} (forced layout ${script.layout} ms)`);
  }
  for (const [name, start, end] of result.resources) console.log(`    ${String(start).padStart(5)} → ${String(end).padStart(5)}  ${name}`);
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const summary = (values) => `p50 ${percentile(values, 50).toFixed(1)} ms, p90 ${percentile(values, 90).toFixed(1)}, min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)}`;

/** scripts/serve.mjs in a child process, also serving `folder` at /bench/; resolves to {url, stop}. */
function startServerProcess(folder) {
  const mounts = [
    ['/bench/', folder],
    // web/ as from a versioned CDN URL (…/csatkit@1.2.3/): cached for a year, never revalidated.
    ['/cdn/v1/', path.join(root, 'web'), { cacheControl: 'max-age=31536000, immutable' }],
    ...(compare ? [['/compare/', compare]] : []),
  ];
  // Stopped by a SIGTERM (stop() below), it closes its collector first: killed outright, it would
  // leave that `csatkit serve` running.
  const code = `import(${JSON.stringify(path.join(root, 'scripts/serve.mjs'))}).then(({ startServer }) =>
    startServer({ port: 0, mounts: ${JSON.stringify(mounts)} })).then(({ url, close }) => {
      process.once('SIGTERM', () => close().finally(() => process.exit(0)));
      console.log(url);
    });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (status) => reject(new Error(`the server exited (${status})`)));
    child.stdout.once('data', (data) => resolve({ url: String(data).trim(), stop: () => child.kill() }));
  });
}

const pages = mkdtempSync(path.join(tmpdir(), 'csatkit-bench-'));
writeFileSync(path.join(pages, 'survey.html'), withSurvey('/web/'));
writeFileSync(path.join(pages, 'survey-hinted.html'), withHintedSurvey('/web/'));
writeFileSync(path.join(pages, 'survey-cdn.html'), withSurvey('/cdn/v1/'));
writeFileSync(path.join(pages, 'compare.html'), withSurvey('/compare/'));
writeFileSync(path.join(pages, 'trigger.html'), withSurvey('/web/', onEvent));
writeFileSync(path.join(pages, 'compare-trigger.html'), withSurvey('/compare/', onEvent));
writeFileSync(path.join(pages, 'bare.html'), bare);
const server = await startServerProcess(pages);
const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs, chromiumSandbox: false, timeout: 60_000 });
try {
  const variants = [
    ['csatkit', 'survey', 'trigger'],
    ['csatkit, page with preload hints', 'survey-hinted', null],
    // scripts/serve.mjs answers 304 to a revalidation, so the caches are kept (as from a CDN).
    ['csatkit, returning visitor (third visit: HTTP and code caches warm)', 'survey', null, 2],
    ...(compare ? [[`compare (${compare})`, 'compare', 'compare-trigger']] : []),
  ].map(([label, onLoadPage, triggerPage, earlierVisits = 0]) => ({
    label,
    onLoadPage,
    triggerPage,
    earlierVisits,
    times: [],
    longTasks: [],
    runsWithLongTasks: 0,
    triggered: { frames: [], ms: [] },
  }));
  const floor = [];
  const floorLongTasks = [];
  for (let run = 0; run < runs; run++) {
    // Interleaved, so that load from other processes affects each alike.
    const reference = await measure(browser, server.url, 'bare');
    floor.push(reference.fcp);
    floorLongTasks.push(...reference.longTasks.filter(([, duration]) => duration > 50).map(([, duration]) => duration));
    for (const variant of variants) {
      const result = await measure(browser, server.url, variant.onLoadPage, { earlierVisits: variant.earlierVisits });
      variant.times.push(result.visible.painted);
      const long = result.longTasks.filter(([, duration]) => duration > 50);
      variant.longTasks.push(...long.map(([, duration]) => duration));
      if (long.length) variant.runsWithLongTasks++;
      if (detail) printDetail(`${variant.label} run ${run}`, result);
      if (!variant.triggerPage) continue;
      const afterTrigger = await measure(browser, server.url, variant.triggerPage, { trigger: 'bench' });
      variant.triggered.frames.push(afterTrigger.visible.frames);
      variant.triggered.ms.push(afterTrigger.visible.sinceTrigger);
    }
  }
  // After the fresh contexts, not interleaved with them: a context kept open meanwhile would keep
  // its renderer process running beside theirs.
  const warmTabs = [];
  for (const cacheDisabled of [true, false]) warmTabs.push({ cacheDisabled, ...(await measureWarmTab(browser, server.url, runs, { cacheDisabled })) });
  if (rtt) console.log(`every request with ${rtt} ms of round-trip time`);
  if (cpuSlowdown > 1) console.log(`the page's main thread ${cpuSlowdown}× slower (DevTools CPU throttling)`);
  console.log(`bare page's first paint (the floor): ${summary(floor)}`);
  console.log(`bare page: long tasks > 50 ms: ${floorLongTasks.length ? `${floorLongTasks.length} (${floorLongTasks.join(', ')})` : 'none'}`);
  for (const { label, times, longTasks, runsWithLongTasks, triggered } of variants) {
    console.log(`${label}:`);
    console.log(`  on load: prompt visible after navigation start: ${summary(times)} (${runs} runs, fresh context each)`);
    const worst = longTasks.length ? Math.max(...longTasks) : 0;
    console.log(`  on load: long tasks > 50 ms: ${longTasks.length ? `${longTasks.length} in ${runsWithLongTasks} of ${runs} runs, longest ${worst} ms (${longTasks.join(', ')})` : 'none'}`);
    if (triggered.ms.length) console.log(`  trigger → prompt painted, module loaded: frames p50 ${percentile(triggered.frames, 50)}, max ${Math.max(...triggered.frames)}; ${summary(triggered.ms)}`);
  }
  for (const { cacheDisabled, bare: bareTimes, ...surveys } of warmTabs) {
    console.log(`one tab, the bare page and the survey pages in turn (renderer running; ${cacheDisabled ? 'HTTP cache off: every file downloaded' : 'HTTP and code caches warm, files revalidated'}; ${runs} each):`);
    console.log(`  bare page's first paint: ${summary(bareTimes)}`);
    for (const [name, prompt] of Object.entries(surveys)) {
      const label = { survey: 'csatkit', 'survey-hinted': 'csatkit, page with preload hints', 'survey-cdn': 'csatkit from a versioned CDN URL (cached a year, not revalidated)' }[name];
      console.log(`  ${label}: prompt visible after navigation start: ${summary(prompt)}`);
      console.log(`  ${label}: minus the bare page's first paint, run by run: ${summary(prompt.map((time, run) => time - bareTimes[run]))}`);
    }
  }
} finally {
  await browser.close();
  server.stop();
  rmSync(pages, { recursive: true, force: true });
}

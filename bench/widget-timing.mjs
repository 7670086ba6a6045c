// Prompt visible time from navigation start for a page whose survey shows on load, in headless
// Chromium, and long tasks (> 50 ms) on the host's main thread. Printed, never asserted.
import { startBrowser } from '../tests/browser/harness.mjs';
import { contentSecurityPolicy } from '../scripts/serve.mjs';

const runs = Number(process.env.CSATKIT_BENCH_RUNS ?? 10);
const definition = JSON.stringify({ id: 'bench', type: 'csat', display: { triggers: { delay_ms: 0 }, respect_global_cooldown: false, max_displays: null, recontact_days: 0 } });
const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<script src="/web/csatkit.js" data-survey='${definition}' async></script></head><body><h1>Bench</h1></body></html>`;

const browser = await startBrowser();
try {
  const times = [];
  const longTasks = [];
  for (let run = 0; run < runs; run++) {
    const { page } = await browser.newPage();
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => Math.round(e.duration)))).observe({ type: 'longtask', buffered: true });
      addEventListener('csatkit:shown', () => requestAnimationFrame(() => setTimeout(() => (window.__visibleAt = performance.now()))));
    });
    const url = `${browser.baseUrl}/bench/${run}.html`;
    await page.route(url, (route) => route.fulfill({ body: html, headers: { 'Content-Type': 'text/html', 'Content-Security-Policy': contentSecurityPolicy } }));
    await page.goto(url);
    await page.waitForFunction(() => window.__visibleAt !== undefined, null, { timeout: 30_000 });
    times.push(await page.evaluate(() => window.__visibleAt));
    longTasks.push(...(await page.evaluate(() => window.__longTasks)));
    await page.close();
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`prompt visible after navigation start: median ${median.toFixed(1)} ms, min ${times[0].toFixed(1)}, max ${times.at(-1).toFixed(1)} (${runs} runs, fresh cache each)`);
  console.log(`long tasks > 50 ms: ${longTasks.length ? longTasks.join(', ') + ' ms' : 'none'}`);
} finally {
  await browser.close();
}

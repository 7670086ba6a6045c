// The CSV worker: scores a File in streaming fashion with the wasm core (web/core.js scoreCsv),
// off the main thread, so a 1,000,000-row export never blocks the page. Messages:
//   in:  {type: 'score', id, file, options}   {type: 'cancel', id}
//   out: {type: 'progress', id, bytes, rows, totalBytes}   (at most every 1% or 256 KiB)
//        {type: 'done', id, report}   {type: 'cancelled', id}
//        {type: 'error', id, error: {code, path, message, problems}}
import { scoreCsv } from '../core.js';

const running = new Map();

self.addEventListener('message', (event) => {
  const message = event.data;
  if (message?.type === 'cancel') running.get(message.id)?.abort();
  if (message?.type === 'score') score(message);
});

async function score({ id, file, options }) {
  const controller = new AbortController();
  running.set(id, controller);
  let lastSent = -Infinity;
  const step = Math.max(256 * 1024, Math.floor((file.size ?? 0) / 100));
  try {
    const report = await scoreCsv(file, options, {
      signal: controller.signal,
      onProgress: ({ bytes, rows, totalBytes }) => {
        if (bytes - lastSent < step && bytes !== totalBytes) return;
        lastSent = bytes;
        self.postMessage({ type: 'progress', id, bytes, rows, totalBytes });
      },
    });
    self.postMessage({ type: 'done', id, report });
  } catch (error) {
    if (controller.signal.aborted) {
      self.postMessage({ type: 'cancelled', id });
    } else {
      const { code = 'csv.failed', path = '', message = String(error?.message ?? error), problems = [] } = error ?? {};
      self.postMessage({ type: 'error', id, error: { code, path, message, problems } });
    }
  } finally {
    running.delete(id);
  }
}

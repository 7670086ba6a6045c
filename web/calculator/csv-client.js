// The page's side of the CSV worker: one worker per calculator, started on first use; each
// scoring is a promise with progress callbacks and a cancel(). Also reads a file's header row
// so the user can choose the columns before anything is scored.
import { CsatkitError } from '../core.js';

const HEADER_BYTES = 64 * 1024;

export class CsvScorer {
  constructor() {
    this.worker = null;
    this.nextId = 0;
    this.pending = new Map();
  }

  start() {
    if (this.worker) return this.worker;
    this.worker = new Worker(new URL('./csv-worker.js', import.meta.url), { type: 'module' });
    this.worker.addEventListener('message', (event) => this.onMessage(event.data));
    this.worker.addEventListener('error', (event) => {
      // A worker that failed to start (blocked, 404) fails every pending scoring clearly.
      for (const job of this.pending.values()) {
        job.reject(new CsatkitError('csv.worker', '', `the CSV worker failed: ${event.message ?? 'could not start'}`));
      }
      this.pending.clear();
      this.worker = null;
    });
    return this.worker;
  }

  /**
   * Scores a file. → {promise (the report, or null when cancelled), cancel()}.
   * @param {File|Blob} file @param {object} options the core's CsvOptions
   * @param {(p: {bytes: number, rows: number, totalBytes: number}) => void} onProgress
   */
  score(file, options, onProgress) {
    const worker = this.start();
    this.nextId += 1;
    const id = this.nextId;
    const promise = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject, onProgress }));
    worker.postMessage({ type: 'score', id, file, options });
    return { promise, cancel: () => worker.postMessage({ type: 'cancel', id }) };
  }

  onMessage(message) {
    const job = this.pending.get(message.id);
    if (!job) return;
    if (message.type === 'progress') return job.onProgress?.(message);
    this.pending.delete(message.id);
    if (message.type === 'done') job.resolve(message.report);
    else if (message.type === 'cancelled') job.resolve(null);
    else {
      const { code, path, message: text, problems } = message.error;
      job.reject(new CsatkitError(code, path, text, problems));
    }
  }

  stop() {
    this.worker?.terminate();
    this.worker = null;
    this.pending.clear();
  }
}

/**
 * The column names of a CSV file's header row, for the column pickers: the first record of the
 * first 64 KiB, split on the delimiter that occurs most in it (, ; | or tab), honouring quotes.
 * This only fills the pickers; the core reads the whole file (header included) itself.
 */
export async function readHeader(file) {
  let text = await file.slice(0, HEADER_BYTES).text();
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.replace(/^(?:[ \t]*\r?\n)+/, '');
  const record = firstRecord(text);
  const delimiters = [',', ';', '|', '\t'];
  const counts = delimiters.map((d) => splitRecord(record, d).length);
  const delimiter = delimiters[counts.indexOf(Math.max(...counts))];
  return splitRecord(record, delimiter).map((name) => name.trim()).filter((name) => name !== '');
}

function firstRecord(text) {
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) return text.slice(0, i);
  }
  return text;
}

function splitRecord(record, delimiter) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < record.length; i += 1) {
    const c = record[i];
    if (quoted) {
      if (c === '"' && record[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

// csatkit's core in JavaScript: loads the WebAssembly module once and turns its JSON envelopes
// into values or one typed error. Every number comes from the C++ core; nothing is computed here.
//
// Browsers and workers: the glue fetches dist/csatkit-core.wasm next to itself (streaming
// compilation; serve it as application/wasm). Node: the glue is built for the web only, so
// init() reads the .wasm bytes itself and hands them over as `wasmBinary`.

import { CsatkitError, unwrap } from './csatkit-error.js';

export { CsatkitError };

const WASM_FILE = 'csatkit-core.wasm';

let corePromise = null;

const isNode =
  typeof process === 'object' && typeof process.versions?.node === 'string' && typeof window === 'undefined';

/**
 * Loads the wasm module (once; later calls return the same promise, whatever their options).
 * @param {{wasmBinary?: ArrayBuffer|Uint8Array, locateFile?: (file: string, prefix: string) => string}} [options]
 */
export function init(options = {}) {
  if (corePromise === null) {
    corePromise = load(options);
    // A failed load (offline, 404) may be retried by the next call.
    corePromise.catch(() => {
      corePromise = null;
    });
  }
  return corePromise;
}

async function load(options) {
  const { default: createCsatkitCore } = await import('./dist/csatkit-core.js');
  const moduleOptions = {};
  if (options.locateFile) moduleOptions.locateFile = options.locateFile;
  if (options.wasmBinary) {
    moduleOptions.wasmBinary = options.wasmBinary;
  } else if (isNode) {
    moduleOptions.wasmBinary = await readWasmInNode(options.locateFile);
  }
  return createCsatkitCore(moduleOptions);
}

async function readWasmInNode(locateFile) {
  // Hidden from bundlers: this branch never runs in a browser.
  const fsModule = 'node:fs/promises';
  const { readFile } = await import(/* @vite-ignore */ /* webpackIgnore: true */ fsModule);
  const here = new URL('./dist/', import.meta.url);
  const where = locateFile ? locateFile(WASM_FILE, here.href) : new URL(WASM_FILE, here);
  return readFile(typeof where === 'string' && where.startsWith('file:') ? new URL(where) : where);
}

function requireObject(value, name) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CsatkitError('request.invalid', '$', `${name} must be an object`);
  }
}

async function call(binding, request) {
  requireObject(request, 'the request');
  const core = await init();
  return unwrap(core[binding](JSON.stringify(request)));
}

/** Score one set of answers: CSAT %, mean, NPS/CES/helpful with intervals. */
export function score(request) {
  return call('scoreJson', request);
}

/** Did it change? Two sets of answers and the test between them. */
export function compare(request) {
  return call('compareJson', request);
}

/** Revenue at risk from unhappy customers, and what an improvement would save. */
export function revenue(request) {
  return call('revenueJson', request);
}

/** Responses needed for a margin of error (or the margin that n responses give). */
export function plan(request) {
  return call('planJson', request);
}

/** An SVG chart of a report (distribution, trend or segments), rendered and escaped by the core. */
export function chart(request) {
  return call('chartJson', request);
}

/** Recommendations that follow from a report: each {id, severity, message, data}. */
export function recommend(request) {
  return call('recommendJson', request);
}

/** A score "in words": value ± margin, low–high, ready to print ("60% ± 3.0 points, 56.9–63.0"). */
export function summary(request) {
  return call('summaryJson', request);
}

/**
 * The built-in rating scales with their points, labels and buckets; `{locale: 'nl'}` gives the
 * point labels and anchors in that language (English for a locale csatkit does not translate).
 */
export async function scales(request) {
  if (request === undefined) return unwrap((await init()).scalesJson()).scales;
  requireObject(request, 'the request');
  return unwrap((await init()).scalesJson(JSON.stringify(request))).scales;
}

/** ACSI industry benchmarks, with the caveat to show next to them. */
export async function benchmarks() {
  return unwrap((await init()).benchmarksJson());
}

const DEFAULT_CHUNK_BYTES = 64 * 1024;
const YIELD_EVERY_BYTES = 1024 * 1024;
// A File is read this much at a time (then handed over in chunkBytes): each read is an async
// round trip, and at 64 KiB they cost a third of the scoring time in Chromium.
const BLOB_READ_BYTES = 1024 * 1024;

/**
 * Score a CSV export without loading it whole: a Blob/File, ReadableStream of bytes,
 * async iterable of bytes (a Node stream), Uint8Array, ArrayBuffer or string.
 */
export async function scoreCsv(source, options = {}, { onProgress, signal, chunkBytes = DEFAULT_CHUNK_BYTES } = {}) {
  requireObject(options, 'the options');
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new CsatkitError('request.invalid', 'onProgress', 'onProgress must be a function');
  }
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) {
    throw new CsatkitError('request.invalid', 'chunkBytes', 'chunkBytes must be a positive whole number');
  }
  const chunks = chunksOf(source, chunkBytes); // checks the source's type before wasm is loaded
  const totalBytes = sizeOf(source);
  // Bytes already in memory never wait for anything, so the loop yields to the event loop itself
  // now and then; reading a Blob or a stream waits (and lets other tasks run) on its own.
  const inMemory = typeof source === 'string' || source instanceof Uint8Array || source instanceof ArrayBuffer;
  signal?.throwIfAborted();
  const core = await init();
  const created = core.createCsvScoring(JSON.stringify(options));
  if (typeof created === 'string') unwrap(created);
  const scoring = created;
  try {
    let sinceYield = 0;
    for await (const chunk of chunks) {
      signal?.throwIfAborted();
      // Copied into wasm memory with one set() (embind would copy a Uint8Array byte by byte).
      core.csvInputView(chunk.byteLength).set(chunk);
      const progress = unwrap(scoring.feedInput(chunk.byteLength));
      onProgress?.({ bytes: progress.bytes, rows: progress.rows, totalBytes });
      sinceYield += chunk.byteLength;
      if (inMemory && sinceYield >= YIELD_EVERY_BYTES) {
        // Let the event loop breathe (abort clicks, progress paint) on in-memory sources too.
        sinceYield = 0;
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
    signal?.throwIfAborted();
    return unwrap(scoring.finish());
  } finally {
    scoring.delete();
    await chunks.return?.();
  }
}

function sizeOf(source) {
  if (typeof Blob !== 'undefined' && source instanceof Blob) return source.size;
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) return source.byteLength;
  return undefined;
}

function chunksOf(source, chunkBytes) {
  if (typeof source === 'string') return sliceBytes(new TextEncoder().encode(source), chunkBytes);
  if (source instanceof ArrayBuffer) return sliceBytes(new Uint8Array(source), chunkBytes);
  if (source instanceof Uint8Array) return sliceBytes(source, chunkBytes);
  if (typeof Blob !== 'undefined' && source instanceof Blob) return blobChunks(source, chunkBytes);
  if (source && typeof source.getReader === 'function') return streamChunks(source, chunkBytes);
  if (source && typeof source[Symbol.asyncIterator] === 'function') return iterableChunks(source, chunkBytes);
  throw new CsatkitError(
    'request.invalid',
    'source',
    'the CSV source must be a Blob, File, ReadableStream, Uint8Array, ArrayBuffer or string',
  );
}

async function* sliceBytes(bytes, chunkBytes) {
  for (let at = 0; at < bytes.byteLength; at += chunkBytes) yield bytes.subarray(at, at + chunkBytes);
}

async function* blobChunks(blob, chunkBytes) {
  const readBytes = Math.max(chunkBytes, BLOB_READ_BYTES);
  for (let at = 0; at < blob.size; at += readBytes) {
    yield* sliceBytes(new Uint8Array(await blob.slice(at, at + readBytes).arrayBuffer()), chunkBytes);
  }
}

async function* streamChunks(stream, chunkBytes) {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield* sliceBytes(asBytes(value), chunkBytes);
    }
  } finally {
    // Stops the producer when scoring ends early (abort, error); a no-op after the end.
    await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

async function* iterableChunks(iterable, chunkBytes) {
  for await (const value of iterable) yield* sliceBytes(asBytes(value), chunkBytes);
}

function asBytes(value) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (typeof value === 'string') return new TextEncoder().encode(value);
  throw new CsatkitError('request.invalid', 'source', 'the CSV stream must yield bytes (Uint8Array) or strings');
}

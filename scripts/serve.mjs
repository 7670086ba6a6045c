#!/usr/bin/env node
// A tiny static server for the examples: examples/ at /, web/ at /web/ (so pages import
// /web/core.js and /web/dist/…). 127.0.0.1 only, no dependencies, the strict CSP a host page
// would use. `node scripts/serve.mjs [--port N]` (or PORT=N); tests call startServer({port: 0}).
//
// Also a demo endpoint for the survey widget, in memory:
//   POST /api/csat  a response (JSON). 201 the first time its id is seen, 200 for the same id
//                   again (a retry or beacon: ignored; or a newer version, e.g. with the comment:
//                   replaces the stored one). 400 {"ok":false,"error":{code,path,message}} for a
//                   body that is not a response.
//   GET /api/csat   {"responses": [the latest version of each, in arrival order], "posts": n}
// Tests reach the same store (and can take the endpoint down) through startServer().collector.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** URL prefix → folder, most specific first. */
const defaultMounts = [
  ['/web/', path.join(root, 'web')],
  ['/', path.join(root, 'examples')],
];

const mimeTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'";

/** The file a URL path names, or null when it is outside every mount (traversal, bad encoding). */
export function resolvePath(urlPath, mounts = defaultMounts) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  for (const [prefix, folder] of mounts) {
    if (!decoded.startsWith(prefix)) continue;
    const file = path.resolve(folder, '.' + path.posix.normalize('/' + decoded.slice(prefix.length)));
    if (file !== folder && !file.startsWith(folder + path.sep)) return null;
    return file;
  }
  return null;
}

function send(response, status, text) {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  response.end(text);
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/** The demo endpoint's memory: responses by id, and switches for tests. */
export function createCollector() {
  return {
    responses: new Map(),
    posts: 0,
    /** While true, POST answers 503 (the endpoint is "down"). */
    down: false,
    /** While set (e.g. 400), POST answers that status: the endpoint refuses what it is sent. */
    refuseWith: null,
    /**
     * Ids received before the last clear(). A page that closes with a response still queued
     * beacons it again on pagehide (by design: endpoints dedupe by id), and that copy can land
     * after the next test cleared the store; it is answered as the duplicate it is, not stored.
     */
    cleared: new Set(),
    clear() {
      for (const id of this.responses.keys()) this.cleared.add(id);
      this.responses.clear();
      this.posts = 0;
    },
    list() {
      return [...this.responses.values()];
    },
  };
}

function sendJson(response, status, value) {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(body);
}

function responseProblem(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return ['$', 'the body must be a JSON object'];
  if (typeof value.id !== 'string' || !/^[A-Za-z0-9-]{8,64}$/.test(value.id)) return ['$.id', 'id must be a unique id (8–64 letters, digits or dashes)'];
  if (typeof value.survey_id !== 'string' || value.survey_id === '') return ['$.survey_id', 'survey_id must be a non-empty string'];
  return null;
}

async function handleApi(request, response, collector) {
  if (request.method === 'GET') return sendJson(response, 200, { responses: collector.list(), posts: collector.posts });
  if (request.method !== 'POST') {
    response.setHeader('Allow', 'GET, POST');
    return sendJson(response, 405, { ok: false, error: { code: 'method', path: '$', message: 'use GET or POST' } });
  }
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) {
      return sendJson(response, 413, { ok: false, error: { code: 'response.too_large', path: '$', message: 'at most 64 KB' } });
    }
    chunks.push(chunk);
  }
  if (collector.down) return sendJson(response, 503, { ok: false, error: { code: 'unavailable', path: '$', message: 'down' } });
  if (collector.refuseWith) {
    return sendJson(response, collector.refuseWith, { ok: false, error: { code: 'response.refused', path: '$.score', message: 'refused by the test' } });
  }
  let value;
  let problem;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    problem = responseProblem(value);
  } catch {
    problem = ['$', 'the body is not JSON'];
  }
  // A late copy of a response received before the last clear(): see createCollector.
  if (!problem && collector.cleared.has(value.id)) {
    return sendJson(response, 200, { ok: true, value: { id: value.id, status: 'duplicate' } });
  }
  collector.posts += 1;
  if (problem) return sendJson(response, 400, { ok: false, error: { code: 'response.invalid', path: problem[0], message: problem[1] } });
  const stored = collector.responses.get(value.id);
  if (!stored) {
    collector.responses.set(value.id, value);
    return sendJson(response, 201, { ok: true, value: { id: value.id, status: 'created' } });
  }
  const newer = JSON.stringify(stored) !== JSON.stringify(value) && !(stored.complete && !value.complete);
  if (newer) collector.responses.set(value.id, value);
  return sendJson(response, 200, { ok: true, value: { id: value.id, status: newer ? 'updated' : 'duplicate' } });
}

async function handle(request, response, mounts, collector) {
  if (new URL(request.url, 'http://localhost').pathname === '/api/csat') return handleApi(request, response, collector);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return send(response, 405, 'Method Not Allowed\n');
  }
  const urlPath = new URL(request.url, 'http://localhost').pathname;
  let file = resolvePath(urlPath, mounts);
  if (file === null) return send(response, 404, 'Not Found\n');
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    if (!urlPath.endsWith('/')) {
      response.writeHead(301, { Location: urlPath + '/' });
      return response.end();
    }
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) return send(response, 404, 'Not Found\n');

  const type = mimeTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const headers = {
    'Content-Type': type,
    'Content-Length': info.size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  };
  // Pages get the CSP; so do scripts, because a worker runs under its own script's CSP.
  if (type.startsWith('text/html') || type.startsWith('text/javascript')) {
    headers['Content-Security-Policy'] = contentSecurityPolicy;
    headers['Referrer-Policy'] = 'no-referrer';
  }
  response.writeHead(200, headers);
  if (request.method === 'HEAD') return response.end();
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

/**
 * Starts the server; resolves to {server, port, url, collector, close()}. Port 0 picks a free port.
 * `mounts` adds [urlPrefix, folder] pairs before the default ones (tests serve their own pages).
 * @param {{port?: number, host?: string, mounts?: Array<[string, string]>}} [options]
 */
export function startServer({ port = 8080, host = '127.0.0.1', mounts = [] } = {}) {
  const allMounts = [...mounts.map(([prefix, folder]) => [prefix, path.resolve(folder)]), ...defaultMounts];
  const collector = createCollector();
  const server = createServer((request, response) => {
    handle(request, response, allMounts, collector).catch(() => {
      if (!response.headersSent) send(response, 500, 'Internal Server Error\n');
      else response.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolve({
        server,
        port: actual,
        url: `http://${host}:${actual}`,
        collector,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

function portFromArguments(argv) {
  const index = argv.indexOf('--port');
  if (index !== -1) return Number(argv[index + 1]);
  const inline = argv.find((a) => a.startsWith('--port='));
  if (inline) return Number(inline.slice('--port='.length));
  if (process.env.PORT) return Number(process.env.PORT);
  return 8080;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = portFromArguments(process.argv.slice(2));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('serve: --port must be a whole number from 0 to 65535');
    process.exit(2);
  }
  const { url } = await startServer({ port });
  console.log(`csatkit examples at ${url}/  (web/ at ${url}/web/)  Ctrl+C to stop`);
}

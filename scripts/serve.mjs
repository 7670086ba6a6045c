#!/usr/bin/env node
// A tiny static server for the examples: examples/ at /, web/ at /web/ (so pages import
// /web/core.js and /web/dist/…). 127.0.0.1 only, no dependencies, the strict CSP a host page
// would use. `node scripts/serve.mjs [--port N] [--collector-port N]` (or PORT=N); tests call
// startServer({port: 0}).
//
// The survey widget's endpoint is the real collector: startServer() runs `csatkit serve` as a
// child process (the binary $CSATKIT_CLI, else build/native/csatkit) on 127.0.0.1 with a
// temporary database, the example surveys, a fresh admin token and the dashboard's files from
// web/, and forwards the examples' same-origin endpoint to it:
//   POST /api/csat  → the collector's POST /v1/responses. The body goes as sent and the answer
//                     comes back as given (201 created; 200 updated, duplicate or stale; 400/413/
//                     415 with {"ok":false,"error":{code,path,message}}; 429; 503).
//   GET /api/csat   {"responses": [the stored version of each, in arrival order], "posts": n},
//                   read from the collector with the admin token (a demo convenience: this
//                   hands anyone on 127.0.0.1 what the token guards).
// The collector's dashboard is at <collector url>/dashboard (its URL and token: startServer()'s
// collector, and `npm start` prints them). Tests reach the collector, its switches and its
// store through startServer().collector (createCollector below).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { readLogLines } from './collector-log.mjs';

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

function sendJson(response, status, value) {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(body);
}

// ---------------------------------------------------------------------------------------------
// The collector child process and the endpoint that forwards to it.

/** The csatkit binary: $CSATKIT_CLI (as tests/server does), else the one scripts/build.sh makes. */
export function collectorBinary() {
  return process.env.CSATKIT_CLI ? path.resolve(process.env.CSATKIT_CLI) : path.join(root, 'build/native/csatkit');
}

/** Reads a request body whole, up to `limit` bytes (null beyond: the caller answers 413). */
async function readBody(request, limit) {
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > limit) return null; // the rest is not read; the answer closes the connection
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A JSON definition's survey id, or null when the text is not a JSON object with a string id. */
function surveyIdOf(text) {
  try {
    const id = JSON.parse(text)?.id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

const unescapeAttribute = (text) =>
  text.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/**
 * Every survey the example pages use, as JSON texts: examples/surveys/*.json (the first file of
 * each id in name order; reference.json, which documents every key of post-chat, is a second
 * post-chat) and the inline definitions in the pages' `survey='…'` / `data-survey='…'` attributes.
 */
export function exampleSurveys(folder = path.join(root, 'examples')) {
  const byId = new Map();
  const add = (text) => {
    const id = surveyIdOf(text);
    if (id !== null && !byId.has(id)) byId.set(id, text);
  };
  const surveys = path.join(folder, 'surveys');
  for (const name of readdirSync(surveys).filter((n) => n.endsWith('.json')).sort()) add(readFileSync(path.join(surveys, name), 'utf8'));
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.html')).sort()) {
    const html = readFileSync(path.join(folder, name), 'utf8');
    for (const match of html.matchAll(/\s(?:data-)?survey='(\{[^']*\})'/g)) add(unescapeAttribute(match[1]));
  }
  return [...byId.values()];
}

// Kept from the collector's stderr for error messages; the collector logs one JSON line per event.
const LOG_LINES_KEPT = 200;
// The largest body the endpoint reads before answering 413 itself; the collector's own limit
// (64 KB by default) is lower, so it is the collector that answers for anything in between.
const PROXY_BODY_LIMIT = 1024 * 1024;

/**
 * The widget's endpoint: a `csatkit serve` child process and the switches tests use. Options:
 * `cli` (binary), `port` (the collector's; 0 = any free one), `origins` (allowed by its CORS: the
 * pages' origin), `surveys` (definitions, JSON texts or objects; default the examples'),
 * `rateLimit` (false = off, for tests that post many answers from one address), `webDir`
 * (the dashboard's files), `onLog(entry)` (each log line of the collector).
 * Call start() before use and stop() after.
 */
export function createCollector({ cli = collectorBinary(), port = 0, origins = [], surveys = exampleSurveys(), rateLimit = true, webDir = path.join(root, 'web'), onLog = () => {} } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'csatkit-serve-'));
  const db = path.join(dir, 'collector.db');
  /** id → {text, file} of every survey the collector accepts. */
  let accepted = new Map();
  let fileCount = 0;
  let child = null;
  let exited = null;
  let ready = Promise.reject(new Error('the collector was not started (createCollector().start())'));
  ready.catch(() => {});
  let inflight = 0; // requests to the collector not answered yet
  let settle = () => {};
  let idle = Promise.resolve(); // resolves when the last of them is answered
  let queue = Promise.resolve(); // restarts, one at a time
  const logs = [];
  // The surveys answers were forwarded for: list() reads only these (one read per survey).
  const postedSurveys = new Set();

  const setSurvey = (text) => {
    fileCount += 1;
    const file = path.join(dir, `survey-${fileCount}.json`);
    writeFileSync(file, text);
    accepted.set(surveyIdOf(text), { text, file });
  };
  for (const survey of surveys) {
    const text = typeof survey === 'string' ? survey : JSON.stringify(survey);
    if (surveyIdOf(text) !== null) setSurvey(text);
  }

  // Starts the child on `wanted` (0: any free port); resolves to its port once it listens.
  const launch = (wanted) => {
    const args = ['serve', '--port', String(wanted), '--bind', '127.0.0.1', '--db', db, '--web', webDir];
    for (const origin of origins) args.push('--origin', origin);
    for (const { file } of accepted.values()) args.push('--survey', file);
    if (!rateLimit) args.push('--rate-limit', '0');
    // The token goes by environment, not argv: it stays out of `ps`.
    const started = spawn(cli, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CSATKIT_ADMIN_TOKEN: collector.token } });
    child = started;
    exited = new Promise((resolve) => {
      started.once('exit', (code, signal) => resolve({ code, signal }));
      started.once('error', (error) => resolve({ code: null, signal: null, error })); // could not start at all
    });
    return new Promise((resolve, reject) => {
      const unfinished = readLogLines(started.stderr, (entry) => {
        logs.push(entry);
        if (logs.length > LOG_LINES_KEPT) logs.shift();
        onLog(entry);
        if (entry.event === 'listening') resolve(entry.port);
      });
      exited.then(({ code, signal, error }) => {
        if (error) return reject(new Error(`csatkit serve could not be started (${cli}): ${error.message}`));
        const last = unfinished().trim() || logs.at(-1)?.line || JSON.stringify(logs.at(-1) ?? {});
        reject(new Error(`csatkit serve exited (${code ?? signal}) before listening: ${last}`));
      });
    });
  };

  const startChild = async (wanted) => {
    try {
      collector.port = await launch(wanted);
    } catch (error) {
      // The port of the previous run was taken meanwhile: any free one will do.
      if (wanted === 0 || !/cannot listen/.test(error.message)) throw error;
      collector.port = await launch(0);
    }
    collector.url = `http://127.0.0.1:${collector.port}`;
    collector.dashboardUrl = `${collector.url}/dashboard`;
  };

  const stopChild = async () => {
    if (!child) return;
    const running = child;
    child = null;
    if (running.exitCode === null && running.signalCode === null) running.kill('SIGTERM');
    const outcome = await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000, null))]);
    if (outcome === null) {
      running.kill('SIGKILL'); // it did not finish within 10 s: no orphan either way
      await exited;
    }
  };

  // Waits until the collector runs (not restarting), then counts a request to it as in flight
  // until release() is called. `ready` is checked again after each wait: a restart that began
  // meanwhile is waited for too, so no request is sent to a collector that is stopping.
  const hold = async () => {
    let awaited;
    do {
      awaited = ready;
      await awaited;
    } while (awaited !== ready);
    inflight += 1;
    if (inflight === 1) idle = new Promise((resolve) => (settle = resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      inflight -= 1;
      if (inflight === 0) settle();
    };
  };

  // Restarts the collector (same database, same port) once every request to it is answered;
  // requests from now on wait for it (hold()).
  const restart = () => {
    let release;
    ready = new Promise((resolve) => (release = resolve));
    const run = queue
      .then(async () => {
        while (inflight > 0) await idle;
        await stopChild();
        await startChild(collector.port ?? 0);
      })
      .finally(release);
    queue = run.catch(() => {});
    return run;
  };

  // Reads what the collector holds for one survey, newest first, with the admin token.
  const read = async (surveyId) => {
    const release = await hold();
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        `${collector.url}/v1/surveys/${encodeURIComponent(surveyId)}/responses?limit=1000`,
        { headers: { Authorization: `Bearer ${collector.token}` }, agent: false },
        (response) => {
          const chunks = [];
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            // 404: a survey accepted a moment ago, read from the collector still running without it.
            if (response.statusCode === 404) resolve([]);
            else if (response.statusCode !== 200) reject(new Error(`the collector answered ${response.statusCode} for ${surveyId}: ${text}`));
            else resolve(JSON.parse(text).responses);
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end();
    }).finally(release);
  };

  // Every stored response, oldest first (arrival to the millisecond across surveys).
  const readAll = async () => {
    const lists = await Promise.all([...postedSurveys].filter((id) => accepted.has(id)).map(read));
    const all = lists.flatMap((newestFirst) => newestFirst.reverse());
    return all.sort((a, b) => (a.received_at < b.received_at ? -1 : a.received_at > b.received_at ? 1 : 0));
  };

  const collector = {
    /** The collector's base URL (http://127.0.0.1:PORT) and port, once started. */
    url: null,
    port: null,
    /** Its dashboard (open it, then give it `token`). */
    dashboardUrl: null,
    /** The child's process id while it runs. */
    get pid() {
      return child?.pid ?? null;
    },
    /** The admin token of this run (random). */
    token: randomBytes(18).toString('base64url'),
    /** The temporary folder of its database and survey files (removed by stop()). */
    dir,
    /** Its last log lines, parsed. */
    logs,
    /** POSTs forwarded to the collector since the last clear(). */
    posts: 0,
    /** While true, POST answers 503 (the endpoint is "down"); nothing reaches the collector. */
    down: false,
    /** While set (e.g. 400), POST answers that status: the endpoint refuses what it is sent. */
    refuseWith: null,
    /**
     * Ids stored before the last clear(), hidden from list(). A page that closes with a response
     * still queued beacons it again on pagehide (by design: endpoints dedupe by id), and that copy
     * can land after the next test cleared the store; the collector answers it as the duplicate
     * it is (or takes it as the update it is), and list() still does not show it.
     */
    cleared: new Set(),
    clearing: Promise.resolve(),

    async start() {
      ready = startChild(port);
      await ready;
    },

    async stop() {
      await queue;
      await stopChild();
      rmSync(dir, { recursive: true, force: true });
    },

    /** At once, for a process that is exiting: SIGKILL the child, remove the folder. */
    killNow() {
      child?.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },

    /**
     * Makes the collector accept these survey definitions (objects or JSON texts) too, replacing
     * one with the same id; restarts it (same database and port) when that changes anything. A
     * definition the collector refuses is left out. Resolves to {accepted: [ids], refused: [{id, message}]}.
     */
    async accept(...definitions) {
      const outcome = { accepted: [], refused: [] };
      for (const definition of definitions.flat()) {
        if (definition === null || definition === undefined) continue;
        const text = typeof definition === 'string' ? definition : JSON.stringify(definition);
        const id = surveyIdOf(text);
        if (id === null) {
          outcome.refused.push({ id: null, message: 'not a JSON object with a string "id"' });
          continue;
        }
        if (accepted.get(id)?.text === text) {
          outcome.accepted.push(id);
          continue;
        }
        const before = new Map(accepted);
        setSurvey(text);
        try {
          await restart();
          outcome.accepted.push(id);
        } catch (error) {
          accepted = before;
          await restart();
          outcome.refused.push({ id, message: error.message });
        }
      }
      return outcome;
    },

    /** Forgets what was received so far (see `cleared`); list() waits for it. */
    clear() {
      this.posts = 0;
      this.clearing = readAll().then((stored) => {
        for (const response of stored) this.cleared.add(response.id);
      });
      return this.clearing;
    },

    /**
     * The collector's stored version of each response received through this endpoint since the
     * last clear(), in arrival order (read with the admin token, newest 1000 per survey).
     */
    async list() {
      await this.clearing;
      return (await readAll()).filter((response) => !this.cleared.has(response.id));
    },

    /** POST /api/csat: answered by the switches, else forwarded to POST /v1/responses. */
    async forward(request, response) {
      const body = await readBody(request, PROXY_BODY_LIMIT);
      if (body === null) {
        response.setHeader('Connection', 'close');
        return sendJson(response, 413, { ok: false, error: { code: 'response.too_large', path: '$', message: 'the body is larger than 1 MB' } });
      }
      if (this.down) return sendJson(response, 503, { ok: false, error: { code: 'unavailable', path: '$', message: 'down' } });
      if (this.refuseWith) {
        return sendJson(response, this.refuseWith, { ok: false, error: { code: 'response.refused', path: '$.score', message: 'refused by the test' } });
      }
      const release = await hold();
      this.posts += 1;
      try {
        const surveyId = JSON.parse(body.toString('utf8'))?.survey_id;
        if (typeof surveyId === 'string') postedSurveys.add(surveyId);
      } catch {
        // not JSON: the collector says so, and stores nothing
      }
      const headers = { 'Content-Length': body.length };
      for (const name of ['content-type', 'origin', 'user-agent']) {
        if (request.headers[name] !== undefined) headers[name] = request.headers[name];
      }
      await new Promise((resolve) => {
        const upstream = httpRequest(`${this.url}/v1/responses`, { method: 'POST', headers, agent: false }, (answer) => {
          const passed = {};
          for (const name of ['content-type', 'cache-control', 'retry-after']) {
            if (answer.headers[name] !== undefined) passed[name] = answer.headers[name];
          }
          response.writeHead(answer.statusCode, passed);
          answer.pipe(response);
          answer.on('end', resolve);
          answer.on('error', resolve);
        });
        upstream.on('error', (error) => {
          if (!response.headersSent) {
            sendJson(response, 502, { ok: false, error: { code: 'collector.unreachable', path: '$', message: `the collector did not answer: ${error.message}` } });
          } else {
            response.destroy();
          }
          resolve();
        });
        upstream.end(body);
      }).finally(release);
    },
  };
  return collector;
}

async function handleApi(request, response, collector) {
  if (request.method === 'GET') return sendJson(response, 200, { responses: await collector.list(), posts: collector.posts });
  if (request.method !== 'POST') {
    response.setHeader('Allow', 'GET, POST');
    return sendJson(response, 405, { ok: false, error: { code: 'method', path: '$', message: 'use GET or POST' } });
  }
  return collector.forward(request, response);
}

// ---------------------------------------------------------------------------------------------

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
  // Revalidated on every use (an edit shows at once), and answered 304 while unchanged: the
  // browser keeps its copy, and with it the compiled code it caches beside scripts and wasm.
  // A mount may say otherwise (bench/widget-timing.mjs serves web/ as a versioned CDN URL would).
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers = {
    'Content-Type': type,
    'Content-Length': info.size,
    'Cache-Control': mounts.find(([prefix]) => urlPath.startsWith(prefix))?.[2]?.cacheControl ?? 'no-cache',
    ETag: etag,
    'X-Content-Type-Options': 'nosniff',
  };
  // Pages get the CSP; so do scripts, because a worker runs under its own script's CSP.
  if (type.startsWith('text/html') || type.startsWith('text/javascript')) {
    headers['Content-Security-Policy'] = contentSecurityPolicy;
    headers['Referrer-Policy'] = 'no-referrer';
  }
  if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag)) {
    delete headers['Content-Length'];
    response.writeHead(304, headers);
    return response.end();
  }
  response.writeHead(200, headers);
  if (request.method === 'HEAD') return response.end();
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

// Children of this process that are still running when it exits (a test file that crashed):
// killed, so that no collector outlives its server.
const running = new Set();
process.on('exit', () => {
  for (const collector of running) collector.killNow();
});

/**
 * Starts the server and its collector; resolves to {server, port, url, collector, close()}. Port 0
 * picks a free port. `mounts` adds [urlPrefix, folder] pairs before the default ones (tests serve
 * their own pages), optionally with {cacheControl} for that folder's files (else no-cache). `collector` passes options to createCollector (its `port`, `rateLimit`,
 * `surveys`, `onLog`); the pages' origin is allowed by its CORS. close() stops both.
 * @param {{port?: number, host?: string, mounts?: Array<[string, string] | [string, string, {cacheControl?: string}]>, collector?: object}} [options]
 */
export async function startServer({ port = 8080, host = '127.0.0.1', mounts = [], collector: collectorOptions = {} } = {}) {
  const cli = collectorOptions.cli ?? collectorBinary();
  if (!existsSync(cli)) throw new Error(`serve: no csatkit binary at ${cli}: run scripts/build.sh (or set CSATKIT_CLI)`);
  const allMounts = [...mounts.map(([prefix, folder, options]) => [prefix, path.resolve(folder), options]), ...defaultMounts];
  let collector = null;
  const server = createServer((request, response) => {
    handle(request, response, allMounts, collector).catch(() => {
      if (!response.headersSent) send(response, 500, 'Internal Server Error\n');
      else response.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actual = server.address().port;
  const url = `http://${host}:${actual}`;
  // The pages' origin, under both names a browser may use for this machine.
  const origins = [url, `http://localhost:${actual}`];
  collector = createCollector({ ...collectorOptions, cli, origins });
  running.add(collector);
  try {
    await collector.start();
  } catch (error) {
    server.close();
    await collector.stop().catch(() => {});
    running.delete(collector);
    throw error;
  }
  return {
    server,
    port: actual,
    url,
    collector,
    close: async () => {
      server.closeAllConnections?.();
      await new Promise((done) => server.close(() => done()));
      await collector.stop();
      running.delete(collector);
    },
  };
}

function numberFlag(argv, name, environment, fallback) {
  const index = argv.indexOf(name);
  if (index !== -1) return Number(argv[index + 1]);
  const inline = argv.find((a) => a.startsWith(`${name}=`));
  if (inline) return Number(inline.slice(name.length + 1));
  if (environment && process.env[environment]) return Number(process.env[environment]);
  return fallback;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const port = numberFlag(argv, '--port', 'PORT', 8080);
  const collectorPort = numberFlag(argv, '--collector-port', 'COLLECTOR_PORT', 8787);
  for (const [flag, value] of [['--port', port], ['--collector-port', collectorPort]]) {
    if (!Number.isInteger(value) || value < 0 || value > 65535) {
      console.error(`serve: ${flag} must be a whole number from 0 to 65535`);
      process.exit(2);
    }
  }
  // What the collector received and its lifecycle, on stderr; the dashboard's reads are left out.
  const onLog = (entry) => {
    if (entry.event === 'request' && entry.path !== '/v1/responses' && entry.status < 400) return;
    process.stderr.write(`collector: ${JSON.stringify(entry)}\n`);
  };
  let started;
  try {
    started = await startServer({ port, collector: { port: collectorPort, onLog } });
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
  const { url, collector, close } = started;
  console.log(`csatkit examples at ${url}/  (web/ at ${url}/web/)`);
  console.log(`collector (csatkit serve) at ${collector.url}: the widget's ${url}/api/csat is forwarded to its /v1/responses`);
  console.log(`dashboard at ${collector.dashboardUrl}  admin token: ${collector.token}`);
  console.log('Ctrl+C to stop');
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      close().then(() => process.exit(0), () => process.exit(1));
    });
  }
}

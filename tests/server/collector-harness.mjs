// Runs the real `csatkit serve` binary on 127.0.0.1 with a temporary database, for the node
// tests in this folder. The binary: $CSATKIT_CLI, else build/native/csatkit (scripts/build.sh).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { readLogLines } from '../../scripts/collector-log.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const cli = process.env.CSATKIT_CLI ? path.resolve(process.env.CSATKIT_CLI) : path.join(repo, 'build/native/csatkit');
if (!existsSync(cli)) throw new Error(`no csatkit binary at ${cli}: run scripts/build.sh (or set CSATKIT_CLI)`);

export const adminToken = 'test-admin-token-7f3a';
export const allowedOrigin = 'https://shop.example';

/** Survey definitions every test collector accepts. */
export const surveys = {
  'post-chat': { id: 'post-chat', type: 'csat' }, // csat5, comments up to 1000 characters
  'kb-article': { id: 'kb-article', type: 'helpful' }, // reasons outdated, unclear, didnt_answer
  'short-note': { id: 'short-note', type: 'csat', scale: 'emoji3', follow_up: { max_length: 20 } },
};

const madeDirs = [];
// Every collector started here has been stopped or killed by then (the test files stop them).
process.on('exit', () => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder, removed when the test process exits. */
export function tempDir(prefix = 'csatkit-collector-') {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

/** Writes the survey files into `dir` and returns their paths. */
export function writeSurveys(dir) {
  return Object.values(surveys).map((definition) => {
    const file = path.join(dir, `${definition.id}.json`);
    writeFileSync(file, JSON.stringify(definition));
    return file;
  });
}

let counter = 0;
/** A unique response id, shaped like the widget's UUIDs. */
export function newId() {
  counter += 1;
  const random = Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0');
  return `${random}-0000-4000-8000-${String(counter).padStart(12, '0')}`;
}

/** A response as the widget's core builds it (survey_flow.cpp response_json). */
export function widgetResponse(overrides = {}) {
  const score = overrides.score ?? 4;
  const buckets = { 1: 'negative', 2: 'negative', 3: 'neutral', 4: 'positive', 5: 'positive' };
  const labels = { 1: 'Very dissatisfied', 2: 'Dissatisfied', 3: 'Neutral', 4: 'Satisfied', 5: 'Very satisfied' };
  return {
    id: newId(),
    survey_id: 'post-chat',
    type: 'csat',
    scale: 'csat5',
    score,
    bucket: buckets[score] ?? 'neutral',
    label: labels[score] ?? 'Neutral',
    comment: null,
    reasons: [],
    locale: 'en',
    url: 'https://shop.example/help',
    referrer: null,
    touchpoint: 'chat',
    user_id: null,
    context: { plan: 'pro' },
    metadata: {},
    article: null,
    created_at: '2024-05-01T10:00:00.000Z',
    updated_at: '2024-05-01T10:00:00.000Z',
    complete: false,
    ...overrides,
  };
}

/**
 * One HTTP request with full control of headers and body bytes (fetch would add or forbid some).
 * Resolves to {status, headers, text, json}; json is null when the body is not JSON.
 */
export function request(baseUrl, method, urlPath, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const url = new URL(urlPath, baseUrl);
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const allHeaders = { ...headers };
    if (payload && !Object.keys(allHeaders).some((h) => h.toLowerCase() === 'content-type')) allHeaders['Content-Type'] = 'application/json';
    if (payload) allHeaders['Content-Length'] = payload.length;
    const req = httpRequest(url, { method, headers: allHeaders, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/**
 * Starts `csatkit serve` and waits for its "listening" line. Options: dir (temp folder, made if
 * missing), db (default dir/collector.db), args (more flags), config (written to a file and
 * passed with --config), env (more environment variables). Returns {url, port, dir, db, child, logs, post, get, stop, kill9, exited}.
 */
export async function startCollector({ dir = tempDir(), db, args = [], config, surveyFiles, env = {} } = {}) {
  const database = db ?? path.join(dir, 'collector.db');
  const files = surveyFiles ?? writeSurveys(dir);
  const argv = ['serve', '--port', '0', '--db', database, '--admin-token', adminToken, '--origin', allowedOrigin];
  for (const file of files) argv.push('--survey', file);
  if (config) {
    const configFile = path.join(dir, 'collector.config.json');
    writeFileSync(configFile, JSON.stringify(config));
    argv.push('--config', configFile);
  }
  // Tests send many requests from one IP: no rate limit unless a test asks for one.
  if (!args.includes('--rate-limit') && !config?.rate_limit) argv.push('--rate-limit', '0');
  argv.push(...args);
  const child = spawn(cli, argv, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  const logs = [];
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise((resolve, reject) => {
    const unfinished = readLogLines(child.stderr, (entry) => {
      logs.push(entry);
      if (entry.event === 'listening') resolve(entry.port);
    });
    exited.then(({ code }) => reject(new Error(`csatkit serve exited (${code}) before listening: ${unfinished()}${JSON.stringify(logs)}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const admin = { Authorization: `Bearer ${adminToken}` };
  return {
    url,
    port,
    dir,
    db: database,
    child,
    logs,
    exited,
    post: (body, headers = {}) => request(url, 'POST', '/v1/responses', { body, headers }),
    get: (urlPath, headers = admin) => request(url, 'GET', urlPath, { headers }),
    /** Sends a signal (SIGTERM by default) and resolves to {code, signal} once it has exited. */
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    async kill9() {
      child.kill('SIGKILL');
      return exited;
    },
  };
}

/** `csatkit score` on a CSV file, parsed; throws with stderr on a non-zero exit. */
export function scoreCsv(file, flags) {
  const run = spawnSync(cli, ['score', file, ...flags], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`csatkit score failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** A minimal RFC 4180 reader for checking exports (quotes, doubled quotes, CRLF inside cells). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else {
      cell += c;
    }
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  const [header, ...records] = rows;
  return records.map((record) => Object.fromEntries(header.map((name, i) => [name, record[i]])));
}

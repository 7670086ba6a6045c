// The calculator's view as a URL fragment, so a link reproduces it: "#calc=1&scale=csat5&
// mode=buckets&buckets=200.200.600&spend=500". Versioned (calc=1), only non-default values are
// written, and a fragment that is not ours (no calc=) is left alone. A link is checked whole on
// load: every problem is named, and a bad link falls back to the defaults rather than to a view
// that would look plausible but be wrong.
//
// The fragment, not the query: it never reaches a server, so a shared link leaks nothing to logs.
// A CSV view is shared as its totals per point (the file itself never leaves the browser).

import { isCurrency } from './format.js';

export const STATE_VERSION = 1;

export const SCALE_IDS = ['emoji3', 'csat5', 'csat7', 'csat10', 'nps', 'ces7'];
export const MODES = ['counts', 'buckets', 'scores', 'csv'];
export const SCENARIOS = ['points', 'target', 'counts'];
export const PERIODS = ['day', 'week', 'month'];

/** A fresh default state. */
export function defaultState() {
  return {
    scale: 'csat5',
    mode: 'counts',
    counts: [],
    buckets: [null, null, null],
    scores: '',
    csv: { column: '', date: '', by: 'week', segment: '' },
    spend: null,
    currency: 'USD',
    customers: null,
    churn: [null, null, null],
    industry: '',
    target: null,
    scenario: 'points',
    improve: 5,
    improved: [null, null, null],
    margin: 3,
    rate: null,
  };
}

// key in the fragment → how to read and write it. Numbers are checked for range here; whether
// counts fit the scale is checked against the scale's points (decodeState's pointsOf).
const fields = {
  scale: { read: (text) => oneOf(text, SCALE_IDS), write: (s) => s.scale },
  mode: { read: (text) => oneOf(text, MODES), write: (s) => s.mode },
  counts: { read: (text) => wholeList(text), write: (s) => list(s.counts) },
  buckets: { read: (text) => wholeList(text, 3), write: (s) => list(s.buckets) },
  scores: { read: (text) => (text.length <= 20000 ? text : fail('at most 20,000 characters')), write: (s) => s.scores },
  column: { read: (text) => text, write: (s) => s.csv.column, into: (s, v) => (s.csv.column = v) },
  date: { read: (text) => text, write: (s) => s.csv.date, into: (s, v) => (s.csv.date = v) },
  by: { read: (text) => oneOf(text, PERIODS), write: (s) => (s.csv.by === 'week' ? '' : s.csv.by), into: (s, v) => (s.csv.by = v) },
  segment: { read: (text) => text, write: (s) => s.csv.segment, into: (s, v) => (s.csv.segment = v) },
  spend: { read: (text) => number(text, 0, 1e12), write: (s) => s.spend },
  currency: { read: (text) => (isCurrency(text) ? text : fail('not a currency code such as USD or EUR')), write: (s) => (s.currency === 'USD' ? '' : s.currency) },
  customers: { read: (text) => whole(number(text, 1, 1e12)), write: (s) => s.customers },
  churn: { read: (text) => numberList(text, 3, 0, 100), write: (s) => list(s.churn, '_') },
  industry: { read: (text) => (/^[a-z0-9-]{1,64}$/.test(text) ? text : fail('not an industry id')), write: (s) => s.industry },
  target: { read: (text) => number(text, 0, 100), write: (s) => s.target },
  scenario: { read: (text) => oneOf(text, SCENARIOS), write: (s) => (s.scenario === 'points' ? '' : s.scenario) },
  improve: { read: (text) => number(text, 0, 100), write: (s) => (s.improve === 5 ? '' : s.improve) },
  improved: { read: (text) => wholeList(text, 3), write: (s) => list(s.improved) },
  margin: { read: (text) => number(text, 0.1, 50), write: (s) => (s.margin === 3 ? '' : s.margin) },
  rate: { read: (text) => number(text, 0.1, 100), write: (s) => s.rate },
};

// Answers are written only for the mode that shows them, so links stay short.
const modeOnly = {
  counts: ['counts', 'csv'],
  buckets: ['buckets'],
  scores: ['scores'],
  column: ['csv'],
  date: ['csv'],
  by: ['csv'],
  segment: ['csv'],
};

class LinkProblem extends Error {}

function fail(message) {
  throw new LinkProblem(message);
}

function oneOf(text, allowed) {
  return allowed.includes(text) ? text : fail(`expected one of ${allowed.join(', ')}`);
}

function number(text, min, max) {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) fail('not a number');
  if (value < min || value > max) fail(`must be from ${min} to ${max}`);
  return value;
}

function whole(value) {
  return Number.isInteger(value) ? value : fail('must be a whole number');
}

// Lists are dot-separated ("100.0.200"); an empty item is "not given" (null).
function wholeList(text, length) {
  const items = text.split('.').map((item) => (item === '' ? null : whole(number(item, 0, 1e12))));
  if (length !== undefined && items.length !== length) fail(`expected ${length} values separated by dots`);
  return items;
}

function numberList(text, length, min, max) {
  // "_", not ".": churn rates may have decimals.
  const parts = text.split('_');
  if (parts.length !== length) fail(`expected ${length} values separated by _`);
  return parts.map((item) => (item === '' ? null : number(item, min, max)));
}

function list(values, separator = '.') {
  const empty = values.every((value) => value === null || value === undefined);
  return empty ? '' : values.map((value) => value ?? '').join(separator);
}

/** The fragment ("calc=1&…", without "#") for a state: only what differs from the defaults. */
export function encodeState(state) {
  const params = new URLSearchParams();
  params.set('calc', String(STATE_VERSION));
  for (const [key, field] of Object.entries(fields)) {
    if (key in modeOnly && !modeOnly[key].includes(state.mode)) continue;
    const value = field.write(state);
    if (key === 'scale' && value === 'csat5') continue;
    if (key === 'mode' && value === 'counts') continue;
    if (value === '' || value === null || value === undefined) continue;
    params.set(key, String(value));
  }
  return params.toString();
}

/**
 * Reads a fragment. → {state: null} when it is not a calculator link (empty, or no calc=);
 * {state, problems: []} for a good link; {state: null, problems: ["spend: not a number", …]}
 * for a bad one. `pointsOf(scale)` gives the number of points of a scale, to check counts.
 */
export function decodeState(fragment, pointsOf) {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (text === '') return { state: null, problems: [] };
  const params = new URLSearchParams(text);
  if (!params.has('calc')) return { state: null, problems: [] };
  const problems = [];
  if (params.get('calc') !== String(STATE_VERSION)) {
    return { state: null, problems: [`calc: version ${params.get('calc')} is not one this calculator reads (${STATE_VERSION})`] };
  }
  const state = defaultState();
  for (const [key, value] of params) {
    if (key === 'calc') continue;
    const field = fields[key];
    if (!field) {
      problems.push(`${key}: not a setting of the calculator`);
      continue;
    }
    try {
      const read = field.read(value);
      if (field.into) field.into(state, read);
      else state[key] = read;
    } catch (error) {
      if (!(error instanceof LinkProblem)) throw error;
      problems.push(`${key}: ${error.message}`);
    }
  }
  const points = pointsOf(state.scale);
  if (state.counts.length > 0 && state.counts.length !== points) {
    problems.push(`counts: ${state.scale} has ${points} points, the link gives ${state.counts.length}`);
  }
  return problems.length ? { state: null, problems } : { state, problems };
}

// From the calculator's state to everything the results show, asked of the core. This module
// only chooses which core calls to make and with what; every figure is the core's. (Two bits of
// bookkeeping happen here, both on core outputs: "N more responses" is the core's responses
// minus the answers you have, and a target score becomes "+K points" as target minus your score.)
import { benchmarks, chart, init, plan, recommend, revenue, score, summary } from '../core.js';

/** The groups of a scale, in order, as {bucket, points: [values]}. */
export function groupsOf(scaleInfo) {
  return ['negative', 'neutral', 'positive'].map((bucket) => ({
    bucket,
    points: scaleInfo.points.filter((point) => point.bucket === bucket).map((point) => point.value),
  }));
}

/**
 * Totals per group as counts per point: each total on its group's first point. Every figure that
 * depends only on the groups (CSAT/CES %, NPS, revenue at risk with a churn rate per group) is
 * then exact; the mean is not, and is not shown for totals.
 */
export function countsFromGroups(scaleInfo, totals) {
  const counts = {};
  for (const point of scaleInfo.points) counts[point.value] = 0;
  groupsOf(scaleInfo).forEach((group, index) => {
    if (group.points.length) counts[group.points[0]] = totals[index] ?? 0;
  });
  return counts;
}

/** The respondents of the state as a core request part, or null when nothing was entered. */
export function respondentsOf(state, scaleInfo, csvReport) {
  if (state.mode === 'counts') {
    if (state.counts.every((count) => count === null || count === undefined)) return null;
    return { counts: Object.fromEntries(scaleInfo.points.map((point, i) => [point.value, state.counts[i] ?? 0])) };
  }
  if (state.mode === 'buckets') {
    if (state.buckets.every((total) => total === null)) return null;
    return { counts: countsFromGroups(scaleInfo, state.buckets) };
  }
  if (state.mode === 'scores') return state.scores.trim() === '' ? null : { text: state.scores };
  if (state.mode === 'csv') return csvReport ? { counts: csvReport.distribution } : null;
  return null;
}

/** The headline estimate of a report: CSAT %, NPS or CES % agree, with its family's name. */
export function headlineOf(report) {
  if (report.csat) return { metric: 'csat', ...report.csat };
  if (report.ces) return { metric: 'ces', ...report.ces.agree };
  if (report.nps) return { metric: 'nps', percent: report.nps.score, low: report.nps.low, high: report.nps.high };
  if (report.helpful) return { metric: 'helpful', ...report.helpful };
  return { metric: 'csat', percent: null, low: null, high: null };
}

const defaultChurnByScale = new Map();

/** The core's default churn rate per group (%) for a scale, from a revenue report on it. */
export async function defaultChurn(scaleInfo) {
  if (!defaultChurnByScale.has(scaleInfo.id)) {
    const probe = await revenue({ scale: scaleInfo.id, counts: scaleInfo.points.map(() => 1), spend: 1 });
    defaultChurnByScale.set(scaleInfo.id, {
      percent: groupsOf(scaleInfo).map((group) => (group.points.length ? probe.churn[group.points[0]] * 100 : 0)),
      source: probe.churn_source,
    });
  }
  return defaultChurnByScale.get(scaleInfo.id);
}

let benchmarkTable = null;
/** The ACSI table, asked of the core once. */
export function loadBenchmarks() {
  benchmarkTable ??= benchmarks();
  return benchmarkTable;
}

function churnRequest(state, scaleInfo) {
  if (state.churn.every((rate) => rate === null)) return undefined;
  const churn = {};
  groupsOf(scaleInfo).forEach((group, index) => {
    const rate = state.churn[index];
    if (rate === null) return;
    for (const value of group.points) churn[value] = rate / 100;
  });
  return churn;
}

let abilities = null;
/**
 * What the loaded wasm module can do: chart, recommend and summary came with a later core, and a
 * page may be served an older build; the results then say what is missing instead of guessing.
 */
export async function coreAbilities() {
  abilities ??= init().then((module) => ({
    chart: typeof module.chartJson === 'function',
    recommend: typeof module.recommendJson === 'function',
    summary: typeof module.summaryJson === 'function',
  }));
  return abilities;
}

/**
 * A report as summary(), recommend() and chart() take it back. Works around a core bug: they reject an
 * NPS report with its own satisfied_from (9) as "buckets are fixed" (scale.threshold_fixed), so
 * the field is left out for NPS, at every level of the groups (chart() too).
 */
function reportForCore(report) {
  if (report.family !== 'nps') return report;
  const { satisfied_from: _fixed, groups, periods, ...rest } = report;
  if (groups) rest.groups = groups.map(reportForCore);
  if (periods) rest.periods = periods.map(reportForCore);
  return rest;
}

/**
 * Everything the results show, for one state: {report, headline, margin, revenue, scenario,
 * plan, benchmark, csv}. Rejects with the core's CsatkitError for bad input.
 */
export async function computeView(state, scaleInfo, csvReport) {
  const respondents = respondentsOf(state, scaleInfo, csvReport);
  if (!respondents) return null;
  const report = state.mode === 'csv' ? csvReport : await score({ scale: scaleInfo.id, ...respondents });
  const headline = headlineOf(report);
  const view = { state, scale: scaleInfo, report, headline, margin: null, revenue: null, plan: null, benchmark: null, target: null };

  const can = await coreAbilities();
  view.can = can;
  // "60% ± 3.0 points, 56.9–63.0": the core's summary gives the half-width; an older core's
  // plan() gives the margin of error for this many answers at this share.
  if (can.summary && report.n > 0) {
    view.summary = await summary({ report: reportForCore(report), decimals: 1 });
    view.margin = view.summary.margin;
  } else if (headline.metric !== 'nps' && headline.percent !== null && report.n > 0) {
    view.margin = (await plan({ responses: report.n, expected: headline.percent })).margin;
  }
  if (can.summary && report.n > 1 && report.mean?.value !== null && state.mode !== 'buckets') {
    view.meanSummary = await summary({ report: reportForCore(report), metric: 'mean', decimals: 2 });
  }

  if (state.spend !== null && report.n > 0) {
    const request = { scale: scaleInfo.id, ...respondents, spend: state.spend };
    const churn = churnRequest(state, scaleInfo);
    if (churn) request.churn = churn;
    if (state.customers !== null) request.customers = state.customers;
    if (state.scenario === 'points' && state.improve > 0) request.improve_points = state.improve;
    if (state.scenario === 'target' && state.target !== null && headline.percent !== null) {
      const points = Math.round((state.target - headline.percent) * 100) / 100;
      view.target = points > 0 ? 'below' : 'reached';
      if (points > 0) request.improve_points = points;
    }
    if (state.scenario === 'counts' && state.improved.some((total) => total !== null)) {
      request.improve_to = countsFromGroups(scaleInfo, state.improved);
    }
    view.revenue = await revenue(request);
  }

  if (headline.metric !== 'nps') {
    const request = { margin: state.margin, expected: headline.percent ?? 50, collected: report.n };
    if (state.customers !== null) request.population = state.customers;
    if (state.rate !== null) request.response_rate = state.rate / 100;
    view.plan = await plan(request);
    // An older core has no `collected`: the answers still to collect are then its total minus yours.
    view.plan.more ??= Math.max(0, view.plan.responses - report.n);
  }

  if (can.recommend) {
    const request = { report: reportForCore(report), margin: state.margin };
    if (state.industry) request.benchmark = state.industry;
    if (state.target !== null) request.target = state.target;
    if (state.rate !== null) request.response_rate = state.rate / 100;
    view.recommendations = (await recommend(request)).recommendations;
  }

  if (state.industry) {
    const table = await loadBenchmarks();
    view.benchmark = { caveat: table.caveat, caveat_id: table.caveat_id, entry: table.benchmarks.find((b) => b.id === state.industry) ?? null };
  }
  return view;
}

// The common chart style with one chart's own (labels merged, not replaced).
function merge(base, own) {
  return { ...base, ...own, labels: { ...base.labels, ...own.labels } };
}

/**
 * The charts of a view, drawn by the core: the distribution always, the trend and segments when
 * the CSV report has them. `style` carries the translated labels and number separators.
 * → [{kind, result}] (empty when the core cannot draw).
 */
export async function chartsOf(view, style) {
  if (!view.can.chart) return [];
  const charts = [];
  const { report } = view;
  // Totals per group have no distribution over the points: a per-point chart would invent one.
  if (view.state.mode !== 'buckets') charts.push({ kind: 'distribution', result: await chart({ ...merge(style.base, style.distribution), kind: 'distribution', report: reportForCore(report) }) });
  if (view.state.mode === 'csv' && report.groups?.length) {
    const hasPeriods = report.periods?.length || report.groups[0].period !== undefined;
    const hasSegments = report.groups[0].segment !== undefined;
    if (hasPeriods) charts.push({ kind: 'trend', result: await chart({ ...merge(style.base, style.trend), kind: 'trend', report: reportForCore(report) }) });
    if (hasSegments) charts.push({ kind: 'segments', result: await chart({ ...merge(style.base, style.segments), kind: 'segments', report: reportForCore(report) }) });
  }
  return charts;
}

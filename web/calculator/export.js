// The results as files: CSV and JSON of the figures (the core's reports as they are), the chart
// as the core's SVG, and as PNG painted from the chart on the page (svg-to-png.js). Downloads go
// through a blob: link with `download`, which a strict CSP allows (it is a download, not a load).

/** The JSON export: the state that produced the view and the core's reports, unchanged. */
export function resultsJson(view) {
  const value = {
    csatkit_calculator: 1,
    state: view.state,
    score: view.report,
    summary: view.summary ?? null,
    revenue: view.revenue,
    plan: view.plan,
    benchmark: view.benchmark?.entry ?? null,
    recommendations: view.recommendations ?? null,
  };
  return JSON.stringify(value, null, 2);
}

function csvCell(value) {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Quote what needs it, and neutralise spreadsheet formulas (=, +, -, @ at the start of text).
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The CSV export: one row per figure (section, metric, value, low, high), numbers unrounded. */
export function resultsCsv(view) {
  const rows = [['section', 'metric', 'value', 'low', 'high']];
  const { report, headline } = view;
  rows.push(['score', 'n', report.n, '', '']);
  rows.push(['score', 'invalid', report.invalid, '', '']);
  if (headline.percent !== null) rows.push(['score', headline.metric, headline.percent, headline.low, headline.high]);
  if (view.margin !== null) rows.push(['score', `${headline.metric}_margin`, view.margin, '', '']);
  if (report.mean && report.mean.value !== null && view.state.mode !== 'buckets') rows.push(['score', 'mean', report.mean.value, report.mean.low, report.mean.high]);
  if (report.nps) for (const key of ['promoters', 'passives', 'detractors']) rows.push(['score', key, report[key], '', '']);
  for (const [point, count] of Object.entries(report.distribution)) rows.push(['distribution', point, count, '', '']);
  if (view.revenue) {
    const r = view.revenue;
    rows.push(['revenue', 'at_risk', r.at_risk.value, r.at_risk.low, r.at_risk.high]);
    if (r.after) rows.push(['revenue', 'after_at_risk', r.after.at_risk.value, r.after.at_risk.low, r.after.at_risk.high]);
    if (r.saved) rows.push(['revenue', 'saved', r.saved.value, r.saved.low, r.saved.high]);
    rows.push(['revenue', 'currency', view.state.currency, '', '']);
  }
  if (view.plan) {
    rows.push(['plan', 'responses', view.plan.responses, '', '']);
    rows.push(['plan', 'more', view.plan.more, '', '']);
    if (view.plan.invitations !== undefined) rows.push(['plan', 'invitations', view.plan.invitations, '', '']);
  }
  if (view.benchmark?.entry) rows.push(['benchmark', `acsi_${view.benchmark.entry.id}`, view.benchmark.entry.score, '', '']);
  for (const group of view.state.mode === 'csv' ? [...(report.periods ?? []), ...(report.groups ?? [])] : []) {
    const name = group.segment ?? group.period;
    const e = group.csat ?? group.ces?.agree ?? (group.nps ? { percent: group.nps.score, low: group.nps.low, high: group.nps.high } : null);
    if (e) rows.push([group.segment !== undefined ? 'segment' : 'period', name, e.percent, e.low, e.high]);
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Starts a download of `content` as `filename`. */
export function download(filename, content, type) {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference to the blob once it started.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// The results: the score in words with its interval, the distribution, benchmark, revenue at
// risk with the improvement scenario, trend and segments from a CSV, planning, recommendations.
// Every number is the core's (compute.js); this module only words and lays them out. The
// scenario and planning controls live here, next to what they change, and are read into the
// state like the other inputs.
import { caveatText, industryWithSource, planWarningText } from './benchmark-text.js';
import { groupsOf } from './compute.js';
import { fill, h, svgFromCore, uid } from './dom.js';
import { groupLabel, pointText } from './input-view.js';
import { metricName, recommendationContext, recommendationText } from './recommendation-text.js';
import { SCENARIOS } from './url-state.js';

function section(title, ...children) {
  const id = uid('calc-section');
  return h('section', { class: 'calc-section', 'aria-labelledby': id }, h('h3', { id }, title), ...children);
}

function numberOrNull(input) {
  const text = input.value.trim();
  if (text === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

export class ResultsView {
  /**
   * @param {{t: Function, chartExports?: (chart: {kind: string, result: object}, format: 'svg'|'png', svg: SVGSVGElement) => void}} options
   *   chartExports: when given, every chart gets its own SVG and PNG download buttons, named
   *   after the chart, that call it.
   */
  constructor({ t, chartExports }) {
    this.t = t;
    this.chartExports = chartExports ?? null;
    this.element = this.build();
  }

  build() {
    const { t } = this;
    this.headline = h('output', { class: 'calc-headline', 'aria-live': 'polite' }, t('waiting'));
    this.scoreBody = h('div', { class: 'calc-body' });
    this.chartBody = h('div', { class: 'calc-body' });
    this.benchmarkBody = h('div', { class: 'calc-body' });
    this.revenueBody = h('div', { class: 'calc-body' });
    this.groupsBody = h('div', { class: 'calc-body' });
    this.planBody = h('div', { class: 'calc-body' });
    this.recommendBody = h('div', { class: 'calc-body' });
    this.error = h('p', { class: 'calc-error', role: 'alert' });

    // Scenario: +N points (slider), the target score, or new answers per group.
    this.scenarioRadios = SCENARIOS.map((kind) => h('input', { type: 'radio', name: 'scenario', value: kind, id: uid('calc-scenario') }));
    this.improve = h('input', { type: 'range', name: 'improve', min: 0, max: 40, step: 1, value: 5, id: uid('calc-improve') });
    this.improveValue = h('output', { for: this.improve.id, class: 'calc-improve-value' });
    this.improvedInputs = [0, 1, 2].map(() => h('input', { type: 'number', min: 0, step: 1, inputmode: 'numeric', id: uid('calc-improved') }));
    this.improvedLabels = this.improvedInputs.map((input) => h('label', { for: input.id }));
    this.improvedBox = h(
      'fieldset',
      { class: 'calc-improved' },
      h('legend', {}, t('scenario_counts_legend')),
      this.improvedInputs.map((input, index) => h('div', { class: 'calc-field' }, this.improvedLabels[index], input)),
    );
    this.pointsBox = h(
      'div',
      { class: 'calc-field' },
      h('label', { for: this.improve.id }, t('improve_by')),
      h('div', { class: 'calc-slider' }, this.improve, this.improveValue),
    );
    this.scenarioBody = h('div', { class: 'calc-body' });
    this.scenario = h(
      'div',
      { class: 'calc-scenario' },
      h(
        'fieldset',
        { class: 'calc-modes' },
        h('legend', {}, t('scenario')),
        this.scenarioRadios.map((radio) => h('div', { class: 'calc-choice' }, radio, h('label', { for: radio.id }, t(`scenario_${radio.value}`)))),
      ),
      this.pointsBox,
      this.improvedBox,
      this.scenarioBody,
    );

    this.margin = h('input', { type: 'number', name: 'margin', min: 0.1, max: 50, step: 'any', value: 3, id: uid('calc-margin') });
    this.rate = h('input', { type: 'number', name: 'rate', min: 0.1, max: 100, step: 'any', id: uid('calc-rate') });
    const planControls = h(
      'div',
      { class: 'calc-row' },
      h('div', { class: 'calc-field' }, h('label', { for: this.margin.id }, t('margin_wanted')), this.margin),
      h('div', { class: 'calc-field' }, h('label', { for: this.rate.id }, t('response_rate')), this.rate),
    );

    this.sections = {
      score: section(t('results'), this.headline, this.error, this.scoreBody),
      distribution: section(t('distribution'), this.chartBody),
      benchmark: section(t('benchmark'), this.benchmarkBody),
      revenue: section(t('revenue'), this.revenueBody, this.scenario),
      groups: section(t('trend'), this.groupsBody),
      planning: section(t('planning'), planControls, this.planBody),
      recommendations: section(t('recommendations'), this.recommendBody),
    };
    this.groupsHeading = this.sections.groups.querySelector('h3');
    return h('div', { class: 'calc-results' }, Object.values(this.sections));
  }

  readControls(state) {
    state.scenario = this.scenarioRadios.find((radio) => radio.checked)?.value ?? 'points';
    state.improve = Number(this.improve.value);
    state.improved = this.improvedInputs.map(numberOrNull);
    state.margin = numberOrNull(this.margin) ?? 3;
    state.rate = numberOrNull(this.rate);
    return state;
  }

  writeControls(state) {
    for (const radio of this.scenarioRadios) radio.checked = radio.value === state.scenario;
    this.improve.value = String(state.improve);
    this.improvedInputs.forEach((input, index) => (input.value = state.improved[index] ?? ''));
    this.margin.value = String(state.margin);
    this.rate.value = state.rate ?? '';
  }

  /** Labels that depend on the scale: the scenario's groups. */
  layoutScale(scaleInfo) {
    groupsOf(scaleInfo).forEach((group, index) => {
      this.improvedLabels[index].textContent = this.t('improved_label', { label: groupLabel(this.t, scaleInfo, group) });
    });
  }

  showError(error) {
    this.error.textContent = this.t('error', { message: error.message });
  }

  /** Nothing entered yet (or a bad entry): the waiting text, and every result section empty. */
  clear(error) {
    this.headline.textContent = this.t('waiting');
    this.error.textContent = error ? this.t('error', { message: error.message }) : '';
    for (const body of [this.scoreBody, this.chartBody, this.benchmarkBody, this.revenueBody, this.groupsBody, this.planBody, this.recommendBody, this.scenarioBody]) {
      fill(body);
    }
    for (const name of ['distribution', 'benchmark', 'revenue', 'groups', 'planning', 'recommendations']) this.sections[name].hidden = true;
  }

  /** @param {object} view from computeView @param {Array} charts from chartsOf @param {import('./format.js').Formatter} f */
  render(view, charts, f) {
    const { t } = this;
    this.error.textContent = '';
    for (const name of Object.keys(this.sections)) this.sections[name].hidden = false;
    this.renderScore(view, f);
    this.renderDistribution(view, charts, f);
    this.renderBenchmark(view, f);
    this.renderRevenue(view, f);
    this.renderGroups(view, charts, f);
    this.renderPlan(view, f);
    this.renderRecommendations(view, f);
    this.improveValue.textContent = t('improve_value', { n: f.whole.format(Number(this.improve.value)) }, Number(this.improve.value));
    this.pointsBox.hidden = view.state.scenario !== 'points';
    this.improvedBox.hidden = view.state.scenario !== 'counts';
  }

  /** The headline estimate in words: "60% ± 3.0 points, 56.9–63.0". */
  words(view, f) {
    const { t } = this;
    const { headline, margin } = view;
    if (headline.percent === null) return t('no_responses');
    const name = { csat: t('csat_name'), ces: 'CES', nps: 'NPS', helpful: t('csat_name') }[headline.metric];
    const values = { percent: f.headline(headline.percent), low: f.one.format(headline.low), high: f.one.format(headline.high) };
    if (headline.metric === 'nps') {
      return `${name} ${f.headline(headline.percent)}${margin === null ? '' : ` ± ${f.one.format(margin)}`}, ${values.low}–${values.high}`;
    }
    const text =
      margin === null || margin === 0
        ? t('csat_words_no_margin', values)
        : t('csat_words', { ...values, margin: f.one.format(margin) }, { value: margin, decimals: 1 });
    return `${name} ${text}`;
  }

  renderScore(view, f) {
    const { t } = this;
    const { report, headline } = view;
    this.headline.textContent = `${this.words(view, f)} · ${t('responses', { n: f.whole.format(report.n) }, report.n)}`;
    const scale = view.scale;
    const parts = [];
    if (headline.percent !== null) parts.push(h('p', { class: 'calc-hint' }, t('interval_note')));
    if (view.state.mode === 'buckets') {
      parts.push(h('p', { class: 'calc-hint' }, t('buckets_no_mean')));
    } else if (report.mean?.value !== null && report.n > 0) {
      const mean = view.meanSummary ?? { value: report.mean.value, low: report.mean.low, high: report.mean.high };
      parts.push(
        h('p', { class: 'calc-mean' }, t('mean_words', { value: f.two.format(mean.value), max: scale.max, low: f.two.format(mean.low), high: f.two.format(mean.high) })),
      );
    }
    if (report.nps) {
      parts.push(
        h(
          'p',
          {},
          t('nps_words', {
            score: f.headline(report.nps.score),
            low: f.one.format(report.nps.low),
            high: f.one.format(report.nps.high),
            promoters: t('n_promoters', { n: f.whole.format(report.promoters) }, report.promoters),
            passives: t('n_passives', { n: f.whole.format(report.passives) }, report.passives),
            detractors: t('n_detractors', { n: f.whole.format(report.detractors) }, report.detractors),
          }),
        ),
      );
    }
    if (report.invalid > 0) {
      parts.push(
        h('p', { class: 'calc-warning' }, t('invalid_values', { count: f.whole.format(report.invalid), examples: (report.invalid_values ?? []).map((v) => `“${v}”`).join(', ') }, report.invalid)),
      );
    }
    if (this.smallSample(view)) {
      parts.push(h('p', { class: 'calc-warning calc-small-sample' }, t('small_sample', { n: f.whole.format(report.n), margin: f.one.format(view.margin ?? 0) }, report.n)));
    }
    fill(this.scoreBody, ...parts);
  }

  // The core's recommendations decide what "too small" is; without them, a margin over ±5 points.
  smallSample(view) {
    if (view.report.n === 0) return false;
    if (view.recommendations) return view.recommendations.some((r) => r.id === 'sample.below_minimum' || r.id === 'sample.margin_too_wide');
    return view.margin !== null && view.margin > 5;
  }

  renderDistribution(view, charts, f) {
    const { t } = this;
    const chart = charts.find((c) => c.kind === 'distribution');
    const table = h(
      'table',
      { class: 'calc-table' },
      h('caption', { class: 'calc-visually-hidden' }, t('distribution')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('point')), h('th', { scope: 'col' }, t('count')))),
      h(
        'tbody',
        {},
        view.scale.points.map((point) =>
          h('tr', {}, h('th', { scope: 'row' }, pointText(t, view.scale, point)), h('td', {}, f.whole.format(view.report.distribution[point.value] ?? 0))),
        ),
      ),
    );
    if (view.state.mode === 'buckets') {
      fill(this.chartBody, this.groupTotals(view, f));
      return;
    }
    const figure = chart ? this.figure(chart) : h('p', { class: 'calc-hint' }, t('chart_pending'));
    fill(this.chartBody, figure, table);
  }

  /** Totals per group (the distribution that totals give). */
  groupTotals(view, f) {
    const { t } = this;
    return h(
      'table',
      { class: 'calc-table' },
      h('caption', { class: 'calc-visually-hidden' }, t('distribution')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('group')), h('th', { scope: 'col' }, t('count')))),
      h(
        'tbody',
        {},
        groupsOf(view.scale).map((group) =>
          h('tr', {}, h('th', { scope: 'row' }, groupLabel(t, view.scale, group)), h('td', {}, f.whole.format(view.report.buckets[group.bucket]))),
        ),
      ),
    );
  }

  figure(chart) {
    const svg = svgFromCore(chart.result.svg);
    const figure = h('figure', { class: `calc-chart calc-chart--${chart.kind}`, 'data-chart': chart.kind }, svg);
    if (this.chartExports && svg) {
      // Named after the chart ("Download the trend chart (PNG)"): several charts, several buttons.
      const button = (format) =>
        h(
          'button',
          { type: 'button', class: 'calc-button calc-button--secondary', on: { click: () => this.chartExports(chart, format, svg) } },
          this.t(`export_${format}_${chart.kind}`),
        );
      figure.append(h('div', { class: 'calc-actions calc-chart-actions' }, button('svg'), button('png')));
    }
    return figure;
  }

  renderBenchmark(view, f) {
    const { t } = this;
    if (!view.benchmark?.entry) {
      fill(this.benchmarkBody, h('p', { class: 'calc-hint' }, t('benchmark_pick')));
      return;
    }
    const { entry } = view.benchmark;
    const source = h('a', { href: entry.url, rel: 'noopener noreferrer', target: '_blank' }, entry.source);
    const line = t('benchmark_line', { industry: industryWithSource(t, entry), score: f.whole.format(entry.score), year: entry.year, source: '\u0000' }).split('\u0000');
    const yours = view.headline.percent === null ? null : h('p', {}, t('benchmark_yours', { metric: this.metricName(view), value: f.headline(view.headline.percent) }));
    fill(this.benchmarkBody, h('p', {}, line[0], source, line[1] ?? ''), yours, h('p', { class: 'calc-note' }, caveatText(t, view.benchmark)));
  }

  metricName(view) {
    return metricName(this.t, view.headline.metric);
  }

  renderRevenue(view, f) {
    const { t } = this;
    const money = (value) => f.money.format(value);
    const range = (estimate) => t('range_words', { low: money(estimate.low), high: money(estimate.high) });
    const r = view.revenue;
    this.scenario.hidden = !r;
    if (!r) {
      fill(this.revenueBody, h('p', { class: 'calc-hint' }, t('revenue_needs_spend')));
      fill(this.scenarioBody);
      return;
    }
    fill(
      this.revenueBody,
      h('p', { class: 'calc-figure calc-at-risk' }, t('at_risk', { value: money(r.at_risk.value) }), ' ', h('span', { class: 'calc-range' }, `(${range(r.at_risk)})`)),
      r.churned_customers === null ? null : h('p', {}, t('churned', { count: f.whole.format(r.churned_customers) }, r.churned_customers)),
      view.state.customers === null ? null : h('p', { class: 'calc-hint' }, t('projected', { customers: f.whole.format(view.state.customers) }, view.state.customers)),
    );
    const scenario = [];
    if (view.state.scenario === 'target' && view.target === null) scenario.push(h('p', { class: 'calc-hint' }, t('target_needed')));
    if (view.target === 'reached') scenario.push(h('p', {}, t('target_reached')));
    if (r.saved && r.after) {
      scenario.push(
        h('p', { class: 'calc-figure calc-saved' }, t('saved', { value: money(r.saved.value) }), ' ', h('span', { class: 'calc-range' }, `(${range(r.saved)})`)),
        h('p', { class: 'calc-after' }, t('after_risk', { value: money(r.after.at_risk.value) }), ' ', h('span', { class: 'calc-range' }, `(${range(r.after.at_risk)})`)),
      );
    }
    fill(this.scenarioBody, ...scenario);
  }

  renderGroups(view, charts, f) {
    const { t } = this;
    const report = view.report;
    const groups = view.state.mode === 'csv' ? report.groups ?? [] : [];
    this.sections.groups.hidden = groups.length === 0;
    if (!groups.length) {
      fill(this.groupsBody);
      return;
    }
    const periods = report.periods ?? (groups[0].period !== undefined ? groups : null);
    const segments = groups[0].segment !== undefined ? groups : null;
    this.groupsHeading.textContent = periods && segments ? `${t('trend')} · ${t('segments')}` : periods ? t('trend') : t('segments');
    const parts = [];
    for (const [kind, list, key] of [['trend', periods, 'period'], ['segments', segments, 'segment']]) {
      if (!list) continue;
      const chart = charts.find((c) => c.kind === kind);
      if (chart) parts.push(this.figure(chart));
      parts.push(this.groupTable(kind === 'trend' ? t('trend') : t('segments'), key, list, f));
    }
    parts.push(h('p', { class: 'calc-hint' }, t('holm_note')));
    fill(this.groupsBody, ...parts);
  }

  groupTable(caption, key, groups, f) {
    const { t } = this;
    const estimate = (group) => group.csat ?? group.ces?.agree ?? (group.nps ? { percent: group.nps.score, low: group.nps.low, high: group.nps.high } : group.helpful);
    return h(
      'table',
      { class: 'calc-table calc-groups', 'data-groups': key },
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h('tr', {}, [t(key), t('count'), t('value'), t('interval'), t('change'), t('verdict')].map((text) => h('th', { scope: 'col' }, text))),
      ),
      h(
        'tbody',
        {},
        groups.map((group) => {
          const e = estimate(group) ?? { percent: null, low: null, high: null };
          const test = group.test;
          const verdict = !test ? '—' : test.significant ? t('significant') : t('within_noise');
          return h(
            'tr',
            { class: test?.significant ? 'calc-significant' : null },
            h('th', { scope: 'row' }, group[key]),
            h('td', {}, f.whole.format(group.n)),
            h('td', {}, e.percent === null ? '—' : f.one.format(e.percent)),
            h('td', {}, e.low === null ? '—' : `${f.one.format(e.low)}–${f.one.format(e.high)}`),
            h('td', {}, test?.difference === null || !test ? '—' : t('points_change', { value: signed(f, test.difference) }, { value: test.difference, decimals: 1 })),
            h('td', {}, verdict),
          );
        }),
      ),
    );
  }

  renderPlan(view, f) {
    const { t } = this;
    const p = view.plan;
    this.sections.planning.hidden = !p;
    if (!p) return;
    const margin = f.upToOne.format(p.margin ?? view.state.margin);
    const parts = [
      p.more > 0
        ? h('p', {}, t('plan_more', { more: f.whole.format(p.more), total: f.whole.format(p.responses), margin }, p.more))
        : h('p', {}, t('plan_enough', { n: f.whole.format(view.report.n), margin }, view.report.n)),
    ];
    if (p.invitations !== undefined && view.state.rate !== null) {
      parts.push(h('p', {}, t('plan_invitations', { rate: f.upToOne.format(view.state.rate), invitations: f.whole.format(p.invitations) }, p.invitations)));
    }
    for (const warning of p.warnings ?? []) parts.push(h('p', { class: 'calc-warning', 'data-id': warning.id }, planWarningText(t, f, warning)));
    fill(this.planBody, ...parts);
  }

  renderRecommendations(view, f) {
    const { t } = this;
    if (!view.recommendations) {
      fill(this.recommendBody, h('p', { class: 'calc-hint' }, t('recommendations_pending')));
      return;
    }
    this.sections.recommendations.hidden = view.recommendations.length === 0;
    const context = recommendationContext(view);
    fill(
      this.recommendBody,
      h(
        'ul',
        { class: 'calc-recommendations' },
        view.recommendations.map((r) => h('li', { class: `calc-recommendation calc-recommendation--${r.severity}`, 'data-id': r.id }, recommendationText(t, f, r, context))),
      ),
    );
  }
}

function signed(f, value) {
  const text = f.one.format(Math.abs(value));
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

// The core's recommendations in the page's language. The core decides what to recommend and
// gives each one a stable id, its numbers in `data` and an English message; this module words it
// from the locale's template for the id ("rec.<id>" in locales/*.js), with the page's number
// formatting. An id the page does not know (a newer core) keeps the core's English message.

import { industryName } from './benchmark-text.js';

/** The headline metric's name, as the results show it. */
export function metricName(t, family) {
  return { csat: t('csat_name'), ces: 'CES', nps: 'NPS', helpful: t('csat_name') }[family] ?? t('csat_name');
}

/**
 * What the data of a recommendation does not carry but the page knows.
 * @param {object} view from compute.js computeView
 */
export function recommendationContext(view) {
  const report = view.report;
  const groups = report.groups ?? [];
  const periods = report.periods ?? (groups[0]?.period !== undefined ? groups : []);
  return {
    family: report.family,
    scale: report.scale,
    confidence: report.confidence ?? 0.95,
    periods: periods.length,
    responseRate: view.state?.rate ?? null,
    benchmark: view.benchmark?.entry ?? null,
  };
}

/**
 * One recommendation ({id, severity, message, data}) in words.
 * @param {Function} t from locales/index.js @param {import('./format.js').Formatter} f
 * @param {ReturnType<typeof recommendationContext>} context
 */
export function recommendationText(t, f, recommendation, context) {
  const { id, data = {} } = recommendation;
  const words = templates[id];
  if (!words || !t.has(`rec.${id}`)) return recommendation.message;
  return words(t, helpers(t, f, context), data, context);
}

function helpers(t, f, context) {
  const isPercent = context.family !== 'nps';
  const number = (value) => f.one.format(value);
  const value = (v) => (isPercent ? t('percent_value', { value: number(v) }) : number(v));
  const level = f.upToOne.format(100 * context.confidence);
  const p = (v) => (v < 0.001 ? `p < ${f.three.format(0.001)}` : `p = ${f.three.format(v)}`);
  return {
    whole: (v) => f.whole.format(v),
    number,
    value,
    percent: (v) => t('percent_value', { value: number(v) }),
    target: (v) => f.upToTwo.format(v),
    level,
    p,
    metric: t(`rec.metric.${context.family}`),
    estimate: (data) => t('rec.estimate', { value: value(data.value ?? data.percent), level, low: number(data.low), high: number(data.high) }),
  };
}

const oneDecimal = (value) => ({ value: Math.abs(value), decimals: 1 });

// One function per id: the template's values from `data`, in the page's formatting.
const templates = {
  'sample.empty': (t) => t('rec.sample.empty'),

  'sample.below_minimum': (t, x, d) =>
    t('rec.sample.below_minimum', { n: x.whole(d.n), min: x.whole(d.min_responses), more: x.whole(d.more_needed) }, d.n),

  'sample.margin_too_wide': (t, x, d, context) => {
    const text = t(
      'rec.sample.margin_too_wide',
      { margin: x.number(d.margin), wanted: x.target(d.wanted_margin), more: x.whole(d.more_needed), total: x.whole(d.responses_needed) },
      d.more_needed,
    );
    if (d.more_invitations === undefined || context.responseRate === null) return text;
    const invitations = t(
      'rec.sample.margin_too_wide.invitations',
      { invitations: x.whole(d.more_invitations), rate: x.target(context.responseRate) },
      d.more_invitations,
    );
    return `${text} ${invitations}`;
  },

  'target.met': (t, x, d) => t('rec.target.met', { metric: x.metric, target: x.target(d.target), estimate: x.estimate(d) }),

  'target.missed': (t, x, d) =>
    t('rec.target.missed', { metric: x.metric, target: x.target(d.target), estimate: x.estimate(d), gap: x.number(d.gap) }, oneDecimal(d.gap)),

  'target.undecided': (t, x, d) => {
    const text = t('rec.target.undecided', { metric: x.metric, target: x.target(d.target), level: x.level, low: x.number(d.low), high: x.number(d.high) });
    const more =
      d.more_needed === null || d.more_needed === undefined
        ? t('rec.target.undecided.on_target')
        : t('rec.target.undecided.more', { more: x.whole(d.more_needed) }, d.more_needed);
    return `${text} ${more}`;
  },

  'change.significant': (t, x, d, context) =>
    t(
      d.difference < 0 ? 'rec.change.significant.drop' : 'rec.change.significant',
      {
        metric: x.metric,
        difference: x.number(Math.abs(d.difference)),
        from: d.from,
        to: d.to,
        before: x.value(d.before),
        after: x.value(d.after),
        level: x.level,
        holm: context.periods > 2 ? t('rec.holm') : '',
      },
      oneDecimal(d.difference),
    ),

  'change.within_noise': (t, x, d, context) => {
    const adjusted = context.periods > 2;
    return t(
      'rec.change.within_noise',
      {
        difference: signed(x.number, d.difference),
        from: d.from,
        to: d.to,
        before: x.value(d.before),
        after: x.value(d.after),
        p: adjusted ? t('rec.p_adjusted', { p: x.p(d.p_adjusted) }) : x.p(d.p_value),
      },
      oneDecimal(d.difference),
    );
  },

  'trend.drop': (t, x, d) =>
    t(
      'rec.trend.drop',
      {
        metric: x.metric,
        difference: x.number(Math.abs(d.difference)),
        period: d.period,
        previous: d.previous,
        value: x.value(d.value),
        previous_value: x.value(d.previous_value),
      },
      oneDecimal(d.difference),
    ),

  'segment.negatives_concentrated': (t, x, d, context) =>
    t('rec.segment.negatives_concentrated', {
      segment: d.segment,
      negatives: t(`rec.negatives.${context.family}`),
      share_of_negatives: x.percent(d.share_of_negatives),
      share_of_responses: x.percent(d.share_of_responses),
      negative_rate: x.percent(d.negative_rate),
      rest_negative_rate: x.percent(d.rest_negative_rate),
    }),

  'benchmark.comparison': (t, x, d) =>
    t('rec.benchmark.comparison', {
      estimate: x.estimate(d),
      industry: industryName(t, { id: d.benchmark, industry: d.industry }),
      acsi: x.target(d.acsi),
      year: d.year,
      source: d.source,
    }),

  'benchmark.not_comparable': (t, x, d, context) => {
    const entry = context.benchmark?.id === d.benchmark ? context.benchmark : null;
    return t('rec.benchmark.not_comparable', {
      industry: entry ? industryName(t, entry) : d.benchmark,
      acsi: entry ? x.target(entry.score) : '—',
      metric: x.metric,
    });
  },

  'data.unusable_rows': (t, x, d, context) => {
    if (d.rows === undefined) {
      return t('rec.data.unusable_rows.values', { invalid: x.whole(d.invalid), scale: context.scale }, d.invalid);
    }
    const lines = d.first_lines ?? [];
    return t(
      'rec.data.unusable_rows',
      {
        bad_rows: x.whole(d.bad_rows),
        rows: x.whole(d.rows),
        share: x.percent(d.rows ? (100 * d.bad_rows) / d.rows : 100),
        lines: lines.length ? t('rec.data.unusable_rows.lines', { lines: lines.map(x.whole).join(', ') }, lines.length) : '',
      },
      d.rows,
    );
  },
};

/** The ids this module words (tests check every locale has their templates). */
export const RECOMMENDATION_IDS = Object.keys(templates);

function signed(format, value) {
  const text = format(Math.abs(value));
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

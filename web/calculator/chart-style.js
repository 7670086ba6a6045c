// What the page tells the core's charts besides their data: its number format and every word of
// the charts in its language, with the scale's point meanings. One place for the calculator and
// the collector's dashboard, which draws the same charts.
import { uid } from './dom.js';
import { pointMeaning } from './input-view.js';

/**
 * The chart requests' style for chartsOf (compute.js): `base` for every chart, then per kind.
 * @param {Function} t from locales/index.js @param {object} [scaleInfo] the scale as scales({locale}) gives it
 * @param {string} idPrefix unique ids for each chart's <title>/<desc> start with it
 */
export function chartStyle(t, scaleInfo, idPrefix) {
  const parts = new Intl.NumberFormat(t.locale).formatToParts(12345.6);
  const decimal = parts.find((part) => part.type === 'decimal')?.value === ',' ? ',' : '.';
  const group = parts.find((part) => part.type === 'group')?.value ?? '';
  const id = uid(idPrefix);
  return {
    base: {
      decimal_separator: decimal,
      group_separator: group,
      labels: {
        significant: t('significant'),
        within_noise: t('within_noise'),
        interval: t('interval_word'),
        overall: t('chart_overall'),
        responses: t('chart_responses'),
        points: t('chart_points'),
        no_value: t('chart_no_value'),
      },
    },
    distribution: { id: `${id}-d`, labels: { title: t('distribution'), x_axis: t('point'), y_axis: t('count') }, descriptions: pointDescriptions(scaleInfo) },
    trend: { id: `${id}-t`, labels: { title: t('trend'), x_axis: t('period'), y_axis: t('value') } },
    segments: { id: `${id}-s`, labels: { title: t('segments'), x_axis: t('segment'), y_axis: t('value') } },
  };
}

/**
 * What each point means, in the page's language, for the distribution chart: its hidden
 * <title>/<desc> on every scale, and the words under the bars where the core shows words
 * (3-point scales: faces, Yes/No); elsewhere the bars keep their numbers.
 */
function pointDescriptions(scaleInfo) {
  const descriptions = {};
  for (const point of scaleInfo?.points ?? []) {
    const meaning = pointMeaning(scaleInfo, point);
    if (meaning !== null) descriptions[point.value] = meaning;
  }
  return descriptions;
}

// Compile-only check of web/core.d.ts (`tsc --noEmit` in scripts/test.sh): the typed API is
// usable as documented, and mistakes a user could make are type errors.
import {
  CsatkitError,
  benchmarks,
  chart,
  compare,
  init,
  plan,
  recommend,
  revenue,
  scales,
  score,
  scoreCsv,
  summary,
  type ChartResult,
  type CsvReport,
  type Recommendation,
  type ScaleId,
  type RecommendationId,
  type ScoreReport,
  type SummaryReport,
} from '../../web/core.js';

export async function usage(file: File, stream: ReadableStream<Uint8Array>): Promise<void> {
  await init({ locateFile: (name, prefix) => prefix + name });
  const report: ScoreReport = await score({ scale: 'csat5', counts: { 1: 100, 5: 300 } });
  const percent: number | null | undefined = report.csat?.percent;
  await score({ values: [5, 4, 'Very satisfied'] });
  // Each family's metric is always in a report on its scale (csat5 when none is given) …
  const top: number | null = (await score({ counts: [1, 2, 3, 4, 5] })).csat.percent;
  const nps: number | null = (await score({ scale: 'nps', counts: { 0: 1, 10: 3 } })).nps.score;
  const agree: number | null = (await score({ scale: 'ces7', counts: [1, 2, 3, 4, 5, 6, 7] })).ces.agree.percent;
  const yes: number | null = (await score({ scale: 'helpful', values: ['Yes', 'No'] })).helpful.percent;
  void [top, nps, agree, yes];
  // … but not when the scale is only known at run time.
  const scaleFromForm = 'csat7' as ScaleId;
  // @ts-expect-error: csat is absent from an NPS, CES or helpful report
  void (await score({ scale: scaleFromForm, counts: [1] })).csat.percent;
  // @ts-expect-error: a CSAT report has no nps
  void (await score({ scale: 'csat7', counts: [1] })).nps.score;
  await score({ text: '5\n4 3' });
  const { test } = await compare({ a: { counts: [1, 2, 3, 4, 5] }, b: { counts: [5, 4, 3, 2, 1] } });
  const significant: boolean = test.significant;
  const money = await revenue({ counts: { 1: 10 }, spend: 500, improve_points: 5 });
  const saved: number | null | undefined = money.saved?.value;
  const needed: number = (await plan({ margin: 3, expected: 80 })).responses;
  const labels: string[] = (await scales()).flatMap((scale) => scale.points.map((point) => point.label));
  const dutch: string | undefined = (await scales({ locale: 'nl' }))[0]?.low_anchor;
  void dutch;
  // @ts-expect-error: the locale is a language tag, not a number
  await scales({ locale: 7 });
  const caveat: string = (await benchmarks()).caveat;
  const caveatId: 'acsi.index_not_top_box' = (await benchmarks()).caveat_id;
  const controller = new AbortController();
  const csv: CsvReport = await scoreCsv(file, { column: 'rating', by: 'week', date_column: 'date' }, {
    signal: controller.signal,
    onProgress: ({ bytes, rows, totalBytes }) => void [bytes, rows, totalBytes],
  });
  await scoreCsv(stream);
  try {
    await score({ counts: { 1: -1 } });
  } catch (error) {
    if (error instanceof CsatkitError) void [error.code, error.path, error.message];
  }
  void [percent, significant, saved, needed, labels, caveat, caveatId, csv.bad_rows];

  // @ts-expect-error: an unknown scale id
  await score({ scale: 'csat11', counts: {} });
  // @ts-expect-error: counts and values together
  await score({ counts: {}, values: [] });
  // @ts-expect-error: spend is required for revenue
  await revenue({ counts: {} });
  // @ts-expect-error: a number is no CSV source
  await scoreCsv(42);
}

export async function calculator(file: File): Promise<void> {
  const report = await score({ scale: 'csat5', counts: [100, 100, 200, 300, 300] });
  const csv = await scoreCsv(file, { date_column: 'date', by: 'week', segment: 'segment' });
  const bars: ChartResult = await chart({ kind: 'distribution', report, labels: { title: 'Verdeling' }, decimal_separator: ',' });
  const svg: string = bars.svg;
  await chart({ kind: 'distribution', counts: { 1: 3, 5: 9 }, scale: 'csat5', names: { '5': 'Zeer tevreden' } });
  await chart({ kind: 'distribution', counts: { 0: 3, 10: 9 }, scale: 'nps', descriptions: { '0': 'Zeer onwaarschijnlijk' } });
  await chart({ kind: 'trend', report: csv, metric: 'mean', id: 'trend-1' });
  await chart({ kind: 'trend', groups: csv.periods ?? csv.groups ?? [] });
  await chart({ kind: 'segments', report: csv, labels: { overall: 'Alle' } });
  await chart({ kind: 'segments', groups: csv.groups ?? [], overall: report });
  const { recommendations } = await recommend({ report: csv, benchmark: 'banks', target: 80, margin: 3, response_rate: 0.2 });
  const first: Recommendation | undefined = recommendations[0];
  const id: RecommendationId | undefined = first?.id;
  const severity: 'critical' | 'warning' | 'info' | undefined = first?.severity;
  const words: SummaryReport = await summary({ report });
  const text: string = words.text;
  await summary({ counts: [1, 2, 3, 4, 5], metric: 'mean', decimals: 2 });
  const planned = await plan({ margin: 3, population: 5000, response_rate: 0.1, collected: 200 });
  const more: number | undefined = planned.more;
  const warning: string | undefined = planned.warnings[0]?.message;
  void [svg, id, severity, text, more, warning];

  // @ts-expect-error: an unknown chart kind
  await chart({ kind: 'pie', report });
  // @ts-expect-error: a distribution needs a report or counts
  await chart({ kind: 'distribution' });
  // @ts-expect-error: a trend takes a report or groups, not both
  await chart({ kind: 'trend', report: csv, groups: [] });
  // @ts-expect-error: an unknown label
  await chart({ kind: 'distribution', report, labels: { titel: 'x' } });
  // @ts-expect-error: recommend needs a report
  await recommend({ target: 80 });
  // @ts-expect-error: no such recommendation id
  const wrong: RecommendationId = 'sample.tiny';
  void wrong;
}

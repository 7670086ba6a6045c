// Compile-only check of web/core.d.ts (`tsc --noEmit` in scripts/test.sh): the typed API is
// usable as documented, and mistakes a user could make are type errors.
import {
  CsatkitError,
  benchmarks,
  compare,
  init,
  plan,
  revenue,
  scales,
  score,
  scoreCsv,
  type CsvReport,
  type ScoreReport,
} from '../../web/core.js';

export async function usage(file: File, stream: ReadableStream<Uint8Array>): Promise<void> {
  await init({ locateFile: (name, prefix) => prefix + name });
  const report: ScoreReport = await score({ scale: 'csat5', counts: { 1: 100, 5: 300 } });
  const percent: number | null | undefined = report.csat?.percent;
  await score({ values: [5, 4, 'Very satisfied'] });
  await score({ text: '5\n4 3' });
  const { test } = await compare({ a: { counts: [1, 2, 3, 4, 5] }, b: { counts: [5, 4, 3, 2, 1] } });
  const significant: boolean = test.significant;
  const money = await revenue({ counts: { 1: 10 }, spend: 500, improve_points: 5 });
  const saved: number | null | undefined = money.saved?.value;
  const needed: number = (await plan({ margin: 3, expected: 80 })).responses;
  const labels: string[] = (await scales()).flatMap((scale) => scale.points.map((point) => point.label));
  const caveat: string = (await benchmarks()).caveat;
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
  void [percent, significant, saved, needed, labels, caveat, csv.bad_rows];

  // @ts-expect-error: an unknown scale id
  await score({ scale: 'csat11', counts: {} });
  // @ts-expect-error: counts and values together
  await score({ counts: {}, values: [] });
  // @ts-expect-error: spend is required for revenue
  await revenue({ counts: {} });
  // @ts-expect-error: a number is no CSV source
  await scoreCsv(42);
}

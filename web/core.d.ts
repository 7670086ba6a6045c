// Types of web/core.js: the JSON API of csatkit's C++ core (src/core/json_api.hpp) as JS values.

/** The built-in rating scales. */
export type ScaleId = 'emoji3' | 'csat5' | 'csat7' | 'csat10' | 'nps' | 'ces7' | 'helpful';
export type ScaleFamily = 'csat' | 'nps' | 'ces' | 'helpful';
export type BucketName = 'negative' | 'neutral' | 'positive';

/** Count per scale point: {"1": 10, "5": 20}, or one count per point, lowest first. */
export type Counts = Record<string, number> | number[];

/**
 * Exactly one of counts, values or text. Values and pasted text may be numbers or the points'
 * labels in English or any built-in locale, in any case ("Very satisfied", "zeer tevreden");
 * what names no point (or would mean different points in two locales) counts as invalid.
 */
export type Respondents =
  | { counts: Counts; values?: never; text?: never }
  | { values: Array<number | string>; counts?: never; text?: never }
  | { text: string; counts?: never; values?: never };

export interface ScoreOptions {
  /** Defaults to "csat5". */
  scale?: ScaleId;
  /** Confidence level of every interval, 0.5–0.9999; defaults to 0.95. */
  confidence?: number;
  /** First point counted as satisfied (CSAT and CES scales only). */
  satisfied_from?: number;
}

export type ScoreRequest = ScoreOptions & Respondents;

/** A percentage (0–100) with its interval; null where it cannot be computed. */
export interface PercentEstimate {
  percent: number | null;
  low: number | null;
  high: number | null;
}

export interface Estimate {
  value: number | null;
  low: number | null;
  high: number | null;
}

export interface ScoreReport {
  scale: ScaleId;
  family: ScaleFamily;
  confidence: number;
  satisfied_from: number;
  /** Valid responses. */
  n: number;
  /** Values that were not on the scale (counted, never scored). */
  invalid: number;
  /** Up to 20 of the invalid values, as given. */
  invalid_values?: string[];
  distribution: Record<string, number>;
  buckets: Record<BucketName, number>;
  mean: Estimate;
  /** CSAT scales: share of satisfied answers (top box). */
  csat?: PercentEstimate;
  /** NPS scale. */
  nps?: { score: number | null; low: number | null; high: number | null };
  promoters?: number;
  passives?: number;
  detractors?: number;
  /** CES scales: share who agree. */
  ces?: { agree: PercentEstimate };
  /** "helpful": share of yes. */
  helpful?: PercentEstimate;
}

/** The scales of the CSAT family. */
export type CsatScaleId = 'emoji3' | 'csat5' | 'csat7' | 'csat10';
/** score() on a CSAT scale (csat5 when none is given): the report always has `csat`. */
export type CsatScoreReport = ScoreReport & { family: 'csat'; csat: PercentEstimate };
/** score() on the NPS scale: the report always has `nps` and the three counts. */
export type NpsScoreReport = ScoreReport &
  Required<Pick<ScoreReport, 'nps' | 'promoters' | 'passives' | 'detractors'>> & { family: 'nps' };
/** score() on the CES scale: the report always has `ces`. */
export type CesScoreReport = ScoreReport & Required<Pick<ScoreReport, 'ces'>> & { family: 'ces' };
/** score() on the "helpful" scale: the report always has `helpful`. */
export type HelpfulScoreReport = ScoreReport & Required<Pick<ScoreReport, 'helpful'>> & { family: 'helpful' };

export interface ComparisonTest {
  /** b − a, in points. */
  difference: number | null;
  z: number | null;
  p_value: number | null;
  p_adjusted: number | null;
  significant: boolean;
  verdict: string;
}

export interface CompareRequest extends ScoreOptions {
  a: Respondents;
  b: Respondents;
}

export interface CompareReport {
  metric: 'percent_positive' | 'nps';
  a: ScoreReport;
  b: ScoreReport;
  test: ComparisonTest;
}

export type RevenueRequest = Respondents & {
  scale?: ScaleId;
  /** Average revenue per customer, in the user's currency. */
  spend: number;
  /** Churn probability (0–1) per scale point; defaults to the GetFeedback method's. */
  churn?: Record<string, number>;
  /** Size of the customer base; the respondents are projected onto it. */
  customers?: number;
  /** A new distribution of the respondents … */
  improve_to?: Counts;
  /** … or +K points of CSAT %. */
  improve_points?: number;
  confidence?: number;
};

export interface RevenueReport {
  at_risk: Estimate;
  churned_customers: number | null;
  scale_factor: number | null;
  churn: Record<string, number>;
  churn_source: string;
  after?: { at_risk: Estimate };
  saved?: Estimate;
}

export interface PlanRequest {
  /** Desired margin of error in percentage points (3 = ±3). */
  margin?: number;
  /** Or: the responses you have, to get the margin they give. */
  responses?: number;
  /** Expected CSAT % (50 is the safe worst case). */
  expected?: number;
  confidence?: number;
  population?: number;
  /** 0 < rate ≤ 1: adds `invitations` (also when `responses` is given). */
  response_rate?: number;
  /** Responses you already have: adds `more` (and `more_invitations` with a response rate). */
  collected?: number;
}

export interface PlanReport {
  responses: number;
  invitations?: number;
  /** With `collected`: responses still to collect (0 when enough). */
  more?: number;
  more_invitations?: number;
  collected?: number;
  /** Notes that are not errors, e.g. more invitations than the population holds. Always present. */
  warnings: PlanWarning[];
  margin: number | null;
  expected: number;
  confidence: number;
  population?: number;
  response_rate?: number;
}

export interface ScalePoint {
  value: number;
  label: string;
  bucket: BucketName;
}

export interface ScalesRequest {
  /** A language tag ("nl", "pt-BR"); English when absent or not one csatkit translates. */
  locale?: string | null;
}

export interface ScaleInfo {
  id: ScaleId;
  family: ScaleFamily;
  min: number;
  max: number;
  satisfied_from: number;
  neutral_from: number;
  points: ScalePoint[];
  low_anchor?: string;
  high_anchor?: string;
}

export interface Benchmark {
  /** Stable key ("banks"): pages translate the industry's name by it. */
  id: string;
  /** ACSI's own English name of the industry ("Banks"): the source's name, to show beside a translation. */
  industry: string;
  /** ACSI index (0–100): not a top-2-box percentage. */
  score: number;
  year: number;
  source: string;
  url: string;
}

export interface BenchmarkTable {
  /** In English; pages show it in their language by `caveat_id`. */
  caveat: string;
  /** "acsi.index_not_top_box": the caveat's stable id (the English text may be reworded, the id stays). */
  caveat_id: 'acsi.index_not_top_box';
  benchmarks: Benchmark[];
}

export interface CsvOptions extends ScoreOptions {
  /** Rating column name; by default the one column that looks like a rating. */
  column?: string;
  date_column?: string;
  by?: 'day' | 'week' | 'month';
  segment?: string;
  delimiter?: ',' | ';' | '|' | 'tab';
  max_bad_rows?: number;
}

export interface CsvGroupReport extends ScoreReport {
  period?: string;
  segment?: string;
  test: (ComparisonTest & { against: string }) | null;
  groups?: CsvGroupReport[];
}

export interface CsvReport extends ScoreReport {
  rows: number;
  bad_rows: number;
  first_bad_rows: Array<{ line: number; reason: string }>;
  /** Per period (with `by`), or per segment (with `segment`; then each holds its own period `groups`). */
  groups?: CsvGroupReport[];
  /** With both `by` and `segment`: the overall trend, all segments together. */
  periods?: CsvGroupReport[];
}

/** The metric a chart or summary reads from a report; by default the one the scale's family calls for. */
export type ReportMetric = 'csat' | 'nps' | 'ces' | 'helpful' | 'mean';

/**
 * Words the page may translate. Every key is optional; English is used for what is left out.
 * The core escapes them (they are text, never markup).
 */
export interface ChartLabels {
  /**
   * The chart's <title> (its accessible name) and the start of its <desc>. Default:
   * "Distribution of ratings", "CSAT % by period", "CSAT % by segment" (the metric's name:
   * "NPS", "CES % agree", "% helpful", "Mean rating").
   */
  title?: string;
  /**
   * Axis titles. Defaults: distribution x "Rating", y "Responses"; trend x "Period", y the
   * metric; segments x (the value axis) the metric, y (the heading of the names) "Segment".
   */
  x_axis?: string;
  y_axis?: string;
  /** The overall line of a segments chart. Default "Overall". */
  overall?: string;
  /** Said of a change or difference that is significant after Holm's correction. Default "significant". */
  significant?: string;
  /** Said of one that is not. Default "within noise". */
  within_noise?: string;
  /** Default "responses". */
  responses?: string;
  /** Default "interval"; the description says "95% interval 56.9–63.0". */
  interval?: string;
  /** The unit of a difference: "+3.1 points". Default "points". */
  points?: string;
  /** A value that cannot be computed (a period or point with no responses). Default "n/a". */
  no_value?: string;
}

/** What every chart request may carry besides its data. */
export interface ChartStyle {
  labels?: ChartLabels;
  /**
   * Display names by key: a scale point ("1"), a period ("2024-W10") or a segment ("web") →
   * the short text shown on the axis (and in the description when `descriptions` has no entry
   * for the key). A point's name replaces the number under its bar: give names for points only
   * where a word fits (emoji faces, Yes/No). Keys left out are shown as they are (points as
   * their number, or on 3-point scales their English label; periods as ISO keys).
   */
  names?: Record<string, string>;
  /**
   * What a key means, for the chart's <desc> and the bars' and points' <title>s:
   * `{"4": "Tevreden"}` gives "4 (Tevreden): 300 responses, 30.0%". Falls back on `names`, then
   * (for a point) on the scale's English meaning ("Satisfied"; the anchor at the ends of NPS and
   * CSAT 1–10). A meaning equal to the key (NPS "9") is not repeated: "9: …", never "9 (9): …".
   */
  descriptions?: Record<string, string>;
  /** Decimal separator of every number in the chart (never the C locale's): "." by default. */
  decimal_separator?: '.' | ',';
  /** Thousands separator: "," by default, "." when the decimal separator is ","; "" for none, or e.g. "\u202f". */
  group_separator?: string;
  /**
   * Prefix of the ids inside the SVG (<title>/<desc> for aria-labelledby): letters, digits, "-"
   * or "_", up to 64. Default: "csatkit-chart-" + a hash of the request, so two different charts
   * on one page never share ids.
   */
  id?: string;
}

/**
 * Bars per scale point from counts (or a score report's `distribution`), classed by bucket
 * (`csatkit-chart-negative` / `-neutral` / `-positive`), each labelled with its count and %.
 * Give `report` (what score() returned), or `counts` with `scale` (and `satisfied_from`).
 */
export type DistributionChartRequest = ChartStyle & { kind: 'distribution' } & (
    | { report: Pick<ScoreReport, 'scale' | 'distribution'> & Partial<Pick<ScoreReport, 'satisfied_from'>>; counts?: never }
    | { counts: Counts; scale?: ScaleId; satisfied_from?: number; report?: never }
  );

/**
 * One point per period with its interval (error bars up to 31 periods, a band beyond; a period
 * with no valid answer is a gap), at most 8 period labels on the axis,
 * and markers on the periods whose change against the previous one is significant after Holm.
 * Give `report` (what scoreCsv() returned with `by`: its `periods` when it also has segments,
 * else its `groups`) or the period `groups` themselves.
 */
export type TrendChartRequest = ChartStyle & { kind: 'trend'; metric?: ReportMetric } & (
    | { report: CsvReport; groups?: never }
    | { groups: CsvGroupReport[]; report?: never }
  );

/**
 * One row per segment: the estimate with its interval, a vertical line at the overall value,
 * and the segments that differ significantly from the rest (after Holm) marked. At most 40 rows
 * (beyond, the 40 with most responses; the description ends "(+N)"); names are cut at 24
 * characters on the axis, whole in the row's <title> and the description.
 * Give `report` (what scoreCsv() returned with `segment`; the report itself is the overall), or
 * the segment `groups` with an optional `overall` report.
 */
export type SegmentsChartRequest = ChartStyle & { kind: 'segments'; metric?: ReportMetric } & (
    | { report: CsvReport; groups?: never; overall?: never }
    | { groups: CsvGroupReport[]; overall?: ScoreReport; report?: never }
  );

export type ChartRequest = DistributionChartRequest | TrendChartRequest | SegmentsChartRequest;

/**
 * An SVG rendered by the core: `<svg xmlns viewBox role="img" aria-labelledby>` with a
 * <title> and a <desc> that gives the data in words; no width/height (it scales to its
 * container), no style attributes, no script. Colours are `currentColor` presentation
 * attributes and `csatkit-chart-*` classes, so the page's CSS (light/dark) applies. Every text
 * is escaped. Deterministic: the same request gives the same bytes.
 *
 * Classes to style: the root `csatkit-chart csatkit-chart-{distribution|trend|segments}`;
 * `-grid`, `-ticks`, `-tick`, `-baseline`, `-axis-title`, `-legend`; bars `-bar` with
 * `-negative`/`-neutral`/`-positive`, their `-value` (count) and `-percent`; `-line`, `-band`,
 * `-interval`, `-point`; `-marker` with `-rise`/`-drop`, and `-significant` on markers, points
 * and rows; segments `-row`, `-stripe`, `-label`, `-count`, `-heading`, `-overall`,
 * `-overall-label` (all prefixed `csatkit-chart`).
 */
export interface ChartResult {
  svg: string;
  /** The <title> text. */
  title: string;
  /** The <desc> text: every number of the chart in words (useful as a caption or a table summary). */
  description: string;
  /** The viewBox size (the aspect ratio). */
  width: number;
  height: number;
}

export type RecommendationSeverity = 'critical' | 'warning' | 'info';

/** The rule that produced a recommendation: stable, for translation and for tests. */
export type RecommendationId =
  /** n = 0: nothing to score. data: {n} */
  | 'sample.empty'
  /** n below `min_responses` (30 by default): any figure is unreliable. data: {n, min_responses, more_needed} */
  | 'sample.below_minimum'
  /**
   * The interval's half-width exceeds the margin wanted. Responses needed from the sample-size
   * formula at the share in the interval nearest 50% (NPS: n × (half-width / margin)²).
   * data: {n, margin, wanted_margin, responses_needed, more_needed, more_invitations?}
   */
  | 'sample.margin_too_wide'
  /** Some ratings could not be used. data: {invalid, n} (score report) or {bad_rows, rows, first_lines} (CSV report) */
  | 'data.unusable_rows'
  /** `comparison` (else the latest period against the one before): the change is significant; a warning for a drop, info for a rise. data: {from, to, before, after, difference, p_value, p_adjusted, significant} */
  | 'change.significant'
  /** … or within noise. data: as change.significant */
  | 'change.within_noise'
  /** An earlier period's drop against the one before is significant after Holm (the latest change is change.*; at most 5, latest first). data: {period, previous, difference, value, previous_value, p_adjusted} */
  | 'trend.drop'
  /** A segment holds at least 1.25× more of the negative answers (NPS: detractors) than of all answers, and its negative rate is significantly above the rest's (Holm). data: {segment, negatives, responses, share_of_negatives, share_of_responses, negative_rate, rest_negative_rate, p_adjusted} */
  | 'segment.negatives_concentrated'
  /** The score against the chosen ACSI industry figure (with the caveat). data: {benchmark, industry, acsi, year, source, percent, low, high, difference} */
  | 'benchmark.comparison'
  /** The ACSI is a satisfaction index: no comparison with NPS/CES/helpful. data: {benchmark, family} */
  | 'benchmark.not_comparable'
  /** The whole interval is at or above the target. data: {target, value, low, high} */
  | 'target.met'
  /** The whole interval is below the target. data: {target, value, low, high, gap} */
  | 'target.missed'
  /** The interval contains the target: too wide to decide. data: {target, value, low, high, responses_needed, more_needed} */
  | 'target.undecided';

/** One recommendation that follows from the data. `message` is English; translate by `id` + `data`. */
export interface Recommendation {
  id: RecommendationId;
  severity: RecommendationSeverity;
  message: string;
  data: Record<string, number | string | boolean | null | number[]>;
}

export interface RecommendRequest {
  /** What score() or scoreCsv() returned (groups with periods and/or segments are used when present). */
  report: ScoreReport | CsvReport;
  /** What compare() returned, for a before/after. */
  comparison?: CompareReport;
  /** Margin of error wanted for a decision, in points (half-width of the interval); default 5. */
  margin?: number;
  /** Below this many responses the data is called unreliable; default 30. */
  min_responses?: number;
  /** An ACSI industry id from benchmarks(). */
  benchmark?: string;
  /** Target of the report's metric (CSAT %, NPS, …). */
  target?: number;
  /** To turn responses needed into invitations, 0 < rate ≤ 1. */
  response_rate?: number;
}

export interface RecommendReport {
  /** Most severe first (critical, warning, info), then in the order the rules are listed above. */
  recommendations: Recommendation[];
}

/** "60% ± 3.0 points, 56.9–63.0" as values, so the page prints it without computing. */
export interface SummaryRequest {
  /** A report from score(), compare() (a or b), or a CSV group; or give respondents with a scale. */
  report?: ScoreReport | CsvGroupReport;
  scale?: ScaleId;
  counts?: Counts;
  values?: Array<number | string>;
  text?: string;
  confidence?: number;
  satisfied_from?: number;
  metric?: ReportMetric;
  /** Decimals of margin, low and high (and at most of the value), 0–4; default 1 (2 for the mean). */
  decimals?: number;
  /** Of `text` only (the numbers are numbers): "." by default. */
  decimal_separator?: '.' | ',';
}

export interface SummaryReport {
  metric: ReportMetric;
  /** The estimate, rounded to `decimals`: CSAT 60, NPS 30, mean 3.6. */
  value: number | null;
  /**
   * Half the interval's width, (high − low) / 2, rounded. Wilson intervals are asymmetric, so
   * "± margin" is the half-width and low/high are the exact bounds (600/1000: 56.93–62.99 →
   * ± 3.0, although 60 − 56.93 = 3.07).
   */
  margin: number | null;
  low: number | null;
  high: number | null;
  n: number;
  confidence: number;
  /** "%" for CSAT, CES agree and helpful; "" for NPS and the mean. */
  unit: '%' | '';
  /** English: "60% ± 3.0 points, 56.9–63.0" (NPS: "30 ± 7.6 points, 22.2–37.4"; mean: "3.60 ± 0.08, 3.52–3.68"). */
  text: string;
}

/** A note on a plan that is not an error. */
export interface PlanWarning {
  /** "plan.invitations_exceed_population": more invitations than the population holds (data: {invitations, population, responses, response_rate}). */
  id: 'plan.invitations_exceed_population';
  message: string;
  data: Record<string, number>;
}

export interface CsvProgress {
  bytes: number;
  rows: number;
  /** Known for Blob, File, Uint8Array, ArrayBuffer; undefined for streams and strings. */
  totalBytes: number | undefined;
}

export type CsvSource =
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>
  | Uint8Array
  | ArrayBuffer
  | string;

export interface CsvRunOptions {
  onProgress?: (progress: CsvProgress) => void;
  signal?: AbortSignal;
  /** Bytes handed to the core at a time; 64 KiB by default. */
  chunkBytes?: number;
}

export interface InitOptions {
  /** The .wasm bytes, when you load them yourself (Node reads them from dist/ by default). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where csatkit-core.wasm lives, when not next to dist/csatkit-core.js. */
  locateFile?: (file: string, prefix: string) => string;
}

/** The one error type of csatkit: the core's {code, path, message}. */
export class CsatkitError extends Error {
  constructor(code: string, path: string, message: string, problems?: CsatkitProblem[]);
  readonly name: 'CsatkitError';
  /** Stable, machine-readable: "request.invalid", "csv.rating_column_missing", … */
  code: string;
  /** Where: a JSON path into the request ("$.counts.3"), "line 12", … */
  path: string;
  /** Every problem when several were found at once (e.g. a survey definition); else empty. */
  problems: CsatkitProblem[];
}

export interface CsatkitProblem {
  path: string;
  message: string;
}

/** The loaded module; opaque. */
export interface CsatkitCore {
  readonly [binding: string]: unknown;
}

/** Loads the wasm module once; later calls return the same promise. */
export function init(options?: InitOptions): Promise<CsatkitCore>;
/** Score one set of answers: CSAT %, mean, NPS/CES/helpful with intervals. */
export function score(request: ScoreRequest & { scale?: CsatScaleId }): Promise<CsatScoreReport>;
export function score(request: ScoreRequest & { scale: 'nps' }): Promise<NpsScoreReport>;
export function score(request: ScoreRequest & { scale: 'ces7' }): Promise<CesScoreReport>;
export function score(request: ScoreRequest & { scale: 'helpful' }): Promise<HelpfulScoreReport>;
export function score(request: ScoreRequest): Promise<ScoreReport>;
/** Did it change? Two sets of answers and the test between them. */
export function compare(request: CompareRequest): Promise<CompareReport>;
/** Revenue at risk from unhappy customers, and what an improvement would save. */
export function revenue(request: RevenueRequest): Promise<RevenueReport>;
/** Responses needed for a margin of error (or the margin that n responses give). */
export function plan(request: PlanRequest): Promise<PlanReport>;
/**
 * The built-in rating scales with their points, labels and buckets. With `{locale}` the point
 * labels and anchors are the built-in translations (en, nl, sv, de, fr, es, pt, it, ar, he; a
 * tag such as "pt-BR" is read as its language; any other locale gives English).
 */
export function scales(request?: ScalesRequest): Promise<ScaleInfo[]>;
/** ACSI industry benchmarks, with the caveat to show next to them. */
export function benchmarks(): Promise<BenchmarkTable>;
/** An SVG chart of a report (distribution, trend or segments), rendered by the core. */
export function chart(request: ChartRequest): Promise<ChartResult>;
/** Recommendations that follow from a report (rule-based; each with a stable id and data). */
export function recommend(request: RecommendRequest): Promise<RecommendReport>;
/** A score "in words": value ± margin, low–high, ready to print. */
export function summary(request: SummaryRequest): Promise<SummaryReport>;
/** Score a CSV export in chunks, without loading it whole. Rejects with the signal's reason on abort. */
export function scoreCsv(source: CsvSource, options?: CsvOptions, run?: CsvRunOptions): Promise<CsvReport>;

// Types of web/core.js: the JSON API of csatkit's C++ core (src/core/json_api.hpp) as JS values.

/** The built-in rating scales. */
export type ScaleId = 'emoji3' | 'csat5' | 'csat7' | 'csat10' | 'nps' | 'ces7' | 'helpful';
export type ScaleFamily = 'csat' | 'nps' | 'ces' | 'helpful';
export type BucketName = 'negative' | 'neutral' | 'positive';

/** Count per scale point: {"1": 10, "5": 20}, or one count per point, lowest first. */
export type Counts = Record<string, number> | number[];

/** Exactly one of counts, values or text. */
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
  response_rate?: number;
}

export interface PlanReport {
  responses: number;
  invitations?: number;
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
  id: string;
  industry: string;
  /** ACSI index (0–100): not a top-2-box percentage. */
  score: number;
  year: number;
  source: string;
  url: string;
}

export interface BenchmarkTable {
  caveat: string;
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
  groups?: CsvGroupReport[];
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
export function score(request: ScoreRequest): Promise<ScoreReport>;
/** Did it change? Two sets of answers and the test between them. */
export function compare(request: CompareRequest): Promise<CompareReport>;
/** Revenue at risk from unhappy customers, and what an improvement would save. */
export function revenue(request: RevenueRequest): Promise<RevenueReport>;
/** Responses needed for a margin of error (or the margin that n responses give). */
export function plan(request: PlanRequest): Promise<PlanReport>;
/** The built-in rating scales with their points, labels and buckets. */
export function scales(): Promise<ScaleInfo[]>;
/** ACSI industry benchmarks, with the caveat to show next to them. */
export function benchmarks(): Promise<BenchmarkTable>;
/** Score a CSV export in chunks, without loading it whole. Rejects with the signal's reason on abort. */
export function scoreCsv(source: CsvSource, options?: CsvOptions, run?: CsvRunOptions): Promise<CsvReport>;

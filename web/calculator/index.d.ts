// Types of web/calculator/index.js: the <csat-calculator> custom element (defined on import).
import type {
  BenchmarkTable,
  CsvReport,
  PlanReport,
  Recommendation,
  RevenueReport,
  ScaleId,
  ScaleInfo,
  ScoreReport,
  SummaryReport,
} from '../core.js';

/** What the calculator's inputs are, as a shared link carries them (url-state.js). */
export interface CalculatorState {
  scale: Exclude<ScaleId, 'helpful'>;
  mode: 'counts' | 'buckets' | 'scores' | 'csv';
  /** Counts per scale point, lowest first (null = empty field). */
  counts: Array<number | null>;
  /** Totals per group: negative, neutral, positive. */
  buckets: Array<number | null>;
  scores: string;
  csv: { column: string; date: string; by: 'day' | 'week' | 'month'; segment: string };
  spend: number | null;
  /** ISO 4217 code. */
  currency: string;
  customers: number | null;
  /** Churn rate (%) per group; null = the core's default. */
  churn: Array<number | null>;
  /** An ACSI industry id from benchmarks(), or "". */
  industry: string;
  target: number | null;
  scenario: 'points' | 'target' | 'counts';
  improve: number;
  improved: Array<number | null>;
  margin: number;
  /** Response rate in %. */
  rate: number | null;
}

/** Everything the calculator shows: the core's reports and the state that produced them. */
export interface CalculatorResults {
  state: CalculatorState;
  scale: ScaleInfo;
  report: ScoreReport | CsvReport;
  headline: { metric: 'csat' | 'nps' | 'ces' | 'helpful'; percent: number | null; low: number | null; high: number | null };
  /** ± of the headline, in points. */
  margin: number | null;
  summary?: SummaryReport;
  revenue: RevenueReport | null;
  plan: (PlanReport & { more: number }) | null;
  benchmark: { caveat: BenchmarkTable['caveat']; entry: BenchmarkTable['benchmarks'][number] | null } | null;
  recommendations?: Recommendation[];
}

/**
 * <csat-calculator lang="nl" industry="banks" scale="csat5" currency="EUR" spend="500" url-state>.
 * Attributes set the starting view; `lang` may change later (the controls are rebuilt in the
 * new language, the inputs kept). `url-state` keeps the view in the page's URL fragment and shows
 * a link that reproduces it.
 */
export class CsatCalculatorElement extends HTMLElement {
  /** Resolves once the element is built and shows its first results. */
  readonly ready: Promise<void>;
  /** The current results, or null before anything was entered. */
  readonly results: CalculatorResults | null;
}

declare global {
  interface HTMLElementTagNameMap {
    'csat-calculator': CsatCalculatorElement;
  }
  interface HTMLElementEventMap {
    /** After every update of the results (also to null). */
    'csat-calculator:results': CustomEvent<{ results: CalculatorResults | null }>;
  }
}

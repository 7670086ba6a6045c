// Types of web/widget/index.js: the survey widget as an ES module (`import { mount } from "csatkit"`).
export { CsatkitError } from '../core.js';

/** A survey definition as a site owner writes it (validated by the core; see survey_definition.hpp). */
export interface SurveyDefinition {
  id: string;
  type: 'csat' | 'nps' | 'ces' | 'helpful';
  [key: string]: unknown;
}

/** The response delivered to the endpoint (and to onResponse), as the core made it. */
export interface SurveyResponse {
  id: string;
  survey_id: string;
  type: string;
  scale: string;
  score: number;
  bucket: 'negative' | 'neutral' | 'positive';
  label: string;
  comment: string | null;
  reasons: string[];
  locale: string;
  complete: boolean;
  created_at: string;
  updated_at: string;
  [key: string]: unknown;
}

export interface ShownDetail {
  surveyId: string;
  trigger: 'manual' | 'event' | 'exit_intent' | 'scroll' | 'time_on_page' | 'delay';
  event: string | null;
}
export interface ResponseDetail {
  surveyId: string;
  response: SurveyResponse;
}
export interface DismissedDetail {
  surveyId: string;
}

export interface MountOptions {
  /** The definition (object or JSON text) … */
  definition?: SurveyDefinition | string;
  /** … or its URL. */
  definitionUrl?: string;
  /** Where responses are POSTed (same origin under a strict CSP). */
  endpoint?: string;
  /** Fixes the language ("nl"); by default the definition's, then the page's and the browser's. */
  locale?: string;
  /** For inline surveys: the element (or selector) to render into; default the definition's selector. */
  target?: Element | string;
  touchpoint?: string;
  userId?: string;
  /** Key/values copied into each response. */
  context?: Record<string, unknown>;
  /** Consent for storage: true, false, or null/undefined = unknown. */
  consent?: boolean | null;
  /**
   * Also push csatkit_shown/_response/_dismissed to window.dataLayer; a response is pushed as
   * {id, survey_id, type, scale, score, bucket, complete} only (no comment, reasons, user id or context).
   */
  dataLayer?: boolean;
  onShown?: (detail: ShownDetail) => void;
  onResponse?: (detail: ResponseDetail) => void;
  onDismissed?: (detail: DismissedDetail) => void;
}

export interface SurveyController {
  /** Resolves when the survey is running (or has failed: failures are logged, never thrown). */
  readonly ready: Promise<SurveyController>;
  /** Shows the survey now, subject to its caps, consent and URL rules; given another survey's id, does nothing. */
  show(surveyId?: string): void;
  /** Records a custom event (a trigger when the definition lists it). */
  track(eventName: string): void;
  /** Adds key/values to the responses' context. */
  setContext(data: Record<string, unknown>): void;
  /** Grants or refuses consent for storage. */
  consent(granted: boolean): void;
  /** Removes the prompt and stops listening. */
  destroy(): void;
}

/** Mounts a survey on the page. Never throws: problems are logged once as a CsatkitError. */
export function mount(options: MountOptions): SurveyController;

/** <csat-survey survey="/surveys/kb.json" endpoint="/api/csat" locale touchpoint>: defined on import. */
export class CsatSurveyElement extends HTMLElement {
  show(): void;
}

declare global {
  interface WindowEventMap {
    'csatkit:shown': CustomEvent<ShownDetail>;
    'csatkit:response': CustomEvent<ResponseDetail>;
    'csatkit:dismissed': CustomEvent<DismissedDetail>;
  }
  interface HTMLElementTagNameMap {
    'csat-survey': CsatSurveyElement;
  }
  interface Window {
    /** Defined by the csatkit.js script tag. */
    csatkit?: Pick<SurveyController, 'show' | 'track' | 'setContext' | 'consent'>;
  }
}

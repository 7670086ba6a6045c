// Types of web/widget/index.js: the survey widget as an ES module (`import { mount } from "csatkit"`).
export { CsatkitError } from '../core.js';

import type { SurveyDefinition } from './survey-definition.js';
export type * from './survey-definition.js';

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
  /** The page's address and referrer when the score was given (null when the page had none). */
  url: string | null;
  referrer: string | null;
  touchpoint: string | null;
  user_id: string | null;
  /** setContext()'s and the `context` option's key/values. */
  context: Record<string, unknown>;
  /** The definition's own `metadata`. */
  metadata: Record<string, unknown>;
  /** A "Was this helpful?" survey's article; null for the others. */
  article: { id: string; version: string } | null;
  complete: boolean;
  created_at: string;
  updated_at: string;
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

/** mount()'s options: the definition or its URL, and the rest. */
export type MountOptions = MountSettings &
  (
    | {
        /**
         * The definition, or its JSON text. Held as JSON (an import, a fetch), it has
         * `type: string`: pass it `as SurveyDefinition`; the core validates it whole anyway.
         */
        definition: SurveyDefinition | string;
        definitionUrl?: undefined;
      }
    | {
        /** Where to fetch the definition (JSON). */
        definitionUrl: string;
        definition?: undefined;
      }
  );

/** mount()'s options besides the definition. */
export interface MountSettings {
  /** Where responses are POSTed (same origin under a strict CSP). */
  endpoint?: string;
  /** Fixes the language ("nl"); by default the definition's, then the page's and the browser's. */
  locale?: string;
  /**
   * Where csatkit's files are (csatkit-widget.wasm, csatkit-widget-explain.wasm, locales/,
   * csatkit-widget.css): a copy of the package's web/dist/ folder, as a URL ("/static/csatkit/").
   * For a site that bundles csatkit: esbuild and Rollup do not copy the files that
   * `new URL("…", import.meta.url)` names, and no bundler copies the locale packs, which are
   * named at run time. The first survey mounted decides.
   */
  assets?: string | URL;
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

/** The methods of `window.csatkit` (the controller's, for every survey of the page's script tags). */
export type CsatkitMethod = 'show' | 'track' | 'setContext' | 'consent';
/** `window.csatkit`: what the csatkit.js script tag defines (a page with only the tag: `/// <reference types="csatkit" />`). */
export interface CsatkitGlobal extends Pick<SurveyController, CsatkitMethod> {
  /** The README stub's calls, queued until csatkit.js replays them in order (it then removes the queue). */
  q?: CsatkitQueuedCall[];
}
/** A call queued before csatkit.js runs: its name, then its arguments. */
export type CsatkitQueuedCall = { [Name in CsatkitMethod]: [name: Name, ...args: Parameters<SurveyController[Name]>] }[CsatkitMethod];

/**
 * <csat-survey survey="/surveys/kb.json" endpoint="/api/csat" locale touchpoint assets>: mounts the survey
 * when connected and ends it when removed; a move keeps it running; an attribute changed while
 * connected starts it again with the new values.
 */
export interface CsatSurveyElement extends HTMLElement {
  /** Shows the survey now, subject to its caps, consent and URL rules; nothing while out of the document. */
  show(): void;
  /** Records a custom event (a trigger when the definition lists it); nothing while out of the document. */
  track(eventName: string): void;
  /** Adds key/values to the responses' context, also of a survey the element starts later. */
  setContext(data: Record<string, unknown>): void;
  /** Grants or refuses consent for storage, also for a survey the element starts later. */
  consent(granted: boolean): void;
}
/** The element's class, registered as <csat-survey> on import; undefined where there is no DOM (Node, a Web Worker, SSR). */
export const CsatSurveyElement: (new () => CsatSurveyElement) | undefined;

declare global {
  interface WindowEventMap {
    'csatkit:shown': CustomEvent<ShownDetail>;
    'csatkit:response': CustomEvent<ResponseDetail>;
    'csatkit:dismissed': CustomEvent<DismissedDetail>;
  }
  interface HTMLElementTagNameMap {
    'csat-survey': CsatSurveyElement;
  }
  /**
   * Defined by the csatkit.js script tag; before it runs, by the README's stub, whose queued
   * calls it replays. Undefined on a page with neither: call `window.csatkit?.track(…)` there.
   */
  var csatkit: CsatkitGlobal | undefined;
}

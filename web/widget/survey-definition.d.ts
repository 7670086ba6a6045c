// Types of a survey definition: the JSON a site owner writes, as the core reads it
// (src/core/survey_definition.hpp, and display_rules.hpp for "display"). The core validates it
// whole at run time; these types catch the same mistakes in the editor: an unknown key, a value
// outside its enum, a scale or key that does not belong to the question type. Every key but `id`
// and `type` is optional, and null means "the default" wherever the core reads it so (the
// normalized definition the core writes back type-checks too).
// A definition held as JSON (an import, a fetch) has `type: string`: pass it `as SurveyDefinition`.

/** The languages with built-in texts. */
export type SurveyLanguage = 'en' | 'nl' | 'sv' | 'de' | 'fr' | 'es' | 'pt' | 'it' | 'ar' | 'he';

/** A built-in language, optionally with a region ("pt-BR", "nl_BE"), which is read as the language. */
export type SurveyLocale = SurveyLanguage | `${SurveyLanguage}-${string}` | `${SurveyLanguage}_${string}`;

/** A text: one for every language, or per language tag ({"en": "…", "nl": "…"}); not blank, at most 1000 bytes. */
export type SurveyText = string | { [languageTag: string]: string };

/** The widget's built-in texts, which `texts` may override ("csatkit locales" lists them). */
export type SurveyTextKey =
  | 'question_csat' | 'question_nps' | 'question_ces' | 'question_helpful'
  | 'follow_up_negative' | 'follow_up_neutral' | 'follow_up_positive'
  | 'comment_label' | 'comment_placeholder' | 'characters_left'
  | 'submit' | 'skip' | 'close' | 'next' | 'back'
  | 'thank_you' | 'thank_you_detail' | 'review_prompt' | 'review_link' | 'no_thanks'
  | 'helpful_yes' | 'helpful_no' | 'reasons_title'
  | 'reason_outdated' | 'reason_unclear' | 'reason_not_answered' | 'reason_other'
  | 'nps_low_anchor' | 'nps_high_anchor' | 'csat_low_anchor' | 'csat_high_anchor'
  | 'ces_low_anchor' | 'ces_high_anchor'
  | 'survey_label' | 'scale_group_label' | 'step_progress';

/**
 * One bucket's follow-up: on/off, its question (on), or both. An object with neither "enabled"
 * nor "question" is read as a text per language.
 */
export type SurveyFollowUpQuestion =
  | boolean
  | null
  | string
  | ({ [languageTag: string]: string } & { enabled?: never; question?: never })
  | {
      enabled?: boolean;
      /** null = the built-in question for the bucket. */
      question?: SurveyText | null;
    };

/** The open question after the score, by the score's bucket. */
export interface SurveyFollowUp {
  /** Default on. */
  negative?: SurveyFollowUpQuestion;
  /** Default on. */
  neutral?: SurveyFollowUpQuestion;
  /** Default on; off for "helpful" (a "Yes" goes straight to the thanks). */
  positive?: SurveyFollowUpQuestion;
  /** The comment box's placeholder. */
  placeholder?: SurveyText | null;
  /** Longest comment, 1–5000 characters; default 1000. */
  max_length?: number | null;
}

/** The thank-you step; default on. */
export interface SurveyThanks {
  enabled?: boolean;
  title?: SurveyText | null;
  detail?: SurveyText | null;
}

/** "Leave us a review", on the thank-you step of the positive bucket (promoters). */
export interface SurveyReview {
  /** An https:// address with a host (no javascript:, data: or http:). */
  url: `https://${string}`;
  label?: SurveyText | null;
  prompt?: SurveyText | null;
}

/** Where the prompt appears; default a pop-up at the bottom right. */
export type SurveyPresentation =
  | {
      /** Default "popup". */
      mode?: 'popup' | 'slide-in' | null;
      /** Default "bottom-right". */
      position?: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left' | null;
      selector?: null;
    }
  | {
      mode: 'bar';
      /** Default "bottom". */
      position?: 'bottom' | 'top' | null;
      selector?: null;
    }
  | {
      /** Rendered into the element at `selector` (mount()'s `target` or a <csat-survey> element wins). */
      mode: 'inline';
      /** CSS selector of the element to render into ("#feedback"). */
      selector: string;
      position?: null;
    };

/** Any of these shows the survey (the first to fire); none at all = `delay_ms: 3000`. */
export interface SurveyTriggers {
  /** Milliseconds since the navigation started; waits while the tab is hidden. */
  delay_ms?: number | null;
  /** Visible time on the page, in milliseconds. */
  time_on_page_ms?: number | null;
  /** Scroll depth reached, 1–100 %. */
  scroll_percent?: number | null;
  /** Desktop: the pointer leaves through the top; touch: a fast scroll up, or leaving the tab (shown on coming back). */
  exit_intent?: boolean | null;
  /** Names passed to csatkit.track(name) / controller.track(name). */
  events?: string[] | null;
}

interface SurveyDisplayLimits {
  /** Pages seen in this tab's session (this one included) before any trigger counts; default 1. */
  min_pageviews?: number | null;
  /** URL globs ("/help/**", "https://shop.example/**"); default every URL. */
  include?: string[] | null;
  /** URL globs; exclude wins over include. */
  exclude?: string[] | null;
  /** 0–100, sticky per visitor; default 100. */
  sample_percent?: number | null;
  /** Days after an answer before asking again; default 45, 0 = no wait. */
  recontact_days?: number | null;
  /** Days after a dismissal; default 7, 0 = no wait. */
  dismiss_days?: number | null;
  /** Per visitor and survey, over all time, 1–1000; default 3 (absent), null = no limit. */
  max_displays?: number | null;
  /** Days this survey waits after any survey's prompt; default 1, 0 = no wait. */
  global_cooldown_days?: number | null;
  /** Takes part in the global cooldown; default true (false for an inline "Was this helpful?"). */
  respect_global_cooldown?: boolean | null;
  /** Honour Global Privacy Control and Do Not Track; default true. */
  respect_privacy_signals?: boolean | null;
  /** Shows and stores nothing before consent(true); default false. */
  require_consent?: boolean | null;
}

/** When and to whom the survey shows. */
export type SurveyDisplayRules = SurveyDisplayLimits &
  (
    | {
        /** Default false. */
        manual_only?: false | null;
        triggers?: SurveyTriggers | null;
      }
    | {
        /** Only show() opens it: no trigger may be set. */
        manual_only: true;
        triggers?: {
          delay_ms?: null;
          time_on_page_ms?: null;
          scroll_percent?: null;
          exit_intent?: false | null;
          events?: [] | null;
        } | null;
      }
  );

/** The keys every question type has. */
interface SurveyDefinitionBase {
  /** 1–64 letters, digits, "_" or "-"; required. */
  id: string;
  /** Fixes the prompt's language; null (default) = the page's lang, then the browser's. */
  locale?: SurveyLocale | null;
  /** null (default) = the built-in question for the type. */
  question?: SurveyText | null;
  /** Default every bucket on (helpful: only "No"); false = none. */
  follow_up?: boolean | SurveyFollowUp | null;
  /** Default on. */
  thanks?: boolean | SurveyThanks | null;
  /** Default none. */
  review?: SurveyReview | null;
  presentation?: SurveyPresentation | null;
  display?: SurveyDisplayRules | null;
  /** Copied into each response (at most 50 keys and 4096 bytes as JSON). */
  metadata?: { [key: string]: string } | null;
  /** Overrides of built-in texts by key. */
  texts?: { [key in SurveyTextKey]?: SurveyText | null } | null;
}

/** reasons and article belong to "helpful"; the other types take only their "none". */
interface SurveyWithoutReasons {
  reasons?: false | [] | null;
  article?: null;
}

/** "How satisfied are you…?" */
export interface CsatSurveyDefinition extends SurveyDefinitionBase, SurveyWithoutReasons {
  type: 'csat';
  /** Default "csat5". */
  scale?: 'csat5' | 'emoji3' | 'csat7' | 'csat10' | null;
}

/** "How likely are you to recommend us…?" (0–10). */
export interface NpsSurveyDefinition extends SurveyDefinitionBase, SurveyWithoutReasons {
  type: 'nps';
  scale?: 'nps' | null;
}

/** "It was easy to get what I needed." (1–7 agree). */
export interface CesSurveyDefinition extends SurveyDefinitionBase, SurveyWithoutReasons {
  type: 'ces';
  scale?: 'ces7' | null;
}

/** A chip offered after "No": a built-in id, or an id with its label. */
export type SurveyReason =
  | 'outdated'
  | 'unclear'
  | 'didnt_answer'
  | 'other'
  | { id: 'outdated' | 'unclear' | 'didnt_answer' | 'other'; label?: SurveyText | null }
  | { id: string; label: SurveyText };

/** "Was this article helpful?" Yes/No. */
export interface HelpfulSurveyDefinition extends SurveyDefinitionBase {
  type: 'helpful';
  scale?: 'helpful' | null;
  /** Chips after "No", at most 12; default outdated, unclear, didnt_answer; [] or false = none. */
  reasons?: SurveyReason[] | false | null;
  /** Copied into each response (each at most 200 bytes). */
  article?: { id: string; version?: string | null } | null;
}

/** A survey definition, by question type (`type`). */
export type SurveyDefinition =
  | CsatSurveyDefinition
  | NpsSurveyDefinition
  | CesSurveyDefinition
  | HelpfulSurveyDefinition;

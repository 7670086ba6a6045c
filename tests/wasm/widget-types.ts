// Compile-only check of web/widget/index.d.ts, web/widget/survey-definition.d.ts and
// web/index.d.ts (`tsc --noEmit` in scripts/test.sh): the typed API is usable as documented,
// and mistakes a user could make are type errors.
import { mount, score, type MountOptions, type SurveyDefinition, type SurveyResponse } from '../../web/index.js';
import frameworkJson from '../../examples/surveys/framework.json' with { type: 'json' };
import kbArticleJson from '../../examples/surveys/kb-article.json' with { type: 'json' };
import postChatJson from '../../examples/surveys/post-chat.json' with { type: 'json' };
import referenceJson from '../../examples/surveys/reference.json' with { type: 'json' };

export async function usage(): Promise<void> {
  const options: MountOptions = {
    definition: { id: 'post-chat', type: 'csat' },
    endpoint: '/api/csat',
    onResponse: ({ response }) => {
      const value: number = response.score;
      const complete: boolean = response.complete;
      void value;
      void complete;
    },
  };
  const survey = mount(options);
  await survey.ready;
  survey.track('chat_closed');
  survey.show('post-chat');
  survey.setContext({ plan: 'pro' });
  survey.consent(true);
  addEventListener('csatkit:response', (event) => {
    const response: SurveyResponse = event.detail.response;
    // Every field the core writes is typed (not left to an index signature).
    const page: string | null = response.url;
    const article: string | undefined = response.article?.version;
    const plan: unknown = response.context.plan;
    void page;
    void article;
    void plan;
    // @ts-expect-error: the response has no such field
    void response.not_a_field;
  });
  const element = document.createElement('csat-survey');
  element.show();
  element.track('chat_closed');
  element.setContext({ plan: 'pro' });
  element.consent(true);
  await score({ counts: [1, 2, 3, 4, 5] });
  // @ts-expect-error: the definition needs a type
  mount({ definition: { id: 'x' } });
  // @ts-expect-error: neither a definition nor its URL
  mount({});
  // @ts-expect-error: neither a definition nor its URL (only the other options)
  mount({ endpoint: '/api/csat' });
  // @ts-expect-error: a definition and a URL: which one?
  mount({ definition: { id: 'x', type: 'csat' }, definitionUrl: '/x.json' });
  // @ts-expect-error: consent takes a boolean
  survey.consent('maybe');
  // @ts-expect-error: an event is named by a string
  survey.track(123);
  // @ts-expect-error: an option's name misspelt
  mount({ definitionURL: '/x.json' });
  survey.destroy();
}

/** window.csatkit, as the script tag (or the README's stub before it) defines it. */
export function scriptTagGlobal(): void {
  window.csatkit?.show('post-chat');
  window.csatkit?.track('chat_closed');
  window.csatkit?.setContext({ plan: 'pro' });
  window.csatkit?.consent(false);
  // A guard that holds at run time too (a bare `csatkit` is a ReferenceError where nothing defined it).
  if (typeof csatkit !== 'undefined') csatkit.track('chat_closed');
  // Queued calls are typed by name.
  window.csatkit?.q?.push(['setContext', { plan: 'pro' }], ['show'], ['show', 'post-chat']);
  // @ts-expect-error: undefined on a page with neither the tag nor the stub
  csatkit.track('chat_closed');
  // @ts-expect-error: no such method
  window.csatkit?.trak('chat_closed');
  // @ts-expect-error: a queued call under a name csatkit does not have
  window.csatkit?.q?.push(['trak', 'chat_closed']);
  // @ts-expect-error: a queued track() without its event
  window.csatkit?.q?.push(['track']);
  // @ts-expect-error: consent takes a boolean
  window.csatkit?.consent('maybe');
}

// The example definitions, copied as literals so that every value is checked against the type
// (a JSON import has `type: string`). Each copy must stay identical to its examples/surveys/ file;
// sameKeys() below fails when a key is added to or removed from one side only.
const postChat = {
  id: 'post-chat',
  type: 'csat',
  scale: 'emoji3',
  presentation: { mode: 'popup', position: 'bottom-right' },
  display: {
    triggers: { events: ['chat_closed'] },
    recontact_days: 0,
    dismiss_days: 0,
    max_displays: null,
    respect_global_cooldown: false,
  },
  follow_up: { negative: true, neutral: true, positive: false },
  metadata: { channel: 'chat' },
} satisfies SurveyDefinition;

const kbArticle = {
  id: 'kb-helpful',
  type: 'helpful',
  reasons: ['outdated', 'unclear', 'didnt_answer', { id: 'missing_example', label: 'Missing an example' }],
  article: { id: 'reset-password', version: '2024-05' },
  presentation: { mode: 'inline', selector: '#feedback' },
  display: {
    triggers: { delay_ms: 0 },
    respect_global_cooldown: false,
    recontact_days: 0,
    dismiss_days: 0,
    max_displays: null,
  },
} satisfies SurveyDefinition;

const framework = {
  id: 'checkout',
  type: 'nps',
  presentation: { mode: 'slide-in', position: 'bottom-left' },
  display: { manual_only: true, recontact_days: 0, dismiss_days: 0, max_displays: null, respect_global_cooldown: false },
  review: { url: 'https://example.com/reviews', label: 'Review us' },
} satisfies SurveyDefinition;

const reference = {
  id: 'post-chat',
  type: 'csat',
  scale: 'csat5',
  locale: null,
  question: { en: 'How satisfied were you with this chat?', nl: 'Hoe tevreden was je over deze chat?' },
  follow_up: {
    negative: { enabled: true, question: 'What could we do better?' },
    neutral: true,
    positive: 'What did you like?',
    placeholder: 'Optional',
    max_length: 500,
  },
  thanks: { enabled: true, title: 'Thank you!', detail: 'We read every answer.' },
  review: { url: 'https://example.com/reviews', label: 'Leave a review', prompt: 'Glad to hear it! Tell others?' },
  presentation: { mode: 'popup', position: 'bottom-right' },
  display: {
    triggers: { events: ['chat_closed'], exit_intent: true },
    min_pageviews: 1,
    include: ['/support/**'],
    exclude: ['/support/admin/**'],
    sample_percent: 50,
    recontact_days: 45,
    dismiss_days: 7,
    max_displays: 3,
    global_cooldown_days: 1,
    respect_global_cooldown: true,
    respect_privacy_signals: true,
    require_consent: false,
  },
  metadata: { channel: 'chat' },
  texts: { submit: { en: 'Send', nl: 'Versturen' } },
} satisfies SurveyDefinition;

/** A literal's type with its values widened to their JSON types, as a JSON import types them. */
type AsJson<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T extends null
        ? null
        : T extends readonly (infer Item)[]
          ? AsJson<Item>[]
          : { [Key in keyof T]: AsJson<T[Key]> };
/** Compiles only when the copy and the JSON file have the same keys, with the same JSON types. */
function sameKeys<Copy>(copy: Copy, json: AsJson<Copy>): void {
  void [copy, json];
}
sameKeys(postChat, postChatJson);
sameKeys(kbArticle, kbArticleJson);
sameKeys(framework, frameworkJson);
sameKeys(reference, referenceJson);
const copiesOfJson: [typeof postChatJson, typeof kbArticleJson, typeof frameworkJson, typeof referenceJson] = [
  postChat,
  kbArticle,
  framework,
  reference,
];
void copiesOfJson;

/** How a definition reaches mount(): typed in place, checked in a variable, or as JSON. */
export async function definitions(text: string): Promise<void> {
  for (const definition of [postChat, kbArticle, framework, reference]) mount({ definition, endpoint: '/api/csat' });
  // A variable: `satisfies` (or an annotation) keeps "csat" a literal, and checks every key.
  const manual = { id: 'manual', type: 'csat', display: { manual_only: true } } satisfies SurveyDefinition;
  mount({ definition: manual });
  // JSON (an import, a fetch, JSON.parse) is checked by the core when mounted, not here.
  mount({ definition: postChatJson as SurveyDefinition });
  mount({ definition: (await (await fetch('/surveys/post-chat.json')).json()) as SurveyDefinition });
  mount({ definition: JSON.parse(text) });
  mount({ definition: text });
  mount({ definitionUrl: '/surveys/post-chat.json' });
  // The normalized form the core writes back (every default explicit, unset texts null).
  mount({
    definition: {
      id: 'kb',
      type: 'helpful',
      scale: 'helpful',
      locale: 'pt-BR',
      question: null,
      reasons: [{ id: 'outdated', label: null }, { id: 'custom', label: { en: 'Custom', nl: 'Eigen' } }],
      article: { id: 'a', version: null },
      follow_up: {
        negative: { enabled: true, question: null },
        neutral: { enabled: true, question: { en: 'Why?' } },
        positive: { enabled: false, question: null },
        placeholder: null,
        max_length: 1000,
      },
      thanks: { enabled: true, title: null, detail: null },
      review: null,
      presentation: { mode: 'inline', position: null, selector: '#feedback' },
      display: {
        triggers: { delay_ms: null, time_on_page_ms: null, scroll_percent: null, exit_intent: false, events: [] },
        manual_only: true,
        min_pageviews: 1,
        include: [],
        exclude: [],
        sample_percent: 100,
        recontact_days: 45,
        dismiss_days: 7,
        max_displays: null,
        global_cooldown_days: 1,
        respect_global_cooldown: true,
        respect_privacy_signals: true,
        require_consent: false,
      },
      metadata: {},
      texts: { thank_you: 'Bedankt!' },
    },
  });
  mount({ definition: { id: 'bar', type: 'ces', presentation: { mode: 'bar', position: 'top' }, follow_up: false, thanks: false } });
  mount({ definition: { id: 'per-bucket', type: 'csat', follow_up: { negative: { en: 'Why?', nl: 'Waarom?' } } } });

  // Mistakes the core would reject, caught while typing:
  // @ts-expect-error: a misspelt key (sacle)
  mount({ definition: { id: 'x', type: 'csat', sacle: 'csat5' } });
  // @ts-expect-error: no such scale
  mount({ definition: { id: 'x', type: 'csat', scale: 'csat99' } });
  // @ts-expect-error: an NPS question on a CSAT scale
  mount({ definition: { id: 'x', type: 'nps', scale: 'csat5' } });
  // @ts-expect-error: no such type
  mount({ definition: { id: 'x', type: 'stars' } });
  // @ts-expect-error: no such mode
  mount({ definition: { id: 'x', type: 'csat', presentation: { mode: 'popover' } } });
  // @ts-expect-error: a bar is at the top or the bottom, not in a corner
  mount({ definition: { id: 'x', type: 'csat', presentation: { mode: 'bar', position: 'top-left' } } });
  // @ts-expect-error: an inline survey needs its selector
  mount({ definition: { id: 'x', type: 'csat', presentation: { mode: 'inline' } } });
  // @ts-expect-error: a misspelt trigger (delay_ms)
  mount({ definition: { id: 'x', type: 'csat', display: { triggers: { delayMs: 100 } } } });
  // @ts-expect-error: manual_only takes no trigger
  mount({ definition: { id: 'x', type: 'csat', display: { manual_only: true, triggers: { delay_ms: 500 } } } });
  // @ts-expect-error: presentation keys belong under "presentation"
  mount({ definition: { id: 'x', type: 'csat', display: { position: 'top' } } });
  // @ts-expect-error: reasons belong to "helpful"
  mount({ definition: { id: 'x', type: 'csat', reasons: ['outdated'] } });
  // @ts-expect-error: a custom reason needs its label
  mount({ definition: { id: 'x', type: 'helpful', reasons: [{ id: 'missing_example' }] } });
  // @ts-expect-error: enabled is true or false
  mount({ definition: { id: 'x', type: 'csat', follow_up: { negative: { enabled: 'yes' } } } });
  // @ts-expect-error: no such text key (submit)
  mount({ definition: { id: 'x', type: 'csat', texts: { sumbit: 'Go' } } });
  // @ts-expect-error: the review link is https only
  mount({ definition: { id: 'x', type: 'csat', review: { url: 'http://example.com/reviews' } } });
  // @ts-expect-error: not a language csatkit translates
  mount({ definition: { id: 'x', type: 'csat', locale: 'english' } });
  // @ts-expect-error: metadata values are strings
  mount({ definition: { id: 'x', type: 'csat', metadata: { plan: 3 } } });
  const unchecked = { id: 'x', type: 'csat' };
  // @ts-expect-error: a variable without `satisfies` (or an annotation) has `type: string`
  mount({ definition: unchecked });
}

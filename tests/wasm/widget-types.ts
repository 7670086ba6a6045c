// Compile-only check of web/widget/index.d.ts and web/index.d.ts (`tsc --noEmit` in scripts/test.sh).
import { mount, score, type MountOptions, type SurveyResponse } from '../../web/index.js';

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
  window.csatkit?.track('chat_closed');
  const element = document.createElement('csat-survey');
  element.show();
  element.track('chat_closed');
  element.setContext({ plan: 'pro' });
  element.consent(true);
  await score({ counts: [1, 2, 3, 4, 5] });
  // @ts-expect-error: the definition needs a type
  mount({ definition: { id: 'x' } });
  survey.destroy();
}

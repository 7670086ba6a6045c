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
    void response;
  });
  window.csatkit?.track('chat_closed');
  document.createElement('csat-survey').show();
  await score({ counts: [1, 2, 3, 4, 5] });
  // @ts-expect-error: the definition needs a type
  mount({ definition: { id: 'x' } });
  survey.destroy();
}

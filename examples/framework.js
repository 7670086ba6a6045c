// Framework-style use without a framework: a tiny "component" that mounts the survey when it
// appears and destroys it when it goes, the shape of a React useEffect.
import { mount } from '/web/widget/index.js';

function checkoutSurvey({ onAnswer }) {
  const survey = mount({
    definitionUrl: '/surveys/framework.json',
    endpoint: '/api/csat',
    touchpoint: 'checkout',
    context: { plan: 'pro' },
    onResponse: ({ response }) => onAnswer(response),
  });
  return { ask: () => survey.show('checkout'), unmount: () => survey.destroy() };
}

const status = document.getElementById('last-response');
const component = checkoutSurvey({
  onAnswer: (response) => {
    status.textContent = `Thanks! You gave ${response.score}.`;
  },
});
document.getElementById('ask').addEventListener('click', component.ask);

// Compile-only check (`tsc --noEmit --strict` in scripts/test.sh) that README.md's code type-checks
// as TypeScript, unchanged. Each block below must stay identical to the README's.
// The package imports itself by its name, as a user's code does.

// README "Five lines":
import { score, CsatkitError } from 'csatkit';

const report = await score({ scale: 'csat5', counts: { 1: 100, 2: 100, 3: 200, 4: 300, 5: 300 } });
console.log(`CSAT ${report.csat.percent}% (95% CI ${report.csat.low}–${report.csat.high}), n = ${report.n}`);
// CSAT 60% (95% CI 56.93–62.99), n = 1000

// README "Embed", the module:
import { mount } from 'csatkit'; // a module (React/Vue effect, …); also defines <csat-survey>
const survey = mount({ definitionUrl: '/surveys/post-chat.json', endpoint: '/api/csat', onResponse: ({ response }) => {} });

// README "Script tag", the stub for page code that may run before the tag:
window.csatkit ||= {
  q: [],
  show: (...args) => csatkit?.q?.push(['show', ...args]),
  track: (...args) => csatkit?.q?.push(['track', ...args]),
  setContext: (...args) => csatkit?.q?.push(['setContext', ...args]),
  consent: (...args) => csatkit?.q?.push(['consent', ...args]),
};

// README: "Your own code then calls …"
window.csatkit?.track('chat_closed');
survey.track('chat_closed');
survey.show();

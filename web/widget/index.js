// The survey widget as an ES module: `import { mount } from "csatkit"`, or <csat-survey> (defined
// on import where there is a DOM; CsatSurveyElement is undefined elsewhere).
export { CsatkitError } from '../csatkit-error.js';
export { mount } from './mount.js';
export { CsatSurveyElement } from './csat-survey-element.js';

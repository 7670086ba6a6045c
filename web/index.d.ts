// Types of web/index.js: the calculator core and the survey widget.
export * from './core.js';
export { mount, CsatSurveyElement } from './widget/index.js';
export type * from './widget/index.js';

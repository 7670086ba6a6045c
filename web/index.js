// The package's entry: the calculator core (score, compare, …) and the survey widget (mount,
// <csat-survey>). The widget's wasm is fetched only when a survey mounts. Importable where there
// is no DOM (Node, a Web Worker, server-side rendering): nothing touches the page until mount().
export * from './core.js';
export { mount, CsatSurveyElement } from './widget/index.js';

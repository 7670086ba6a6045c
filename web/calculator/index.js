// The calculator as a module: `import 'csatkit/calculator'` defines <csat-calculator>.
export { CsatCalculatorElement } from './csat-calculator-element.js';

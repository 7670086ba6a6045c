// calculator.css as one constructable stylesheet shared by every <csat-calculator> shadow root
// (filling a CSSStyleSheet through the CSSOM is allowed by a strict `style-src 'self'`).
const STYLESHEET_URL = new URL('./calculator.css', import.meta.url).href;

let styles = null;

/** The shared stylesheet: `sheet` to adopt at once, and `ready` once it holds calculator.css. */
export function loadCalculatorStylesheet() {
  if (styles) return styles;
  const sheet = new CSSStyleSheet();
  const ready = fetch(STYLESHEET_URL, { credentials: 'same-origin' })
    .then((response) => {
      if (!response.ok) throw new Error(`calculator.css could not be loaded (HTTP ${response.status})`);
      return response.text();
    })
    .then((css) => sheet.replaceSync(css))
    // Unstyled but working rather than nothing: the controls are native and labelled.
    .catch((error) => console.warn(`csatkit: ${error.message}`));
  styles = { sheet, ready };
  return styles;
}

// widget.css as one constructable stylesheet, adopted by every prompt's shadow root: fetched
// once, early (web/csatkit.js requests it with the runtime), so a prompt is styled in the very
// frame it is attached in — no <link> to wait for inside the shadow root, no unstyled flash.
// Filling a CSSStyleSheet through the CSSOM is allowed by a strict `style-src 'self'`.
import { reportError } from './report-error.js';

const STYLESHEET_URL = new URL('./widget.css', import.meta.url).href;

let styles = null;

/**
 * The shared stylesheet: `sheet` (adopt it now; it fills in when loaded), `loaded` (true once it
 * holds widget.css, or has given up), `ready` (resolves then; never rejects). `text`: widget.css's
 * text if the caller already started fetching it; else it is fetched here. The first call decides.
 * @param {Promise<string>} [text]
 * @returns {{sheet: CSSStyleSheet, loaded: boolean, ready: Promise<void>}}
 */
export function loadWidgetStylesheet(text) {
  if (styles) return styles;
  const sheet = new CSSStyleSheet({ baseURL: STYLESHEET_URL });
  const fetched = text ?? fetch(STYLESHEET_URL, { credentials: 'same-origin' }).then((response) => {
    if (!response.ok) throw new Error(`widget.css could not be loaded (HTTP ${response.status})`);
    return response.text();
  });
  styles = { sheet, loaded: false, ready: null };
  styles.ready = fetched
    .then((css) => sheet.replaceSync(css))
    .catch((error) => void reportError(error, 'widget.styles', 'widget.css')) // shown unstyled rather than not at all
    .finally(() => {
      styles.loaded = true;
    });
  return styles;
}

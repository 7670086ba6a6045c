// widget.css as one constructable stylesheet, adopted by every prompt's shadow root: filled
// once, early (the script tag's runtime bundle carries the text; an npm import fetches it), so
// a prompt is styled in the very frame it is attached in — no <link> to wait for inside the
// shadow root, no unstyled flash.
// Filling a CSSStyleSheet through the CSSOM is allowed by a strict `style-src 'self'`.
import { reportError } from './report-error.js';

// Beside this module: a site's bundler that follows new URL(…, import.meta.url) copies it. Else
// mount()'s `assets` folder, a copy of web/dist/, which has it as csatkit-widget.css.
const STYLESHEET_URL = new URL('./widget.css', import.meta.url).href;
const ASSETS_STYLESHEET = 'csatkit-widget.css';

let styles = null;

/**
 * The shared stylesheet: `sheet` (adopt it now; it fills in when loaded), `loaded` (true once it
 * holds widget.css, or has given up), `ready` (resolves then; never rejects). `text`: widget.css's
 * text (filled at once) or a promise of it, if the caller has it; else it is fetched here, from
 * the `assets` folder if one is given. The first call decides.
 * @param {string | Promise<string>} [text]
 * @param {string | URL} [assets]
 * @returns {{sheet: CSSStyleSheet, loaded: boolean, ready: Promise<void>}}
 */
export function loadWidgetStylesheet(text, assets) {
  if (styles) return styles;
  const url = assets ? new URL(ASSETS_STYLESHEET, new URL(assets, location.href)).href : STYLESHEET_URL;
  const sheet = new CSSStyleSheet({ baseURL: url });
  const fetched = text ?? fetch(url, { credentials: 'same-origin' }).then((response) => {
    if (!response.ok) throw new Error(`widget.css could not be loaded (HTTP ${response.status})`);
    return response.text();
  });
  styles = { sheet, loaded: false, ready: null };
  if (typeof fetched === 'string') {
    sheet.replaceSync(fetched);
    styles.loaded = true;
    styles.ready = Promise.resolve();
    return styles;
  }
  styles.ready = fetched
    .then((css) => sheet.replaceSync(css))
    .catch((error) => void reportError(error, 'widget.styles', 'widget.css')) // shown unstyled rather than not at all
    .finally(() => {
      styles.loaded = true;
    });
  return styles;
}

// The calculator's texts: one module per locale, so a page downloads English (always, it is the
// fallback for any key a translation lacks) and at most its own language — not all ten.
import en from './en.js';

/** The locales the calculator speaks: the widget's ten. */
export const LOCALES = ['en', 'nl', 'sv', 'de', 'fr', 'es', 'pt', 'it', 'ar', 'he'];

const loaders = {
  nl: () => import('./nl.js'),
  sv: () => import('./sv.js'),
  de: () => import('./de.js'),
  fr: () => import('./fr.js'),
  es: () => import('./es.js'),
  pt: () => import('./pt.js'),
  it: () => import('./it.js'),
  ar: () => import('./ar.js'),
  he: () => import('./he.js'),
};

/** The built-in locale for a language tag ("pt-BR" → "pt"), or "en". */
export function pickLocale(tag) {
  const primary = String(tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return LOCALES.includes(primary) ? primary : 'en';
}

/**
 * The texts of a locale as a translate function: t(key, {name: value}) fills {name}
 * placeholders with the given (already formatted) strings; t.locale and t.dir describe it.
 */
export async function loadTexts(tag) {
  const locale = pickLocale(tag);
  const own = locale === 'en' ? {} : (await loaders[locale]()).default;
  const table = { ...en, ...own };
  const t = (key, values = {}) => {
    const text = table[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  };
  t.locale = locale;
  t.dir = table.dir;
  return t;
}

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
 * The texts of a locale as a translate function: t(key, {name: value}, count) fills {name}
 * placeholders with the given (already formatted) strings; t.locale and t.dir describe it.
 *
 * A text that depends on a number is an object of plural forms, {one: '{n} response', other:
 * '{n} responses'} (the categories of Intl.PluralRules: zero, one, two, few, many, other); t()
 * picks the form for `count`, the raw number the text counts. A form the locale does not give
 * falls back to `other`. `count` may be {value, decimals} for a number shown with decimals
 * ("1.0 points" is plural in English, "1,0 point" singular in French).
 */
export async function loadTexts(tag) {
  const locale = pickLocale(tag);
  const own = locale === 'en' ? {} : (await loaders[locale]()).default;
  const table = { ...en, ...own };
  const rules = new Map();
  const category = (count) => {
    const { value, decimals = 0 } = typeof count === 'object' && count !== null ? count : { value: count };
    if (typeof value !== 'number' || !Number.isFinite(value)) return 'other';
    if (!rules.has(decimals)) rules.set(decimals, new Intl.PluralRules(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }));
    return rules.get(decimals).select(Math.abs(value));
  };
  const t = (key, values = {}, count) => {
    let text = table[key] ?? key;
    if (typeof text === 'object' && text !== null) text = text[category(count)] ?? text.other;
    return String(text).replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  };
  t.locale = locale;
  t.dir = table.dir;
  /** Whether this locale has its own text for a key (not English's). */
  t.has = (key) => key in table;
  return t;
}

/** A locale's own table (no English fallback), for tests of coverage. */
export async function ownTexts(tag) {
  const locale = pickLocale(tag);
  return locale === 'en' ? en : (await loaders[locale]()).default;
}

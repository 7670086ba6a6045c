// The core's benchmark and planning texts in the page's language. The core gives each a stable
// id (an ACSI industry's id, the caveat's `caveat_id`, a plan warning's `id`) with its numbers
// and an English text; the page words it from its locale ("acsi.industry.<id>",
// "caveat.<id>", "plan_warning.<id>" in locales/*.js). An id the page does not know (a newer
// core) keeps the core's English.
//
// Industry names: ACSI publishes its figures under English names, and the reader may want to
// look them up at the source, so where the translation differs from ACSI's name the results say
// both, "Banken (ACSI: Banks)"; the industry picker and the recommendations use the translated
// name alone (the picker also says "ACSI" and the year).

/** An ACSI industry's name in the page's language ("Banken"); ACSI's own name if it has none. */
export function industryName(t, entry) {
  const key = `acsi.industry.${entry.id}`;
  return t.has(key) ? t(key) : entry.industry;
}

/** The translated name with ACSI's own beside it when they differ: "Banken (ACSI: Banks)". */
export function industryWithSource(t, entry) {
  const name = industryName(t, entry);
  return name === entry.industry ? name : t('acsi_industry_named', { name, official: entry.industry });
}

/** The ACSI caveat ({caveat, caveat_id} as benchmarks() gives them) in the page's language. */
export function caveatText(t, { caveat, caveat_id: id }) {
  return id && t.has(`caveat.${id}`) ? t(`caveat.${id}`) : caveat;
}

/**
 * A plan warning ({id, message, data}) in words, with the page's number formatting.
 * @param {Function} t @param {import('./format.js').Formatter} f
 */
export function planWarningText(t, f, warning) {
  const key = `plan_warning.${warning.id}`;
  if (!t.has(key)) return warning.message;
  const d = warning.data ?? {};
  return t(key, {
    invitations: f.whole.format(d.invitations),
    population: f.whole.format(d.population),
    responses: f.whole.format(d.responses),
    rate: f.upToOne.format(100 * d.response_rate),
  });
}

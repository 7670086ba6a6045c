// The calculator's languages: every recommendation the core can make has a template in English
// and a translation in the nine other locales (the ids are read from recommendations.hpp, so a new
// rule without texts fails here); counts are worded with Intl.PluralRules; the templates, filled
// from the real core's data, say what the core's English message says; so do the benchmark and
// planning texts the core gives by id (industries, the ACSI caveat, plan warnings). Then in
// Chromium: a Dutch page shows Dutch point labels, plural forms, recommendations, chart
// descriptions, benchmark and planning texts, and no "9 – 9" rows.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

import { benchmarks, plan, recommend, score, scoreCsv } from '../../web/core.js';
import { caveatText, industryName, industryWithSource, planWarningText } from '../../web/calculator/benchmark-text.js';
import { Formatter } from '../../web/calculator/format.js';
import { LOCALES, loadTexts, ownTexts } from '../../web/calculator/locales/index.js';
import { RECOMMENDATION_IDS, recommendationContext, recommendationText } from '../../web/calculator/recommendation-text.js';
import { addCalculator, openCalculator, region } from './calculator-page.mjs';
import { useBrowser } from './harness.mjs';

/** The rule ids listed in the header comment of recommendations.hpp ("sample.empty", …). */
async function coreRecommendationIds() {
  const header = await readFile(new URL('../../src/core/recommendations.hpp', import.meta.url), 'utf8');
  const ids = new Set();
  for (const line of header.split('\n')) {
    if (!line.startsWith('//   ')) continue;
    for (const id of line.match(/\b[a-z]+\.[a-z_]+\b/g) ?? []) ids.add(id);
  }
  return [...ids];
}

const placeholders = (text) => new Set([...String(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
const forms = (value) => (typeof value === 'object' ? Object.values(value) : [value]);

describe('calculator texts: coverage in every locale', () => {
  test('every recommendation id of the core has an English template and nine translations', async () => {
    const ids = await coreRecommendationIds();
    assert.ok(ids.length >= 13, `ids read from recommendations.hpp: ${ids.join(', ')}`);
    const en = await ownTexts('en');
    for (const id of ids) {
      assert.ok(RECOMMENDATION_IDS.includes(id), `recommendation-text.js words ${id}`);
      assert.ok(`rec.${id}` in en, `en.js has rec.${id}`);
    }
    // Every recommendation text of en.js (templates, variants and parts) in every other locale.
    const recKeys = Object.keys(en).filter((key) => key.startsWith('rec.') || key === 'percent_value');
    for (const locale of LOCALES.filter((code) => code !== 'en')) {
      const own = await ownTexts(locale);
      const missing = recKeys.filter((key) => !(key in own));
      assert.deepEqual(missing, [], `${locale} lacks ${missing.join(', ')}`);
    }
  });

  test('count texts and chart exports are translated everywhere, with no unknown placeholder', async () => {
    const en = await ownTexts('en');
    const mustTranslate = Object.keys(en).filter((key) => typeof en[key] === 'object' || key.startsWith('export_'));
    assert.ok(mustTranslate.includes('responses') && mustTranslate.includes('export_png_segments'));
    for (const locale of LOCALES.filter((code) => code !== 'en')) {
      const own = await ownTexts(locale);
      for (const key of mustTranslate) assert.ok(key in own, `${locale} lacks ${key}`);
      for (const [key, value] of Object.entries(own)) {
        if (key === 'dir') continue;
        if (typeof value === 'object') assert.ok('other' in value, `${locale}.${key} has an "other" form`);
        const known = new Set(forms(en[key] ?? '').flatMap((text) => [...placeholders(text)]));
        for (const text of forms(value)) {
          for (const name of placeholders(text)) assert.ok(known.has(name), `${locale}.${key}: {${name}} is not one of en's placeholders`);
        }
      }
    }
  });
});

/** Every plan warning the core can give, from a plan that triggers it (more invitations than people). */
async function planWarnings() {
  const { warnings } = await plan({ margin: 3, population: 200, response_rate: 0.1 });
  assert.ok(warnings.length > 0, 'the plan gives a warning');
  return warnings;
}

describe('calculator texts: the core\'s benchmark and planning texts by id, in every locale', () => {
  test('every ACSI industry, the caveat and every plan warning have a text in all ten locales', async () => {
    const table = await benchmarks();
    const warnings = await planWarnings();
    const keys = [
      'acsi_industry_named',
      `caveat.${table.caveat_id}`,
      ...table.benchmarks.map((b) => `acsi.industry.${b.id}`),
      ...warnings.map((w) => `plan_warning.${w.id}`),
    ];
    assert.ok(keys.length >= 25 + 3, keys.join());
    for (const locale of LOCALES) {
      const own = await ownTexts(locale);
      const missing = keys.filter((key) => !(key in own));
      assert.deepEqual(missing, [], `${locale} lacks ${missing.join(', ')}`);
    }
  });

  test('English says what the core says: ACSI\'s own names, its caveat and its warnings', async () => {
    const t = await loadTexts('en');
    const f = new Formatter('en', 'USD');
    const table = await benchmarks();
    assert.equal(caveatText(t, table), table.caveat);
    for (const entry of table.benchmarks) {
      assert.equal(industryName(t, entry), entry.industry, entry.id);
      assert.equal(industryWithSource(t, entry), entry.industry, 'no "(ACSI: …)" when the names are the same');
    }
    for (const warning of await planWarnings()) assert.equal(planWarningText(t, f, warning), warning.message, warning.id);
  });

  test('Dutch: translated names with ACSI\'s beside them, and ids the page does not know keep the core\'s English', async () => {
    const t = await loadTexts('nl');
    const f = new Formatter('nl', 'EUR');
    const table = await benchmarks();
    const banks = table.benchmarks.find((b) => b.id === 'banks');
    assert.equal(industryName(t, banks), 'Banken');
    assert.equal(industryWithSource(t, banks), 'Banken (ACSI: Banks)');
    assert.match(caveatText(t, table), /^Een ACSI-score is een index van 0 tot 100/);
    const [warning] = await planWarnings();
    assert.match(planWarningText(t, f, warning), /^Bij 10% respons zijn [\d.]+ uitnodigingen nodig, maar de populatie telt maar 200:/);
    assert.equal(industryName(t, { id: 'space-tourism', industry: 'Space tourism' }), 'Space tourism');
    assert.equal(caveatText(t, { caveat: 'A newer caveat.', caveat_id: 'acsi.something_new' }), 'A newer caveat.');
    assert.equal(planWarningText(t, f, { id: 'plan.something_new', message: 'A newer warning.', data: {} }), 'A newer warning.');
  });
});

describe('calculator texts: plural forms', () => {
  test('one and other in English and Dutch; 1.0 points stays plural in English', async () => {
    const en = await loadTexts('en');
    assert.equal(en('responses', { n: '1' }, 1), '1 response');
    assert.equal(en('responses', { n: '2' }, 2), '2 responses');
    assert.equal(en('churned', { count: '1' }, 1), '1 customer likely to leave');
    assert.equal(en('csat_words', { percent: '60', margin: '1.0', low: '59', high: '61' }, { value: 1, decimals: 1 }), '60% ± 1.0 points, 59–61');
    const nl = await loadTexts('nl');
    assert.equal(nl('responses', { n: '1' }, 1), '1 antwoord');
    assert.equal(nl('responses', { n: '2' }, 2), '2 antwoorden');
    assert.equal(nl('plan_more', { more: '1', total: '31', margin: '3' }, 1), 'Verzamel nog 1 antwoord (31 in totaal) voor ±3 punten.');
    // French counts 0 and 1,5 as singular.
    const fr = await loadTexts('fr');
    assert.equal(fr('points_change', { value: '1,5' }, { value: 1.5, decimals: 1 }), '1,5 point');
    assert.equal(fr('points_change', { value: '2,5' }, { value: 2.5, decimals: 1 }), '2,5 points');
    // Without a count a text takes its "other" form.
    assert.equal(en('responses', { n: '5' }), '5 responses');
  });

  test('Arabic uses its six categories, and "other" where a text gives fewer', async () => {
    const ar = await loadTexts('ar');
    const responses = (n) => ar('responses', { n: String(n) }, n);
    assert.equal(responses(1), 'إجابة واحدة');
    assert.equal(responses(2), 'إجابتان');
    assert.equal(responses(3), '3 إجابات'); // few: 3–10
    assert.equal(responses(11), '11 إجابةً'); // many: 11–99
    assert.equal(responses(100), '100 إجابة'); // other
    // rec.data.unusable_rows.lines gives one, two and other only: 5 is "few" → other.
    assert.equal(ar('rec.data.unusable_rows.lines', { lines: '1, 2, 3, 4, 5' }, 5), ' (أولها في الأسطر 1, 2, 3, 4, 5)');
    assert.equal(ar('rec.data.unusable_rows.lines', { lines: '7' }, 1), ' (في السطر 7)');
  });
});

/** A view as computeView makes it, enough for recommendationContext. */
function viewOf(report, state = {}) {
  return { report, state: { rate: null, ...state }, benchmark: null };
}

describe('recommendations in the page\'s language, from the core\'s data', () => {
  // With en-US formatting the English templates must say exactly what the core says: the
  // templates read the same data the core's message was made from.
  test('English templates reproduce the core\'s English messages', async () => {
    const t = await loadTexts('en');
    const f = new Formatter('en', 'USD');
    const small = await score({ scale: 'csat5', counts: { 1: 3, 2: 2, 3: 2, 4: 5, 5: 8 } });
    const { recommendations } = await recommend({ report: small, margin: 5, target: 90 });
    const ids = recommendations.map((r) => r.id);
    for (const id of ['sample.below_minimum', 'sample.margin_too_wide', 'target.missed']) assert.ok(ids.includes(id), ids.join());
    for (const r of recommendations) assert.equal(recommendationText(t, f, r, recommendationContext(viewOf(small))), r.message, r.id);

    // Ten valid answers (70%) and two off the scale; six valid (100%) and two off.
    const ten = await score({ scale: 'csat5', values: [5, 4, 9, 'x', 5, 5, 4, 5, 2, 1, 3, 5] });
    const six = await score({ scale: 'csat5', values: [5, 4, 9, 'x', 5, 5, 4, 5] });
    const seen = new Set();
    for (const [report, target] of [[ten, 60], [ten, 70], [six, 55]]) {
      const { recommendations: list } = await recommend({ report, target, min_responses: 2, margin: 100 });
      for (const r of list) {
        assert.equal(recommendationText(t, f, r, recommendationContext(viewOf(report))), r.message, r.id);
        seen.add(r.message.includes('sits on the target') ? `${r.id}.on_target` : r.id);
      }
    }
    assert.deepEqual([...seen].sort(), ['data.unusable_rows', 'target.met', 'target.undecided', 'target.undecided.on_target']);
  });

  test('a CSV report\'s trend, segments and bad rows are worded in Dutch', async () => {
    // Two segments with 100 answers a month each; "phone" falls from 80% to 40% satisfied in
    // February, "web" stays at 80%: a significant drop and a concentration of dissatisfied answers.
    const lines = ['date,rating,channel'];
    for (const [month, phoneSatisfied] of [['01', 80], ['02', 40]]) {
      for (let i = 0; i < 100; i += 1) {
        lines.push(`2024-${month}-10,${i < phoneSatisfied ? 5 : 1},phone`);
        lines.push(`2024-${month}-11,${i < 80 ? 5 : 1},web`);
      }
    }
    lines.push('2024-02-12,eleven,web');
    const report = await scoreCsv(lines.join('\n'), { scale: 'csat5', date_column: 'date', by: 'month', segment: 'channel' });
    const { recommendations } = await recommend({ report, min_responses: 30, margin: 10 });
    const ids = recommendations.map((r) => r.id);
    for (const id of ['change.significant', 'segment.negatives_concentrated', 'data.unusable_rows']) assert.ok(ids.includes(id), ids.join());

    const t = await loadTexts('nl');
    const f = new Formatter('nl', 'EUR');
    const context = recommendationContext(viewOf(report));
    const texts = Object.fromEntries(recommendations.map((r) => [r.id, recommendationText(t, f, r, context)]));
    assert.match(texts['change.significant'], /^CSAT daalde 20,0 punten van 2024-01 tot 2024-02 \(80,0% → 60,0%\): significant bij 95%, geen toeval\.$/);
    assert.match(texts['segment.negatives_concentrated'], /^Het segment “phone” levert \d+,\d% van de ontevreden antwoorden, maar slechts 50,0% van de antwoorden/);
    assert.match(texts['data.unusable_rows'], /^Problemen in 1 van 401 rijen \(0,2%\) \(de eerste op regel 402\)/);
    for (const text of Object.values(texts)) assert.doesNotMatch(text, /\b(the|responses|points|significant at)\b/, text);
  });

  test('an id the page does not know keeps the core\'s English message', async () => {
    const t = await loadTexts('de');
    const f = new Formatter('de', 'EUR');
    const future = { id: 'sample.something_new', severity: 'info', message: 'A rule from a newer core.', data: {} };
    assert.equal(recommendationText(t, f, future, recommendationContext(viewOf({ family: 'csat' }))), 'A rule from a newer core.');
  });
});

describe('calculator: a Dutch page in Chromium', () => {
  const browser = useBrowser();

  test('point labels, plural forms and recommendations in Dutch; NPS rows without "9 – 9"', async () => {
    const { page, problems } = await openCalculator(browser);
    const dutch = await addCalculator(page, { lang: 'nl' }, 'CSAT- en ROI-calculator');
    // The core's translations of the scale points label the count inputs.
    await dutch.getByLabel('1 – Zeer ontevreden', { exact: true }).fill('1');
    assert.equal(await dutch.getByLabel('5 – Zeer tevreden', { exact: true }).count(), 1);
    const status = dutch.getByRole('status').filter({ hasText: /antwoord/ });
    await status.filter({ hasText: /· 1 antwoord$/ }).waitFor({ timeout: 30_000 });
    await dutch.getByLabel('2 – Ontevreden', { exact: true }).fill('1');
    await status.filter({ hasText: /· 2 antwoorden$/ }).waitFor({ timeout: 30_000 });

    // Recommendations: Dutch text from the core's data (two answers: far below the minimum).
    const recommendations = dutch.getByRole('region', { name: 'Aanbevelingen' });
    await recommendations.filter({ hasText: /Slechts 2 antwoorden: minder dan het minimum van 30/ }).waitFor({ timeout: 30_000 });
    assert.doesNotMatch(await recommendations.textContent(), /responses|Collect/);
    // The distribution table and chart name the points in Dutch.
    const distribution = dutch.getByRole('region', { name: 'Verdeling' });
    assert.equal(await distribution.getByRole('rowheader', { name: '3 – Neutraal' }).count(), 1);
    assert.match(await distribution.locator('svg desc').textContent(), /5 \(Zeer tevreden\)/);

    // NPS: the number alone in the middle, the anchor words at the ends (in Dutch).
    await dutch.getByLabel('Soort enquête en schaal').selectOption('nps');
    await dutch.getByLabel('9', { exact: true }).fill('4');
    await dutch.getByLabel('0 – Zeer onwaarschijnlijk', { exact: true }).fill('1');
    await distribution.getByRole('rowheader', { name: '10 – Zeer waarschijnlijk' }).waitFor({ timeout: 30_000 });
    const rows = await distribution.getByRole('rowheader').allTextContents();
    assert.equal(rows.length, 11);
    assert.equal(rows[9], '9');
    for (const row of rows) assert.doesNotMatch(row, /^(\d+) – \1$/, row);
    await dutch.getByRole('region', { name: 'Resultaten' }).filter({ hasText: /4 promotors, 0 passieven, 1 criticaster/ }).waitFor({ timeout: 30_000 });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('chart descriptions, benchmark and planning in Dutch: no English left in them', async () => {
    const { page, problems } = await openCalculator(browser);
    const dutch = await addCalculator(page, { lang: 'nl', industry: 'banks' }, 'CSAT- en ROI-calculator');
    // CSAT 1–7: the points' meanings in the chart's description are Dutch, the axis keeps numbers.
    await dutch.getByLabel('Soort enquête en schaal').selectOption('csat7');
    await dutch.getByLabel('7 – Zeer tevreden', { exact: true }).fill('12');
    await dutch.getByLabel('4 – Neutraal', { exact: true }).fill('3');
    const distribution = dutch.getByRole('region', { name: 'Verdeling' });
    const description = distribution.locator('svg desc').filter({ hasText: /15 antwoorden/ });
    await description.waitFor({ state: 'attached', timeout: 30_000 }); // a <desc> is never visible
    const csat7 = await description.textContent();
    assert.match(csat7, /7 \(Zeer tevreden\): 12 antwoorden/);
    assert.match(csat7, /3 \(Enigszins ontevreden\): 0 antwoorden/);
    assert.doesNotMatch(csat7, /satisfied|Neutral\b|responses/, csat7);
    assert.deepEqual(await distribution.locator('svg .csatkit-chart-tick').allTextContents(), ['1', '2', '3', '4', '5', '6', '7']);
    for (const title of await distribution.locator('svg rect title').allTextContents()) assert.doesNotMatch(title, /satisfied|Neutral\b/, title);

    // Benchmark: the industry in Dutch with ACSI's own name beside it, the caveat in Dutch.
    const benchmark = dutch.getByRole('region', { name: 'Benchmark' });
    await benchmark.filter({ hasText: /Banken \(ACSI: Banks\): ACSI/ }).waitFor({ timeout: 30_000 });
    const benchmarkText = await benchmark.textContent();
    assert.match(benchmarkText, /Een ACSI-score is een index van 0 tot 100/);
    // The only English left is ACSI's own name (in brackets) and the title of its study (the link).
    const source = await benchmark.getByRole('link').textContent();
    const rest = benchmarkText.replace('(ACSI: Banks)', '').replace(source, '');
    assert.doesNotMatch(rest, /\b(Banks|index estimated|not the percentage|Compare|the same measure)\b/, rest);
    assert.equal(await dutch.getByRole('combobox', { name: 'Branche (benchmark)' }).locator('option:checked').textContent(), 'Banken (ACSI 2025)');

    // Planning: more invitations than customers gives the core's warning, in Dutch.
    await dutch.getByLabel('Klantenbestand (optioneel)').fill('100');
    await dutch.getByLabel('Respons (%)').fill('10');
    const planning = dutch.getByRole('region', { name: 'Planning' });
    const warning = planning.locator('[data-id="plan.invitations_exceed_population"]');
    await warning.filter({ hasText: /uitnodigingen nodig/ }).waitFor({ timeout: 30_000 });
    const warningText = await warning.textContent();
    assert.match(warningText, /^Bij 10% respons zijn [\d.]+ uitnodigingen nodig, maar de populatie telt maar 100: verwacht minder dan [\d.]+ antwoorden/);
    assert.doesNotMatch(await planning.textContent(), /invitations|population|responses|expect/);

    // NPS: the ends' anchor words in Dutch in the description, and "9: …", never "9 (9)".
    await dutch.getByLabel('Soort enquête en schaal').selectOption('nps');
    await dutch.getByLabel('9', { exact: true }).fill('4');
    await dutch.getByLabel('0 – Zeer onwaarschijnlijk', { exact: true }).fill('1');
    const nps = distribution.locator('svg desc').filter({ hasText: /0 \(Zeer onwaarschijnlijk\): 1 / });
    await nps.waitFor({ state: 'attached', timeout: 30_000 });
    const npsText = await nps.textContent();
    assert.match(npsText, / 9: 4 antwoorden/);
    assert.doesNotMatch(npsText, /\(9\)|likely/, npsText);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('English NPS rows and inputs: "9", not "9 – 9"', async () => {
    const { page, problems } = await openCalculator(browser, { hash: '#calc=1&scale=nps&counts=1.0.0.0.0.0.0.2.0.3.4' });
    const distribution = region(page, 'Distribution');
    await distribution.getByRole('rowheader').first().waitFor({ timeout: 30_000 });
    const rows = await distribution.getByRole('rowheader').allTextContents();
    assert.deepEqual([rows[0], rows[5], rows[9], rows[10]], ['0 – Not at all likely', '5', '9', '10 – Extremely likely']);
    assert.equal(await page.getByLabel('9', { exact: true }).inputValue(), '3');
    assert.match(await page.getByRole('status').filter({ hasText: /responses/ }).first().textContent(), /10 responses/);
    assert.deepEqual(problems, []);
    await page.close();
  });
});

// Shared steps of the calculator's browser tests: open examples/calculator.html, type the
// worked example, read the results — always through roles and accessible names (getByRole and
// getByLabel pierce the element's open shadow root), never private classes.

/** The worked example of the issue: 1,000 responses (600 rated 4–5, 200 rated 3, 200 rated 1–2). */
export const classic = { positive: 600, neutral: 200, negative: 200, spend: 500 };

export async function openCalculator(browser, { hash = '', contextOptions } = {}) {
  const { page, problems } = await browser.newPage(contextOptions);
  const response = await page.goto(`${browser.baseUrl}/calculator.html${hash}`);
  await page.getByRole('heading', { name: 'CSAT and ROI calculator' }).waitFor({ timeout: 30_000 });
  return { page, problems, response };
}

export async function typeTotals(page, { positive, neutral, negative }) {
  await page.getByRole('radio', { name: 'Totals per group' }).check();
  await page.getByLabel('Satisfied (rated 4–5)', { exact: true }).fill(String(positive));
  await page.getByLabel('Neutral (rated 3)', { exact: true }).fill(String(neutral));
  await page.getByLabel('Dissatisfied (rated 1–2)', { exact: true }).fill(String(negative));
}

/** The live headline (an <output>, role status) once it shows a score. */
export async function headline(page, pattern = /±|%/) {
  const output = page.getByRole('status').filter({ hasText: pattern });
  await output.first().waitFor({ timeout: 30_000 });
  return (await output.first().textContent()).trim();
}

/** The text of the results region of the (first) calculator on the page. */
export function region(page, name) {
  return page.getByRole('region', { name, exact: true });
}

/** Waits until a region's text matches, and returns that text. */
export async function waitForText(page, name, pattern) {
  const locator = region(page, name).filter({ hasText: pattern });
  await locator.waitFor({ timeout: 30_000 });
  return locator.textContent();
}

/**
 * Adds a second <csat-calculator> with these attributes ({lang: 'nl', industry: 'banks'}) at the
 * top of the page's <main>, as a site embedding it would, and waits until it shows `heading`
 * (its title in that language); resolves to a locator scoped to it.
 */
export async function addCalculator(page, attributes, heading) {
  await page.evaluate((attributes) => {
    const element = document.createElement('csat-calculator');
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    element.id = 'added';
    document.querySelector('main').prepend(element);
  }, attributes);
  const added = page.locator('#added');
  await added.getByRole('heading', { name: heading }).waitFor({ timeout: 30_000 });
  return added;
}

/**
 * Drops a CSV file on a calculator (the page's, or `scope`: a locator of an added one), as a
 * person would drag it from their desktop. `radio` and `dropText` are the words in its language.
 */
export async function dropCsv(page, name, text, { scope = page, radio = 'CSV file', dropText = 'Drop a CSV file here, or' } = {}) {
  const dataTransfer = await page.evaluateHandle(
    ([fileName, content]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], fileName, { type: 'text/csv' }));
      return transfer;
    },
    [name, text],
  );
  await scope.getByRole('radio', { name: radio }).check();
  await scope.getByText(dropText).dispatchEvent('drop', { dataTransfer });
}

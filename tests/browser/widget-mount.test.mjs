// mount() as a site's own module uses it: its options checked as the script tag's are, one run
// per survey on a page, and destroy() at any moment.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';

import { useBrowser } from './harness.mjs';
import { outboxEmpty, promptPresent, receivedResponses, recordWidgetEvents, serveOnPage, widgetEvents } from './widget-pages.mjs';

const display = { manual_only: true, max_displays: null, respect_global_cooldown: false, recontact_days: 0 };
const survey = { id: 'mounted', type: 'csat', follow_up: false, thanks: false, display };

/** Serves a page at `pagePath` whose module (served beside it) runs `moduleCode`. */
async function moduleHostPage(page, baseUrl, pagePath, moduleCode) {
  const modulePath = pagePath.replace(/\.html$/, '.js');
  await serveOnPage(page, `${baseUrl}${modulePath}`, moduleCode, 'text/javascript; charset=utf-8');
  await serveOnPage(page, `${baseUrl}${pagePath}`, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Site</title><script type="module" src="${modulePath}"></script></head><body><main><h1>Site</h1></main></body></html>`);
  await page.goto(`${baseUrl}${pagePath}`);
}

describe('mount()', () => {
  const browser = useBrowser();
  beforeEach(() => {
    browser.collector.down = false;
  });

  test('a relative endpoint is queued as an absolute URL: a page in another folder delivers it, once', async () => {
    await browser.collector.accept(survey);
    browser.collector.down = true;
    const { page, problems } = await browser.newPage({});
    await moduleHostPage(page, browser.baseUrl, '/site/shop/checkout.html', `import { mount } from '/web/widget/index.js';
const survey = mount({ definition: ${JSON.stringify(survey)}, endpoint: '../../api/csat' });
survey.ready.then(() => survey.show());`);
    await page.getByRole('radio', { name: '4 – Satisfied' }).click();
    await page.waitForFunction(() => Object.keys(localStorage).filter((key) => key.startsWith('csatkit:outbox:')).length === 1);
    const queued = await page.evaluate(() => JSON.parse(localStorage.getItem(Object.keys(localStorage).find((key) => key.startsWith('csatkit:outbox:')))));
    assert.equal(queued.endpoint, `${browser.baseUrl}/api/csat`);

    // The next page is deeper: "../../api/csat" would name /site/api/csat from there.
    browser.collector.down = false;
    await moduleHostPage(page, browser.baseUrl, '/site/help/articles/page.html', `import { mount } from '/web/widget/index.js';
mount({ definition: { id: 'other', type: 'helpful', display: { manual_only: true } }, endpoint: '../../../api/csat' });`);
    const [delivered] = await receivedResponses(browser.collector);
    assert.deepEqual([delivered.id, delivered.score], [queued.id, 4]);
    await outboxEmpty(page);
    assert.equal((await browser.collector.list()).length, 1);
    assert.deepEqual(problems.filter((problem) => !/503|api\/csat/.test(problem)), []);
    await page.close();
  });

  test('a `context` value JSON cannot hold is left out with one error naming it; the answer carries the others', async () => {
    await browser.collector.accept(survey);
    const { page, problems } = await browser.newPage({});
    await moduleHostPage(page, browser.baseUrl, '/site/context.html', `import { mount } from '/web/widget/index.js';
const survey = mount({ definition: ${JSON.stringify(survey)}, endpoint: '/api/csat', context: { plan: 'pro', cart: 10n } });
survey.ready.then(() => survey.show());`);
    await page.getByRole('radio', { name: '5 – Very satisfied' }).click();
    const [received] = await receivedResponses(browser.collector);
    assert.deepEqual(received.context, { plan: 'pro' });
    const errors = problems.filter((problem) => problem.includes('context.invalid'));
    assert.equal(errors.length, 1, problems.join('\n'));
    assert.match(errors[0], /context\.cart/);
    await page.close();
  });

  test('the same survey mounted twice runs once: one prompt, one mount.duplicate error; once destroyed it may be mounted again', async () => {
    const { page, problems } = await browser.newPage({});
    await moduleHostPage(page, browser.baseUrl, '/site/twice.html', `import { mount } from '/web/widget/index.js';
const definition = ${JSON.stringify(survey)};
window.first = mount({ definition, endpoint: '/api/csat' });
window.second = mount({ definition, endpoint: '/api/csat' });
Promise.all([first.ready, second.ready]).then(() => {
  first.show();
  second.show();
  window.started = true;
});`);
    await page.waitForFunction(() => window.started === true);
    await page.getByRole('radiogroup').waitFor();
    assert.equal(await page.locator('csatkit-prompt').count(), 1);
    const duplicates = problems.filter((problem) => problem.includes('mount.duplicate'));
    assert.equal(duplicates.length, 1, problems.join('\n'));
    assert.match(duplicates[0], /"mounted" is already running/);

    await page.evaluate(async () => {
      window.first.destroy();
      const { mount } = await import('/web/widget/index.js');
      window.third = mount({ definition: { id: 'mounted', type: 'csat', display: { manual_only: true } }, endpoint: '/api/csat' });
      await window.third.ready;
      window.third.show();
    });
    await page.getByRole('radiogroup').waitFor();
    assert.equal(await page.locator('csatkit-prompt').count(), 1);
    assert.equal(problems.filter((problem) => problem.includes('mount.duplicate')).length, 1, problems.join('\n'));
    await page.close();
  });

  test('destroy() before the survey is ready: nothing starts, nothing is said, and it may be mounted again', async () => {
    const { page, problems } = await browser.newPage({});
    // No endpoint and no onResponse: a survey that started would warn (mount.no_endpoint).
    await moduleHostPage(page, browser.baseUrl, '/site/destroyed.html', `import { mount } from '/web/widget/index.js';
const definition = { id: 'early', type: 'csat', display: { triggers: { delay_ms: 0 }, max_displays: null } };
const destroyed = mount({ definition });
destroyed.destroy();
destroyed.ready.then(() => {
  window.again = mount({ definition: { ...definition, display: { manual_only: true } }, endpoint: '/api/csat' });
  return window.again.ready;
}).then(() => { window.settled = true; });`);
    await page.waitForFunction(() => window.settled === true);
    assert.equal(await promptPresent(page), false);
    assert.deepEqual(problems, []);
    await page.evaluate(() => window.again.show());
    await page.getByRole('radiogroup').waitFor();
    await page.close();
  });

  test('destroy() as ready resolves, with the survey deciding to show: no prompt opens, no event fires, and it may be mounted again', async () => {
    const { page, problems } = await browser.newPage({});
    await page.addInitScript(recordWidgetEvents);
    // As a framework's effect cleanup does when the route changes as the survey starts.
    await moduleHostPage(page, browser.baseUrl, '/site/unmounted.html', `import { mount } from '/web/widget/index.js';
const definition = { id: 'unmounted', type: 'csat', display: { triggers: { delay_ms: 0 }, max_displays: null, respect_global_cooldown: false } };
const first = mount({ definition, endpoint: '/api/csat' });
first.ready.then(() => {
  first.destroy();
  window.again = mount({ definition: { id: 'unmounted', type: 'csat', display: { manual_only: true, max_displays: null } }, endpoint: '/api/csat' });
  return window.again.ready;
}).then(() => setTimeout(() => { window.settled = true; }, 100));`);
    await page.waitForFunction(() => window.settled === true);
    assert.equal(await promptPresent(page), false);
    assert.deepEqual(await widgetEvents(page, 0), []);
    // Nobody saw it: it counts neither as a display nor for the global cooldown.
    const visitor = await page.evaluate(() => JSON.parse(localStorage.getItem('csatkit:visitor')));
    assert.deepEqual([visitor.surveys.unmounted, visitor.last_shown_any], [{ displays: 0 }, null]);
    await page.evaluate(() => window.again.show());
    await page.getByRole('radiogroup').waitFor();
    assert.equal(await page.locator('csatkit-prompt').count(), 1);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('consent refused as the prompt is about to open (ready resolving): it does not open', async () => {
    const { page, problems } = await browser.newPage({});
    await moduleHostPage(page, browser.baseUrl, '/site/refused.html', `import { mount } from '/web/widget/index.js';
const definition = { id: 'refused', type: 'csat', display: { require_consent: true, triggers: { delay_ms: 0 } } };
const survey = mount({ definition, endpoint: '/api/csat', consent: true });
survey.ready.then(() => {
  survey.consent(false);
  setTimeout(() => { window.settled = true; }, 100);
});`);
    await page.waitForFunction(() => window.settled === true);
    assert.equal(await promptPresent(page), false);
    assert.equal(await page.evaluate(() => localStorage.getItem('csatkit:visitor')), null, 'consent refused: nothing kept');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('what a plain JavaScript page gets wrong is said once each, at the option or call, and the survey runs with the rest', async () => {
    const definition = { ...survey, id: 'checked', display: { ...display, require_consent: true } };
    await browser.collector.accept(definition);
    const { page, problems } = await browser.newPage({});
    await moduleHostPage(page, browser.baseUrl, '/site/checked.html', `import { mount } from '/web/widget/index.js';
mount(null); // must not throw into the page
window.survey = mount({
  definition: ${JSON.stringify(definition)},
  endpoint: '/api/csat',
  onRespone: () => {},
  touchpoint: 7,
  userId: { id: 1 },
  consent: 'yes',
});
window.survey.ready.then(() => { window.started = true; });`);
    await page.waitForFunction(() => window.started === true);
    const said = (pattern) => problems.filter((problem) => pattern.test(problem));
    assert.equal(said(/mount\.invalid at options: mount\(\) takes an object of options, got null/).length, 1, problems.join('\n'));
    assert.equal(said(/mount\.invalid at onRespone: "onRespone" is not an option of mount\(\); the options are definition, .*onResponse/).length, 1, problems.join('\n'));
    assert.equal(said(/mount\.invalid at touchpoint: touchpoint takes a string, got number/).length, 1, problems.join('\n'));
    assert.equal(said(/mount\.invalid at userId: userId takes a string or an integer, got object/).length, 1, problems.join('\n'));
    assert.equal(said(/mount\.invalid at consent: consent takes true or false, got string/).length, 1, problems.join('\n'));

    // Consent stays unknown: "yes", "false" and a misspelled event open nothing and store nothing.
    await page.evaluate(() => {
      window.survey.consent('false');
      window.survey.track(123);
      window.survey.show();
    });
    assert.equal(said(/consent\.invalid at consent: consent\(\) takes true or false, got "false"; consent is unchanged/).length, 1, problems.join('\n'));
    assert.equal(said(/track\.invalid at track: track\(\) takes an event name, got number/).length, 1, problems.join('\n'));
    assert.equal(await promptPresent(page), false);
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing stored before consent');

    await page.evaluate(() => window.survey.consent(true));
    await page.getByRole('radio', { name: '4 – Satisfied' }).click();
    const [received] = await receivedResponses(browser.collector);
    assert.deepEqual([received.survey_id, received.score, received.touchpoint, received.user_id], ['checked', 4, null, null]);
    // mount(null) also has no survey to run: said too.
    assert.equal(said(/mount\.invalid at definition: give a survey definition or its URL/).length, 1, problems.join('\n'));
    assert.equal(problems.length, 8, problems.join('\n'));
    await page.close();
  });

  test('an invalid selector given as target is reported at target, not at the definition', async () => {
    const { page, problems } = await browser.newPage({});
    await moduleHostPage(page, browser.baseUrl, '/site/target.html', `import { mount } from '/web/widget/index.js';
const definition = { id: 'targeted', type: 'helpful', presentation: { mode: 'inline', selector: 'main' }, display: { manual_only: true } };
window.survey = mount({ definition, endpoint: '/api/csat', target: '##bad' });
window.survey.ready.then(() => window.survey.show());`);
    await page.waitForFunction(() => window.survey !== undefined);
    await page.evaluate(() => window.survey.ready);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /csatkit: mount\.invalid at target: "##bad" is not a valid CSS selector/);
    assert.equal(await promptPresent(page), false);
    await page.close();
  });
});

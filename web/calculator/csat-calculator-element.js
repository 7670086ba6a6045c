// <csat-calculator lang="nl" industry="banks" scale="csat5" currency="EUR" spend="500" url-state>:
// the CSAT / ROI calculator as a custom element with an open shadow root (the page's CSS cannot
// break it; its CSS never leaks out; screen readers and tests see it whole). All figures come
// from the wasm core (compute.js); CSV files are scored in a worker (csv-panel.js).
//
// `url-state` (boolean): keep the view in the page's URL fragment, so a link reproduces it, and
// show that link. Off by default: an embedding page's URL is its own business.
import { scales as coreScales } from '../core.js';
import { chartsOf, computeView, defaultChurn, loadBenchmarks } from './compute.js';
import { chartStyle } from './chart-style.js';
import { CsvPanel } from './csv-panel.js';
import { h, uid } from './dom.js';
import { download, resultsCsv, resultsJson } from './export.js';
import { Formatter, isCurrency } from './format.js';
import { InputView } from './input-view.js';
import { loadCalculatorStylesheet } from './calculator-stylesheet.js';
import { loadTexts, pickLocale } from './locales/index.js';
import { ResultsView } from './results-view.js';
import { svgToPng } from './svg-to-png.js';
import { SCALE_IDS, decodeState, defaultState, encodeState } from './url-state.js';

export class CsatCalculatorElement extends HTMLElement {
  static get observedAttributes() {
    return ['lang'];
  }

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this.shadowRoot.adoptedStyleSheets = [loadCalculatorStylesheet().sheet];
    this.sequence = 0;
    this.csvReport = null;
    this.view = null;
    this.charts = [];
    this.onHashChange = () => this.applyLink();
  }

  connectedCallback() {
    if (!this.started) {
      this.started = true;
      this.ready = this.start();
    }
    if (this.hasAttribute('url-state')) window.addEventListener('hashchange', this.onHashChange);
  }

  disconnectedCallback() {
    window.removeEventListener('hashchange', this.onHashChange);
  }

  attributeChangedCallback(name, before, after) {
    // A new language rebuilds the controls in it; the state (what was entered) is kept.
    if (name === 'lang' && this.started && before !== after) this.ready = this.ready.then(() => this.start(this.state));
  }

  /** The current results (the core's reports and the state), or null before any input. */
  get results() {
    return this.view;
  }

  async start(keep) {
    const locale = pickLocale(this.getAttribute('lang') || document.documentElement.lang || navigator.language);
    const [t, scales, table] = await Promise.all([
      loadTexts(locale),
      // Point labels and scale anchors in the page's language (the core has the translations).
      coreScales({ locale }),
      loadBenchmarks(),
    ]).catch((error) => {
      this.shadowRoot.replaceChildren(h('p', { role: 'alert' }, `csatkit: ${error.message}`));
      throw error;
    });
    this.t = t;
    this.scales = scales.filter((scale) => SCALE_IDS.includes(scale.id));
    this.csvPanel?.stop();
    this.csvPanel = new CsvPanel({
      t,
      format: () => this.format,
      scale: () => this.state.scale,
      onReport: (report) => {
        this.csvReport = report;
        this.update();
      },
    });
    this.inputs = new InputView({ t, scales: this.scales, benchmarks: table.benchmarks, csvPanel: this.csvPanel });
    this.resultsView = new ResultsView({ t, chartExports: (chart, format, svg) => this.exportChart(chart, format, svg) });
    this.linkProblem = h('p', { class: 'calc-error calc-link-problem', role: 'alert' });
    const root = h(
      'div',
      { class: 'calc', lang: t.locale, dir: t.dir },
      h('h2', { class: 'calc-title' }, t('title')),
      h('p', { class: 'calc-intro' }, t('intro')),
      this.linkProblem,
      h('div', { class: 'calc-layout' }, this.inputs.element, h('div', { class: 'calc-output' }, this.resultsView.element, this.buildShare())),
    );
    root.addEventListener('input', (event) => this.onInput(event));
    root.addEventListener('change', (event) => this.onInput(event));
    this.shadowRoot.replaceChildren(root);

    let state = keep ?? this.stateFromAttributes();
    if (!keep && this.hasAttribute('url-state')) state = this.stateFromLink(state);
    await this.layoutScale(state.scale);
    this.setState(state);
    return this.update();
  }

  stateFromAttributes() {
    const state = defaultState();
    const scale = this.getAttribute('scale');
    if (SCALE_IDS.includes(scale)) state.scale = scale;
    const currency = (this.getAttribute('currency') ?? '').toUpperCase();
    if (isCurrency(currency)) state.currency = currency;
    const spend = Number(this.getAttribute('spend'));
    if (this.hasAttribute('spend') && Number.isFinite(spend) && spend >= 0) state.spend = spend;
    const industry = this.getAttribute('industry') ?? '';
    if (/^[a-z0-9-]{1,64}$/.test(industry)) state.industry = industry;
    return state;
  }

  /** The state of the link in the URL, or `fallback` (with the problems shown) for a bad link. */
  stateFromLink(fallback) {
    const pointsOf = (id) => this.scales.find((scale) => scale.id === id)?.points.length ?? 0;
    const { state, problems } = decodeState(location.hash, pointsOf);
    this.linkProblem.textContent = problems.length ? this.t('bad_link', { problem: problems.join('; ') }) : '';
    return state ?? fallback;
  }

  /** A link opened on this page (the fragment changed): show its view. */
  async applyLink() {
    await this.ready;
    if (location.hash.slice(1) === this.fragment) return;
    const state = this.stateFromLink(this.stateFromAttributes());
    await this.layoutScale(state.scale);
    this.setState(state);
    this.update();
  }

  async layoutScale(scaleId) {
    const scaleInfo = this.scales.find((scale) => scale.id === scaleId);
    this.inputs.layoutScale(scaleInfo, await defaultChurn(scaleInfo));
    this.resultsView.layoutScale(scaleInfo);
  }

  setState(state) {
    this.state = state;
    this.inputs.write(state);
    this.resultsView.writeControls(state);
    this.format = new Formatter(this.t.locale, state.currency);
  }

  readState() {
    const state = this.resultsView.readControls(this.inputs.read(this.state));
    this.state = state;
    if (this.format?.currency !== state.currency) this.format = new Formatter(this.t.locale, state.currency);
    return state;
  }

  async onInput(event) {
    // Controls of the CSV panel run their own scoring; everything else recomputes at once.
    if (this.csvPanel.element.contains(event.target) && event.target.name !== 'mode') return;
    if (event.type === 'change' && event.target.tagName !== 'SELECT' && event.target.type !== 'radio') return;
    if (event.target.name === 'scale') {
      await this.layoutScale(event.target.value);
      this.csvReport = null;
      this.readState();
      if (this.state.mode === 'csv' && this.csvPanel.file) this.csvPanel.run();
    }
    this.update();
  }

  /** Reads the controls, asks the core, shows the results; a newer update wins over an older one. */
  async update() {
    this.sequence += 1;
    const sequence = this.sequence;
    const state = this.readState();
    this.inputs.showPanel(state.mode);
    const scaleInfo = this.scales.find((scale) => scale.id === state.scale);
    const csvReport = this.csvReport?.scale === state.scale ? this.csvReport : null;
    let view;
    let charts = [];
    try {
      view = await computeView(state, scaleInfo, csvReport);
      if (view) charts = await chartsOf(view, chartStyle(this.t, view.scale, 'calc-chart'));
    } catch (error) {
      if (sequence !== this.sequence) return;
      this.view = null;
      this.charts = [];
      this.resultsView.clear(error);
      this.inputs.markInvalid(error.path);
      this.afterUpdate();
      return;
    }
    if (sequence !== this.sequence) return;
    this.inputs.markInvalid(null);
    this.view = view;
    this.charts = charts;
    if (view) this.resultsView.render(view, charts, this.format);
    else this.resultsView.clear();
    this.afterUpdate();
  }

  afterUpdate() {
    this.writeLink();
    const hasView = this.view !== null;
    for (const button of [this.exportCsv, this.exportJson]) button.disabled = !hasView;
    this.shareSection.hidden = !hasView;
    this.dispatchEvent(new CustomEvent('csat-calculator:results', { detail: { results: this.view } }));
  }

  /** The state as the link shares it: a CSV view as its totals per point (the file stays here). */
  linkState() {
    const state = this.state;
    if (state.mode !== 'csv' || !this.view) return state;
    const scaleInfo = this.scales.find((scale) => scale.id === state.scale);
    return { ...state, mode: 'counts', counts: scaleInfo.points.map((point) => this.view.report.distribution[point.value] ?? 0) };
  }

  writeLink() {
    this.fragment = encodeState(this.linkState());
    const url = new URL(location.href);
    url.hash = this.fragment;
    this.linkField.value = url.href;
    if (this.hasAttribute('url-state') && location.hash.slice(1) !== this.fragment) {
      history.replaceState(history.state, '', url.href);
    }
  }

  /** Downloads one chart: the core's SVG as it is, or a PNG painted from the chart on the page. */
  async exportChart(chart, format, svg) {
    if (format === 'svg') download(`csat-${chart.kind}-chart.svg`, chart.result.svg, 'image/svg+xml');
    else download(`csat-${chart.kind}-chart.png`, await svgToPng(svg), 'image/png');
  }

  buildShare() {
    const { t } = this;
    this.linkField = h('input', { type: 'text', readonly: true, id: uid('calc-link'), class: 'calc-link' });
    this.copyStatus = h('span', { role: 'status', class: 'calc-copy-status' });
    const copy = h('button', { type: 'button', class: 'calc-button calc-button--secondary', on: { click: () => this.copyLink() } }, t('copy_link'));
    const button = (label, action) => h('button', { type: 'button', class: 'calc-button calc-button--secondary', on: { click: action } }, label);
    this.exportCsv = button(t('export_csv'), () => download('csat-results.csv', resultsCsv(this.view), 'text/csv;charset=utf-8'));
    this.exportJson = button(t('export_json'), () => download('csat-results.json', resultsJson(this.view), 'application/json'));
    const linkBox = h(
      'div',
      { class: 'calc-field calc-share-link' },
      h('label', { for: this.linkField.id }, t('share_link')),
      h('div', { class: 'calc-row' }, this.linkField, copy, this.copyStatus),
    );
    linkBox.hidden = !this.hasAttribute('url-state');
    const id = uid('calc-share');
    this.shareSection = h(
      'section',
      { class: 'calc-section calc-share', 'aria-labelledby': id },
      h('h3', { id }, t('share_export')),
      linkBox,
      h('div', { class: 'calc-actions' }, this.exportCsv, this.exportJson),
    );
    return this.shareSection;
  }

  async copyLink() {
    this.linkField.select();
    try {
      await navigator.clipboard.writeText(this.linkField.value);
      this.copyStatus.textContent = this.t('link_copied');
    } catch {
      // No clipboard permission: the link is selected in its field, ready for Ctrl+C.
      this.copyStatus.textContent = '';
    }
  }
}

if (!customElements.get('csat-calculator')) customElements.define('csat-calculator', CsatCalculatorElement);

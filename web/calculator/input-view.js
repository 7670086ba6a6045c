// The calculator's inputs: survey type and scale, the answers (counts per point, totals per
// group, pasted scores or a CSV file) and the business figures. Native form controls with
// visible labels, so keyboard use and screen readers work without any ARIA tricks. read() turns
// the controls into the state; write(state) puts a state (a shared link) back into them.
import { industryName } from './benchmark-text.js';
import { h, uid } from './dom.js';
import { CURRENCIES } from './format.js';
import { groupsOf } from './compute.js';
import { MODES, SCALE_IDS, defaultState } from './url-state.js';

/** The text key of a group's name on a scale: "group_nps_positive" → "Promoters". */
export function groupName(t, scaleInfo, bucket) {
  const family = scaleInfo.family === 'nps' || scaleInfo.family === 'ces' ? scaleInfo.family : 'csat';
  return t(`group_${family}_${bucket}`);
}

/** "Satisfied (rated 4–5)": a group with the points it covers. */
export function groupLabel(t, scaleInfo, group) {
  const range = group.points.length > 1 ? `${group.points[0]}–${group.points.at(-1)}` : `${group.points[0]}`;
  return t('group_rated', { group: groupName(t, scaleInfo, group.bucket), range });
}

/**
 * A scale point for people: "4 – Satisfied", and just "9" where the label is the number itself
 * (NPS, CSAT 1–10), with the scale's words at its ends ("0 – Not at all likely").
 */
export function pointText(t, scaleInfo, point) {
  const meaning = pointMeaning(scaleInfo, point);
  return meaning === null ? String(point.value) : t('point_label', { value: point.value, label: meaning });
}

/** What a point means in the page's language ("Tevreden", "Zeer onwaarschijnlijk"), or null for a number that means itself. */
export function pointMeaning(scaleInfo, point) {
  if (point.label !== String(point.value)) return point.label;
  if (point.value === scaleInfo.min && scaleInfo.low_anchor) return scaleInfo.low_anchor;
  if (point.value === scaleInfo.max && scaleInfo.high_anchor) return scaleInfo.high_anchor;
  return null;
}

function numberOrNull(input) {
  const text = input.value.trim();
  if (text === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function numberInput(name, attributes = {}) {
  return h('input', { type: 'number', name, inputmode: 'decimal', ...attributes });
}

/** A label above its control (stacked: works at any width and in both directions). */
function field(labelText, control, hint) {
  const id = control.id || uid('calc-field');
  control.id = id;
  let hintNode = null;
  if (hint) {
    hintNode = h('p', { class: 'calc-hint', id: `${id}-hint` }, hint);
    control.setAttribute('aria-describedby', hintNode.id);
  }
  return h('div', { class: 'calc-field' }, h('label', { for: id }, labelText), control, hintNode);
}

export class InputView {
  /**
   * @param {{t: Function, scales: object[], benchmarks: object[], csvPanel: {element: Element}}} options
   */
  constructor({ t, scales, benchmarks, csvPanel }) {
    this.t = t;
    this.scales = scales;
    this.benchmarks = benchmarks;
    this.csvPanel = csvPanel;
    this.state = defaultState();
    this.element = this.build();
  }

  scaleInfo(id = this.state.scale) {
    return this.scales.find((scale) => scale.id === id);
  }

  build() {
    const { t } = this;
    this.scaleSelect = h(
      'select',
      { name: 'scale' },
      SCALE_IDS.filter((id) => this.scaleInfo(id)).map((id) => h('option', { value: id }, t(`scale_${id}`))),
    );
    this.modeRadios = MODES.map((mode) =>
      h('input', { type: 'radio', name: 'mode', value: mode, id: uid(`calc-mode-${mode}`) }),
    );
    const modes = h(
      'fieldset',
      { class: 'calc-modes' },
      h('legend', {}, t('entry')),
      this.modeRadios.map((radio) => h('div', { class: 'calc-choice' }, radio, h('label', { for: radio.id }, t(`mode_${radio.value}`)))),
    );
    this.countsPanel = h('fieldset', { class: 'calc-panel', 'data-mode': 'counts' });
    this.bucketsPanel = h('fieldset', { class: 'calc-panel', 'data-mode': 'buckets' });
    this.scoresInput = h('textarea', { name: 'scores', rows: 6, spellcheck: 'false' });
    this.scoresPanel = h('div', { class: 'calc-panel', 'data-mode': 'scores' }, field(t('scores_label'), this.scoresInput));
    this.csvPanel.element.classList.add('calc-panel');
    this.csvPanel.element.dataset.mode = 'csv';

    this.spend = numberInput('spend', { min: 0, step: 'any' });
    this.currency = h('select', { name: 'currency' }, CURRENCIES.map((code) => h('option', { value: code }, code)));
    this.customers = numberInput('customers', { min: 1, step: 1, inputmode: 'numeric' });
    this.churnInputs = [0, 1, 2].map((index) => numberInput(`churn-${index}`, { min: 0, max: 100, step: 'any' }));
    this.churnLabels = this.churnInputs.map(() => h('label'));
    this.churnSource = h('p', { class: 'calc-hint calc-source' });
    this.industry = h(
      'select',
      { name: 'industry' },
      h('option', { value: '' }, t('industry_none')),
      this.benchmarks.map((b) => h('option', { value: b.id }, `${industryName(t, b)} (ACSI ${b.year})`)),
    );
    this.target = numberInput('target', { min: 0, max: 100, step: 'any' });

    return h(
      'form',
      { class: 'calc-inputs', novalidate: true, on: { submit: (event) => event.preventDefault() } },
      h(
        'fieldset',
        { class: 'calc-group' },
        h('legend', {}, t('survey')),
        field(t('scale'), this.scaleSelect),
        modes,
        this.countsPanel,
        this.bucketsPanel,
        this.scoresPanel,
        this.csvPanel.element,
      ),
      h(
        'fieldset',
        { class: 'calc-group' },
        h('legend', {}, t('business')),
        h('div', { class: 'calc-row' }, field(t('spend'), this.spend), field(t('currency'), this.currency)),
        field(t('customers'), this.customers, t('customers_hint')),
        h(
          'fieldset',
          { class: 'calc-churn' },
          h('legend', {}, t('churn_legend')),
          this.churnInputs.map((input, index) => {
            input.id = uid('calc-churn');
            this.churnLabels[index].htmlFor = input.id;
            return h('div', { class: 'calc-field' }, this.churnLabels[index], input);
          }),
          this.churnSource,
        ),
        field(t('industry'), this.industry),
        field(t('target'), this.target),
      ),
    );
  }

  /** Rebuilds the per-point and per-group inputs for a scale (keeping values where they fit). */
  layoutScale(scaleInfo, churnDefaults) {
    const { t } = this;
    this.countInputs = scaleInfo.points.map((point) =>
      numberInput(`count-${point.value}`, { min: 0, step: 1, inputmode: 'numeric', 'data-point': point.value }),
    );
    this.countsPanel.replaceChildren(
      h('legend', {}, t('counts_legend')),
      h(
        'div',
        { class: 'calc-grid' },
        scaleInfo.points.map((point, index) => field(pointText(t, scaleInfo, point), this.countInputs[index])),
      ),
    );
    const groups = groupsOf(scaleInfo);
    this.groups = groups;
    this.bucketInputs = groups.map((group) => numberInput(`bucket-${group.bucket}`, { min: 0, step: 1, inputmode: 'numeric' }));
    this.bucketsPanel.replaceChildren(
      h('legend', {}, t('buckets_legend')),
      h('div', { class: 'calc-grid' }, groups.map((group, index) => field(groupLabel(t, scaleInfo, group), this.bucketInputs[index]))),
      h('p', { class: 'calc-hint' }, t('buckets_no_mean')),
    );
    groups.forEach((group, index) => {
      this.churnLabels[index].textContent = t('churn_label', { group: groupName(t, scaleInfo, group.bucket) });
    });
    this.churnDefaults = churnDefaults.percent;
    this.churnSource.textContent = t('churn_source', { source: churnDefaults.source });
    for (const [index, input] of this.churnInputs.entries()) input.placeholder = String(this.churnDefaults[index]);
  }

  /** The state the controls show (CSV column choices come from the CSV panel). */
  read(previous) {
    const state = { ...previous, csv: this.csvPanel.readOptions() };
    state.scale = this.scaleSelect.value;
    state.mode = this.modeRadios.find((radio) => radio.checked)?.value ?? 'counts';
    state.counts = this.countInputs.map(numberOrNull);
    state.buckets = this.bucketInputs.map(numberOrNull);
    state.scores = this.scoresInput.value;
    state.spend = numberOrNull(this.spend);
    state.currency = this.currency.value;
    state.customers = numberOrNull(this.customers);
    // A churn field showing its default is "not set": links stay short and follow the core's defaults.
    state.churn = this.churnInputs.map((input, index) => {
      const value = numberOrNull(input);
      return value === null || value === this.churnDefaults[index] ? null : value;
    });
    state.industry = this.industry.value;
    state.target = numberOrNull(this.target);
    this.state = state;
    return state;
  }

  write(state) {
    this.state = state;
    this.scaleSelect.value = state.scale;
    for (const radio of this.modeRadios) radio.checked = radio.value === state.mode;
    this.countInputs.forEach((input, index) => (input.value = state.counts[index] ?? ''));
    this.bucketInputs.forEach((input, index) => (input.value = state.buckets[index] ?? ''));
    this.scoresInput.value = state.scores;
    this.spend.value = state.spend ?? '';
    if (![...this.currency.options].some((option) => option.value === state.currency)) {
      this.currency.append(h('option', { value: state.currency }, state.currency));
    }
    this.currency.value = state.currency;
    this.customers.value = state.customers ?? '';
    this.churnInputs.forEach((input, index) => (input.value = state.churn[index] ?? this.churnDefaults[index]));
    this.industry.value = state.industry;
    this.target.value = state.target ?? '';
    this.csvPanel.writeOptions(state.csv);
    this.showPanel(state.mode);
  }

  showPanel(mode) {
    for (const panel of [this.countsPanel, this.bucketsPanel, this.scoresPanel, this.csvPanel.element]) {
      panel.hidden = panel.dataset.mode !== mode;
    }
  }

  /** Marks the input a core error's path names ("$.counts.3"), if any; returns it. */
  markInvalid(path) {
    for (const input of this.element.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
    const point = /^\$\.counts\.(\d+)$/.exec(path ?? '')?.[1];
    let input = null;
    if (point !== undefined && this.state.mode === 'counts') {
      input = this.countInputs.find((candidate) => candidate.dataset.point === point);
    } else if (point !== undefined && this.state.mode === 'buckets') {
      // Totals sit on their group's first point (compute.js countsFromGroups).
      input = this.bucketInputs[this.groups.findIndex((group) => String(group.points[0]) === point)];
    }
    input?.setAttribute('aria-invalid', 'true');
    return input;
  }
}

// The collector's dashboard: asks for the admin token once, then shows one survey live — its
// score with the interval, distribution and trend (the calculator's own results view and the
// core's charts, fed the collector's summary, which is the same report `csatkit score` prints)
// and its latest comments. Nothing is computed here: the collector's report goes through the
// calculator's computeView/chartsOf (the core) and ResultsView (the wording and layout).
// Every text, above all the comments (hostile input), reaches the page as text nodes (dom.js h()).
import { chartStyle } from '../calculator/chart-style.js';
import { chartsOf, computeView } from '../calculator/compute.js';
import { fill, h, uid } from '../calculator/dom.js';
import { Formatter } from '../calculator/format.js';
import { loadTexts, pickLocale } from '../calculator/locales/index.js';
import { ResultsView } from '../calculator/results-view.js';
import { defaultState } from '../calculator/url-state.js';
import { scales as coreScales } from '../core.js';
import { CollectorClient } from './collector-client.js';
import { dashboardText as d } from './dashboard-texts.js';
import { LivePoller } from './live-poller.js';
import { tokenStore } from './token-store.js';

const COMMENTS_SHOWN = 10;
const PERIODS = ['day', 'week', 'month'];
// The calculator's sections the dashboard has no inputs for (spend, industry, target margin).
const UNUSED_SECTIONS = ['benchmark', 'revenue', 'planning'];

export class Dashboard {
  /** @param {HTMLElement} root @param {{interval?: number}} [options] refresh interval in ms */
  constructor(root, { interval = 5000 } = {}) {
    this.root = root;
    this.interval = interval;
    this.poller = new LivePoller(() => this.refresh(), { interval });
    this.client = null;
    this.lastData = null;
    this.lastTime = null;
  }

  async start() {
    const lang = document.documentElement.lang || 'en';
    // Point labels in the page's language too (the comments show them).
    const [t, scales] = await Promise.all([loadTexts(lang), coreScales({ locale: pickLocale(lang) })]);
    this.t = t;
    this.scales = scales;
    this.format = new Formatter(t.locale, 'USD');
    this.timeFormat = new Intl.DateTimeFormat(t.locale, { dateStyle: 'medium', timeStyle: 'medium' });
    this.build();
    const token = tokenStore.read();
    if (token) await this.open(token);
    else this.showSignIn();
  }

  build() {
    const { t } = this;
    this.problem = h('p', { class: 'calc-error dash-problem', role: 'alert' });

    this.tokenInput = h('input', { type: 'password', id: uid('dash-token'), name: 'token', autocomplete: 'off', spellcheck: 'false', required: true });
    this.signIn = h(
      'form',
      { class: 'dash-sign-in', on: { submit: (event) => this.onSignIn(event) } },
      h('div', { class: 'calc-field' }, h('label', { for: this.tokenInput.id }, d('token')), this.tokenInput),
      h('p', { class: 'calc-hint' }, d('token_hint')),
      h('button', { type: 'submit', class: 'calc-button' }, d('sign_in')),
    );

    this.surveySelect = h('select', { id: uid('dash-survey'), name: 'survey', on: { change: () => this.poller.now() } });
    this.periodSelect = h(
      'select',
      { id: uid('dash-period'), name: 'by', on: { change: () => this.poller.now() } },
      PERIODS.map((period) => h('option', { value: period }, t(`by_${period}`))),
    );
    this.status = h('p', { class: 'calc-hint dash-status' });
    const controls = h(
      'div',
      { class: 'calc-row dash-controls' },
      h('div', { class: 'calc-field' }, h('label', { for: this.surveySelect.id }, d('survey')), this.surveySelect),
      h('div', { class: 'calc-field' }, h('label', { for: this.periodSelect.id }, t('csv_by')), this.periodSelect),
      h(
        'div',
        { class: 'calc-actions dash-actions' },
        h('button', { type: 'button', class: 'calc-button', on: { click: () => this.poller.now() } }, d('refresh')),
        h('button', { type: 'button', class: 'calc-button calc-button--secondary', on: { click: () => this.signOut() } }, d('sign_out')),
      ),
    );

    this.surveyHeading = h('h2', { class: 'dash-survey' });
    this.results = new ResultsView({ t });
    for (const name of UNUSED_SECTIONS) this.results.sections[name].remove();

    const commentsId = uid('dash-comments');
    this.commentsNote = h('p', { class: 'calc-hint' });
    this.commentsList = h('ol', { class: 'dash-comment-list' });
    this.comments = h(
      'section',
      { class: 'calc-section dash-comments', 'aria-labelledby': commentsId },
      h('h3', { id: commentsId }, d('comments')),
      this.commentsNote,
      this.commentsList,
    );

    this.board = h('div', { class: 'dash-board' }, controls, this.status, this.surveyHeading, this.results.element, this.comments);
    // Neither until the stored token (if any) has been tried: no flash of the form.
    this.board.hidden = true;
    this.signIn.hidden = true;
    fill(
      this.root,
      h('h1', { class: 'calc-title' }, d('title')),
      h('p', { class: 'calc-intro' }, d('intro')),
      this.problem,
      this.signIn,
      this.board,
    );
  }

  showSignIn(problem = '') {
    this.poller.stop();
    this.client = null;
    this.lastData = null;
    this.board.hidden = true;
    this.signIn.hidden = false;
    this.problem.textContent = problem;
    this.tokenInput.value = '';
    this.tokenInput.focus();
  }

  onSignIn(event) {
    event.preventDefault(); // never a native submission: the token must not end up in a URL
    const token = this.tokenInput.value.trim();
    if (token) this.open(token);
  }

  /** Checks the token with a first read; shows the board, or the form again with the reason. */
  async open(token) {
    const client = new CollectorClient({ token });
    let surveys;
    try {
      surveys = await client.surveys();
      if (surveys.length) await client.summary(surveys[0], 'day');
    } catch (error) {
      if (error.unauthorized) {
        tokenStore.forget();
        this.showSignIn(d('token_refused', { status: error.status, message: error.message }));
      } else {
        this.showSignIn(error.message);
      }
      return;
    }
    tokenStore.write(token);
    this.client = client;
    const chosen = this.surveySelect.value;
    fill(this.surveySelect, surveys.map((id) => h('option', { value: id }, id)));
    if (surveys.includes(chosen)) this.surveySelect.value = chosen;
    this.signIn.hidden = true;
    this.board.hidden = false;
    this.problem.textContent = surveys.length ? '' : d('no_surveys');
    if (surveys.length) this.poller.start();
  }

  signOut() {
    tokenStore.forget();
    this.showSignIn();
  }

  /** One live update: the survey's report and comments, drawn again only when they changed. */
  async refresh() {
    const client = this.client;
    const surveyId = this.surveySelect.value;
    const by = this.periodSelect.value;
    if (!client || !surveyId) return;
    let data;
    try {
      const [report, comments] = await Promise.all([client.summary(surveyId, by), client.latestComments(surveyId, COMMENTS_SHOWN)]);
      data = { surveyId, by, report, comments };
    } catch (error) {
      if (client !== this.client) return;
      if (error.unauthorized) {
        tokenStore.forget();
        this.showSignIn(d('token_refused', { status: error.status, message: error.message }));
        return;
      }
      const seconds = this.interval / 1000;
      this.problem.textContent = d('refresh_failed', { message: error.message, seconds, time: this.lastTime ? this.timeFormat.format(this.lastTime) : '—' });
      return;
    }
    // The survey or period changed, or the token was forgotten, while this was on its way.
    if (client !== this.client || surveyId !== this.surveySelect.value || by !== this.periodSelect.value) return;
    this.problem.textContent = '';
    this.lastTime = new Date();
    this.status.textContent = d('live', { time: this.timeFormat.format(this.lastTime), seconds: this.interval / 1000 });
    const key = JSON.stringify(data);
    if (key === this.lastData) return; // nothing new: no redraw, nothing re-announced
    this.lastData = key;
    try {
      await this.render(data);
    } catch (error) {
      this.lastData = null;
      this.problem.textContent = this.t('error', { message: error.message });
    }
  }

  async render({ surveyId, report, comments }) {
    this.surveyHeading.textContent = surveyId;
    this.renderComments(comments, report.scale);
    const scale = this.scales.find((s) => s.id === report.scale);
    if (report.n === 0 || !scale) {
      this.results.clear();
      this.results.headline.textContent = d('no_responses', { survey: surveyId });
      return;
    }
    // The collector's summary is a CSV report (`csatkit score` of its export): the calculator's
    // CSV view of it, with the trend per period.
    const state = { ...defaultState(), scale: scale.id, mode: 'csv' };
    const view = await computeView(state, scale, report);
    const charts = await chartsOf(view, chartStyle(this.t, scale, 'dash-chart'));
    this.results.layoutScale(scale);
    this.results.render(view, charts, this.format);
  }

  renderComments(comments, scaleId) {
    const { t } = this;
    const f = this.format;
    const scale = this.scales.find((s) => s.id === scaleId);
    const labelOf = (response) => scale?.points.find((p) => p.value === response.score)?.label ?? response.label ?? '';
    this.commentsNote.textContent = comments.total
      ? d('comments_count', { shown: f.whole.format(comments.responses.length), total: f.whole.format(comments.total) })
      : d('no_comments');
    fill(
      this.commentsList,
      comments.responses.map((response) => {
        const meta = [d('comment_meta', { score: t('point_label', { value: response.score, label: labelOf(response) }), time: this.timeFormat.format(new Date(response.received_at)) })];
        if (response.touchpoint) meta.push(d('touchpoint', { touchpoint: response.touchpoint }));
        if (response.reasons?.length) meta.push(d('reasons', { reasons: response.reasons.join(', ') }));
        return h(
          'li',
          { class: 'dash-comment', 'data-response': response.id },
          h('blockquote', { class: 'dash-comment-text' }, response.comment),
          h('p', { class: 'calc-hint' }, meta.join(' · ')),
        );
      }),
    );
  }
}

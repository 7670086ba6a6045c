// The CSV input: drop a file or pick one, choose the rating/date/segment columns, and the file is
// scored in the worker (csv-client.js) with a progress bar and a Cancel button. Bad rows are
// listed with their line numbers; a file that cannot be scored at all (no rating column) says
// why, and the previous results stay.
import { CsvScorer, readHeader } from './csv-client.js';
import { fill, h, uid } from './dom.js';
import { PERIODS } from './url-state.js';

export class CsvPanel {
  /**
   * @param {{t: Function, format: () => import('./format.js').Formatter, scale: () => string,
   *   onReport: (report: object|null, name: string) => void}} options
   */
  constructor({ t, format, scale, onReport }) {
    this.t = t;
    this.format = format;
    this.scale = scale;
    this.onReport = onReport;
    this.scorer = new CsvScorer();
    this.file = null;
    this.job = null;
    this.element = this.build();
  }

  build() {
    const { t } = this;
    const select = (name, first) => h('select', { name, id: uid(`calc-${name}`) }, h('option', { value: '' }, first));
    this.fileInput = h('input', { type: 'file', accept: '.csv,.tsv,.txt,text/csv,text/plain', id: uid('calc-file') });
    this.fileInput.addEventListener('change', () => {
      if (this.fileInput.files?.[0]) this.useFile(this.fileInput.files[0]);
    });
    this.fileName = h('p', { class: 'calc-file-name' });
    this.rating = select('csv-rating', t('csv_detect'));
    this.date = select('csv-date', t('csv_none'));
    this.segment = select('csv-segment', t('csv_none'));
    this.by = h('select', { name: 'csv-by', id: uid('calc-by') }, PERIODS.map((p) => h('option', { value: p }, t(`by_${p}`))));
    this.by.value = 'week';
    this.scoreButton = h('button', { type: 'button', class: 'calc-button', on: { click: () => this.run() } }, t('csv_score'));
    this.progress = h('progress', { max: 1, value: 0, 'aria-label': t('csv_progress') });
    this.progressText = h('span', { class: 'calc-progress-text' });
    this.cancelButton = h('button', { type: 'button', class: 'calc-button calc-button--secondary', on: { click: () => this.cancel() } }, t('csv_cancel'));
    this.progressBox = h('div', { class: 'calc-progress', hidden: true }, this.progress, this.progressText, this.cancelButton);
    this.status = h('p', { class: 'calc-csv-status', role: 'status' });
    this.problem = h('p', { class: 'calc-error', role: 'alert' });
    this.badRows = h('div', { class: 'calc-bad-rows' });

    const labelled = (text, control) => h('div', { class: 'calc-field' }, h('label', { for: control.id }, text), control);
    this.dropZone = h(
      'div',
      { class: 'calc-drop' },
      h('p', {}, t('csv_drop')),
      labelled(t('csv_choose'), this.fileInput),
      h('p', { class: 'calc-hint' }, t('csv_private')),
    );
    // Drag and drop anywhere on the zone; the file picker above is the keyboard way in.
    this.dropZone.addEventListener('dragover', (event) => {
      event.preventDefault();
      this.dropZone.classList.add('calc-drop--over');
    });
    this.dropZone.addEventListener('dragleave', () => this.dropZone.classList.remove('calc-drop--over'));
    this.dropZone.addEventListener('drop', (event) => {
      event.preventDefault();
      this.dropZone.classList.remove('calc-drop--over');
      const file = event.dataTransfer?.files?.[0];
      if (file) this.useFile(file);
    });
    for (const control of [this.rating, this.date, this.segment, this.by]) {
      control.addEventListener('change', () => this.file && this.run());
    }
    return h(
      'fieldset',
      {},
      h('legend', {}, t('csv_legend')),
      this.dropZone,
      this.fileName,
      h(
        'div',
        { class: 'calc-grid' },
        labelled(t('csv_rating'), this.rating),
        labelled(t('csv_date'), this.date),
        labelled(t('csv_by'), this.by),
        labelled(t('csv_segment'), this.segment),
      ),
      this.scoreButton,
      this.progressBox,
      this.status,
      this.problem,
      this.badRows,
    );
  }

  readOptions() {
    return { column: this.rating.value, date: this.date.value, by: this.by.value, segment: this.segment.value };
  }

  /** Column choices from a link: kept as options until a file with those columns arrives. */
  writeOptions(csv) {
    this.wanted = csv;
    for (const [select, value] of [[this.rating, csv.column], [this.date, csv.date], [this.segment, csv.segment]]) {
      if (value && ![...select.options].some((option) => option.value === value)) select.append(h('option', { value }, value));
      select.value = value;
    }
    this.by.value = csv.by;
  }

  async useFile(file) {
    this.file = file;
    this.fileName.textContent = this.t('csv_file', { name: file.name || 'CSV', size: this.format().bytes.format(file.size / 1e6) });
    const columns = await readHeader(file);
    const keep = this.readOptions();
    const listColumns = (select, first) => {
      fill(select, h('option', { value: '' }, first), columns.map((name) => h('option', { value: name }, name)));
    };
    listColumns(this.rating, this.t('csv_detect'));
    listColumns(this.date, this.t('csv_none'));
    listColumns(this.segment, this.t('csv_none'));
    // Keep a choice that still fits (a second export of the same shape); else guess the date column.
    this.rating.value = columns.includes(keep.column) ? keep.column : '';
    this.date.value = columns.includes(keep.date) ? keep.date : columns.find((name) => /date|time|created|day/i.test(name)) ?? '';
    this.segment.value = columns.includes(keep.segment) ? keep.segment : '';
    return this.run();
  }

  /** Scores the chosen file with the current options; a running scoring is cancelled first. */
  run() {
    const { t } = this;
    if (!this.file) {
      this.problem.textContent = t('csv_choose_first');
      return Promise.resolve();
    }
    this.job?.cancel();
    this.problem.textContent = '';
    const { column, date, by, segment } = this.readOptions();
    const options = { scale: this.scale(), max_bad_rows: 100 };
    if (column) options.column = column;
    if (date) {
      options.date_column = date;
      options.by = by;
    }
    if (segment) options.segment = segment;
    const file = this.file;
    this.progress.value = 0;
    this.progressText.textContent = '';
    this.progressBox.hidden = false;
    this.status.textContent = '';
    const job = this.scorer.score(file, options, ({ bytes, rows, totalBytes }) => {
      if (this.job !== job) return;
      const share = totalBytes ? bytes / totalBytes : 0;
      this.progress.value = share;
      this.progressText.textContent = t('csv_progress_text', {
        rows: this.format().whole.format(rows),
        percent: this.format().percent.format(share),
      }, rows);
    });
    this.job = job;
    return job.promise.then(
      (report) => {
        if (this.job !== job) return;
        this.job = null;
        this.progressBox.hidden = true;
        if (report === null) {
          this.status.textContent = t('csv_cancelled');
          return;
        }
        this.status.textContent = t('csv_done', { rows: this.format().whole.format(report.rows), name: file.name || 'CSV' }, report.rows);
        this.showBadRows(report);
        this.onReport(report, file.name);
      },
      (error) => {
        if (this.job !== job) return;
        this.job = null;
        this.progressBox.hidden = true;
        this.problem.textContent = t('error', { message: error.message });
        fill(this.badRows);
      },
    );
  }

  cancel() {
    this.job?.cancel();
  }

  showBadRows(report) {
    const { t } = this;
    if (!report.bad_rows) {
      fill(this.badRows);
      return;
    }
    const listId = uid('calc-bad');
    fill(
      this.badRows,
      h('p', { id: listId, class: 'calc-warning' }, t('csv_bad_rows', { count: this.format().whole.format(report.bad_rows) }, report.bad_rows)),
      h(
        'ul',
        { 'aria-labelledby': listId },
        report.first_bad_rows.map((row) => h('li', {}, t('csv_line', { line: row.line, reason: row.reason }))),
      ),
      report.bad_rows > report.first_bad_rows.length
        ? h('p', { class: 'calc-hint' }, t('csv_bad_more', { shown: this.format().whole.format(report.first_bad_rows.length) }, report.first_bad_rows.length))
        : null,
    );
  }

  stop() {
    this.scorer.stop();
  }
}

// The counts calculator: reads five counts, asks the core for the CSAT report, shows it.
// Every number comes from the wasm core; this file only formats and wires the page.
import { CsatkitError, score } from '/web/core.js';

const form = document.getElementById('counts-form');
const result = document.getElementById('result');
const mean = document.getElementById('mean');
const error = document.getElementById('error');
const inputs = [...form.querySelectorAll('input[type="number"]')];

const oneDecimal = new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const whole = new Intl.NumberFormat('en');

function range(estimate, format) {
  if (estimate.low === null || estimate.high === null) return 'no interval';
  return `${format.format(estimate.low)}–${format.format(estimate.high)}`;
}

function showReport(report) {
  const level = `${Math.round(report.confidence * 100)}%`;
  if (report.csat.percent === null) {
    result.textContent = `CSAT —, n = ${whole.format(report.n)}`;
  } else {
    result.textContent =
      `CSAT ${oneDecimal.format(report.csat.percent)}% (${level} CI ${range(report.csat, oneDecimal)}), ` +
      `n = ${whole.format(report.n)}`;
  }
  mean.textContent =
    report.mean.value === null
      ? ''
      : `Mean ${twoDecimals.format(report.mean.value)} out of 5 (${level} CI ${range(report.mean, twoDecimals)})`;
}

function showError(problem) {
  result.textContent = 'No result.';
  mean.textContent = '';
  error.textContent =
    problem instanceof CsatkitError ? problem.message : `Something went wrong: ${problem?.message ?? problem}`;
  // "$.counts.3" names the input that was wrong.
  const point = problem instanceof CsatkitError ? /^\$\.counts\.(\d+)$/.exec(problem.path)?.[1] : undefined;
  const input = inputs.find((candidate) => candidate.name === point);
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  for (const input of inputs) input.removeAttribute('aria-invalid');
  const counts = {};
  for (const input of inputs) {
    const text = input.value.trim();
    counts[input.name] = text === '' ? 0 : Number(text);
  }
  try {
    showReport(await score({ scale: 'csat5', counts }));
  } catch (problem) {
    showError(problem);
  }
});

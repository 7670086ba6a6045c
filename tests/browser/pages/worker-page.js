// Starts a module worker that loads the core, and shows what it answers.
const worker = new Worker('/test/score-worker.js', { type: 'module' });
worker.addEventListener('message', (event) => {
  document.getElementById('result').textContent = JSON.stringify(event.data);
});
worker.addEventListener('error', (event) => {
  document.getElementById('result').textContent = JSON.stringify({ error: event.message ?? 'worker error' });
});
worker.postMessage({ scale: 'csat5', counts: { 1: 100, 2: 100, 3: 200, 4: 300, 5: 300 } });

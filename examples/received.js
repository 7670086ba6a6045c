// The example pages' "What the endpoint received" panel: the demo server's /api/csat lists what
// the collector stored (scripts/serve.mjs), so a visitor sees each answer arrive. Not part of
// csatkit: a page embedding it needs none of this.
const panel = document.getElementById('received');

async function refresh() {
  try {
    const { responses } = await (await fetch('/api/csat')).json();
    panel.textContent = responses.length ? JSON.stringify(responses, null, 2) : 'Nothing yet.';
  } catch (error) {
    panel.textContent = `The demo endpoint did not answer (${error.message}).`;
  }
}

document.getElementById('refresh').addEventListener('click', refresh);
// An answer is posted right after the event, and retried if the endpoint is down: look twice.
addEventListener('csatkit:response', () => {
  setTimeout(refresh, 500);
  setTimeout(refresh, 2000);
});
refresh();

// The host page's own code: it only tells csatkit that the chat closed, and shows what the demo
// endpoint received.
const received = document.getElementById('received');

async function refresh() {
  const { responses } = await (await fetch('/api/csat')).json();
  received.textContent = JSON.stringify(responses, null, 2);
}

document.getElementById('close-chat').addEventListener('click', () => window.csatkit.track('chat_closed'));
document.getElementById('refresh').addEventListener('click', refresh);
addEventListener('csatkit:response', () => setTimeout(refresh, 500));
refresh();

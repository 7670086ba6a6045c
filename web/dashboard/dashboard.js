// The dashboard page's entry (web/dashboard/index.html, served by `csatkit serve` at /dashboard).
import { Dashboard } from './dashboard-view.js';

const root = document.getElementById('dashboard');
new Dashboard(root).start().catch((error) => {
  root.append(Object.assign(document.createElement('p'), { className: 'calc-error', role: 'alert', textContent: `csatkit: ${error.message}` }));
});

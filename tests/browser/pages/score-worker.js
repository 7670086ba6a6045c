// The core inside a module worker, as the calculator runs it: score the request it is sent.
import { CsatkitError, score } from '/web/core.js';

self.addEventListener('message', async (event) => {
  try {
    self.postMessage({ report: await score(event.data) });
  } catch (error) {
    self.postMessage({ error: error instanceof CsatkitError ? error.code : String(error) });
  }
});

// "Live" for the dashboard: a refresh now and then every few seconds while the tab is visible;
// none while it is hidden (no reads nobody looks at), and one at once when it shows again.
// Polling, not Server-Sent Events: an EventSource cannot send the Authorization header, and the
// admin token must not travel in a URL.

export class LivePoller {
  /**
   * @param {() => Promise<void>} refresh never rejects (it shows its own errors)
   * @param {{interval?: number, document?: Document}} [options] interval in ms (default 5000)
   */
  constructor(refresh, { interval = 5000, document = globalThis.document } = {}) {
    this.refresh = refresh;
    this.interval = interval;
    this.document = document;
    this.timer = null;
    this.running = false;
    this.busy = null;
    this.again = false;
    this.onVisibility = () => {
      if (this.document.visibilityState === 'visible') this.now();
      else this.cancel();
    };
  }

  start() {
    if (this.running) return this.busy ?? Promise.resolve();
    this.running = true;
    this.document.addEventListener('visibilitychange', this.onVisibility);
    return this.now();
  }

  stop() {
    this.running = false;
    this.cancel();
    this.document.removeEventListener('visibilitychange', this.onVisibility);
  }

  /** Refreshes at once (or once more right after the one under way), then keeps the rhythm. */
  async now() {
    this.cancel();
    if (!this.running) return;
    if (this.busy) {
      this.again = true;
      return this.busy;
    }
    this.busy = (async () => {
      do {
        this.again = false;
        await this.refresh();
      } while (this.again && this.running);
    })();
    await this.busy;
    this.busy = null;
    this.cancel();
    if (this.running && this.document.visibilityState === 'visible') {
      this.timer = setTimeout(() => this.now(), this.interval);
    }
  }

  cancel() {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

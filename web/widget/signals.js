// What the page tells us about the visitor's moment, gathered cheaply: passive listeners only,
// no polling, nothing computed beyond raw facts. The core turns these into a decision
// (display_decision's "page" object); this module never decides anything.

const FAST_SCROLL_UP_PX = 120; // mobile exit intent: this far up …
const FAST_SCROLL_UP_MS = 250; // … within this time (a flick towards the address bar)
const PAGEVIEWS_KEY = 'csatkit:pageviews';
// This page view's number in the session, on the window: counted once per page however many
// surveys ask, and whichever copy of this module asks (the script tag's bundle, an npm import).
const PAGE_NUMBER = Symbol.for('csatkit.pageview');

/**
 * Starts listening; every subscriber is called (unthrottled) when a signal changes. One set of
 * signals serves every survey of the script tag's page; what is one survey's own (show() was
 * called for it) is kept by that survey (mount.js).
 * @returns {{snapshot(): object, track(name: string): void, countPageview(): void, subscribe(listener: (reason: string) => void): () => void, stop(): void}}
 */
export function createSignals() {
  const listeners = new AbortController();
  const options = { passive: true, signal: listeners.signal };
  let scrollPercent = 0;
  let exitIntent = false;
  let pageviews = 1;
  const events = [];
  const subscribers = new Set();
  // Visible time on page: accumulated while the tab is visible.
  let visibleMs = 0;
  let visibleSince = document.visibilityState === 'visible' ? performance.now() : null;
  // Taken at the first scroll, not now: reading scrollY while the page is still loading can
  // force its first layout early, inside the loader's task.
  let lastScrollY = null;
  let lastScrollAt = performance.now();

  const signals = {
    snapshot() {
      const now = performance.now();
      return {
        url: location.href,
        pageviews,
        ms_on_page: Math.round(visibleMs + (visibleSince === null ? 0 : now - visibleSince)),
        ms_since_load: Math.round(now),
        scroll_percent: scrollPercent,
        exit_intent: exitIntent,
        events: [...events],
      };
    },
    track(name) {
      events.push(String(name));
      changed('event');
    },
    /** Counts this page view in the session (once per page); called once storage may be used. */
    countPageview() {
      pageviews = globalThis[PAGE_NUMBER] ??= countThisPage();
    },
    /** Calls `listener(reason)` on every change from now on; returns how to stop. */
    subscribe(listener) {
      subscribers.add(listener);
      return () => subscribers.delete(listener);
    },
    stop() {
      listeners.abort();
      subscribers.clear();
    },
  };

  function changed(reason) {
    for (const listener of subscribers) listener(reason);
  }

  function measureScroll() {
    const root = document.documentElement;
    const scrollable = root.scrollHeight - innerHeight;
    const percent = scrollable <= 0 ? 100 : Math.min(100, Math.round(((scrollY + innerHeight) / root.scrollHeight) * 100));
    if (percent > scrollPercent) {
      scrollPercent = percent;
      changed('scroll');
    }
  }

  function exit() {
    if (exitIntent) return;
    exitIntent = true;
    changed('exit_intent');
  }

  addEventListener(
    'scroll',
    () => {
      measureScroll();
      const now = performance.now();
      lastScrollY ??= scrollY;
      if (lastScrollY - scrollY > FAST_SCROLL_UP_PX && now - lastScrollAt < FAST_SCROLL_UP_MS && matchMedia('(pointer: coarse)').matches) exit();
      if (now - lastScrollAt >= FAST_SCROLL_UP_MS) {
        lastScrollY = scrollY;
        lastScrollAt = now;
      }
    },
    options,
  );
  // Desktop: the pointer leaves through the top edge (towards the tabs or the address bar).
  document.addEventListener(
    'mouseout',
    (event) => {
      if (!event.relatedTarget && event.clientY <= 0) exit();
    },
    options,
  );
  document.addEventListener(
    'visibilitychange',
    () => {
      const now = performance.now();
      if (document.visibilityState === 'visible') {
        visibleSince = now;
      } else {
        if (visibleSince !== null) visibleMs += now - visibleSince;
        visibleSince = null;
        // Mobile: switching away from the tab is the closest thing to leaving.
        if (matchMedia('(pointer: coarse)').matches) exit();
      }
      changed('visibility');
    },
    options,
  );
  // Read in a frame, where the page is laid out anyway: read in the load event, it could force
  // the page's first layout early, inside our task.
  const measureInFrame = () => requestAnimationFrame(measureScroll);
  if (document.readyState === 'complete') measureInFrame();
  else addEventListener('load', measureInFrame, { once: true, signal: listeners.signal });
  return signals;
}

function countThisPage() {
  try {
    const number = Number(sessionStorage.getItem(PAGEVIEWS_KEY) || 0) + 1;
    sessionStorage.setItem(PAGEVIEWS_KEY, String(number));
    return number;
  } catch {
    return 1; // storage blocked (private mode, sandboxed frame): this page view is the first
  }
}

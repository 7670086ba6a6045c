// What the page tells us about the visitor's moment, gathered cheaply: passive listeners only,
// no polling, nothing computed beyond raw facts. The core turns these into a decision
// (display_decision's "page" object); this module never decides anything.

const FAST_SCROLL_UP_PX = 120; // mobile exit intent: this far up …
const FAST_SCROLL_UP_MS = 250; // … within this time (a flick towards the address bar)
const PAGEVIEWS_KEY = 'csatkit:pageviews';

/**
 * Starts listening; `onChange()` is called (unthrottled) when a signal changes.
 * @returns {{snapshot(): object, track(name: string): void, requestShow(): void, countPageview(): void, stop(): void, onChange: ((reason: string) => void) | null}}
 */
export function createSignals() {
  const listeners = new AbortController();
  const options = { passive: true, signal: listeners.signal };
  let scrollPercent = 0;
  let exitIntent = false;
  let manual = false;
  let pageviews = 1;
  let pageviewCounted = false;
  const events = [];
  // Visible time on page: accumulated while the tab is visible.
  let visibleMs = 0;
  let visibleSince = document.visibilityState === 'visible' ? performance.now() : null;
  // Taken at the first scroll, not now: reading scrollY while the page is still loading can
  // force its first layout early, inside the loader's task.
  let lastScrollY = null;
  let lastScrollAt = performance.now();

  const signals = {
    onChange: null,
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
        manual,
      };
    },
    track(name) {
      events.push(String(name));
      changed('event');
    },
    requestShow() {
      manual = true;
      changed('manual');
    },
    /** Counts this page view in the session; called once storage may be used. */
    countPageview() {
      if (pageviewCounted) return;
      pageviewCounted = true;
      try {
        pageviews = Number(sessionStorage.getItem(PAGEVIEWS_KEY) || 0) + 1;
        sessionStorage.setItem(PAGEVIEWS_KEY, String(pageviews));
      } catch {
        // Storage blocked (private mode, sandboxed frame): this page view is the first.
      }
    },
    stop() {
      listeners.abort();
    },
  };

  function changed(reason) {
    signals.onChange?.(reason);
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

// What the page tells us about the visitor's moment, gathered cheaply: passive listeners only,
// no polling, nothing computed beyond raw facts. The core turns these into a decision
// (display_decision's "page" object); this module never decides anything.
import { CsatkitError } from '../csatkit-error.js';
import { reportError } from './report-error.js';

const FAST_SCROLL_UP_PX = 120; // mobile exit intent: this far up …
const FAST_SCROLL_UP_MS = 250; // … within this time (a flick towards the address bar)
const PAGEVIEWS_KEY = 'csatkit:pageviews';
// A single-page app's new route is measured this long after it changed, scrolled or not: by then
// it has rendered, and a route that fits the window is read to the end (as a loaded page is).
const ROUTE_SETTLED_MS = 1000;
// The window's page views (see watchRoutes), on the window: history is wrapped once and each
// page view counted once in the session however many surveys ask, and whichever copy of this
// module asks (the script tag's bundle, an npm import).
const PAGE_VIEWS = Symbol.for('csatkit.pageviews');

/**
 * Starts listening; every subscriber is called (unthrottled) when a signal changes. One set of
 * signals serves every survey of the script tag's page; what is one survey's own (show() was
 * called for it) is kept by that survey (mount.js).
 * A single-page app's route change notifies 'navigation'; one to a new path by pushState or
 * back/forward is a new page view: counted in the session, and the measured signals (delay,
 * visible time, scroll depth, exit intent) start over. Tracked events stay for the page load.
 * @returns {{snapshot(): object, track(name: string): void, countPageview(): void, subscribe(listener: (reason: string) => void): () => void, stop(): void}}
 */
export function createSignals() {
  const listeners = new AbortController();
  const options = { passive: true, signal: listeners.signal };
  const routes = (globalThis[PAGE_VIEWS] ??= watchRoutes());
  let url = location.href;
  let startedAt = 0; // performance.now() when this page view began: navigation start, or the route change
  let scrollPercent = 0;
  let scroller = null; // an app shell's scrolling box, found once per page view (innerScroller)
  let measureAsked = false; // a measure is waiting for the next frame
  let routeSettling = null; // the measure of a new route, once it has rendered
  let exitIntent = false;
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
        pageviews: routes.number ?? 1,
        ms_on_page: Math.round(visibleMs + (visibleSince === null ? 0 : now - visibleSince)),
        ms_since_load: Math.round(now - startedAt),
        scroll_percent: scrollPercent,
        exit_intent: exitIntent,
        events: [...events],
        // A delay does not open a prompt in a hidden tab (nobody would see it, and it would count).
        visible: visibleSince !== null,
      };
    },
    track(name) {
      // A number or an object would become the event "123" or "[object Object]", which no
      // definition lists: the page's developer hears why the survey never shows.
      if (typeof name !== 'string' || !name) {
        return void reportError(new CsatkitError('track.invalid', 'track', `track() takes an event name, got ${name === '' ? 'an empty string' : typeof name}`));
      }
      events.push(name);
      changed('event');
    },
    /** Counts this page view in the session (once per page view); called once storage may be used. */
    countPageview() {
      routes.number ??= countThisPage();
    },
    /** Calls `listener(reason)` on every change from now on; returns how to stop. */
    subscribe(listener) {
      subscribers.add(listener);
      return () => subscribers.delete(listener);
    },
    stop() {
      listeners.abort();
      clearTimeout(routeSettling);
      subscribers.clear();
      routes.listeners.delete(navigated);
    },
  };

  function changed(reason) {
    for (const listener of subscribers) listener(reason);
  }

  function navigated(newPageView) {
    if (newPageView) {
      const now = performance.now();
      startedAt = now;
      visibleMs = 0;
      if (visibleSince !== null) visibleSince = now;
      // Measured again at the next scroll, or once it has settled, not at once: the new route may
      // still be rendering, and a half-drawn page that fits the window would count as read to the end.
      scrollPercent = 0;
      scroller = null;
      lastScrollY = null;
      exitIntent = false;
      clearTimeout(routeSettling);
      routeSettling = setTimeout(measureInFrame, ROUTE_SETTLED_MS);
    } else if (url === location.href) {
      return; // popstate and hashchange both heard, or a replaceState keeping the URL
    }
    url = location.href;
    changed('navigation');
  }
  routes.listeners.add(navigated);

  // How far down the bottom of the window has reached, as a percentage of the page's height.
  // Once per frame at most, in the frame (where the page is laid out anyway): every scroll of
  // every box on the page reaches the listener below, several in one frame on a busy page.
  function measureScroll() {
    measureAsked = false;
    if (scrollPercent === 100) return; // read to the end: nothing more to learn on this page view
    const root = document.documentElement;
    let box = root;
    if (root.scrollHeight <= innerHeight) {
      if (!scroller?.isConnected) scroller = innerScroller();
      box = scroller ?? root;
    }
    const [top, height] = box === root ? [scrollY, innerHeight] : [box.scrollTop, box.clientHeight];
    const percent = box.scrollHeight <= height ? 100 : Math.min(100, Math.round(((top + height) / box.scrollHeight) * 100));
    if (percent > scrollPercent) {
      scrollPercent = percent;
      changed('scroll');
    }
  }

  function measureInFrame() {
    if (measureAsked) return;
    measureAsked = true;
    requestAnimationFrame(measureScroll);
  }

  function exit() {
    if (exitIntent) return;
    exitIntent = true;
    changed('exit_intent');
  }

  // Capturing: an element's scroll does not bubble, and an app shell scrolls one (innerScroller).
  addEventListener(
    'scroll',
    (event) => {
      measureInFrame();
      // A flick up is looked for where the page scrolls: the document, or an app shell's box (the
      // one measureScroll measures), not in a carousel or a chat window.
      if (event.target !== document && event.target !== scroller) return;
      const y = event.target === document ? scrollY : scroller.scrollTop;
      const now = performance.now();
      lastScrollY ??= y;
      if (lastScrollY - y > FAST_SCROLL_UP_PX && now - lastScrollAt < FAST_SCROLL_UP_MS && matchMedia('(pointer: coarse)').matches) exit();
      if (now - lastScrollAt >= FAST_SCROLL_UP_MS) {
        lastScrollY = y;
        lastScrollAt = now;
      }
    },
    { ...options, capture: true },
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
  if (document.readyState === 'complete') measureInFrame();
  else addEventListener('load', measureInFrame, { once: true, signal: listeners.signal });
  return signals;
}

/**
 * The element that scrolls the page when the document itself cannot (an app shell: the body
 * fits the window and the content scrolls in a box): the first scrollable one around the middle
 * of the window. None on a page that fits the window.
 */
function innerScroller() {
  for (let element = document.elementFromPoint(innerWidth / 2, innerHeight / 2); element; element = element.parentElement) {
    if (element.scrollHeight > element.clientHeight && /auto|scroll/.test(getComputedStyle(element).overflowY)) return element;
  }
  return null;
}

/**
 * Wraps history.pushState and replaceState (once per window: the same this, arguments and return
 * value, then a look at the new URL) and listens to popstate and hashchange, so that a
 * single-page app's route changes are heard. Each listener is told whether the change is a new
 * page view: pushState or back/forward landing on a new path. replaceState (a redirect) and a
 * change of only the query or the hash keep the page view.
 */
function watchRoutes() {
  // number: this page view's number in the session, once storage may be used (countPageview).
  const routes = { number: null, path: location.pathname, listeners: new Set() };
  // Read at once, while location is the URL this change made (several pushStates in a row).
  const pathChanged = () => routes.path !== (routes.path = location.pathname);
  const routeChanged = (newPageView) => {
    if (newPageView && routes.number) routes.number = countThisPage();
    for (const listener of routes.listeners) listener(newPageView);
  };
  for (const name of ['pushState', 'replaceState']) {
    const original = history[name];
    history[name] = function () {
      const result = original.apply(this, arguments);
      const newPageView = pathChanged() && name === 'pushState';
      // Heard after the host's call, not inside it: nothing of ours can fail or slow its router.
      queueMicrotask(() => routeChanged(newPageView));
      return result;
    };
  }
  // Back/forward (a hash link fires both; the second finds the path unchanged).
  for (const type of ['popstate', 'hashchange']) addEventListener(type, () => routeChanged(pathChanged()));
  return routes;
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

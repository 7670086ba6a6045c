// What web/csatkit.js (the script tag) loads when a survey may be shown: mounts the survey with
// the signals the loader has been gathering and replays the calls made before it arrived.
import { loadWidgetCore } from './core.js';
import { mount } from './mount.js';
import { loadWidgetStylesheet } from './widget-stylesheet.js';

/**
 * @param {{definition?: string, definitionUrl?: string, endpoint?: string, locale?: string,
 *          touchpoint?: string, signals: object, queue: Array<[string, unknown[]]>,
 *          compiled: Promise<WebAssembly.Module>, styles: Promise<string>, warmUp?: Promise<string>}} options
 * `compiled`, `styles`, `warmUp`: the wasm module and widget.css on their way, and the
 * definition, which the loader started with this module (see loadWidgetCore); the loader may
 * have handed them over already, and then these calls return what is in progress.
 */
export function start({ queue, compiled, styles, warmUp, ...options }) {
  loadWidgetCore({ compiled, warmUp }).catch(() => {}); // mount() reports a failure
  loadWidgetStylesheet(styles);
  const controller = mount({ ...options, dataLayer: true });
  for (const [name, args] of queue.splice(0)) controller[name](...args);
  return controller;
}

// What web/csatkit.js (the script tag) loads when a survey may be shown, bundled with the rest of
// the runtime into web/dist/csatkit-runtime.js: mounts the survey with the signals the loader has
// been gathering and replays the calls made before it arrived.
import { loadWidgetCore } from './core.js';
import { mountWithSignals } from './mount.js';
import { loadWidgetStylesheet } from './widget-stylesheet.js';

/**
 * @param {{definition?: string, definitionUrl?: string, endpoint?: string, locale?: string,
 *          touchpoint?: string, signals: object, queue: Array<[string, unknown[]]>,
 *          compiled: Promise<WebAssembly.Module>, styles: string | Promise<string>, warmUp?: string | Promise<string>,
 *          assets: string}} options
 * `compiled`: the wasm module, compiling since the loader asked for this bundle; `styles`:
 * widget.css's text (the bundle's own copy); `warmUp`: the definition, validated once ahead of
 * the first decision (see loadWidgetCore); `assets`: the loader's folder, where the locale packs
 * and the core that explains a wrong definition are.
 */
export function start({ queue, compiled, styles, warmUp, assets, ...options }) {
  loadWidgetCore({ compiled, warmUp, assets }).catch(() => {}); // mount() reports a failure
  loadWidgetStylesheet(styles);
  const controller = mountWithSignals(options, false);
  for (const [name, args] of queue.splice(0)) controller[name](...args);
  return controller;
}

// What web/csatkit.js (the script tag) loads when a survey may be shown: mounts the survey with
// the signals the loader has been gathering and replays the calls made before it arrived.
import { mount } from './mount.js';

/**
 * @param {{definition?: string, definitionUrl?: string, endpoint?: string, locale?: string,
 *          touchpoint?: string, signals: object, queue: Array<[string, unknown[]]>}} options
 */
export function start({ queue, ...options }) {
  const controller = mount({ ...options, dataLayer: true });
  for (const [name, args] of queue.splice(0)) controller[name](...args);
  return controller;
}

// Fetching and compiling the widget core's wasm, on its own so that the script tag's loader
// (web/csatkit.js) can start it before the runtime (web/widget/core.js) has even been fetched.

/**
 * Fetches and compiles the core's wasm module from `url`, compiling while it downloads.
 * @param {string | URL} url
 * @returns {Promise<WebAssembly.Module>}
 */
export function compileWidgetWasm(url) {
  const fetchWasm = () =>
    fetch(url, { credentials: 'same-origin' }).then((response) => {
      if (!response.ok) throw new Error(`${url} could not be loaded (HTTP ${response.status})`);
      return response;
    });
  // A server that does not send application/wasm defeats compileStreaming: compile the bytes.
  return fetchWasm()
    .then((response) => WebAssembly.compileStreaming(response))
    .catch(() => fetchWasm().then((response) => response.arrayBuffer()).then((bytes) => WebAssembly.compile(bytes)));
}

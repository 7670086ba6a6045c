// `csatkit serve` logs one JSON object per line on stderr (src/server/json_log.hpp). The demo
// server (scripts/serve.mjs) and the collector's tests (tests/server/) both start it and read
// those lines, for its "listening" port and for what it did; this is that reader, once.

/**
 * Calls `onEntry` with each complete line of `stream`, parsed as JSON ({event: 'unparsed', line}
 * when a line is not). Returns a function giving the unfinished rest, for error messages.
 * @param {import('node:stream').Readable} stream
 * @param {(entry: object) => void} onEntry
 * @returns {() => string}
 */
export function readLogLines(stream, onEntry) {
  let buffered = '';
  stream.on('data', (chunk) => {
    buffered += chunk.toString('utf8');
    let newline;
    while ((newline = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      let entry;
      try {
        entry = JSON.parse(line);
      } catch {
        entry = { event: 'unparsed', line };
      }
      onEntry(entry);
    }
  });
  return () => buffered;
}

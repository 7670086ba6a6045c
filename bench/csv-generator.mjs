// The benchmark export: ~1,000,000 rows of date, segment and rating with some garbage rows, the
// same bytes as bench/csv_throughput.cpp generates (same xorshift32 sequence). Shared by
// bench/wasm-csv.mjs (Node) and bench/wasm-csv-worker.mjs (a Web Worker in Chromium).

/** The options every CSV benchmark scores with: by week and segment. */
export const benchOptions = { scale: 'csat5', column: 'rating', date_column: 'date', by: 'week', segment: 'segment' };

/** @param {number} count rows @returns {Uint8Array} */
export function generateCsv(count) {
  const segments = ['web', 'app', 'email', 'phone', '"chat, live"'];
  const monthDays = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]; // 2024
  let state = 2463534242;
  const next = () => {
    // xorshift32, as in the C++ benchmark.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  const parts = ['date,segment,rating\n'];
  for (let i = 0; i < count; ++i) {
    let day = Math.floor((i * 366) / count);
    let month = 0;
    while (day >= monthDays[month]) day -= monthDays[month++];
    const date = `2024-${String(month + 1).padStart(2, '0')}-${String(day + 1).padStart(2, '0')}`;
    const r = next();
    const garbage = (r >>> 8) % 1000;
    let rest;
    if (garbage === 0) rest = ',n/a\n';
    else if (garbage === 1) rest = ',7\n';
    else if (garbage === 2) rest = '\n';
    else {
      const p = (r >>> 16) % 100;
      rest = `,${p < 8 ? 1 : p < 15 ? 2 : p < 30 ? 3 : p < 60 ? 4 : 5}\n`;
    }
    parts.push(`${date},${segments[r % 5]}${rest}`);
  }
  return new TextEncoder().encode(parts.join(''));
}

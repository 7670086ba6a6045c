// The core's JSON API as seen from JavaScript. Bindings and tiny adapters only: every decision
// lives in src/core and is tested natively; web/core.js adds the friendly, typed functions.
//
// Values cross the boundary as JSON strings (request in, envelope out), so the only handle is
// CsvScoring, which truly holds state (a streaming import). Whoever creates it calls delete().
#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include "core/json_api.hpp"

namespace {

using csatkit::json_api::CsvScoring;

// The object, or the error envelope (a string) when the options are rejected: one call, no
// half-made handle for JS to free.
emscripten::val create_csv_scoring(const std::string& options) {
  std::string error_envelope;
  std::unique_ptr<CsvScoring> scoring = CsvScoring::create(options, error_envelope);
  if (!scoring) return emscripten::val(error_envelope);
  return emscripten::val(std::move(scoring));
}

// embind has no std::string_view; std::string also accepts a Uint8Array or ArrayBuffer, whose
// bytes are copied straight into wasm memory (no JS string is made) — but one byte at a time by
// embind's JS, which cost a tenth of the import's time. web/core.js uses the input buffer below.
std::string feed_csv_scoring(CsvScoring& scoring, const std::string& chunk) {
  return scoring.feed(chunk);
}

// The CSV input buffer: JS writes a chunk into this view of wasm memory with one
// Uint8Array.set (a memcpy), then feedInput(size) scores it in place. One buffer serves every
// CsvScoring: JS fills and feeds it in one synchronous step. A fresh view is returned each
// time because growing the memory detaches the old ones.
std::vector<char>& csv_input() {
  static std::vector<char> buffer;
  return buffer;
}

emscripten::val csv_input_view(std::size_t size) {
  std::vector<char>& buffer = csv_input();
  if (buffer.size() < size) buffer.resize(size);
  return emscripten::val(emscripten::typed_memory_view(size, reinterpret_cast<unsigned char*>(buffer.data())));
}

std::string feed_csv_input(CsvScoring& scoring, std::size_t size) {
  const std::vector<char>& buffer = csv_input();
  return scoring.feed(std::string_view(buffer.data(), std::min(size, buffer.size())));
}

}  // namespace

EMSCRIPTEN_BINDINGS(csatkit) {
  namespace api = csatkit::json_api;
  using emscripten::function;

  // Overloaded by argument count (embind picks by arity): scalesJson() in English as before,
  // scalesJson('{"locale":"nl"}') with the point labels and anchors in a locale.
  function("scalesJson", emscripten::select_overload<std::string()>(&api::scales));
  function("scalesJson", +[](const std::string& request) { return api::scales(request); });
  function("benchmarksJson", &api::benchmarks);
  function("scoreJson", +[](const std::string& request) { return api::score(request); });
  function("compareJson", +[](const std::string& request) { return api::compare(request); });
  function("revenueJson", +[](const std::string& request) { return api::revenue(request); });
  function("planJson", +[](const std::string& request) { return api::plan(request); });
  function("chartJson", +[](const std::string& request) { return api::chart(request); });
  function("recommendJson", +[](const std::string& request) { return api::recommend(request); });
  function("summaryJson", +[](const std::string& request) { return api::summary(request); });

  emscripten::class_<CsvScoring>("CsvScoring")
      .function("feed", &feed_csv_scoring)
      .function("feedInput", &feed_csv_input)
      .function("finish", &CsvScoring::finish);
  function("createCsvScoring", &create_csv_scoring);
  function("csvInputView", &csv_input_view);
}

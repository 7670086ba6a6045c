// The core's JSON API as seen from JavaScript. Bindings and tiny adapters only: every decision
// lives in src/core and is tested natively; web/core.js adds the friendly, typed functions.
//
// Values cross the boundary as JSON strings (request in, envelope out), so the only handle is
// CsvScoring, which truly holds state (a streaming import). Whoever creates it calls delete().
#include <memory>
#include <string>
#include <utility>

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
// bytes are copied straight into wasm memory (no JS string is made).
std::string feed_csv_scoring(CsvScoring& scoring, const std::string& chunk) {
  return scoring.feed(chunk);
}

}  // namespace

EMSCRIPTEN_BINDINGS(csatkit) {
  namespace api = csatkit::json_api;
  using emscripten::function;

  function("scalesJson", &api::scales);
  function("benchmarksJson", &api::benchmarks);
  function("scoreJson", +[](const std::string& request) { return api::score(request); });
  function("compareJson", +[](const std::string& request) { return api::compare(request); });
  function("revenueJson", +[](const std::string& request) { return api::revenue(request); });
  function("planJson", +[](const std::string& request) { return api::plan(request); });

  emscripten::class_<CsvScoring>("CsvScoring")
      .function("feed", &feed_csv_scoring)
      .function("finish", &CsvScoring::finish);
  function("createCsvScoring", &create_csv_scoring);
}

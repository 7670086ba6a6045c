// The survey widget's core as seen from JavaScript: only src/core/widget_api.hpp, so the linker
// keeps just what the widget reaches (no statistics, CSV or benchmarks) and the module stays
// small enough to load on every page that may show a survey. Bindings only; web/widget/core.js
// adds the friendly functions.
//
// A plain C ABI rather than embind (which the calculator uses): every function is string in,
// string out, so embind's type machinery buys nothing here and costs ~5 KB gzip of glue and
// wasm — a tenth of the widget's download budget. Each call returns a malloc'ed UTF-8 envelope
// that the caller frees with free() after reading it (web/widget/core.js does).
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>

#include <emscripten/emscripten.h>

#include "core/widget_api.hpp"

namespace {

char* to_c_string(const std::string& text) {
  auto* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy != nullptr) std::memcpy(copy, text.c_str(), text.size() + 1);
  return copy;
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE char* csatkit_survey_definition(const char* definition_json) {
  return to_c_string(csatkit::widget_api::survey_definition(definition_json));
}

EMSCRIPTEN_KEEPALIVE char* csatkit_display_decision(const char* request_json) {
  return to_c_string(csatkit::widget_api::display_decision(request_json));
}

EMSCRIPTEN_KEEPALIVE char* csatkit_survey_step(const char* request_json) {
  return to_c_string(csatkit::widget_api::survey_step(request_json));
}

EMSCRIPTEN_KEEPALIVE char* csatkit_survey_locale(const char* request_json) {
  return to_c_string(csatkit::widget_api::survey_locale(request_json));
}

EMSCRIPTEN_KEEPALIVE char* csatkit_add_locale_pack(const char* pack_json) {
  return to_c_string(csatkit::widget_api::add_locale_pack(pack_json));
}

}  // extern "C"

#include "core/envelope.hpp"

namespace csatkit {

std::string ok_envelope(Json value) { return dump_json(Json{{"ok", true}, {"value", std::move(value)}}); }

std::string error_envelope(Error error) {
  const bool is_field = !error.path.empty() && error.path[0] != '$' &&
                        error.path.find_first_of(" -") == std::string::npos;
  if (is_field) error.path = "$." + error.path;
  return dump_json(Json{{"ok", false}, {"error", error_json(error)}});
}

}  // namespace csatkit

// The dashboard's files, served by the collector itself from a web/ folder (a checkout's web/ or
// an installed copy): the page web/dashboard/index.html at GET /dashboard, and the modules it
// imports at /web/… with the folder's own layout, so the calculator's modules load unchanged.
// Only what the dashboard needs is served: the core's JS and wasm, the calculator and the
// dashboard folders. Never the widget, never a hidden file, never anything outside the folder.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace csatkit::server {

// The Content-Security-Policy of the dashboard's page and scripts: its own files only, wasm
// compilation for the core, no inline code or style, no framing, and no form submission (the
// admin token is read by script; a form that submitted natively could put it in a URL).
extern const char* const kDashboardCsp;

struct StaticFile {
  std::string file;          // the path on disk
  std::string content_type;  // "text/javascript; charset=utf-8", "application/wasm", …
  bool needs_csp = false;    // pages and scripts (a worker runs under its own script's CSP)
};

// "/web/calculator/dom.js" → {web_dir + "/calculator/dom.js", …}. Nothing when the path is not
// one the dashboard needs, or is malformed (a "..", an empty or hidden segment, an unknown type).
// `url_path` is the decoded path, as the HTTP server hands it over.
std::optional<StaticFile> resolve_static_file(const std::string& web_dir, std::string_view url_path);

// The dashboard page (web_dir/dashboard/index.html).
StaticFile dashboard_page(const std::string& web_dir);

// The web/ folder for the binary at `executable`: <bin>/../share/csatkit/web (installed), else
// <bin>/../../web (a checkout's build folder, build/native/csatkit); "" when neither has the
// dashboard (dashboard/index.html).
std::string find_web_dir(const std::string& executable);

}  // namespace csatkit::server

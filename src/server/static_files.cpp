#include "server/static_files.hpp"

#include <array>
#include <filesystem>
#include <system_error>

namespace csatkit::server {

const char* const kDashboardCsp =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

namespace {

struct TypeOf {
  std::string_view extension;
  const char* content_type;
  bool needs_csp;
};

constexpr std::array<TypeOf, 6> kTypes = {{
    {".html", "text/html; charset=utf-8", true},
    {".js", "text/javascript; charset=utf-8", true},
    {".css", "text/css; charset=utf-8", false},
    {".wasm", "application/wasm", false},
    {".svg", "image/svg+xml", false},
    {".json", "application/json; charset=utf-8", false},
}};

// Exactly these files, or anything (of a known type) under these folders.
constexpr std::array<std::string_view, 4> kFiles = {"core.js", "csatkit-error.js", "dist/csatkit-core.js", "dist/csatkit-core.wasm"};
constexpr std::array<std::string_view, 2> kFolders = {"calculator/", "dashboard/"};

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// A path segment of a file we serve: letters, digits, "_", "-", "." and not starting with a dot
// (so neither ".." nor hidden files), at most 100 bytes.
bool plain_segment(std::string_view segment) {
  if (segment.empty() || segment.size() > 100 || segment.front() == '.') return false;
  for (const char c : segment) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::optional<TypeOf> type_of(std::string_view path) {
  for (const TypeOf& type : kTypes) {
    if (ends_with(path, type.extension)) return type;
  }
  return std::nullopt;
}

bool has_dashboard(const std::filesystem::path& folder) {
  std::error_code error;
  return std::filesystem::is_regular_file(folder / "dashboard" / "index.html", error);
}

}  // namespace

std::optional<StaticFile> resolve_static_file(const std::string& web_dir, std::string_view url_path) {
  constexpr std::string_view prefix = "/web/";
  if (web_dir.empty() || url_path.substr(0, prefix.size()) != prefix) return std::nullopt;
  const std::string_view relative = url_path.substr(prefix.size());
  std::size_t start = 0;
  int depth = 0;
  while (start <= relative.size()) {
    const std::size_t slash = relative.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? relative.size() : slash;
    if (!plain_segment(relative.substr(start, end - start)) || ++depth > 4) return std::nullopt;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  bool allowed = false;
  for (const std::string_view file : kFiles) allowed = allowed || relative == file;
  for (const std::string_view folder : kFolders) allowed = allowed || relative.substr(0, folder.size()) == folder;
  const auto type = type_of(relative);
  if (!allowed || !type) return std::nullopt;
  return StaticFile{web_dir + "/" + std::string(relative), type->content_type, type->needs_csp};
}

StaticFile dashboard_page(const std::string& web_dir) {
  return StaticFile{web_dir + "/dashboard/index.html", "text/html; charset=utf-8", true};
}

std::string find_web_dir(const std::string& executable) {
  std::error_code error;
  const std::filesystem::path binary = std::filesystem::weakly_canonical(executable, error);
  if (error) return "";
  const std::filesystem::path bin_dir = binary.parent_path();
  for (const std::filesystem::path& candidate : {bin_dir / ".." / "share" / "csatkit" / "web", bin_dir / ".." / ".." / "web"}) {
    if (has_dashboard(candidate)) return std::filesystem::weakly_canonical(candidate, error).string();
  }
  return "";
}

}  // namespace csatkit::server

#include "server/static_files.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

using namespace csatkit::server;

TEST_CASE("the dashboard's files: the core, the calculator and the dashboard, with their types") {
  const std::pair<const char*, const char*> served[] = {
      {"/web/core.js", "text/javascript; charset=utf-8"},
      {"/web/csatkit-error.js", "text/javascript; charset=utf-8"},
      {"/web/dist/csatkit-core.js", "text/javascript; charset=utf-8"},
      {"/web/dist/csatkit-core.wasm", "application/wasm"},
      {"/web/calculator/results-view.js", "text/javascript; charset=utf-8"},
      {"/web/calculator/locales/nl.js", "text/javascript; charset=utf-8"},
      {"/web/calculator/calculator.css", "text/css; charset=utf-8"},
      {"/web/dashboard/index.html", "text/html; charset=utf-8"},
  };
  for (const auto& [url, type] : served) {
    const auto file = resolve_static_file("/srv/web", url);
    INFO(url);
    REQUIRE(file);
    CHECK(file->file == std::string("/srv/web") + (url + 4));
    CHECK(file->content_type == type);
    CHECK(file->needs_csp == (std::string(type).rfind("text/html", 0) == 0 || std::string(type).rfind("text/javascript", 0) == 0));
  }
}

TEST_CASE("nothing else: not the widget, no traversal, no hidden or odd files") {
  for (const char* url : {"/web/csatkit.js", "/web/dist/csatkit.js", "/web/dist/csatkit-widget.wasm", "/web/widget/mount.js",
                          "/web/index.js", "/web/calculator/../../package.json", "/web/calculator/..", "/web/dashboard/.env",
                          "/web/dashboard//index.html", "/web/dashboard/", "/web/calculator/notes.txt", "/web/calculator/a b.js",
                          "/web/calculator/x\\..\\y.js", "/web/calculator/a/b/c/d.js", "/core.js", "/web/", "/web"}) {
    INFO(url);
    CHECK_FALSE(resolve_static_file("/srv/web", url));
  }
  CHECK_FALSE(resolve_static_file("", "/web/core.js"));  // no folder: no dashboard
}

TEST_CASE("find_web_dir: the installed share/csatkit/web first, then a checkout's web/ two folders up") {
  namespace fs = std::filesystem;
  char name[] = "/tmp/csatkit-web-XXXXXX";
  REQUIRE(mkdtemp(name));
  const fs::path root = name;
  const auto page = [](const fs::path& web) {
    fs::create_directories(web / "dashboard");
    std::ofstream(web / "dashboard" / "index.html") << "<!doctype html>";
  };
  fs::create_directories(root / "build" / "native");
  CHECK(find_web_dir((root / "build" / "native" / "csatkit").string()).empty());
  page(root / "web");
  CHECK(find_web_dir((root / "build" / "native" / "csatkit").string()) == fs::canonical(root / "web").string());
  fs::create_directories(root / "prefix" / "bin");
  page(root / "prefix" / "share" / "csatkit" / "web");
  CHECK(find_web_dir((root / "prefix" / "bin" / "csatkit").string()) == fs::canonical(root / "prefix" / "share" / "csatkit" / "web").string());
  fs::remove_all(root);
}

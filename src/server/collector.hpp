// The collector: HTTP routes on top of the store, the group-commit writer, the rate limiter and
// the alert sender. `csatkit serve` builds one from a ServerConfig and runs it until a signal.
//
// Routes:
//   POST    /v1/responses                     a widget response (JSON; text/plain from sendBeacon too)
//   OPTIONS /v1/...                           CORS preflight (configured origins only)
//   GET     /v1/surveys/{id}/summary          the `csatkit score` report (admin token)
//   GET     /v1/surveys/{id}/responses.csv    the export (admin token)
//   GET     /v1/surveys/{id}/responses        the newest responses as JSON (admin token)
//   GET     /healthz                          liveness and queue figures
//   GET     /dashboard, /web/…                the dashboard page and its modules (static_files.hpp);
//                                             the page asks for the admin token and reads the routes above
#pragma once

#include <memory>

#include "core/result.hpp"
#include "server/server_config.hpp"

namespace csatkit::server {

class Collector {
 public:
  // Loads the surveys, opens the database (creating it), starts the writer and the alert sender.
  static Result<std::unique_ptr<Collector>> create(const ServerConfig& config);
  ~Collector();
  Collector(const Collector&) = delete;
  Collector& operator=(const Collector&) = delete;

  // Binds the listening socket; returns the port (the real one when the config said 0).
  Result<int> bind();
  // Serves until stop(); then finishes in-flight requests, commits what the writer holds and
  // stops the alert sender. Returns once all of that is done.
  void run();
  // Safe from any thread, more than once.
  void stop();

 private:
  struct Parts;
  explicit Collector(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace csatkit::server

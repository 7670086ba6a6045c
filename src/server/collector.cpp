#include "server/collector.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/csv_import.hpp"
#include "core/envelope.hpp"
#include "core/json_api.hpp"
#include "core/response_validation.hpp"
#include "server/alert_sender.hpp"
#include "server/csv_export.hpp"
#include "server/json_log.hpp"
#include "server/rate_limiter.hpp"
#include "server/response_store.hpp"
#include "server/static_files.hpp"
#include "server/write_batcher.hpp"

namespace csatkit::server {

namespace {

using Writer = WriteBatcher<ResponseWrite, WriteOutcome>;

// Rows per page when streaming an export or a summary out of SQLite: bounded memory for any size.
constexpr int kPageRows = 1000;

// Each request is handled start to finish on one worker thread, so the logger finds its start here.
thread_local std::chrono::steady_clock::time_point request_started;

void send_json(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(dump_json(body), "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, const Error& error) {
  send_json(res, status, Json{{"ok", false}, {"error", error_json(error)}});
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// "application/json; charset=utf-8" → "application/json".
std::string media_type(const std::string& content_type) {
  std::string type = lower(content_type.substr(0, content_type.find(';')));
  type.erase(std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c); }), type.end());
  return type;
}

// Compares without an early exit, so the time taken says nothing about how much of a guess matched.
bool same_secret(const std::string& given, const std::string& expected) {
  unsigned char diff = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < given.size(); ++i) {
    diff |= static_cast<unsigned char>(given[i] ^ (i < expected.size() ? expected[i] : 0));
  }
  return diff == 0;
}

bool is_day(const std::string& text) { return text.size() == 10 && period_key(text, Period::Day) == text; }

}  // namespace

struct Collector::Parts {
  ServerConfig config;
  std::vector<SurveyDefinition> surveys;
  ResponseLimits limits;
  std::unique_ptr<ResponseStore> store;  // the writer's connection, used on the writer thread only
  std::unique_ptr<Writer> writer;
  std::unique_ptr<AlertSender> alerts;
  RateLimiter limiter;
  httplib::Server http;
  std::atomic<bool> stopping{false};

  Parts(const ServerConfig& c) : config(c), limiter(c.rate_limit.per_minute, c.rate_limit.burst) {}

  const SurveyDefinition* survey(const std::string& id) const {
    for (const SurveyDefinition& s : surveys) {
      if (s.id == id) return &s;
    }
    return nullptr;
  }

  // The admin token check shared by every read. False: the answer is already in `res`.
  bool authorized(const httplib::Request& req, httplib::Response& res) const {
    if (config.admin_token.empty()) {
      send_error(res, 403, Error{"auth.disabled", "Authorization", "reads are disabled: the collector has no admin token configured"});
      return false;
    }
    const std::string header = req.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    if (header.size() <= prefix.size() || lower(header.substr(0, prefix.size())) != lower(prefix)) {
      res.set_header("WWW-Authenticate", "Bearer");
      send_error(res, 401, Error{"auth.required", "Authorization", "send the admin token as Authorization: Bearer TOKEN"});
      return false;
    }
    if (!same_secret(header.substr(prefix.size()), config.admin_token)) {
      send_error(res, 403, Error{"auth.invalid", "Authorization", "the admin token is not valid"});
      return false;
    }
    return true;
  }

  // CORS and the rate limit, before any route runs (and before a body is read).
  httplib::Server::HandlerResponse before_routing(const httplib::Request& req, httplib::Response& res) {
    request_started = std::chrono::steady_clock::now();
    if (req.path == "/healthz") return httplib::Server::HandlerResponse::Unhandled;
    const std::string origin = req.get_header_value("Origin");
    if (!origin.empty() && !same_origin(origin, req.get_header_value("Host"))) {
      if (!origin_allowed(config, origin)) {
        send_error(res, 403, Error{"cors.origin", "Origin", "origin " + origin + " is not allowed to use this collector"});
        return httplib::Server::HandlerResponse::Handled;
      }
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Vary", "Origin");
    }
    if (req.method == "OPTIONS") {
      // Preflight: the widget posts JSON (and may send an Authorization header for reads).
      res.set_header("Access-Control-Allow-Methods", "POST, GET, OPTIONS");
      res.set_header("Access-Control-Allow-Headers", "Content-Type, Authorization");
      res.set_header("Access-Control-Max-Age", "600");
      res.status = 204;
      return httplib::Server::HandlerResponse::Handled;
    }
    // The dashboard's static files are not limited (like /healthz): one page load fetches some 30
    // modules, and a few reloads would otherwise spend a client's whole burst on them.
    const bool static_file = req.path == "/dashboard" || req.path.rfind("/web/", 0) == 0;
    const auto decision = static_file ? RateLimiter::Decision{true, 0} : limiter.check(req.remote_addr, RateLimiter::Clock::now());
    if (!decision.allowed) {
      res.set_header("Retry-After", std::to_string(decision.retry_after_seconds));
      send_error(res, 429, Error{"rate.limited", "$", "too many requests; retry after " +
                                                          std::to_string(decision.retry_after_seconds) + " s"});
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  }

  void post_response(const httplib::Request& req, httplib::Response& res) {
    const std::string type = media_type(req.get_header_value("Content-Type"));
    // sendBeacon posts text/plain when given a string (a CORS-safelisted type: no preflight).
    if (!type.empty() && type != "application/json" && type != "text/plain") {
      send_error(res, 415, Error{"response.content_type", "Content-Type", "send the response as application/json or text/plain"});
      return;
    }
    auto body = parse_response_body(req.body, limits);
    if (!body) {
      send_error(res, body.error().code == "response.too_large" ? 413 : 400, body.error());
      return;
    }
    auto response = validate_response(*body, surveys, limits);
    if (!response) {
      send_error(res, 400, response.error());
      return;
    }
    ResponseWrite write{std::move(response.value()), utc_now_iso(), {}};
    for (const AlertRule& rule : config.alerts) {
      if (rule.matches(write.response.survey_id, write.response.score, write.response.bucket)) {
        write.alerts.push_back(AlertTarget{rule.url, rule.format});
      }
    }
    const std::string id = write.response.id;
    auto pending = writer->submit(std::move(write));
    if (!pending) {
      res.set_header("Retry-After", "5");
      send_error(res, 503, Error{"server.stopping", "$", "the collector is shutting down; retry later"});
      return;
    }
    WriteOutcome outcome;
    try {
      outcome = pending->get();  // returns after the batch's COMMIT: a 2xx below means durable
    } catch (const std::exception& e) {
      outcome = WriteOutcome{WriteStatus::Failed, e.what()};
    }
    if (outcome.status == WriteStatus::Failed) {
      log_event(LogLevel::Error, "store_failed", Json{{"id", id}, {"message", outcome.message}});
      res.set_header("Retry-After", "1");
      send_error(res, 503, Error{"store.unavailable", "$", "the response could not be stored; retry"});
      return;
    }
    if (outcome.status == WriteStatus::Conflict) {
      send_error(res, 409, Error{"response.id_conflict", "$.id", outcome.message});
      return;
    }
    if (outcome.alerts_queued > 0) alerts->notify();
    send_json(res, outcome.status == WriteStatus::Created ? 201 : 200,
              Json{{"ok", true}, {"value", {{"id", id}, {"status", to_string(outcome.status)}}}});
  }

  // The filter of a read (?from=&to=); false with the answer in `res` when a value is bad.
  bool read_filter(const httplib::Request& req, httplib::Response& res, const std::string& survey_id, ResponseFilter& filter) {
    filter.survey_id = survey_id;
    if (!survey(survey_id)) {
      send_error(res, 404, Error{"survey.unknown", "id", "survey \"" + survey_id + "\" is not accepted by this collector"});
      return false;
    }
    for (const char* key : {"from", "to"}) {
      if (!req.has_param(key)) continue;
      const std::string value = req.get_param_value(key);
      if (value.empty()) continue;
      if (!is_day(value)) {
        send_error(res, 400, Error{"query.invalid", key, std::string(key) + " must be a date like 2024-05-01"});
        return false;
      }
      (std::string(key) == "from" ? filter.from_day : filter.to_day) = value;
    }
    return true;
  }

  void get_summary(const httplib::Request& req, httplib::Response& res, const std::string& survey_id) {
    if (!authorized(req, res)) return;
    ResponseFilter filter;
    if (!read_filter(req, res, survey_id, filter)) return;
    // The same options `csatkit score export.csv --column score [--date-column created_at --by …]
    // [--segment …]` would use: the report is computed by the very same code on the same bytes.
    Json options = Json::object();
    options["scale"] = survey(survey_id)->scale.id();
    options["column"] = "score";
    const std::string by = req.get_param_value("by");
    if (!by.empty()) {
      if (!parse_period(by)) {
        send_error(res, 400, Error{"query.invalid", "by", "by must be day, week or month"});
        return;
      }
      options["date_column"] = "created_at";
      options["by"] = by;
    }
    const std::string segment = req.get_param_value("segment");
    if (!segment.empty()) {
      if (!is_segment_column(segment)) {
        send_error(res, 400, Error{"query.invalid", "segment", "segment must be a column of the export such as touchpoint, locale or bucket"});
        return;
      }
      options["segment"] = segment;
    }
    if (req.has_param("confidence")) {
      char* end = nullptr;
      const std::string text = req.get_param_value("confidence");
      const double confidence = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size()) {
        send_error(res, 400, Error{"query.invalid", "confidence", "confidence must be a number such as 0.95"});
        return;
      }
      options["confidence"] = confidence;
    }
    std::string create_error;
    auto scoring = json_api::CsvScoring::create(options.dump(), create_error);
    if (!scoring) {
      send_error(res, 400, error_from_envelope(create_error));
      return;
    }
    auto reader = StoreReader::open(config.db_path);
    if (!reader) {
      send_error(res, 503, reader.error());
      return;
    }
    std::string chunk = csv_header();
    std::int64_t after = 0;
    while (true) {
      auto visited = (*reader)->page(filter, after, kPageRows, [&](std::int64_t row, const std::string& body) {
        after = row;
        chunk += csv_row(parse_json(body));
      });
      if (!visited) {
        send_error(res, 503, visited.error());
        return;
      }
      const std::string fed = scoring->feed(chunk);
      chunk.clear();
      if (auto parsed = parse_json(fed); !parsed.value("ok", false)) {
        send_error(res, 400, error_from_envelope(fed));
        return;
      }
      if (*visited < kPageRows) break;
    }
    const Json finished = parse_json(scoring->finish());
    if (!finished.value("ok", false)) {
      send_error(res, 400, error_from_envelope(dump_json(finished)));
      return;
    }
    send_json(res, 200, finished["value"]);
  }

  void get_export(const httplib::Request& req, httplib::Response& res, const std::string& survey_id) {
    if (!authorized(req, res)) return;
    ResponseFilter filter;
    if (!read_filter(req, res, survey_id, filter)) return;
    auto opened = StoreReader::open(config.db_path);
    if (!opened) {
      send_error(res, 503, opened.error());
      return;
    }
    struct ExportState {
      std::unique_ptr<StoreReader> reader;
      ResponseFilter filter;
      std::int64_t after = 0;
      bool header_sent = false;
    };
    auto state = std::make_shared<ExportState>(ExportState{std::move(opened.value()), filter});
    res.set_header("Cache-Control", "no-store");
    res.set_header("Content-Disposition", "attachment; filename=\"" + survey_id + "-responses.csv\"");
    // Streamed a page at a time: an export of any size in bounded memory.
    res.set_chunked_content_provider("text/csv; charset=utf-8", [state](std::size_t, httplib::DataSink& sink) {
      std::string chunk;
      if (!state->header_sent) {
        chunk = csv_header();
        state->header_sent = true;
      }
      auto visited = state->reader->page(state->filter, state->after, kPageRows, [&](std::int64_t row, const std::string& body) {
        state->after = row;
        chunk += csv_row(parse_json(body));
      });
      if (!visited) return false;  // aborts the transfer: a truncated export must not look complete
      if (!chunk.empty() && !sink.write(chunk.data(), chunk.size())) return false;
      if (*visited < kPageRows) sink.done();
      return true;
    });
  }

  // The newest responses of a survey, as stored (the normalized JSON) with their arrival time:
  // the dashboard's "latest comments", and a JSON read of the store for tools and tests.
  void get_latest(const httplib::Request& req, httplib::Response& res, const std::string& survey_id) {
    if (!authorized(req, res)) return;
    ResponseFilter filter;
    if (!read_filter(req, res, survey_id, filter)) return;
    int limit = 20;
    if (req.has_param("limit")) {
      const std::string text = req.get_param_value("limit");
      char* end = nullptr;
      const long n = std::strtol(text.c_str(), &end, 10);
      if (text.empty() || end != text.c_str() + text.size() || n < 1 || n > 1000) {
        send_error(res, 400, Error{"query.invalid", "limit", "limit must be a whole number from 1 to 1000"});
        return;
      }
      limit = static_cast<int>(n);
    }
    bool commented = false;
    if (req.has_param("has_comment")) {
      const std::string text = req.get_param_value("has_comment");
      if (text != "true" && text != "false") {
        send_error(res, 400, Error{"query.invalid", "has_comment", "has_comment must be true or false"});
        return;
      }
      commented = text == "true";
    }
    auto reader = StoreReader::open(config.db_path);
    if (!reader) {
      send_error(res, 503, reader.error());
      return;
    }
    Json responses = Json::array();
    auto visited = (*reader)->latest(filter, commented, limit, [&](const std::string& received_at, const std::string& body) {
      Json response = parse_json(body);
      response["received_at"] = received_at;
      responses.push_back(std::move(response));
    });
    auto total = (*reader)->count(filter, commented);
    if (!visited || !total) {
      send_error(res, 503, !visited ? visited.error() : total.error());
      return;
    }
    send_json(res, 200, Json{{"survey_id", survey_id}, {"total", *total}, {"responses", std::move(responses)}});
  }

  // A file of the dashboard from the configured web folder (static_files.hpp says which), or 404.
  void send_static(httplib::Response& res, const std::optional<StaticFile>& file) {
    if (config.web_dir.empty()) {
      send_error(res, 404, Error{"dashboard.unavailable", "web_dir",
                                 "this collector has no dashboard files: start it with --web DIR (the web/ folder of csatkit)"});
      return;
    }
    std::ostringstream bytes;
    if (file) {
      std::ifstream in(file->file, std::ios::binary);
      if (in) bytes << in.rdbuf();
      if (!in) {
        send_error(res, 404, Error{"http.not_found", "$", "no such file"});
        return;
      }
    } else {
      send_error(res, 404, Error{"http.not_found", "$", "no such file"});
      return;
    }
    res.status = 200;
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Content-Type-Options", "nosniff");
    if (file->needs_csp) {
      res.set_header("Content-Security-Policy", kDashboardCsp);
      res.set_header("Referrer-Policy", "no-referrer");
      res.set_header("X-Frame-Options", "DENY");
    }
    res.set_content(bytes.str(), file->content_type.c_str());
  }

  void get_health(httplib::Response& res) const {
    Json value = Json::object();
    value["status"] = stopping ? "stopping" : "ok";
    value["surveys"] = Json::array();
    for (const SurveyDefinition& s : surveys) value["surveys"].push_back(s.id);
    value["queued_writes"] = writer->queued();
    value["batches"] = writer->batches();
    value["writes"] = writer->items();
    value["alerts_delivered"] = alerts->delivered();
    send_json(res, stopping ? 503 : 200, Json{{"ok", !stopping}, {"value", value}});
  }

  static Error error_from_envelope(const std::string& envelope) {
    const Json parsed = parse_json(envelope);
    if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_object()) {
      const Json& e = parsed["error"];
      return Error{e.value("code", "error"), e.value("path", "$"), e.value("message", "")};
    }
    return Error{"error", "$", "unexpected error"};
  }

  void add_routes() {
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) { return before_routing(req, res); });
    http.Post("/v1/responses", [this](const httplib::Request& req, httplib::Response& res) { post_response(req, res); });
    http.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) { get_health(res); });
    add_admin_routes();
    // Errors that no route answered (404, 405, 413 from the body limit, …) get a JSON body too.
    http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
      if (!res.body.empty()) return;
      const int status = res.status;
      Error error{"http.error", "$", "HTTP " + std::to_string(status)};
      if (status == 404) error = Error{"http.not_found", "$", "no such endpoint"};
      if (status == 413) error = Error{"response.too_large", "$", "the body is larger than the collector accepts"};
      send_error(res, status, error);
    });
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      send_error(res, 500, Error{"server.error", "$", "internal error"});
    });
    http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      if (!config.log_requests && res.status < 400) return;
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - request_started).count();
      log_event(res.status >= 500 ? LogLevel::Error : res.status >= 400 ? LogLevel::Warn : LogLevel::Info, "request",
                Json{{"method", req.method}, {"path", req.path}, {"status", res.status}, {"ms", rounded(ms, 3)},
                     {"ip", req.remote_addr}});
    });
  }

  void add_admin_routes() {
    http.Get(R"(/v1/surveys/([A-Za-z0-9_-]{1,64})/summary)",
             [this](const httplib::Request& req, httplib::Response& res) { get_summary(req, res, req.matches[1]); });
    http.Get(R"(/v1/surveys/([A-Za-z0-9_-]{1,64})/responses\.csv)",
             [this](const httplib::Request& req, httplib::Response& res) { get_export(req, res, req.matches[1]); });
    http.Get(R"(/v1/surveys/([A-Za-z0-9_-]{1,64})/responses)",
             [this](const httplib::Request& req, httplib::Response& res) { get_latest(req, res, req.matches[1]); });
    // The dashboard: a static page that asks for the admin token and reads everything it shows
    // from the token-protected routes above. The page and its modules hold no data themselves.
    http.Get("/dashboard", [this](const httplib::Request&, httplib::Response& res) {
      send_static(res, config.web_dir.empty() ? std::nullopt : std::optional<StaticFile>(dashboard_page(config.web_dir)));
    });
    http.Get(R"(/web/.+)", [this](const httplib::Request& req, httplib::Response& res) {
      send_static(res, resolve_static_file(config.web_dir, req.path));
    });
  }
};

Result<std::unique_ptr<Collector>> Collector::create(const ServerConfig& config) {
  if (auto s = check_config(config); !s) return s.error();
  auto parts = std::make_unique<Parts>(config);
  auto surveys = load_surveys(config.survey_files);
  if (!surveys) return surveys.error();
  parts->surveys = std::move(surveys.value());
  parts->limits.max_body_bytes = config.max_body_bytes;

  auto store = ResponseStore::open(config.db_path, config.synchronous_full);
  if (!store) return store.error();
  parts->store = std::move(store.value());
  if (const char* delay = std::getenv("CSATKIT_TEST_COMMIT_DELAY_MS")) parts->store->set_commit_delay_ms(std::atoi(delay));
  auto sender_store = ResponseStore::open(config.db_path, config.synchronous_full);
  if (!sender_store) return sender_store.error();
  parts->alerts = std::make_unique<AlertSender>(std::move(sender_store.value()), config.alert_retry);
  ResponseStore* writer_store = parts->store.get();
  parts->writer = std::make_unique<Writer>(
      [writer_store](std::vector<ResponseWrite>& batch) { return writer_store->commit_batch(batch); }, config.max_batch);

  Parts* p = parts.get();
  const int threads = config.threads;
  p->http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  // One client connection may send any number of requests (httplib's default closes after 5).
  p->http.set_keep_alive_max_count(100000);
  p->http.set_keep_alive_timeout(5);
  p->http.set_read_timeout(10);
  p->http.set_write_timeout(10);
  p->http.set_tcp_nodelay(true);
  p->http.set_payload_max_length(config.max_body_bytes);
  p->add_routes();
  return std::unique_ptr<Collector>(new Collector(std::move(parts)));
}

Collector::Collector(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Collector::~Collector() {
  stop();
  if (parts_->writer) parts_->writer->stop();
  if (parts_->alerts) parts_->alerts->stop();
}

Result<int> Collector::bind() {
  const ServerConfig& c = parts_->config;
  const int port = c.port == 0 ? parts_->http.bind_to_any_port(c.bind) : (parts_->http.bind_to_port(c.bind, c.port) ? c.port : -1);
  if (port < 0) {
    return Error{"server.bind", "port", "cannot listen on " + c.bind + ":" + std::to_string(c.port) + " (in use, or not an address of this machine)"};
  }
  Json surveys = Json::array();
  for (const SurveyDefinition& s : parts_->surveys) surveys.push_back(s.id);
  log_event(LogLevel::Info, "listening",
            Json{{"bind", c.bind}, {"port", port}, {"db", c.db_path}, {"surveys", surveys},
                 {"synchronous", c.synchronous_full ? "full" : "normal"}, {"origins", c.origins},
                 {"alerts", c.alerts.size()}, {"reads", !c.admin_token.empty()},
                 {"dashboard", c.web_dir.empty() ? Json(nullptr) : Json("/dashboard")}, {"web_dir", c.web_dir}});
  return port;
}

void Collector::run() {
  parts_->http.listen_after_bind();  // returns after stop(), once every in-flight request is answered
  parts_->stopping = true;
  parts_->writer->stop();            // commits whatever is still queued
  parts_->alerts->stop();
  log_event(LogLevel::Info, "stopped", Json{{"writes", parts_->writer->items()}, {"batches", parts_->writer->batches()}});
}

void Collector::stop() {
  if (!parts_->stopping.exchange(true)) log_event(LogLevel::Info, "stopping");
  parts_->http.stop();
}

}  // namespace csatkit::server

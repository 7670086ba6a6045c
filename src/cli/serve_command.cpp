// `csatkit serve`: the collector. Flags and/or a JSON config file (flags win); runs until
// SIGTERM or SIGINT, then stops accepting, answers what is in flight, commits and exits 0.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "server/collector.hpp"
#include "server/json_log.hpp"
#include "server/server_config.hpp"
#include "server/static_files.hpp"

namespace csatkit::cli {

namespace {

const char* const kServeHelp =
    "usage: csatkit serve [--config FILE] [options] [SURVEY_FILE...]\n"
    "\n"
    "Runs the collector: widgets POST responses, validated against the survey definitions and\n"
    "stored in SQLite; the admin token reads summaries and CSV exports; unhappy answers raise\n"
    "webhook alerts. A 2xx answer means the response is committed to disk.\n"
    "\n"
    "  --config FILE          JSON config (see README: Collector); flags below override it\n"
    "  --port N               port to listen on (default 8787; 0 = any free port)\n"
    "  --bind ADDR            address to listen on (default 127.0.0.1)\n"
    "  --db PATH              SQLite database file (default csatkit.db; created if missing)\n"
    "  --survey FILE          a survey definition to accept (repeatable; bare FILEs count too)\n"
    "  --origin URL           an origin allowed by CORS, e.g. https://shop.example (repeatable; * = any)\n"
    "  --admin-token TOKEN    Bearer token for summary and export (or env CSATKIT_ADMIN_TOKEN)\n"
    "  --synchronous full|normal   fsync every commit (full, default) or rely on WAL (normal)\n"
    "  --max-body-bytes N     largest request body (default 65536)\n"
    "  --rate-limit N         requests per minute per client IP (default 120; 0 = off)\n"
    "  --rate-burst N         requests per client IP at once (default 60)\n"
    "  --threads N            HTTP worker threads (default 64)\n"
    "  --alert-webhook URL    POST an alert here for unhappy responses (repeatable)\n"
    "  --alert-on LIST        which responses alert: buckets and/or scores, e.g. negative or 1,2\n"
    "                         (default negative)\n"
    "  --alert-format json|slack   webhook body shape (default json)\n"
    "  --web DIR              the web/ folder the dashboard (GET /dashboard) is served from\n"
    "                         (default: the one next to this binary; --web '' turns it off)\n"
    "  --quiet                log only errors and lifecycle lines, not every request\n"
    "\n"
    "Logs are JSON lines on stderr; the first says {\"event\":\"listening\",\"port\":N,…}.\n"
    "Exit codes: 0 after a clean shutdown, 2 bad arguments or config, 1 the server failed.\n";

std::string read_file(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream content;
  if (ok) content << in.rdbuf();
  return content.str();
}

std::string folder_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

// --alert-on "negative,1,2" → buckets and scores.
Status parse_alert_on(const std::string& text, server::AlertRule& rule) {
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    if (item == "negative" || item == "neutral" || item == "positive") {
      rule.buckets.push_back(item);
      continue;
    }
    char* end = nullptr;
    const long score = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || end != item.c_str() + item.size()) {
      return Error{"args.alert_on", "--alert-on", "--alert-on takes buckets (negative, neutral, positive) and/or scores, got \"" + item + "\""};
    }
    rule.scores.push_back(static_cast<int>(score));
  }
  return Ok{};
}

Result<long> whole_number(const std::string& text, const std::string& flag, long min, long max) {
  char* end = nullptr;
  const long n = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || end != text.c_str() + text.size() || n < min || n > max) {
    return Error{"args.number", flag, flag + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max)};
  }
  return n;
}

Result<server::ServerConfig> config_from(const std::vector<std::string>& raw) {
  // Repeatable flags are taken out first; the rest goes through the shared parser.
  std::vector<std::string> surveys, origins, webhooks, rest;
  const std::pair<const char*, std::vector<std::string>*> repeatable[] = {
      {"--survey", &surveys}, {"--origin", &origins}, {"--alert-webhook", &webhooks}};
  for (std::size_t i = 0; i < raw.size(); ++i) {
    bool taken = false;
    for (const auto& [flag, list] : repeatable) {
      const std::string prefix = std::string(flag) + "=";
      if (raw[i] == flag) {
        if (i + 1 >= raw.size()) return Error{"args.value", flag, std::string(flag) + " needs a value"};
        list->push_back(raw[++i]);
        taken = true;
      } else if (raw[i].rfind(prefix, 0) == 0) {
        list->push_back(raw[i].substr(prefix.size()));
        taken = true;
      }
    }
    if (!taken) rest.push_back(raw[i]);
  }
  auto args = parse_arguments(rest,
                              {"--config", "--port", "--bind", "--db", "--admin-token", "--synchronous", "--max-body-bytes",
                               "--rate-limit", "--rate-burst", "--threads", "--alert-on", "--alert-format", "--web"},
                              {"--help", "--quiet"});
  if (!args) return args.error();
  if (args->has("--help")) return Error{"help", "", ""};

  server::ServerConfig config;
  if (const std::string* file = args->value("--config")) {
    bool ok = false;
    const std::string text = read_file(*file, ok);
    if (!ok) return Error{"config.unreadable", "--config", "cannot read config file " + *file};
    const Json json = parse_json(text);
    if (json.is_discarded()) return Error{"config.invalid", "--config", *file + " is not valid JSON"};
    if (auto s = server::apply_config_json(json, folder_of(*file), config); !s) {
      Error error = s.error();
      error.message = *file + ": " + error.path + ": " + error.message;
      error.path = "--config";
      return error;
    }
  }
  if (const std::string* v = args->value("--port")) {
    auto n = whole_number(*v, "--port", 0, 65535);
    if (!n) return n.error();
    config.port = static_cast<int>(*n);
  }
  if (const std::string* v = args->value("--bind")) config.bind = *v;
  if (const std::string* v = args->value("--db")) config.db_path = *v;
  if (const char* token = std::getenv("CSATKIT_ADMIN_TOKEN"); token && *token) config.admin_token = token;
  if (const std::string* v = args->value("--admin-token")) config.admin_token = *v;
  if (const std::string* v = args->value("--synchronous")) {
    if (*v != "full" && *v != "normal") return Error{"args.synchronous", "--synchronous", "--synchronous must be full or normal"};
    config.synchronous_full = *v == "full";
  }
  const std::pair<const char*, long> limits[] = {{"--max-body-bytes", 16L * 1024 * 1024}, {"--rate-limit", 1000000000L},
                                                 {"--rate-burst", 1000000000L}, {"--threads", 1024}};
  for (const auto& [flag, max] : limits) {
    const std::string* v = args->value(flag);
    if (!v) continue;
    const long min = std::string(flag) == "--max-body-bytes" ? 1024 : std::string(flag) == "--rate-limit" ? 0 : std::string(flag) == "--threads" ? 2 : 1;
    auto n = whole_number(*v, flag, min, max);
    if (!n) return n.error();
    if (std::string(flag) == "--max-body-bytes") config.max_body_bytes = static_cast<std::size_t>(*n);
    if (std::string(flag) == "--rate-limit") config.rate_limit.per_minute = static_cast<double>(*n);
    if (std::string(flag) == "--rate-burst") config.rate_limit.burst = static_cast<double>(*n);
    if (std::string(flag) == "--threads") config.threads = static_cast<int>(*n);
  }
  if (args->has("--quiet")) config.log_requests = false;
  if (const std::string* v = args->value("--web")) {
    config.web_dir = *v;
  } else if (config.web_dir.empty()) {
    config.web_dir = server::find_web_dir("/proc/self/exe");  // the checkout's or installed web/
  }

  for (const std::string& file : surveys) config.survey_files.push_back(file);
  for (const std::string& file : args->positional) config.survey_files.push_back(file);
  for (const std::string& origin : origins) config.origins.push_back(origin);

  if (!webhooks.empty()) {
    server::AlertRule shape;
    if (auto s = parse_alert_on(args->value("--alert-on") ? *args->value("--alert-on") : "negative", shape); !s) return s.error();
    if (const std::string* v = args->value("--alert-format")) {
      if (*v != "json" && *v != "slack") return Error{"args.alert_format", "--alert-format", "--alert-format must be json or slack"};
      shape.format = *v == "slack" ? server::WebhookFormat::Slack : server::WebhookFormat::Json;
    }
    for (const std::string& url : webhooks) {
      if (auto target = server::parse_webhook_url(url); !target) {
        return Error{"args.alert_webhook", "--alert-webhook", target.error().message};
      }
      server::AlertRule rule = shape;
      rule.url = url;
      config.alerts.push_back(rule);
    }
  } else if (args->value("--alert-on") || args->value("--alert-format")) {
    return Error{"args.alert_webhook", "--alert-webhook", "--alert-on and --alert-format need --alert-webhook URL"};
  }
  if (auto s = server::check_config(config); !s) {
    Error error = s.error();
    error.path = "--" + error.path;
    if (error.path == "--surveys") error.path = "--survey";
    return error;
  }
  return config;
}

}  // namespace

int run_serve(const std::vector<std::string>& raw) {
  auto config = config_from(raw);
  if (!config && config.error().code == "help") {
    std::fputs(kServeHelp, stdout);
    return 0;
  }
  if (!config) return fail("serve", config.error());

  // Signals are taken by one thread with sigwait; every other thread (HTTP workers, the writer,
  // the alert sender) inherits the blocked mask, so a signal never interrupts a commit.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a client that hangs up mid-answer must not end the server

  auto collector = server::Collector::create(*config);
  if (!collector) return fail("serve", collector.error());
  auto port = (*collector)->bind();
  if (!port) return fail("serve", port.error());

  server::Collector* running = collector->get();
  std::thread signal_thread([running, signals] {
    int received = 0;
    sigwait(&signals, &received);
    server::log_event(server::LogLevel::Info, "signal", Json{{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
    running->stop();
  });
  running->run();
  // run() also returns if the listener fails; wake the signal thread so it can be joined.
  pthread_kill(signal_thread.native_handle(), SIGTERM);
  signal_thread.join();
  collector->reset();
  return 0;
}

}  // namespace csatkit::cli

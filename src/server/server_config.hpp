// The collector's settings: a JSON config file and/or command-line flags (flags win).
//
// {
//   "port": 8787,                        0 = any free port (the "listening" log line says which)
//   "bind": "127.0.0.1",                 the address to listen on
//   "db": "csatkit.db",                  SQLite file (WAL mode)
//   "surveys": ["surveys/post-chat.json"],   survey definition files; responses to others are refused
//   "origins": ["https://shop.example"], origins allowed by CORS; "*" allows every origin
//   "admin_token": "…",                  Bearer token for summary/export; none = reads refused
//   "synchronous": "full",               "full" (fsync every commit) or "normal" (WAL: survives
//                                        a crash of the process, not of the machine)
//   "max_body_bytes": 65536,
//   "rate_limit": {"per_minute": 120, "burst": 60},   per client IP; per_minute 0 = off
//   "threads": 64,                       HTTP worker threads (each keep-alive connection holds one)
//   "max_batch": 512,                    responses per group commit at most
//   "log_requests": true,                one JSON line per request on stderr
//   "web_dir": "/usr/share/csatkit/web", the folder the dashboard's files come from (web/ of a
//                                        checkout); "" = no dashboard. `csatkit serve` defaults it
//                                        to the web/ folder found next to its binary
//   "alerts": [{"url": "https://hooks.slack.com/…", "format": "slack" | "json",
//               "buckets": ["negative"], "scores": [1, 2], "surveys": ["post-chat"]}],
//   "alert_retry": {"first_ms": 1000, "max_ms": 600000, "max_attempts": 20}
// }
// Relative paths in a config file are relative to the file's folder.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/report.hpp"
#include "core/result.hpp"
#include "core/survey_definition.hpp"

namespace csatkit::server {

enum class WebhookFormat { Json, Slack };

// When a stored response qualifies for a service-recovery alert, and where it goes.
struct AlertRule {
  std::string url;                   // http:// or https://
  WebhookFormat format = WebhookFormat::Json;
  std::vector<std::string> buckets;  // "negative" | "neutral" | "positive"
  std::vector<int> scores;           // exact points; a response matches either list
  std::vector<std::string> surveys;  // empty = every survey

  bool matches(const std::string& survey_id, int score, Bucket bucket) const;
};

struct RetryPolicy {
  std::int64_t first_ms = 1000;
  std::int64_t max_ms = 10 * 60 * 1000;
  int max_attempts = 20;
};

struct RateLimit {
  double per_minute = 120;  // sustained requests per client IP; 0 = no limit
  double burst = 60;        // requests allowed at once
};

struct ServerConfig {
  int port = 8787;
  std::string bind = "127.0.0.1";
  std::string db_path = "csatkit.db";
  std::vector<std::string> survey_files;
  std::vector<std::string> origins;
  std::string admin_token;
  bool synchronous_full = true;
  std::size_t max_body_bytes = 64 * 1024;
  RateLimit rate_limit;
  int threads = 64;
  std::size_t max_batch = 512;
  bool log_requests = true;
  std::string web_dir;  // the dashboard's static files (static_files.hpp); empty = no dashboard
  std::vector<AlertRule> alerts;
  RetryPolicy alert_retry;
};

// Applies a config file's JSON on top of `config` (defaults or earlier settings). `base_dir`
// resolves relative paths. Errors are "config.invalid" with the JSON path ("$.rate_limit.burst").
Status apply_config_json(const Json& json, const std::string& base_dir, ServerConfig& config);

// Everything that cannot be checked key by key: a port in range, a db path, at least one
// survey, a known bind address form, alert URLs with a scheme and host.
Status check_config(const ServerConfig& config);

// Reads and parses every survey file (errors name the file); duplicate ids are an error.
Result<std::vector<SurveyDefinition>> load_surveys(const std::vector<std::string>& files);

// "https://hooks.example:8443/a/b?c" → {"https://hooks.example:8443", "/a/b?c"}.
struct WebhookTarget {
  std::string scheme_host_port;
  std::string path;
};
Result<WebhookTarget> parse_webhook_url(const std::string& url);

bool origin_allowed(const ServerConfig& config, const std::string& origin);

// Whether `origin` ("http://127.0.0.1:8787") names the host the request was sent to (its Host
// header, "127.0.0.1:8787"): a page the collector served itself (the dashboard), whose module
// scripts and reads carry an Origin header too. Such requests are same-origin, never CORS.
bool same_origin(const std::string& origin, const std::string& host);

}  // namespace csatkit::server

#include "server/server_config.hpp"

#include <catch2/catch.hpp>

using namespace csatkit;
using namespace csatkit::server;

TEST_CASE("a full config file is read, relative paths against its folder") {
  ServerConfig config;
  const Json json = Json::parse(R"({"port": 9000, "bind": "0.0.0.0", "db": "data/c.db", "surveys": ["s.json", "/abs/t.json"],
    "origins": ["https://shop.example"], "admin_token": "t", "synchronous": "normal", "max_body_bytes": 2048,
    "rate_limit": {"per_minute": 30, "burst": 5}, "threads": 8, "max_batch": 64, "log_requests": false,
    "alerts": [{"url": "https://hooks.example/x", "format": "slack", "buckets": ["negative"], "scores": [3], "surveys": ["s"]}],
    "alert_retry": {"first_ms": 10, "max_ms": 100, "max_attempts": 3}})");
  REQUIRE(apply_config_json(json, "/etc/csatkit", config));
  CHECK(config.port == 9000);
  CHECK(config.bind == "0.0.0.0");
  CHECK(config.db_path == "/etc/csatkit/data/c.db");
  CHECK(config.survey_files == std::vector<std::string>{"/etc/csatkit/s.json", "/abs/t.json"});
  CHECK_FALSE(config.synchronous_full);
  CHECK(config.max_body_bytes == 2048);
  CHECK(config.rate_limit.per_minute == 30);
  CHECK(config.rate_limit.burst == 5);
  CHECK(config.threads == 8);
  CHECK(config.max_batch == 64);
  CHECK_FALSE(config.log_requests);
  REQUIRE(config.alerts.size() == 1);
  CHECK(config.alerts[0].format == WebhookFormat::Slack);
  CHECK(config.alert_retry.max_attempts == 3);
  CHECK(check_config(config));
}

TEST_CASE("config problems name the key") {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"port": 70000})", "$.port"},
      {R"({"port": "80"})", "$.port"},
      {R"({"prot": 80})", "$.prot"},
      {R"({"synchronous": "off"})", "$.synchronous"},
      {R"({"rate_limit": {"burst": 0}})", "$.rate_limit.burst"},
      {R"({"rate_limit": {"per_second": 1}})", "$.rate_limit.per_second"},
      {R"({"alerts": [{"url": "ftp://x"}]})", "$.alerts[0].url"},
      {R"({"alerts": [{"url": "http://x"}]})", "$.alerts[0]"},
      {R"({"alerts": [{"url": "http://x", "buckets": ["sad"]}]})", "$.alerts[0].buckets[0]"},
      {R"({"origins": "https://a"})", "$.origins"},
      {R"([])", "$"},
  };
  for (const auto& [text, path] : cases) {
    ServerConfig config;
    auto status = apply_config_json(Json::parse(text), "", config);
    INFO(text);
    REQUIRE_FALSE(status);
    CHECK(status.error().code == "config.invalid");
    CHECK(status.error().path == path);
  }
}

TEST_CASE("check_config needs a survey and real origins") {
  ServerConfig config;
  CHECK(check_config(config).error().path == "surveys");
  config.survey_files = {"s.json"};
  CHECK(check_config(config));
  config.origins = {"https://shop.example/"};
  CHECK(check_config(config).error().path == "origins");
  config.origins = {"shop.example"};
  CHECK(check_config(config).error().path == "origins");
  config.origins = {"*"};
  CHECK(check_config(config));
  CHECK(origin_allowed(config, "https://anything.example"));
  config.origins = {"https://a.example"};
  CHECK(origin_allowed(config, "https://a.example"));
  CHECK_FALSE(origin_allowed(config, "https://a.example.evil"));
  CHECK_FALSE(origin_allowed(config, "null"));
}

TEST_CASE("alert rules match by bucket or score, within their surveys") {
  AlertRule rule;
  rule.buckets = {"negative"};
  rule.scores = {3};
  CHECK(rule.matches("any", 1, Bucket::Negative));
  CHECK(rule.matches("any", 3, Bucket::Neutral));
  CHECK_FALSE(rule.matches("any", 4, Bucket::Positive));
  rule.surveys = {"post-chat"};
  CHECK(rule.matches("post-chat", 1, Bucket::Negative));
  CHECK_FALSE(rule.matches("kb", 1, Bucket::Negative));
}

TEST_CASE("webhook URLs split into host and path") {
  auto a = parse_webhook_url("https://hooks.example:8443/a/b?c=1");
  REQUIRE(a);
  CHECK(a->scheme_host_port == "https://hooks.example:8443");
  CHECK(a->path == "/a/b?c=1");
  auto b = parse_webhook_url("http://127.0.0.1:9");
  REQUIRE(b);
  CHECK(b->path == "/");
  CHECK(parse_webhook_url("http://h?x=1")->path == "/?x=1");
  CHECK_FALSE(parse_webhook_url("hooks.example/x"));
  CHECK_FALSE(parse_webhook_url("file:///etc/passwd"));
  CHECK_FALSE(parse_webhook_url("http:///x"));
  CHECK_FALSE(parse_webhook_url("http://user@host/x"));
}

TEST_CASE("web_dir: the dashboard's folder, relative to the config file; a non-string is named") {
  ServerConfig config;
  REQUIRE(apply_config_json(Json::parse(R"({"web_dir": "share/web"})"), "/etc/csatkit", config));
  CHECK(config.web_dir == "/etc/csatkit/share/web");
  REQUIRE(apply_config_json(Json::parse(R"({"web_dir": "/opt/csatkit/web"})"), "/etc/csatkit", config));
  CHECK(config.web_dir == "/opt/csatkit/web");
  auto bad = apply_config_json(Json::parse(R"({"web_dir": 3})"), "/etc/csatkit", config);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().path == "$.web_dir");
}

TEST_CASE("same_origin: an Origin naming the Host the request went to (the collector's own pages)") {
  CHECK(same_origin("http://127.0.0.1:8787", "127.0.0.1:8787"));
  CHECK(same_origin("http://CSAT.example", "csat.example"));
  CHECK(same_origin("http://csat.example:80", "csat.example"));
  CHECK(same_origin("https://csat.example", "csat.example:443"));
  CHECK_FALSE(same_origin("http://127.0.0.1:8080", "127.0.0.1:8787"));
  CHECK_FALSE(same_origin("https://evil.example", "csat.example"));
  CHECK_FALSE(same_origin("http://csat.example.evil.example", "csat.example"));
  CHECK_FALSE(same_origin("null", "csat.example"));
  CHECK_FALSE(same_origin("http://", ""));
  CHECK_FALSE(same_origin("ftp://csat.example", "csat.example"));
}

#include "server/server_config.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <sstream>

namespace csatkit::server {

namespace {

Error config_error(const std::string& path, const std::string& message) { return Error{"config.invalid", path, message}; }

std::string resolve(const std::string& base_dir, const std::string& path) {
  if (path.empty() || path.front() == '/' || base_dir.empty()) return path;
  return base_dir + "/" + path;
}

Result<std::string> text(const Json& value, const std::string& path) {
  if (!value.is_string()) return config_error(path, "must be a string");
  return value.get<std::string>();
}

Result<double> number(const Json& value, const std::string& path, double min, double max) {
  if (!value.is_number()) return config_error(path, "must be a number");
  const double n = value.get<double>();
  if (!std::isfinite(n) || n < min || n > max) {
    std::ostringstream message;
    message << "must be from " << min << " to " << max;
    return config_error(path, message.str());
  }
  return n;
}

Result<std::int64_t> whole(const Json& value, const std::string& path, std::int64_t min, std::int64_t max) {
  if (!value.is_number_integer() && !value.is_number_unsigned()) return config_error(path, "must be a whole number");
  if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
    return config_error(path, "must be from " + std::to_string(min) + " to " + std::to_string(max));
  }
  const auto n = value.get<std::int64_t>();
  if (n < min || n > max) return config_error(path, "must be from " + std::to_string(min) + " to " + std::to_string(max));
  return n;
}

Result<std::vector<std::string>> texts(const Json& value, const std::string& path) {
  if (!value.is_array()) return config_error(path, "must be an array of strings");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    auto item = text(value[i], path + "[" + std::to_string(i) + "]");
    if (!item) return item.error();
    out.push_back(*item);
  }
  return out;
}

Status unknown_keys(const Json& object, const std::string& path, std::initializer_list<const char*> known) {
  for (const auto& item : object.items()) {
    if (std::none_of(known.begin(), known.end(), [&](const char* k) { return item.key() == k; })) {
      return config_error(path + "." + item.key(), "unknown key \"" + item.key() + "\"");
    }
  }
  return Ok{};
}

Result<AlertRule> alert_rule(const Json& value, const std::string& path) {
  if (!value.is_object()) return config_error(path, "must be an object {\"url\", \"buckets\" or \"scores\", …}");
  if (auto s = unknown_keys(value, path, {"url", "format", "buckets", "scores", "surveys"}); !s) return s.error();
  AlertRule rule;
  if (!value.contains("url")) return config_error(path + ".url", "is required");
  auto url = text(value["url"], path + ".url");
  if (!url) return url.error();
  rule.url = *url;
  if (auto target = parse_webhook_url(rule.url); !target) return config_error(path + ".url", target.error().message);
  if (value.contains("format")) {
    auto format = text(value["format"], path + ".format");
    if (!format) return format.error();
    if (*format == "slack") {
      rule.format = WebhookFormat::Slack;
    } else if (*format != "json") {
      return config_error(path + ".format", "must be \"json\" or \"slack\"");
    }
  }
  if (value.contains("buckets")) {
    auto buckets = texts(value["buckets"], path + ".buckets");
    if (!buckets) return buckets.error();
    for (std::size_t i = 0; i < buckets->size(); ++i) {
      const std::string& b = (*buckets)[i];
      if (b != "negative" && b != "neutral" && b != "positive") {
        return config_error(path + ".buckets[" + std::to_string(i) + "]", "must be negative, neutral or positive");
      }
    }
    rule.buckets = *buckets;
  }
  if (value.contains("scores")) {
    const Json& scores = value["scores"];
    if (!scores.is_array()) return config_error(path + ".scores", "must be an array of whole numbers");
    for (std::size_t i = 0; i < scores.size(); ++i) {
      auto score = whole(scores[i], path + ".scores[" + std::to_string(i) + "]", -1000, 1000);
      if (!score) return score.error();
      rule.scores.push_back(static_cast<int>(*score));
    }
  }
  if (rule.buckets.empty() && rule.scores.empty()) {
    return config_error(path, "needs \"buckets\" or \"scores\": which responses raise an alert");
  }
  if (value.contains("surveys")) {
    auto surveys = texts(value["surveys"], path + ".surveys");
    if (!surveys) return surveys.error();
    rule.surveys = *surveys;
  }
  return rule;
}

}  // namespace

bool AlertRule::matches(const std::string& survey_id, int score, Bucket bucket) const {
  if (!surveys.empty() && std::find(surveys.begin(), surveys.end(), survey_id) == surveys.end()) return false;
  if (std::find(scores.begin(), scores.end(), score) != scores.end()) return true;
  return std::find(buckets.begin(), buckets.end(), std::string(to_string(bucket))) != buckets.end();
}

Status apply_config_json(const Json& json, const std::string& base_dir, ServerConfig& config) {
  if (!json.is_object()) return config_error("$", "the config must be a JSON object");
  if (auto s = unknown_keys(json, "$",
                            {"port", "bind", "db", "surveys", "origins", "admin_token", "synchronous", "max_body_bytes",
                             "rate_limit", "threads", "max_batch", "log_requests", "alerts", "alert_retry", "web_dir"});
      !s) {
    return s;
  }
  for (const auto& item : json.items()) {
    const std::string& key = item.key();
    const Json& value = item.value();
    const std::string path = "$." + key;
    if (key == "port") {
      auto n = whole(value, path, 0, 65535);
      if (!n) return n.error();
      config.port = static_cast<int>(*n);
    } else if (key == "bind" || key == "admin_token" || key == "db" || key == "web_dir") {
      auto t = text(value, path);
      if (!t) return t.error();
      if (key == "bind") config.bind = *t;
      if (key == "admin_token") config.admin_token = *t;
      if (key == "db") config.db_path = resolve(base_dir, *t);
      if (key == "web_dir") config.web_dir = resolve(base_dir, *t);
    } else if (key == "surveys" || key == "origins") {
      auto list = texts(value, path);
      if (!list) return list.error();
      if (key == "origins") {
        config.origins = *list;
      } else {
        config.survey_files.clear();
        for (const std::string& file : *list) config.survey_files.push_back(resolve(base_dir, file));
      }
    } else if (key == "synchronous") {
      auto t = text(value, path);
      if (!t) return t.error();
      if (*t != "full" && *t != "normal") return config_error(path, "must be \"full\" or \"normal\"");
      config.synchronous_full = *t == "full";
    } else if (key == "max_body_bytes") {
      auto n = whole(value, path, 1024, 16 * 1024 * 1024);
      if (!n) return n.error();
      config.max_body_bytes = static_cast<std::size_t>(*n);
    } else if (key == "threads") {
      auto n = whole(value, path, 2, 1024);
      if (!n) return n.error();
      config.threads = static_cast<int>(*n);
    } else if (key == "max_batch") {
      auto n = whole(value, path, 1, 100000);
      if (!n) return n.error();
      config.max_batch = static_cast<std::size_t>(*n);
    } else if (key == "log_requests") {
      if (!value.is_boolean()) return config_error(path, "must be true or false");
      config.log_requests = value.get<bool>();
    } else if (key == "rate_limit") {
      if (!value.is_object()) return config_error(path, "must be {\"per_minute\": N, \"burst\": N}");
      if (auto s = unknown_keys(value, path, {"per_minute", "burst"}); !s) return s;
      if (value.contains("per_minute")) {
        auto n = number(value["per_minute"], path + ".per_minute", 0, 1e9);
        if (!n) return n.error();
        config.rate_limit.per_minute = *n;
      }
      if (value.contains("burst")) {
        auto n = number(value["burst"], path + ".burst", 1, 1e9);
        if (!n) return n.error();
        config.rate_limit.burst = *n;
      }
    } else if (key == "alerts") {
      if (!value.is_array()) return config_error(path, "must be an array of alert rules");
      config.alerts.clear();
      for (std::size_t i = 0; i < value.size(); ++i) {
        auto rule = alert_rule(value[i], path + "[" + std::to_string(i) + "]");
        if (!rule) return rule.error();
        config.alerts.push_back(*rule);
      }
    } else if (key == "alert_retry") {
      if (!value.is_object()) return config_error(path, "must be {\"first_ms\", \"max_ms\", \"max_attempts\"}");
      if (auto s = unknown_keys(value, path, {"first_ms", "max_ms", "max_attempts"}); !s) return s;
      if (value.contains("first_ms")) {
        auto n = whole(value["first_ms"], path + ".first_ms", 1, 3600 * 1000);
        if (!n) return n.error();
        config.alert_retry.first_ms = *n;
      }
      if (value.contains("max_ms")) {
        auto n = whole(value["max_ms"], path + ".max_ms", 1, 24 * 3600 * 1000);
        if (!n) return n.error();
        config.alert_retry.max_ms = *n;
      }
      if (value.contains("max_attempts")) {
        auto n = whole(value["max_attempts"], path + ".max_attempts", 1, 1000);
        if (!n) return n.error();
        config.alert_retry.max_attempts = static_cast<int>(*n);
      }
    }
  }
  return Ok{};
}

Status check_config(const ServerConfig& config) {
  if (config.port < 0 || config.port > 65535) return config_error("port", "must be from 0 to 65535");
  if (config.bind.empty()) return config_error("bind", "must be an address such as 127.0.0.1 or 0.0.0.0");
  if (config.db_path.empty()) return config_error("db", "must be a file path");
  if (config.survey_files.empty()) {
    return config_error("surveys", "give at least one survey definition file (--survey FILE)");
  }
  if (config.alert_retry.max_ms < config.alert_retry.first_ms) {
    return config_error("alert_retry.max_ms", "must be at least alert_retry.first_ms");
  }
  for (const std::string& origin : config.origins) {
    if (origin != "*" && origin.rfind("http://", 0) != 0 && origin.rfind("https://", 0) != 0) {
      return config_error("origins", "\"" + origin + "\" is not an origin like https://shop.example");
    }
    if (origin != "*" && origin.back() == '/') {
      return config_error("origins", "\"" + origin + "\": an origin has no path or trailing slash");
    }
  }
  return Ok{};
}

Result<std::vector<SurveyDefinition>> load_surveys(const std::vector<std::string>& files) {
  std::vector<SurveyDefinition> surveys;
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{"config.survey_unreadable", file, "cannot read survey definition " + file};
    std::ostringstream content;
    content << in.rdbuf();
    auto survey = parse_survey_definition(std::string_view(content.str()));
    if (!survey) {
      Error error = survey.error();
      error.message = file + ": " + error.message;
      error.path = file;
      return error;
    }
    for (const SurveyDefinition& known : surveys) {
      if (known.id == survey->id) {
        return Error{"config.survey_duplicate", file, file + ": survey id \"" + known.id + "\" is given twice"};
      }
    }
    surveys.push_back(std::move(survey.value()));
  }
  return surveys;
}

Result<WebhookTarget> parse_webhook_url(const std::string& url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return config_error("url", "\"" + url + "\" is not an http(s) URL");
  const std::string scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return config_error("url", "\"" + url + "\": only http and https webhooks");
  const std::size_t host_start = scheme_end + 3;
  std::size_t path_start = url.find_first_of("/?", host_start);
  if (path_start == std::string::npos) path_start = url.size();
  const std::string host = url.substr(host_start, path_start - host_start);
  if (host.empty() || host.find_first_of(" @\t\r\n") != std::string::npos) {
    return config_error("url", "\"" + url + "\" has no usable host");
  }
  std::string path = url.substr(path_start);
  if (path.empty()) path = "/";
  if (path.front() == '?') path = "/" + path;
  return WebhookTarget{scheme + "://" + host, path};
}

bool origin_allowed(const ServerConfig& config, const std::string& origin) {
  for (const std::string& allowed : config.origins) {
    if (allowed == "*" || allowed == origin) return true;
  }
  return false;
}

bool same_origin(const std::string& origin, const std::string& host) {
  const std::size_t scheme_end = origin.find("://");
  if (scheme_end == std::string::npos || host.empty()) return false;
  const std::string scheme = origin.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return false;
  std::string authority = origin.substr(scheme_end + 3);
  std::string expected = host;
  for (std::string* text : {&authority, &expected}) {
    std::transform(text->begin(), text->end(), text->begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  }
  // A default port may be left out on either side.
  const std::string default_port = scheme == "https" ? ":443" : ":80";
  for (std::string* text : {&authority, &expected}) {
    if (text->size() > default_port.size() && text->compare(text->size() - default_port.size(), default_port.size(), default_port) == 0) {
      text->resize(text->size() - default_port.size());
    }
  }
  return !authority.empty() && authority == expected;
}

}  // namespace csatkit::server

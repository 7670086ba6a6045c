#include "server/alert_sender.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>

#include "core/envelope.hpp"
#include "core/scale.hpp"
#include "core/survey_flow.hpp"
#include "core/survey_definition.hpp"
#include "server/json_log.hpp"

namespace csatkit::server {

namespace {

// When idle the sender still looks now and then: cheap, and it catches alerts whose wake-up was
// missed (e.g. queued by an earlier run of the server).
constexpr std::int64_t kIdlePollMs = 5000;
constexpr int kBatch = 20;

std::string slack_escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

std::string text_or(const Json& response, const char* key, const std::string& fallback = "") {
  auto found = response.find(key);
  if (found == response.end() || !found->is_string()) return fallback;
  return found->get<std::string>();
}

}  // namespace

std::optional<std::int64_t> retry_delay_ms(int attempts, const RetryPolicy& policy) {
  if (attempts >= policy.max_attempts) return std::nullopt;
  std::int64_t delay = policy.first_ms;
  for (int i = 1; i < attempts && delay < policy.max_ms; ++i) delay *= 2;
  return std::min(delay, policy.max_ms);
}

std::string webhook_body(const Json& response, WebhookFormat format) {
  const int score = response.value("score", 0);
  const std::string scale_id = text_or(response, "scale");
  auto scale = Scale::find(scale_id);
  if (format == WebhookFormat::Json) {
    Json body = Json::object();
    body["type"] = "csatkit.alert";
    body["survey_id"] = text_or(response, "survey_id");
    body["response_id"] = text_or(response, "id");
    body["score"] = score;
    body["scale_max"] = scale ? Json(scale->max()) : Json(nullptr);
    body["bucket"] = text_or(response, "bucket");
    body["label"] = text_or(response, "label");
    body["comment"] = response.contains("comment") ? response["comment"] : Json(nullptr);
    body["touchpoint"] = response.contains("touchpoint") ? response["touchpoint"] : Json(nullptr);
    body["user_id"] = response.contains("user_id") ? response["user_id"] : Json(nullptr);
    body["url"] = response.contains("url") ? response["url"] : Json(nullptr);
    body["created_at"] = response.contains("created_at") ? response["created_at"] : Json(nullptr);
    body["response"] = response;
    return dump_json(body);
  }
  std::string text = "Unhappy customer on survey " + text_or(response, "survey_id") + ": score " + std::to_string(score);
  if (scale) text += "/" + std::to_string(scale->max());
  const std::string label = text_or(response, "label");
  if (!label.empty()) text += " (" + label + ")";
  const std::string comment = text_or(response, "comment");
  if (!comment.empty()) text += "\n> " + truncate_utf8(comment, 500);
  for (const char* key : {"touchpoint", "user_id", "url"}) {
    const std::string value = text_or(response, key);
    if (!value.empty()) text += std::string("\n") + key + ": " + value;
  }
  text += "\nresponse " + text_or(response, "id");
  return dump_json(Json{{"text", slack_escaped(text)}});
}

AlertSender::AlertSender(std::unique_ptr<ResponseStore> store, RetryPolicy policy)
    : store_(std::move(store)), policy_(policy), thread_([this] { run(); }) {}

AlertSender::~AlertSender() { stop(); }

void AlertSender::notify() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    notified_ = true;
  }
  wake_.notify_one();
}

void AlertSender::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::int64_t AlertSender::delivered() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return delivered_;
}

void AlertSender::run() {
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
      notified_ = false;
    }
    for (const DueAlert& alert : store_->due_alerts(unix_now_ms(), kBatch)) {
      deliver(alert);
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
    }
    std::int64_t wait_ms = kIdlePollMs;
    if (auto next = store_->next_alert_due_ms()) wait_ms = std::clamp<std::int64_t>(*next - unix_now_ms(), 0, kIdlePollMs);
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(wait_ms), [&] { return stopping_ || notified_; });
  }
}

void AlertSender::deliver(const DueAlert& alert) {
  Json response = parse_json(alert.response_body);
  auto target = parse_webhook_url(alert.url);
  std::string error;
  if (!target) {
    error = target.error().message;
  } else {
    httplib::Client client(target->scheme_host_port);
    client.set_connection_timeout(5);
    client.set_read_timeout(10);
    client.set_write_timeout(10);
    const std::string body = webhook_body(response.is_discarded() ? Json::object() : response, alert.format);
    auto result = client.Post(target->path.c_str(), body, "application/json");
    if (!result) {
      error = "no answer: " + httplib::to_string(result.error());
    } else if (result->status < 200 || result->status > 299) {
      error = "HTTP " + std::to_string(result->status);
    }
  }
  const int attempts = alert.attempts + 1;
  Json fields{{"alert_id", alert.id}, {"url", alert.url}, {"attempt", attempts}};
  if (error.empty()) {
    if (auto s = store_->mark_alert_delivered(alert.id, unix_now_ms()); !s) {
      log_event(LogLevel::Error, "alert_store_failed", Json{{"alert_id", alert.id}, {"message", s.error().message}});
    }
    std::lock_guard<std::mutex> lock(mutex_);
    ++delivered_;
    log_event(LogLevel::Info, "alert_delivered", fields);
    return;
  }
  const auto delay = retry_delay_ms(attempts, policy_);
  fields["error"] = error;
  if (delay) {
    fields["retry_in_ms"] = *delay;
  } else {
    fields["gave_up"] = true;
  }
  log_event(delay ? LogLevel::Warn : LogLevel::Error, "alert_failed", fields);
  auto next = delay ? std::optional<std::int64_t>(unix_now_ms() + *delay) : std::nullopt;
  if (auto s = store_->mark_alert_failed(alert.id, error, next); !s) {
    log_event(LogLevel::Error, "alert_store_failed", Json{{"alert_id", alert.id}, {"message", s.error().message}});
  }
}

}  // namespace csatkit::server

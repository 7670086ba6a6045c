// Service-recovery alerts: the writer queues an alert row in the same transaction as the
// response that triggers it; this sender POSTs each one to its webhook, retrying failures with
// exponential backoff. The queue lives in the database, so a restart (or a crash) loses none:
// an alert is marked delivered only after the webhook answered 2xx (at-least-once delivery).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/report.hpp"
#include "server/response_store.hpp"
#include "server/server_config.hpp"

namespace csatkit::server {

// Delay before attempt `attempts + 1`, after `attempts` failures (≥ 1): first_ms doubling per
// failure, capped at max_ms. Empty when max_attempts is reached: the alert is given up.
std::optional<std::int64_t> retry_delay_ms(int attempts, const RetryPolicy& policy);

// The webhook's JSON body for a stored response: {"type":"csatkit.alert",…,"response":{…}}, or
// for Slack {"text":"…"} with Slack's own escaping of & < >.
std::string webhook_body(const Json& response, WebhookFormat format);

class AlertSender {
 public:
  AlertSender(std::unique_ptr<ResponseStore> store, RetryPolicy policy);
  ~AlertSender();
  AlertSender(const AlertSender&) = delete;
  AlertSender& operator=(const AlertSender&) = delete;

  // Something was queued: look now rather than at the next planned wake-up.
  void notify();
  // Finishes the delivery in progress (if any) and ends the thread; pending alerts stay queued.
  void stop();
  std::int64_t delivered() const;

 private:
  void run();
  void deliver(const DueAlert& alert);

  std::unique_ptr<ResponseStore> store_;
  RetryPolicy policy_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool notified_ = false;
  std::int64_t delivered_ = 0;
  std::thread thread_;
};

}  // namespace csatkit::server

// The collector's SQLite database: responses (one row per response id, the newest version) and
// the alert queue. WAL mode, so readers (exports, the alert sender) never block the writer.
//
// Durability: every write goes through commit_batch() in one transaction. With
// synchronous=FULL (the default) COMMIT returns only after the WAL is fsync'ed, so an
// acknowledged response survives a crash of the process and of the machine. With "normal" the
// WAL is written (it is in the kernel's page cache) but fsync'ed only at checkpoints: that still
// survives kill -9 of the server, not a power cut.
//
// One ResponseStore connection is used by one thread (the writer, or the alert sender); readers
// open their own with StoreReader.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/response_validation.hpp"
#include "core/result.hpp"
#include "server/server_config.hpp"

struct sqlite3;

namespace csatkit::server {

enum class WriteStatus { Created, Updated, Duplicate, Stale, Conflict, Failed };
const char* to_string(WriteStatus status);  // "created", "updated", "duplicate", "stale", "conflict", "failed"

// An alert to queue with the response, in the same transaction, when the response is new.
struct AlertTarget {
  std::string url;
  WebhookFormat format = WebhookFormat::Json;
};

struct ResponseWrite {
  ValidatedResponse response;
  std::string received_at;          // ISO 8601, the server's clock
  std::vector<AlertTarget> alerts;  // queued only if this write creates the response
};

struct WriteOutcome {
  WriteStatus status = WriteStatus::Failed;
  std::string message;  // for Conflict and Failed
  int alerts_queued = 0;
};

// An alert due for delivery, with the response as it stands now (a comment that arrived after
// the score is included).
struct DueAlert {
  std::int64_t id = 0;
  std::string url;
  WebhookFormat format = WebhookFormat::Json;
  int attempts = 0;
  std::string response_body;  // JSON text
};

class ResponseStore {
 public:
  // Creates the file and tables if needed; WAL mode; synchronous FULL or NORMAL.
  static Result<std::unique_ptr<ResponseStore>> open(const std::string& path, bool synchronous_full);
  ~ResponseStore();
  ResponseStore(const ResponseStore&) = delete;
  ResponseStore& operator=(const ResponseStore&) = delete;

  // One transaction for the whole batch; one outcome per write, in order. If the transaction
  // fails, it is rolled back and every outcome is Failed (nothing of the batch was stored).
  std::vector<WriteOutcome> commit_batch(std::vector<ResponseWrite>& batch);

  // The alert queue (used by the alert sender's own connection).
  std::vector<DueAlert> due_alerts(std::int64_t now_ms, int limit);
  std::optional<std::int64_t> next_alert_due_ms();  // earliest pending attempt, if any
  Status mark_alert_delivered(std::int64_t alert_id, std::int64_t now_ms);
  // Records a failed attempt: retried at `next_attempt_ms`, or given up when that is empty.
  Status mark_alert_failed(std::int64_t alert_id, const std::string& error, std::optional<std::int64_t> next_attempt_ms);
  std::int64_t pending_alert_count();

  // Fault injection for crash tests only (env CSATKIT_TEST_COMMIT_DELAY_MS): waits between a
  // batch's writes and its COMMIT, widening the window in which a kill -9 must lose nothing
  // that was acknowledged. Zero (no wait) in normal use.
  void set_commit_delay_ms(int ms) { commit_delay_ms_ = ms; }

 private:
  explicit ResponseStore(sqlite3* db);
  Status exec(const char* sql);
  sqlite3* db_;
  int commit_delay_ms_ = 0;
};

struct ResponseFilter {
  std::string survey_id;
  std::string from_day;  // "YYYY-MM-DD" inclusive, or ""
  std::string to_day;    // inclusive, or ""
};

// A read-only connection for exports and summaries; safe alongside the writer (WAL).
class StoreReader {
 public:
  static Result<std::unique_ptr<StoreReader>> open(const std::string& path);
  ~StoreReader();
  StoreReader(const StoreReader&) = delete;
  StoreReader& operator=(const StoreReader&) = delete;

  // Up to `limit` responses after `after_row` in arrival order; calls visit(row, body JSON text).
  // Returns how many were visited. Paging by row keeps exports of any size in bounded memory.
  Result<int> page(const ResponseFilter& filter, std::int64_t after_row, int limit,
                   const std::function<void(std::int64_t row, const std::string& body)>& visit);
  Result<std::int64_t> count(const std::string& survey_id);

  // The newest responses first (by arrival of their first version), at most `limit`; with
  // `commented`, only those that carry a comment. Calls visit(received_at, body JSON text).
  // For the dashboard's "latest comments": a LIMIT over the primary key, not a scan of the export.
  Result<int> latest(const ResponseFilter& filter, bool commented, int limit,
                     const std::function<void(const std::string& received_at, const std::string& body)>& visit);
  // How many responses match (the same filter and `commented` as latest()).
  Result<std::int64_t> count(const ResponseFilter& filter, bool commented);

 private:
  explicit StoreReader(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// ISO 8601 UTC with milliseconds ("2024-05-01T10:00:00.123Z") and Unix milliseconds, now.
std::string utc_now_iso();
std::int64_t unix_now_ms();

}  // namespace csatkit::server

#include "server/response_store.hpp"

#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <thread>

#include "core/csv_import.hpp"
#include "core/envelope.hpp"

namespace csatkit::server {

namespace {

constexpr int kBusyTimeoutMs = 10000;

const char* const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS responses (
  row          INTEGER PRIMARY KEY,           -- arrival order; exports page by it
  id           TEXT NOT NULL UNIQUE,          -- the widget's response id: the idempotency key
  survey_id    TEXT NOT NULL,
  score        INTEGER NOT NULL,
  complete     INTEGER NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  created_day  TEXT NOT NULL,                 -- YYYY-MM-DD of created_at, for from/to filters
  received_at  TEXT NOT NULL,
  body         TEXT NOT NULL                  -- the normalized response JSON
);
CREATE INDEX IF NOT EXISTS responses_by_survey_day ON responses (survey_id, created_day, row);
CREATE TABLE IF NOT EXISTS alerts (
  id              INTEGER PRIMARY KEY,
  response_id     TEXT NOT NULL,
  url             TEXT NOT NULL,
  format          TEXT NOT NULL,              -- "json" | "slack"
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER,                    -- NULL once delivered or given up
  last_error      TEXT,
  delivered_ms    INTEGER,
  created_at      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_due ON alerts (next_attempt_ms) WHERE next_attempt_ms IS NOT NULL;
)sql";

// A prepared statement that finalizes itself.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) stmt_ = nullptr;
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return stmt_ != nullptr; }
  Statement& bind(int index, const std::string& text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int index, std::int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  Statement& bind_null(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
  }
  int step() { return sqlite3_step(stmt_); }
  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::string text(int column) const {
    const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return bytes ? std::string(bytes, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
  }
  std::string error() const { return sqlite3_errmsg(db_); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

Error store_error(sqlite3* db, const std::string& what) {
  return Error{"store.error", "db", what + ": " + (db ? sqlite3_errmsg(db) : "out of memory")};
}

// What the stored version of a response is, if there is one.
struct StoredVersion {
  std::string survey_id;
  ResponseVersion version;
};

std::optional<StoredVersion> stored_version(sqlite3* db, const std::string& id) {
  Statement select(db, "SELECT survey_id, complete, updated_at FROM responses WHERE id = ?1");
  select.bind(1, id);
  if (select.step() != SQLITE_ROW) return std::nullopt;
  return StoredVersion{select.text(0), ResponseVersion{select.integer(1) != 0, select.text(2)}};
}

// Applies one write inside the open transaction. Status Failed only on an SQLite error.
WriteOutcome apply(sqlite3* db, ResponseWrite& write) {
  ValidatedResponse& r = write.response;
  // The widget always stamps created_at; a client that does not gets the time of arrival.
  if (r.created_at.empty()) {
    r.created_at = write.received_at;
    r.normalized["created_at"] = r.created_at;
  }
  if (r.updated_at.empty()) {
    r.updated_at = r.created_at;
    r.normalized["updated_at"] = r.updated_at;
  }
  const std::string day = period_key(r.created_at, Period::Day).value_or(r.created_at.substr(0, 10));
  const std::string body = dump_json(r.normalized);

  auto stored = stored_version(db, r.id);
  if (!stored) {
    Statement insert(db,
                     "INSERT INTO responses (id, survey_id, score, complete, created_at, updated_at, created_day, "
                     "received_at, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    insert.bind(1, r.id).bind(2, r.survey_id).bind(3, std::int64_t{r.score}).bind(4, std::int64_t{r.complete});
    insert.bind(5, r.created_at).bind(6, r.updated_at).bind(7, day).bind(8, write.received_at).bind(9, body);
    if (insert.step() != SQLITE_DONE) return {WriteStatus::Failed, insert.error()};
    WriteOutcome outcome{WriteStatus::Created};
    for (const AlertTarget& alert : write.alerts) {
      Statement queue(db,
                      "INSERT INTO alerts (response_id, url, format, next_attempt_ms, created_at) "
                      "VALUES (?1, ?2, ?3, 0, ?4)");
      queue.bind(1, r.id).bind(2, alert.url).bind(3, std::string(alert.format == WebhookFormat::Slack ? "slack" : "json"));
      queue.bind(4, write.received_at);
      if (queue.step() != SQLITE_DONE) return {WriteStatus::Failed, queue.error()};
      ++outcome.alerts_queued;
    }
    return outcome;
  }
  if (stored->survey_id != r.survey_id) {
    return {WriteStatus::Conflict, "response id \"" + r.id + "\" is already used by survey \"" + stored->survey_id + "\""};
  }
  const ResponseVersion incoming{r.complete, r.updated_at};
  if (!supersedes(incoming, stored->version)) {
    const bool same = incoming.complete == stored->version.complete && incoming.updated_at == stored->version.updated_at;
    return {same ? WriteStatus::Duplicate : WriteStatus::Stale};
  }
  Statement update(db,
                   "UPDATE responses SET score = ?2, complete = ?3, updated_at = ?4, body = ?5 WHERE id = ?1");
  update.bind(1, r.id).bind(2, std::int64_t{r.score}).bind(3, std::int64_t{r.complete}).bind(4, r.updated_at).bind(5, body);
  if (update.step() != SQLITE_DONE) return {WriteStatus::Failed, update.error()};
  return {WriteStatus::Updated};
}

sqlite3* open_connection(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return nullptr;
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  return db;
}

}  // namespace

const char* to_string(WriteStatus status) {
  switch (status) {
    case WriteStatus::Created: return "created";
    case WriteStatus::Updated: return "updated";
    case WriteStatus::Duplicate: return "duplicate";
    case WriteStatus::Stale: return "stale";
    case WriteStatus::Conflict: return "conflict";
    case WriteStatus::Failed: return "failed";
  }
  return "failed";
}

Result<std::unique_ptr<ResponseStore>> ResponseStore::open(const std::string& path, bool synchronous_full) {
  sqlite3* db = open_connection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX);
  if (!db) return Error{"store.open", "db", "cannot open database " + path};
  std::unique_ptr<ResponseStore> store(new ResponseStore(db));
  {
    Statement wal(db, "PRAGMA journal_mode = WAL");
    if (!wal.ok() || wal.step() != SQLITE_ROW || wal.text(0) != "wal") {
      return store_error(db, "cannot switch " + path + " to WAL mode");
    }
  }
  if (auto s = store->exec(synchronous_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL"); !s) return s.error();
  if (auto s = store->exec(kSchema); !s) return s.error();
  return store;
}

ResponseStore::ResponseStore(sqlite3* db) : db_(db) {}
ResponseStore::~ResponseStore() { sqlite3_close(db_); }

Status ResponseStore::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return Error{"store.error", "db", text};
  }
  return Ok{};
}

std::vector<WriteOutcome> ResponseStore::commit_batch(std::vector<ResponseWrite>& batch) {
  std::vector<WriteOutcome> outcomes;
  outcomes.reserve(batch.size());
  auto fail_all = [&](const std::string& message) {
    (void)exec("ROLLBACK");  // the batch already failed; its outcome says so
    return std::vector<WriteOutcome>(batch.size(), WriteOutcome{WriteStatus::Failed, message});
  };
  // IMMEDIATE: take the write lock now (the alert sender also writes), not halfway through.
  if (auto s = exec("BEGIN IMMEDIATE"); !s) return std::vector<WriteOutcome>(batch.size(), {WriteStatus::Failed, s.error().message});
  for (ResponseWrite& write : batch) {
    WriteOutcome outcome = apply(db_, write);
    if (outcome.status == WriteStatus::Failed) return fail_all(outcome.message);
    outcomes.push_back(std::move(outcome));
  }
  if (commit_delay_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(commit_delay_ms_));
  if (auto s = exec("COMMIT"); !s) return fail_all(s.error().message);
  return outcomes;
}

std::vector<DueAlert> ResponseStore::due_alerts(std::int64_t now_ms, int limit) {
  std::vector<DueAlert> due;
  Statement select(db_,
                   "SELECT a.id, a.url, a.format, a.attempts, r.body FROM alerts a JOIN responses r ON r.id = a.response_id "
                   "WHERE a.next_attempt_ms IS NOT NULL AND a.next_attempt_ms <= ?1 ORDER BY a.next_attempt_ms, a.id LIMIT ?2");
  select.bind(1, now_ms).bind(2, std::int64_t{limit});
  while (select.step() == SQLITE_ROW) {
    due.push_back(DueAlert{select.integer(0), select.text(1),
                           select.text(2) == "slack" ? WebhookFormat::Slack : WebhookFormat::Json,
                           static_cast<int>(select.integer(3)), select.text(4)});
  }
  return due;
}

std::optional<std::int64_t> ResponseStore::next_alert_due_ms() {
  Statement select(db_, "SELECT MIN(next_attempt_ms) FROM alerts WHERE next_attempt_ms IS NOT NULL");
  if (select.step() != SQLITE_ROW || select.is_null(0)) return std::nullopt;
  return select.integer(0);
}

Status ResponseStore::mark_alert_delivered(std::int64_t alert_id, std::int64_t now_ms) {
  Statement update(db_,
                   "UPDATE alerts SET attempts = attempts + 1, next_attempt_ms = NULL, delivered_ms = ?2, last_error = NULL "
                   "WHERE id = ?1");
  update.bind(1, alert_id).bind(2, now_ms);
  if (update.step() != SQLITE_DONE) return store_error(db_, "cannot mark alert delivered");
  return Ok{};
}

Status ResponseStore::mark_alert_failed(std::int64_t alert_id, const std::string& error,
                                        std::optional<std::int64_t> next_attempt_ms) {
  Statement update(db_, "UPDATE alerts SET attempts = attempts + 1, next_attempt_ms = ?2, last_error = ?3 WHERE id = ?1");
  update.bind(1, alert_id).bind(3, error);
  if (next_attempt_ms) {
    update.bind(2, *next_attempt_ms);
  } else {
    update.bind_null(2);
  }
  if (update.step() != SQLITE_DONE) return store_error(db_, "cannot record alert failure");
  return Ok{};
}

std::int64_t ResponseStore::pending_alert_count() {
  Statement select(db_, "SELECT COUNT(*) FROM alerts WHERE next_attempt_ms IS NOT NULL");
  return select.step() == SQLITE_ROW ? select.integer(0) : 0;
}

Result<std::unique_ptr<StoreReader>> StoreReader::open(const std::string& path) {
  sqlite3* db = open_connection(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
  if (!db) return Error{"store.open", "db", "cannot open database " + path + " for reading"};
  return std::unique_ptr<StoreReader>(new StoreReader(db));
}

StoreReader::~StoreReader() { sqlite3_close(db_); }

Result<int> StoreReader::page(const ResponseFilter& filter, std::int64_t after_row, int limit,
                              const std::function<void(std::int64_t, const std::string&)>& visit) {
  Statement select(db_,
                   "SELECT row, body FROM responses WHERE survey_id = ?1 AND row > ?2 "
                   "AND (?3 = '' OR created_day >= ?3) AND (?4 = '' OR created_day <= ?4) ORDER BY row LIMIT ?5");
  if (!select.ok()) return store_error(db_, "cannot read responses");
  select.bind(1, filter.survey_id).bind(2, after_row).bind(3, filter.from_day).bind(4, filter.to_day);
  select.bind(5, std::int64_t{limit});
  int visited = 0;
  int rc;
  while ((rc = select.step()) == SQLITE_ROW) {
    visit(select.integer(0), select.text(1));
    ++visited;
  }
  if (rc != SQLITE_DONE) return store_error(db_, "cannot read responses");
  return visited;
}

Result<std::int64_t> StoreReader::count(const std::string& survey_id) {
  Statement select(db_, "SELECT COUNT(*) FROM responses WHERE survey_id = ?1");
  select.bind(1, survey_id);
  if (select.step() != SQLITE_ROW) return store_error(db_, "cannot count responses");
  return select.integer(0);
}

namespace {
// The WHERE clause latest() and count() share: ?1 survey, ?2/?3 days (or ''), ?4 only commented.
// The stored body is the normalized response, whose comment is null when there is none.
constexpr const char* kLatestWhere =
    "survey_id = ?1 AND (?2 = '' OR created_day >= ?2) AND (?3 = '' OR created_day <= ?3) "
    "AND (?4 = 0 OR json_extract(body, '$.comment') IS NOT NULL)";
}  // namespace

Result<int> StoreReader::latest(const ResponseFilter& filter, bool commented, int limit,
                                const std::function<void(const std::string&, const std::string&)>& visit) {
  const std::string sql = std::string("SELECT received_at, body FROM responses WHERE ") + kLatestWhere + " ORDER BY row DESC LIMIT ?5";
  Statement select(db_, sql.c_str());
  if (!select.ok()) return store_error(db_, "cannot read responses");
  select.bind(1, filter.survey_id).bind(2, filter.from_day).bind(3, filter.to_day).bind(4, std::int64_t{commented ? 1 : 0});
  select.bind(5, std::int64_t{limit});
  int visited = 0;
  int rc;
  while ((rc = select.step()) == SQLITE_ROW) {
    visit(select.text(0), select.text(1));
    ++visited;
  }
  if (rc != SQLITE_DONE) return store_error(db_, "cannot read responses");
  return visited;
}

Result<std::int64_t> StoreReader::count(const ResponseFilter& filter, bool commented) {
  const std::string sql = std::string("SELECT COUNT(*) FROM responses WHERE ") + kLatestWhere;
  Statement select(db_, sql.c_str());
  if (!select.ok()) return store_error(db_, "cannot count responses");
  select.bind(1, filter.survey_id).bind(2, filter.from_day).bind(3, filter.to_day).bind(4, std::int64_t{commented ? 1 : 0});
  if (select.step() != SQLITE_ROW) return store_error(db_, "cannot count responses");
  return select.integer(0);
}

std::string utc_now_iso() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms % 1000));
  return text;
}

std::int64_t unix_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace csatkit::server

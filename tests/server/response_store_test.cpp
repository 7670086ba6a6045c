#include "server/response_store.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>

using namespace csatkit;
using namespace csatkit::server;

namespace {

// A database file for one test, removed (with its WAL files) at the end of the test.
struct TempDb {
  std::string path;
  TempDb() {
    char name[] = "/tmp/csatkit-store-XXXXXX";
    const int fd = mkstemp(name);
    REQUIRE(fd >= 0);
    close(fd);
    unlink(name);
    path = std::string(name) + ".db";
  }
  ~TempDb() {
    for (const char* suffix : {"", "-wal", "-shm"}) unlink((path + suffix).c_str());
  }
};

ResponseWrite write_of(const std::string& id, int score, bool complete, const std::string& updated_at,
                       const std::string& survey = "post-chat") {
  ValidatedResponse r;
  r.id = id;
  r.survey_id = survey;
  r.score = score;
  r.bucket = score <= 2 ? Bucket::Negative : score == 3 ? Bucket::Neutral : Bucket::Positive;
  r.complete = complete;
  r.created_at = "2024-05-01T10:00:00Z";
  r.updated_at = updated_at;
  r.normalized = Json{{"id", id}, {"survey_id", survey}, {"score", score}, {"complete", complete},
                      {"created_at", r.created_at}, {"updated_at", updated_at}};
  return ResponseWrite{r, "2024-05-01T10:00:01.000Z", {}};
}

std::vector<std::string> bodies(const std::string& path, const std::string& survey = "post-chat") {
  auto reader = StoreReader::open(path);
  REQUIRE(reader);
  std::vector<std::string> out;
  auto visited = (*reader)->page(ResponseFilter{survey, "", ""}, 0, 1000, [&](std::int64_t, const std::string& b) { out.push_back(b); });
  REQUIRE(visited);
  return out;
}

}  // namespace

TEST_CASE("one batch: create, duplicate, update, stale and conflict in one transaction") {
  const TempDb db;
  const std::string& path = db.path;
  auto store = ResponseStore::open(path, true);
  REQUIRE(store);
  std::vector<ResponseWrite> batch = {
      write_of("response-1", 2, false, "2024-05-01T10:00:00Z"),
      write_of("response-1", 2, false, "2024-05-01T10:00:00Z"),
      write_of("response-1", 2, true, "2024-05-01T10:01:00Z"),
      write_of("response-1", 2, false, "2024-05-01T10:00:00Z"),
      write_of("response-1", 3, true, "2024-05-01T10:02:00Z", "other-survey"),
  };
  batch[0].alerts.push_back(AlertTarget{"http://127.0.0.1:9/x", WebhookFormat::Json});
  batch[1].alerts.push_back(AlertTarget{"http://127.0.0.1:9/x", WebhookFormat::Json});  // a duplicate: no second alert
  const auto outcomes = (*store)->commit_batch(batch);
  REQUIRE(outcomes.size() == 5);
  CHECK(outcomes[0].status == WriteStatus::Created);
  CHECK(outcomes[0].alerts_queued == 1);
  CHECK(outcomes[1].status == WriteStatus::Duplicate);
  CHECK(outcomes[1].alerts_queued == 0);
  CHECK(outcomes[2].status == WriteStatus::Updated);
  CHECK(outcomes[3].status == WriteStatus::Stale);
  CHECK(outcomes[4].status == WriteStatus::Conflict);
  const auto stored = bodies(path);
  REQUIRE(stored.size() == 1);
  CHECK(Json::parse(stored[0])["complete"] == true);
  CHECK(bodies(path, "other-survey").empty());
  CHECK((*store)->pending_alert_count() == 1);
}

TEST_CASE("the alert queue: due, failed with a retry time, delivered; it outlives the connection") {
  const TempDb db;
  const std::string& path = db.path;
  {
    auto store = ResponseStore::open(path, false);
    REQUIRE(store);
    std::vector<ResponseWrite> batch = {write_of("response-2", 1, false, "2024-05-01T10:00:00Z")};
    batch[0].alerts.push_back(AlertTarget{"http://127.0.0.1:9/hook", WebhookFormat::Slack});
    REQUIRE((*store)->commit_batch(batch)[0].status == WriteStatus::Created);
  }
  auto store = ResponseStore::open(path, true);  // "after a restart"
  REQUIRE(store);
  auto due = (*store)->due_alerts(1000, 10);
  REQUIRE(due.size() == 1);
  CHECK(due[0].url == "http://127.0.0.1:9/hook");
  CHECK(due[0].format == WebhookFormat::Slack);
  CHECK(due[0].attempts == 0);
  CHECK(Json::parse(due[0].response_body)["id"] == "response-2");
  REQUIRE((*store)->mark_alert_failed(due[0].id, "HTTP 500", 5000));
  CHECK((*store)->due_alerts(4999, 10).empty());
  CHECK((*store)->next_alert_due_ms() == 5000);
  due = (*store)->due_alerts(5000, 10);
  REQUIRE(due.size() == 1);
  CHECK(due[0].attempts == 1);
  REQUIRE((*store)->mark_alert_delivered(due[0].id, 5001));
  CHECK((*store)->due_alerts(1LL << 50, 10).empty());
  CHECK((*store)->pending_alert_count() == 0);
  CHECK_FALSE((*store)->next_alert_due_ms().has_value());
}

TEST_CASE("filters by day and pages by arrival order") {
  const TempDb db;
  const std::string& path = db.path;
  auto store = ResponseStore::open(path, true);
  REQUIRE(store);
  std::vector<ResponseWrite> batch;
  for (int day = 1; day <= 9; ++day) {
    ResponseWrite w = write_of("response-day-" + std::to_string(day), 4, true, "2024-05-0" + std::to_string(day) + "T12:00:00Z");
    w.response.created_at = w.response.updated_at;
    batch.push_back(w);
  }
  REQUIRE((*store)->commit_batch(batch).size() == 9);
  auto reader = StoreReader::open(path);
  REQUIRE(reader);
  std::vector<std::int64_t> rows;
  auto visit = [&](std::int64_t row, const std::string&) { rows.push_back(row); };
  CHECK(*(*reader)->page(ResponseFilter{"post-chat", "2024-05-03", "2024-05-06"}, 0, 100, visit) == 4);
  rows.clear();
  CHECK(*(*reader)->page(ResponseFilter{"post-chat", "", ""}, 0, 4, visit) == 4);
  CHECK(*(*reader)->page(ResponseFilter{"post-chat", "", ""}, rows.back(), 4, visit) == 4);
  CHECK(*(*reader)->page(ResponseFilter{"post-chat", "", ""}, rows.back(), 4, visit) == 1);
  CHECK(rows.size() == 9);
  CHECK(std::is_sorted(rows.begin(), rows.end()));
  CHECK(*(*reader)->count("post-chat") == 9);
}

TEST_CASE("latest: newest arrival first, a limit, only the commented ones, and their count") {
  const TempDb db;
  auto store = ResponseStore::open(db.path, true);
  REQUIRE(store);
  // Five responses in arrival order; 2 and 4 carry a comment, 3 gets one later as an update
  // (an update keeps the response's place: order is by first arrival).
  std::vector<ResponseWrite> batch;
  for (int n = 1; n <= 5; ++n) {
    ResponseWrite w = write_of("response-latest-" + std::to_string(n), n, false, "2024-05-01T10:00:00Z");
    w.response.normalized["comment"] = n % 2 == 0 ? Json("comment " + std::to_string(n)) : Json(nullptr);
    w.received_at = "2024-05-01T10:00:0" + std::to_string(n) + ".000Z";
    batch.push_back(w);
  }
  batch.push_back(write_of("response-other", 4, false, "2024-05-01T10:00:00Z", "other-survey"));
  REQUIRE((*store)->commit_batch(batch).size() == 6);
  std::vector<ResponseWrite> update = {write_of("response-latest-3", 3, true, "2024-05-01T10:05:00Z")};
  update[0].response.normalized["comment"] = "<script>alert(1)</script>";
  REQUIRE((*store)->commit_batch(update)[0].status == WriteStatus::Updated);

  auto reader = StoreReader::open(db.path);
  REQUIRE(reader);
  const ResponseFilter all{"post-chat", "", ""};
  std::vector<std::string> ids, received;
  auto visit = [&](const std::string& at, const std::string& body) {
    received.push_back(at);
    ids.push_back(Json::parse(body)["id"]);
  };
  CHECK(*(*reader)->latest(all, false, 3, visit) == 3);
  CHECK(ids == std::vector<std::string>{"response-latest-5", "response-latest-4", "response-latest-3"});
  CHECK(received == std::vector<std::string>{"2024-05-01T10:00:05.000Z", "2024-05-01T10:00:04.000Z", "2024-05-01T10:00:03.000Z"});
  ids.clear();
  CHECK(*(*reader)->latest(all, true, 10, visit) == 3);
  CHECK(ids == std::vector<std::string>{"response-latest-4", "response-latest-3", "response-latest-2"});
  CHECK(*(*reader)->count(all, false) == 5);
  CHECK(*(*reader)->count(all, true) == 3);
  CHECK(*(*reader)->count(ResponseFilter{"other-survey", "", ""}, true) == 0);
  CHECK(*(*reader)->count(ResponseFilter{"post-chat", "2024-05-02", ""}, false) == 0);
}

#include "server/write_batcher.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>

#include <catch2/catch.hpp>

using csatkit::server::WriteBatcher;

namespace {

// A commit function that blocks until released, recording the batches it saw.
struct GatedCommit {
  std::mutex mutex;
  std::condition_variable changed;
  bool open = false;
  int entered = 0;
  std::vector<std::vector<int>> batches;

  std::vector<std::string> operator()(std::vector<int>& batch) {
    std::unique_lock<std::mutex> lock(mutex);
    ++entered;
    changed.notify_all();
    changed.wait(lock, [&] { return open; });
    batches.push_back(batch);
    std::vector<std::string> out;
    for (int item : batch) out.push_back("committed " + std::to_string(item));
    return out;
  }
  void wait_entered(int n) {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait(lock, [&] { return entered >= n; });
  }
  void release() {
    std::lock_guard<std::mutex> lock(mutex);
    open = true;
    changed.notify_all();
  }
};

}  // namespace

TEST_CASE("items submitted while a commit runs go together in the next batch") {
  GatedCommit gate;
  WriteBatcher<int, std::string> batcher([&](std::vector<int>& b) { return gate(b); }, 100);
  auto first = batcher.submit(1);
  gate.wait_entered(1);  // the writer is inside the first commit
  std::vector<std::future<std::string>> rest;
  for (int i = 2; i <= 6; ++i) rest.push_back(std::move(*batcher.submit(i)));
  CHECK(batcher.queued() == 5);
  // Not acknowledged before its commit returns.
  CHECK(first->wait_for(std::chrono::milliseconds(0)) == std::future_status::timeout);
  gate.release();
  CHECK(first->get() == "committed 1");
  for (int i = 0; i < 5; ++i) CHECK(rest[i].get() == "committed " + std::to_string(i + 2));
  batcher.stop();
  REQUIRE(gate.batches.size() == 2);
  CHECK(gate.batches[0] == std::vector<int>{1});
  CHECK(gate.batches[1] == std::vector<int>{2, 3, 4, 5, 6});
  CHECK(batcher.batches() == 2);
  CHECK(batcher.items() == 6);
}

TEST_CASE("batches never exceed max_batch") {
  GatedCommit gate;
  WriteBatcher<int, std::string> batcher([&](std::vector<int>& b) { return gate(b); }, 2);
  auto first = batcher.submit(0);
  gate.wait_entered(1);
  std::vector<std::future<std::string>> rest;
  for (int i = 1; i <= 5; ++i) rest.push_back(std::move(*batcher.submit(i)));
  gate.release();
  for (auto& f : rest) f.get();
  batcher.stop();
  CHECK(gate.batches == std::vector<std::vector<int>>{{0}, {1, 2}, {3, 4}, {5}});
}

TEST_CASE("stop commits everything already submitted, then refuses new items") {
  std::atomic<int> committed{0};
  WriteBatcher<int, int> batcher(
      [&](std::vector<int>& batch) {
        committed += static_cast<int>(batch.size());
        return batch;
      },
      8);
  std::vector<std::future<int>> futures;
  for (int i = 0; i < 100; ++i) futures.push_back(std::move(*batcher.submit(i)));
  batcher.stop();
  CHECK(committed == 100);
  for (int i = 0; i < 100; ++i) CHECK(futures[i].get() == i);
  CHECK_FALSE(batcher.submit(7).has_value());
}

TEST_CASE("a commit that throws fails its batch's futures, and the writer goes on") {
  int calls = 0;
  WriteBatcher<int, int> batcher(
      [&](std::vector<int>& batch) -> std::vector<int> {
        if (++calls == 1) throw std::runtime_error("disk full");
        return batch;
      },
      8);
  auto failing = batcher.submit(1);
  CHECK_THROWS_WITH(failing->get(), "disk full");
  CHECK(batcher.submit(2)->get() == 2);
}

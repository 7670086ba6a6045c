// Group commit: many request threads submit writes, one writer thread commits them in batches.
// Each submitter gets a future that is fulfilled only after the batch holding its item has been
// committed, so "acknowledged" means "durable" while one fsync pays for a whole batch.
//
// The writer takes everything queued (up to max_batch) the moment it is free: under light load
// a batch is one item and nothing waits for a timer; under heavy load batches grow by themselves
// while the previous commit is in progress. Generic over the item and outcome so that the
// batching is tested without a database.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

namespace csatkit::server {

template <typename Item, typename Outcome>
class WriteBatcher {
 public:
  // Commits a batch and returns one outcome per item, in order. Called on the writer thread only.
  using CommitBatch = std::function<std::vector<Outcome>(std::vector<Item>& batch)>;

  WriteBatcher(CommitBatch commit, std::size_t max_batch)
      : commit_(std::move(commit)), max_batch_(max_batch == 0 ? 1 : max_batch), writer_([this] { run(); }) {}

  ~WriteBatcher() { stop(); }
  WriteBatcher(const WriteBatcher&) = delete;
  WriteBatcher& operator=(const WriteBatcher&) = delete;

  // Empty once stop() has begun: the caller answers "shutting down" instead of waiting forever.
  std::optional<std::future<Outcome>> submit(Item item) {
    std::promise<Outcome> promise;
    std::future<Outcome> future = promise.get_future();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return std::nullopt;
      queue_.push_back(Pending{std::move(item), std::move(promise)});
    }
    wake_.notify_one();
    return future;
  }

  // Commits everything already submitted, then ends the writer thread. Idempotent.
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    if (writer_.joinable()) writer_.join();
  }

  std::size_t queued() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return queue_.size();
  }
  // Batches committed so far and their items (for the health endpoint and tests).
  std::size_t batches() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return batches_;
  }
  std::size_t items() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return items_;
  }

 private:
  struct Pending {
    Item item;
    std::promise<Outcome> promise;
  };

  void run() {
    while (true) {
      std::vector<Pending> taken;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and nothing left to commit
        while (!queue_.empty() && taken.size() < max_batch_) {
          taken.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      std::vector<Item> batch;
      batch.reserve(taken.size());
      for (Pending& p : taken) batch.push_back(std::move(p.item));
      try {
        std::vector<Outcome> outcomes = commit_(batch);
        for (std::size_t i = 0; i < taken.size(); ++i) {
          if (i < outcomes.size()) {
            taken[i].promise.set_value(std::move(outcomes[i]));
          } else {
            taken[i].promise.set_exception(std::make_exception_ptr(std::logic_error("commit returned too few outcomes")));
          }
        }
      } catch (...) {
        for (Pending& p : taken) p.promise.set_exception(std::current_exception());
      }
      std::lock_guard<std::mutex> lock(mutex_);
      ++batches_;
      items_ += taken.size();
    }
  }

  CommitBatch commit_;
  std::size_t max_batch_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  std::size_t batches_ = 0;
  std::size_t items_ = 0;
  std::thread writer_;  // last: starts after every other member exists
};

}  // namespace csatkit::server

// Load on the real collector over loopback: starts `csatkit serve` (the binary next to this
// benchmark's folder, or argv[1], or $CSATKIT_CLI) on a temporary database, then
//   1. saturation: C keep-alive connections post back to back → accepted responses/s, each one
//      acknowledged only after its group commit (synchronous=FULL, and =NORMAL for comparison);
//   2. a fixed 1,000 responses/s (open loop: latency counted from each request's scheduled time,
//      so a stall is not hidden) → p50/p99/max.
// Prints figures and asserts nothing; stops the server with SIGTERM.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Server {
  pid_t pid = -1;
  int port = 0;
};

std::string cli_path(int argc, char** argv) {
  if (argc > 1) return argv[1];
  if (const char* env = std::getenv("CSATKIT_CLI")) return env;
  char self[4096] = {0};
  const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  std::string dir = n > 0 ? std::string(self, static_cast<std::size_t>(n)) : std::string("./bench/x");
  dir = dir.substr(0, dir.rfind('/'));       // build/native/bench
  return dir.substr(0, dir.rfind('/')) + "/csatkit";  // build/native/csatkit
}

Server start_server(const std::string& cli, const std::string& dir, const char* synchronous) {
  const std::string survey = dir + "/survey.json";
  std::ofstream(survey) << R"({"id":"post-chat","type":"csat"})";
  const std::string db = dir + "/" + synchronous + ".db";
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) std::exit(1);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fds[1], STDERR_FILENO);
    close(pipe_fds[0]);
    execl(cli.c_str(), cli.c_str(), "serve", "--port", "0", "--db", db.c_str(), "--survey", survey.c_str(), "--rate-limit",
          "0", "--quiet", "--threads", "96", "--synchronous", synchronous, static_cast<char*>(nullptr));
    std::perror("exec csatkit");
    _exit(127);
  }
  close(pipe_fds[1]);
  // The first line is {"event":"listening",…,"port":N,…}.
  std::string line;
  char c;
  while (read(pipe_fds[0], &c, 1) == 1 && c != '\n') line += c;
  const auto at = line.find("\"port\":");
  if (at == std::string::npos) {
    std::fprintf(stderr, "collector did not start: %s\n", line.c_str());
    std::exit(1);
  }
  // Keep draining stderr so the server never blocks on a full pipe.
  std::thread([fd = pipe_fds[0]] {
    char buffer[4096];
    while (read(fd, buffer, sizeof buffer) > 0) {
    }
    close(fd);
  }).detach();
  return Server{pid, std::atoi(line.c_str() + at + 7)};
}

void stop_server(const Server& server) {
  kill(server.pid, SIGTERM);
  int status = 0;
  waitpid(server.pid, &status, 0);
}

class Connection {
 public:
  explicit Connection(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) fd_ = -1;
  }
  ~Connection() {
    if (fd_ >= 0) close(fd_);
  }
  bool ok() const { return fd_ >= 0; }

  // One POST on the kept-alive connection; the HTTP status, or -1 on a broken connection.
  int post(const std::string& body) {
    const std::string request = "POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    if (send(fd_, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) return -1;
    std::string buffer;
    std::size_t header_end;
    while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (!receive(buffer)) return -1;
    }
    const int status = std::atoi(buffer.c_str() + 9);
    std::size_t length = 0;
    const auto cl = buffer.find("Content-Length: ");
    if (cl != std::string::npos && cl < header_end) length = std::strtoul(buffer.c_str() + cl + 16, nullptr, 10);
    while (buffer.size() < header_end + 4 + length) {
      if (!receive(buffer)) return -1;
    }
    return status;
  }

 private:
  bool receive(std::string& buffer) {
    char chunk[4096];
    const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
  int fd_ = -1;
};

std::string response_body(int worker, long sequence) {
  char id[64];
  std::snprintf(id, sizeof id, "bench-%03d-%09ld", worker, sequence);
  const int score = 1 + static_cast<int>((sequence * 7 + worker) % 5);
  return std::string(R"({"id":")") + id + R"(","survey_id":"post-chat","type":"csat","scale":"csat5","score":)" +
         std::to_string(score) +
         R"(,"comment":null,"reasons":[],"locale":"en","url":"https://shop.example/help","touchpoint":"chat",)"
         R"("context":{"plan":"pro"},"created_at":"2024-05-01T10:00:00.000Z","updated_at":"2024-05-01T10:00:00.000Z","complete":false})";
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t index = std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())));
  return values[index];
}

struct LoadResult {
  std::vector<double> latencies;  // ms, each from its request's start time
  long accepted = 0;
  long failed = 0;
};

// A request's sequence number and the time it is due; none when the phase is over.
using NextRequest = std::optional<std::pair<long, Clock::time_point>>;

// `connections` workers, each on a keep-alive connection of its own, post while `next(own_count)`
// gives them a request. Latency runs from the request's due time, not from when it was sent, so
// a phase on a schedule also counts the time a request waited for a free connection.
template <typename Next>
LoadResult run_load(int port, int connections, int run, Next next) {
  std::atomic<long> accepted{0}, failed{0};
  std::mutex mutex;
  LoadResult result;
  std::vector<std::thread> threads;
  for (int w = 0; w < connections; ++w) {
    threads.emplace_back([&, w] {
      Connection connection(port);
      std::vector<double> mine;
      for (long own = 0; connection.ok(); ++own) {
        const NextRequest request = next(own);
        if (!request) break;
        const auto [sequence, due] = *request;
        std::this_thread::sleep_until(due);
        const int status = connection.post(response_body(run * 1000 + w, sequence));
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - due).count());
        if (status == 201) {
          ++accepted;
        } else {
          ++failed;
          if (status < 0) break;
        }
      }
      std::lock_guard<std::mutex> lock(mutex);
      result.latencies.insert(result.latencies.end(), mine.begin(), mine.end());
    });
  }
  for (auto& t : threads) t.join();
  result.accepted = accepted;
  result.failed = failed;
  return result;
}

// Phase 1: every connection posts as fast as it gets answers, for `seconds`.
void saturation(int port, int connections, double seconds, const char* label, int run) {
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  const LoadResult result = run_load(port, connections, run, [&](long own) -> NextRequest {
    const auto now = Clock::now();
    if (now >= end) return std::nullopt;
    return std::make_pair(own, now);
  });
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("saturation  %-22s %3d conns  %8.0f accepted/s  p50 %6.2f ms  p99 %6.2f ms  (%ld accepted, %ld failed, %.1f s)\n",
              label, connections, static_cast<double>(result.accepted) / elapsed, percentile(result.latencies, 0.5),
              percentile(result.latencies, 0.99), result.accepted, result.failed, elapsed);
}

// Phase 2: `rate` requests a second on a schedule, spread over a pool of connections.
void fixed_rate(int port, int rate, double seconds, int connections, const char* label, int run) {
  const long total = static_cast<long>(rate * seconds);
  std::atomic<long> next{0};
  const auto start = Clock::now() + std::chrono::milliseconds(50);
  const LoadResult result = run_load(port, connections, run, [&](long) -> NextRequest {
    const long i = next++;
    if (i >= total) return std::nullopt;
    return std::make_pair(i, start + std::chrono::microseconds(i * 1000000L / rate));
  });
  std::printf("fixed rate  %-22s %5d/s      p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (%ld accepted, %ld failed)\n", label, rate,
              percentile(result.latencies, 0.5), percentile(result.latencies, 0.99), percentile(result.latencies, 1.0),
              result.accepted, result.failed);
}

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  const std::string cli = cli_path(argc, argv);
  if (access(cli.c_str(), X_OK) != 0) {
    std::fprintf(stderr, "collector_load: no csatkit binary at %s (pass its path as the first argument)\n", cli.c_str());
    return 1;
  }
  char dir_template[] = "/tmp/csatkit-collector-bench-XXXXXX";
  const std::string dir = mkdtemp(dir_template);
  const double seconds = std::getenv("CSATKIT_BENCH_SECONDS") ? std::atof(std::getenv("CSATKIT_BENCH_SECONDS")) : 5.0;
  std::printf("collector on loopback, 2-core machine; %s; each 201 is after its batch's COMMIT\n", cli.c_str());
  int run = 0;
  for (const char* synchronous : {"full", "normal"}) {
    const Server server = start_server(cli, dir, synchronous);
    const std::string label = std::string("synchronous=") + synchronous;
    saturation(server.port, 32, seconds, label.c_str(), ++run);
    fixed_rate(server.port, 1000, seconds, 32, label.c_str(), ++run);
    stop_server(server);
  }
  std::string cleanup = "rm -rf '" + dir + "'";
  return std::system(cleanup.c_str()) == 0 ? 0 : 1;
}

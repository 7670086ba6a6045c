// The CLI contract, on the real binary: users script against these flags, outputs and exit codes.
// Expected numbers are the vectors, each recomputed independently in Python
// (statistics.NormalDist, z = 1.959964) as noted beside them.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Run {
  int exit_code;
  std::string out;
  std::string err;
  long max_rss_kb;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string temp_path(const std::string& name) {
  return std::string(P_tmpdir) + "/csatkit-cli-test-" + std::to_string(getpid()) + "-" + name;
}

// Runs the CLI with args (stdin from `stdin_path` if given) and captures everything.
Run run(const std::vector<std::string>& args, const std::string& stdin_path = "") {
  const std::string out_path = temp_path("stdout"), err_path = temp_path("stderr");
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    std::string program = CSATKIT_CLI_PATH;
    argv.push_back(program.data());
    std::vector<std::string> copy = args;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (!stdin_path.empty()) REQUIRE(std::freopen(stdin_path.c_str(), "rb", stdin));
    if (!std::freopen(out_path.c_str(), "wb", stdout) || !std::freopen(err_path.c_str(), "wb", stderr)) _exit(127);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  struct rusage usage {};
  wait4(pid, &status, 0, &usage);
  Run result{WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out_path), slurp(err_path), usage.ru_maxrss};
  std::remove(out_path.c_str());
  std::remove(err_path.c_str());
  return result;
}

nlohmann::json json_of(const Run& r) {
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  return nlohmann::json::parse(r.out);
}

// A CSV export with `counts[i]` rows rated i+first, in a shuffled-looking order.
std::string write_export(const std::string& name, const std::vector<int>& counts, int first = 1,
                         const std::string& header = "id,submitted,rating,team") {
  const std::string path = temp_path(name);
  std::ofstream out(path, std::ios::binary);
  out << header << "\n";
  std::vector<int> left = counts;
  long id = 0;
  for (bool any = true; any;) {
    any = false;
    for (size_t i = 0; i < left.size(); ++i) {
      if (left[i] == 0) continue;
      any = true;
      --left[i];
      ++id;
      out << id << ",2024-0" << (1 + id % 3) << "-1" << (id % 9) << "," << (first + static_cast<int>(i)) << ","
          << (id % 2 ? "support" : "sales") << "\n";
    }
  }
  return path;
}

bool one_line(const std::string& text) {
  return !text.empty() && text.find('\n') == text.size() - 1;
}

}  // namespace

TEST_CASE("score: csat5 export gives the Wilson interval of the issue") {
  // 600 of 1000 rated 4–5. Wilson: centre (p + z²/2n)/(1 + z²/n), half-width z·sqrt(p(1−p)/n + z²/4n²)/(1 + z²/n)
  // → 56.93–62.99 (Python, z = NormalDist().inv_cdf(0.975)).
  const std::string file = write_export("csat5.csv", {100, 100, 200, 300, 300});
  const auto report = json_of(run({"score", file}));
  CHECK(report["scale"] == "csat5");
  CHECK(report["n"] == 1000);
  CHECK(report["invalid"] == 0);
  CHECK(report["distribution"]["1"] == 100);
  CHECK(report["distribution"]["5"] == 300);
  CHECK(report["csat"]["percent"].get<double>() == Approx(60.0));
  CHECK(report["csat"]["low"].get<double>() == Approx(56.93));
  CHECK(report["csat"]["high"].get<double>() == Approx(62.99));
  // Mean (100·1+100·2+200·3+300·4+300·5)/1000 = 3.6.
  CHECK(report["mean"]["value"].get<double>() == Approx(3.6));
  CHECK(report["mean"]["low"].get<double>() < 3.6);
  CHECK(report["mean"]["high"].get<double>() > 3.6);
  std::remove(file.c_str());
}

TEST_CASE("score: NPS export gives score and adjusted-Wald interval") {
  // 80 detractors (rated 0), 120 passives (7), 200 promoters (10): NPS (200−80)/400 = 30.
  // Adjusted Wald: p = 200.75/403, d = 80.75/403, var = p + d − (p − d)², half-width z·sqrt(var/403)
  // → 22.15–37.40 (Python).
  std::vector<int> counts(11, 0);
  counts[0] = 80;
  counts[7] = 120;
  counts[10] = 200;
  const std::string file = write_export("nps.csv", counts, 0, "id,submitted,nps_score,team");
  const auto report = json_of(run({"score", file, "--scale", "nps"}));
  CHECK(report["nps"]["score"].get<double>() == Approx(30.0));
  CHECK(report["nps"]["low"].get<double>() == Approx(22.15));
  CHECK(report["nps"]["high"].get<double>() == Approx(37.40));
  CHECK(report["promoters"] == 200);
  CHECK(report["passives"] == 120);
  CHECK(report["detractors"] == 80);
  std::remove(file.c_str());
}

TEST_CASE("score: reads standard input with -") {
  const std::string file = write_export("stdin.csv", {0, 0, 1, 1, 2});
  const auto report = json_of(run({"score", "-", "--column", "rating"}, file));
  CHECK(report["n"] == 4);
  CHECK(report["csat"]["percent"].get<double>() == Approx(75.0));
  std::remove(file.c_str());
}

TEST_CASE("score: groups by month and by segment, each with its test") {
  const std::string file = write_export("groups.csv", {100, 100, 200, 300, 300});
  const auto by_month = json_of(run({"score", file, "--date-column", "submitted", "--by", "month"}));
  REQUIRE(by_month["groups"].size() == 3);
  CHECK(by_month["groups"][0]["period"] == "2024-01");
  CHECK(by_month["groups"][0]["test"].is_null());  // nothing before the first period
  CHECK(by_month["groups"][1]["test"]["against"] == "previous period");
  long total = 0;
  for (const auto& g : by_month["groups"]) total += g["n"].get<long>();
  CHECK(total == 1000);

  const auto by_team = json_of(run({"score", file, "--segment", "team"}));
  REQUIRE(by_team["groups"].size() == 2);
  CHECK(by_team["groups"][0]["segment"] == "sales");
  CHECK(by_team["groups"][0]["test"]["against"] == "rest");
  CHECK(by_team["groups"][0]["test"].contains("p_adjusted"));
  std::remove(file.c_str());
}

TEST_CASE("score: garbage rows are reported with line numbers, not fatal") {
  const std::string path = temp_path("garbage.csv");
  {
    std::ofstream out(path);
    out << "rating,comment\n5,great\nseven,??\n4,ok\n\"unterminated,x\n";
  }
  const auto report = json_of(run({"score", path}));
  CHECK(report["n"] == 2);
  CHECK(report["bad_rows"].get<int>() >= 1);
  REQUIRE(!report["first_bad_rows"].empty());
  CHECK(report["first_bad_rows"][0]["line"] == 3);
  std::remove(path.c_str());
}

TEST_CASE("score: a cell of invalid UTF-8 is a bad row, not a crash") {
  const std::string path = temp_path("bad-utf8.csv");
  {
    std::ofstream out(path, std::ios::binary);
    out << "rating\n5\n\xFF\xFE\n4\n";  // 0xFF/0xFE never occur in UTF-8
  }
  const auto report = json_of(run({"score", path}));
  CHECK(report["n"] == 2);
  CHECK(report["invalid"] == 1);
  REQUIRE(report["first_bad_rows"].size() == 1);
  CHECK(report["first_bad_rows"][0]["line"] == 3);
  // The unreadable bytes are shown as U+FFFD in the reason.
  CHECK(report["first_bad_rows"][0]["reason"].get<std::string>().find("\xEF\xBF\xBD") != std::string::npos);
  std::remove(path.c_str());
}

TEST_CASE("score: a Dutch export with the points' words, in any case, whatever the language") {
  // A Dutch tool's export of a 5-point CSAT survey: labels instead of numbers, one row in
  // capitals and one in French (a mixed export); "Heel blij" is no built-in label.
  const std::string path = temp_path("dutch.csv");
  {
    std::ofstream out(path, std::ios::binary);
    out << "datum;beoordeling;kanaal\n"
           "2024-03-01;Zeer tevreden;chat\n"
           "2024-03-01;Tevreden;chat\n"
           "2024-03-02;zeer ontevreden;mail\n"
           "2024-03-02;Neutraal;mail\n"
           "2024-03-03;ZEER TEVREDEN;chat\n"
           "2024-03-03;Tr\xC3\xA8s satisfait;chat\n"
           "2024-03-04;Heel blij;mail\n";
  }
  const auto report = json_of(run({"score", path, "--column", "beoordeling", "--segment", "kanaal"}));
  CHECK(report["n"] == 6);
  CHECK(report["invalid"] == 1);
  CHECK(report["distribution"]["5"] == 3);  // Zeer tevreden, ZEER TEVREDEN, Très satisfait
  CHECK(report["distribution"]["4"] == 1);
  CHECK(report["distribution"]["3"] == 1);
  CHECK(report["distribution"]["1"] == 1);
  // 4 of 6 satisfied: 66.67% (the report rounds to two decimals).
  CHECK(report["csat"]["percent"].get<double>() == Approx(66.67));
  REQUIRE(report["first_bad_rows"].size() == 1);
  CHECK(report["first_bad_rows"][0]["line"] == 8);
  CHECK(report["first_bad_rows"][0]["reason"] == "rating \"Heel blij\" is not on the csat5 scale");
  std::remove(path.c_str());
}

TEST_CASE("score: table format is readable") {
  const std::string file = write_export("table.csv", {100, 100, 200, 300, 300});
  const Run r = run({"score", file, "--format", "table"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("CSAT") != std::string::npos);
  CHECK(r.out.find("56.93–62.99") != std::string::npos);
  std::remove(file.c_str());
}

TEST_CASE("roi: the classic worked example, exactly") {
  // 200 rated 1–2 × 0.92 × $500 + 200 rated 3 × 0.80 × $500 = 92,000 + 80,000 = 172,000.
  // After 100 / 200 / 700: 100 × 0.92 × 500 + 200 × 0.80 × 500 = 46,000 + 80,000 = 126,000; saved 46,000.
  const auto r = json_of(run({"roi", "--counts", "1=100,2=100,3=200,4=300,5=300", "--spend", "500", "--improve-to",
                              "1=50,2=50,3=200,4=350,5=350"}));
  CHECK(r["at_risk"]["value"].get<double>() == Approx(172000.0));
  CHECK(r["at_risk"]["low"].get<double>() < 172000.0);
  CHECK(r["at_risk"]["high"].get<double>() > 172000.0);
  CHECK(r["churned_customers"].get<double>() == Approx(344.0));
  CHECK(r["after"]["at_risk"]["value"].get<double>() == Approx(126000.0));
  CHECK(r["saved"]["value"].get<double>() == Approx(46000.0));
}

TEST_CASE("roi: from a file, projected to the customer base") {
  const std::string file = write_export("roi.csv", {100, 100, 200, 300, 300});
  const auto r = json_of(run({"roi", "--file", file, "--column", "rating", "--spend", "500", "--customers", "10000"}));
  CHECK(r["at_risk"]["value"].get<double>() == Approx(1720000.0));  // ×10 customers per respondent
  std::remove(file.c_str());
}

TEST_CASE("plan: responses for ±3 points at 80%, and with a base of 5,000") {
  // n0 = z²·0.8·0.2/0.03² = 682.93 → 683; FPC n0/(1 + (n0 − 1)/5000) = 600.96 → 601 (Python).
  CHECK(json_of(run({"plan", "--margin", "3", "--expected", "80"}))["responses"] == 683);
  const auto with_base = json_of(run({"plan", "--margin", "3", "--expected", "80", "--population", "5000",
                                      "--response-rate", "0.2"}));
  CHECK(with_base["responses"] == 601);
  CHECK(with_base["invitations"] == 3005);
}

TEST_CASE("bad arguments and unreadable input: exit 2 with one line naming the problem") {
  struct Case {
    std::vector<std::string> args;
    const char* mentions;
  };
  const std::string file = write_export("bad-args.csv", {1, 1, 1, 1, 1});
  for (const Case& c : {Case{{"score"}, "FILE"},
                        Case{{"score", "/no/such/file.csv"}, "/no/such/file.csv"},
                        Case{{"score", file, "--scale", "csat6"}, "--scale"},
                        Case{{"score", file, "--column", "stars"}, "stars"},
                        Case{{"score", file, "--format", "xml"}, "--format"},
                        Case{{"score", file, "--bogus"}, "--bogus"},
                        Case{{"score", file, "--by", "month"}, "--by"},
                        Case{{"score", file, "--confidence", "high"}, "--confidence"},
                        Case{{"roi", "--counts", "1=100,6=3", "--spend", "500"}, "--counts"},
                        Case{{"roi", "--counts", "1=100", "--spend", "lots"}, "--spend"},
                        Case{{"roi", "--counts", "1=100,2"}, "--counts"},
                        Case{{"roi", "--spend", "5"}, "--counts"},
                        Case{{"roi", "--counts", "1=100", "--spend", "5", "--churn", "1=1.5"}, "--churn"},
                        Case{{"plan", "--margin", "0"}, "--margin"},
                        Case{{"frobnicate"}, "frobnicate"}}) {
    const Run r = run(c.args);
    INFO("args[0]: " << c.args[0] << " stderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(one_line(r.err));
    CHECK(r.err.find(c.mentions) != std::string::npos);
    CHECK(r.out.empty());
  }
  std::remove(file.c_str());
}

TEST_CASE("--help for every command") {
  for (const char* command : {"score", "roi", "plan", "benchmarks", "scales"}) {
    const Run r = run({command, "--help"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("usage: csatkit") != std::string::npos);
  }
  CHECK(run({"--help"}).exit_code == 0);
}

TEST_CASE("a 1,000,000-row export is scored in bounded memory, garbage rows reported") {
  // Peak memory must not grow with the file: 100k rows and 1M rows (10× the bytes) peak alike.
  auto make = [](const std::string& name, long rows) {
    const std::string path = temp_path(name);
    FILE* out = std::fopen(path.c_str(), "wb");
    std::fputs("submitted,rating,segment\n", out);
    for (long i = 0; i < rows; ++i) {
      if (i % 1000 == 999) {  // a garbage row every 1000: a rating that is no rating, or no columns at all
        std::fputs(i % 2000 == 999 ? "2024-01-01,seven,team-1\n" : "just garbage\n", out);
      } else {
        std::fprintf(out, "2024-%02ld-%02ld,%ld,team-%ld\n", 1 + i % 12, 1 + i % 28, 1 + i % 5, i % 7);
      }
    }
    std::fclose(out);
    return path;
  };
  const std::string small = make("100k.csv", 100000), large = make("1m.csv", 1000000);
  const Run small_run = run({"score", small, "--date-column", "submitted", "--by", "month", "--segment", "segment"});
  const Run large_run = run({"score", large, "--date-column", "submitted", "--by", "month", "--segment", "segment"});
  const auto report = json_of(large_run);
  REQUIRE(small_run.exit_code == 0);
  CHECK(report["rows"].get<long>() >= 999000);
  CHECK(report["n"].get<long>() == 999000);
  CHECK(report["bad_rows"].get<long>() >= 1000);
  CHECK(report["first_bad_rows"].size() == 100);
  INFO("peak RSS 100k rows: " << small_run.max_rss_kb << " KB, 1M rows: " << large_run.max_rss_kb << " KB");
  CHECK(large_run.max_rss_kb < small_run.max_rss_kb + 4096);
  std::remove(small.c_str());
  std::remove(large.c_str());
}

TEST_CASE("locales: every locale pack as JSON, and a one-line table per locale") {
  const auto packs = json_of(run({"locales"}))["locales"];
  REQUIRE(packs.size() == 10);
  CHECK(packs[1]["code"] == "nl");
  CHECK(packs[1]["texts"]["submit"] == "Verzenden");
  CHECK(packs[8]["dir"] == "rtl");
  const Run table = run({"locales", "--format", "table"});
  CHECK(table.exit_code == 0);
  CHECK(std::count(table.out.begin(), table.out.end(), '\n') == 10);
  CHECK(table.out.find("he  rtl  ") != std::string::npos);
}

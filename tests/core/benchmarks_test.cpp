#include "core/benchmarks.hpp"

#include <catch2/catch.hpp>

#include <cctype>
#include <set>
#include <string>

using namespace csatkit;

namespace {

bool is_kebab_case(const std::string& id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  char previous = '\0';
  for (char c : id) {
    const bool ok = std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-';
    if (!ok || (c == '-' && previous == '-')) return false;
    previous = c;
  }
  return true;
}

}  // namespace

TEST_CASE("every ACSI row is complete, plausible and uniquely keyed") {
  const auto& table = acsi_benchmarks();
  REQUIRE(table.size() >= 15);
  std::set<std::string> ids;
  for (const Benchmark& row : table) {
    INFO("row " << row.id);
    CHECK(is_kebab_case(row.id));
    CHECK(ids.insert(row.id).second);
    CHECK_FALSE(row.industry.empty());
    CHECK(row.score > 0.0);
    CHECK(row.score <= 100.0);
    CHECK(row.year >= 2015);
    CHECK(row.year <= 2026);
    CHECK(row.source.find("ACSI") != std::string::npos);
    CHECK((row.url.rfind("https://", 0) == 0 || row.url.rfind("http://", 0) == 0));
  }
}

TEST_CASE("the kebab-case check itself rejects bad ids") {
  CHECK(is_kebab_case("full-service-restaurants"));
  CHECK_FALSE(is_kebab_case("Full-Service"));
  CHECK_FALSE(is_kebab_case("full_service"));
  CHECK_FALSE(is_kebab_case("banks-"));
  CHECK_FALSE(is_kebab_case("a--b"));
  CHECK_FALSE(is_kebab_case(""));
}

TEST_CASE("known rows match the published figures") {
  // "Citizen satisfaction with U.S. federal government services reaches a 7-year high, climbing
  // 2.2% to a score of 69.7" — https://theacsi.org/news-and-resources/press-releases/2024/11/12/press-release-federal-government-study-2024/
  const auto government = find_benchmark("federal-government");
  REQUIRE(government.ok());
  CHECK(government->score == 69.7);
  CHECK(government->year == 2024);
  CHECK(government->url.find("theacsi.org") != std::string::npos);

  // "overall customer satisfaction with ISPs improves 4% to 71" — ACSI Telecommunications Study
  // 2024, https://businesswire.com/news/home/20240604727642/en/
  const auto isps = find_benchmark("internet-service-providers");
  REQUIRE(isps.ok());
  CHECK(isps->score == 71.0);
  CHECK(isps->year == 2024);

  // "full-service restaurants — despite slipping 2% to 82" — ACSI Restaurant and Food Delivery
  // Study 2025, https://www.businesswirenews.com/news/home/20250617167994/en/
  const auto restaurants = find_benchmark("full-service-restaurants");
  REQUIRE(restaurants.ok());
  CHECK(restaurants->score == 82.0);
  CHECK(restaurants->year == 2025);
  CHECK(restaurants->industry == "Full-service restaurants");
}

TEST_CASE("an unknown industry is an error naming valid ones") {
  const auto missing = find_benchmark("space-tourism");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == "benchmark.unknown");
  CHECK(missing.error().path == "industry");
  CHECK(missing.error().message.find("space-tourism") != std::string::npos);
  CHECK(missing.error().message.find(acsi_benchmarks().front().id) != std::string::npos);

  // Ids are exact: no case folding, no partial match.
  CHECK_FALSE(find_benchmark("Banks").ok());
  CHECK_FALSE(find_benchmark("bank").ok());
  CHECK_FALSE(find_benchmark("").ok());
  CHECK(find_benchmark("banks").ok());
}

TEST_CASE("the ACSI caveat says it is a modelled index, not a top-2-box share") {
  const std::string caveat = acsi_caveat();
  CHECK(caveat.find("0-100 index") != std::string::npos);
  CHECK(caveat.find("top two boxes") != std::string::npos);
  CHECK(caveat.find("not the same measure") != std::string::npos);
  // Pages translate it by its id, which never changes with the English wording.
  CHECK(std::string(acsi_caveat_id()) == "acsi.index_not_top_box");
}

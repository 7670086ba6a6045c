#include "core/tally.hpp"

#include <catch2/catch.hpp>

using namespace csatkit;

TEST_CASE("tally counts valid points and keeps invalid values apart") {
  Tally tally(Scale::find("csat5").value());
  tally.add(5, 3);
  tally.add(1);
  tally.add(0);
  tally.add(6, 2);
  tally.add_invalid();
  CHECK(tally.n() == 4);
  CHECK(tally.invalid() == 4);
  CHECK(tally.count(5) == 3);
  CHECK(tally.count(1) == 1);
  CHECK(tally.count(6) == 0);
  CHECK(tally.count_between(4, 5) == 3);
  CHECK(tally.count_between(-10, 10) == 4);
}

TEST_CASE("tallies of the same scale merge exactly; of different scales they refuse") {
  const Scale csat5 = Scale::find("csat5").value();
  Tally monday(csat5), tuesday(csat5);
  monday.add(4, 10);
  monday.add_invalid(1);
  tuesday.add(4, 5);
  tuesday.add(2, 7);
  Tally week = monday + tuesday;
  CHECK(week.n() == 22);
  CHECK(week.count(4) == 15);
  CHECK(week.count(2) == 7);
  CHECK(week.invalid() == 1);

  Tally nps(Scale::find("nps").value());
  auto status = monday.merge(nps);
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().code == "tally.scale_mismatch");
  CHECK(monday.n() == 10);  // untouched by the refused merge
}

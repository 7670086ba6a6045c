#include "core/scale.hpp"

#include <catch2/catch.hpp>

using namespace csatkit;

TEST_CASE("every built-in scale is found by id with its range and buckets") {
  struct Expected {
    const char* id;
    int min, max, neutral_from, satisfied_from;
  };
  // The bucket cuts are the conventions, written out by hand.
  for (const Expected& e : {Expected{"emoji3", 1, 3, 2, 3}, Expected{"csat5", 1, 5, 3, 4},
                            Expected{"csat7", 1, 7, 4, 6}, Expected{"csat10", 1, 10, 5, 7},
                            Expected{"nps", 0, 10, 7, 9}, Expected{"ces7", 1, 7, 4, 5},
                            Expected{"helpful", 0, 1, 1, 1}}) {
    auto scale = Scale::find(e.id);
    REQUIRE(scale.ok());
    CHECK(scale->min() == e.min);
    CHECK(scale->max() == e.max);
    CHECK(scale->neutral_from() == e.neutral_from);
    CHECK(scale->satisfied_from() == e.satisfied_from);
  }
  CHECK(Scale::ids().size() == 7);
}

TEST_CASE("unknown scale names the scales that exist") {
  auto scale = Scale::find("csat6");
  REQUIRE_FALSE(scale.ok());
  CHECK(scale.error().code == "scale.unknown");
  CHECK(scale.error().message.find("csat5") != std::string::npos);
}

TEST_CASE("NPS buckets: detractors 0-6, passives 7-8, promoters 9-10") {
  auto nps = Scale::find("nps").value();
  CHECK(nps.bucket(0) == Bucket::Negative);
  CHECK(nps.bucket(6) == Bucket::Negative);
  CHECK(nps.bucket(7) == Bucket::Neutral);
  CHECK(nps.bucket(8) == Bucket::Neutral);
  CHECK(nps.bucket(9) == Bucket::Positive);
  CHECK(nps.bucket(10) == Bucket::Positive);
}

TEST_CASE("helpful has no neutral bucket") {
  auto helpful = Scale::find("helpful").value();
  CHECK(helpful.bucket(0) == Bucket::Negative);
  CHECK(helpful.bucket(1) == Bucket::Positive);
}

TEST_CASE("satisfied threshold can be overridden on CSAT and CES scales only") {
  auto csat5 = Scale::find("csat5").value();
  auto top_box = csat5.with_satisfied_from(5);
  REQUIRE(top_box.ok());
  CHECK(top_box->satisfied_from() == 5);
  CHECK_FALSE(top_box->satisfied_is_default());
  CHECK(top_box->bucket(4) == Bucket::Neutral);
  CHECK(top_box->bucket(5) == Bucket::Positive);

  auto top_3 = csat5.with_satisfied_from(3);
  REQUIRE(top_3.ok());
  CHECK(top_3->bucket(3) == Bucket::Positive);
  CHECK(top_3->bucket(2) == Bucket::Negative);

  CHECK(csat5.with_satisfied_from(1).error().code == "scale.threshold_range");
  CHECK(csat5.with_satisfied_from(6).error().code == "scale.threshold_range");
  CHECK(Scale::find("nps")->with_satisfied_from(8).error().code == "scale.threshold_fixed");
  CHECK(Scale::find("helpful")->with_satisfied_from(0).error().code == "scale.threshold_fixed");
  // Stating a scale's own threshold changes nothing, so it is accepted even where it is fixed:
  // a report (which states it) can be handed back to the core as it came.
  CHECK(Scale::find("nps")->with_satisfied_from(9).value().satisfied_from() == 9);
  CHECK(Scale::find("helpful")->with_satisfied_from(1).ok());
}

TEST_CASE("parse accepts numbers and the scale's labels, nothing else") {
  auto csat5 = Scale::find("csat5").value();
  CHECK(csat5.parse("4") == 4);
  CHECK(csat5.parse(" 5 ") == 5);
  CHECK(csat5.parse("3.0") == 3);
  CHECK(csat5.parse("Very satisfied") == 5);
  CHECK(csat5.parse("very DISSATISFIED") == 1);
  CHECK(csat5.parse("neutral") == 3);
  CHECK_FALSE(csat5.parse("6").has_value());
  CHECK_FALSE(csat5.parse("0").has_value());
  CHECK_FALSE(csat5.parse("3.5").has_value());
  CHECK_FALSE(csat5.parse("").has_value());
  CHECK_FALSE(csat5.parse("0x4").has_value());
  CHECK_FALSE(csat5.parse("inf").has_value());
  CHECK_FALSE(csat5.parse("4 stars").has_value());

  auto helpful = Scale::find("helpful").value();
  CHECK(helpful.parse("Yes") == 1);
  CHECK(helpful.parse("no") == 0);
  CHECK(helpful.parse("TRUE") == 1);
  CHECK(helpful.parse("1") == 1);
  CHECK_FALSE(helpful.parse("2").has_value());

  auto nps = Scale::find("nps").value();
  CHECK(nps.parse("0") == 0);
  CHECK(nps.parse("10") == 10);
  CHECK_FALSE(nps.parse("-1").has_value());
}

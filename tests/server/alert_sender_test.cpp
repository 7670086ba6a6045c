#include "server/alert_sender.hpp"

#include <catch2/catch.hpp>

using namespace csatkit;
using namespace csatkit::server;

TEST_CASE("retry delays double from first_ms up to max_ms, then the alert is given up") {
  const RetryPolicy policy{1000, 5000, 6};
  CHECK(retry_delay_ms(1, policy) == 1000);
  CHECK(retry_delay_ms(2, policy) == 2000);
  CHECK(retry_delay_ms(3, policy) == 4000);
  CHECK(retry_delay_ms(4, policy) == 5000);
  CHECK(retry_delay_ms(5, policy) == 5000);
  CHECK_FALSE(retry_delay_ms(6, policy).has_value());
  // Large attempt counts do not overflow.
  CHECK(retry_delay_ms(900, RetryPolicy{1000, 600000, 1000}) == 600000);
}

namespace {
const Json kResponse = Json::parse(R"({"id":"abcdefgh-1","survey_id":"post-chat","scale":"csat5","score":1,
  "bucket":"negative","label":"Very dissatisfied","comment":"<b>late</b> & rude","touchpoint":"chat","user_id":"u-1",
  "url":"https://shop.example/help","created_at":"2024-05-01T10:00:00Z"})");
}

TEST_CASE("the JSON webhook body carries the response and its key facts") {
  const Json body = Json::parse(webhook_body(kResponse, WebhookFormat::Json));
  CHECK(body["type"] == "csatkit.alert");
  CHECK(body["response_id"] == "abcdefgh-1");
  CHECK(body["score"] == 1);
  CHECK(body["scale_max"] == 5);
  CHECK(body["comment"] == "<b>late</b> & rude");
  CHECK(body["response"] == kResponse);
}

TEST_CASE("the Slack body is one escaped text") {
  const Json body = Json::parse(webhook_body(kResponse, WebhookFormat::Slack));
  REQUIRE(body.size() == 1);
  const std::string text = body["text"];
  CHECK(text.find("score 1/5 (Very dissatisfied)") != std::string::npos);
  CHECK(text.find("&lt;b&gt;late&lt;/b&gt; &amp; rude") != std::string::npos);
  CHECK(text.find("<b>") == std::string::npos);
  CHECK(text.find("user_id: u-1") != std::string::npos);
}

#include "core/widget_api.hpp"

#include <catch2/catch.hpp>

#include "core/locale.hpp"
#include "core/report.hpp"

using namespace csatkit;

namespace {

Json call(const std::string& response) {
  Json parsed = Json::parse(response, nullptr, false);
  REQUIRE_FALSE(parsed.is_discarded());
  REQUIRE(parsed.contains("ok"));
  return parsed;
}

Json ok_value(const std::string& response) {
  Json parsed = call(response);
  INFO(response);
  REQUIRE(parsed["ok"] == true);
  return parsed["value"];
}

Json error_of(const std::string& response) {
  Json parsed = call(response);
  INFO(response);
  REQUIRE(parsed["ok"] == false);
  return parsed["error"];
}

Json normalized(const char* definition) { return ok_value(widget_api::survey_definition(definition)); }

Json context(const char* now = "2024-05-01T10:00:00Z") {
  return Json{{"response_id", "0f8e7d6c-1111-4222-8333-444455556666"},
              {"now", now},
              {"url", "https://shop.example/checkout/done"},
              {"referrer", "https://shop.example/cart"},
              {"page_lang", "en-US"},
              {"languages", {"en-US", "en"}},
              {"touchpoint", "checkout"},
              {"user_id", "u-17"},
              {"data", {{"order", "A-1001"}}}};
}

Json step(const Json& definition, const Json& state, const Json& action, const Json& ctx = context()) {
  return ok_value(widget_api::survey_step(
      Json{{"definition", definition}, {"locale", nullptr}, {"state", state}, {"action", action}, {"context", ctx}}.dump()));
}

}  // namespace

TEST_CASE("widget api: survey_definition answers the normalized definition or every problem", "[widget_api]") {
  const Json value = normalized(R"({"id":"post-chat","type":"csat"})");
  CHECK(value["id"] == "post-chat");
  CHECK(value["scale"] == "csat5");
  CHECK(value["presentation"]["mode"] == "popup");
  CHECK(value["display"]["sample_percent"] == 100);

  const Json error = error_of(widget_api::survey_definition(
      R"({"id":"post-chat","type":"csat","scale":"csat4","presentation":{"mode":"inline"},"colour":"red"})"));
  CHECK(error["code"] == "survey.invalid");
  CHECK(error["path"] == "$");
  CHECK_THAT(error["message"].get<std::string>(), Catch::StartsWith("3 problems in survey definition \"post-chat\""));
  REQUIRE(error["problems"].size() == 3);
  CHECK(error["problems"][0]["path"] == "$.scale");
  CHECK(error["problems"][1]["path"] == "$.presentation.selector");
  CHECK(error["problems"][2]["path"] == "$.colour");

  CHECK(error_of(widget_api::survey_definition("{nope"))["code"] == "survey.invalid");
}

TEST_CASE("widget api: survey_step runs a CSAT survey and delivers twice with one id", "[widget_api]") {
  const Json definition = normalized(R"({"id":"post-chat","type":"csat","metadata":{"channel":"chat"}})");
  const Json opened = step(definition, nullptr, Json{{"type", "open"}});
  CHECK(opened["step"] == "question");
  CHECK(opened["lang"] == "en");
  CHECK(opened["dir"] == "ltr");
  CHECK(opened["deliver"].is_null());
  CHECK(opened["announce"].is_null());
  CHECK(opened["dismissed"] == false);
  CHECK_THAT(opened["html"].get<std::string>(), Catch::Contains("role=\"radiogroup\""));

  const Json scored = step(definition, opened["state"], Json{{"type", "score"}, {"value", 5}}, context("2024-05-01T10:00:04Z"));
  CHECK(scored["step"] == "follow_up");
  const Json& partial = scored["deliver"];
  REQUIRE(partial.is_object());
  CHECK(partial == Json::parse(R"({"id":"0f8e7d6c-1111-4222-8333-444455556666","survey_id":"post-chat","type":"csat",
      "scale":"csat5","score":5,"bucket":"positive","label":"Very satisfied","comment":null,"reasons":[],"locale":"en",
      "url":"https://shop.example/checkout/done","referrer":"https://shop.example/cart","touchpoint":"checkout",
      "user_id":"u-17","context":{"order":"A-1001"},"metadata":{"channel":"chat"},"article":null,
      "created_at":"2024-05-01T10:00:04Z","updated_at":"2024-05-01T10:00:04Z","complete":false})"));

  const Json sent = step(definition, scored["state"], Json{{"type", "submit"}, {"text", "Quick and friendly <3"}},
                         context("2024-05-01T10:00:30Z"));
  CHECK(sent["step"] == "thanks");
  CHECK(sent["announce"] == "Thank you for your feedback! Your answers help us improve.");
  CHECK_THAT(sent["html"].get<std::string>(), Catch::Contains("data-csatkit-announce"));
  REQUIRE(sent["deliver"].is_object());
  CHECK(sent["deliver"]["id"] == partial["id"]);
  CHECK(sent["deliver"]["comment"] == "Quick and friendly <3");
  CHECK(sent["deliver"]["created_at"] == "2024-05-01T10:00:04Z");
  CHECK(sent["deliver"]["updated_at"] == "2024-05-01T10:00:30Z");
  CHECK(sent["deliver"]["complete"] == true);

  const Json closed = step(definition, sent["state"], Json{{"type", "dismiss"}});
  CHECK(closed["step"] == "closed");
  CHECK(closed["html"] == "");
  CHECK(closed["deliver"].is_null());
}

TEST_CASE("widget api: the locale comes from the request, the definition, the page, the browser", "[widget_api]") {
  const Json plain = normalized(R"({"id":"s","type":"csat"})");
  Json ctx = context();
  ctx["page_lang"] = "nl-NL";
  CHECK(step(plain, nullptr, Json{{"type", "open"}}, ctx)["lang"] == "nl");

  ctx["page_lang"] = "";
  ctx["languages"] = Json{"zh-CN", "ar-EG"};
  const Json arabic = step(plain, nullptr, Json{{"type", "open"}}, ctx);
  CHECK(arabic["lang"] == "ar");
  CHECK(arabic["dir"] == "rtl");
  CHECK_THAT(arabic["html"].get<std::string>(), Catch::Contains("dir=\"rtl\""));

  // The definition's locale wins over the page; an explicit request locale over both.
  const Json german = normalized(R"({"id":"s","type":"csat","locale":"de"})");
  CHECK(step(german, nullptr, Json{{"type", "open"}}, ctx)["lang"] == "de");
  const Json request{{"definition", german}, {"locale", "fr"}, {"state", nullptr}, {"action", {{"type", "open"}}}, {"context", ctx}};
  const Json french = ok_value(widget_api::survey_step(request.dump()));
  CHECK(french["lang"] == "fr");

  // Once open, the language stays, whatever the page does next.
  ctx["languages"] = Json{"sv"};
  const Json scored = step(plain, arabic["state"], Json{{"type", "score"}, {"value", 1}}, ctx);
  CHECK(scored["lang"] == "ar");
  CHECK(scored["deliver"]["locale"] == "ar");
}

TEST_CASE("widget api: survey_step runs a helpful survey with reasons", "[widget_api]") {
  const Json definition = normalized(R"({"id":"kb","type":"helpful","article":{"id":"reset-password","version":"7"},
                                          "follow_up":false,"presentation":{"mode":"inline","selector":"#was-it-helpful"}})");
  const Json opened = step(definition, nullptr, Json{{"type", "open"}});
  CHECK_THAT(opened["html"].get<std::string>(), Catch::Contains("role=\"region\""));
  const Json no = step(definition, opened["state"], Json{{"type", "score"}, {"value", "0"}});
  CHECK(no["step"] == "reasons");
  CHECK(no["deliver"]["complete"] == false);
  const Json toggled = step(definition, no["state"], Json{{"type", "reason"}, {"value", "outdated"}});
  CHECK(toggled["step"] == "reasons");
  CHECK(toggled["deliver"].is_null());
  CHECK_THAT(toggled["html"].get<std::string>(), Catch::Contains("aria-pressed=\"true\" data-csatkit-action=\"reason\" data-csatkit-value=\"outdated\""));
  const Json done = step(definition, toggled["state"], Json{{"type", "submit"}});
  CHECK(done["step"] == "thanks");
  CHECK(done["deliver"]["reasons"] == Json{"outdated"});
  CHECK(done["deliver"]["article"] == Json{{"id", "reset-password"}, {"version", "7"}});
  CHECK(done["deliver"]["complete"] == true);
}

TEST_CASE("widget api: survey_step says what is wrong and where", "[widget_api]") {
  const Json definition = normalized(R"({"id":"s","type":"csat"})");
  CHECK(error_of(widget_api::survey_step("not json"))["code"] == "request.json");
  CHECK(error_of(widget_api::survey_step("[]"))["code"] == "request.invalid");
  CHECK(error_of(widget_api::survey_step(R"({"action":{"type":"open"}})"))["path"] == "$.definition");
  CHECK(error_of(widget_api::survey_step(Json{{"definition", definition}}.dump()))["path"] == "$.action");

  const Json bad_definition = error_of(widget_api::survey_step(
      Json{{"definition", {{"id", "s"}, {"type", "csat"}, {"scale", "x"}}}, {"action", {{"type", "open"}}}}.dump()));
  CHECK(bad_definition["code"] == "survey.invalid");
  CHECK(bad_definition["problems"][0]["path"] == "$.definition.scale");
  CHECK_THAT(bad_definition["message"].get<std::string>(), Catch::StartsWith("$.definition.scale: "));

  const Json bad_action = error_of(widget_api::survey_step(
      Json{{"definition", definition}, {"state", nullptr}, {"action", {{"type", "vote"}}}}.dump()));
  CHECK(bad_action["path"] == "$.action.type");

  const Json opened = step(definition, nullptr, Json{{"type", "open"}});
  const Json out_of_scale = error_of(widget_api::survey_step(
      Json{{"definition", definition}, {"state", opened["state"]}, {"action", {{"type", "score"}, {"value", 9}}}, {"context", context()}}.dump()));
  CHECK(out_of_scale["code"] == "survey.action");
  CHECK(out_of_scale["path"] == "$.action");

  const Json bad_state = error_of(widget_api::survey_step(
      Json{{"definition", definition}, {"state", {{"step", "dancing"}}}, {"action", {{"type", "open"}}}}.dump()));
  CHECK(bad_state["path"] == "$.state.step");

  const Json bad_context = error_of(widget_api::survey_step(
      Json{{"definition", definition}, {"action", {{"type", "open"}}}, {"context", {{"lang", "nl"}}}}.dump()));
  CHECK(bad_context["path"] == "$.context.lang");
}

TEST_CASE("widget api: survey_step says what it cut from the page's context, in \"warnings\"", "[widget_api]") {
  const Json definition = normalized(R"({"id":"s","type":"csat"})");
  const Json opened = step(definition, nullptr, Json{{"type", "open"}});
  CHECK(opened["warnings"] == Json::array());

  Json long_context = context();
  long_context["url"] = "https://shop.example/?q=" + std::string(3000, 'q');
  long_context["data"] = Json{{"order", "A-1001"}, {"cart", std::string(5000, 'c')}, {"page", "checkout"}};
  const Json scored = step(definition, opened["state"], Json{{"type", "score"}, {"value", 5}}, long_context);
  REQUIRE(scored["deliver"].is_object());
  CHECK(scored["deliver"]["url"].get_ref<const std::string&>().size() == 2048);
  CHECK(scored["deliver"]["context"] == Json{{"order", "A-1001"}});
  REQUIRE(scored["warnings"].size() == 2);
  CHECK(scored["warnings"][0]["code"] == "response.truncated");
  CHECK(scored["warnings"][0]["path"] == "$.context.url");
  CHECK(scored["warnings"][1]["code"] == "response.context_dropped");
  CHECK(scored["warnings"][1]["path"] == "$.context.data.cart");
  CHECK_THAT(scored["warnings"][1]["message"].get<std::string>(),
             Catch::StartsWith("setContext key \"cart\" and any after it were left out of the response"));

  // The next steps do not read the context again, so they say nothing more.
  const Json done = step(definition, scored["state"], Json{{"type", "submit"}, {"text", "fine"}}, long_context);
  CHECK(done["warnings"] == Json::array());
  CHECK(done["deliver"]["url"] == scored["deliver"]["url"]);
}

TEST_CASE("widget api: text that is not JSON says why and where, at every entry point", "[widget_api]") {
  const std::string text = "{\"definition\": {\"id\": \"s\"},\n \"now\": 1e999}";
  for (const std::string& answer : {widget_api::display_decision(text), widget_api::survey_step(text), widget_api::survey_locale(text)}) {
    const Json error = error_of(answer);
    CHECK(error["code"] == "request.json");
    CHECK(error["message"] == "the request cannot be read: number out of range (beyond ±1.8e308) at line 2, column 9");
  }
  CHECK(error_of(widget_api::survey_step("{\"a\" 1}"))["message"] == "the request is not valid JSON: unexpected character at line 1, column 6");
  const Json pack = error_of(widget_api::add_locale_pack("{\"code\": \"nl\",}"));
  CHECK(pack["code"] == "locale.pack_invalid");
  CHECK(pack["message"] == "the locale pack is not valid JSON: unexpected character at line 1, column 15");
  const Json definition = error_of(widget_api::survey_definition(R"({"id":"s","type":"csat","type":"nps"})"));
  CHECK(definition["problems"][0]["path"] == "$.type");
}

TEST_CASE("widget api: display_decision wires the display rules", "[widget_api]") {
  const Json definition = normalized(R"({"id":"post-chat","type":"csat","display":{"triggers":{"delay_ms":2000}}})");
  const auto decide = [&](std::int64_t ms_since_load) {
    return ok_value(widget_api::display_decision(
        Json{{"definition", definition},
             {"now", 1714557600000},
             {"visitor", {{"id", "v-1"}, {"gpc", false}, {"dnt", false}, {"consent", nullptr}}},
             {"page", {{"url", "https://shop.example/"}, {"ms_since_load", ms_since_load}}}}
            .dump()));
  };
  const Json waiting = decide(500);
  CHECK(waiting["show"] == false);
  CHECK(waiting["reason"] == "waiting");
  const Json shown = decide(2500);
  CHECK(shown["show"] == true);
  CHECK(shown["trigger"] == "delay");

  CHECK(error_of(widget_api::display_decision("{"))["code"] == "request.json");
  const Json missing_now = error_of(widget_api::display_decision(Json{{"definition", definition}}.dump()));
  CHECK(missing_now["code"] == "request.invalid");
}

TEST_CASE("widget api: locales lists the built-in locales with their direction", "[widget_api]") {
  const Json value = ok_value(widget_api::locales());
  REQUIRE(value["locales"].size() == 10);
  const Json& english = value["locales"][0];
  CHECK(english["code"] == "en");
  CHECK(english["name"] == "English");
  CHECK(english["dir"] == "ltr");
  CHECK(english["texts"]["submit"] == "Send");
  CHECK(english["texts"].size() == text_key_count);
  int rtl = 0;
  for (const Json& locale : value["locales"]) rtl += locale["dir"] == "rtl" ? 1 : 0;
  CHECK(rtl == 2);
}

TEST_CASE("widget api: survey_locale names the locale a survey opens in and whether its texts are here", "[widget_api]") {
  const Json definition = ok_value(widget_api::survey_definition(R"({"id":"post-chat","type":"csat"})"));
  Json request{{"definition", definition}, {"locale", nullptr}, {"context", {{"page_lang", "he-IL"}, {"url", "ignored here"}}}};
  const Json hebrew = ok_value(widget_api::survey_locale(request.dump()));
  CHECK(hebrew == Json{{"code", "he"}, {"dir", "rtl"}, {"has_texts", true}});  // natively every locale is compiled in
  request["locale"] = "de";
  CHECK(ok_value(widget_api::survey_locale(request.dump()))["code"] == "de");
  CHECK(call(widget_api::survey_locale(R"({"locale":"nl"})"))["error"]["path"] == "$.definition");
}

TEST_CASE("widget api: locales lists every locale as a pack, and add_locale_pack reads one back", "[widget_api]") {
  const Json packs = ok_value(widget_api::locales())["locales"];
  REQUIRE(packs.size() == builtin_locales().size());
  CHECK(packs[0]["code"] == "en");
  CHECK(ok_value(widget_api::add_locale_pack(packs[3].dump())) == Json{{"code", packs[3]["code"]}});
  CHECK(call(widget_api::add_locale_pack("{not json"))["error"]["code"] == "locale.pack_invalid");
}


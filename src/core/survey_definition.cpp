#include "core/survey_definition.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "core/response_validation.hpp"

namespace csatkit {

namespace {

constexpr std::string_view kBuiltinReasonIds[] = {"outdated", "unclear", "didnt_answer", "other"};
constexpr TextKey kBuiltinReasonTexts[] = {TextKey::ReasonOutdated, TextKey::ReasonUnclear,
                                           TextKey::ReasonNotAnswered, TextKey::ReasonOther};
// "other" is offered only when asked for: without a comment box it says little.
constexpr std::size_t kDefaultReasonCount = 3;

bool is_identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}

bool is_valid_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), is_identifier_char);
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Empty, or nothing but white space.
bool is_blank(std::string_view text) { return text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos; }

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string index_path(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// "; did you mean \"position\"?" for a near miss, else "; expected one of …".
template <typename Names>
std::string suggestion(std::string_view given, const Names& names) {
  std::string best;
  std::size_t best_distance = SIZE_MAX;
  std::string all;
  const std::string given_lower = lower(given);
  for (std::string_view name : names) {
    const std::size_t distance = edit_distance(given_lower, name);
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(name);
    }
    all += (all.empty() ? "" : ", ") + in_quotes(name);
  }
  // A third of the word (at least 2 edits) catches typos without suggesting unrelated keys.
  if (best_distance <= std::max<std::size_t>(2, given.size() / 3) && best_distance < given.size()) {
    return "; did you mean " + in_quotes(best) + "?";
  }
  return "; expected one of " + all;
}

// "en", "pt-BR", "zh-Hant-TW": a language of 2–3 letters and optional subtags.
bool is_language_tag(std::string_view tag) {
  std::size_t dash = tag.find_first_of("-_");
  std::string_view language = tag.substr(0, dash);
  if (language.size() < 2 || language.size() > 3) return false;
  if (!std::all_of(language.begin(), language.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; })) {
    return false;
  }
  while (dash != std::string_view::npos) {
    const std::size_t next = tag.find_first_of("-_", dash + 1);
    std::string_view subtag = tag.substr(dash + 1, next == std::string_view::npos ? std::string_view::npos : next - dash - 1);
    if (subtag.empty() || subtag.size() > 8) return false;
    if (!std::all_of(subtag.begin(), subtag.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; })) {
      return false;
    }
    dash = next;
  }
  return true;
}

std::string_view primary_language(std::string_view tag) { return tag.substr(0, tag.find_first_of("-_")); }

std::string builtin_locale_codes() {
  std::string codes;
  for (const Locale& l : builtin_locales()) codes += (codes.empty() ? "" : ", ") + std::string(l.code);
  return codes;
}

std::string type_name(const Json& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return "a boolean";
  if (value.is_number()) return "a number";
  if (value.is_string()) return "a string";
  if (value.is_array()) return "an array";
  return "an object";
}

// Collects every problem of one definition; each reader records its own and carries on.
class DefinitionReader {
 public:
  explicit DefinitionReader(std::vector<Problem>& problems) : problems_(problems) {}

  void problem(std::string path, std::string message) { problems_.push_back(Problem{std::move(path), std::move(message)}); }

  template <typename Names>
  void check_keys(const Json& object, const std::string& path, const Names& known) {
    for (const auto& item : object.items()) {
      const std::string& key = item.key();
      if (std::find(std::begin(known), std::end(known), std::string_view(key)) != std::end(known)) continue;
      problem(member_path(path, key), CSATKIT_EXPLAIN("unknown key " + in_quotes(key) + suggestion(key, known)));
    }
  }

  // A string or {"en":…}; null (or absent) leaves it unset.
  LocalizedText text(const Json& value, const std::string& path) {
    LocalizedText out;
    if (value.is_null()) return out;
    if (value.is_string()) {
      if (text_fits(value.get_ref<const std::string&>(), path)) out.all = value.get_ref<const std::string&>();
      return out;
    }
    if (!value.is_object()) {
      problem(path,
              CSATKIT_EXPLAIN(
                  "a text must be a string or an object of language → string ({\"en\": \"…\", \"nl\": \"…\"}), got " +
                  type_name(value)));
      return out;
    }
    if (value.empty())
      problem(path, CSATKIT_EXPLAIN("give the text in at least one language, or leave it out for the built-in text"));
    for (const auto& item : value.items()) {
      const std::string item_path = member_path(path, item.key());
      if (!is_language_tag(item.key())) {
        problem(item_path,
                CSATKIT_EXPLAIN(in_quotes(item.key()) + " is not a language tag (like \"en\", \"nl\" or \"pt-BR\")"));
        continue;
      }
      if (!item.value().is_string()) {
        problem(item_path, CSATKIT_EXPLAIN("the text for " + in_quotes(item.key()) +
                                           " must be a non-empty string, got " + type_name(item.value())));
        continue;
      }
      if (text_fits(item.value().get_ref<const std::string&>(), item_path)) {
        out.by_language.emplace_back(lower(item.key()), item.value().get_ref<const std::string&>());
      }
    }
    return out;
  }

  // A text shows in the prompt: something to read, and short enough to fit it.
  bool text_fits(const std::string& text, const std::string& path) {
    if (is_blank(text)) {
      problem(path, CSATKIT_EXPLAIN("text must not be empty or only spaces (leave it out for the built-in text)"));
      return false;
    }
    if (text.size() > kMaxTextBytes) {
      problem(path,
              CSATKIT_EXPLAIN("text is longer than the " + std::to_string(kMaxTextBytes) + " bytes a prompt shows"));
      return false;
    }
    return true;
  }

  std::optional<bool> boolean(const Json& value, const std::string& path) {
    if (value.is_boolean()) return value.get<bool>();
    problem(path, CSATKIT_EXPLAIN("must be true or false, got " + type_name(value)));
    return std::nullopt;
  }

  std::optional<std::string> string(const Json& value, const std::string& path, std::string_view what) {
    if (value.is_string()) return value.get_ref<const std::string&>();
    problem(path, CSATKIT_EXPLAIN(std::string(what) + " must be a string, got " + type_name(value)));
    return std::nullopt;
  }

 private:
  std::vector<Problem>& problems_;
};

constexpr std::string_view kTopLevelKeys[] = {"id",        "type",   "scale",        "locale",  "question",
                                              "reasons",   "article", "follow_up",   "thanks",  "review",
                                              "presentation", "display", "metadata", "texts"};
constexpr std::string_view kPresentationKeys[] = {"mode", "position", "selector"};
constexpr std::string_view kDisplayKeys[] = {"triggers",       "manual_only",   "min_pageviews",  "include",
                                             "exclude",        "sample_percent", "recontact_days", "dismiss_days",
                                             "max_displays",   "delay_ms",       "time_on_page_ms", "scroll_percent",
                                             "exit_intent",    "events",         "require_consent"};
constexpr std::string_view kLookKeys[] = {"color", "colour", "colors", "colours", "theme", "style", "css", "font"};

// Unknown keys at the top, with the hints a first-time author needs most: options that belong
// one level down, and looks, which are themed in CSS rather than in the definition.
void check_top_level_keys(const Json& root, DefinitionReader& reader) {
  for (const auto& item : root.items()) {
    const std::string& key = item.key();
    if (std::find(std::begin(kTopLevelKeys), std::end(kTopLevelKeys), key) != std::end(kTopLevelKeys)) continue;
    const std::string path = member_path("$", key);
    const std::string lower_key = lower(key);
    if (std::find(std::begin(kPresentationKeys), std::end(kPresentationKeys), lower_key) != std::end(kPresentationKeys)) {
      reader.problem(path, CSATKIT_EXPLAIN("unknown key " + in_quotes(key) + "; did you mean \"presentation\": {" +
                                           in_quotes(lower_key) + ": …}?"));
    } else if (std::find(std::begin(kDisplayKeys), std::end(kDisplayKeys), lower_key) != std::end(kDisplayKeys)) {
      reader.problem(path, CSATKIT_EXPLAIN("unknown key " + in_quotes(key) + "; did you mean \"display\": {" +
                                           in_quotes(lower_key) + ": …}?"));
    } else if (std::find(std::begin(kLookKeys), std::end(kLookKeys), lower_key) != std::end(kLookKeys)) {
      reader.problem(
          path, CSATKIT_EXPLAIN(
                    "unknown key " + in_quotes(key) +
                    "; colours, fonts and radius are themed with the --csatkit-* CSS custom properties on the page"));
    } else {
      reader.problem(path, CSATKIT_EXPLAIN("unknown key " + in_quotes(key) + suggestion(key, kTopLevelKeys)));
    }
  }
}

// Problems in the order of the keys in the author's file, so the list reads top to bottom.
void sort_by_position(const Json& root, std::vector<Problem>& problems) {
  auto position = [&root](const Problem& problem) {
    const std::string& path = problem.path;
    if (path.size() < 3 || path[1] != '.') return root.size();
    const std::string key = path.substr(2, path.find_first_of(".[", 2) - 2);
    std::size_t index = 0;
    for (const auto& item : root.items()) {
      if (item.key() == key) return index;
      ++index;
    }
    return root.size();
  };
  // A stable insertion sort: a definition has a handful of problems, and std::stable_sort's
  // merge machinery would cost the widget's wasm ~3 KB.
  for (std::size_t i = 1; i < problems.size(); ++i) {
    const std::size_t key = position(problems[i]);
    std::size_t j = i;
    while (j > 0 && position(problems[j - 1]) > key) --j;
    if (j != i) std::rotate(problems.begin() + static_cast<std::ptrdiff_t>(j), problems.begin() + static_cast<std::ptrdiff_t>(i),
                            problems.begin() + static_cast<std::ptrdiff_t>(i) + 1);
  }
}

constexpr std::string_view kTypes[] = {"csat", "nps", "ces", "helpful"};
constexpr std::string_view kCsatScales[] = {"emoji3", "csat5", "csat7", "csat10"};
constexpr std::string_view kModes[] = {"popup", "slide-in", "bar", "inline"};
constexpr std::string_view kCornerPositions[] = {"bottom-right", "bottom-left", "top-right", "top-left"};
constexpr std::string_view kBarPositions[] = {"bottom", "top"};
constexpr std::string_view kBuckets[] = {"negative", "neutral", "positive"};

std::string join(const std::string_view* begin, const std::string_view* end) {
  std::string out;
  for (const std::string_view* it = begin; it != end; ++it) out += (out.empty() ? "" : ", ") + in_quotes(*it);
  return out;
}

void read_type_and_scale(const Json& root, DefinitionReader& reader, SurveyDefinition& out, bool& type_known) {
  type_known = false;
  auto type = root.find("type");
  if (type == root.end()) {
    reader.problem("$.type", CSATKIT_EXPLAIN("type is required: " + join(std::begin(kTypes), std::end(kTypes))));
  } else if (!type->is_string()) {
    reader.problem("$.type", CSATKIT_EXPLAIN("type must be a string, got " + type_name(*type)));
  } else {
    const std::string& name = type->get_ref<const std::string&>();
    if (name == "csat") out.type = QuestionType::Csat;
    else if (name == "nps") out.type = QuestionType::Nps;
    else if (name == "ces") out.type = QuestionType::Ces;
    else if (name == "helpful") out.type = QuestionType::Helpful;
    else {
      reader.problem("$.type", CSATKIT_EXPLAIN("unknown type " + in_quotes(name) + suggestion(name, kTypes)));
      return;
    }
    type_known = true;
  }
  if (!type_known) return;

  std::string_view default_scale = "csat5";
  if (out.type == QuestionType::Nps) default_scale = "nps";
  if (out.type == QuestionType::Ces) default_scale = "ces7";
  if (out.type == QuestionType::Helpful) default_scale = "helpful";
  std::string scale_id(default_scale);
  auto scale = root.find("scale");
  if (scale != root.end() && !scale->is_null()) {
    if (!scale->is_string()) {
      reader.problem("$.scale", CSATKIT_EXPLAIN("scale must be a string, got " + type_name(*scale)));
      return;
    }
    scale_id = scale->get_ref<const std::string&>();
    if (out.type == QuestionType::Csat) {
      if (std::find(std::begin(kCsatScales), std::end(kCsatScales), scale_id) == std::end(kCsatScales)) {
        reader.problem("$.scale",
                       CSATKIT_EXPLAIN("a csat question uses " + join(std::begin(kCsatScales), std::end(kCsatScales)) +
                                       ", not " + in_quotes(scale_id)));
        return;
      }
    } else if (scale_id != default_scale) {
      reader.problem("$.scale", CSATKIT_EXPLAIN("a " + std::string(to_string(out.type)) + " question uses the " +
                                                in_quotes(default_scale) + " scale, not " + in_quotes(scale_id)));
      return;
    }
  }
  auto found = Scale::find(scale_id);
  if (found) out.scale = found.value();
}

void read_reasons(const Json& root, DefinitionReader& reader, SurveyDefinition& out, bool type_known) {
  const bool helpful = type_known && out.type == QuestionType::Helpful;
  auto reasons = root.find("reasons");
  const bool given = reasons != root.end() && !reasons->is_null();
  if (!given) {
    if (helpful) {
      for (std::size_t i = 0; i < kDefaultReasonCount; ++i) {
        out.reasons.push_back(Reason{std::string(kBuiltinReasonIds[i]), {}, kBuiltinReasonTexts[i]});
      }
    }
    return;
  }
  const bool none = (reasons->is_boolean() && !reasons->get<bool>()) || (reasons->is_array() && reasons->empty());
  if (none) return;
  if (type_known && !helpful) {
    reader.problem("$.reasons", CSATKIT_EXPLAIN("reasons are only asked after \"No\" on a \"helpful\" question"));
    return;
  }
  if (!reasons->is_array()) {
    reader.problem("$.reasons", CSATKIT_EXPLAIN("reasons must be an array of built-in ids (" +
                                                join(std::begin(kBuiltinReasonIds), std::end(kBuiltinReasonIds)) +
                                                ") or {\"id\",\"label\"} objects, or false for none"));
    return;
  }
  if (reasons->size() > kMaxReasons) {
    reader.problem("$.reasons", CSATKIT_EXPLAIN("too many to choose from: offer at most " +
                                                std::to_string(kMaxReasons) + " reasons"));
    return;
  }
  for (std::size_t i = 0; i < reasons->size(); ++i) {
    const Json& item = (*reasons)[i];
    const std::string path = index_path("$.reasons", i);
    Reason reason;
    std::string id;
    if (item.is_string()) {
      id = item.get_ref<const std::string&>();
    } else if (item.is_object()) {
      static constexpr std::string_view kReasonKeys[] = {"id", "label"};
      reader.check_keys(item, path, kReasonKeys);
      auto id_value = item.find("id");
      if (id_value == item.end() || !id_value->is_string()) {
        reader.problem(path + ".id", CSATKIT_EXPLAIN("each reason needs an \"id\" string"));
        continue;
      }
      id = id_value->get_ref<const std::string&>();
      auto label = item.find("label");
      if (label != item.end()) reason.label = reader.text(*label, path + ".label");
    } else {
      reader.problem(
          path, CSATKIT_EXPLAIN("a reason is a built-in id or an {\"id\",\"label\"} object, got " + type_name(item)));
      continue;
    }
    const std::string id_path = item.is_object() ? path + ".id" : path;
    if (!is_valid_id(id)) {
      reader.problem(id_path, CSATKIT_EXPLAIN("a reason id is 1–64 letters, digits, \"_\" or \"-\", got " +
                                              in_quotes(id.substr(0, 80))));
      continue;
    }
    for (std::size_t b = 0; b < std::size(kBuiltinReasonIds); ++b) {
      if (kBuiltinReasonIds[b] == id) reason.builtin_label = kBuiltinReasonTexts[b];
    }
    if (!reason.builtin_label && !reason.label.is_set()) {
      reader.problem(id_path, CSATKIT_EXPLAIN(item.is_string() ? "unknown built-in reason " + in_quotes(id) +
                                                                     suggestion(id, kBuiltinReasonIds) +
                                                                     " (or give {\"id\",\"label\"} for a custom reason)"
                                                               : "a custom reason needs a \"label\""));
      continue;
    }
    const bool duplicate = std::any_of(out.reasons.begin(), out.reasons.end(), [&](const Reason& r) { return r.id == id; });
    if (duplicate) {
      reader.problem(id_path, CSATKIT_EXPLAIN("reason " + in_quotes(id) + " is listed twice"));
      continue;
    }
    reason.id = id;
    out.reasons.push_back(std::move(reason));
  }
}

void read_article(const Json& root, DefinitionReader& reader, SurveyDefinition& out, bool type_known) {
  auto article = root.find("article");
  if (article == root.end() || article->is_null()) return;
  if (type_known && out.type != QuestionType::Helpful) {
    reader.problem("$.article", CSATKIT_EXPLAIN("an article belongs to a \"helpful\" question"));
    return;
  }
  if (!article->is_object()) {
    reader.problem("$.article", CSATKIT_EXPLAIN("article must be an object {\"id\": \"…\", \"version\": \"…\"}, got " +
                                                type_name(*article)));
    return;
  }
  static constexpr std::string_view kArticleKeys[] = {"id", "version"};
  reader.check_keys(*article, "$.article", kArticleKeys);
  Article result;
  // Copied into every response: held to what a collector accepts (response_validation.hpp).
  constexpr std::size_t kMaxBytes = ResponseLimits{}.max_short_text_bytes;
  static_assert(kMaxBytes == 200, "the message below names this limit");
  const auto too_long = [&](const std::string& text, const char* path) {
    if (text.size() <= kMaxBytes) return false;
    reader.problem(path, CSATKIT_EXPLAIN("copied into every response, which holds at most 200 bytes of it"));
    return true;
  };
  auto id = article->find("id");
  if (id == article->end() || !id->is_string() || is_blank(id->get_ref<const std::string&>())) {
    reader.problem("$.article.id", CSATKIT_EXPLAIN("the article's id must be a non-empty string"));
  } else if (!too_long(id->get_ref<const std::string&>(), "$.article.id")) {
    result.id = id->get_ref<const std::string&>();
  }
  auto version = article->find("version");
  if (version != article->end() && !version->is_null()) {
    if (auto v = reader.string(*version, "$.article.version", "the article's version")) {
      if (!too_long(*v, "$.article.version")) result.version = *v;
    }
  }
  out.article = result;
}

void read_follow_up_question(const Json& value, const std::string& path, DefinitionReader& reader,
                             FollowUpQuestion& out) {
  if (value.is_null()) return;
  if (value.is_boolean()) {
    out.enabled = value.get<bool>();
    return;
  }
  // {"enabled","question"} is the normalized form; any other object is a text per language.
  if (value.is_object() && (value.contains("enabled") || value.contains("question"))) {
    static constexpr std::string_view kKeys[] = {"enabled", "question"};
    reader.check_keys(value, path, kKeys);
    auto enabled = value.find("enabled");
    if (enabled != value.end()) {
      if (auto b = reader.boolean(*enabled, path + ".enabled")) out.enabled = *b;
    }
    auto question = value.find("question");
    if (question != value.end()) out.question = reader.text(*question, path + ".question");
    return;
  }
  if (value.is_string() || value.is_object()) {
    out.enabled = true;
    out.question = reader.text(value, path);
    return;
  }
  reader.problem(path, CSATKIT_EXPLAIN("a follow-up is true, false, a text, or {\"enabled\",\"question\"}, got " +
                                       type_name(value)));
}

void read_follow_up(const Json& root, DefinitionReader& reader, SurveyDefinition& out) {
  if (out.type == QuestionType::Helpful) out.follow_up.positive.enabled = false;
  auto follow_up = root.find("follow_up");
  if (follow_up == root.end() || follow_up->is_null()) return;
  if (follow_up->is_boolean()) {
    const bool on = follow_up->get<bool>();
    out.follow_up.negative.enabled = on;
    out.follow_up.neutral.enabled = on;
    out.follow_up.positive.enabled = on;
    return;
  }
  if (!follow_up->is_object()) {
    reader.problem("$.follow_up",
                   CSATKIT_EXPLAIN("follow_up must be true, false or an object, got " + type_name(*follow_up)));
    return;
  }
  static constexpr std::string_view kKeys[] = {"negative", "neutral", "positive", "placeholder", "max_length"};
  reader.check_keys(*follow_up, "$.follow_up", kKeys);
  FollowUpQuestion* questions[] = {&out.follow_up.negative, &out.follow_up.neutral, &out.follow_up.positive};
  for (std::size_t b = 0; b < 3; ++b) {
    auto question = follow_up->find(std::string(kBuckets[b]));
    if (question != follow_up->end()) {
      read_follow_up_question(*question, "$.follow_up." + std::string(kBuckets[b]), reader, *questions[b]);
    }
  }
  auto placeholder = follow_up->find("placeholder");
  if (placeholder != follow_up->end()) out.follow_up.placeholder = reader.text(*placeholder, "$.follow_up.placeholder");
  auto max_length = follow_up->find("max_length");
  if (max_length != follow_up->end() && !max_length->is_null()) {
    const bool whole = max_length->is_number_integer() || max_length->is_number_unsigned();
    const std::int64_t n = whole ? max_length->get<std::int64_t>() : 0;
    if (!whole || n < 1 || n > kMaxCommentMaxLength) {
      reader.problem("$.follow_up.max_length", CSATKIT_EXPLAIN("max_length must be a whole number from 1 to " +
                                                               std::to_string(kMaxCommentMaxLength) + ", got " +
                                                               dump_json(*max_length).substr(0, 40)));
    } else {
      out.follow_up.max_length = static_cast<int>(n);
    }
  }
}

void read_thanks(const Json& root, DefinitionReader& reader, SurveyDefinition& out) {
  auto thanks = root.find("thanks");
  if (thanks == root.end() || thanks->is_null()) return;
  if (thanks->is_boolean()) {
    out.thanks.enabled = thanks->get<bool>();
    return;
  }
  if (!thanks->is_object()) {
    reader.problem(
        "$.thanks",
        CSATKIT_EXPLAIN("thanks must be true, false or {\"enabled\",\"title\",\"detail\"}, got " + type_name(*thanks)));
    return;
  }
  static constexpr std::string_view kKeys[] = {"enabled", "title", "detail"};
  reader.check_keys(*thanks, "$.thanks", kKeys);
  auto enabled = thanks->find("enabled");
  if (enabled != thanks->end()) {
    if (auto b = reader.boolean(*enabled, "$.thanks.enabled")) out.thanks.enabled = *b;
  }
  auto title = thanks->find("title");
  if (title != thanks->end()) out.thanks.title = reader.text(*title, "$.thanks.title");
  auto detail = thanks->find("detail");
  if (detail != thanks->end()) out.thanks.detail = reader.text(*detail, "$.thanks.detail");
}

void read_review(const Json& root, DefinitionReader& reader, SurveyDefinition& out) {
  auto review = root.find("review");
  if (review == root.end() || review->is_null()) return;
  if (!review->is_object()) {
    reader.problem("$.review",
                   CSATKIT_EXPLAIN("review must be {\"url\": \"https://…\", \"label\": …}, got " + type_name(*review)));
    return;
  }
  static constexpr std::string_view kKeys[] = {"url", "label", "prompt"};
  reader.check_keys(*review, "$.review", kKeys);
  ReviewLink link;
  bool url_ok = false;
  auto url = review->find("url");
  if (url == review->end() || !url->is_string()) {
    reader.problem("$.review.url", CSATKIT_EXPLAIN("the review link needs a \"url\" string (https://…)"));
  } else if (!is_safe_https_url(url->get_ref<const std::string&>())) {
    reader.problem("$.review.url",
                   CSATKIT_EXPLAIN("the review url must be an https:// address with a host and no spaces or quotes"));
  } else {
    link.url = url->get_ref<const std::string&>();
    url_ok = true;
  }
  auto label = review->find("label");
  if (label != review->end()) link.label = reader.text(*label, "$.review.label");
  auto prompt = review->find("prompt");
  if (prompt != review->end()) link.prompt = reader.text(*prompt, "$.review.prompt");
  if (url_ok) out.review = std::move(link);
}

void read_presentation(const Json& root, DefinitionReader& reader, SurveyDefinition& out) {
  auto presentation = root.find("presentation");
  if (presentation == root.end() || presentation->is_null()) return;
  if (!presentation->is_object()) {
    reader.problem("$.presentation",
                   CSATKIT_EXPLAIN("presentation must be an object {\"mode\",\"position\",\"selector\"}, got " +
                                   type_name(*presentation)));
    return;
  }
  static constexpr std::string_view kKeys[] = {"mode", "position", "selector"};
  reader.check_keys(*presentation, "$.presentation", kKeys);
  Presentation& p = out.presentation;
  auto mode = presentation->find("mode");
  bool mode_known = true;
  if (mode != presentation->end() && !mode->is_null()) {
    const std::string name = mode->is_string() ? mode->get_ref<const std::string&>() : std::string();
    if (name == "popup") p.mode = DisplayMode::Popup;
    else if (name == "slide-in") p.mode = DisplayMode::SlideIn;
    else if (name == "bar") p.mode = DisplayMode::Bar;
    else if (name == "inline") p.mode = DisplayMode::Inline;
    else {
      mode_known = false;
      reader.problem("$.presentation.mode",
                     CSATKIT_EXPLAIN(mode->is_string() ? "unknown mode " + in_quotes(name) + suggestion(name, kModes)
                                                       : "mode must be a string, got " + type_name(*mode)));
    }
  }
  p.position = p.mode == DisplayMode::Bar ? "bottom" : p.mode == DisplayMode::Inline ? "" : "bottom-right";
  auto position = presentation->find("position");
  if (mode_known && position != presentation->end() && !position->is_null()) {
    if (!position->is_string()) {
      reader.problem("$.presentation.position",
                     CSATKIT_EXPLAIN("position must be a string, got " + type_name(*position)));
    } else if (p.mode == DisplayMode::Inline) {
      reader.problem("$.presentation.position",
                     CSATKIT_EXPLAIN("an inline survey has no position: it renders into its \"selector\""));
    } else {
      const std::string& name = position->get_ref<const std::string&>();
      const bool bar = p.mode == DisplayMode::Bar;
      const std::string_view* begin = bar ? std::begin(kBarPositions) : std::begin(kCornerPositions);
      const std::string_view* end = bar ? std::end(kBarPositions) : std::end(kCornerPositions);
      if (std::find(begin, end, name) == end) {
        reader.problem("$.presentation.position",
                       CSATKIT_EXPLAIN("a " + std::string(to_string(p.mode)) + " is placed at " + join(begin, end) +
                                       ", not " + in_quotes(name)));
      } else {
        p.position = name;
      }
    }
  }
  auto selector = presentation->find("selector");
  const bool has_selector = selector != presentation->end() && !selector->is_null();
  if (mode_known && p.mode == DisplayMode::Inline) {
    if (!has_selector) {
      reader.problem("$.presentation.selector",
                     CSATKIT_EXPLAIN("an inline survey needs a \"selector\" (like \"#feedback\") to render into"));
    } else if (!selector->is_string() || selector->get_ref<const std::string&>().empty()) {
      reader.problem("$.presentation.selector", CSATKIT_EXPLAIN("selector must be a non-empty CSS selector string"));
    } else {
      p.selector = selector->get_ref<const std::string&>();
    }
  } else if (mode_known && has_selector) {
    reader.problem("$.presentation.selector", CSATKIT_EXPLAIN("a selector is used by \"mode\": \"inline\" only"));
  }
}

void read_metadata(const Json& root, DefinitionReader& reader, SurveyDefinition& out) {
  auto metadata = root.find("metadata");
  if (metadata == root.end() || metadata->is_null()) return;
  if (!metadata->is_object()) {
    reader.problem("$.metadata",
                   CSATKIT_EXPLAIN("metadata must be an object of string values, got " + type_name(*metadata)));
    return;
  }
  for (const auto& item : metadata->items()) {
    if (item.key().empty()) {
      reader.problem("$.metadata[\"\"]", CSATKIT_EXPLAIN("a metadata key must not be empty"));
    } else if (!item.value().is_string()) {
      reader.problem(member_path("$.metadata", item.key()),
                     CSATKIT_EXPLAIN("metadata values are strings, got " + type_name(item.value())));
    } else {
      out.metadata.emplace_back(item.key(), item.value().get_ref<const std::string&>());
    }
  }
  // Copied into every response: held to what a collector accepts (response_validation.hpp).
  constexpr ResponseLimits kLimits{};
  static_assert(kLimits.max_metadata_keys == 50 && kLimits.max_metadata_bytes == 4096, "the message below names these limits");
  if (metadata->size() > kLimits.max_metadata_keys || dump_json(*metadata).size() > kLimits.max_metadata_bytes) {
    reader.problem(
        "$.metadata",
        CSATKIT_EXPLAIN(
            "metadata is copied into every response, which holds at most 50 keys and 4096 bytes of it as JSON"));
  }
}

void read_texts(const Json& root, DefinitionReader& reader, SurveyDefinition& out) {
  auto texts = root.find("texts");
  if (texts == root.end() || texts->is_null()) return;
  if (!texts->is_object()) {
    reader.problem("$.texts", CSATKIT_EXPLAIN("texts must be an object of text key → text, got " + type_name(*texts)));
    return;
  }
  std::vector<std::string_view> names;
  for (std::size_t k = 0; k < text_key_count; ++k) names.push_back(to_string(static_cast<TextKey>(k)));
  for (const auto& item : texts->items()) {
    const std::string path = member_path("$.texts", item.key());
    auto key = text_key_from_string(item.key());
    if (!key) {
      reader.problem(path, CSATKIT_EXPLAIN("unknown text " + in_quotes(item.key()) + suggestion(item.key(), names)));
      continue;
    }
    LocalizedText text = reader.text(item.value(), path);
    if (text.is_set()) out.texts.emplace_back(*key, std::move(text));
  }
}

Json text_json(const LocalizedText& text) {
  if (text.all) return *text.all;
  if (text.by_language.empty()) return nullptr;
  Json out = Json::object();
  for (const auto& [language, value] : text.by_language) out[language] = value;
  return out;
}

}  // namespace

std::optional<std::string> LocalizedText::resolve(std::string_view code, std::string_view fallback_code) const {
  if (all) return all;
  if (by_language.empty()) return std::nullopt;
  const std::string_view wanted[] = {code, fallback_code, "en"};
  for (std::string_view language : wanted) {
    if (language.empty()) continue;
    for (const auto& [tag, value] : by_language) {
      if (tag == language) return value;
    }
    for (const auto& [tag, value] : by_language) {
      if (primary_language(tag) == language) return value;
    }
  }
  return by_language.front().second;
}

std::string_view to_string(QuestionType type) {
  switch (type) {
    case QuestionType::Csat: return "csat";
    case QuestionType::Nps: return "nps";
    case QuestionType::Ces: return "ces";
    case QuestionType::Helpful: return "helpful";
  }
  return "csat";
}

std::string_view to_string(DisplayMode mode) {
  switch (mode) {
    case DisplayMode::Popup: return "popup";
    case DisplayMode::SlideIn: return "slide-in";
    case DisplayMode::Bar: return "bar";
    case DisplayMode::Inline: return "inline";
  }
  return "popup";
}

const FollowUpQuestion& FollowUp::for_bucket(Bucket bucket) const {
  switch (bucket) {
    case Bucket::Negative: return negative;
    case Bucket::Neutral: return neutral;
    case Bucket::Positive: return positive;
  }
  return neutral;
}

const Reason* SurveyDefinition::find_reason(std::string_view reason_id) const {
  for (const Reason& reason : reasons) {
    if (reason.id == reason_id) return &reason;
  }
  return nullptr;
}

bool is_safe_https_url(std::string_view url) {
  constexpr std::string_view scheme = "https://";
  if (url.size() <= scheme.size() || url.size() > 2048) return false;
  if (lower(url.substr(0, scheme.size())) != scheme) return false;
  for (char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == '\\') {
      return false;
    }
  }
  const std::string_view rest = url.substr(scheme.size());
  const std::size_t host_end = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, host_end);
  // A user-info part ("https://trusted.example@evil.example") disguises where the link goes.
  return !authority.empty() && authority.find('@') == std::string_view::npos && authority.front() != ':';
}

namespace {

// Checks a definition whole, on top of the problems its text already had (repeated keys).
Result<SurveyDefinition> check_definition(const Json& root, std::vector<Problem> problems) {
  DefinitionReader reader(problems);
  SurveyDefinition out;
  if (!root.is_object()) {
    // The headline is kept in the lean build too (it is the only problem), so the problem says it.
    std::string message = "a survey definition must be a JSON object, got " + type_name(root);
    return Error{"survey.invalid", "$", message, {Problem{"$", message}}};
  }
  check_top_level_keys(root, reader);

  auto id = root.find("id");
  if (id == root.end()) {
    reader.problem("$.id",
                   CSATKIT_EXPLAIN("id is required (1–64 letters, digits, \"_\" or \"-\", like \"post-chat\")"));
  } else if (!id->is_string() || !is_valid_id(id->get_ref<const std::string&>())) {
    reader.problem("$.id", CSATKIT_EXPLAIN("id must be 1–64 letters, digits, \"_\" or \"-\", got " +
                                           dump_json(*id).substr(0, 80)));
  } else {
    out.id = id->get_ref<const std::string&>();
  }

  bool type_known = false;
  read_type_and_scale(root, reader, out, type_known);

  auto locale = root.find("locale");
  if (locale != root.end() && !locale->is_null()) {
    std::optional<Locale> found;
    if (locale->is_string()) found = find_locale(locale->get_ref<const std::string&>());
    if (found) {
      out.locale = std::string(found->code);
    } else {
      reader.problem("$.locale",
                     CSATKIT_EXPLAIN(
                         (locale->is_string() ? "unsupported locale " + in_quotes(locale->get_ref<const std::string&>())
                                              : "locale must be a string, got " + type_name(*locale)) +
                         "; built in: " + builtin_locale_codes() + " (leave it out to follow the visitor's language)"));
    }
  }

  auto question = root.find("question");
  if (question != root.end()) out.question = reader.text(*question, "$.question");

  read_reasons(root, reader, out, type_known);
  read_article(root, reader, out, type_known);
  read_follow_up(root, reader, out);
  read_thanks(root, reader, out);
  read_review(root, reader, out);
  read_presentation(root, reader, out);

  auto display = root.find("display");
  if (display != root.end()) parse_display_rules(*display, "$.display", out.display, problems);

  read_metadata(root, reader, out);
  read_texts(root, reader, out);

  if (problems.empty()) return out;
  sort_by_position(root, problems);
  Error error{
      "survey.invalid", "$",
      CSATKIT_EXPLAIN((problems.size() == 1 ? "1 problem" : std::to_string(problems.size()) + " problems") + " in " +
                      (out.id.empty() ? "the survey definition" : "survey definition " + in_quotes(out.id)) + ": " +
                      problems.front().path + ": " + problems.front().message)};
  error.problems = std::move(problems);
  return error;
}

}  // namespace

Result<SurveyDefinition> parse_survey_definition(const Json& definition) { return check_definition(definition, {}); }

Result<SurveyDefinition> parse_survey_definition(std::string_view definition_json) {
  JsonReading reading = read_json(definition_json, /*find_repeated_keys=*/true);
  if (reading.value.is_discarded()) {
    const std::string message = describe("the survey definition", reading.error);
    return Error{"survey.invalid", "$", message, {Problem{"$", message}}};
  }
  // The last of a repeated key would silently win ({"type":"csat","type":"nps"} is an NPS survey).
  std::vector<Problem> problems;
  for (const std::string& path : reading.repeated_keys) {
    problems.push_back(
        Problem{path, CSATKIT_EXPLAIN("this key is given twice in its object; only the last would count")});
  }
  return check_definition(reading.value, std::move(problems));
}

Json survey_definition_json(const SurveyDefinition& d) {
  Json out = Json::object();
  out["id"] = d.id;
  out["type"] = std::string(to_string(d.type));
  out["scale"] = d.scale.id();
  out["locale"] = d.locale.empty() ? Json(nullptr) : Json(d.locale);
  out["question"] = text_json(d.question);
  Json reasons = Json::array();
  for (const Reason& reason : d.reasons) reasons.push_back(Json{{"id", reason.id}, {"label", text_json(reason.label)}});
  out["reasons"] = reasons;
  out["article"] = d.article ? Json{{"id", d.article->id}, {"version", d.article->version}} : Json(nullptr);
  Json follow_up = Json::object();
  const FollowUpQuestion* questions[] = {&d.follow_up.negative, &d.follow_up.neutral, &d.follow_up.positive};
  for (std::size_t b = 0; b < 3; ++b) {
    follow_up[std::string(kBuckets[b])] = Json{{"enabled", questions[b]->enabled}, {"question", text_json(questions[b]->question)}};
  }
  follow_up["placeholder"] = text_json(d.follow_up.placeholder);
  follow_up["max_length"] = d.follow_up.max_length;
  out["follow_up"] = follow_up;
  out["thanks"] = Json{{"enabled", d.thanks.enabled}, {"title", text_json(d.thanks.title)}, {"detail", text_json(d.thanks.detail)}};
  out["review"] = d.review ? Json{{"url", d.review->url}, {"label", text_json(d.review->label)}, {"prompt", text_json(d.review->prompt)}}
                           : Json(nullptr);
  Json presentation{{"mode", std::string(to_string(d.presentation.mode))}};
  presentation["position"] = d.presentation.position.empty() ? Json(nullptr) : Json(d.presentation.position);
  presentation["selector"] = d.presentation.selector.empty() ? Json(nullptr) : Json(d.presentation.selector);
  out["presentation"] = presentation;
  out["display"] = display_rules_json(d.display);
  Json metadata = Json::object();
  for (const auto& [key, value] : d.metadata) metadata[key] = value;
  out["metadata"] = metadata;
  Json texts = Json::object();
  for (const auto& [key, text] : d.texts) texts[std::string(to_string(key))] = text_json(text);
  out["texts"] = texts;
  return out;
}

std::string survey_text(const SurveyDefinition& definition, const Locale& locale, TextKey key) {
  for (const auto& [override_key, override_text] : definition.texts) {
    if (override_key != key) continue;
    if (auto resolved = override_text.resolve(locale.code, definition.locale)) return *resolved;
  }
  return std::string(text(locale, key));
}

std::string survey_text(const SurveyDefinition& definition, const Locale& locale, const LocalizedText& custom,
                        TextKey fallback) {
  if (auto resolved = custom.resolve(locale.code, definition.locale)) return *resolved;
  return survey_text(definition, locale, fallback);
}

}  // namespace csatkit

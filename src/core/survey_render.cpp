#include "core/survey_render.hpp"

#include <algorithm>

namespace csatkit {

namespace {

// Faces for emoji3, lowest first: disappointed, neutral, smiling.
constexpr const char* kFaces[] = {"\xF0\x9F\x98\x9E", "\xF0\x9F\x98\x90", "\xF0\x9F\x98\x8A"};

// Builds markup where every dynamic value goes through html_escape.
class Html {
 public:
  Html& raw(std::string_view markup) {
    out_ += markup;
    return *this;
  }
  Html& text(std::string_view text) {
    out_ += html_escape(text);
    return *this;
  }
  // ` name="value"`, escaped.
  Html& attr(std::string_view name, std::string_view value) {
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    out_ += html_escape(value);
    out_ += '"';
    return *this;
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

std::string element_id(const SurveyDefinition& definition, std::string_view part) {
  return "csatkit-" + definition.id + "-" + std::string(part);
}

TextKey question_key(QuestionType type) {
  switch (type) {
    case QuestionType::Csat: return TextKey::QuestionCsat;
    case QuestionType::Nps: return TextKey::QuestionNps;
    case QuestionType::Ces: return TextKey::QuestionCes;
    case QuestionType::Helpful: return TextKey::QuestionHelpful;
  }
  return TextKey::QuestionCsat;
}

TextKey follow_up_key(Bucket bucket) {
  switch (bucket) {
    case Bucket::Negative: return TextKey::FollowUpNegative;
    case Bucket::Neutral: return TextKey::FollowUpNeutral;
    case Bucket::Positive: return TextKey::FollowUpPositive;
  }
  return TextKey::FollowUpNeutral;
}

void close_button(Html& html, const SurveyDefinition& definition, const Locale& locale) {
  html.raw("<button type=\"button\" class=\"csatkit-close\" data-csatkit-action=\"dismiss\"")
      .attr("aria-label", survey_text(definition, locale, TextKey::Close))
      .raw("><span aria-hidden=\"true\">\xC3\x97</span></button>");
}

void action_button(Html& html, std::string_view action, std::string_view modifier, const std::string& label) {
  html.raw("<button type=\"button\"")
      .attr("class", "csatkit-button csatkit-button--" + std::string(modifier))
      .attr("data-csatkit-action", action)
      .raw(">")
      .text(label)
      .raw("</button>");
}

void scale_anchors(Html& html, const SurveyDefinition& definition, const Locale& locale) {
  const std::string& id = definition.scale.id();
  TextKey low = TextKey::CsatLowAnchor;
  TextKey high = TextKey::CsatHighAnchor;
  if (id == "emoji3") return;  // the faces say it
  if (id == "nps") {
    low = TextKey::NpsLowAnchor;
    high = TextKey::NpsHighAnchor;
  } else if (id == "ces7") {
    low = TextKey::CesLowAnchor;
    high = TextKey::CesHighAnchor;
  }
  // Hidden from assistive technology: each point's own name already carries its meaning.
  html.raw("<div class=\"csatkit-anchors\" aria-hidden=\"true\"><span class=\"csatkit-anchor csatkit-anchor--low\">")
      .text(survey_text(definition, locale, low))
      .raw("</span><span class=\"csatkit-anchor csatkit-anchor--high\">")
      .text(survey_text(definition, locale, high))
      .raw("</span></div>");
}

void question_step(Html& html, const SurveyDefinition& definition, const SurveyState& state, const Locale& locale) {
  const std::string title_id = element_id(definition, "title");
  html.raw("<p class=\"csatkit-question\"")
      .attr("id", title_id)
      .raw(">")
      .text(survey_text(definition, locale, definition.question, question_key(definition.type)))
      .raw("</p>");
  const Scale& scale = definition.scale;

  if (definition.type == QuestionType::Helpful) {
    html.raw("<div class=\"csatkit-choices\" role=\"group\"").attr("aria-labelledby", title_id).raw(">");
    // Yes first: the answer most readers give, and the order every help centre uses.
    for (int value : {scale.max(), scale.min()}) {
      const bool yes = value == scale.max();
      html.raw("<button type=\"button\"")
          .attr("class", std::string("csatkit-choice csatkit-choice--") + (yes ? "yes" : "no"))
          .raw(" data-csatkit-action=\"score\"")
          .attr("data-csatkit-value", std::to_string(value))
          .raw(">")
          .text(survey_text(definition, locale, yes ? TextKey::HelpfulYes : TextKey::HelpfulNo))
          .raw("</button>");
    }
    html.raw("</div>");
    return;
  }

  html.raw("<div role=\"radiogroup\"")
      .attr("class", "csatkit-scale csatkit-scale--" + scale.id())
      .attr("aria-labelledby", title_id)
      .raw(">");
  const int focusable = state.score.value_or(scale.min());
  for (int value = scale.min(); value <= scale.max(); ++value) {
    const bool checked = state.score && *state.score == value;
    html.raw("<button type=\"button\" role=\"radio\"")
        .attr("class", checked ? "csatkit-point csatkit-point--selected" : "csatkit-point")
        .attr("aria-checked", checked ? "true" : "false")
        .attr("tabindex", value == focusable ? "0" : "-1")
        .raw(" data-csatkit-action=\"score\"")
        .attr("data-csatkit-value", std::to_string(value))
        .attr("aria-label", point_name(locale, scale, value))
        .raw(">");
    if (scale.id() == "emoji3") {
      html.raw("<span class=\"csatkit-face\" aria-hidden=\"true\">").raw(kFaces[value - scale.min()]).raw("</span>");
    } else {
      html.text(std::to_string(value));
    }
    html.raw("</button>");
  }
  html.raw("</div>");
  scale_anchors(html, definition, locale);
}

void reasons_step(Html& html, const SurveyDefinition& definition, const SurveyState& state, const Locale& locale) {
  const std::string title_id = element_id(definition, "title");
  html.raw("<p class=\"csatkit-question\"")
      .attr("id", title_id)
      .raw(">")
      .text(survey_text(definition, locale, TextKey::ReasonsTitle))
      .raw("</p><div class=\"csatkit-reasons\" role=\"group\"")
      .attr("aria-labelledby", title_id)
      .raw(">");
  for (const Reason& reason : definition.reasons) {
    const bool pressed = std::find(state.reasons.begin(), state.reasons.end(), reason.id) != state.reasons.end();
    const std::string label = reason.builtin_label ? survey_text(definition, locale, reason.label, *reason.builtin_label)
                                                   : reason.label.resolve(locale.code, definition.locale).value_or(reason.id);
    html.raw("<button type=\"button\"")
        .attr("class", pressed ? "csatkit-reason csatkit-reason--selected" : "csatkit-reason")
        .attr("aria-pressed", pressed ? "true" : "false")
        .raw(" data-csatkit-action=\"reason\"")
        .attr("data-csatkit-value", reason.id)
        .raw(">")
        .text(label)
        .raw("</button>");
  }
  html.raw("</div><div class=\"csatkit-actions\">");
  action_button(html, "skip", "secondary", survey_text(definition, locale, TextKey::Skip));
  // "Next" when the open question follows, "Send" when this is the last answer.
  const bool more = definition.follow_up.for_bucket(definition.scale.bucket(*state.score)).enabled;
  action_button(html, "submit", "primary", survey_text(definition, locale, more ? TextKey::Next : TextKey::Submit));
  html.raw("</div>");
}

void follow_up_step(Html& html, const SurveyDefinition& definition, const SurveyState& state, const Locale& locale) {
  const Bucket bucket = definition.scale.bucket(*state.score);
  const std::string title_id = element_id(definition, "title");
  const std::string comment_id = element_id(definition, "comment");
  const std::string counter_id = element_id(definition, "counter");
  const std::string max_length = std::to_string(definition.follow_up.max_length);
  html.raw("<label class=\"csatkit-question\"")
      .attr("id", title_id)
      .attr("for", comment_id)
      .raw(">")
      .text(survey_text(definition, locale, definition.follow_up.for_bucket(bucket).question, follow_up_key(bucket)))
      .raw("</label><textarea class=\"csatkit-comment\" data-csatkit-comment name=\"comment\" rows=\"3\"")
      .attr("id", comment_id)
      .attr("maxlength", max_length)
      .attr("placeholder", survey_text(definition, locale, definition.follow_up.placeholder, TextKey::CommentPlaceholder))
      .attr("aria-describedby", counter_id)
      .raw(">")
      .text(state.comment)
      .raw("</textarea>");
  const std::string counter_template = survey_text(definition, locale, TextKey::CharactersLeft);
  std::string counter = counter_template;
  const std::size_t placeholder = counter.find("{n}");
  std::size_t used = 0;  // characters, not bytes
  for (char c : state.comment) used += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  const std::size_t left = used >= static_cast<std::size_t>(definition.follow_up.max_length)
                               ? 0
                               : static_cast<std::size_t>(definition.follow_up.max_length) - used;
  if (placeholder != std::string::npos) counter.replace(placeholder, 3, std::to_string(left));
  html.raw("<p class=\"csatkit-counter\"")
      .attr("id", counter_id)
      .attr("data-csatkit-counter", counter_template)
      .raw(">")
      .text(counter)
      .raw("</p><div class=\"csatkit-actions\">");
  action_button(html, "skip", "secondary", survey_text(definition, locale, TextKey::Skip));
  action_button(html, "submit", "primary", survey_text(definition, locale, TextKey::Submit));
  html.raw("</div>");
}

bool shows_review(const SurveyDefinition& definition, const SurveyState& state) {
  return definition.review && state.score && definition.scale.bucket(*state.score) == Bucket::Positive &&
         is_safe_https_url(definition.review->url);
}

void thanks_step(Html& html, const SurveyDefinition& definition, const SurveyState& state, const Locale& locale) {
  const std::string title_id = element_id(definition, "title");
  const bool review = shows_review(definition, state);
  if (definition.thanks.enabled) {
    html.raw("<div class=\"csatkit-thanks\" data-csatkit-announce><p class=\"csatkit-thanks-title\"")
        .attr("id", title_id)
        .raw(">")
        .text(survey_text(definition, locale, definition.thanks.title, TextKey::ThankYou))
        .raw("</p><p class=\"csatkit-thanks-detail\">")
        .text(survey_text(definition, locale, definition.thanks.detail, TextKey::ThankYouDetail))
        .raw("</p></div>");
  }
  if (review) {
    html.raw("<div class=\"csatkit-review\"><p class=\"csatkit-review-prompt\"");
    if (!definition.thanks.enabled) html.attr("id", title_id);
    html.raw(">")
        .text(survey_text(definition, locale, definition.review->prompt, TextKey::ReviewPrompt))
        .raw("</p><a class=\"csatkit-button csatkit-button--primary csatkit-review-link\" target=\"_blank\" "
             "rel=\"noopener noreferrer\"")
        .attr("href", definition.review->url)
        .raw(">")
        .text(survey_text(definition, locale, definition.review->label, TextKey::ReviewLink))
        .raw("</a></div>");
  }
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\0': out += "\xEF\xBF\xBD"; break;
      default: out += c;
    }
  }
  return out;
}

std::string point_name(const Locale& locale, const Scale& scale, int value) {
  const std::string meaning(point_label(locale, scale, value));
  const std::string number = std::to_string(value);
  if (scale.id() == "emoji3" || scale.id() == "helpful") return meaning;
  if (meaning.empty()) return number;
  if (meaning.compare(0, number.size(), number) == 0) return meaning;
  return number + " \xE2\x80\x93 " + meaning;
}

std::string render_step(const SurveyDefinition& definition, const SurveyState& state, const Locale& locale) {
  if (state.step == SurveyStep::Closed) return "";
  const bool dialog = definition.presentation.mode == DisplayMode::Popup || definition.presentation.mode == DisplayMode::SlideIn;
  std::string classes = "csatkit csatkit--" + std::string(to_string(definition.presentation.mode));
  if (!definition.presentation.position.empty()) classes += " csatkit--" + definition.presentation.position;
  classes += " csatkit--step-" + std::string(to_string(state.step));
  Html html;
  html.raw("<section")
      .attr("class", classes)
      .attr("role", dialog ? "dialog" : "region")
      .attr("aria-labelledby", element_id(definition, "title"))
      .attr("lang", locale.code)
      .attr("dir", locale.rtl ? "rtl" : "ltr")
      .attr("data-csatkit-survey", definition.id)
      .attr("data-csatkit-step", to_string(state.step))
      .raw(">");
  close_button(html, definition, locale);
  switch (state.step) {
    case SurveyStep::Question: question_step(html, definition, state, locale); break;
    case SurveyStep::Reasons: reasons_step(html, definition, state, locale); break;
    case SurveyStep::FollowUp: follow_up_step(html, definition, state, locale); break;
    case SurveyStep::Thanks: thanks_step(html, definition, state, locale); break;
    case SurveyStep::Closed: break;
  }
  html.raw("</section>");
  return html.take();
}

std::string step_announcement(const SurveyDefinition& definition, const SurveyState& state, const Locale& locale) {
  if (state.step != SurveyStep::Thanks || !definition.thanks.enabled) return "";
  return survey_text(definition, locale, definition.thanks.title, TextKey::ThankYou) + " " +
         survey_text(definition, locale, definition.thanks.detail, TextKey::ThankYouDetail);
}

}  // namespace csatkit

// The HTML of each survey step. The runtime puts it into a shadow root as it is, so everything a
// site owner or visitor wrote is escaped here, and the markup carries no inline style, no script
// and no event handler attribute (it works under a strict Content-Security-Policy).
//
// Markup contract with the runtime (web/widget/):
// - The root is <section class="csatkit csatkit--<mode> csatkit--<position> csatkit--step-<step>"
//   lang dir data-csatkit-survey data-csatkit-step>, role="dialog" for popup and slide-in,
//   role="region" for bar and inline, named by the step's title (aria-labelledby).
// - Controls are <button type="button"> with data-csatkit-action = "score" | "reason" | "submit" |
//   "skip" | "dismiss" and, for score and reason, data-csatkit-value. The runtime sends
//   {"type": action, "value": value}; for "submit" it adds the textarea's text ("text").
// - The scale is role="radiogroup" labelled by the question; each point is role="radio" with
//   aria-checked and a translated accessible name; roving tabindex: the checked point (else the
//   first) has tabindex="0", the others "-1". Arrow keys are the runtime's job.
// - Reasons are toggle buttons (aria-pressed). After a re-render of the same step the runtime
//   moves focus back to the control with the same action and value.
// - The comment box is <textarea data-csatkit-comment maxlength> with a <label>; the element with
//   data-csatkit-counter holds the "characters left" template ({n}) for the runtime to fill in.
// - The thank-you text is in the element with data-csatkit-announce; its text is also returned as
//   "announce" by widget_api so the runtime can put it into its own aria-live region.
// - Classes are all prefixed csatkit- (BEM-ish: csatkit-point, csatkit-point--selected).
#pragma once

#include <string>
#include <string_view>

#include "core/locale.hpp"
#include "core/survey_definition.hpp"
#include "core/survey_flow.hpp"

namespace csatkit {

// Text made safe for HTML element content and for double-quoted attribute values: & < > " '
// become entities, NUL becomes U+FFFD. (Every attribute in the widget is double-quoted.)
std::string html_escape(std::string_view text);

// The HTML of the state's step; "" for the closed step.
std::string render_step(const SurveyDefinition& definition, const SurveyState& state, const Locale& locale);

// The text for an aria-live region on this step (the thank-you), or "" when there is none.
std::string step_announcement(const SurveyDefinition& definition, const SurveyState& state, const Locale& locale);

// The accessible name of one scale point: the translated meaning, with the number in front
// when the number is what the button shows ("1 – Very dissatisfied", "0 – Not at all likely",
// "7"); emoji3 points, which show a face, are named by their meaning alone ("Happy").
std::string point_name(const Locale& locale, const Scale& scale, int value);

}  // namespace csatkit

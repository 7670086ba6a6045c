// The dashboard's own texts (English). Everything about the numbers — results, distribution,
// trend, recommendations — is worded by the calculator's texts (web/calculator/locales), the
// same as in the calculator. {name} placeholders are filled with already formatted values.
const texts = {
  title: 'csatkit dashboard',
  intro: 'Live answers from this collector: scores with their 95% intervals, the trend and the latest comments. Every figure is computed by csatkit’s core.',
  sign_in: 'Open the dashboard',
  token: 'Admin token',
  token_hint: 'The collector’s --admin-token. It is kept in this tab only (sessionStorage) and sent to this collector only.',
  token_refused: 'The collector did not accept this token (HTTP {status}: {message}).',
  survey: 'Survey',
  refresh: 'Refresh now',
  sign_out: 'Forget the token',
  live: 'Updated {time}. Refreshes every {seconds} s while this tab is visible.',
  refresh_failed: 'Could not refresh ({message}). The figures shown are from {time}; trying again in {seconds} s.',
  no_surveys: 'This collector accepts no surveys.',
  no_responses: 'No responses to {survey} yet.',
  comments: 'Latest comments',
  comments_count: '{shown} newest of {total} comments.',
  no_comments: 'No comments yet.',
  comment_meta: '{score} · {time}',
  touchpoint: 'touchpoint {touchpoint}',
  reasons: 'reasons: {reasons}',
};

/** t(key, {name: value}) → the text with its placeholders filled. */
export function dashboardText(key, values = {}) {
  const text = texts[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

// The one error type of csatkit and the unwrapping of the core's JSON envelopes, shared by the
// calculator (web/core.js) and the survey widget (web/widget/).

/** The one error type of csatkit: the core's {code, path, message} as a JS Error. */
export class CsatkitError extends Error {
  /**
   * @param {string} code stable, machine-readable ("request.invalid", "csv.rating_column_missing")
   * @param {string} path where: a JSON path into the request ("$.counts.3"), "line 12", …
   * @param {string} message one readable sentence for a person
   * @param {{path: string, message: string}[]} [problems] every problem, when several were found at once
   */
  constructor(code, path, message, problems = []) {
    super(message);
    this.name = 'CsatkitError';
    this.code = code;
    this.path = path;
    this.problems = problems;
  }
}

/** An envelope's value, or its error thrown as a CsatkitError. */
export function unwrap(envelopeText) {
  const envelope = JSON.parse(envelopeText);
  if (envelope.ok) return envelope.value;
  const { code, path, message, problems } = envelope.error;
  throw new CsatkitError(code, path, message, problems);
}

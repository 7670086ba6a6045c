// Every failure of the widget ends here: logged once to the console as a CsatkitError, never
// thrown into the host page. "Once": the same code and message are not repeated.
import { CsatkitError } from '../csatkit-error.js';

const reported = new Set();

/** Logs `error` (turned into a CsatkitError if it is not one) once; returns it. */
export function reportError(error, code = 'widget.failed', path = '$') {
  const typed =
    error instanceof CsatkitError ? error : new CsatkitError(code, path, String(error?.message ?? error));
  const key = `${typed.code}\n${typed.message}`;
  if (!reported.has(key)) {
    reported.add(key);
    const detail = typed.problems?.length ? '\n' + typed.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n') : '';
    console.error(`csatkit: ${typed.code} at ${typed.path}: ${typed.message}${detail}`, typed);
  }
  return typed;
}

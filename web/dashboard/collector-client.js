// The dashboard's only source of data: the collector's own endpoints, on the page's origin. Reads
// send the admin token as `Authorization: Bearer …` (never in a URL, never in a cookie); the
// collector's JSON errors become one CsatkitError with the HTTP status beside them.
import { CsatkitError } from '../csatkit-error.js';

/** A collector error: its {code, path, message} and the HTTP status (0 when nothing answered). */
export class CollectorError extends CsatkitError {
  constructor(status, code, path, message) {
    super(code, path, message);
    this.name = 'CollectorError';
    this.status = status;
  }

  /** The token was missing or wrong: the dashboard asks for it again. */
  get unauthorized() {
    return this.status === 401 || this.status === 403;
  }
}

export class CollectorClient {
  /** @param {{token: string, base?: string, fetch?: typeof fetch}} options */
  constructor({ token, base = '', fetch: fetchFunction = globalThis.fetch.bind(globalThis) }) {
    this.token = token;
    this.base = base;
    this.fetch = fetchFunction;
  }

  async get(path, { auth = true } = {}) {
    let response;
    try {
      response = await this.fetch(this.base + path, {
        headers: auth ? { Authorization: `Bearer ${this.token}` } : {},
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (error) {
      throw new CollectorError(0, 'collector.unreachable', '$', `the collector did not answer (${error.message})`);
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok) {
      const error = body?.error ?? {};
      throw new CollectorError(response.status, error.code ?? 'http.error', error.path ?? '$', error.message ?? `HTTP ${response.status}`);
    }
    if (body === null) throw new CollectorError(response.status, 'collector.not_json', '$', 'the collector answered something that is not JSON');
    return body;
  }

  /** The surveys the collector accepts (GET /healthz; no token needed). */
  async surveys() {
    return (await this.get('/healthz', { auth: false })).value.surveys;
  }

  /** The `csatkit score` report of a survey's responses, with a trend `by` day, week or month. */
  summary(surveyId, by) {
    const query = new URLSearchParams({ by });
    return this.get(`/v1/surveys/${encodeURIComponent(surveyId)}/summary?${query}`);
  }

  /** The newest responses that carry a comment: {survey_id, total, responses: [...]}. */
  latestComments(surveyId, limit) {
    const query = new URLSearchParams({ limit: String(limit), has_comment: 'true' });
    return this.get(`/v1/surveys/${encodeURIComponent(surveyId)}/responses?${query}`);
  }
}

// GET /v1/surveys/{id}/responses: the newest responses as stored, for the dashboard's latest
// comments (and for scripts/serve.mjs, which lists what the widget delivered through it).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startCollector, widgetResponse } from './collector-harness.mjs';

let collector;
// Posted in this order: the survey's responses 1…6; 2, 4 and 6 with a comment, 3 gets its comment
// later as an update, and one response of another survey in between.
const posted = [];
before(async () => {
  collector = await startCollector();
  for (let n = 1; n <= 6; n += 1) {
    const score = 1 + (n % 5);
    const response = widgetResponse({ score, bucket: score <= 2 ? 'negative' : score === 3 ? 'neutral' : 'positive', label: null, comment: n % 2 === 0 ? `comment ${n}` : null });
    posted.push(response);
    assert.equal((await collector.post(response)).status, 201);
    if (n === 3) {
      const other = widgetResponse({ survey_id: 'short-note', scale: 'emoji3', score: 3, bucket: 'positive', label: null, comment: 'elsewhere' });
      assert.equal((await collector.post(other)).status, 201);
    }
  }
  const update = { ...posted[2], comment: '<img src=x onerror="alert(1)"> & </script>', complete: true, updated_at: '2024-05-01T10:09:00.000Z' };
  assert.equal((await collector.post(update)).json.value.status, 'updated');
  posted[2] = update;
});
after(async () => {
  assert.equal((await collector.stop()).code, 0);
});

const latest = async (query = '') => {
  const res = await collector.get(`/v1/surveys/post-chat/responses${query}`);
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers['content-type'], /^application\/json/);
  assert.equal(res.headers['cache-control'], 'no-store');
  return res.json;
};

describe('the newest responses', () => {
  test('newest first (by first arrival), each as stored with its arrival time, and the total', async () => {
    const answer = await latest();
    assert.equal(answer.survey_id, 'post-chat');
    assert.equal(answer.total, 6);
    assert.deepEqual(answer.responses.map((r) => r.id), posted.map((r) => r.id).reverse());
    for (const response of answer.responses) {
      assert.match(response.received_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(response.survey_id, 'post-chat');
    }
    const times = answer.responses.map((r) => r.received_at);
    assert.deepEqual([...times].sort().reverse(), times);
    // The stored version is the normalized one: labels and bucket from the survey's scale.
    const newest = answer.responses[0];
    assert.equal(newest.score, posted[5].score);
    assert.equal(newest.label, 'Dissatisfied'); // score 2 on csat5, though the widget sent no label
    assert.deepEqual(newest.context, { plan: 'pro' });
  });

  test('a comment that came later as an update is there, byte for byte, in its first place', async () => {
    const { responses } = await latest();
    const third = responses[3];
    assert.equal(third.id, posted[2].id);
    assert.equal(third.comment, '<img src=x onerror="alert(1)"> & </script>');
    assert.equal(third.complete, true);
  });

  test('limit takes the newest N; has_comment=true only those with a comment, and counts them', async () => {
    assert.deepEqual((await latest('?limit=2')).responses.map((r) => r.id), [posted[5].id, posted[4].id]);
    const commented = await latest('?has_comment=true&limit=20');
    assert.equal(commented.total, 4);
    assert.deepEqual(commented.responses.map((r) => r.comment), ['comment 6', 'comment 4', posted[2].comment, 'comment 2']);
    assert.equal((await latest('?has_comment=false')).total, 6);
  });

  test('from/to filter by the day of created_at', async () => {
    assert.equal((await latest('?from=2024-05-01&to=2024-05-01')).total, 6);
    const none = await latest('?from=2024-05-02');
    assert.equal(none.total, 0);
    assert.deepEqual(none.responses, []);
  });
});

describe('bad reads are refused and named', () => {
  test('401 without the admin token, 403 with a wrong one', async () => {
    const none = await collector.get('/v1/surveys/post-chat/responses', {});
    assert.equal(none.status, 401);
    assert.equal(none.json.error.code, 'auth.required');
    assert.equal(none.json.responses, undefined);
    const wrong = await collector.get('/v1/surveys/post-chat/responses', { Authorization: 'Bearer nope' });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.json.error.code, 'auth.invalid');
  });

  test('a bad limit, has_comment or date is a 400 naming the parameter; an unknown survey a 404', async () => {
    for (const [query, path] of [['?limit=0', 'limit'], ['?limit=1001', 'limit'], ['?limit=ten', 'limit'], ['?limit=', 'limit'], ['?has_comment=yes', 'has_comment'], ['?from=May', 'from']]) {
      const res = await collector.get(`/v1/surveys/post-chat/responses${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.json.error.code, 'query.invalid', query);
      assert.equal(res.json.error.path, path, query);
    }
    const unknown = await collector.get('/v1/surveys/nope/responses');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.code, 'survey.unknown');
  });
});

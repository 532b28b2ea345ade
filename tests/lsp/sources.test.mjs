// aexy/matchIssue, aexy/sync and the aexy.matchIssue command against the real `aexy lsp`, with a
// Jira Cloud and a GitHub served on 127.0.0.1 by this test (bodies written from Jira's published
// REST v3 schema — ADF descriptions, no nextPageToken on the last page — and in the shape of
// aexy's GitHub GraphQL query, which scripts/test.d/55-sources.sh validates against GitHub's).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { Session, sampleRepo, tempDir } from './harness.mjs';

const TOKEN = 'jira-token-lsp-test-000';
const EMAIL = 'ann@acme.example';
const basic = `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}`;
const adf = (text) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const issue = (key, summary, text, updated) => ({
  id: key, key,
  fields: {
    summary, description: adf(text), labels: ['lsp'], components: [{ name: 'Library' }],
    status: { name: 'To Do', statusCategory: { key: 'new' } }, assignee: null,
    reporter: { accountId: 'r-1', displayName: 'Reporter Person', accountType: 'atlassian' },
    project: { key: 'AX' }, created: '2024-01-01T10:00:00.000+0000', updated, resolutiondate: null,
  },
});

const GH_TOKEN = 'ghp_lspTestToken0000000000000000';
const actor = (login, id, name) => ({ __typename: 'User', login, databaseId: id, name });

/** One merged pull request by Bob on src/lib.rs, reviewed by Alice 3 hours after it opened. */
function github(req, res, json) {
  if (req.headers.authorization !== `Bearer ${GH_TOKEN}`) return json(401, { message: 'Bad credentials' });
  if (req.url.startsWith('/repos/octo/demo/issues')) return json(200, []);
  return json(200, { data: { repository: { pullRequests: { pageInfo: { hasNextPage: false, endCursor: 'c1' }, nodes: [{
    number: 1, title: 'Bodies for three and four', body: '', state: 'MERGED', isDraft: false, url: 'https://github.com/octo/demo/pull/1',
    createdAt: '2024-02-01T10:00:00Z', updatedAt: '2024-02-01T15:00:00Z', closedAt: '2024-02-01T15:00:00Z', mergedAt: '2024-02-01T15:00:00Z',
    additions: 2, deletions: 2, baseRefName: 'main', headRefName: 'bodies', mergeCommit: { oid: 'a'.repeat(40) },
    author: actor('bob', 2, 'Bob Stone'),
    files: { nodes: [{ path: 'src/lib.rs', additions: 2, deletions: 2 }] },
    commits: { nodes: [{ commit: { oid: 'b'.repeat(40), author: { name: 'Bob Stone', email: 'bob@example.com', user: { login: 'bob', databaseId: 2, name: 'Bob Stone' } } } }] },
    reviews: { nodes: [{ databaseId: 77, state: 'APPROVED', submittedAt: '2024-02-01T13:00:00Z', author: actor('alice', 1, 'Alice Liddell'), comments: { nodes: [] } }] },
    reviewRequests: { nodes: [] },
  }] } } } });
}

let repo;
let s;
let server;
const seen = [];

before(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.url);
    const json = (code, body) => { res.writeHead(code, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
    if (req.url === '/graphql' || req.url.startsWith('/repos/')) return github(req, res, json);
    if (req.headers.authorization !== basic) return json(401, { errorMessages: ['Client must be authenticated'] });
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/rest/api/3/issue/AX-7') return json(200, issue('AX-7', 'Rewrite the solo notes', 'The file solo.txt needs a rewrite.', '2024-01-02T10:00:00.000+0000'));
    if (url.pathname === '/rest/api/3/search/jql') {
      return json(200, { issues: [issue('AX-8', 'Bodies for three and four', 'Give bodies to three and four in src/lib.rs', '2024-01-03T10:00:00.000+0000')], isLast: true });
    }
    return json(404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'] });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  repo = sampleRepo();
  repo.git('config', 'aexy.jira.project', 'AX');
  repo.git('config', 'aexy.github.repo', 'octo/demo');
  const home = tempDir('aexy-lsp-home-');
  s = new Session({
    env: {
      JIRA_BASE_URL: `http://127.0.0.1:${server.address().port}`, JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: TOKEN,
      GITHUB_API_URL: `http://127.0.0.1:${server.address().port}`, GITHUB_TOKEN: GH_TOKEN,
      AEXY_CONFIG: `${home}/none.toml`, HOME: home, GH_TOKEN: '', LINEAR_API_KEY: '', GITLAB_TOKEN: '',
    },
  });
  await s.initialize([repo.root]);
  await s.ready();
});

after(async () => {
  const { code } = await s.stop();
  assert.equal(code, 0);
  server.close();
});

test('aexy/matchIssue fetches the issue and ranks who knows the files it names', async () => {
  const r = await s.request('aexy/matchIssue', { textDocument: { uri: repo.uri('src/lib.rs') }, issue: 'AX-7' });
  assert.equal(r.available, true, JSON.stringify(r));
  assert.equal(r.issue.key, 'AX-7');
  assert.equal(r.issue.system, 'jira');
  assert.deepEqual(r.issue.paths, ['solo.txt']);
  assert.deepEqual(r.issue.components, ['Library']);
  assert.equal(r.candidates[0].person.name, 'Alice Liddell', JSON.stringify(r));
  assert.ok(!s.stderr.includes(TOKEN), 'the token is never logged, even at debug');
});

test('aexy/sync runs in the background with progress, then issues come from the index', async () => {
  const started = await s.request('aexy/sync', {});
  assert.equal(started.started, true, JSON.stringify(started));
  assert.deepEqual(started.repositories, [repo.root]);
  const done = await s.until(() => s.messages.find((m) => /synced/.test(m.message)), 15000, 'the sync to finish');
  assert.match(done.message, /jira .*: 1 new or changed/);
  assert.match(done.message, /github octo\/demo: 1 new or changed/);
  assert.ok(s.progress.some((p) => p.value?.kind === 'begin' && /aexy: syncing/.test(p.value.title)), JSON.stringify(s.progress));
  assert.ok(s.progress.some((p) => p.value?.kind === 'end'));
  const before = seen.length;
  const r = await s.request('aexy/matchIssue', { issue: 'AX-8' });
  assert.equal(seen.length, before, 'AX-8 was synced: no request');
  assert.equal(r.issue.title, 'Bodies for three and four');
  assert.ok(r.candidates.some((c) => c.person.name === 'Bob Stone'), JSON.stringify(r));
});

test('after the sync, team insights, profiles and reviewers carry the review history', async () => {
  const t = await s.request('aexy/teamInsights', {});
  assert.equal(t.available, true, JSON.stringify(t).slice(0, 300));
  const r = t.details.reviews;
  assert.equal(r.pulls, 1, JSON.stringify(r));
  assert.equal(r.turnaround.firstReview.medianHours, 3);
  assert.equal(r.collaboration[0].reviewer, 'Alice Liddell');
  assert.equal(r.collaboration[0].author, 'Bob Stone');
  const p = await s.request('aexy/profile', { developer: 'alice@example.com' });
  assert.equal(p.details.reviews.given, 1, JSON.stringify(p.details.reviews));
  assert.deepEqual(p.details.reviews.accounts, ['github:alice']);
  assert.ok(!s.stderr.includes(GH_TOKEN), 'the GitHub token is never logged');
});

test('the aexy.matchIssue command writes a report, and bad references get a message', async () => {
  const out = await s.request('workspace/executeCommand', { command: 'aexy.matchIssue', arguments: [{ issue: 'AX-7' }] });
  assert.match(out.report, /issue\.md$/);
  assert.equal(out.result.issue.key, 'AX-7');
  const bad = await s.request('aexy/matchIssue', { issue: 'not an issue' });
  assert.equal(bad.available, false);
  assert.match(bad.message, /is not an issue reference/);
  const missing = await s.request('aexy/matchIssue', { issue: 'AX-404' });
  assert.equal(missing.available, false);
  assert.match(missing.message, /Jira: Jira site 127\.0\.0\.1 was not found/);
});

// aexy/matchIssue, aexy/sync and the aexy.matchIssue command against the real `aexy lsp`, with a
// Jira Cloud served on 127.0.0.1 by this test (bodies written from Jira's published REST v3
// schema: ADF descriptions, no nextPageToken on the last page).
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

let repo;
let s;
let server;
const seen = [];

before(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.url);
    const json = (code, body) => { res.writeHead(code, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
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
  const home = tempDir('aexy-lsp-home-');
  s = new Session({
    env: {
      JIRA_BASE_URL: `http://127.0.0.1:${server.address().port}`, JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: TOKEN,
      AEXY_CONFIG: `${home}/none.toml`, HOME: home, GITHUB_TOKEN: '', GH_TOKEN: '', LINEAR_API_KEY: '', GITLAB_TOKEN: '',
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
  assert.ok(s.progress.some((p) => p.value?.kind === 'begin' && /aexy: syncing/.test(p.value.title)), JSON.stringify(s.progress));
  assert.ok(s.progress.some((p) => p.value?.kind === 'end'));
  const before = seen.length;
  const r = await s.request('aexy/matchIssue', { issue: 'AX-8' });
  assert.equal(seen.length, before, 'AX-8 was synced: no request');
  assert.equal(r.issue.title, 'Bodies for three and four');
  assert.ok(r.candidates.some((c) => c.person.name === 'Bob Stone'), JSON.stringify(r));
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

// The whole editor conversation against the real `aexy lsp`: initialize, progress, hover (with
// edits in the buffer), code lens + resolve, inlay hints, custom aexy/* requests and commands.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Session, sampleRepo, protocolVersion } from './harness.mjs';

let repo;
let s;
let init;

/** "Name NN% · Name NN%" for src/lib.rs from aexy/ownership: hover, lens and hint must agree. */
async function expertsSummary(session, r, top) {
  const o = await session.request('aexy/ownership', { textDocument: { uri: r.uri('src/lib.rs') } });
  const parts = o.experts.slice(0, top).map((e) => `${e.name} ${Math.round(e.share * 100)}%`);
  if (o.experts.length > top) parts.push(`+${o.experts.length - top}`);
  return parts.join(' · ');
}

before(async () => {
  repo = sampleRepo();
  s = new Session();
  init = await s.initialize([repo.root]);
  await s.ready();
});

after(async () => {
  const { code } = await s.stop();
  assert.equal(code, 0, 'exit after shutdown must be status 0');
});

test('initialize reports the protocol version and the capabilities', () => {
  assert.equal(init.serverInfo.name, 'aexy');
  assert.equal(init.serverInfo.version, protocolVersion());
  const c = init.capabilities;
  assert.equal(c.hoverProvider, true);
  assert.equal(c.codeLensProvider.resolveProvider, true);
  assert.ok(c.inlayHintProvider);
  assert.deepEqual(c.executeCommandProvider.commands.sort(), ['aexy.explain', 'aexy.matchIssue', 'aexy.matchTask', 'aexy.reindex', 'aexy.showOwners', 'aexy.status', 'aexy.suggestReviewers', 'aexy.sync']);
});

test('indexing reports $/progress from begin to end on a created token', () => {
  const kinds = s.progress.map((p) => p.value.kind);
  assert.equal(kinds[0], 'begin', JSON.stringify(s.progress));
  assert.equal(kinds[kinds.length - 1], 'end');
  assert.equal(typeof s.progress[0].value.percentage, 'number');
  assert.ok(s.progress.every((p) => p.token === s.progress[0].token));
  assert.match(s.progress[kinds.length - 1].value.message, /3 commits/);
});

test('aexy/status lists the repository at HEAD', async () => {
  const st = await s.request('aexy/status');
  assert.equal(st.version, protocolVersion());
  assert.equal(st.repositories.length, 1);
  const r = st.repositories[0];
  assert.equal(r.root, repo.root);
  assert.equal(r.state, 'ready');
  assert.equal(r.head, repo.second);
  assert.equal(r.commitsTotal, 3);
  // `{}` params are accepted as well as none.
  assert.equal((await s.request('aexy/status', {})).repositories.length, 1);
});

test('hover names the last author with dates in their offset, the commit and the experts', async () => {
  const uri = repo.uri('src/lib.rs');
  await s.open(uri, repo.read('src/lib.rs'));
  const bob = await s.hover(uri, 2);
  assert.match(bob, /\*\*Bob Stone\*\*/);
  assert.ok(bob.includes(`${repo.bobDay} 16:30 -05:00`), bob);
  assert.match(bob, / · 1 week ago · /);
  assert.ok(bob.includes(repo.second.slice(0, 8)), bob);
  assert.match(bob, /Give three and four bodies/);
  assert.match(bob, /with Carol Jones/);
  assert.ok(bob.includes(`Experts: ${await expertsSummary(s, repo, 3)}`), bob);
  assert.match(bob, /Experts: Alice Liddell \d+% · Bob Stone \d+% · Carol Jones \d+%/);
  const alice = await s.hover(uri, 0);
  assert.match(alice, /\*\*Alice Liddell\*\*/);
  assert.ok(alice.includes(`${repo.aliceDay} 10:00 +02:00`), alice);
  assert.ok(alice.includes(repo.first.slice(0, 8)));
});

test('edited lines are "not committed yet"; the others keep their HEAD owner', async () => {
  const uri = repo.uri('src/lib.rs');
  const edited = ['// a new first line', ...repo.lines];
  edited[3] = 'fn three() { 33 }'; // was Bob's line 2, now buffer line 3
  await s.change(uri, edited.join('\n') + '\n', 2);
  assert.match(await s.hover(uri, 0), /Not committed yet/);
  assert.match(await s.hover(uri, 3), /Not committed yet/);
  assert.match(await s.hover(uri, 4), /\*\*Bob Stone\*\*/); // Bob's line 3, shifted by one
  assert.match(await s.hover(uri, 1), /\*\*Alice Liddell\*\*/);
  const o = await s.request('aexy/ownership', { textDocument: { uri }, position: { line: 3, character: 0 } });
  assert.equal(o.line.uncommitted, true);
  assert.equal(o.line.commit, null);
  await s.change(uri, repo.read('src/lib.rs'), 3);
  assert.match(await s.hover(uri, 2), /\*\*Bob Stone\*\*/);
});

test('aexy/ownership returns the line, co-authors and experts as typed in protocol/', async () => {
  const uri = repo.uri('src/lib.rs');
  const o = await s.request('aexy/ownership', { textDocument: { uri }, position: { line: 3, character: 4 } });
  assert.equal(o.file, 'src/lib.rs');
  assert.equal(o.line.commit, repo.second);
  assert.deepEqual(o.line.author, { name: 'Bob Stone', email: 'bob@example.com' });
  assert.equal(o.line.date, `${repo.bobDay}T16:30:00-05:00`);
  assert.equal(o.line.summary, 'Give three and four bodies');
  assert.deepEqual(o.line.coAuthors, [{ name: 'Carol Jones', email: 'carol@example.com' }]);
  assert.equal(o.line.uncommitted, false);
  // DOA experts (insights): Alice first (she created the file); the co-author Carol is credited.
  assert.deepEqual(o.experts.map((e) => e.email), ['alice@example.com', 'bob@example.com', 'carol@example.com']);
  assert.ok(o.experts.every((e) => e.share > 0 && e.share <= 1), JSON.stringify(o.experts));
  assert.ok(o.experts[0].share >= o.experts[1].share);
  assert.equal(o.experts[1].lastActive, `${repo.bobDay}T16:30:00-05:00`);
  const fileOnly = await s.request('aexy/ownership', { textDocument: { uri: repo.uri('solo.txt') } });
  assert.equal(fileOnly.line, undefined);
  assert.equal(fileOnly.risk, 'single expert');
  const legacy = await s.request('aexy/ownership', { textDocument: { uri: repo.uri('legacy.txt') } });
  assert.equal(legacy.risk, 'experts inactive for over a year');
  assert.equal(legacy.experts[0].lastActive, '2019-05-01T08:00:00+00:00');
});

test('code lens is listed unresolved, then resolves to the experts and a command', async () => {
  const uri = repo.uri('src/lib.rs');
  const lenses = await s.request('textDocument/codeLens', { textDocument: { uri } });
  assert.equal(lenses.length, 1);
  assert.equal(lenses[0].command, undefined);
  assert.deepEqual(lenses[0].range.start, { line: 0, character: 0 });
  const resolved = await s.request('codeLens/resolve', lenses[0]);
  assert.equal(resolved.command.title, await expertsSummary(s, repo, 2));
  assert.match(resolved.command.title, /^Alice Liddell \d+% · Bob Stone \d+% · \+1$/);
  assert.equal(resolved.command.command, 'aexy.showOwners');
  assert.deepEqual(resolved.command.arguments, [{ uri }]);
  const solo = await s.request('textDocument/codeLens', { textDocument: { uri: repo.uri('solo.txt') } });
  const soloTitle = (await s.request('codeLens/resolve', solo[0])).command.title;
  assert.equal(soloTitle, 'Alice Liddell 100% · ⚠ single expert');
});

test('inlay hint carries the same summary at the end of the first line', async () => {
  const uri = repo.uri('src/lib.rs');
  const hints = await s.request('textDocument/inlayHint', {
    textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } },
  });
  assert.equal(hints.length, 1);
  assert.equal(hints[0].label, await expertsSummary(s, repo, 2));
  assert.deepEqual(hints[0].position, { line: 0, character: 'fn one() {}'.length });
  const later = await s.request('textDocument/inlayHint', {
    textDocument: { uri }, range: { start: { line: 3, character: 0 }, end: { line: 6, character: 0 } },
  });
  assert.deepEqual(later, []);
});

test('aexy.showOwners writes a Markdown report and asks the client to show it', async () => {
  const uri = repo.uri('src/lib.rs');
  const before = s.shown.length;
  const r = await s.request('workspace/executeCommand', { command: 'aexy.showOwners', arguments: [{ uri }] });
  assert.ok(r.report.startsWith(s.dataDir), r.report);
  const md = fs.readFileSync(r.report, 'utf8');
  assert.match(md, /# Owners of `src\/lib.rs`/);
  const alice = r.result.experts[0];
  assert.ok(md.includes(`| Alice Liddell | ${Math.round(alice.share * 100)}% |`), md);
  assert.ok(!md.includes('@example.com'), `no e-mail addresses without the opt-in: ${md}`);
  assert.equal(r.result.file, 'src/lib.rs');
  await s.until(() => s.shown.length > before, 5000, 'window/showDocument');
  assert.equal(fileURLToPath(s.shown[s.shown.length - 1].uri), r.report);
  const st = await s.request('workspace/executeCommand', { command: 'aexy.status' });
  assert.match(fs.readFileSync(st.report, 'utf8'), /# aexy status/);
  assert.equal(st.result.repositories[0].root, repo.root);
});

test('aexy.reindex re-runs indexing and ends ready again', async () => {
  const ends = s.progress.filter((p) => p.value.kind === 'end').length;
  const r = await s.request('workspace/executeCommand', { command: 'aexy.reindex' });
  assert.deepEqual(r.result.repositories, [repo.root]);
  await s.until(() => s.progress.filter((p) => p.value.kind === 'end').length > ends, 10000, 'reindex progress end');
  await s.ready();
});

test('aexy/profile and aexy/teamInsights serve the insights layer in their envelopes', async () => {
  const uri = repo.uri('src/lib.rs');
  const p = await s.request('aexy/profile', { textDocument: { uri }, developer: 'alice@example.com' });
  assert.equal(p.root, repo.root);
  assert.equal(p.developer, 'alice@example.com');
  assert.equal(p.available, true, p.message);
  assert.equal(p.details.developer.email, 'alice@example.com');
  assert.equal(p.details.commits, 1);
  // The repository's own user (runner@example.com) has no commits: a message, not an error.
  const me = await s.request('aexy/profile', {});
  assert.equal(me.available, false);
  assert.match(me.message, /user|developer/);
  const t = await s.request('aexy/teamInsights');
  assert.equal(t.root, repo.root);
  assert.equal(t.available, true, t.message);
  assert.ok(t.details.truckFactor, Object.keys(t.details).join(','));
  const narrowed = await s.request('aexy/teamInsights', { textDocument: { uri }, path: 'src/' });
  assert.equal(narrowed.path, 'src/');
  assert.equal(narrowed.available, true, narrowed.message);
  // aexy/matchTask and aexy/suggestReviewers: matching.test.mjs
});

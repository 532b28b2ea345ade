// aexy/matchTask, aexy/suggestReviewers and the aexy.matchTask / aexy.suggestReviewers commands
// against the real `aexy lsp` on the sample repository (Alice wrote src/lib.rs, Bob with Carol
// as co-author gave "three" and "four" bodies, Eve wrote legacy notes years ago).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Session, sampleRepo, daysAgo } from './harness.mjs';

let repo;
let s;

before(async () => {
  repo = sampleRepo();
  s = new Session();
  await s.initialize([repo.root]);
  await s.ready();
});

after(async () => {
  const { code } = await s.stop();
  assert.equal(code, 0);
});

const names = (r) => r.candidates.map((c) => c.person.name);

test('aexy/matchTask ranks the people whose files and subjects meet the text', async () => {
  const m = await s.request('aexy/matchTask', {
    textDocument: { uri: repo.uri('src/lib.rs') },
    text: 'Give bodies to three and four',
    limit: 5,
  });
  assert.equal(m.available, true, JSON.stringify(m));
  assert.ok(m.candidates.length >= 2, JSON.stringify(m));
  assert.ok(!names(m).includes('Eve Old'), 'nothing of Eve matches the text');
  const bob = m.candidates.find((c) => c.person.name === 'Bob Stone');
  assert.ok(bob, JSON.stringify(m));
  assert.ok(bob.reasons.some((r) => r.includes("commit subject with 'three'")), JSON.stringify(bob));
  assert.ok(bob.score > 0 && bob.score <= 1);
  assert.ok(m.signals.files.some((f) => f.path === 'src/lib.rs'), JSON.stringify(m.signals));
  assert.equal(m.signals.byActivityAlone, false);
  assert.equal(m.message, null);
  // words the history never used meet nobody: the ranking is by recent activity alone, and says so
  const none = await s.request('aexy/matchTask', { text: 'zeppelin quaternion' });
  assert.deepEqual(none.signals.unknownTerms, ['zeppelin', 'quaternion']);
  assert.equal(none.signals.byActivityAlone, true);
  assert.match(none.message, /ranked by recent activity alone/);
  assert.ok(none.candidates.length > 0, JSON.stringify(none));
  for (const c of none.candidates) {
    assert.ok(c.reasons.every((r) => /^active |in the 90 days before /.test(r)), JSON.stringify(c));
  }
});

test('aexy/matchTask counts the experts of the files the task names', async () => {
  // the file the user is in, as a URI: Alice alone wrote solo.txt
  const solo = await s.request('aexy/matchTask', { text: 'Rewrite this', uris: [repo.uri('solo.txt')] });
  assert.equal(solo.available, true, JSON.stringify(solo));
  assert.deepEqual(names(solo), ['Alice Liddell'], JSON.stringify(solo));
  assert.ok(solo.candidates[0].reasons.some((r) => r.includes('solo.txt')), JSON.stringify(solo));
  assert.deepEqual(solo.signals.files[0], { path: 'solo.txt', relevance: 1 });
  // a repository-relative directory, and a path the history does not know
  const dir = await s.request('aexy/matchTask', { text: '', paths: ['src/', 'nope.rs'] });
  assert.ok(names(dir).includes('Alice Liddell') && names(dir).includes('Bob Stone'), JSON.stringify(dir));
  assert.deepEqual(dir.signals.unknownPaths, ['nope.rs']);
  // a file outside the repository: a bad parameter, or no repository to answer from
  await assert.rejects(
    s.request('aexy/matchTask', { textDocument: { uri: repo.uri('src/lib.rs') }, text: 'x', uris: ['file:///etc/hostname'] }),
    (e) => e.code === -32602 && /not inside/.test(e.message),
  );
  const outside = await s.request('aexy/matchTask', { text: 'x', uris: ['file:///etc/hostname'] });
  assert.equal(outside.available, false);
  assert.match(outside.message, /file:\/\/\/etc\/hostname is not inside an open git repository/);
  assert.equal((await s.request('aexy/matchTask', { text: 'x', uris: [repo.uri('solo.txt')] })).available, true);
});

test('aexy/suggestReviewers ranks owners of the files and leaves out the excluded', async () => {
  const uri = repo.uri('src/lib.rs');
  const all = await s.request('aexy/suggestReviewers', { uris: [uri], limit: 5 });
  assert.equal(all.available, true, JSON.stringify(all));
  assert.ok(names(all).includes('Alice Liddell'), JSON.stringify(all));
  assert.ok(names(all).includes('Bob Stone'));
  assert.deepEqual(all.signals.files, ['src/lib.rs']);
  const without = await s.request('aexy/suggestReviewers', { uris: [uri], exclude: ['bob@example.com'], limit: 5 });
  assert.ok(!names(without).includes('Bob Stone'), JSON.stringify(without));
  assert.ok(names(without).includes('Alice Liddell'));
  // a range: Bob's commit (Carol co-authored) is reviewed by Alice, who owned the lines
  const range = await s.request('aexy/suggestReviewers', { range: `${repo.first}..${repo.second}` });
  assert.deepEqual(names(range), ['Alice Liddell'], JSON.stringify(range));
});

test('the commands write Markdown reports with the same answers', async () => {
  const r = await s.request('workspace/executeCommand', {
    command: 'aexy.matchTask',
    arguments: [{ text: 'Give bodies to three and four', uri: repo.uri('src/lib.rs') }],
  });
  assert.ok(r.report && fs.existsSync(r.report), JSON.stringify(r));
  const md = fs.readFileSync(r.report, 'utf8');
  assert.match(md, /^# Who could take: Give bodies to three and four/);
  for (const c of r.result.candidates) assert.ok(md.includes(c.person.name));
  const rv = await s.request('workspace/executeCommand', {
    command: 'aexy.suggestReviewers',
    arguments: [{ uris: [repo.uri('src/lib.rs')] }],
  });
  assert.ok(rv.result.candidates.length > 0, JSON.stringify(rv));
  assert.match(fs.readFileSync(rv.report, 'utf8'), /^# Suggested reviewers/);
});

test('a commit made while running reaches the next match (the kept model is rebuilt)', async () => {
  const ask = () => s.request('aexy/matchTask', { text: 'Teach the zeppelin docking', limit: 5 });
  const before = await ask();
  assert.equal(before.signals.byActivityAlone, true, JSON.stringify(before));
  assert.deepEqual(await ask(), before, 'the kept model answers the same');
  const head = repo.commitAs('Zoe Pilot', 'zoe@example.com', `${daysAgo(0)}T09:00:00+01:00`,
    { 'src/zeppelin.rs': 'fn dock_zeppelin() {}\n' }, 'Zeppelin docking');
  await s.until(async () => (await s.request('aexy/status')).repositories[0].head === head, 10000, 'the new commit indexed');
  const after = await s.until(async () => {
    const m = await ask();
    return !m.signals.byActivityAlone && m;
  }, 10000, 'a match for the new words');
  assert.equal(after.candidates[0].person.name, 'Zoe Pilot', JSON.stringify(after));
  assert.equal(after.signals.byActivityAlone, false);
  assert.ok(after.signals.files.some((f) => f.path === 'src/zeppelin.rs'), JSON.stringify(after.signals));
});

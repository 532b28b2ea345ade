// aexy/codeowners, aexy/teams, aexy/career, aexy/mentors, aexy/hiring and the declared owners in
// aexy/ownership, hover and code lens, against the real `aexy lsp` on a repository with a
// CODEOWNERS file: Alice writes src/ (recently), Dave wrote legacy/ years ago, and CODEOWNERS
// gives src/ to @bob (who never touched it) and legacy/ to @dave.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Session, Repo, daysAgo } from './harness.mjs';

let repo;
let s;

before(async () => {
  repo = new Repo();
  repo.commitAs('Dave Old', 'dave@example.com', '2019-03-01T10:00:00+00:00', { 'legacy/old.rs': 'fn old() {}\n' }, 'Legacy code');
  repo.commitAs('Bob Stone', 'bob@example.com', `${daysAgo(40)}T10:00:00+00:00`, { 'docs/guide.txt': 'guide\n' }, 'Guide');
  for (let i = 0; i < 4; i++) {
    repo.commitAs('Alice Liddell', 'alice@example.com', `${daysAgo(30 - i)}T10:00:00+02:00`,
      { [`src/m${i}.rs`]: `pub fn m${i}() -> u32 {\n    ${i}\n}\n` }, `Module ${i}`);
  }
  repo.commitAs('Alice Liddell', 'alice@example.com', `${daysAgo(20)}T10:00:00+02:00`,
    { '.github/CODEOWNERS': '# owners\n/legacy/ @dave\n/src/ @bob\n/nothing/ @alice\n' }, 'Add CODEOWNERS');
  s = new Session();
  await s.initialize([repo.root]);
  await s.ready();
});

after(async () => {
  const { code } = await s.stop();
  assert.equal(code, 0);
});

test('aexy/ownership, hover and code lens show the declared owners where they differ', async () => {
  const uri = repo.uri('src/m1.rs');
  const o = await s.request('aexy/ownership', { textDocument: { uri } });
  assert.deepEqual(o.declared.owners, ['@bob'], JSON.stringify(o));
  assert.deepEqual(o.declared.lines, [3]);
  assert.equal(o.declared.file, '.github/CODEOWNERS');
  assert.equal(o.declared.differs, true);
  assert.match(o.declared.note, /@bob is not among its experts; Alice Liddell \(100%\) is not declared/);
  const h = await s.hover(uri, 0);
  assert.match(h, /Declared in `\.github\/CODEOWNERS` \(line 3\): @bob — differs/);
  const lenses = await s.request('textDocument/codeLens', { textDocument: { uri } });
  const lens = await s.request('codeLens/resolve', lenses[0]);
  assert.match(lens.command.title, /CODEOWNERS: @bob \(differs\)/);
});

test('aexy/codeowners checks the file and proposes one as a diff', async () => {
  const c = await s.request('aexy/codeowners', { mode: 'check' });
  assert.equal(c.available, true, JSON.stringify(c));
  const kinds = c.details.findings.map((f) => `${f.kind}:${f.line ?? '-'}`);
  assert.ok(kinds.includes('stale:2'), kinds.join(' ')); // Dave, inactive for years
  assert.ok(kinds.includes('stale:3'), kinds.join(' ')); // Bob authors none of src/
  assert.ok(kinds.includes('undeclared:3'), kinds.join(' ')); // Alice
  assert.ok(kinds.includes('dead:4'), kinds.join(' ')); // /nothing/
  const dave = c.details.findings.find((f) => f.kind === 'stale' && f.line === 2).people[0];
  assert.equal(dave.owner, '@dave');
  assert.match(dave.detail, /^inactive for \d+ days/);
  const p = await s.request('aexy/codeowners', { textDocument: { uri: repo.uri('src/m0.rs') }, mode: 'suggest' });
  assert.match(p.details.diff, /^--- a\/\.github\/CODEOWNERS\n\+\+\+ b\/\.github\/CODEOWNERS\n/);
  assert.match(p.details.diff, /\n\+\/src\/ alice@example\.com\n/);
});

test('aexy/teams, aexy/career, aexy/mentors and aexy/hiring answer in the shared envelope', async () => {
  const t = await s.request('aexy/teams', { ask: 'src' });
  assert.equal(t.available, true);
  assert.match(t.details.answer, /Alice Liddell/);
  const c = await s.request('aexy/career', { developer: 'alice@example.com' });
  assert.equal(c.available, true, JSON.stringify(c));
  assert.equal(c.details.placement, 'contributor');
  assert.equal(c.details.target, 'developer');
  assert.ok(c.details.gaps.length > 0);
  const m = await s.request('aexy/mentors', { area: 'src' });
  assert.deepEqual(m.details.mentors.map((x) => x.name), ['Alice Liddell']);
  const none = await s.request('aexy/mentors', { area: 'nowhere' });
  assert.equal(none.available, false);
  assert.match(none.message, /no code under "nowhere"/);
  await assert.rejects(s.request('aexy/mentors', {}), (e) => e.code === -32602);
  const g = await s.request('aexy/hiring', {});
  assert.ok(Array.isArray(g.details) && g.details.length > 0, JSON.stringify(g));
  const plan = await s.request('aexy/hiring', { plan: true, top: 1 });
  assert.equal(plan.details.length, 1);
  assert.match(plan.details[0].jobDescription, /^# /);
  assert.match(plan.details[0].rubric, /Scorecard/);
  const unknown = await s.request('aexy/career', { developer: 'nobody@nowhere' });
  assert.equal(unknown.available, false);
  assert.match(unknown.message, /no developer matches/);
});

// Git workflows under a running daemon: a branch switch, an amend and a switch back, made from
// "a terminal" while the editor keeps hovering. Every hover answers (never blank), the answers
// follow the checked-out HEAD, the amended-away author leaves the team insights, and the index
// is never rebuilt (one full index, at the start).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Session, sampleRepo, daysAgo } from './harness.mjs';

test('branch switches and amends while hovering: new answers, no rebuild, never blank', async () => {
  const repo = sampleRepo();
  const s = new Session();
  // Hovers keep coming while git works, as an editor sends them; each must answer.
  let hovering = true;
  const blanks = [];
  let hovers = 0;
  try {
    await s.initialize([repo.root]);
    await s.ready();
    const uri = repo.uri('src/lib.rs');
    await s.open(uri, repo.read('src/lib.rs'));
    assert.match(await s.hover(uri, 3), /Bob Stone/);
    const pump = (async () => {
      while (hovering) {
        const h = await s.hover(uri, 3);
        hovers += 1;
        if (!h || !/Bob Stone|Alice Liddell|Dana Okafor|Eve Old|Not committed yet/.test(h)) blanks.push(h);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();

    // A branch from the first commit: line 4 is Alice's there.
    repo.git('checkout', '-q', '-b', 'feat', repo.first);
    await s.change(uri, repo.read('src/lib.rs'), 2);
    await s.until(async () => /Alice Liddell/.test(await s.hover(uri, 3)), 10000, 'the branch\'s owner');
    await s.until(async () => (await s.request('aexy/status')).repositories[0].head === repo.first,
      10000, 'status at the branch');

    // A commit on the branch, then amended by someone else.
    const lines = repo.read('src/lib.rs').split('\n');
    lines[3] = 'fn four() { 40 }';
    repo.commitAs('Dana Okafor', 'dana@example.com', `${daysAgo(1)}T09:00:00+01:00`,
      { 'src/lib.rs': lines.join('\n') }, 'Four is forty');
    await s.change(uri, repo.read('src/lib.rs'), 3);
    await s.until(async () => /Dana Okafor/.test(await s.hover(uri, 3)), 10000, 'the new commit');
    execFileSync('git', ['commit', '-q', '--amend', '--reset-author', '-m', 'Four is forty (amended)'], {
      cwd: repo.root,
      env: { ...process.env, GIT_AUTHOR_NAME: 'Eve Old', GIT_AUTHOR_EMAIL: 'eve@example.com',
        GIT_COMMITTER_NAME: 'Eve Old', GIT_COMMITTER_EMAIL: 'eve@example.com' },
    });
    const amended = repo.git('rev-parse', 'HEAD');
    await s.until(async () => /Eve Old/.test(await s.hover(uri, 3)), 10000, 'the amended commit');
    await s.until(async () => (await s.request('aexy/status')).repositories[0].head === amended,
      10000, 'status at the amended commit');
    const team = await s.request('aexy/teamInsights', { textDocument: { uri } });
    assert.ok(team.available, JSON.stringify(team));
    const teamText = JSON.stringify(team.details);
    assert.ok(teamText.includes('Eve Old'), 'the amended author counts');
    assert.ok(!teamText.includes('Dana Okafor'), 'the amended-away author counts nowhere');

    // Back to main: Bob's line again.
    repo.git('checkout', '-q', 'main');
    await s.change(uri, repo.read('src/lib.rs'), 4);
    await s.until(async () => /Bob Stone/.test(await s.hover(uri, 3)), 10000, 'main\'s owner');

    hovering = false;
    await pump;
    assert.deepEqual(blanks, [], `blank or odd hovers among ${hovers}`);
    assert.ok(hovers > 5, `only ${hovers} hovers were sent while git worked`);
    const plans = [...s.stderr.matchAll(/index plan mode=(\w+)/g)].map((m) => m[1]);
    assert.equal(plans.filter((m) => m === 'Rebuild').length, 1, `one full index only: ${plans}`);
    console.log(`# index runs: ${plans.join(', ')}; hovers while switching: ${hovers}`);
  } finally {
    hovering = false;
    await s.stop();
  }
});

test('a second worktree shares the index and answers for its own HEAD', async () => {
  const repo = sampleRepo();
  const other = path.join(path.dirname(repo.root), `${path.basename(repo.root)}-second`);
  repo.git('worktree', 'add', '-q', '-b', 'old', other, repo.first);
  const s = new Session();
  try {
    await s.initialize([repo.root, other]);
    await s.ready();
    const here = repo.uri('src/lib.rs');
    const there = `file://${path.join(other, 'src/lib.rs')}`;
    await s.open(here, repo.read('src/lib.rs'));
    await s.open(there, fs.readFileSync(path.join(other, 'src/lib.rs'), 'utf8'));
    assert.match(await s.hover(here, 3), /Bob Stone/);
    assert.match(await s.hover(there, 3) ?? s.stderr.slice(-3000), /Alice Liddell/);
    const indexes = fs.readdirSync(path.join(s.dataDir, 'indexes')).filter((f) => f.endsWith('.sqlite'));
    assert.equal(indexes.length, 1, `one index for both worktrees: ${indexes}`);
  } finally {
    await s.stop();
    fs.rmSync(other, { recursive: true, force: true });
  }
});

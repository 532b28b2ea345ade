// Several repositories in one daemon: multi-root workspaces, folders added later, a linked
// worktree watched through its own git dir, and `git gc` (refs packed) changing nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Session, sampleRepo, Repo, tempDir, daysAgo } from './harness.mjs';

test('two repositories at once, and a third added with didChangeWorkspaceFolders', async () => {
  const a = sampleRepo();
  const b = new Repo();
  b.commitAs('Zoe Quinn', 'zoe@example.com', `${daysAgo(5)}T12:00:00+09:00`, { 'main.go': 'package main\n' }, 'Go');
  const c = new Repo();
  c.commitAs('Yan Li', 'yan@example.com', `${daysAgo(2)}T12:00:00+08:00`, { 'x.py': 'print(1)\n' }, 'Py');
  const s = new Session();
  try {
    await s.initialize([a.root, b.root]);
    await s.ready();
    assert.deepEqual((await s.request('aexy/status')).repositories.map((r) => r.root).sort(), [a.root, b.root].sort());
    assert.match(await s.hover(a.uri('src/lib.rs'), 0), /Alice Liddell/);
    assert.match(await s.hover(b.uri('main.go'), 0), /Zoe Quinn/);
    await s.conn.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: pathToFileURL(c.root).href, name: 'c' }], removed: [{ uri: pathToFileURL(b.root).href, name: 'b' }] },
    });
    await s.until(async () => {
      const roots = (await s.request('aexy/status')).repositories.map((r) => r.root).sort();
      return JSON.stringify(roots) === JSON.stringify([a.root, c.root].sort());
    }, 5000, 'folders to change');
    await s.ready();
    assert.match(await s.hover(c.uri('x.py'), 0), /Yan Li/);
  } finally {
    await s.stop();
  }
});

test('a linked worktree follows its own HEAD; git gc changes nothing', async () => {
  const repo = sampleRepo();
  const wt = path.join(tempDir('aexy-wt-'), 'feature');
  repo.git('worktree', 'add', '-q', '-b', 'feature', wt);
  const s = new Session();
  try {
    await s.initialize([wt]);
    const st = await s.ready();
    assert.equal(st.repositories[0].root, wt);
    const uri = pathToFileURL(path.join(wt, 'solo.txt')).href;
    const text = 'only alice\nwrote this\nand then Pat\n';
    fs.writeFileSync(path.join(wt, 'solo.txt'), text);
    await s.open(uri, text);
    assert.match(await s.hover(uri, 2), /Not committed yet/);
    const wtRepo = Object.assign(Object.create(Repo.prototype), { root: wt });
    const start = Date.now();
    const oid = wtRepo.commitAs('Pat Kim', 'pat@example.com', `${daysAgo(0)}T08:00:00+01:00`, {}, 'Pat adds a line');
    await s.until(async () => (await s.hover(uri, 2) || '').includes('Pat Kim'), 5000, 'the worktree commit');
    console.log(`# worktree commit → hover: ${Date.now() - start} ms`);
    assert.match(await s.hover(uri, 0), /Alice Liddell/);

    // gc packs refs and objects: same HEAD, same answers, still serving.
    repo.git('gc', '-q', '--prune=now');
    await new Promise((r) => setTimeout(r, 300));
    await s.ready();
    assert.equal((await s.request('aexy/status')).repositories[0].head, oid);
    assert.match(await s.hover(uri, 2), /Pat Kim/);
    assert.match(await s.hover(uri, 1), /Alice Liddell/);
  } finally {
    await s.stop();
  }
});

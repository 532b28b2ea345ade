// Live updates: a commit made in a terminal while the daemon runs shows up in the next hover
// within a second, and code lenses are refreshed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Session, sampleRepo, daysAgo } from './harness.mjs';

test('a commit made while running shows up in the next hover in under 1 s', async () => {
  const repo = sampleRepo();
  const s = new Session();
  try {
    await s.initialize([repo.root]);
    await s.ready();
    const uri = repo.uri('src/lib.rs');
    await s.open(uri, repo.read('src/lib.rs'));
    assert.match(await s.hover(uri, 5), /Alice Liddell/);
    const refreshes = s.refreshes;

    const lines = [...repo.lines];
    lines[5] = 'fn six() { 6 }';
    fs.writeFileSync(path.join(repo.root, 'src/lib.rs'), lines.join('\n') + '\n');
    // The buffer is saved first (as an editor would), then committed from "a terminal".
    await s.change(uri, lines.join('\n') + '\n', 2);
    assert.match(await s.hover(uri, 5), /Not committed yet/);
    const start = Date.now();
    const third = repo.commitAs('Dana Okafor', 'dana@example.com', `${daysAgo(0)}T00:00:00+05:30`,
      {}, 'Six returns six');
    const md = await s.until(async () => {
      const h = await s.hover(uri, 5);
      return h && h.includes('Dana Okafor') && h;
    }, 5000, 'the new commit in a hover');
    const elapsed = Date.now() - start;
    assert.ok(md.includes(third.slice(0, 8)), md);
    assert.ok(elapsed < 1000, `commit → hover took ${elapsed} ms`);
    console.log(`# commit → hover: ${elapsed} ms`);
    await s.until(() => s.refreshes > refreshes, 5000, 'workspace/codeLens/refresh');
    const st = await s.request('aexy/status');
    await s.until(async () => (await s.request('aexy/status')).repositories[0].head === third, 5000, 'status head');
    assert.ok(st.repositories[0].commitsTotal >= 2);
  } finally {
    await s.stop();
  }
});

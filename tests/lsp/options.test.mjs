// The client options the daemon enforces itself (so plugin-less editors get them too):
// hoverDetail, codeLens, inlayHints and the privacy opt-ins, from initializationOptions and
// from workspace/didChangeConfiguration; options of the wrong kind are reported and ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Session, sampleRepo } from './harness.mjs';

const firstLine = { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } };

test('hover, lens and hints can be turned off, then back on with more detail', async () => {
  const repo = sampleRepo();
  const s = new Session();
  try {
    await s.initialize([repo.root], { hoverDetail: 'off', codeLens: false, inlayHints: false });
    await s.ready();
    const uri = repo.uri('src/lib.rs');
    await s.open(uri, repo.read('src/lib.rs'));
    assert.equal(await s.hover(uri, 2), null);
    assert.equal(await s.request('textDocument/codeLens', { textDocument: { uri } }), null);
    assert.equal(await s.request('textDocument/inlayHint', { textDocument: { uri }, range: firstLine }), null);
    // the custom request still answers: only the surfaces are off
    const o = await s.request('aexy/ownership', { textDocument: { uri }, position: { line: 2, character: 0 } });
    assert.equal(o.line.author.name, 'Bob Stone');

    const refreshes = s.refreshes;
    await s.conn.sendNotification('workspace/didChangeConfiguration', {
      settings: { aexy: { hoverDetail: 'full', codeLens: true, privacy: { showEmails: true } } },
    });
    await s.until(() => s.refreshes > refreshes, 5000, 'workspace/codeLens/refresh after the change');
    const full = await s.hover(uri, 2);
    assert.ok(full, 'hover is back');
    assert.ok(full.includes('**Bob Stone** \\<bob@example.com\\>'), full);
    for (const e of o.experts) {
      const line = `- ${e.name} ${Math.round(e.share * 100)}% \\<${e.email}\\>`;
      assert.ok(full.includes(line), `${line}\n${full}`);
    }
    assert.match(full, /- Bob Stone \d+% \\<bob@example.com\\> · active 1 week ago/);
    const lenses = await s.request('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses.length, 1);
    // inlay hints were not mentioned: they stay off
    assert.equal(await s.request('textDocument/inlayHint', { textDocument: { uri }, range: firstLine }), null);
    const r = await s.request('workspace/executeCommand', { command: 'aexy.showOwners', arguments: [{ uri }] });
    assert.match(fs.readFileSync(r.report, 'utf8'), /\| Alice Liddell \| alice@example.com \| \d+% \|/);
    assert.deepEqual(s.messages, [], 'valid options raise no warning');
  } finally {
    await s.stop();
  }
});

test('options of the wrong kind are reported and the defaults kept', async () => {
  const repo = sampleRepo();
  const s = new Session();
  try {
    await s.initialize([repo.root], { hoverDetail: 'verbose', codeLens: 'yes' });
    await s.ready();
    await s.until(() => s.messages.length >= 2, 5000, 'two warnings');
    const texts = s.messages.map((m) => m.message).join('\n');
    assert.match(texts, /ignored option: hoverDetail must be "compact", "full" or "off", not "verbose"/);
    assert.match(texts, /ignored option: codeLens must be true or false, not "yes"/);
    assert.ok(s.messages.every((m) => m.type === 2), 'warnings'); // MessageType.Warning
    const uri = repo.uri('src/lib.rs');
    const compact = await s.hover(uri, 2);
    assert.match(compact, /Experts: Alice Liddell \d+% · Bob Stone \d+% · Carol Jones \d+%/);
    assert.ok(!compact.includes('@example.com'), compact);
    assert.equal((await s.request('textDocument/codeLens', { textDocument: { uri } })).length, 1);
  } finally {
    await s.stop();
  }
});

test("someone else's sustainability signals need both the repository's and the user's opt-in", async () => {
  const repo = sampleRepo();
  repo.git('config', 'aexy.shareSignals', 'true');
  const profile = async (options) => {
    const s = new Session();
    try {
      await s.initialize([repo.root], options);
      await s.ready();
      return await s.request('aexy/profile', { textDocument: { uri: repo.uri('src/lib.rs') }, developer: 'bob@example.com' });
    } finally {
      await s.stop();
    }
  };
  const hidden = await profile(undefined);
  assert.equal(hidden.available, true, hidden.message);
  assert.equal(hidden.details.signals, null, JSON.stringify(hidden.details));
  assert.match(hidden.details.signalsVisibility, /^hidden: .*privacy\.showSignalsForOthers is off/);
  const shown = await profile({ privacy: { showSignalsForOthers: true } });
  assert.ok(shown.details.signals, JSON.stringify(shown.details));
  assert.match(shown.details.signalsVisibility, /^shown: the repository opts in/);
});

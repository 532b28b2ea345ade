// Robustness: malformed JSON, unknown methods, wrong params, URIs outside any repository,
// deleted and binary files, a folder outside any repository, and shutdown/exit while the
// client keeps stdin open. The daemon must answer correctly and keep serving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node.js';
import { Session, generatedRepo, sampleRepo, tempDir } from './harness.mjs';

test('bad input gets JSON-RPC errors or empty answers, and serving continues', async () => {
  const repo = sampleRepo();
  const outside = tempDir('aexy-not-a-repo-');
  fs.writeFileSync(path.join(outside, 'x.rs'), 'fn x() {}\n');
  const s = new Session();
  try {
    await s.initialize([repo.root, outside]);
    await s.ready();
    const uri = repo.uri('src/lib.rs');

    // A folder outside any repository: a clear message, not an error.
    await s.until(() => s.messages.find((m) => m.message.includes(outside)), 5000, 'showMessage');
    assert.equal(await s.hover(pathToFileURL(path.join(outside, 'x.rs')).href, 0), null);
    const empty = await s.request('aexy/ownership', { textDocument: { uri: pathToFileURL(path.join(outside, 'x.rs')).href } });
    assert.deepEqual(empty, { file: '', experts: [], indexing: false });

    // Malformed JSON on the wire: a parse error (id null), then business as usual.
    const body = '{"jsonrpc":"2.0","id":99,"method":';
    s.proc.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await s.until(() => s.loggedErrors.some((e) => e.includes('-32700')), 5000, 'a parse error response');
    assert.match(await s.hover(uri, 0), /Alice Liddell/);

    // Unknown method; wrong params; a non-file URI; a bad URI.
    await assert.rejects(s.request('aexy/noSuchThing', {}), (e) => e.code === -32601);
    await assert.rejects(s.request('textDocument/hover', { textDocument: 42 }), (e) => e.code === -32602);
    await assert.rejects(s.request('aexy/ownership', { textDocument: { uri: 'not a uri' } }), (e) => e.code === -32602);
    await assert.rejects(s.request('workspace/executeCommand', { command: 'aexy.nope' }), (e) => e.code === -32602);
    assert.equal(await s.hover('untitled:Untitled-1', 0), null);

    // Past the end of a file; a binary file; a deleted file; a new, uncommitted file.
    assert.equal(await s.hover(uri, 500), (await s.hover(uri, 500)));
    assert.doesNotMatch((await s.hover(uri, 500)) ?? '', /Not committed/);
    const bin = await s.request('aexy/ownership', { textDocument: { uri: repo.uri('logo.bin') }, position: { line: 0, character: 0 } });
    assert.equal(bin.file, 'logo.bin');
    assert.equal(bin.line, undefined);
    fs.rmSync(path.join(repo.root, 'solo.txt'));
    const gone = await s.request('aexy/ownership', { textDocument: { uri: repo.uri('solo.txt') }, position: { line: 0, character: 0 } });
    assert.equal(gone.line, undefined);
    assert.equal(gone.experts[0].email, 'alice@example.com');
    fs.writeFileSync(path.join(repo.root, 'new.rs'), 'fn new() {}\n');
    assert.match(await s.hover(repo.uri('new.rs'), 0), /Not committed yet/);

    // Still serving.
    assert.match(await s.hover(uri, 2), /Bob Stone/);
    assert.equal(s.proc.exitCode, null);
  } finally {
    await s.stop();
  }
});

test('$/cancelRequest answers RequestCancelled and the next request is served', async () => {
  const repo = generatedRepo(3000);
  const s = new Session();
  try {
    await s.initialize([repo.root]);
    await s.ready(60000);
    // The cancellation goes out right behind the request, long before the team insights of
    // 3,000 commits are computed; the server drops the work and answers -32800.
    const source = new CancellationTokenSource();
    const pending = s.conn.sendRequest('aexy/teamInsights', {}, source.token);
    source.cancel();
    await assert.rejects(pending, (e) => e.code === -32800);
    const t = await s.request('aexy/teamInsights', {});
    assert.equal(t.available, true, t.message);
    assert.equal(t.details.truckFactor.developers.length > 0, true, JSON.stringify(t.details.truckFactor));
    assert.equal(s.proc.exitCode, null);
  } finally {
    await s.stop();
  }
});

test('a huge file gets an empty answer quickly and the daemon keeps serving', async () => {
  const repo = sampleRepo();
  const line = 'x'.repeat(99) + '\n';
  const huge = line.repeat(90000); // 9 MB, above the daemon's 8 MB limit
  repo.commitAs('Hugo Big', 'hugo@example.com', '2025-01-01T00:00:00+00:00', { 'huge.txt': huge }, 'Huge');
  const s = new Session();
  try {
    await s.initialize([repo.root]);
    await s.ready();
    const uri = repo.uri('huge.txt');
    await s.open(uri, huge);
    const start = Date.now();
    assert.equal(await s.hover(uri, 10), null);
    assert.ok(Date.now() - start < 2000, `huge hover took ${Date.now() - start} ms`);
    assert.match(await s.hover(repo.uri('src/lib.rs'), 0), /Alice Liddell/);
  } finally {
    await s.stop();
  }
});

test('shutdown then exit ends the process promptly while stdin stays open', async () => {
  const repo = sampleRepo();
  const s = new Session();
  await s.initialize([repo.root]);
  await s.ready();
  await s.conn.sendRequest('shutdown');
  const start = Date.now();
  await s.conn.sendNotification('exit');
  // stdin is deliberately not closed.
  const timer = setTimeout(() => s.proc.kill('SIGKILL'), 5000);
  const { code, signal } = await s.exited;
  clearTimeout(timer);
  assert.equal(signal, null, 'the daemon had to be killed');
  assert.equal(code, 0);
  assert.ok(Date.now() - start < 2000, `exit took ${Date.now() - start} ms`);
  assert.ok(!s.stderr.includes('panicked'), s.stderr);
  s.conn.dispose();
});

test('exit without shutdown ends with status 1', async () => {
  const s = new Session();
  await s.initialize([]);
  await s.conn.sendNotification('exit');
  const timer = setTimeout(() => s.proc.kill('SIGKILL'), 5000);
  const { code } = await s.exited;
  clearTimeout(timer);
  assert.equal(code, 1);
  s.conn.dispose();
});

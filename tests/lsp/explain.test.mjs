// aexy/explain, the code action "Explain the history of this code" and the aexy.explain command
// against the real `aexy lsp` on the sample repository: the evidence alone when no LLM is
// configured (and no connection at all), buffer lines mapped to committed ones, and with an
// OpenAI-compatible server replayed on 127.0.0.1: the explanation streamed as
// aexy/explainProgress, e-mails never sent, $/cancelRequest closing the model's stream, the
// confirmation asked for large prompts, and --dry-run sending nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { CancellationTokenSource } from 'vscode-jsonrpc/node.js';
import { Session, sampleRepo } from './harness.mjs';

/** An OpenAI-compatible chat completions server that streams `words` one chunk each; with
 * `stall`, it sends the first chunk and then waits until the client goes away. */
function replayServer({ words, stall = false }) {
  const seen = { requests: [], closedEarly: 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', async () => {
      seen.requests.push({ url: req.url, body: JSON.parse(body) });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (t) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: t }, finish_reason: null }] })}\n\n`;
      let finished = false;
      res.on('close', () => { if (!finished) seen.closedEarly += 1; });
      for (const [i, w] of words.entries()) {
        res.write(chunk(w));
        if (stall && i === 0) return; // never ends: the client must close it
        await new Promise((r) => setTimeout(r, 20));
      }
      res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 50, completion_tokens: words.length } })}\n\n`);
      res.write('data: [DONE]\n\n');
      finished = true;
      res.end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    seen.url = `http://127.0.0.1:${server.address().port}`;
    seen.close = () => new Promise((r) => { server.closeAllConnections(); server.close(r); });
    resolve(seen);
  }));
}

let repo;
let plain;
let streaming;
let stalling;
let careful;
let replay;
let stalled;
const quiet = { AEXY_CONFIG: '/nonexistent/aexy.toml', AEXY_LLM: '' };

before(async () => {
  repo = sampleRepo();
  replay = await replayServer({ words: ['Bob gave ', 'three and four ', `bodies in [${'X'}].`] });
  stalled = await replayServer({ words: ['Once ', 'upon'], stall: true });
  const llm = (url, extra = {}) => ({ ...quiet, AEXY_LLM: 'openai:replayed', AEXY_LLM_BASE_URL: url, ...extra });
  plain = new Session({ env: quiet });
  streaming = new Session({ env: llm(replay.url) });
  stalling = new Session({ env: llm(stalled.url) });
  careful = new Session({ env: llm(replay.url, { AEXY_LLM_CONFIRM_TOKENS: '10' }) });
  for (const s of [plain, streaming, stalling, careful]) {
    await s.initialize([repo.root]);
    await s.ready();
  }
});

after(async () => {
  for (const s of [plain, streaming, stalling, careful]) assert.equal((await s.stop()).code, 0);
  await replay.close();
  await stalled.close();
});

const lib = () => repo.uri('src/lib.rs');

test('without an LLM the evidence answers alone and nothing is sent anywhere', async () => {
  const r = await plain.request('aexy/explain', { textDocument: { uri: lib() }, range: { start: 2, end: 3 }, token: 't0' });
  assert.equal(r.available, true, JSON.stringify(r));
  assert.deepEqual(r.range, { start: 3, end: 4 });
  assert.equal(r.commits[0].subject, 'Give three and four bodies');
  assert.equal(r.commits[0].commit, repo.second);
  assert.equal(r.commits[0].linesOwned, 2);
  assert.deepEqual(r.commits[0].coAuthors.map((p) => p.name), ['Carol Jones']);
  assert.equal(r.commits[1].commit, repo.first, 'the lines Bob rewrote were Alice\'s first');
  assert.match(r.commits[0].hunks[0].text, /^-fn three\(\) \{\}\n-fn four\(\) \{\}\n\+fn three\(\) \{ 3 \}\n/);
  assert.ok(r.experts.some((e) => e.name === 'Alice Liddell'), JSON.stringify(r.experts));
  assert.match(r.markdown, /Give three and four bodies/);
  assert.ok(!r.markdown.includes('@example.com'), 'no e-mail in the rendered timeline');
  assert.equal(r.explanation, null);
  assert.match(r.llm, /no LLM is configured/);
  assert.equal(replay.requests.length, 0);
});

test('edited buffer lines map to the committed ones; new lines have no history', async () => {
  const text = ['// a new comment', ...repo.lines].join('\n') + '\n';
  await plain.open(lib(), text, 1);
  const moved = await plain.request('aexy/explain', { textDocument: { uri: lib() }, range: { start: 3, end: 3 } });
  assert.deepEqual(moved.range, { start: 3, end: 3 }, 'buffer line 4 is committed line 3');
  assert.equal(moved.commits[0].commit, repo.second);
  const fresh = await plain.request('aexy/explain', { textDocument: { uri: lib() }, range: { start: 0, end: 0 } });
  assert.equal(fresh.available, false);
  assert.match(fresh.message, /not committed yet/);
  await plain.conn.sendNotification('textDocument/didClose', { textDocument: { uri: lib() } });
});

test('the code action runs the aexy.explain command, which writes and shows a report', async () => {
  const actions = await plain.request('textDocument/codeAction', {
    textDocument: { uri: lib() },
    range: { start: { line: 2, character: 0 }, end: { line: 4, character: 0 } },
    context: { diagnostics: [] },
  });
  assert.equal(actions.length, 1);
  assert.equal(actions[0].title, 'Explain the history of this code');
  assert.equal(actions[0].command.command, 'aexy.explain');
  assert.deepEqual(actions[0].command.arguments[0].range, { start: 2, end: 3 }, 'a selection ending at column 0 stops before that line');
  const before = plain.shown.length;
  const out = await plain.request('workspace/executeCommand', { command: 'aexy.explain', arguments: actions[0].command.arguments });
  assert.ok(fs.existsSync(out.report), JSON.stringify(out));
  const md = fs.readFileSync(out.report, 'utf8');
  assert.match(md, /^# Why this code is the way it is/);
  assert.match(md, /_No explanation: no LLM is configured/);
  assert.match(md, /Give three and four bodies/);
  await plain.until(() => plain.shown.length > before, 5000, 'window/showDocument');
});

test('with an LLM the explanation streams as aexy/explainProgress and no e-mail is sent', async () => {
  const pieces = [];
  streaming.conn.onNotification('aexy/explainProgress', (p) => { if (p.token === 'run-1') pieces.push(p.text); });
  const r = await streaming.request('aexy/explain', { textDocument: { uri: lib() }, range: { start: 2, end: 3 }, token: 'run-1', noCache: true });
  assert.equal(r.available, true);
  assert.ok(r.explanation, JSON.stringify(r));
  assert.equal(pieces.join(''), r.explanation.text, 'every piece arrived, in order, before the answer');
  assert.equal(r.explanation.text, 'Bob gave three and four bodies in [X].');
  assert.equal(r.explanation.endpoint, 'openai:replayed');
  assert.equal(r.explanation.outputTokens, 3);
  const sent = replay.requests.at(-1);
  assert.equal(sent.url, '/v1/chat/completions');
  assert.equal(sent.body.stream, true);
  const prompt = sent.body.messages.map((m) => m.content).join('\n');
  assert.match(prompt, /Give three and four bodies/);
  assert.match(prompt, new RegExp(`\\[${repo.second.slice(0, 10)}\\]`));
  assert.ok(!/[\w.]+@example\.com/.test(prompt), 'e-mail addresses are removed from the prompt');
  // the same question again comes from the cache: no request
  const count = replay.requests.length;
  const again = await streaming.request('aexy/explain', { textDocument: { uri: lib() }, range: { start: 2, end: 3 }, token: 'run-2' });
  assert.equal(again.explanation.cached, true);
  assert.equal(again.explanation.text, r.explanation.text);
  assert.equal(replay.requests.length, count);
});

test('$/cancelRequest ends the request and closes the model\'s stream', async () => {
  let first;
  const arrived = new Promise((resolve) => { first = resolve; });
  stalling.conn.onNotification('aexy/explainProgress', (p) => { if (p.token === 'slow') first(p.text); });
  const source = new CancellationTokenSource();
  const pending = stalling.conn.sendRequest('aexy/explain',
    { textDocument: { uri: lib() }, range: { start: 0, end: 5 }, token: 'slow', noCache: true }, source.token);
  assert.equal(await arrived, 'Once ');
  source.cancel();
  await assert.rejects(pending, (e) => e.code === -32800);
  await stalling.until(() => stalled.closedEarly === 1, 5000, 'the model connection to close');
});

test('a large prompt waits for confirmation; --dry-run shows the request and sends nothing', async () => {
  const count = replay.requests.length;
  const r = await careful.request('aexy/explain', { textDocument: { uri: lib() }, range: { start: 0, end: 5 }, noCache: true });
  assert.equal(r.explanation, null);
  assert.equal(r.confirm.threshold, 10);
  assert.ok(r.confirm.promptTokens > 10, JSON.stringify(r.confirm));
  assert.equal(r.confirm.endpoint, 'openai:replayed');
  assert.equal(replay.requests.length, count, 'nothing sent before the user agrees');
  const dry = await careful.request('aexy/explain', { textDocument: { uri: lib() }, range: { start: 0, end: 5 }, dryRun: true });
  assert.equal(dry.dryRun[0].url, `${replay.url}/v1/chat/completions`);
  assert.ok(dry.dryRun[0].promptTokens > 0);
  assert.equal(replay.requests.length, count, 'a dry run sends nothing');
  const yes = await careful.request('aexy/explain', { textDocument: { uri: lib() }, range: { start: 0, end: 5 }, confirmed: true, noCache: true });
  assert.ok(yes.explanation, JSON.stringify(yes));
  assert.equal(replay.requests.length, count + 1);
});

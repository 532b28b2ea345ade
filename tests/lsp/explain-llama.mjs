// aexy/explain through the real daemon against a real model server: llama.cpp's llama-server
// with SmolLM2-135M (started by scripts/test.d/60-llm.sh, URL in AEXY_TEST_LLAMA_URL), once per
// API it speaks (OpenAI chat completions, Anthropic Messages). Streamed pieces must add up to
// the answer, the evidence must come with it, the second ask must come from the cache, and
// $/cancelRequest must free the server's slot. Not the model's wisdom: a 135M model rambles.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource } from 'vscode-jsonrpc/node.js';
import { Session, sampleRepo } from './harness.mjs';

const url = process.env.AEXY_TEST_LLAMA_URL;
if (!url) throw new Error('AEXY_TEST_LLAMA_URL is not set: run through scripts/test.d/60-llm.sh');

const repo = sampleRepo();
const sessions = [];

async function session(provider, extra = {}) {
  const s = new Session({
    env: {
      AEXY_CONFIG: '/nonexistent/aexy.toml', AEXY_LLM: `${provider}:smollm2`, AEXY_LLM_BASE_URL: url,
      AEXY_LLM_MAX_PROMPT_TOKENS: '350', AEXY_LLM_MAX_OUTPUT_TOKENS: '16', AEXY_LLM_FIRST_TOKEN_TIMEOUT_SECS: '240',
      ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '', ...extra,
    },
  });
  sessions.push(s);
  await s.initialize([repo.root]);
  await s.ready();
  return s;
}

after(async () => {
  for (const s of sessions) assert.equal((await s.stop()).code, 0);
});

for (const provider of ['openai', 'anthropic']) {
  test(`the daemon streams an explanation through ${provider}'s API, then serves it from the cache`, async () => {
    const s = await session(provider);
    const pieces = [];
    s.conn.onNotification('aexy/explainProgress', (p) => { if (p.token === provider) pieces.push(p.text); });
    const params = { textDocument: { uri: repo.uri('src/lib.rs') }, range: { start: 2, end: 3 }, token: provider };
    const r = await s.request('aexy/explain', params);
    assert.ok(r.explanation, JSON.stringify(r.llm));
    assert.equal(r.explanation.endpoint, `${provider}:smollm2`);
    assert.ok(pieces.length > 1, 'streamed in several pieces');
    assert.equal(pieces.join(''), r.explanation.text);
    assert.ok(r.explanation.inputTokens > 50 && r.explanation.outputTokens > 0, JSON.stringify(r.explanation));
    assert.equal(r.commits[0].subject, 'Give three and four bodies', 'the evidence comes with it');
    const again = await s.request('aexy/explain', { ...params, token: 'again' });
    assert.equal(again.explanation.cached, true);
    assert.equal(again.explanation.text, r.explanation.text);
  });
}

test('$/cancelRequest stops the generation on the server', async () => {
  const s = await session('openai', { AEXY_LLM_MAX_OUTPUT_TOKENS: '400' });
  let first;
  const arrived = new Promise((resolve) => { first = resolve; });
  s.conn.onNotification('aexy/explainProgress', (p) => { if (p.token === 'long') first(); });
  const source = new CancellationTokenSource();
  const pending = s.conn.sendRequest('aexy/explain',
    { textDocument: { uri: repo.uri('src/lib.rs') }, token: 'long', noCache: true }, source.token);
  await arrived;
  source.cancel();
  await assert.rejects(pending, (e) => e.code === -32800);
  await s.until(async () => {
    const slots = await (await fetch(`${url}/slots`)).json();
    return slots.every((x) => !x.is_processing);
  }, 20000, 'llama-server to stop generating');
});

// aexy/orgExperts against the real `aexy lsp`: two real repositories synced by the real
// `aexy org sync` into an SQLite org store that one repository names in its git config
// (aexy.org.store); the other names none and is told so; an unreachable store is a message,
// not a crash; a malformed request is an error and the server stays up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Session, Repo, tempDir, daysAgo, aexyBin } from './harness.mjs';

let api;
let web;
let lone;
let s;

before(async () => {
  // no user configuration or inherited org store: only the repositories' git config counts
  const home = tempDir('aexy-lsp-org-home-');
  process.env.AEXY_CONFIG = path.join(home, 'none.toml');
  delete process.env.AEXY_ORG_STORE;
  api = new Repo();
  api.commitAs('Alice Liddell', 'alice@example.com', `${daysAgo(30)}T10:00:00+00:00`,
    { 'src/kafka/consumer.rs': 'pub struct KafkaConsumer;\nfn poll_records() {}\n' }, 'Add the Kafka consumer');
  api.commitAs('Bob Stone', 'bob@example.com', `${daysAgo(20)}T10:00:00+00:00`,
    { 'src/http/server.rs': 'fn serve_http() {}\n' }, 'HTTP server');
  web = new Repo();
  web.commitAs('Alice Liddell', 'ALICE@example.com', `${daysAgo(10)}T10:00:00+00:00`,
    { 'ui/kafka/stream.ts': 'export function kafkaConsumerStream() {}\n' }, 'Stream Kafka consumer records');
  lone = new Repo();
  lone.commitAs('Carol Jones', 'carol@example.com', `${daysAgo(5)}T10:00:00+00:00`,
    { 'notes.md': 'notes\n' }, 'Notes');
  const org = tempDir('aexy-lsp-org-');
  fs.mkdirSync(path.join(org, 'acme'));
  fs.symlinkSync(api.root, path.join(org, 'acme', 'api'));
  fs.symlinkSync(web.root, path.join(org, 'acme', 'web'));
  const store = path.join(org, 'org.sqlite');
  const dataDir = tempDir('aexy-lsp-data-');
  execFileSync(aexyBin, ['org', 'sync', org, '--store', store, '--json'], {
    env: { ...process.env, AEXY_DATA_DIR: dataDir }, encoding: 'utf8',
  });
  api.git('config', 'aexy.org.store', store);
  web.git('config', 'aexy.org.store', 'postgres://nobody@127.0.0.1:1/none');
  s = new Session({ dataDir });
  await s.initialize([api.root, web.root, lone.root]);
  await s.ready();
});

after(async () => {
  const { code } = await s.stop();
  assert.equal(code, 0);
});

test('aexy/orgExperts names who knows the text across repositories', async () => {
  const r = await s.request('aexy/orgExperts', {
    textDocument: { uri: api.uri('src/http/server.rs') }, text: 'kafka consumer', limit: 5,
  });
  assert.equal(r.available, true, JSON.stringify(r));
  assert.equal(r.message, null);
  assert.equal(r.experts.length, 1, JSON.stringify(r));
  const [alice] = r.experts;
  assert.equal(alice.person.name, 'Alice Liddell');
  assert.ok(alice.score > 0 && alice.score <= 1, JSON.stringify(alice));
  // one person with two addresses, in both repositories, with the files as reasons
  assert.deepEqual(alice.repositories.map((x) => x.repository).sort(), ['acme/api', 'acme/web']);
  const apiEvidence = alice.repositories.find((x) => x.repository === 'acme/api');
  assert.deepEqual(apiEvidence.files, ['src/kafka/consumer.rs']);
  assert.equal(apiEvidence.subjects, true);
  const http = await s.request('aexy/orgExperts', { textDocument: { uri: api.uri('src/http/server.rs') }, text: 'http server' });
  assert.equal(http.experts[0].person.name, 'Bob Stone', JSON.stringify(http));
});

test('aexy/orgExperts says why when no org store is configured or reachable', async () => {
  const none = await s.request('aexy/orgExperts', { textDocument: { uri: lone.uri('notes.md') }, text: 'kafka' });
  assert.equal(none.available, false);
  assert.match(none.message, /no org store configured/);
  assert.deepEqual(none.experts, []);
  const down = await s.request('aexy/orgExperts', { textDocument: { uri: web.uri('ui/kafka/stream.ts') }, text: 'kafka' });
  assert.equal(down.available, false);
  assert.match(down.message, /connecting to the PostgreSQL org store/);
  assert.ok(!down.message.includes('nobody@'), 'the URL is not repeated');
  await assert.rejects(s.request('aexy/orgExperts', { limit: 'many' }), (e) => e.code === -32602);
  // the server is still up and answering
  const again = await s.request('aexy/orgExperts', { textDocument: { uri: api.uri('src/http/server.rs') }, text: 'kafka' });
  assert.equal(again.available, true);
});

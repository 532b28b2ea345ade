// Test harness for `aexy lsp`: builds real git repositories with the git CLI in temp dirs and
// drives the real binary over stdio through vscode-jsonrpc / vscode-languageserver-protocol.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver-protocol/node.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');

/** The binary under test: $AEXY_BIN, else the workspace's debug build. */
export const aexyBin = process.env.AEXY_BIN || path.join(repoRoot, 'target', 'debug', 'aexy');

/** The protocol version, read from the Rust source so the test cannot drift from it. */
export function protocolVersion() {
  const src = fs.readFileSync(path.join(repoRoot, 'protocol', 'src', 'lib.rs'), 'utf8');
  return /PROTOCOL_VERSION: &str = "([^"]+)"/.exec(src)[1];
}

export function tempDir(prefix) {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/** A real git repository in a temp dir. */
export class Repo {
  constructor() {
    this.root = tempDir('aexy-lsp-repo-');
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.name', 'Test Runner');
    this.git('config', 'user.email', 'runner@example.com');
    this.git('config', 'commit.gpgsign', 'false');
  }

  git(...args) {
    return execFileSync('git', args, { cwd: this.root, encoding: 'utf8', env: this.env }).trim();
  }

  /** Writes `files` ({path: text|Buffer}) and commits them as `name <email>` at `date` (with offset). */
  commitAs(name, email, date, files, message) {
    for (const [rel, content] of Object.entries(files)) {
      const file = path.join(this.root, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
    this.git('add', '-A');
    execFileSync('git', ['commit', '-q', '-m', message], {
      cwd: this.root,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email, GIT_COMMITTER_DATE: date,
      },
    });
    return this.git('rev-parse', 'HEAD');
  }

  uri(rel) {
    return pathToFileURL(path.join(this.root, rel)).href;
  }

  read(rel) {
    return fs.readFileSync(path.join(this.root, rel), 'utf8');
  }
}

/** A running `aexy lsp` with a connected client that records what the server sends. */
export class Session {
  constructor({ dataDir = tempDir('aexy-lsp-data-'), args = [], env = {} } = {}) {
    this.dataDir = dataDir;
    this.proc = spawn(aexyBin, ['lsp', ...args], {
      env: { ...process.env, AEXY_DATA_DIR: dataDir, AEXY_LOG: 'debug', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => { this.stderr += d; });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
    this.loggedErrors = [];
    const logger = {
      error: (m) => this.loggedErrors.push(m), warn: () => {}, info: () => {}, log: () => {},
    };
    this.conn = createProtocolConnection(
      new StreamMessageReader(this.proc.stdout), new StreamMessageWriter(this.proc.stdin), logger);
    this.progress = [];
    this.messages = [];
    this.shown = [];
    this.refreshes = 0;
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('workspace/codeLens/refresh', () => { this.refreshes += 1; return null; });
    this.conn.onRequest('workspace/inlayHint/refresh', () => null);
    this.conn.onRequest('window/showDocument', (p) => { this.shown.push(p); return { success: true }; });
    this.conn.onNotification('$/progress', (p) => this.progress.push(p));
    this.conn.onNotification('window/showMessage', (p) => this.messages.push(p));
    this.conn.onNotification('window/logMessage', () => {});
    this.conn.onError(() => {});
    this.conn.listen();
  }

  async initialize(folders, initializationOptions) {
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: folders.map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) })),
      initializationOptions,
      capabilities: {
        window: { workDoneProgress: true, showDocument: { support: true } },
        workspace: { codeLens: { refreshSupport: true }, inlayHint: { refreshSupport: true }, workspaceFolders: true },
        textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } },
      },
    });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  open(uri, text, version = 1) {
    return this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'rust', version, text },
    });
  }

  change(uri, text, version) {
    return this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version }, contentChanges: [{ text }],
    });
  }

  async hover(uri, line) {
    const h = await this.conn.sendRequest('textDocument/hover', {
      textDocument: { uri }, position: { line, character: 0 },
    });
    return h ? h.contents.value : null;
  }

  request(method, params) {
    return this.conn.sendRequest(method, params);
  }

  /** Waits until `pred()` is truthy (polling), failing after `ms`. */
  async until(pred, ms = 10000, what = 'condition') {
    const start = Date.now();
    for (;;) {
      const v = await pred();
      if (v) return v;
      if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}\n--- server stderr ---\n${this.stderr.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Waits until every repository reports `ready`. */
  ready(ms = 20000) {
    return this.until(async () => {
      const s = await this.request('aexy/status');
      return s.repositories.length > 0 && s.repositories.every((r) => r.state === 'ready') && s;
    }, ms, 'indexing to finish');
  }

  async stop() {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch { /* already gone */ }
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    const r = await this.exited;
    clearTimeout(t);
    this.conn.dispose();
    return r;
  }
}

/** A repository of `n` commits by 25 authors over 300 files in 40 directories, written in one
 * `git fast-import` run (3,000 commits take half a second): big enough that the insights take
 * a while to compute. */
export function generatedRepo(n) {
  const repo = new Repo();
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const stream = [];
  for (let i = 0; i < n; i++) {
    const who = `Dev ${i % 25} <dev${i % 25}@example.com> ${1700000000 + i * 3600} +0000`;
    const lines = Array.from({ length: 30 }, (_, k) => `line ${k} of file ${i % 300} rev ${k === i % 30 ? i : 0}`);
    stream.push(`commit refs/heads/main\nmark :${i + 1}\nauthor ${who}\ncommitter ${who}\n`
      + data(`Change ${i} in module ${i % 40}`) + (i > 0 ? `from :${i}\n` : '')
      + `M 644 inline src/m${i % 40}/f${i % 300}.rs\n` + data(lines.join('\n') + '\n'));
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: repo.root, input: stream.join('') });
  repo.git('checkout', '-q', 'main');
  return repo;
}

/** "YYYY-MM-DD" of the day `days` before today (UTC). */
export function daysAgo(days) {
  return new Date(Date.now() - days * 86400000).toISOString().slice(0, 10);
}

/** The generated repository most tests use: two authors in different offsets, a co-author,
 * a single-expert file, a file nobody touched for years, and a binary file. Dates are recent so
 * the "inactive" signal only fires where it should. */
export function sampleRepo() {
  const repo = new Repo();
  repo.old = repo.commitAs('Eve Old', 'eve@example.com', '2019-05-01T08:00:00+00:00',
    { 'legacy.txt': 'written long ago\n' }, 'Legacy notes');
  const lines = ['fn one() {}', 'fn two() {}', 'fn three() {}', 'fn four() {}', 'fn five() {}', 'fn six() {}'];
  repo.aliceDay = daysAgo(40);
  repo.first = repo.commitAs('Alice Liddell', 'alice@example.com', `${repo.aliceDay}T10:00:00+02:00`,
    { 'src/lib.rs': lines.join('\n') + '\n', 'solo.txt': 'only alice\nwrote this\n' }, 'Start the library');
  lines[2] = 'fn three() { 3 }';
  lines[3] = 'fn four() { 4 }';
  repo.bobDay = daysAgo(10);
  repo.second = repo.commitAs('Bob Stone', 'bob@example.com', `${repo.bobDay}T16:30:00-05:00`,
    { 'src/lib.rs': lines.join('\n') + '\n', 'logo.bin': Buffer.from([0, 159, 146, 150, 0, 1, 2, 3]) },
    'Give three and four bodies\n\nCo-authored-by: Carol Jones <carol@example.com>');
  repo.lines = lines;
  return repo;
}

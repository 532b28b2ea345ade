// Benchmark of `aexy lsp` on a real repository:
//   node tests/lsp/bench.mjs PATH [--hovers N] [--blames N] [--matches N] [--commit] [--data-dir DIR]
// Hover latency p50/p99 over N hovers on random lines of random text files (warm), against
// `git blame -L n,n --porcelain` per hover on a sample of the same lines; time from `git commit`
// to a hover showing it (only with --commit: it commits to PATH, so use a scratch clone); and
// the daemon's RSS once idle; with --matches N, the first `aexy/matchTask` (which builds the
// matching model) and N more with other texts (the last N commit subjects: the kept model), and
// the RSS with the model kept. Prints a Markdown table.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Session } from './harness.mjs';

const args = process.argv.slice(2);
const root = fs.realpathSync(args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--'))) || '.');
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt; };
const hovers = opt('--hovers', 1000);
const blames = opt('--blames', 100);
const matches = opt('--matches', 0);
const doCommit = args.includes('--commit');
const dataIdx = args.indexOf('--data-dir');
const dataDir = dataIdx >= 0 ? args[dataIdx + 1] : undefined;

// Deterministic pseudo-random numbers (mulberry32) so runs pick the same lines.
let seed = 42;
const rand = () => { seed |= 0; seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const ms = (x) => `${x.toFixed(2)} ms`;

const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 })
  .split('\0').filter(Boolean)
  .filter((f) => { try { const st = fs.statSync(path.join(root, f)); return st.isFile() && st.size > 0 && st.size < 200_000; } catch { return false; } })
  .filter((f) => !fs.readFileSync(path.join(root, f)).subarray(0, 8000).includes(0));
const texts = new Map();
const pick = () => {
  const f = files[Math.floor(rand() * files.length)];
  if (!texts.has(f)) texts.set(f, fs.readFileSync(path.join(root, f), 'utf8'));
  const n = texts.get(f).split('\n').length - 1 || 1;
  return { file: f, line: Math.floor(rand() * n) };
};
const samples = Array.from({ length: hovers }, pick);

const s = new Session(dataDir ? { dataDir } : {});
const t0 = Date.now();
await s.initialize([root]);
await s.ready(3_600_000);
const indexSecs = (Date.now() - t0) / 1000;
console.error(`ready after ${indexSecs}s`);
const status = (await s.request('aexy/status')).repositories[0];

// Like an editor: at most 20 buffers open, the oldest closed first.
const opened = [];
const hover = async ({ file, line }) => {
  const uri = pathToFileURL(path.join(root, file)).href;
  if (!opened.includes(uri)) {
    opened.push(uri);
    await s.open(uri, texts.get(file));
    if (opened.length > 20) await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: opened.shift() } });
  }
  const start = performance.now();
  const h = await s.hover(uri, line);
  return { ms: performance.now() - start, ok: h !== null };
};
for (const x of samples.slice(0, Math.min(50, hovers))) await hover(x); // warm-up
const lat = [];
let answered = 0;
for (const x of samples) { const r = await hover(x); lat.push(r.ms); answered += r.ok ? 1 : 0; }

console.error('hovers done');
const blameLat = [];
for (const { file, line } of samples.slice(0, blames)) {
  const start = performance.now();
  spawnSync('git', ['blame', '-L', `${line + 1},${line + 1}`, '--porcelain', '--', file], { cwd: root });
  blameLat.push(performance.now() - start);
}

console.error('blames done');
let commitMs = null;
if (doCommit) {
  const file = samples[0].file;
  const full = path.join(root, file);
  const text = texts.get(file) + '// aexy bench marker\n';
  fs.writeFileSync(full, text);
  const uri = pathToFileURL(full).href;
  await s.change(uri, text, 2);
  const line = text.split('\n').length - 2;
  execFileSync('git', ['add', file], { cwd: root });
  const start = Date.now();
  execFileSync('git', ['-c', 'user.name=Bench Marker', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'bench marker'], { cwd: root });
  await s.until(async () => (await s.hover(uri, line) || '').includes('Bench Marker'), 30000, 'the bench commit');
  commitMs = Date.now() - start;
}

await new Promise((r) => setTimeout(r, 2000));
const procStatus = fs.readFileSync(`/proc/${s.proc.pid}/status`, 'utf8');
const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(procStatus)?.[1] ?? 0) / 1024;
const rss = kb('VmRSS');

let matchFirst = null;
const matchLat = [];
let rssKept = null;
if (matches > 0) {
  const subjects = execFileSync('git', ['log', '--no-merges', '--format=%s', '-n', String(matches + 1)], { cwd: root, encoding: 'utf8' })
    .split('\n').filter(Boolean);
  const ask = async (text) => {
    const start = performance.now();
    const r = await s.request('aexy/matchTask', { text, limit: 5 });
    if (!r.available) throw new Error(`matchTask: ${r.message}`);
    return performance.now() - start;
  };
  matchFirst = await ask(subjects[0]);
  for (const text of subjects.slice(1)) matchLat.push(await ask(text));
  const st = fs.readFileSync(`/proc/${s.proc.pid}/status`, 'utf8');
  rssKept = Number(/VmRSS:\s+(\d+)/.exec(st)?.[1] ?? 0) / 1024;
}
await s.stop();

console.log(`| ${path.basename(root)} | ${status.commitsTotal} commits, ${files.length} text files |`);
console.log('|---|---|');
console.log(`| ready after start (index build or open) | ${indexSecs.toFixed(1)} s |`);
console.log(`| hover p50 / p99 (${hovers} warm hovers, ${answered} with an answer) | ${ms(pct(lat, 50))} / ${ms(pct(lat, 99))} |`);
console.log(`| git blame -L n,n --porcelain p50 / p99 (${blameLat.length} of the same lines) | ${ms(pct(blameLat, 50))} / ${ms(pct(blameLat, 99))} |`);
if (commitMs !== null) console.log(`| git commit → hover shows it | ${commitMs} ms |`);
console.log(`| daemon RSS, idle (anonymous + file-backed) | ${rss.toFixed(0)} MB (${kb('RssAnon').toFixed(0)} + ${kb('RssFile').toFixed(0)}) |`);
if (matchFirst !== null) {
  console.log(`| aexy/matchTask, first (builds the matching model) | ${ms(matchFirst)} |`);
  console.log(`| aexy/matchTask p50 / max (${matchLat.length} more texts, model kept) | ${ms(pct(matchLat, 50))} / ${ms(Math.max(...matchLat))} |`);
  console.log(`| daemon RSS with the matching model kept | ${rssKept.toFixed(0)} MB |`);
}

// Load and soak of `aexy lsp`: several daemons (one per client, as several editors) share one
// index of a real repository and each gets a stream of mixed requests — hovers, ownership,
// code lenses, inlay hints, status, match and profile requests — sent in bursts, a share of
// them cancelled with $/cancelRequest right after sending. RSS of every daemon is sampled.
//
//   node tests/lsp/load.mjs PATH [--clients 4] [--requests 100000] [--burst 16]
//        [--cancel 0.2] [--data-dir DIR] [--json]
//
// Prints a Markdown table (or JSON with --json): requests by kind with p50/p99 latency,
// cancellations, errors, and RSS per daemon at start (ready, warm), peak and end.
// `load.test.mjs` runs it small on every test run; figures for the README come from a release
// build on a real repository.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node.js';
import { Session, tempDir } from './harness.mjs';

/** Runs the load; returns the measurements. */
export async function load({ root, clients = 4, requests = 100_000, burst = 16, cancel = 0.2, dataDir, log = () => {} }) {
  root = fs.realpathSync(root);
  dataDir = dataDir || tempDir('aexy-load-data-');
  // Deterministic pseudo-random numbers (mulberry32) so runs send the same mix.
  let seed = 15;
  const rand = () => { seed |= 0; seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };

  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 })
    .split('\0').filter(Boolean)
    .filter((f) => { try { const st = fs.statSync(path.join(root, f)); return st.isFile() && st.size > 0 && st.size < 200_000; } catch { return false; } })
    .filter((f) => !fs.readFileSync(path.join(root, f)).subarray(0, 8000).includes(0))
    .slice(0, 2000);
  const subjects = execFileSync('git', ['log', '--no-merges', '--format=%s', '-n', '200'], { cwd: root, encoding: 'utf8' })
    .split('\n').filter(Boolean);
  const developers = execFileSync('git', ['log', '--format=%ae', '-n', '500'], { cwd: root, encoding: 'utf8' })
    .split('\n').filter(Boolean);
  const texts = new Map();
  const text = (f) => { if (!texts.has(f)) texts.set(f, fs.readFileSync(path.join(root, f), 'utf8')); return texts.get(f); };

  // The mix: [kind, weight, make(session, file, line) -> [method, params]].
  const doc = (f) => ({ uri: pathToFileURL(path.join(root, f)).href });
  const mix = [
    ['hover', 50, (f, l) => ['textDocument/hover', { textDocument: doc(f), position: { line: l, character: 0 } }]],
    ['ownership', 20, (f, l) => ['aexy/ownership', { textDocument: doc(f), position: { line: l, character: 0 } }]],
    ['codeLens', 10, (f) => ['textDocument/codeLens', { textDocument: doc(f) }]],
    ['inlayHint', 10, (f) => ['textDocument/inlayHint', { textDocument: doc(f), range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } } }]],
    ['status', 8, () => ['aexy/status', {}]],
    ['matchTask', 1.9, () => ['aexy/matchTask', { text: subjects[Math.floor(rand() * subjects.length)] || 'fix', limit: 5 }]],
    // A profile reads a developer's whole history (seconds on a large repository): rare.
    ['profile', 0.1, () => ['aexy/profile', { developer: developers[Math.floor(rand() * developers.length)] }]],
  ];
  const total = mix.reduce((a, m) => a + m[1], 0);
  const pick = () => { let x = rand() * total; for (const m of mix) { x -= m[1]; if (x <= 0) return m; } return mix[0]; };

  const rssOf = (pid) => { try { return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024; } catch { return 0; } };

  const started = Date.now();
  const sessions = Array.from({ length: clients }, () => new Session({ dataDir }));
  await Promise.all(sessions.map((s) => s.initialize([root])));
  await Promise.all(sessions.map((s) => s.ready(3_600_000)));
  const readySecs = (Date.now() - started) / 1000;
  log(`${clients} daemons ready after ${readySecs.toFixed(1)} s`);
  // Warm-up: each opens 20 files and asks a little of everything once.
  const opened = sessions.map(() => []);
  const openFile = async (i, f) => {
    const list = opened[i];
    if (list.includes(f)) return;
    list.push(f);
    await sessions[i].open(pathToFileURL(path.join(root, f)).href, text(f));
    if (list.length > 20) {
      const old = list.shift();
      await sessions[i].conn.sendNotification('textDocument/didClose', { textDocument: doc(old) });
    }
  };
  for (let i = 0; i < clients; i++) {
    for (const m of mix) {
      const f = files[Math.floor(rand() * files.length)];
      await openFile(i, f);
      const [method, params] = m[2](f, 0);
      await sessions[i].request(method, params);
    }
  }
  const rss = sessions.map((s) => ({ start: rssOf(s.proc.pid), peak: 0, end: 0 }));
  const sample = () => sessions.forEach((s, i) => { rss[i].peak = Math.max(rss[i].peak, rssOf(s.proc.pid)); });
  const sampler = setInterval(sample, 500);

  const lat = Object.fromEntries(mix.map((m) => [m[0], []]));
  const timeline = []; // [requests sent, RSS of each daemon in MB], every tenth of the soak
  const mark = Math.max(1, Math.round(requests / 10));
  let nextMark = mark;
  const counts = { sent: 0, answered: 0, cancelled: 0, cancelledButAnswered: 0, errors: 0 };
  const errors = [];
  const perClient = Math.ceil(requests / clients);
  const soakStart = Date.now();
  await Promise.all(sessions.map(async (s, i) => {
    let sent = 0;
    while (sent < perClient) {
      const n = Math.min(burst, perClient - sent);
      const inflight = [];
      for (let k = 0; k < n; k++) {
        const m = pick();
        const f = files[Math.floor(rand() * files.length)];
        if (m[0] === 'hover' || m[0] === 'ownership' || m[0] === 'codeLens') await openFile(i, f);
        const lines = text(f).split('\n').length - 1 || 1;
        const [method, params] = m[2](f, Math.floor(rand() * lines));
        const source = new CancellationTokenSource();
        const willCancel = rand() < cancel;
        const t0 = performance.now();
        inflight.push(s.conn.sendRequest(method, params, source.token).then(
          () => { if (willCancel) counts.cancelledButAnswered++; else { lat[m[0]].push(performance.now() - t0); counts.answered++; } },
          (e) => {
            if (willCancel && e?.code === -32800) counts.cancelled++;
            else { counts.errors++; if (errors.length < 5) errors.push(`${method}: ${e?.code} ${e?.message}`); }
          },
        ));
        if (willCancel) source.cancel();
        counts.sent++;
      }
      await Promise.all(inflight);
      sent += n;
      if (counts.sent >= nextMark) {
        nextMark += mark;
        timeline.push([counts.sent, sessions.map((x) => Math.round(rssOf(x.proc.pid)))]);
        log(`${counts.sent} requests, RSS ${timeline.at(-1)[1].join('/')} MB`);
      }
    }
  }));
  const soakSecs = (Date.now() - soakStart) / 1000;
  clearInterval(sampler);
  sample();
  // Still responsive, nothing queued: one status each, answered at once.
  const after = [];
  for (const s of sessions) { const t0 = performance.now(); await s.request('aexy/status', {}); after.push(performance.now() - t0); }
  sessions.forEach((s, i) => { rss[i].end = rssOf(s.proc.pid); });
  const exits = [];
  for (const s of sessions) exits.push(await s.stop());
  const pct = (xs, p) => { if (!xs.length) return null; const a = [...xs].sort((x, y) => x - y); return a[Math.min(a.length - 1, Math.floor((p / 100) * a.length))]; };
  const all = Object.values(lat).flat();
  return {
    repository: path.basename(root), files: files.length, clients, requests: counts.sent, burst, cancelShare: cancel,
    readySecs, soakSecs, throughput: counts.sent / soakSecs,
    ...counts, errorSamples: errors,
    latency: Object.fromEntries(Object.entries(lat).map(([k, v]) => [k, { n: v.length, p50: pct(v, 50), p99: pct(v, 99) }])),
    overall: { n: all.length, p50: pct(all, 50), p99: pct(all, 99) },
    statusAfterMs: Math.max(...after),
    rss, timeline, exits,
  };
}

function table(r) {
  const ms = (x) => (x === null ? '—' : `${x.toFixed(2)} ms`);
  const out = [];
  out.push(`| ${r.repository}: ${r.clients} daemons on one index, ${r.requests.toLocaleString('en')} requests in bursts of ${r.burst}, ${Math.round(r.cancelShare * 100)}% cancelled | |`);
  out.push('|---|---|');
  out.push(`| soak | ${r.soakSecs.toFixed(1)} s, ${Math.round(r.throughput).toLocaleString('en')} requests/s |`);
  out.push(`| answered / cancelled / answered before the cancel arrived / errors | ${r.answered} / ${r.cancelled} / ${r.cancelledButAnswered} / ${r.errors} |`);
  out.push(`| all answered requests p50 / p99 | ${ms(r.overall.p50)} / ${ms(r.overall.p99)} |`);
  for (const [k, v] of Object.entries(r.latency)) out.push(`| ${k} (${v.n}) p50 / p99 | ${ms(v.p50)} / ${ms(v.p99)} |`);
  out.push(`| aexy/status right after the soak (slowest daemon) | ${ms(r.statusAfterMs)} |`);
  r.rss.forEach((x, i) => out.push(`| daemon ${i + 1} RSS start / peak / end | ${x.start.toFixed(0)} / ${x.peak.toFixed(0)} / ${x.end.toFixed(0)} MB |`));
  if (r.timeline.length) out.push(`| RSS along the soak (requests: MB per daemon) | ${r.timeline.map(([n, m]) => `${Math.round(n / 1000)}k: ${m.join('/')}`).join('; ')} |`);
  return out.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
  const root = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--'))) || '.';
  const r = await load({
    root,
    clients: Number(opt('--clients', 4)),
    requests: Number(opt('--requests', 100_000)),
    burst: Number(opt('--burst', 16)),
    cancel: Number(opt('--cancel', 0.2)),
    dataDir: opt('--data-dir', undefined),
    log: (m) => console.error(m),
  });
  console.log(args.includes('--json') ? JSON.stringify(r, null, 2) : table(r));
  if (r.errors > 0) { console.error(r.errorSamples.join('\n')); process.exitCode = 1; }
}

// The insights webview page in Debian's Chromium under its real CSP (renderHtml from the
// compiled extension code, dist/webview.js and media/webview.css): the charts each section draws
// from inputs shaped like the insights layer's JSON, and no CSP violation.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { launch } from "./workbench.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, "..");
const { renderHtml } = createRequire(import.meta.url)(path.join(root, "out", "html.js"));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aexy-webview-"));
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function render(kind, data) {
  const file = path.join(dir, `${kind}.html`);
  fs.writeFileSync(file, renderHtml({
    cspSource: "file:",
    nonce: "dGVzdG5vbmNl",
    styleUri: pathToFileURL(path.join(root, "media", "webview.css")).href,
    scriptUri: pathToFileURL(path.join(root, "dist", "webview.js")).href,
    kind,
    title: kind,
    data,
  }));
  const page = await browser.newPage();
  const violations = [];
  page.on("console", (m) => { if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text()); });
  page.on("pageerror", (e) => violations.push(String(e)));
  await page.goto(pathToFileURL(file).href);
  await page.locator("main[data-rendered=true]").waitFor({ timeout: 10_000 });
  return { page, violations };
}

const grid = Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, h) => (d < 5 && h >= 9 && h < 18 ? d + 1 : 0)));
const prof = (level, score, lines) => ({ level, score, lines, weightedLines: lines, files: 3, lastUsed: 0 });

test("profile: heatmap, languages coloured by level, areas, signals as signals", async () => {
  const { page, violations } = await render("profile", {
    developer: "Alice Liddell",
    languages: [{ name: "Rust", proficiency: prof("expert", 0.9, 900) }, { name: "Go", proficiency: prof("novice", 0.1, 40) }],
    frameworks: [{ name: "tokio", kind: "framework", proficiency: prof("advanced", 0.7, 300) }],
    libraries: [],
    areas: [{ directory: "src/parser/", authoredFiles: 4, proficiency: prof("advanced", 0.6, 500) }],
    heatmap: { cells: grid, max: 5 },
    trajectory: [{ quarter: "2025Q1", lines: 100 }, { quarter: "2025Q2", lines: 300 }],
    signals: { kind: "signals", note: "Signals compared with your own baseline, not a verdict", commits: 12,
      offHours: { overall: 0.25, recent: 0.3, baseline: 0.2 }, weekend: { overall: 0.1, recent: null, baseline: null },
      lateNight: { overall: 0.05, recent: null, baseline: null } },
  });
  assert.equal(await page.locator("h1").innerText(), "Alice Liddell");
  assert.equal(await page.locator("#heatmap rect.cell").count(), 7 * 24);
  assert.equal(await page.locator("#heatmap rect.cell:not(.empty)").count(), 5 * 9);
  assert.equal(await page.locator("#languages rect.bar.c4").count(), 1, "Rust is expert (c4)");
  assert.equal(await page.locator("#languages rect.bar.c1").count(), 1, "Go is novice (c1)");
  assert.match(await page.locator("#areas").innerText(), /src\/parser\//);
  assert.match(await page.locator("#frameworks").innerText(), /tokio/);
  const sig = await page.locator("#signals").innerText();
  assert.match(sig, /not a verdict/);
  assert.match(sig, /off hours/);
  assert.match(sig, /25%/);
  assert.equal(await page.locator("#trajectory polyline.series").count(), 1);
  assert.deepEqual(violations, []);
  await page.close();
});

test("team: truck factor with its coverage trace, directories, silos, hotspots, coupling, velocity", async () => {
  const { page, violations } = await render("team", {
    scope: { path: null, commits: 6, developers: 3, files: 3, consideredFiles: 2 },
    truckFactor: { value: 1, developers: [{ name: "Alice Liddell", email: "alice@example.com", authoredFiles: 2 }], coverage: [1, 0.4], files: 3 },
    directories: [{ directory: "src/", truckFactor: { value: 1 } }, { directory: "docs/", truckFactor: { value: 3 } }],
    silos: { files: 2, fileList: [{ path: "src/parser.rs", author: { name: "Alice Liddell", email: "a@x" } }, { path: "src/net/socket.rs", author: { name: "Bob Builder", email: "b@x" } }], directories: [] },
    orphaned: [{ path: "legacy/old.rs", authors: [{ name: "Dave Old", email: "d@x" }], lastActive: "2023-01-01T00:00:00+00:00" }],
    heatmap: { cells: grid, max: 5 },
    aiShare: { overall: { commits: 10, aiCommits: 2, share: 0.2, agents: { Claude: 2 } }, byDirectory: { src: { commits: 8, aiCommits: 2, share: 0.25, agents: {} }, docs: { commits: 2, aiCommits: 0, share: 0, agents: {} } } },
    hotspots: [{ path: "src/parser.rs", revisions: 3, churn: 20, complexity: { total: 7, mean: 1, max: 2, lines: 9 }, score: 21 }],
    coupling: [{ a: "src/a.rs", b: "src/b.rs", shared: 5, revsA: 6, revsB: 7, degree: 77 }],
    velocity: { weeks: [{ week: "2025-W01", commits: 3 }, { week: "2025-W02", commits: 5 }], trend: {} },
  });
  assert.match(await page.locator("#truck-factor").innerText(), /Truck factor[\s\S]*1\s+Alice Liddell/);
  assert.equal(await page.locator("#truck-factor circle.dot").count(), 2, "one point per removal step");
  assert.equal(await page.locator("#truck-factor line.reference").count(), 1, "the 50% line");
  assert.equal(await page.locator("#directories rect.bar.c4").count(), 1, "src/ sits in one head (red)");
  assert.match(await page.locator("#silos").innerText(), /2 files or directories[\s\S]*Alice Liddell/);
  assert.match(await page.locator("#orphaned").innerText(), /1 file whose authors have all been inactive/);
  assert.match(await page.locator("#hotspots").innerText(), /src\/parser\.rs/);
  assert.match(await page.locator("#coupling").innerText(), /src\/a\.rs ↔ src\/b\.rs[\s\S]*77%/);
  assert.equal(await page.locator("#velocity circle.dot").count(), 2);
  assert.match(await page.locator("main > p.muted").first().innerText(), /6 commits · 3 developers · 2 of 3 files considered/);
  assert.equal(await page.locator("#team-heatmap rect.cell:not(.empty)").count(), 45);
  const ai = await page.locator("#ai-share").innerText();
  assert.match(ai, /20% of 10 commits/);
  assert.match(ai, /src[\s\S]*25%/);
  assert.doesNotMatch(ai, /docs/, "directories without AI-assisted commits are not drawn");
  assert.deepEqual(violations, []);
  await page.close();
});

test("an answer with nothing to chart says so instead of drawing an empty page", async () => {
  const { page, violations } = await render("team", { unrelated: true });
  assert.match(await page.locator("main").innerText(), /sent no insights/);
  assert.deepEqual(violations, []);
  await page.close();
});

test("hostile names and paths from the history render as text: no element, no script, no request", async () => {
  const evil = "Eve <img src=x onerror=\"window.__pwned=1\"> <script>window.__pwned=2</script> [pwn](command:aexy.reindex) \u001b[2J \u202egnp.exe";
  const path = "src/<svg onload=window.__pwned=3>.rs";
  const { page, violations } = await render("team", {
    scope: { path: null, commits: 2, developers: 1, files: 1, consideredFiles: 1 },
    truckFactor: { value: 1, developers: [{ name: evil, email: "e@x", authoredFiles: 1 }], coverage: [1, 0.4], files: 1 },
    directories: [{ directory: path, truckFactor: { value: 1 } }],
    silos: { files: 1, fileList: [{ path, author: { name: evil, email: "e@x" } }], directories: [] },
    orphaned: [{ path, authors: [{ name: evil, email: "e@x" }], lastActive: "2023-01-01T00:00:00+00:00" }],
    hotspots: [{ path, revisions: 3, churn: 20, complexity: { total: 7, mean: 1, max: 2, lines: 9 }, score: 21 }],
    coupling: [{ a: path, b: "src/b.rs", shared: 5, revsA: 6, revsB: 7, degree: 77 }],
  });
  const text = await page.locator("main").textContent();
  assert.ok(text.includes("Eve <img src=x"), "the name shows, as text");
  assert.ok(text.includes("src/<svg onload="), "the path shows, as text");
  assert.equal(await page.locator("main img, main script, main svg[onload], main a[href^='command:']").count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, "no injected code ran");
  assert.deepEqual(violations, []);
  await page.close();
});

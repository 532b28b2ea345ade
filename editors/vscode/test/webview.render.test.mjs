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

test("profile with a career: placement, gaps with evidence, the learning path and its mentor", async () => {
  const { page, violations } = await render("profile", {
    developer: "Dan Junior",
    languages: [{ name: "Rust", proficiency: prof("intermediate", 0.5, 300) }],
    career: {
      developer: { name: "Dan Junior", email: "dan@example.com" },
      ladder: "aexy", placement: "developer", placementTitle: "Developer", target: "senior", targetTitle: "Senior developer",
      gaps: [{ label: "expert areas ≥ 1", category: "depth", met: false, alternatives: [
        { requirement: "expert areas ≥ 1", metric: "expert_areas", min: 1, effectiveMin: 1, value: 0, met: false, evidence: "closest: src/net (1 of 2 needed)" }] }],
      roles: [],
      path: { steps: [{ area: "src/net", why: "4 commits changed it together with code you work on", helps: ["expert areas ≥ 1"],
        readFirst: [{ path: "src/net/conn.rs", why: "changed together with your src/core/a.rs in 3 commits" }],
        mentor: { name: "Erin Mentor", email: "erin@example.com", authored: 3, of: 4, lastCommit: "2024-02-28", active: true, goToAreas: ["src/net"], overloaded: false, why: "authors 3 of 4 files, active 2 days ago, go-to person for 1 area" },
        also: [] }], notes: ["active months ≥ 6: comes with time and steady work, not with one area"] },
      asOf: "2024-03-01T00:00:00+00:00",
    },
  });
  const career = await page.locator("#career").innerText();
  assert.match(career, /Placed at Developer[\s\S]*toward Senior developer/);
  assert.match(career, /expert areas ≥ 1[\s\S]*closest: src\/net \(1 of 2 needed\)/);
  const path = await page.locator("#learning-path").innerText();
  assert.match(path, /src\/net/);
  assert.match(path, /src\/net\/conn\.rs — changed together with your src\/core\/a\.rs/);
  assert.match(path, /Mentor: Erin Mentor/);
  assert.match(path, /comes with time/);
  assert.deepEqual(violations, []);
  await page.close();
});

test("CODEOWNERS, teams and hiring pages show the daemon's findings", async () => {
  let { page, violations } = await render("codeowners", {
    file: ".github/CODEOWNERS", dialect: "github", dialectReason: "its location (.github/CODEOWNERS)", rules: 4, files: 12, coveredFiles: 10, rejectedByHost: true,
    findings: [
      { kind: "syntax", severity: "error", line: 4, pattern: "/docs/", people: [], files: 0, examples: [], message: "`bad` is not a valid owner" },
      { kind: "stale", severity: "warning", line: 1, pattern: "/legacy/", people: [{ name: "Dave Gone", email: "d@x", owner: "@dave", detail: "inactive for 730 days" }], files: 1, examples: ["legacy/old.rs"], message: "1 of the declared owners no longer knows this code" },
    ],
    unresolved: [], teamsWithoutMembers: [],
  });
  assert.match(await page.locator("h1").innerText(), /CODEOWNERS: \.github\/CODEOWNERS/);
  assert.match(await page.locator("main").innerText(), /GitHub ignores this file/);
  const findings = await page.locator("#findings").innerText();
  assert.match(findings, /stale[\s\S]*\/legacy\/[\s\S]*Dave Gone: inactive for 730 days/);
  assert.equal(await page.locator("#findings rect.bar").count(), 2, "one bar per kind");
  assert.deepEqual(violations, []);
  await page.close();
  ({ page, violations } = await render("teams", {
    teams: [{ name: "web", members: [{ name: "Bob Builder", email: "b@x", active: true }], membersDeclared: true, files: 3, siloFiles: 3, orphanedFiles: 0, authoredByMembers: 1, truckFactor: { value: 1 } }],
    shared: [{ team: "web", heldBy: "api", files: 1, people: ["Carol"] }], filesWithoutTeam: 0, inactiveDays: 365,
  }));
  assert.equal(await page.locator("#team-truck-factors rect.bar.c4").count(), 1, "a team whose code sits in one head is red");
  assert.match(await page.locator("#teams-table").innerText(), /web[\s\S]*Bob Builder[\s\S]*100%/);
  assert.match(await page.locator("#shared").innerText(), /web[\s\S]*api[\s\S]*Carol/);
  assert.deepEqual(violations, []);
  await page.close();
  ({ page, violations } = await render("hiring", [
    { kind: "no-active-expert", subject: "legacy", risk: 6, fragility: 1, files: 6, recentChanges: 0, holders: [{ name: "Dave Gone", detail: "inactive for 730 days" }], evidence: ["none of the 1 authors committed in the last 365 days"], languages: ["Rust"], frameworks: [], areas: ["legacy"], examples: [] },
  ]));
  assert.match(await page.locator("#gaps").innerText(), /no-active-expert[\s\S]*legacy[\s\S]*Dave Gone/);
  assert.deepEqual(violations, []);
  await page.close();
});

/**
 * Unit tests of the extension's pure parts (no VS Code needed): status text, the webview's CSP
 * and JSON embedding, git porcelain parsing, candidate shapes and the insights extractors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { summarize, describe, percent } from "../statusText";
import { embedJson, renderHtml } from "../html";
import { parsePorcelainZ } from "../git";
import { candidates } from "../protocol";
import { toBars, toGrid, labelOf, measureOf } from "../webview/extract";
import { explainHtml } from "../explainHtml";

test("status summary: indexing shows the slowest repository's percentage", () => {
  const s = summarize({
    version: "0.1.0",
    repositories: [
      { root: "/a", state: "indexing", commitsIndexed: 50, commitsTotal: 200 },
      { root: "/b", state: "indexing", commitsIndexed: 9, commitsTotal: 10 },
    ],
  });
  assert.equal(s.text, "$(sync~spin) aexy indexing 25%");
  assert.equal(s.indexing, true);
});

test("status summary: ready repositories add up their commits; errors warn", () => {
  const ready = summarize({ version: "0.1.0", repositories: [{ root: "/a", state: "ready", commitsIndexed: 1200 }, { root: "/b", state: "ready", commitsIndexed: 34 }] });
  assert.equal(ready.text, "$(git-commit) aexy 1,234 commits");
  const err = summarize({ version: "0.1.0", repositories: [{ root: "/a", state: "error", message: "boom" }] });
  assert.equal(err.error, true);
  assert.equal(describe({ root: "/a", state: "error", commitsIndexed: 3, head: "0123456789abcdef", message: "boom" }), "error · 3 commits at 0123456789 — boom");
  assert.equal(percent({ root: "/a", state: "indexing", commitsIndexed: 1, commitsTotal: 3 }), 33);
  assert.equal(percent({ root: "/a", state: "indexing", commitsIndexed: 1, commitsTotal: 0 }), undefined);
});

test("webview html: strict CSP, nonce'd script, data cannot close its script element", () => {
  const html = renderHtml({ cspSource: "vscode-resource:", nonce: "N0NCE", styleUri: "s.css", scriptUri: "w.js", kind: "team", title: "<t>", data: { x: "</script><script>alert(1)</script>" } });
  const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? "";
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-N0NCE'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
  assert.equal((html.match(/<\/script>/g) ?? []).length, 2, "only the two real script elements close");
  assert.match(html, /<title>&lt;t&gt;<\/title>/);
  assert.deepEqual(JSON.parse(embedJson({ a: "<&>" })), { a: "<&>" });
});

test("git porcelain -z: modified, untracked and renamed paths", () => {
  const out = " M src/a.rs\0?? new file.txt\0R  to.rs\0from.rs\0A  b.rs\0";
  assert.deepEqual(parsePorcelainZ(out), ["src/a.rs", "new file.txt", "to.rs", "b.rs"]);
});

test("candidates: the protocol's candidates and the draft's matches", () => {
  const c = { person: { name: "Ann", email: "a@x" }, score: 0.5, reasons: ["r"] };
  assert.deepEqual(candidates({ available: true, candidates: [c] }), [c]);
  assert.deepEqual(candidates({ matches: [{ developer: c.person, score: 0.5, reasons: ["r"] }] }), [c]);
  assert.deepEqual(candidates({ available: false, message: "later" }), []);
});

test("insights extractors: heatmap grids, labels, measures, levels", () => {
  const grid = toGrid([{ weekday: 0, hour: 9, count: 2 }, { weekday: 0, hour: 9, count: 1 }, { weekday: 6, hour: 23, count: 4 }]);
  assert.equal(grid?.[0][9], 3);
  assert.equal(grid?.[6][23], 4);
  assert.equal(toGrid({ cells: [[1, 2]] })?.[0][1], 2);
  assert.equal(toGrid([{ weekday: 9, hour: 1, count: 1 }]), undefined);
  assert.equal(labelOf({ path: "src/", value: 1 }), "src/");
  assert.equal(labelOf({ developer: { name: "Bo" } }), "Bo");
  assert.equal(measureOf({ truckFactor: 2, files: 9 }), 2);
  const bars = toBars([{ name: "Rust", lines: 900, level: "expert" }, { name: "Go", lines: 10, level: "novice" }, { name: "none" }]);
  assert.deepEqual(bars.map((b) => [b.label, b.value, b.tone]), [["Rust", 900, 4], ["Go", 10, 1]]);
});

test("explain panel: no script may run and model or commit text is escaped", () => {
  const html = explainHtml("vscode-webview://x", {
    title: "src/a.rs lines 1–2",
    streamed: "<img src=x onerror=alert(1)> & more",
    status: ["Written by openai:m"],
    timelineText: "### a <script>",
    done: true,
  });
  assert.match(html, /default-src 'none'/);
  assert.doesNotMatch(html, /script-src/);
  assert.doesNotMatch(html, /<img|<script>/);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt; &amp; more/);
  assert.match(html, /<body data-done="true">/);
});

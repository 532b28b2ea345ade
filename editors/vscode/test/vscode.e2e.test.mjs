// End-to-end test of the packaged extension in a real VS Code (code-server) driven through
// Debian's Chromium: status bar, hover, code lens, command results, the team-insights webview,
// restart of a killed daemon and the missing-daemon message, on a generated repository.
// Env: AEXY_BIN, CODE_SERVER, NODE24, VSIX; AEXY_SCREENSHOTS (dir) to keep screenshots.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { startIssueServer } from "../../test-support/issue-server.mjs";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { startCodeServer } from "./codeserver.mjs";
import { answerInputBox, launch, openFile, openWorkbench, runCommand, statusText, toggleSetting, webviewFrame } from "./workbench.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set (run scripts/test.d/40-vscode.sh)`);
  return v;
};
const shots = process.env.AEXY_SCREENSHOTS;
const home = fs.mkdtempSync(path.join(os.tmpdir(), "aexy-vscode-"));
const repo = path.join(home, "repo");
const pidFile = path.join(home, "daemon.pid");
let cs, browser, page, jira, replay;

/** Waits until `fn` returns a truthy value or throws after `ms`. */
async function until(fn, ms, what) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ""}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function notifications() {
  return (await page.locator(".notification-toast .notification-list-item-message").allInnerTexts()).join("\n");
}

async function clearNotifications() {
  await runCommand(page, "Notifications: Clear All Notifications");
}

before(async () => {
  execFileSync("bash", [path.join(here, "../../test-support/make-repo.sh"), repo]);
  // an OpenAI-compatible model replayed on 127.0.0.1 for the explain panel
  const portFile = path.join(home, "llm-port");
  replay = spawn("python3", [path.join(here, "../../test-support/llm-replay.py"), portFile], { stdio: "ignore" });
  const port = await until(() => fs.existsSync(portFile) && fs.readFileSync(portFile, "utf8").trim(), 10_000, "the replayed model");
  // The daemon runs through a wrapper that records its pid, so the test can kill exactly it.
  const wrapper = path.join(home, "aexy-wrapper.sh");
  fs.writeFileSync(wrapper, `#!/bin/sh\necho $$ >> ${JSON.stringify(pidFile)}\nexec ${JSON.stringify(env("AEXY_BIN"))} "$@"\n`, { mode: 0o755 });
  // A Jira Cloud on 127.0.0.1 for "Who should take this issue?" (the daemon inherits the env).
  jira = await startIssueServer();
  cs = await startCodeServer({
    bin: env("CODE_SERVER"),
    node24: env("NODE24"),
    vsix: env("VSIX"),
    home,
    env: {
      XDG_DATA_HOME: path.join(home, "data"),
      XDG_CACHE_HOME: path.join(home, "cache"),
      ...jira.env,
      AEXY_LLM: "openai:replayed",
      AEXY_LLM_BASE_URL: `http://127.0.0.1:${port}`,
      AEXY_CONFIG: path.join(home, "no-config.toml"),
    },
    // In a remote window (code-server is one) VS Code reads machine-scoped settings from the
    // remote machine's settings only: the user settings' value is dropped at their next write.
    machineSettings: { "aexy.path": wrapper },
    settings: {
      "workbench.startupEditor": "none",
      "workbench.secondarySideBar.defaultVisibility": "hidden",
      "chat.disableAIFeatures": true,
      "editor.hover.delay": 200,
      "editor.codeLens": true,
      "git.enabled": false,
      "extensions.ignoreRecommendations": true,
      "security.workspace.trust.enabled": false,
    },
  });
  browser = await launch();
  page = await openWorkbench(browser, cs.url, repo);
});

after(async () => {
  jira?.close();
  replay?.kill();
  await browser?.close();
  cs?.stop();
  if (cs && process.env.AEXY_KEEP !== "1") fs.rmSync(home, { recursive: true, force: true });
});

test("the status bar reports the indexed repository", async () => {
  await openFile(page, "src/parser.rs");
  const text = await until(async () => {
    const t = await statusText(page);
    return /aexy 6 commits/.test(t) ? t : undefined;
  }, 60_000, "the status bar to show 6 indexed commits");
  assert.match(text, /aexy 6 commits/);
});

/** Shows the hover for `line` of the active editor; resolves its text once it contains `expect`. */
async function hoverAt(line, expect) {
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+G");
  await page.keyboard.type(String(line));
  await page.keyboard.press("Enter");
  return until(async () => {
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+K");
    await page.keyboard.press("Control+I");
    const h = page.locator(".monaco-hover:visible .hover-contents, .monaco-hover:visible .rendered-markdown").first();
    await h.waitFor({ timeout: 3_000 });
    const t = await h.innerText();
    return t.includes(expect) ? t : undefined;
  }, 45_000, `a hover on line ${line} containing ${expect}`);
}

test("the hover on a line names its last author and commit, line by line", async () => {
  await openFile(page, "src/parser.rs");
  // Line 3 was last changed by "Split parser tokens on ASCII whitespace" (June 2025, +02:00).
  const l3 = await hoverAt(3, "Split parser tokens on ASCII whitespace");
  assert.match(l3, /Alice Liddell/);
  assert.match(l3, /2025-06-02 09:20 \+02:00/, "the date in the author's own offset");
  assert.doesNotMatch(l3, /Bob Builder/, "Bob never touched src/parser.rs");
  // Line 8 comes from the earlier "Parse number tokens in the expression parser".
  const l8 = await hoverAt(8, "Parse number tokens in the expression parser");
  assert.doesNotMatch(l8, /Split parser tokens/);
  assert.match(l8, /2025-03-10 14:30 \+01:00/);
  if (shots) await page.screenshot({ path: path.join(shots, "hover.png"), clip: { x: 340, y: 30, width: 820, height: 300 } });
  await page.keyboard.press("Escape");
});

test("the code lens at the top of a file names its expert", async () => {
  await openFile(page, "src/net/socket.rs");
  const lens = await until(async () => {
    const texts = await page.locator(".monaco-editor .codelens-decoration").allInnerTexts();
    return texts.find((t) => t.includes("Bob Builder"));
  }, 45_000, "a code lens naming Bob Builder");
  assert.match(lens, /Bob Builder/);
  assert.doesNotMatch(lens, /Alice Liddell/, "Alice never touched src/net/socket.rs");
});

test("clicking the code lens runs aexy.showOwners; its report opens through window/showDocument", async () => {
  await openFile(page, "src/net/socket.rs");
  await page.locator(".monaco-editor .codelens-decoration a", { hasText: "Bob Builder" }).first().click();
  const tab = page.locator('.tab[aria-label*="owners-src_net_socket.rs.md"]').first();
  await tab.waitFor({ timeout: 30_000 });
  const text = (await page.locator(".monaco-editor .view-lines").first().innerText()).replace(/\u00a0/g, " ");
  assert.match(text, /Owners of/);
  assert.match(text, /Bob Builder/);
});

test("changed settings reach the running daemon without restarting it", async () => {
  const pids = () => fs.readFileSync(pidFile, "utf8").trim().split("\n").map(Number);
  const running = pids();
  await openFile(page, "src/parser.rs");
  assert.doesNotMatch(await hoverAt(3, "Alice Liddell"), /alice@example\.com/, "e-mails are hidden by default");
  await toggleSetting(page, "aexy.privacy.showEmails");
  await openFile(page, "src/parser.rs");
  assert.match(await hoverAt(3, "alice@example.com"), /Alice Liddell/);
  await toggleSetting(page, "aexy.privacy.showEmails");
  await toggleSetting(page, "aexy.codeLens.enabled");
  await openFile(page, "src/net/socket.rs");
  await until(async () => (await page.locator(".monaco-editor .codelens-decoration").count()) === 0, 30_000, "the code lenses to go away");
  await toggleSetting(page, "aexy.codeLens.enabled");
  await openFile(page, "src/net/socket.rs");
  await until(async () => {
    const texts = await page.locator(".monaco-editor .codelens-decoration").allInnerTexts();
    return texts.some((t) => t.includes("Bob Builder"));
  }, 30_000, "the code lens to come back");
  assert.deepEqual(pids(), running, "the daemon was not restarted");
});

test("'aexy: Show status' lists the repository and its index state", async () => {
  await runCommand(page, "aexy: Show status");
  const rows = page.locator(".quick-input-widget .quick-input-list .monaco-list-row");
  const text = await until(async () => {
    const all = (await rows.allInnerTexts()).join("\n");
    return all.includes(fs.realpathSync(repo)) ? all : undefined;
  }, 20_000, "the status quick pick");
  assert.match(text, /ready/);
  assert.match(text, /6 commits/);
  await page.keyboard.press("Escape");
});

test("'aexy: Who should do this task?' ranks the parser's author first", async (t) => {
  await clearNotifications();
  await runCommand(page, "aexy: Who should do this task?");
  await answerInputBox(page, "Who should do this task", "Fix a crash when the expression parser reads number tokens");
  const outcome = await until(async () => {
    const rows = await page.locator(".quick-input-widget .quick-input-list .monaco-list-row").allInnerTexts();
    if (rows.some((r) => /score/.test(r))) return { rows };
    const n = await notifications();
    if (/aexy: who should do/.test(n)) return { notice: n };
    return undefined;
  }, 30_000, "match results or the daemon's answer");
  if (outcome.notice) {
    // The daemon answered `available: false`: the extension must say so, with its message.
    assert.match(outcome.notice, /not available|not yet|matching/i);
    t.skip(`the daemon does not serve aexy/matchTask yet: ${outcome.notice.split("\n")[0]}`);
    return;
  }
  assert.match(outcome.rows[0], /Alice Liddell/);
  await page.keyboard.press("Escape");
});

test("'aexy: Who should take this issue?' fetches the Jira issue and ranks who knows its file", async () => {
  await clearNotifications();
  await runCommand(page, "aexy: Who should take this issue?");
  await answerInputBox(page, "Who should take this issue", "AX-1");
  const rows = await until(async () => {
    const r = await page.locator(".quick-input-widget .quick-input-list .monaco-list-row").allInnerTexts();
    if (r.some((x) => /score/.test(x))) return r;
    const n = await notifications();
    if (/aexy: who should take/.test(n)) throw new Error(n);
    return undefined;
  }, 30_000, "candidates for the issue");
  assert.match(rows[0], /Alice Liddell/, rows.join("\n"));
  const title = await page.locator(".quick-input-widget .quick-input-title").innerText();
  assert.match(title, /AX-1: The parser drops number tokens/);
  assert.ok(jira.requests.some((u) => u.startsWith("/rest/api/3/issue/AX-1")), jira.requests.join("\n"));
  await page.keyboard.press("Escape");
});

test("'Who should do this task?' from a tab's context menu counts that file's experts", async () => {
  await clearNotifications();
  await openFile(page, "src/net/socket.rs");
  const input = page.locator(".quick-input-widget .quick-input-box input");
  // should the click still be dropped, open the menu again (unless the input box, slow under
  // load, has come up meanwhile)
  const asking = page.locator(".quick-input-widget .quick-input-title", { hasText: "Who should do this task" });
  await until(async () => {
    if (await asking.isVisible()) return true;
    await page.keyboard.press("Escape");
    await page.locator('.tab.active[aria-label*="socket.rs"]').first().click({ button: "right" });
    const item = page.locator(".monaco-menu .action-label", { hasText: "Who should do this task?" }).first();
    await item.waitFor({ timeout: 10_000 });
    // the menu ignores a click that comes too soon after it opened
    await item.hover();
    await page.waitForTimeout(500);
    await item.click();
    await asking.waitFor({ timeout: 10_000 });
    return true;
  }, 60_000, "the task input from the tab's context menu");
  assert.match(await asking.innerText(), /on src\/net\/socket\.rs/);
  await input.waitFor();
  // no text: who knows this file best
  await page.keyboard.press("Enter");
  const rows = await until(async () => {
    const r = await page.locator(".quick-input-widget .quick-input-list .monaco-list-row").allInnerTexts();
    return r.some((x) => /score/.test(x)) ? r : undefined;
  }, 30_000, "match results for the file");
  assert.match(rows[0], /Bob Builder/, rows.join("\n"));
  assert.ok(!rows.some((r) => /Alice Liddell/.test(r)), rows.join("\n"));
  await page.keyboard.press("Escape");
});

test("'aexy: Suggest reviewers for my changes' ranks the file's expert and leaves the author out", async (t) => {
  fs.appendFileSync(path.join(repo, "src/net/socket.rs"), "// retry on connection reset\n");
  try {
    await clearNotifications();
    await runCommand(page, "aexy: Suggest reviewers for my changes");
    const outcome = await until(async () => {
      const rows = await page.locator(".quick-input-widget .quick-input-list .monaco-list-row").allInnerTexts();
      if (rows.some((r) => /score/.test(r))) return { rows };
      const n = await notifications();
      if (/aexy: reviewers/.test(n)) return { notice: n };
      return undefined;
    }, 30_000, "reviewer suggestions or the daemon's answer");
    if (outcome.notice) {
      assert.match(outcome.notice, /not available|not yet|not in this build/i);
      t.skip(`the daemon does not serve aexy/suggestReviewers yet: ${outcome.notice.split("\n")[0]}`);
      return;
    }
    assert.match(outcome.rows[0], /Bob Builder/);
    // The repository's user.email is Alice's: she is the change's author.
    assert.ok(!outcome.rows.some((r) => /Alice Liddell/.test(r)), outcome.rows.join("\n"));
    await page.keyboard.press("Escape");
  } finally {
    execFileSync("git", ["-C", repo, "checkout", "--", "src/net/socket.rs"]);
  }
});

test("'Explain the history of this code' streams into a panel, then the evidence", async () => {
  await openFile(page, "src/parser.rs");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+G");
  await page.keyboard.type("2");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Shift+ArrowDown");
  await page.keyboard.press("Shift+ArrowDown");
  await runCommand(page, "aexy: Explain the history of this code");
  const frame = webviewFrame(page);
  await frame.locator('body[data-done="true"]').waitFor({ timeout: 60_000 });
  const text = await frame.locator("body").innerText();
  assert.match(text, /src\/parser\.rs lines 2–3/);
  assert.match(text, /Alice split the parser's tokens on ASCII whitespace\./, "the streamed explanation");
  assert.match(text, /Written by openai:replayed from the evidence below/);
  assert.match(text, /Split parser tokens on ASCII whitespace/, "the evidence timeline");
  assert.match(text, /Add the expression parser/);
  assert.doesNotMatch(text, /Parse number tokens/, "lines 2–3 only");
  if (shots) await page.screenshot({ path: path.join(shots, "explain.png") });
  await runCommand(page, "View: Close All Editors");
});

test("'aexy: Team insights' renders charts in a themed webview", async (t) => {
  await clearNotifications();
  await runCommand(page, "aexy: Team insights");
  const outcome = await until(async () => {
    const frames = await page.locator("iframe.webview.ready").count();
    if (frames > 0) return { webview: true };
    const n = await notifications();
    if (/aexy: team insights/.test(n)) return { notice: n };
    return undefined;
  }, 60_000, "the team-insights webview or the daemon's answer");
  if (outcome.notice) {
    assert.match(outcome.notice, /not available|not yet|insights/i);
    t.skip(`the daemon does not serve aexy/teamInsights yet: ${outcome.notice.split("\n")[0]}`);
    return;
  }
  const frame = webviewFrame(page);
  await frame.locator("main[data-rendered=true]").waitFor({ timeout: 30_000 });
  const tf = frame.locator("section#truck-factor");
  await tf.waitFor({ timeout: 10_000 });
  const value = Number(await tf.locator(".number").innerText());
  assert.ok(Number.isInteger(value) && value >= 1 && value <= 3, `truck factor ${value} of a 3-author repository`);
  // The named developers are people of the repository (names, not indices or e-mails only).
  const named = (await tf.locator(".big .muted").innerText()).split(",").map((s) => s.trim()).filter(Boolean);
  assert.equal(named.length, value);
  for (const n of named) assert.ok(["Alice Liddell", "Bob Builder", "Carol Danvers"].includes(n), n);
  assert.ok((await frame.locator("section svg.chart").count()) >= 1, "at least one chart");
  // Themed: the bars take their colour from VS Code's --vscode-charts-* variables.
  const fill = await frame.locator("svg.chart rect.bar, svg.chart polyline.series").first().evaluate((e) => getComputedStyle(e).fill + "|" + getComputedStyle(e).stroke);
  assert.doesNotMatch(fill, /^(none|rgb\(0, 0, 0\))\|(none|rgb\(0, 0, 0\))$/);
  if (shots) await page.screenshot({ path: path.join(shots, "team-insights.png"), clip: { x: 345, y: 30, width: 830, height: 870 } });
});

test("'aexy: Show profile of…' renders a developer's heatmap and languages", async (t) => {
  await clearNotifications();
  await runCommand(page, "aexy: Show profile of…");
  await answerInputBox(page, "Show profile of", "bob@example.com");
  const outcome = await until(async () => {
    const tab = await page.locator('.tab[aria-label*="aexy: bob@example.com"]').count();
    if (tab > 0) return { webview: true };
    const n = await notifications();
    if (/aexy: bob@example.com's profile/.test(n)) return { notice: n };
    return undefined;
  }, 60_000, "the profile webview or the daemon's answer");
  if (outcome.notice) {
    assert.match(outcome.notice, /not available|not yet|not in this build/i);
    t.skip(`the daemon does not serve aexy/profile yet: ${outcome.notice.split("\n")[0]}`);
    return;
  }
  const frame = webviewFrame(page);
  await frame.locator("main[data-rendered=true]").waitFor({ timeout: 30_000 });
  assert.equal(await frame.locator("h1").innerText(), "Bob Builder");
  // Bob's two commits: Monday 09:00 and Monday 16:45, in his own -05:00 offset.
  assert.equal(await frame.locator("#heatmap rect.cell:not(.empty)").count(), 2);
  assert.match(await frame.locator("#languages").innerText(), /Rust/);
  // the career part (aexy/career): Bob is a contributor; the path leads to the parser, taught by Alice
  assert.match(await frame.locator("#career").innerText(), /Placed at Contributor[\s\S]*toward Developer/);
  const learning = await frame.locator("#learning-path").innerText();
  assert.match(learning, /src[\s\S]*src\/parser\.rs/);
  assert.match(learning, /Mentor: Alice Liddell/);
  if (shots) await page.screenshot({ path: path.join(shots, "profile.png"), clip: { x: 345, y: 30, width: 830, height: 870 } });
});

test("a daemon that dies is restarted and serves again", async () => {
  const pids = () => fs.readFileSync(pidFile, "utf8").trim().split("\n").map(Number);
  const first = pids();
  const victim = first[first.length - 1];
  process.kill(victim, "SIGKILL");
  const next = await until(() => {
    const now = pids();
    return now.length > first.length ? now[now.length - 1] : undefined;
  }, 30_000, "a restarted daemon");
  assert.notEqual(next, victim);
  const text = await until(async () => {
    const t = await statusText(page);
    return /aexy 6 commits/.test(t) ? t : undefined;
  }, 30_000, "the restarted daemon to answer aexy/status");
  assert.match(text, /6 commits/);
});

test("a missing executable gets a clear message and a way to the install steps", async () => {
  await clearNotifications();
  // The executable goes away (uninstalled); the user restarts the daemon.
  fs.rmSync(path.join(home, "aexy-wrapper.sh"));
  await runCommand(page, "aexy: Restart the daemon");
  const n = await until(async () => {
    const all = await notifications();
    return /not an executable/.test(all) ? all : undefined;
  }, 30_000, "the missing-daemon notification").catch(async (e) => {
    if (shots) await page.screenshot({ path: path.join(shots, "missing-daemon-failure.png") });
    throw e;
  });
  assert.match(n, /aexy-wrapper\.sh/);
  assert.ok(await page.locator(".notification-toast a.monaco-button, .notification-toast .monaco-button", { hasText: "Install steps" }).count() >= 1);
  assert.match(await statusText(page), /not installed/);
});

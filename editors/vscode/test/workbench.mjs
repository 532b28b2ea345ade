// Drives the VS Code workbench in Debian's Chromium through playwright-core: open a folder and a
// file, run palette commands, read the hover, the code lens, quick picks and webview content.
import { chromium } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
}

/** Opens `folder` in the workbench and waits until it is ready. */
export async function openWorkbench(browser, url, folder) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
  await page.locator(".monaco-workbench").waitFor({ timeout: 90_000 });
  await page.locator(".statusbar").waitFor({ timeout: 60_000 });
  return page;
}

/** Runs a palette command by its title ("aexy: Team insights"). */
export async function runCommand(page, title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget .quick-input-box input");
  await input.waitFor();
  await input.fill(`>${title}`);
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first();
  await row.waitFor({ timeout: 20_000 });
  await page.keyboard.press("Enter");
}

/** Answers the input box titled `title` (waiting for it, not for the palette it was opened
 * from, which may still be closing under load) with `text` and Enter. */
export async function answerInputBox(page, title, text) {
  await page
    .locator(".quick-input-widget .quick-input-title", { hasText: title })
    .waitFor({ state: "visible", timeout: 30_000 });
  await page.locator(".quick-input-widget .quick-input-box input").fill(text);
  await page.keyboard.press("Enter");
}

/** Opens a file of the folder through Quick Open and waits for its editor. */
export async function openFile(page, relPath) {
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget .quick-input-box input");
  await input.waitFor();
  await input.fill(relPath);
  const base = relPath.split("/").pop();
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: base }).first();
  await row.waitFor({ timeout: 20_000 });
  await row.click();
  await page.locator(`.tab.active[aria-label*="${base}"]`).first().waitFor({ timeout: 20_000 });
  await page.locator(".monaco-editor .view-lines").first().waitFor();
}

/** Text of the status bar item contributed by the extension. */
export async function statusText(page) {
  const item = page.locator('.statusbar-item[id="aexy.aexy.status"], .statusbar-item[id$="aexy.status"]').first();
  await item.waitFor({ timeout: 30_000 });
  return (await item.innerText()).trim();
}

/** The innermost frame of the active webview (VS Code nests the page in two iframes). */
export function webviewFrame(page) {
  return page.frameLocator("iframe.webview.ready").frameLocator("iframe#active-frame");
}

/** Flips the boolean user setting `id` ("aexy.codeLens.enabled") in the Settings editor, as a
 * user would, waits until settings.json has it and closes the editor again. */
export async function toggleSetting(page, id) {
  await runCommand(page, "Preferences: Open User Settings");
  const search = page.locator(".settings-editor .suggest-input-container");
  await search.waitFor({ timeout: 20_000 });
  await search.click();
  await page.keyboard.type(`@id:${id}`);
  const box = page.locator(`.settings-editor [data-key="${id}"] .setting-value-checkbox`).first();
  await box.waitFor({ timeout: 20_000 });
  // A setting written to settings.json is marked "is-configured" (and loses the mark once set
  // back to its default). The search results re-render for a moment after they appear, which
  // can swallow a click: click again until the mark flips.
  const row = page.locator(`.settings-editor [data-key="${id}"]`).first();
  const configured = async () => /\bis-configured\b/.test((await row.getAttribute("class")) ?? "");
  const before = await configured();
  for (let attempt = 0; attempt < 5 && (await configured()) === before; attempt++) {
    await box.click();
    for (let i = 0; i < 20 && (await configured()) === before; i++) await page.waitForTimeout(100);
  }
  if ((await configured()) === before) throw new Error(`${id} was not written`);
  await page.keyboard.press("Control+W");
}

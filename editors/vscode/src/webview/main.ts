/**
 * Webview entry: reads the inert JSON the extension embedded and renders the profile or the
 * team-insights page. Runs under a nonce-only CSP, touches no network.
 */
import { isObj } from "./extract";
import { renderCareer, renderCodeowners, renderHiring, renderTeams } from "./people";
import { renderProfile, renderTeam } from "./sections";
import { el } from "./svg";

function main(): void {
  const app = document.getElementById("app");
  const raw = document.getElementById("aexy-data")?.textContent ?? "null";
  if (!app) return;
  app.textContent = "";
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    app.appendChild(el("p", "error", "aexy: the daemon's answer could not be read."));
    return;
  }
  const kind = document.body.dataset.kind;
  if (kind === "hiring" && Array.isArray(data)) {
    renderHiring(app, data);
    app.dataset.rendered = "true";
    return;
  }
  if (!isObj(data)) {
    app.appendChild(el("p", "muted", "aexy: nothing to show yet."));
    return;
  }
  if (kind === "team") renderTeam(app, data);
  else if (kind === "codeowners") renderCodeowners(app, data);
  else if (kind === "teams") renderTeams(app, data);
  else if (kind === "hiring") renderHiring(app, data);
  else {
    renderProfile(app, data);
    if (isObj(data.career)) renderCareer(app, data.career);
  }
  if (app.querySelectorAll("section.card").length === 0) app.appendChild(el("p", "muted", "aexy: the daemon sent no insights for this view yet."));
  app.dataset.rendered = "true";
}

main();

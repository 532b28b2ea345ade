/**
 * The status bar item: index state and progress from `aexy/status`, polled quickly while
 * indexing and slowly otherwise; a click opens the status details (one line per repository).
 */
import * as vscode from "vscode";
import { LanguageClient, State } from "vscode-languageclient/node";
import { Methods, RepositoryStatus, StatusResult } from "./protocol";

export function percent(repo: RepositoryStatus): number | undefined {
  if (!repo.commitsTotal) return undefined;
  return Math.min(100, Math.floor(((repo.commitsIndexed ?? 0) * 100) / repo.commitsTotal));
}

/** One-line summary of all repositories' states, as shown in the status bar. */
export function summarize(status: StatusResult): { text: string; indexing: boolean; error: boolean } {
  const repos = status.repositories;
  const indexing = repos.filter((r) => r.state === "indexing");
  const errors = repos.filter((r) => r.state === "error");
  if (indexing.length > 0) {
    const pcts = indexing.map(percent).filter((p): p is number => p !== undefined);
    const pct = pcts.length ? ` ${Math.min(...pcts)}%` : "";
    return { text: `$(sync~spin) aexy indexing${pct}`, indexing: true, error: errors.length > 0 };
  }
  if (errors.length > 0) return { text: "$(warning) aexy", indexing: false, error: true };
  if (repos.length === 0) return { text: "$(circle-slash) aexy: no repository", indexing: false, error: false };
  const commits = repos.reduce((n, r) => n + (r.commitsIndexed ?? 0), 0);
  return { text: `$(git-commit) aexy ${commits.toLocaleString("en")} commits`, indexing: false, error: false };
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("aexy.status", vscode.StatusBarAlignment.Left, 10);
  private timer: NodeJS.Timeout | undefined;
  last: StatusResult | undefined;

  constructor(private readonly getClient: () => LanguageClient | undefined) {
    this.item.name = "aexy";
    this.item.command = "aexy.showStatusDetails";
    this.item.text = "$(loading~spin) aexy starting";
    this.item.tooltip = "aexy: starting the daemon";
    this.item.show();
  }

  /** Shows a fixed message (daemon missing or stopped). */
  showProblem(text: string, tooltip: string): void {
    this.item.text = `$(error) ${text}`;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
  }

  /** Polls now and reschedules: every 1.5 s while indexing, every 15 s otherwise. */
  async refresh(): Promise<StatusResult | undefined> {
    if (this.timer) clearTimeout(this.timer);
    const client = this.getClient();
    let delay = 15_000;
    if (client && client.state === State.Running) {
      try {
        const status = await client.sendRequest<StatusResult>(Methods.status, {});
        this.last = status;
        const s = summarize(status);
        this.item.text = s.text;
        this.item.backgroundColor = s.error ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
        this.item.tooltip = new vscode.MarkdownString(
          status.repositories.map((r) => `**${r.root}** — ${describe(r)}`).join("\n\n") +
            `\n\n_aexy ${status.version} · click for details_`,
        );
        if (s.indexing) delay = 1_500;
      } catch (e) {
        this.item.text = "$(warning) aexy";
        this.item.tooltip = `aexy/status failed: ${String(e)}`;
      }
    } else if (client) {
      delay = 1_000;
    }
    this.timer = setTimeout(() => void this.refresh(), delay);
    return this.last;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.item.dispose();
  }
}

/** Human description of one repository's index state. */
export function describe(r: RepositoryStatus): string {
  const counts = r.commitsTotal ? `${r.commitsIndexed ?? 0}/${r.commitsTotal} commits` : `${r.commitsIndexed ?? 0} commits`;
  const head = r.head ? ` at ${r.head.slice(0, 10)}` : "";
  const msg = r.message ? ` — ${r.message}` : "";
  return `${r.state} · ${counts}${head}${msg}`;
}

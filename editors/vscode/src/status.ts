/**
 * The status bar item: index state and progress from `aexy/status`, polled quickly while
 * indexing and slowly otherwise; a click opens the status details (one line per repository).
 */
import * as vscode from "vscode";
import { LanguageClient, State } from "vscode-languageclient/node";
import { Methods, StatusResult } from "./protocol";
import { describe, summarize } from "./statusText";

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

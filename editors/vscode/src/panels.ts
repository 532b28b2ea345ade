/**
 * Webview panels for profiles and team insights: one panel per kind, a strict content security
 * policy (no remote content, nonce-only script), data embedded as inert JSON for dist/webview.js.
 */
import * as crypto from "node:crypto";
import * as vscode from "vscode";
import { renderHtml } from "./html";

export type { PanelKind } from "./html";
import type { PanelKind } from "./html";

export class InsightsPanels implements vscode.Disposable {
  private readonly panels = new Map<PanelKind, vscode.WebviewPanel>();

  constructor(private readonly extensionUri: vscode.Uri) {}

  show(kind: PanelKind, title: string, data: unknown): vscode.WebviewPanel {
    let panel = this.panels.get(kind);
    if (!panel) {
      panel = vscode.window.createWebviewPanel(`aexy.${kind}`, title, vscode.ViewColumn.Active, {
        enableScripts: true,
        enableCommandUris: false,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, "dist"), vscode.Uri.joinPath(this.extensionUri, "media")],
      });
      this.panels.set(kind, panel);
      panel.onDidDispose(() => this.panels.delete(kind));
    } else {
      panel.reveal();
    }
    const webview = panel.webview;
    panel.title = title;
    webview.html = renderHtml({
      cspSource: webview.cspSource,
      nonce: crypto.randomBytes(16).toString("base64"),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, "media", "webview.css")).toString(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, "dist", "webview.js")).toString(),
      kind,
      title,
      data,
    });
    return panel;
  }

  dispose(): void {
    for (const p of this.panels.values()) p.dispose();
  }
}

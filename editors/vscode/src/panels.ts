/**
 * Webview panels for profiles and team insights: one panel per kind, a strict content security
 * policy (no remote content, nonce-only script), data embedded as inert JSON for dist/webview.js.
 */
import * as crypto from "node:crypto";
import * as vscode from "vscode";

export type PanelKind = "profile" | "team";

/** Escapes JSON for embedding inside a <script type="application/json"> element. */
export function embedJson(data: unknown): string {
  return JSON.stringify(data).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** The page: CSP first, then the stylesheet, the inert data block and the nonce'd script. */
export function renderHtml(opts: { cspSource: string; nonce: string; styleUri: string; scriptUri: string; kind: PanelKind; title: string; data: unknown }): string {
  const csp = [
    "default-src 'none'",
    `style-src ${opts.cspSource}`,
    `script-src 'nonce-${opts.nonce}'`,
    `img-src ${opts.cspSource} data:`,
    `font-src ${opts.cspSource}`,
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${opts.styleUri}">
<title>${escapeHtml(opts.title)}</title>
</head>
<body data-kind="${opts.kind}">
<main id="app"><p class="muted">Loading…</p></main>
<script type="application/json" id="aexy-data">${embedJson(opts.data)}</script>
<script nonce="${opts.nonce}" src="${opts.scriptUri}"></script>
</body>
</html>`;
}

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

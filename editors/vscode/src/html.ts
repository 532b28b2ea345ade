/**
 * The insights webview's HTML: a strict content security policy (nothing remote, no inline
 * style, nonce-only script) and the daemon's data embedded as inert, escaped JSON.
 */

export type PanelKind = "profile" | "team" | "codeowners" | "teams" | "hiring";

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


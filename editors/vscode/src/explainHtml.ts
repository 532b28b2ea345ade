/**
 * The explain panel's page: no script at all (content security policy `default-src 'none'`),
 * the streamed explanation as escaped pre-wrapped text, then the evidence timeline (the daemon's
 * Markdown, rendered by VS Code's own renderer when available, else shown as escaped text).
 */
import { escapeHtml } from "./html";

export interface ExplainView {
  title: string;
  /** The explanation streamed so far. */
  streamed: string;
  /** Under the explanation: who wrote it, notes, or why there is none. */
  status: string[];
  /** The evidence timeline as HTML (already rendered) or as Markdown text. */
  timelineHtml?: string;
  timelineText?: string;
  done: boolean;
}

export function explainHtml(cspSource: string, v: ExplainView): string {
  const csp = ["default-src 'none'", `style-src ${cspSource} 'unsafe-inline'`, `img-src ${cspSource} data:`].join("; ");
  const timeline = v.timelineHtml ?? (v.timelineText ? `<pre class="timeline">${escapeHtml(v.timelineText)}</pre>` : "");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1.5em; }
#explanation { white-space: pre-wrap; line-height: 1.5; }
.status { color: var(--vscode-descriptionForeground); font-style: italic; }
pre, code { font-family: var(--vscode-editor-font-family); }
pre.timeline { white-space: pre-wrap; }
</style>
<title>${escapeHtml(v.title)}</title>
</head>
<body data-done="${v.done}">
<h2>${escapeHtml(v.title)}</h2>
<div id="explanation">${escapeHtml(v.streamed)}</div>
${v.status.map((s) => `<p class="status">${escapeHtml(s)}</p>`).join("\n")}
<hr>
<section id="evidence">${timeline}</section>
</body>
</html>`;
}

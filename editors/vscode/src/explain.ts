/**
 * "Explain the history of this code": sends `aexy/explain` for the selection (or the code
 * action's range) and shows a panel where the explanation streams in from the daemon's
 * `aexy/explainProgress` notifications, then the evidence timeline. Closing the panel cancels
 * the request (the daemon closes the model's stream). A large prompt asks first.
 */
import * as vscode from "vscode";
import { CancellationTokenSource, LanguageClient } from "vscode-languageclient/node";
import { explainHtml, ExplainView } from "./explainHtml";
import { ExplainResult, Methods, Notifications } from "./protocol";

let counter = 0;

/** The range argument of the code action's command, or the active editor's selection. */
function target(arg?: { uri?: string; range?: { start: number; end: number } }): { uri: vscode.Uri; start: number; end: number } | undefined {
  if (arg?.uri && arg.range) return { uri: vscode.Uri.parse(arg.uri), start: arg.range.start, end: arg.range.end };
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.scheme !== "file") return undefined;
  const s = editor.selection;
  const end = s.end.line > s.start.line && s.end.character === 0 ? s.end.line - 1 : s.end.line;
  return { uri: editor.document.uri, start: s.start.line, end };
}

export async function explainHistory(client: LanguageClient | undefined, arg?: { uri?: string; range?: { start: number; end: number } }, confirmed = false): Promise<void> {
  const t = target(arg);
  if (!t) {
    void vscode.window.showInformationMessage("aexy: open a file of a git repository and select the lines to explain.");
    return;
  }
  if (!client?.isRunning()) {
    void vscode.window.showErrorMessage("aexy: the daemon is not running. Run 'aexy: Restart the daemon'.");
    return;
  }
  const rel = vscode.workspace.asRelativePath(t.uri, false);
  const view: ExplainView = { title: `${rel} lines ${t.start + 1}–${t.end + 1}`, streamed: "", status: ["Asking…"], done: false };
  const panel = vscode.window.createWebviewPanel("aexy.explain", `Explain: ${rel}:${t.start + 1}`, vscode.ViewColumn.Beside, {
    enableScripts: false,
    enableCommandUris: false,
    localResourceRoots: [],
  });
  let pending: ReturnType<typeof setTimeout> | undefined;
  const render = (now = false) => {
    if (now || !pending) {
      if (pending) clearTimeout(pending);
      pending = setTimeout(() => {
        pending = undefined;
        panel.webview.html = explainHtml(panel.webview.cspSource, view);
      }, now ? 0 : 80);
    }
  };
  render(true);
  const token = `vscode-explain-${++counter}`;
  const cancel = new CancellationTokenSource();
  panel.onDidDispose(() => cancel.cancel());
  const sub = client.onNotification(Notifications.explainProgress, (p: { token: string; text: string }) => {
    if (p.token !== token) return;
    view.streamed += p.text;
    view.status = ["Writing…"];
    render();
  });
  let r: ExplainResult;
  try {
    r = await client.sendRequest<ExplainResult>(Methods.explain, {
      textDocument: { uri: t.uri.toString() },
      range: { start: t.start, end: t.end },
      token,
      confirmed,
    }, cancel.token);
  } catch (e) {
    view.status = [`aexy: ${e instanceof Error ? e.message : String(e)}`];
    view.done = true;
    render(true);
    return;
  } finally {
    sub.dispose();
  }
  if (r.available === false) {
    view.status = [`Not available: ${r.message ?? ""}`];
  } else if (r.confirm) {
    const send = await vscode.window.showWarningMessage(
      `aexy: send about ${r.confirm.promptTokens} tokens to ${r.confirm.endpoint}?`, { modal: true }, "Send");
    if (send === "Send") {
      panel.dispose();
      return explainHistory(client, { uri: t.uri.toString(), range: { start: t.start, end: t.end } }, true);
    }
    view.status = ["Not sent: the evidence alone follows."];
  } else if (r.explanation) {
    const x = r.explanation;
    view.streamed = x.text;
    view.status = [`${x.cached ? "Cached answer of" : "Written by"} ${x.endpoint} from the evidence below.`, ...(x.notes ?? [])];
    if (x.unknownCitations?.length) view.status.push(`Not commits of this evidence: ${x.unknownCitations.join(", ")}`);
  } else {
    view.status = [r.llm ? `No explanation: ${r.llm}` : "No explanation."];
  }
  if (r.markdown) {
    const html = await vscode.commands.executeCommand<string>("markdown.api.render", r.markdown).then((h) => h, () => undefined);
    if (typeof html === "string" && html.length > 0) view.timelineHtml = html;
    else view.timelineText = r.markdown;
  }
  view.done = true;
  render(true);
}

/**
 * The palette commands: task matching and reviewer suggestions as quick picks, profile and team
 * insights as webviews, reindex and status details. Each one is a request to the running daemon.
 */
import * as vscode from "vscode";
import { LanguageClient, ResponseError } from "vscode-languageclient/node";
import { Match, MatchResult, Methods, ServerCommands, StatusResult } from "./protocol";
import { InsightsPanels } from "./panels";
import { describe } from "./status";

export interface CommandContext {
  client(): LanguageClient | undefined;
  panels: InsightsPanels;
  refreshStatus(): Promise<StatusResult | undefined>;
  restart(): Promise<void>;
  output: vscode.OutputChannel;
}

function showEmails(): boolean {
  return vscode.workspace.getConfiguration("aexy").get<boolean>("privacy.showEmails", false);
}

/** Sends a request with a progress notification; turns failures into one readable message. */
async function request<T>(ctx: CommandContext, title: string, method: string, params: unknown): Promise<T | undefined> {
  const client = ctx.client();
  if (!client || !client.isRunning()) {
    void vscode.window.showErrorMessage("aexy: the daemon is not running. Run 'aexy: Restart the daemon'.");
    return undefined;
  }
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `aexy: ${title}` },
      () => client.sendRequest<T>(method, params),
    );
  } catch (e) {
    const detail =
      e instanceof ResponseError && e.code === -32601
        ? `this aexy daemon does not serve ${method} yet`
        : e instanceof Error
          ? e.message
          : String(e);
    ctx.output.appendLine(`${method} failed: ${detail}`);
    void vscode.window.showErrorMessage(`aexy: ${title} failed: ${detail}`);
    return undefined;
  }
}

interface MatchItem extends vscode.QuickPickItem {
  match: Match;
}

/** Quick pick of ranked developers, each with its score and checkable reasons. */
export async function pickMatch(title: string, result: MatchResult | undefined): Promise<Match | undefined> {
  if (!result) return undefined;
  if (result.matches.length === 0) {
    void vscode.window.showInformationMessage(`aexy: ${title}: nobody matched.`);
    return undefined;
  }
  const items: MatchItem[] = result.matches.map((m, i) => ({
    label: `$(person) ${m.developer.name}`,
    description: `${i === 0 ? "best match · " : ""}score ${m.score.toFixed(2)}${showEmails() && m.developer.email ? ` · ${m.developer.email}` : ""}`,
    detail: m.reasons.join(" · "),
    match: m,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `aexy: ${title}`,
    placeHolder: "Ranked by expertise on the files involved; the reasons say why",
    matchOnDetail: true,
  });
  return picked?.match;
}

async function afterPick(m: Match | undefined): Promise<void> {
  if (!m) return;
  const copy = "Copy e-mail";
  const choice = await vscode.window.showInformationMessage(
    `aexy: ${m.developer.name} — ${m.reasons.join("; ")}`,
    ...(m.developer.email ? [copy] : []),
  );
  if (choice === copy && m.developer.email) await vscode.env.clipboard.writeText(m.developer.email);
}

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  const limit = () => vscode.workspace.getConfiguration("aexy").get<number>("matchLimit", 10);
  return [
    vscode.commands.registerCommand("aexy.whoShouldDoThis", async (text?: string) => {
      const selection = vscode.window.activeTextEditor?.document.getText(vscode.window.activeTextEditor.selection);
      const task =
        typeof text === "string"
          ? text
          : await vscode.window.showInputBox({
              title: "aexy: Who should do this task?",
              prompt: "Describe the task: a title, a description, file names or identifiers",
              value: selection && selection.length < 500 ? selection : "",
              ignoreFocusOut: true,
            });
      if (!task?.trim()) return;
      const result = await request<MatchResult>(ctx, "matching the task", Methods.matchTask, { text: task, limit: limit() });
      await afterPick(await pickMatch(`who should do "${task.slice(0, 60)}"`, result));
    }),
    vscode.commands.registerCommand("aexy.suggestReviewersForChanges", async () => {
      const result = await request<MatchResult>(ctx, "suggesting reviewers", Methods.suggestReviewers, {});
      await afterPick(await pickMatch("reviewers for your uncommitted changes", result));
    }),
    vscode.commands.registerCommand("aexy.showMyProfile", async () => {
      const data = await request<Record<string, unknown>>(ctx, "loading your profile", Methods.profile, {});
      if (data) ctx.panels.show("profile", "aexy: my profile", data);
    }),
    vscode.commands.registerCommand("aexy.showProfileOf", async (developer?: string) => {
      const who =
        typeof developer === "string"
          ? developer
          : await vscode.window.showInputBox({
              title: "aexy: Show profile of…",
              prompt: "A developer's name or e-mail (as in the git history)",
              ignoreFocusOut: true,
            });
      if (!who?.trim()) return;
      const data = await request<Record<string, unknown>>(ctx, `loading ${who}'s profile`, Methods.profile, { developer: who });
      if (data) ctx.panels.show("profile", `aexy: ${who}`, data);
    }),
    vscode.commands.registerCommand("aexy.openTeamInsights", async (target?: vscode.Uri) => {
      const params: Record<string, unknown> = {};
      if (target instanceof vscode.Uri) params.path = vscode.workspace.asRelativePath(target, false);
      const data = await request<Record<string, unknown>>(ctx, "computing team insights", Methods.teamInsights, params);
      if (data) ctx.panels.show("team", "aexy: team insights", data);
    }),
    vscode.commands.registerCommand("aexy.reindexRepository", async () => {
      const done = await request<unknown>(ctx, "reindexing", "workspace/executeCommand", {
        command: ServerCommands.reindex,
        arguments: [],
      });
      if (done !== undefined) void vscode.window.showInformationMessage("aexy: reindexing started.");
      await ctx.refreshStatus();
    }),
    vscode.commands.registerCommand("aexy.showStatusDetails", async () => {
      const status = await ctx.refreshStatus();
      const items: (vscode.QuickPickItem & { action?: string })[] = (status?.repositories ?? []).map((r) => ({
        label: `$(repo) ${r.root}`,
        detail: describe(r),
      }));
      items.push(
        { label: "", kind: vscode.QuickPickItemKind.Separator },
        { label: "$(refresh) Reindex", action: "aexy.reindexRepository" },
        { label: "$(output) Show the daemon's log", action: "output" },
        { label: "$(debug-restart) Restart the daemon", action: "aexy.restartDaemon" },
      );
      const picked = await vscode.window.showQuickPick(items, {
        title: `aexy ${status?.version ?? "(not running)"} — status`,
      });
      if (picked?.action === "output") ctx.output.show();
      else if (picked?.action) await vscode.commands.executeCommand(picked.action);
    }),
    vscode.commands.registerCommand("aexy.restartDaemon", () => ctx.restart()),
  ];
}

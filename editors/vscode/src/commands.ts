/**
 * The palette commands: task matching and reviewer suggestions as quick picks, profile and team
 * insights as webviews, reindex and status details. Each one is a request to the running daemon.
 */
import * as vscode from "vscode";
import { LanguageClient, ResponseError } from "vscode-languageclient/node";
import { changedPaths, repositoryRoot, userEmail } from "./git";
import { Candidate, candidates, CandidatesResult, InsightsEnvelope, MatchIssueResult, Methods, ServerCommands, StatusResult, SyncResult, TextDocumentRef } from "./protocol";
import { InsightsPanels } from "./panels";
import { describe } from "./statusText";
import { explainHistory } from "./explain";

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

interface CandidateItem extends vscode.QuickPickItem {
  candidate: Candidate;
}

/** The document that picks the repository: the active editor's file when it belongs to the
 * workspace (not, say, an opened report); else none, and the daemon takes its first repository. */
export function currentDocument(): TextDocumentRef | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && doc.uri.scheme === "file" && vscode.workspace.getWorkspaceFolder(doc.uri)) return { uri: doc.uri.toString() };
  return undefined;
}

/** Quick pick of ranked people, each with its score and checkable reasons. */
export async function pickCandidate(title: string, result: CandidatesResult | undefined): Promise<Candidate | undefined> {
  if (!result) return undefined;
  if (result.available === false) {
    void vscode.window.showWarningMessage(`aexy: ${title}: ${result.message ?? "not available from this daemon yet"}`);
    return undefined;
  }
  const list = candidates(result);
  if (list.length === 0) {
    void vscode.window.showInformationMessage(`aexy: ${title}: nobody matched.`);
    return undefined;
  }
  const items: CandidateItem[] = list.map((c, i) => ({
    label: `$(person) ${c.person.name}`,
    description: `${i === 0 ? "best match · " : ""}score ${c.score.toFixed(2)}${showEmails() && c.person.email ? ` · ${c.person.email}` : ""}`,
    detail: c.reasons.join(" · "),
    candidate: c,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `aexy: ${title}`,
    placeHolder: result.message ?? "Ranked by expertise on the files involved; the reasons say why",
    matchOnDetail: true,
  });
  return picked?.candidate;
}

async function afterPick(c: Candidate | undefined): Promise<void> {
  if (!c) return;
  const copy = "Copy e-mail";
  const choice = await vscode.window.showInformationMessage(
    `aexy: ${c.person.name} — ${c.reasons.join("; ")}`,
    ...(c.person.email ? [copy] : []),
  );
  if (choice === copy && c.person.email) await vscode.env.clipboard.writeText(c.person.email);
}

/** Unwraps `details` of a profile / team envelope, telling the user when it is not available. */
function details(what: string, env: InsightsEnvelope | undefined): Record<string, unknown> | undefined {
  if (!env) return undefined;
  if (env.available === false) {
    void vscode.window.showWarningMessage(`aexy: ${what}: ${env.message ?? "not available from this daemon yet"}`);
    return undefined;
  }
  const d = "details" in env ? env.details : env;
  return typeof d === "object" && d !== null ? (d as Record<string, unknown>) : undefined;
}

/** `aexy/career` details for a developer (default: you), or undefined (with no message: a
 * profile still shows without its career part, e.g. for someone with no commits). */
async function career(ctx: CommandContext, developer?: string, target?: string): Promise<Record<string, unknown> | undefined> {
  const client = ctx.client();
  if (!client || !client.isRunning()) return undefined;
  try {
    const env = await client.sendRequest<InsightsEnvelope>(Methods.career, { textDocument: currentDocument(), developer, target });
    if (env.available === false) {
      ctx.output.appendLine(`aexy/career: ${env.message ?? "not available"}`);
      return undefined;
    }
    return typeof env.details === "object" && env.details !== null ? (env.details as Record<string, unknown>) : undefined;
  } catch (e) {
    ctx.output.appendLine(`aexy/career failed: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/** Folder for git: the repository of the active workspace file, else of the first folder. */
async function gitRoot(): Promise<string | undefined> {
  const ref = currentDocument();
  const dir = ref ? vscode.Uri.joinPath(vscode.Uri.parse(ref.uri), "..").fsPath : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!dir) return undefined;
  try {
    return await repositoryRoot(dir);
  } catch {
    return undefined;
  }
}

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  const limit = () => vscode.workspace.getConfiguration("aexy").get<number>("matchLimit", 10);
  return [
    // From the palette: free text (the selection as a start). From the explorer's or the
    // editor's context menu: the task is about the chosen files or folders too.
    vscode.commands.registerCommand("aexy.whoShouldDoThis", async (arg?: string | vscode.Uri, chosen?: vscode.Uri[]) => {
      const about = arg instanceof vscode.Uri ? (chosen && chosen.length > 0 ? chosen : [arg]) : [];
      const selection = vscode.window.activeTextEditor?.document.getText(vscode.window.activeTextEditor.selection);
      const on = about.length === 1 ? ` on ${vscode.workspace.asRelativePath(about[0])}` : about.length > 1 ? ` on ${about.length} items` : "";
      const task =
        typeof arg === "string"
          ? arg
          : await vscode.window.showInputBox({
              title: `aexy: Who should do this task${on}?`,
              prompt: about.length > 0 ? "Describe the task (or leave empty: who knows these files best)" : "Describe the task: a title, a description, file names or identifiers",
              value: about.length === 0 && selection && selection.length < 500 ? selection : "",
              ignoreFocusOut: true,
            });
      if (task === undefined || (!task.trim() && about.length === 0)) return;
      const result = await request<CandidatesResult>(ctx, "matching the task", Methods.matchTask, {
        textDocument: about.length > 0 ? { uri: about[0].toString() } : currentDocument(),
        description: task,
        uris: about.length > 0 ? about.map((u) => u.toString()) : undefined,
        limit: limit(),
      });
      await afterPick(await pickCandidate(task.trim() ? `who should do "${task.slice(0, 60)}"` : `who knows${on}`, result));
    }),
    // A tracker issue (Jira, Linear, GitHub or GitLab): the daemon fetches it (or reads the last
    // sync) and matches its text, labels and the files it is about.
    vscode.commands.registerCommand("aexy.whoShouldTakeIssue", async (arg?: string) => {
      const issue =
        typeof arg === "string"
          ? arg
          : await vscode.window.showInputBox({
              title: "aexy: Who should take this issue?",
              prompt: "The issue: PROJ-123 (Jira), ENG-42 (Linear), #456 (this repository's GitHub or GitLab) or its URL",
              ignoreFocusOut: true,
            });
      if (!issue?.trim()) return;
      const result = await request<MatchIssueResult>(ctx, `looking up ${issue.trim()}`, Methods.matchIssue, {
        textDocument: currentDocument(),
        issue: issue.trim(),
        limit: limit(),
      });
      const about = result?.issue ? `who should take ${result.issue.key}: ${result.issue.title.slice(0, 60)}` : `who should take ${issue.trim()}`;
      await afterPick(await pickCandidate(about, result));
    }),
    vscode.commands.registerCommand("aexy.syncSources", async () => {
      const r = await request<SyncResult>(ctx, "starting a sync", Methods.sync, { textDocument: currentDocument() });
      if (!r) return;
      if (r.started) void vscode.window.showInformationMessage(`aexy: syncing ${(r.repositories ?? []).join(", ")}; the daemon reports when done.`);
      else void vscode.window.showWarningMessage(`aexy: ${r.message ?? "nothing to sync"}`);
    }),
    vscode.commands.registerCommand("aexy.suggestReviewersForChanges", async () => {
      const root = await gitRoot();
      if (!root) {
        void vscode.window.showWarningMessage("aexy: open a file of a git repository first.");
        return;
      }
      const paths = await changedPaths(root);
      if (paths.length === 0) {
        void vscode.window.showInformationMessage("aexy: no uncommitted changes to review.");
        return;
      }
      const me = await userEmail(root);
      const result = await request<CandidatesResult>(ctx, "suggesting reviewers", Methods.suggestReviewers, {
        textDocument: currentDocument(),
        paths,
        exclude: me ? [me] : [],
        limit: limit(),
      });
      await afterPick(await pickCandidate(`reviewers for ${paths.length} changed file${paths.length === 1 ? "" : "s"}`, result));
    }),
    vscode.commands.registerCommand("aexy.showMyProfile", async () => {
      const env = await request<InsightsEnvelope>(ctx, "loading your profile", Methods.profile, { textDocument: currentDocument() });
      const data = details("your profile", env);
      if (data) ctx.panels.show("profile", "aexy: my profile", { developer: env?.developer, ...data, career: await career(ctx) });
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
      const env = await request<InsightsEnvelope>(ctx, `loading ${who}'s profile`, Methods.profile, {
        textDocument: currentDocument(),
        developer: who,
      });
      const data = details(`${who}'s profile`, env);
      if (data) ctx.panels.show("profile", `aexy: ${who}`, { developer: env?.developer ?? who, ...data, career: await career(ctx, who) });
    }),
    vscode.commands.registerCommand("aexy.showCareer", async (developer?: string) => {
      const who =
        typeof developer === "string"
          ? developer
          : await vscode.window.showInputBox({
              title: "aexy: Career path of…",
              prompt: "A developer's name or e-mail (empty: you)",
              ignoreFocusOut: true,
            });
      if (who === undefined) return;
      const target = await vscode.window.showInputBox({ title: "aexy: Toward which role?", prompt: "A role of the ladder (empty: the next one)", ignoreFocusOut: true });
      if (target === undefined) return;
      const data = await career(ctx, who.trim() || undefined, target.trim() || undefined);
      if (data) ctx.panels.show("profile", `aexy: career of ${who.trim() || "me"}`, { developer: (data.developer as unknown) ?? who, career: data });
    }),
    vscode.commands.registerCommand("aexy.findMentors", async () => {
      const area = await vscode.window.showInputBox({ title: "aexy: Who can teach…", prompt: "A directory of the repository (src/net, or . for everything)", ignoreFocusOut: true });
      if (!area?.trim()) return;
      const env = await request<InsightsEnvelope>(ctx, "finding mentors", Methods.mentors, { textDocument: currentDocument(), area: area.trim() });
      const data = details(`mentors for ${area}`, env);
      const mentors = Array.isArray(data?.mentors) ? (data?.mentors as { name: string; why: string; active?: boolean; overloaded?: boolean }[]) : [];
      if (!data) return;
      if (mentors.length === 0) {
        void vscode.window.showInformationMessage(`aexy: nobody authors ${area}.`);
        return;
      }
      await vscode.window.showQuickPick(
        mentors.map((m) => ({ label: `$(person) ${m.name}`, description: m.active === false ? "inactive" : m.overloaded ? "overloaded" : "available", detail: m.why })),
        { title: `aexy: who can teach ${area}`, matchOnDetail: true },
      );
    }),
    vscode.commands.registerCommand("aexy.checkCodeowners", async () => {
      const env = await request<InsightsEnvelope>(ctx, "checking CODEOWNERS", Methods.codeowners, { textDocument: currentDocument(), mode: "check" });
      const data = details("CODEOWNERS check", env);
      if (data) ctx.panels.show("codeowners", "aexy: CODEOWNERS", data);
    }),
    vscode.commands.registerCommand("aexy.suggestCodeowners", async () => {
      const env = await request<InsightsEnvelope>(ctx, "proposing CODEOWNERS", Methods.codeowners, { textDocument: currentDocument(), mode: "suggest" });
      const data = details("CODEOWNERS proposal", env);
      if (!data) return;
      const diff = typeof data.diff === "string" && data.diff ? data.diff : `# ${String(data.file ?? "CODEOWNERS")} already says what the history shows\n`;
      const doc = await vscode.workspace.openTextDocument({ language: "diff", content: diff });
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    vscode.commands.registerCommand("aexy.showTeams", async () => {
      const env = await request<InsightsEnvelope>(ctx, "computing team figures", Methods.teams, { textDocument: currentDocument() });
      const data = details("teams", env);
      if (data) ctx.panels.show("teams", "aexy: teams", data);
    }),
    vscode.commands.registerCommand("aexy.whichTeam", async (target?: vscode.Uri) => {
      const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
      if (!uri) return;
      const env = await request<InsightsEnvelope>(ctx, "finding the team", Methods.teams, { textDocument: { uri: uri.toString() }, ask: vscode.workspace.asRelativePath(uri, false) });
      const data = details("which team", env);
      if (data && typeof data.answer === "string") void vscode.window.showInformationMessage(`aexy: ${data.answer}`);
    }),
    vscode.commands.registerCommand("aexy.hiringGaps", async () => {
      const env = await request<InsightsEnvelope>(ctx, "finding hiring gaps", Methods.hiring, { textDocument: currentDocument() });
      if (!env) return;
      if (env.available === false) {
        void vscode.window.showWarningMessage(`aexy: hiring gaps: ${env.message ?? "not available"}`);
        return;
      }
      ctx.panels.show("hiring", "aexy: hiring gaps", env.details ?? []);
    }),
    vscode.commands.registerCommand("aexy.hiringPlan", async () => {
      const env = await request<InsightsEnvelope>(ctx, "drafting the hiring plan", Methods.hiring, { textDocument: currentDocument(), plan: true });
      if (!env || env.available === false) {
        if (env) void vscode.window.showWarningMessage(`aexy: hiring plan: ${env.message ?? "not available"}`);
        return;
      }
      const profiles = Array.isArray(env.details) ? (env.details as { jobDescription?: string; rubric?: string }[]) : [];
      const text = profiles.map((p) => `${p.jobDescription ?? ""}\n\n${p.rubric ?? ""}`).join("\n\n---\n\n") || "No gaps to hire for.\n";
      const doc = await vscode.workspace.openTextDocument({ language: "markdown", content: text });
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    vscode.commands.registerCommand("aexy.openTeamInsights", async (target?: vscode.Uri) => {
      const params: Record<string, unknown> = { textDocument: currentDocument() };
      if (target instanceof vscode.Uri) {
        params.textDocument = { uri: target.toString() };
        params.path = vscode.workspace.asRelativePath(target, false);
      }
      const env = await request<InsightsEnvelope>(ctx, "computing team insights", Methods.teamInsights, params);
      const data = details("team insights", env);
      if (data) ctx.panels.show("team", "aexy: team insights", data);
    }),
    vscode.commands.registerCommand("aexy.reindexRepository", async () => {
      const done = await request<unknown>(ctx, "reindexing", "workspace/executeCommand", {
        command: ServerCommands.reindex,
        arguments: currentDocument() ? [currentDocument()] : [],
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
    vscode.commands.registerCommand("aexy.explainHistory", (arg?: { uri?: string; range?: { start: number; end: number } }) =>
      explainHistory(ctx.client(), arg)),
  ];
}

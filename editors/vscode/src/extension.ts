/**
 * Entry point: locates the daemon, starts the language client (hover, code lens, inlay hints
 * come from the standard LSP surface), the status bar and the palette commands.
 */
import * as vscode from "vscode";
import { LanguageClient, State } from "vscode-languageclient/node";
import { locateAexy, reportMissing } from "./binary";
import { createClient, sendOptions } from "./client";
import { registerCommands } from "./commands";
import { InsightsPanels } from "./panels";
import { StatusBar } from "./status";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("aexy", { log: true });
  const status = new StatusBar(() => client);
  const panels = new InsightsPanels(context.extensionUri);
  context.subscriptions.push(output, status, panels);

  const start = async (): Promise<void> => {
    const located = locateAexy();
    if (!located.ok) {
      status.showProblem("aexy: not installed", located.reason);
      void reportMissing(context, located.reason);
      return;
    }
    output.appendLine(`aexy: starting ${located.path} lsp`);
    client = createClient(located.path, output);
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) void status.refresh();
      if (e.newState === State.Stopped) status.showProblem("aexy: stopped", "The daemon is not running.");
    });
    try {
      await client.start();
    } catch (e) {
      output.appendLine(`aexy: failed to start: ${String(e)}`);
      status.showProblem("aexy: failed", String(e));
    }
  };

  const restart = async (): Promise<void> => {
    const old = client;
    client = undefined;
    if (old) await old.dispose().catch(() => undefined);
    await start();
  };

  context.subscriptions.push(
    ...registerCommands({ client: () => client, panels, refreshStatus: () => status.refresh(), restart, output }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("aexy.path")) {
        await restart();
      } else if (["aexy.hover", "aexy.privacy", "aexy.codeLens", "aexy.inlayHints"].some((s) => e.affectsConfiguration(s))) {
        // The daemon applies the options live and asks the editor to fetch lenses and hints again.
        output.info("aexy: settings changed; sending them to the daemon");
        await sendOptions(client);
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}

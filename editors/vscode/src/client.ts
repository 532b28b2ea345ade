/**
 * Starts `aexy lsp` as a language client for every file in the workspace, passes the settings
 * as initializationOptions (and later changes as workspace/didChangeConfiguration, so the daemon
 * keeps running), filters code lens / inlay hints by the settings, restarts on death.
 */
import * as vscode from "vscode";
import {
  CloseAction,
  DidChangeConfigurationNotification,
  CloseHandlerResult,
  ErrorAction,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

/** The options the daemon reads from `initialize`; mirrors the settings in package.json. */
export function initializationOptions(): Record<string, unknown> {
  const cfg = vscode.workspace.getConfiguration("aexy");
  return {
    hoverDetail: cfg.get<string>("hover.detail", "compact"),
    codeLens: cfg.get<boolean>("codeLens.enabled", true),
    inlayHints: cfg.get<boolean>("inlayHints.enabled", false),
    privacy: {
      showEmails: cfg.get<boolean>("privacy.showEmails", false),
      showSignalsForOthers: cfg.get<boolean>("privacy.showSignalsForOthers", false),
    },
  };
}

/** Sends the current settings to a running daemon, which applies them without a restart. */
export async function sendOptions(client: LanguageClient | undefined): Promise<void> {
  if (!client?.isRunning()) return;
  await client.sendNotification(DidChangeConfigurationNotification.type, {
    settings: { aexy: initializationOptions() },
  });
}

/** Restarts the daemon after a crash, backing off after five crashes in three minutes. */
class RestartingErrorHandler {
  private crashes: number[] = [];
  constructor(private readonly output: vscode.OutputChannel) {}

  error(): ErrorHandlerResult {
    return { action: ErrorAction.Continue };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes = this.crashes.filter((t) => now - t < 180_000);
    this.crashes.push(now);
    if (this.crashes.length > 5) {
      this.output.appendLine("aexy: the daemon stopped 5 times in 3 minutes; not restarting.");
      return {
        action: CloseAction.DoNotRestart,
        message: "aexy: the daemon keeps stopping. See the 'aexy' output; run 'aexy: Restart the daemon' to try again.",
      };
    }
    this.output.appendLine("aexy: the daemon stopped; restarting it.");
    return { action: CloseAction.Restart, handled: true };
  }
}

export function createClient(executable: string, output: vscode.LogOutputChannel): LanguageClient {
  const serverOptions: ServerOptions = {
    run: { command: executable, args: ["lsp"], transport: TransportKind.stdio },
    debug: { command: executable, args: ["lsp"], transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file" }],
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationOptions: initializationOptions(),
    errorHandler: new RestartingErrorHandler(output),
    middleware: {
      provideCodeLenses: (document, token, next) =>
        vscode.workspace.getConfiguration("aexy").get<boolean>("codeLens.enabled", true) ? next(document, token) : [],
      provideInlayHints: (document, range, token, next) =>
        vscode.workspace.getConfiguration("aexy").get<boolean>("inlayHints.enabled", false)
          ? next(document, range, token)
          : [],
      // the code action's server command becomes the extension's streamed panel
      provideCodeActions: async (document, range, context, token, next) => {
        const actions = await next(document, range, context, token);
        return actions?.map((a) => {
          const cmd = a instanceof vscode.CodeAction ? a.command : (a as vscode.Command);
          if (cmd && cmd.command === "aexy.explain") {
            cmd.command = "aexy.explainHistory";
          }
          return a;
        });
      },
      provideHover: (document, position, token, next) =>
        vscode.workspace.getConfiguration("aexy").get<string>("hover.detail", "compact") === "off"
          ? undefined
          : next(document, position, token),
    },
  };
  return new LanguageClient("aexy", "aexy", serverOptions, clientOptions);
}

/**
 * Finds the `aexy` executable: the `aexy.path` setting first, else a search of PATH.
 * When it is missing, the user gets a clear message with a way to the install steps.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";

function isExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Searches `PATH` (and PATHEXT on Windows) for `name`. */
export function searchPath(name: string, envPath = process.env.PATH ?? ""): string | undefined {
  const exts = process.platform === "win32" ? (process.env.PATHEXT ?? ".EXE").split(";") : [""];
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

export type Located = { ok: true; path: string } | { ok: false; reason: string };

/** Resolves the executable from the setting or PATH; `~` in the setting means the home directory. */
export function locateAexy(): Located {
  const configured = vscode.workspace.getConfiguration("aexy").get<string>("path", "").trim();
  if (configured) {
    const expanded = configured.replace(/^~(?=$|[\\/])/, process.env.HOME ?? "~");
    if (isExecutable(expanded)) return { ok: true, path: expanded };
    return { ok: false, reason: `The setting aexy.path points to "${configured}", which is not an executable file.` };
  }
  const found = searchPath("aexy");
  if (found) return { ok: true, path: found };
  return { ok: false, reason: "The aexy executable was not found on PATH." };
}

/** Tells the user the daemon is missing, offering the install steps and the setting. */
export async function reportMissing(context: vscode.ExtensionContext, reason: string): Promise<void> {
  const install = "Install steps";
  const settings = "Set aexy.path";
  const choice = await vscode.window.showErrorMessage(
    `aexy: ${reason} Install it with \`cargo install --path daemon\` from the aexy repository, or set aexy.path.`,
    install,
    settings,
  );
  if (choice === install) {
    const readme = vscode.Uri.joinPath(context.extensionUri, "README.md");
    await vscode.commands.executeCommand("markdown.showPreview", readme);
  } else if (choice === settings) {
    await vscode.commands.executeCommand("workbench.action.openSettings", "aexy.path");
  }
}

/**
 * The little git the extension needs itself: the files changed in the working tree (for
 * reviewer suggestions) and the user's configured e-mail (the change's author, left out).
 */
import { execFile } from "node:child_process";

function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("git", args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

/** Parses `git status --porcelain=v1 -z` into repository-relative paths (renames: new path). */
export function parsePorcelainZ(out: string): string[] {
  const paths: string[] = [];
  const parts = out.split("\0");
  for (let i = 0; i < parts.length; i++) {
    const entry = parts[i];
    if (entry.length < 4) continue;
    const xy = entry.slice(0, 2);
    paths.push(entry.slice(3));
    if (xy[0] === "R" || xy[0] === "C") i++; // the original path follows a rename or copy
  }
  return paths;
}

export async function repositoryRoot(dir: string): Promise<string> {
  return (await git(dir, ["rev-parse", "--show-toplevel"])).trim();
}

export async function changedPaths(root: string): Promise<string[]> {
  return parsePorcelainZ(await git(root, ["status", "--porcelain=v1", "-z", "--untracked-files=all"]));
}

export async function userEmail(root: string): Promise<string | undefined> {
  try {
    return (await git(root, ["config", "user.email"])).trim() || undefined;
  } catch {
    return undefined;
  }
}

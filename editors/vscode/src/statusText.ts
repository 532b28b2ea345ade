/**
 * Pure text for the status bar and the status details: percentages, the one-line summary of
 * every repository's index state, and one repository's description. No vscode import.
 */
import { RepositoryStatus, StatusResult } from "./protocol";

export function percent(repo: RepositoryStatus): number | undefined {
  if (!repo.commitsTotal) return undefined;
  return Math.min(100, Math.floor(((repo.commitsIndexed ?? 0) * 100) / repo.commitsTotal));
}

/** One-line summary of all repositories' states, as shown in the status bar. */
export function summarize(status: StatusResult): { text: string; indexing: boolean; error: boolean } {
  const repos = status.repositories;
  const indexing = repos.filter((r) => r.state === "indexing");
  const errors = repos.filter((r) => r.state === "error");
  if (indexing.length > 0) {
    const pcts = indexing.map(percent).filter((p): p is number => p !== undefined);
    const pct = pcts.length ? ` ${Math.min(...pcts)}%` : "";
    return { text: `$(sync~spin) aexy indexing${pct}`, indexing: true, error: errors.length > 0 };
  }
  if (errors.length > 0) return { text: "$(warning) aexy", indexing: false, error: true };
  if (repos.length === 0) return { text: "$(circle-slash) aexy: no repository", indexing: false, error: false };
  const commits = repos.reduce((n, r) => n + (r.commitsIndexed ?? 0), 0);
  return { text: `$(git-commit) aexy ${commits.toLocaleString("en")} commits`, indexing: false, error: false };
}

/** Human description of one repository's index state. */
export function describe(r: RepositoryStatus): string {
  const counts = r.commitsTotal ? `${r.commitsIndexed ?? 0}/${r.commitsTotal} commits` : `${r.commitsIndexed ?? 0} commits`;
  const head = r.head ? ` at ${r.head.slice(0, 10)}` : "";
  const msg = r.message ? ` — ${r.message}` : "";
  return `${r.state} · ${counts}${head}${msg}`;
}

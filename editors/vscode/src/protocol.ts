/**
 * Mirror of the aexy wire contract (crate `aexy-protocol`, protocol/src/): custom request names
 * and the shapes this extension reads. Optional fields are optional because the daemon grows them.
 */

export const Methods = {
  status: "aexy/status",
  ownership: "aexy/ownership",
  profile: "aexy/profile",
  teamInsights: "aexy/teamInsights",
  matchTask: "aexy/matchTask",
  suggestReviewers: "aexy/suggestReviewers",
} as const;

/** Server-side `workspace/executeCommand` ids the daemon advertises. */
export const ServerCommands = {
  showOwners: "aexy.showOwners",
  reindex: "aexy.reindex",
  status: "aexy.status",
} as const;

export interface Person {
  name: string;
  email?: string;
}

export interface RepositoryStatus {
  root: string;
  head?: string | null;
  state: "indexing" | "ready" | "error" | string;
  commitsIndexed?: number;
  commitsTotal?: number;
  message?: string | null;
}

export interface StatusResult {
  version: string;
  repositories: RepositoryStatus[];
}

export interface Match {
  developer: Person;
  score: number;
  reasons: string[];
}

export interface MatchResult {
  matches: Match[];
  signals?: Record<string, unknown>;
}

export interface MatchTaskParams {
  text: string;
  limit?: number;
}

export interface SuggestReviewersParams {
  uris?: string[];
  range?: string;
}

export interface ProfileParams {
  developer?: string;
}

export interface TeamInsightsParams {
  path?: string;
}

/** Profiles and team insights are rendered generically by the webview; see webview/charts.ts. */
export type Insights = Record<string, unknown>;

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
  codeowners: "aexy/codeowners",
  teams: "aexy/teams",
  career: "aexy/career",
  mentors: "aexy/mentors",
  hiring: "aexy/hiring",
  matchIssue: "aexy/matchIssue",
  sync: "aexy/sync",
  explain: "aexy/explain",
} as const;

/** Notifications the daemon sends. */
export const Notifications = {
  explainProgress: "aexy/explainProgress",
} as const;

/** Server-side `workspace/executeCommand` ids the daemon advertises. */
export const ServerCommands = {
  showOwners: "aexy.showOwners",
  reindex: "aexy.reindex",
  status: "aexy.status",
  explain: "aexy.explain",
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

/** One ranked person (`Candidate` in protocol/src/matching.rs). */
export interface Candidate {
  person: Person;
  score: number;
  reasons: string[];
}

/**
 * Result of `aexy/matchTask` and `aexy/suggestReviewers` (`CandidatesResult`). Older drafts of
 * the contract named the list `matches` with `developer`; `candidates()` reads both.
 */
export interface CandidatesResult {
  available?: boolean;
  message?: string | null;
  candidates?: Candidate[];
  matches?: { developer: Person; score: number; reasons: string[] }[];
}

export function candidates(r: CandidatesResult): Candidate[] {
  if (Array.isArray(r.candidates)) return r.candidates;
  if (Array.isArray(r.matches)) return r.matches.map((m) => ({ person: m.developer, score: m.score, reasons: m.reasons }));
  return [];
}

export interface TextDocumentRef {
  uri: string;
}

/** Params of `aexy/matchTask` (the daemon also accepts the issue draft's `text` for `description`, never both). */
export interface MatchTaskParams {
  textDocument?: TextDocumentRef;
  description: string;
  /** Files or folders the task is about: their experts count in full. */
  uris?: string[];
  paths?: string[];
  limit?: number;
}

export interface SuggestReviewersParams {
  textDocument?: TextDocumentRef;
  paths: string[];
  exclude?: string[];
  limit?: number;
}

export interface ProfileParams {
  textDocument?: TextDocumentRef;
  developer?: string;
}

export interface TeamInsightsParams {
  textDocument?: TextDocumentRef;
  path?: string;
}

/** Envelope of `aexy/profile` and `aexy/teamInsights`: `details` is the insights layer's JSON. */
export interface InsightsEnvelope {
  root?: string;
  available?: boolean;
  message?: string | null;
  developer?: string | null;
  path?: string | null;
  details?: unknown;
}

/** The issue `aexy/matchIssue` matched (`IssueInfo` in protocol/src/sources.rs). */
export interface IssueInfo {
  system: string;
  key: string;
  title: string;
  status?: string | null;
  url?: string;
  labels?: string[];
  components?: string[];
  paths?: string[];
  linkedFiles?: number;
}

/** Result of `aexy/matchIssue`: the candidates, as `aexy/matchTask`'s, and the issue. */
export interface MatchIssueResult extends CandidatesResult {
  issue?: IssueInfo | null;
}

/** Params of `aexy/matchIssue`: `PROJ-123`, `ENG-42`, `#456`, `owner/name#456` or the issue's URL. */
export interface MatchIssueParams {
  textDocument?: TextDocumentRef;
  issue: string;
  limit?: number;
}

/** Result of `aexy/sync`: started in the background (progress and a message follow), or why not. */
export interface SyncResult {
  started: boolean;
  repositories?: string[];
  message?: string | null;
}

/** `aexy/explain`'s result (protocol/src/explain.rs); the fields this extension reads. */
export interface ExplainResult {
  available: boolean;
  message?: string | null;
  markdown?: string;
  explanation?: {
    text: string;
    endpoint: string;
    cached: boolean;
    notes?: string[];
    unknownCitations?: string[];
  } | null;
  llm?: string | null;
  confirm?: { promptTokens: number; threshold: number; endpoint: string } | null;
}

/** Params of `aexy/codeowners` (protocol/src/teams.rs). */
export interface CodeownersParams {
  textDocument?: TextDocumentRef;
  mode?: "check" | "suggest";
}

/** Params of `aexy/teams`: `ask` is a repository-relative path to find the team for. */
export interface TeamsParams {
  textDocument?: TextDocumentRef;
  ask?: string;
}

/** Params of `aexy/career` (protocol/src/careers.rs). */
export interface CareerParams {
  textDocument?: TextDocumentRef;
  developer?: string;
  target?: string;
}

export interface MentorsParams {
  textDocument?: TextDocumentRef;
  area: string;
}

export interface HiringParams {
  textDocument?: TextDocumentRef;
  plan?: boolean;
  top?: number;
}

/** The CODEOWNERS owners of a file next to its experts (`declared` of `aexy/ownership`). */
export interface DeclaredOwners {
  file: string;
  lines: number[];
  owners: string[];
  differs: boolean;
  note: string;
}

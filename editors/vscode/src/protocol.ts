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

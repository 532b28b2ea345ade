/**
 * The people pages: the career card of a profile (placement, gaps with their evidence, the
 * learning path with files to read and a mentor per area), the CODEOWNERS check, teams and the
 * hiring gaps. Everything shown comes from the daemon's JSON; nothing is computed here.
 */
import { isObj, Json, Obj, personName, pick } from "./extract";
import { card } from "./sections";
import { Bar, barChart, el } from "./svg";

const list = (v: Json | undefined): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const str = (v: Json | undefined): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

function table(head: string[], rows: string[][]): HTMLTableElement {
  const t = el("table", "rows");
  const tr = el("tr");
  for (const h of head) tr.appendChild(el("th", undefined, h));
  t.appendChild(tr);
  for (const r of rows) {
    const row = el("tr");
    for (const c of r) row.appendChild(el("td", undefined, c));
    t.appendChild(row);
  }
  return t;
}

/** The career card and the learning path of a profile page (`career` is `aexy/career`'s details). */
export function renderCareer(root: HTMLElement, career: Obj): void {
  const placed = str(pick(career, "placementTitle")) || "not yet on the ladder";
  const target = str(pick(career, "targetTitle"));
  const c = card(root, "career", "Career", `Placed at ${placed} on the ladder (${str(pick(career, "ladder"))})${target ? `; toward ${target}` : ""}`);
  const gaps = list(pick(career, "gaps"));
  if (target && gaps.length === 0) c.appendChild(el("p", undefined, `Every criterion of ${target} is met.`));
  if (gaps.length) {
    c.appendChild(el("p", "muted", `${gaps.length} criterion${gaps.length === 1 ? "" : "a"} to go:`));
    const rows: string[][] = [];
    for (const g of gaps) for (const a of list(pick(g, "alternatives"))) {
      const value = typeof a.value === "number" ? String(a.value) : "not measured";
      rows.push([str(a.requirement), value, str(a.evidence)]);
    }
    c.appendChild(table(["Criterion", "Value", "Evidence"], rows));
  }
  const path = pick(career, "path");
  const steps = isObj(path) ? list(pick(path, "steps")) : [];
  const notes = isObj(path) ? (pick(path, "notes") as Json[] | undefined) ?? [] : [];
  if (!steps.length && !notes.length) return;
  const p = card(root, "learning-path", "Learning path", "Areas next to the code you know, the files to read first, and who can teach each");
  const ol = el("ol", "steps");
  for (const st of steps) {
    const li = el("li", "step");
    li.appendChild(el("strong", "area", str(st.area)));
    li.appendChild(el("span", "muted", ` — ${str(st.why)}`));
    const helps = Array.isArray(st.helps) ? st.helps.map(str).filter(Boolean) : [];
    if (helps.length) li.appendChild(el("div", "muted", `helps: ${helps.join("; ")}`));
    const reads = list(st.readFirst);
    if (reads.length) {
      const ul = el("ul", "read-first");
      for (const r of reads) ul.appendChild(el("li", undefined, `${str(r.path)} — ${str(r.why)}`));
      li.appendChild(ul);
    }
    const m = st.mentor;
    li.appendChild(el("div", "mentor", isObj(m) ? `Mentor: ${personName(m) ?? "?"} (${str(m.why)})` : "Mentor: no active expert here"));
    ol.appendChild(li);
  }
  p.appendChild(ol);
  for (const n of notes) p.appendChild(el("p", "muted", str(n)));
}

/** `aexy/codeowners` (check) details. */
export function renderCodeowners(root: HTMLElement, data: Obj): void {
  root.appendChild(el("h1", undefined, `CODEOWNERS: ${str(pick(data, "file"))}`));
  const files = pick(data, "files");
  const covered = pick(data, "coveredFiles");
  root.appendChild(el("p", "muted", `${str(pick(data, "rules"))} rules, read as ${str(pick(data, "dialect"))} (from ${str(pick(data, "dialectReason"))}); ${str(covered)} of ${str(files)} files owned`));
  if (pick(data, "rejectedByHost") === true) root.appendChild(el("p", "error", "GitHub ignores this file until its errors are fixed."));
  const findings = list(pick(data, "findings"));
  const c = card(root, "findings", "Findings", "Declared owners against the measured experts (Degree of Authorship)");
  if (!findings.length) {
    c.appendChild(el("p", undefined, "No findings: the declared owners match the measured experts."));
    return;
  }
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(str(f.kind), (counts.get(str(f.kind)) ?? 0) + 1);
  const tone: Record<string, number> = { syntax: 4, stale: 4, dead: 3, undeclared: 2, uncovered: 0 };
  c.appendChild(barChart([...counts].map(([label, value]): Bar => ({ label, value, tone: tone[label] ?? 0 })), { format: (v) => String(v) }));
  const rows = findings.map((f) => [
    str(f.kind),
    str(f.line),
    str(f.pattern),
    str(f.message),
    list(f.people).map((p) => `${personName(p) ?? "?"}: ${str(p.detail)}`).join("; "),
  ]);
  c.appendChild(table(["Kind", "Line", "Pattern", "Finding", "People"], rows));
}

/** `aexy/teams` details. */
export function renderTeams(root: HTMLElement, data: Obj): void {
  root.appendChild(el("h1", undefined, "Teams"));
  const teams = list(pick(data, "teams"));
  if (!teams.length) {
    card(root, "teams-table", "Teams", "No teams: declare them in .aexy/teams.toml or name them in CODEOWNERS.");
    return;
  }
  const tf = card(root, "team-truck-factors", "Truck factor per team", "Avelino's greedy estimate on each team's files");
  tf.appendChild(barChart(teams.map((t): Bar => {
    const v = isObj(t.truckFactor) && typeof t.truckFactor.value === "number" ? t.truckFactor.value : 0;
    return { label: str(t.name), value: v, tone: v <= 1 ? 4 : v === 2 ? 3 : 1 };
  }), { format: (v) => String(v) }));
  const rows = teams.map((t) => [
    str(t.name),
    list(t.members).map((m) => personName(m) ?? "?").join(", ") || (t.membersDeclared ? "none resolved" : "unknown"),
    str(t.files),
    str(t.siloFiles),
    str(t.orphanedFiles),
    typeof t.authoredByMembers === "number" ? `${Math.round(t.authoredByMembers * 100)}%` : "—",
  ]);
  card(root, "teams-table", "Teams").appendChild(table(["Team", "Members", "Files", "Silo files", "Orphaned", "Members author"], rows));
  const shared = list(pick(data, "shared"));
  if (shared.length) {
    const c = card(root, "shared", "Knowledge shared across teams");
    c.appendChild(table(["Files of", "Held by", "Files", "People"], shared.map((x) => [str(x.team), str(x.heldBy), str(x.files), Array.isArray(x.people) ? x.people.map(str).join(", ") : ""])));
  }
}

/** `aexy/hiring` details (the gaps). */
export function renderHiring(root: HTMLElement, data: Json): void {
  root.appendChild(el("h1", undefined, "Hiring gaps"));
  const gaps = Array.isArray(data) ? data.filter(isObj) : isObj(data) ? list(pick(data, "gaps")) : [];
  if (!gaps.length) {
    card(root, "gaps", "No gaps", "Every area has more than one active expert and every language more than one active holder.");
    return;
  }
  const c = card(root, "gaps", "Ranked by risk", "risk = fragility × (files + changes in the last 180 days)");
  c.appendChild(barChart(gaps.slice(0, 15).map((g): Bar => ({ label: `${str(g.kind)}: ${str(g.subject)}`, value: typeof g.risk === "number" ? g.risk : 0, tone: 4 }))));
  c.appendChild(table(["Kind", "Subject", "Risk", "Evidence", "Held by"], gaps.map((g) => [
    str(g.kind),
    str(g.subject),
    str(g.risk),
    Array.isArray(g.evidence) ? g.evidence.map(str).join("; ") : "",
    list(g.holders).map((h) => `${personName(h) ?? "?"} (${str(h.detail)})`).join(", ") || "nobody active",
  ])));
}

/**
 * The sections of the profile and team-insights pages: each takes the daemon's JSON and adds a
 * titled card with a chart, or nothing when the daemon did not send that part.
 */
import { find, isObj, Json, labelOf, measureOf, Obj, personName, pick, toBars, toGrid } from "./extract";
import { Bar, barChart, el, heatmap, lineChart } from "./svg";

/** A titled card (section.card#id) appended to `root`. */
export function card(root: HTMLElement, id: string, title: string, subtitle?: string): HTMLElement {
  const c = el("section", "card");
  c.id = id;
  c.appendChild(el("h2", undefined, title));
  if (subtitle) c.appendChild(el("p", "muted", subtitle));
  root.appendChild(c);
  return c;
}

const arr = (v: Json | undefined): Json[] =>
  Array.isArray(v) ? v : isObj(v) ? Object.entries(v).map(([k, x]): Json => (isObj(x) ? { name: k, ...x } : { name: k, value: x })) : [];

export function renderProfile(root: HTMLElement, data: Obj): void {
  const who = personName(find(data, "developer", "person", "identity")) ?? "Developer";
  root.appendChild(el("h1", undefined, who));
  const commits = pick(data, "commits");
  if (typeof commits === "number") {
    const first = pick(data, "firstCommit");
    const last = pick(data, "lastCommit");
    const span = typeof first === "string" && typeof last === "string" ? ` · ${first.slice(0, 10)} → ${last.slice(0, 10)}` : "";
    root.appendChild(el("p", "muted", `${commits} commit${commits === 1 ? "" : "s"}${span}`));
  }
  const grid = toGrid(find(data, "heatmap", "activity"));
  if (grid) card(root, "heatmap", "When they commit", "Weekday × hour, in the developer's own timezone").appendChild(heatmap(grid));
  const langs = toBars(arr(find(data, "languages")), ["lines", "score"]);
  if (langs.length) card(root, "languages", "Languages", "Lines changed in classified, non-vendored files; colour = proficiency level").appendChild(barChart(langs, { unit: " lines" }));
  const fw = toBars([...arr(find(data, "frameworks")), ...arr(find(data, "libraries"))], ["score", "commits"]);
  if (fw.length) card(root, "frameworks", "Frameworks and libraries").appendChild(barChart(fw));
  const areas = toBars(arr(find(data, "areas")), ["score", "authoredFiles", "files", "commits"]);
  if (areas.length) card(root, "areas", "Areas", "Directories they author").appendChild(barChart(areas));
  const collab = toBars(arr(find(data, "collaborators")), ["sharedFiles", "files", "count"]);
  if (collab.length) card(root, "collaborators", "Frequent collaborators", "Shared files").appendChild(barChart(collab, { format: (v) => String(Math.round(v)) }));
  const traj = arr(find(data, "trajectory"));
  if (traj.length) {
    const pts = traj.filter(isObj).map((q) => ({ label: labelOf(q), value: measureOf(q, ["commits", "lines"]) ?? 0 }));
    card(root, "trajectory", "Trajectory", "Activity per quarter").appendChild(lineChart(pts));
  }
  const signals = find(data, "signals", "sustainability");
  if (isObj(signals)) {
    const note = pick(signals, "note");
    const c = card(root, "signals", "Sustainability signals", typeof note === "string" ? note : "Compared with their own baseline — signals to talk about, never a verdict");
    const bars: Bar[] = [];
    for (const [k, v] of Object.entries(signals)) {
      const label = k.replace(/([A-Z])/g, " $1").toLowerCase();
      if (isObj(v) && typeof v.overall === "number") {
        const base = typeof v.baseline === "number" ? `baseline ${Math.round(v.baseline * 100)}%` : undefined;
        bars.push({ label, value: v.overall, note: base, tone: 3 });
      }
    }
    if (bars.length) c.appendChild(barChart(bars, { max: 1, format: (x) => `${Math.round(x * 100)}%` }));
    else c.appendChild(el("p", "muted", "Not shown for this developer (privacy opt-in)."));
    const load = pick(signals, "weeklyLoad");
    if (isObj(load) && typeof load.zScore === "number") {
      c.appendChild(el("p", "muted", `This week: ${String(load.thisWeek ?? "?")} commits against a trailing median of ${String(load.trailingMedian ?? "?")} (z = ${load.zScore.toFixed(1)})`));
    }
    const visibility = pick(data, "signalsVisibility");
    if (typeof visibility === "string") c.appendChild(el("p", "muted", visibility));
  }
}

export function renderTeam(root: HTMLElement, data: Obj): void {
  root.appendChild(el("h1", undefined, "Team insights"));
  const scope = find(data, "scope");
  if (isObj(scope)) {
    const parts = [
      typeof scope.path === "string" ? scope.path : "whole repository",
      typeof scope.commits === "number" ? `${scope.commits} commits` : "",
      typeof scope.developers === "number" ? `${scope.developers} developers` : "",
      typeof scope.consideredFiles === "number" ? `${scope.consideredFiles} of ${String(scope.files ?? "?")} files considered` : "",
    ].filter(Boolean);
    root.appendChild(el("p", "muted", parts.join(" · ")));
  }
  const tf = find(data, "truckFactor");
  if (isObj(tf)) {
    const c = card(root, "truck-factor", "Truck factor", "Avelino et al. (ICPC 2016): developers who would have to leave before half the files lose every author");
    const big = el("div", "big");
    big.appendChild(el("span", "number", String(pick(tf, "value") ?? "?")));
    const devs = arr(pick(tf, "developers")).map(personName).filter(Boolean).join(", ");
    big.appendChild(el("span", "muted", devs ? ` ${devs}` : ""));
    c.appendChild(big);
    const cov = arr(pick(tf, "coverage"));
    const removed = arr(pick(tf, "developers")).map((d) => personName(d) ?? "?");
    // coverage[0] is before any removal; coverage[i] after removing developers[i-1].
    const stepLabel = (i: number) => (i === 0 ? "everyone" : `− ${removed[i - 1] ?? `#${i}`}`);
    const pts = cov.map((v, i) => ({
      label: isObj(v) ? personName(pick(v, "removed", "developer")) ?? stepLabel(i) : stepLabel(i),
      value: typeof v === "number" ? v : isObj(v) ? measureOf(v, ["coverage"]) ?? 0 : 0,
    }));
    if (pts.length) {
      const pct = pts.some((p) => p.value > 1) ? 1 : 100;
      c.appendChild(el("p", "muted", "Files still covered by an author after each removal (50% line)"));
      c.appendChild(lineChart(pts.map((p) => ({ ...p, value: +(p.value * pct).toFixed(1) })), { reference: 50, max: 100, unit: "%" }));
    }
  }
  const dirsRaw = find(data, "directories", "byDirectory", "truckFactorByDirectory", "modules");
  const dirs = isObj(tf) && Array.isArray(pick(tf, "directories", "byDirectory")) ? arr(pick(tf, "directories", "byDirectory")) : arr(dirsRaw);
  const dirBars = toBars(dirs, ["truckFactor", "value"], 20).map((b) => ({ ...b, tone: b.value <= 1 ? 4 : b.value === 2 ? 3 : 1 }));
  if (dirBars.length) card(root, "directories", "Truck factor by directory", "Modules that sit in one head are red").appendChild(barChart(dirBars, { format: (v) => String(v) }));
  const silosRaw = find(data, "silos");
  const silos: Json[] = isObj(silosRaw) ? Object.values(silosRaw).flatMap((v) => (Array.isArray(v) ? v : [])) : arr(silosRaw);
  if (silos.length) {
    const c = card(root, "silos", "Knowledge silos", `${silos.length} ${silos.length === 1 ? "file or directory" : "files or directories"} with a single author`);
    const byAuthor = new Map<string, number>();
    for (const s of silos) if (isObj(s)) {
      const a = personName(pick(s, "author", "developer", "owner", "dev")) ?? (Array.isArray(pick(s, "authors")) ? personName((pick(s, "authors") as Json[])[0]) : undefined) ?? "?";
      byAuthor.set(a, (byAuthor.get(a) ?? 0) + 1);
    }
    c.appendChild(barChart([...byAuthor].sort((a, b) => b[1] - a[1]).map(([label, value]) => ({ label, value, tone: 3 })), { format: (v) => `${v} silo${v === 1 ? "" : "s"}` }));
  }
  const orphaned = arr(find(data, "orphaned"));
  if (orphaned.length) card(root, "orphaned", "Orphaned code", `${orphaned.length} ${orphaned.length === 1 ? "file whose authors have" : "files whose authors have"} all been inactive for long`);
  const hot = toBars(arr(find(data, "hotspots")), ["score", "revisions", "changes"]);
  if (hot.length) card(root, "hotspots", "Hotspots", "Tornhill: change frequency × complexity at HEAD").appendChild(barChart(hot.map((b) => ({ ...b, tone: 4 }))));
  const coupling = arr(find(data, "coupling"));
  const pairs = coupling.filter(isObj).map((p: Obj) => {
    const a = pick(p, "a", "file", "left", "entity");
    const b = pick(p, "b", "coupled", "right", "other");
    const deg = measureOf(p, ["degree"]) ?? 0;
    return { label: `${String(a ?? "?")} ↔ ${String(b ?? "?")}`, value: deg > 1 ? deg / 100 : deg, tone: 2 };
  });
  if (pairs.length) card(root, "coupling", "Change coupling", "code-maat degree: shared commits ÷ mean commits of the pair").appendChild(barChart(pairs.slice(0, 15), { max: 1, format: (v) => `${Math.round(v * 100)}%` }));
  const vel = find(data, "velocity");
  const weeks = arr(isObj(vel) ? pick(vel, "weeks", "series", "perWeek") : vel);
  if (weeks.length) {
    const pts = weeks.filter(isObj).map((w: Obj) => ({ label: String(pick(w, "week", "start", "date") ?? ""), value: measureOf(w, ["commits"]) ?? 0 }));
    card(root, "velocity", "Velocity", "Commits per week").appendChild(lineChart(pts.slice(-26)));
  }
  const grid = toGrid(find(data, "heatmap"));
  if (grid) card(root, "team-heatmap", "When the team commits", "Weekday × hour, each commit in its author's own timezone").appendChild(heatmap(grid));
  const ai = find(data, "aiShare");
  if (isObj(ai) && isObj(ai.overall) && typeof ai.overall.commits === "number") {
    const o = ai.overall;
    const share = typeof o.share === "number" ? o.share : 0;
    const c = card(root, "ai-share", "AI-assisted work", `${Math.round(share * 100)}% of ${o.commits} commits show an AI agent (trailers or identities)`);
    const dirs = isObj(ai.byDirectory) ? Object.entries(ai.byDirectory) : [];
    const bars = dirs.filter(([, v]) => isObj(v) && typeof v.aiCommits === "number" && v.aiCommits > 0).map(([k, v]) => ({ label: k, value: (v as Obj).share as number, tone: 2 }));
    if (bars.length) c.appendChild(barChart(bars, { max: 1, format: (x) => `${Math.round(x * 100)}%` }));
  }
}

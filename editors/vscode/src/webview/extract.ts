/**
 * Reads the daemon's profile / team-insights JSON without depending on every field name: finds
 * the label and the measure of each row, and the weekday × hour grid of a heatmap.
 */
import type { Bar } from "./svg";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Obj = { [k: string]: Json };

export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** The value of the first key present (case-insensitive) among `names`. */
export function pick(o: Obj, ...names: string[]): Json | undefined {
  const keys = Object.keys(o);
  for (const n of names) {
    const k = keys.find((k) => k.toLowerCase() === n.toLowerCase());
    if (k !== undefined && o[k] !== null && o[k] !== undefined) return o[k];
  }
  return undefined;
}

export function personName(v: Json | undefined): string | undefined {
  if (typeof v === "string") return v;
  if (isObj(v)) {
    const n = pick(v, "name", "developer", "email");
    return typeof n === "string" ? n : personName(n);
  }
  return undefined;
}

const LABELS = ["name", "language", "framework", "library", "path", "file", "directory", "dir", "area", "developer", "author", "quarter", "week", "month"];
const MEASURES = ["score", "share", "degree", "value", "truckFactor", "lines", "changes", "revisions", "commits", "count", "proficiency", "complexity", "churn", "files"];
export const LEVELS = ["novice", "intermediate", "advanced", "expert"];

/** The row's label: a known label key, else the first string field. */
export function labelOf(o: Obj): string {
  for (const k of LABELS) {
    const v = pick(o, k);
    const s = typeof v === "string" ? v : personName(v);
    if (s) return s;
  }
  const first = Object.values(o).find((v) => typeof v === "string");
  return typeof first === "string" ? first : "?";
}

/** The row's measure: `prefer` keys first, then the usual measures, then the first number. */
export function measureOf(o: Obj, prefer: string[] = []): number | undefined {
  for (const k of [...prefer, ...MEASURES]) {
    const v = pick(o, k);
    if (typeof v === "number" && Number.isFinite(v)) return v;
  }
  const first = Object.values(o).find((v) => typeof v === "number");
  return typeof first === "number" ? first : undefined;
}

/**
 * Lifts nested measures to the row: `proficiency` (level, score, lines…) merges in; an object
 * with a numeric `value` (a directory's `truckFactor`) or `total` (`complexity`) becomes it.
 */
export function flatten(row: Obj): Obj {
  const out: Obj = { ...row };
  for (const [k, v] of Object.entries(row)) {
    if (!isObj(v)) continue;
    if (k === "proficiency") Object.assign(out, v, out.level === undefined ? {} : { level: out.level });
    else if (typeof v.value === "number") out[k] = v.value;
    else if (typeof v.total === "number") out[k] = v.total;
  }
  return out;
}

/** Rows as bars; a `level` field (novice…expert) picks the colour. */
export function toBars(rows: Json[], prefer: string[] = [], limit = 15): Bar[] {
  const bars: Bar[] = [];
  for (const raw of rows) {
    if (!isObj(raw)) continue;
    const r = flatten(raw);
    const value = measureOf(r, prefer);
    if (value === undefined) continue;
    const level = pick(r, "level");
    const tone = typeof level === "string" && LEVELS.includes(level.toLowerCase()) ? LEVELS.indexOf(level.toLowerCase()) + 1 : 0;
    bars.push({ label: labelOf(r), value, note: typeof level === "string" ? level : undefined, tone });
  }
  return bars.slice(0, limit);
}

/** A 7×24 grid from `number[7][24]`, `{weekday,hour,count}[]` or `{cells: …}`. */
export function toGrid(v: Json | undefined): number[][] | undefined {
  if (isObj(v)) return toGrid(pick(v, "cells", "grid", "counts", "matrix"));
  if (!Array.isArray(v) || v.length === 0) return undefined;
  if (Array.isArray(v[0])) return (v as Json[]).map((row) => (Array.isArray(row) ? row.map((n) => (typeof n === "number" ? n : 0)) : []));
  const grid = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  let any = false;
  for (const c of v) {
    if (!isObj(c)) continue;
    const d = pick(c, "weekday", "day", "dow");
    const h = pick(c, "hour");
    const n = pick(c, "count", "commits", "value");
    if (typeof d === "number" && typeof h === "number" && typeof n === "number" && d >= 0 && d < 7 && h >= 0 && h < 24) {
      grid[d][h] += n;
      any = true;
    }
  }
  return any ? grid : undefined;
}

/** Finds a value by key anywhere at the top level or one level down. */
export function find(data: Obj, ...names: string[]): Json | undefined {
  const direct = pick(data, ...names);
  if (direct !== undefined) return direct;
  for (const v of Object.values(data)) if (isObj(v)) {
    const inner = pick(v, ...names);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/**
 * Tiny SVG builders for the insights webview. Colours come only from classes in webview.css
 * (VS Code theme variables), so the charts follow the theme and need no inline styles (CSP).
 */

const NS = "http://www.w3.org/2000/svg";

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

export function titled(node: SVGElement, title: string): SVGElement {
  node.appendChild(svg("title", {}, title));
  return node;
}

export interface Bar {
  label: string;
  value: number;
  note?: string;
  /** 0..4: the palette class c0..c4 (by level, risk, …). */
  tone?: number;
}

/** Horizontal bar chart: one row per bar, label left, value right, bar scaled to the maximum. */
export function barChart(bars: Bar[], opts: { unit?: string; max?: number; format?: (v: number) => string } = {}): SVGElement {
  const rowH = 22;
  const labelW = 230;
  const chartW = 320;
  const width = labelW + chartW + 120;
  const max = opts.max ?? Math.max(1e-9, ...bars.map((b) => b.value));
  const fmt = opts.format ?? ((v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2)));
  const root = svg("svg", { viewBox: `0 0 ${width} ${bars.length * rowH + 4}`, width, class: "chart bars", role: "img" });
  bars.forEach((b, i) => {
    const y = i * rowH + 2;
    const label = b.label.length > 34 ? "…" + b.label.slice(-33) : b.label;
    root.appendChild(titled(svg("text", { x: labelW - 8, y: y + 15, class: "label", "text-anchor": "end" }, label), b.label));
    const w = Math.max(2, (b.value / max) * chartW);
    root.appendChild(titled(svg("rect", { x: labelW, y: y + 3, width: w, height: rowH - 8, rx: 2, class: `bar c${b.tone ?? 0}` }), `${b.label}: ${fmt(b.value)}${opts.unit ?? ""}${b.note ? ` — ${b.note}` : ""}`));
    root.appendChild(svg("text", { x: labelW + w + 6, y: y + 15, class: "value" }, `${fmt(b.value)}${opts.unit ?? ""}${b.note ? `  ${b.note}` : ""}`));
  });
  return root;
}

/** Weekday × hour heatmap; cell opacity by count relative to the busiest cell. */
export function heatmap(grid: number[][]): SVGElement {
  const days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  const cell = 18;
  const left = 40;
  const top = 18;
  const max = Math.max(1, ...grid.flat());
  const root = svg("svg", { viewBox: `0 0 ${left + 24 * cell + 4} ${top + 7 * cell + 4}`, width: left + 24 * cell + 4, class: "chart heatmap", role: "img" });
  for (let h = 0; h < 24; h += 3) root.appendChild(svg("text", { x: left + h * cell + 2, y: 12, class: "axis" }, String(h).padStart(2, "0")));
  grid.slice(0, 7).forEach((row, d) => {
    root.appendChild(svg("text", { x: 0, y: top + d * cell + 13, class: "axis" }, days[d] ?? String(d)));
    for (let h = 0; h < 24; h++) {
      const v = row[h] ?? 0;
      const r = svg("rect", {
        x: left + h * cell,
        y: top + d * cell,
        width: cell - 2,
        height: cell - 2,
        rx: 2,
        class: v > 0 ? "cell" : "cell empty",
        "fill-opacity": v > 0 ? (0.2 + 0.8 * (v / max)).toFixed(2) : 1,
      });
      root.appendChild(titled(r, `${days[d]} ${String(h).padStart(2, "0")}:00 — ${v} commit${v === 1 ? "" : "s"}`));
    }
  });
  return root;
}

/** Line chart of a series (coverage trace, weekly velocity), with an optional reference line. */
export function lineChart(points: { label: string; value: number }[], opts: { reference?: number; max?: number; unit?: string } = {}): SVGElement {
  const w = 560;
  const h = 160;
  const pad = 28;
  const max = opts.max ?? Math.max(1e-9, ...points.map((p) => p.value), opts.reference ?? 0);
  const x = (i: number) => pad + (points.length <= 1 ? 0 : (i * (w - 2 * pad)) / (points.length - 1));
  const y = (v: number) => h - pad - (v / max) * (h - 2 * pad);
  const root = svg("svg", { viewBox: `0 0 ${w} ${h}`, width: w, class: "chart line", role: "img" });
  root.appendChild(svg("line", { x1: pad, y1: h - pad, x2: w - pad, y2: h - pad, class: "axisline" }));
  if (opts.reference !== undefined) {
    root.appendChild(svg("line", { x1: pad, y1: y(opts.reference), x2: w - pad, y2: y(opts.reference), class: "reference" }));
    root.appendChild(svg("text", { x: w - pad, y: y(opts.reference) - 4, class: "axis", "text-anchor": "end" }, `${opts.reference}${opts.unit ?? ""}`));
  }
  root.appendChild(svg("polyline", { points: points.map((p, i) => `${x(i)},${y(p.value)}`).join(" "), class: "series" }));
  points.forEach((p, i) => {
    root.appendChild(titled(svg("circle", { cx: x(i), cy: y(p.value), r: 3.5, class: "dot" }), `${p.label}: ${p.value}${opts.unit ?? ""}`));
    if (points.length <= 12 || i % Math.ceil(points.length / 8) === 0) {
      root.appendChild(svg("text", { x: x(i), y: h - 8, class: "axis", "text-anchor": "middle" }, p.label.length > 18 ? p.label.slice(0, 17) + "…" : p.label));
    }
  });
  return root;
}

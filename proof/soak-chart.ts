// The soak as a picture: latency (p50, p99, worst) per 10-second window against the 25 ms target, and
// the bot's resident memory every second. Drawn as SVG by hand (a few lines and labels do not need a
// charting library) and turned into a PNG by Debian's Chromium through playwright-core, which the
// browser test already uses; without Chromium the SVG is written instead.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { chromium } from "playwright-core";

export type LatencyWindow = { atS: number; p50: number; p99: number; max: number };
export type RssSample = { atS: number; mb: number };
export type SoakSeries = {
  /** Lines separated by "\n". */
  title: string;
  targetMs: number;
  latency: LatencyWindow[];
  rss: RssSample[];
};

/** Response times gathered into windows of `windowS` seconds, by the second of the run each came at. */
export class LatencyWindows {
  private readonly windows = new Map<number, number[]>();

  constructor(private readonly windowS = 10) {}

  record(ms: number, atS: number): void {
    const index = Math.floor(atS / this.windowS);
    const list = this.windows.get(index) ?? [];
    list.push(ms);
    this.windows.set(index, list);
  }

  /**
   * One point per window, at the window's middle. The last window is left out when it has under a
   * quarter of the busiest one's responses (the run's ragged end: its p99 would be a handful of
   * samples); a sparse window mid-run stays, since a stall is what makes it sparse.
   */
  series(): LatencyWindow[] {
    const busiest = Math.max(0, ...[...this.windows.values()].map((list) => list.length));
    const lastIndex = Math.max(-1, ...this.windows.keys());
    return [...this.windows.entries()]
      .filter(([index, list]) => index !== lastIndex || list.length * 4 >= busiest)
      .sort(([a], [b]) => a - b)
      .map(([index, list]) => {
        list.sort((a, b) => a - b);
        const at = (q: number) => list[Math.min(list.length - 1, Math.floor(list.length * q))] ?? 0;
        return { atS: (index + 0.5) * this.windowS, p50: at(0.5), p99: at(0.99), max: list.at(-1) ?? 0 };
      });
  }
}

const CHROMIUM = "/usr/bin/chromium";
const WIDTH = 960;
const PANEL = { left: 70, right: WIDTH - 20, height: 230 };
const LATENCY_TOP = 80;
const RSS_TOP = LATENCY_TOP + PANEL.height + 70;
const HEIGHT = RSS_TOP + PANEL.height + 50;
const COLORS = { p50: "#2b8a3e", p99: "#1864ab", max: "#c92a2a", target: "#e67700", rss: "#5f3dc4" };

/** A round number at or above `value`, for an axis' top (1, 2 or 5 times a power of ten). */
export function niceCeil(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

type Panel = { top: number; yMax: number; xMax: number; label: string };

const xOf = (p: Panel, atS: number) => PANEL.left + ((PANEL.right - PANEL.left) * atS) / p.xMax;
const yOf = (p: Panel, value: number) =>
  p.top + PANEL.height - (PANEL.height * Math.min(value, p.yMax)) / p.yMax;

function polyline(p: Panel, points: Array<[number, number]>, color: string, extra = ""): string {
  const path = points.map(([x, y]) => `${xOf(p, x).toFixed(1)},${yOf(p, y).toFixed(1)}`).join(" ");
  return `<polyline fill="none" stroke="${color}" stroke-width="1.6" ${extra} points="${path}"/>`;
}

function axes(p: Panel): string {
  const parts = [
    `<text x="${PANEL.left}" y="${p.top - 10}" font-size="14" font-weight="bold">${escapeXml(p.label)}</text>`,
    `<rect x="${PANEL.left}" y="${p.top}" width="${PANEL.right - PANEL.left}" height="${PANEL.height}" fill="none" stroke="#adb5bd"/>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const value = (p.yMax * i) / 5;
    const y = yOf(p, value);
    parts.push(`<line x1="${PANEL.left}" x2="${PANEL.right}" y1="${y}" y2="${y}" stroke="#e9ecef"/>`);
    parts.push(`<text x="${PANEL.left - 6}" y="${y + 4}" font-size="11" text-anchor="end">${value}</text>`);
  }
  const every = p.xMax > 20 * 60 ? 5 : 1;
  for (let m = 0; m * 60 <= p.xMax; m += every) {
    const x = xOf(p, m * 60);
    parts.push(
      `<text x="${x}" y="${p.top + PANEL.height + 16}" font-size="11" text-anchor="middle">${m} min</text>`,
    );
  }
  return parts.join("\n");
}

function legend(top: number, entries: Array<[string, string]>): string {
  return entries
    .map(([name, color], i) => {
      const x = PANEL.right - 130 * (entries.length - i);
      return `<line x1="${x}" x2="${x + 24}" y1="${top - 14}" y2="${top - 14}" stroke="${color}" stroke-width="3"/><text x="${x + 30}" y="${top - 10}" font-size="12">${escapeXml(name)}</text>`;
    })
    .join("\n");
}

/** The whole chart as an SVG document. */
export function soakChartSvg(series: SoakSeries): string {
  const xMax = Math.max(60, ...series.latency.map((w) => w.atS), ...series.rss.map((s) => s.atS));
  // The axis shows twice the target at least; a spike above its top is drawn at the top edge.
  const worstP99 = Math.max(0, ...series.latency.map((w) => w.p99));
  const latency: Panel = {
    top: LATENCY_TOP,
    xMax,
    yMax: niceCeil(Math.max(series.targetMs * 2, worstP99 * 1.1)),
    label: "Acknowledgement latency per 10 s window (ms)",
  };
  const rss: Panel = {
    top: RSS_TOP,
    xMax,
    yMax: niceCeil(Math.max(1, ...series.rss.map((s) => s.mb)) * 1.1),
    label: "Bot resident memory (MB), every second",
  };
  const line = (key: "p50" | "p99" | "max") =>
    polyline(
      latency,
      series.latency.map((w) => [w.atS, w[key]]),
      COLORS[key],
    );
  const target = yOf(latency, series.targetMs);
  // A value above the axis is drawn at its top edge, with the value written beside it.
  const clamped = series.latency
    .filter((w) => w.max > latency.yMax)
    .map(
      (w) =>
        `<text x="${xOf(latency, w.atS) + 4}" y="${latency.top + 12}" font-size="11" fill="${COLORS.max}">${Math.round(w.max)} ms</text>`,
    );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    // One line per "\n" in the title: the machine line alone is about as wide as the chart.
    ...series.title
      .split("\n")
      .map(
        (line, i) => `<text x="${PANEL.left}" y="${22 + 19 * i}" font-size="15">${escapeXml(line)}</text>`,
      ),
    axes(latency),
    `<line x1="${PANEL.left}" x2="${PANEL.right}" y1="${target}" y2="${target}" stroke="${COLORS.target}" stroke-dasharray="6 4" stroke-width="1.5"/>`,
    line("max"),
    line("p99"),
    line("p50"),
    ...clamped,
    legend(LATENCY_TOP, [
      ["p50", COLORS.p50],
      ["p99", COLORS.p99],
      ["worst", COLORS.max],
      [`target ${series.targetMs} ms`, COLORS.target],
    ]),
    axes(rss),
    polyline(
      rss,
      series.rss.map((s) => [s.atS, s.mb]),
      COLORS.rss,
    ),
    "</svg>",
  ].join("\n");
}

/** Writes the chart as a PNG at `file` (or as SVG beside it without Chromium); returns the path written. */
export async function writeSoakChart(series: SoakSeries, file: string): Promise<string> {
  mkdirSync(dirname(file), { recursive: true });
  const svg = soakChartSvg(series);
  if (!existsSync(CHROMIUM)) {
    const svgFile = `${file.replace(/\.png$/, "")}.svg`;
    writeFileSync(svgFile, svg);
    return svgFile;
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox"],
    timeout: 30_000,
  });
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
    await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
    await page.locator("svg").screenshot({ path: file, timeout: 30_000 });
  } finally {
    await browser.close();
  }
  return file;
}

import { describe, expect, it } from "vitest";
import { LatencyWindows, niceCeil, soakChartSvg } from "./soak-chart.js";

describe("soak chart", () => {
  it.each([
    [0, 1],
    [0.3, 0.5],
    [1, 1],
    [1.2, 2],
    [37, 50],
    [50, 50],
    [51, 100],
    [358, 500],
    [2_100, 5_000],
  ])("niceCeil(%s) = %s", (value, top) => {
    expect(niceCeil(value)).toBeCloseTo(top, 10);
  });

  it("gathers response times into windows and reports p50, p99 and the worst of each", () => {
    const windows = new LatencyWindows(10);
    for (let i = 1; i <= 100; i++) windows.record(i, 0.5); // first window: 1..100 ms
    for (let i = 0; i < 30; i++) windows.record(3, 25); // third; the second saw nothing
    windows.record(900, 45); // a sparse window mid-run (a stall) stays
    for (let i = 0; i < 30; i++) windows.record(4, 55);
    windows.record(7, 61); // a ragged end: 1 response, under a quarter of the busiest
    expect(windows.series()).toEqual([
      { atS: 5, p50: 51, p99: 100, max: 100 },
      { atS: 25, p50: 3, p99: 3, max: 3 },
      { atS: 45, p50: 900, p99: 900, max: 900 },
      { atS: 55, p50: 4, p99: 4, max: 4 },
    ]);
  });

  it("draws p50, p99, worst and memory, the target as a dashed line, a spike at the top edge", () => {
    const svg = soakChartSvg({
      title: "Soak <test> & co\nsecond line",
      targetMs: 25,
      latency: [
        { atS: 10, p50: 2, p99: 12, max: 30 },
        { atS: 20, p50: 3, p99: 400, max: 9_000 },
      ],
      rss: [
        { atS: 1, mb: 240 },
        { atS: 2, mb: 260 },
      ],
    });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(4);
    expect(svg).toContain("stroke-dasharray");
    expect(svg).toContain(">Soak &lt;test&gt; &amp; co</text>");
    expect(svg).toContain(">second line</text>");
    // The axis goes to 500 (400 × 1.1, rounded up); the 9,000 ms worst is drawn at the panel's top (y 80).
    expect(svg).toContain(">500</text>");
    expect(svg).toMatch(/points="[^"]* [\d.]+,80\.0"/);
    expect(svg).toContain(">9000 ms</text>");
  });
});

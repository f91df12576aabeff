// The days of /stats in the inbox's timezone, and percentiles read from duration bins (SPEC §14).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  durationBin,
  formatBin,
  percentileOf,
  periodHours,
  periodStart,
  statsTimezone,
} from "./stats-period.js";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "./window.js";

describe("statsTimezone", () => {
  it("reads the timezone setting when it names a zone, else UTC", () => {
    expect(statsTimezone({})).toBe("UTC");
    expect(statsTimezone({ timezone: "Europe/Berlin" })).toBe("Europe/Berlin");
    expect(statsTimezone({ timezone: "Mars/Olympus_Mons" })).toBe("UTC");
    expect(statsTimezone({ timezone: 5 })).toBe("UTC");
    expect(statsTimezone({ timezone: "" })).toBe("UTC");
  });
});

describe("periodStart", () => {
  const at = Date.UTC(2026, 0, 15, 9, 0, 0);
  it("starts today at local midnight", () => {
    expect(periodStart(at, "today", "UTC")).toBe(Date.UTC(2026, 0, 15));
    // Berlin is an hour ahead in winter: its midnight was 23:00 UTC the day before.
    expect(periodStart(at, "today", "Europe/Berlin")).toBe(Date.UTC(2026, 0, 14, 23));
    // Late evening in Los Angeles is already tomorrow in UTC: its day started at 08:00 UTC.
    expect(periodStart(Date.UTC(2026, 0, 16, 5), "today", "America/Los_Angeles")).toBe(
      Date.UTC(2026, 0, 15, 8),
    );
  });

  it("counts 7 and 30 days back to a local midnight across a daylight-saving change", () => {
    // New York moved to summer time on 8 March 2026: 4 March's midnight was still at UTC-5.
    const march10 = Date.UTC(2026, 2, 10, 12);
    expect(periodStart(march10, "7d", "America/New_York")).toBe(Date.UTC(2026, 2, 4, 5));
    expect(periodStart(march10, "30d", "UTC")).toBe(Date.UTC(2026, 1, 9));
  });

  it("reads whole UTC hours, the first one starting at or before local midnight", () => {
    // Kolkata is UTC+5:30: its midnight is 18:30 UTC, inside the 18:00 hour.
    const hours = periodHours(at, "today", "Asia/Kolkata");
    expect(hours.from * HOUR_MS).toBe(Date.UTC(2026, 0, 14, 18));
    expect(hours.to * HOUR_MS).toBe(Date.UTC(2026, 0, 15, 9));
  });
});

describe("duration bins", () => {
  it("round down to the unit shown", () => {
    expect(durationBin(59_000)).toBe(0);
    expect(durationBin(-5)).toBe(0);
    expect(durationBin(61 * MINUTE_MS)).toBe(HOUR_MS);
    expect(durationBin(25 * HOUR_MS)).toBe(DAY_MS);
    expect([0, 12 * MINUTE_MS, 5 * HOUR_MS, 3 * DAY_MS].map(formatBin)).toEqual(["<1m", "12m", "5h", "3d"]);
  });

  it("give the nearest-rank percentile", () => {
    const bins = new Map([
      [5 * MINUTE_MS, 1],
      [30 * MINUTE_MS, 1],
      [2 * HOUR_MS, 1],
    ]);
    expect(percentileOf(bins, 0.5)).toBe(30 * MINUTE_MS);
    expect(percentileOf(bins, 0.9)).toBe(2 * HOUR_MS);
    expect(percentileOf(new Map(), 0.5)).toBeNull();
  });

  it("read from bins, are the exact percentile rounded down as shown", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 * DAY_MS }), { minLength: 1 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (durations, p) => {
          const bins = new Map<number, number>();
          for (const d of durations) bins.set(durationBin(d), (bins.get(durationBin(d)) ?? 0) + 1);
          const sorted = [...durations].sort((a, b) => a - b);
          const exact = sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] ?? 0;
          expect(percentileOf(bins, p)).toBe(durationBin(exact));
        },
      ),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "./durations.js";
import { type Hours, isOpenAt, nextOpening, parseHours } from "./hours.js";

const MIN = 60_000;
const hoursOf = (text: string): Hours => {
  const parsed = parseHours(text);
  if (!parsed.ok) throw new Error(`bad hours ${text}: ${JSON.stringify(parsed.problem)}`);
  return parsed.hours;
};
// 2026-01-12 is a Monday.
const utc = (day: number, hh: number, mm = 0) => Date.UTC(2026, 0, 12 + day, hh, mm);

describe("parseDuration", () => {
  it.each([
    ["45m", 45 * MIN],
    ["2h", 120 * MIN],
    ["1h30m", 90 * MIN],
    ["1d", 1440 * MIN],
    ["1D2H", 1560 * MIN],
  ])("%s", (typed, ms) => {
    expect(parseDuration(typed)).toEqual({ ok: true, ms });
  });
  it.each([
    ["15", "not_a_duration"],
    ["m", "not_a_duration"],
    ["30m1h", "not_a_duration"],
    ["1.5h", "not_a_duration"],
    ["0m", "zero"],
    ["31d", "too_long"],
  ])("refuses %s", (typed, problem) => {
    expect(parseDuration(typed)).toEqual({ ok: false, problem });
  });
  it("formats what it parses back to the same length of time", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 * 1440 }), (minutes) => {
        const text = formatDuration(minutes * MIN);
        expect(parseDuration(text)).toEqual({ ok: true, ms: minutes * MIN });
      }),
    );
  });
});

describe("parseHours", () => {
  it("reads the spec's example and keeps a canonical spelling", () => {
    const parsed = parseHours("Mon-Fri 9:00-18:00,  sat 10:00-14:00");
    expect(parsed.ok && parsed.text).toBe("mon-fri 09:00-18:00, sat 10:00-14:00");
  });
  it.each([
    ["mon-fry 9-18", { kind: "day", token: "fry" }],
    ["mon-fri 9-18", { kind: "time", token: "9" }],
    ["mon-fri 09:00-25:00", { kind: "time", token: "25:00" }],
    ["mon-fri 09:00", { kind: "time", token: "09:00" }],
    ["mon-fri", { kind: "item" }],
    ["mon 09:00-09:00", { kind: "same" }],
    ["mon-tue-wed 09:00-10:00", { kind: "item" }],
    ["", { kind: "empty" }],
  ])("refuses %s", (typed, problem) => {
    const parsed = parseHours(typed);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatchObject(problem);
  });
});

describe("isOpenAt", () => {
  const week = hoursOf("mon-fri 09:00-18:00, sat 10:00-14:00");
  it.each([
    [utc(0, 9), true],
    [utc(0, 8, 59), false],
    [utc(0, 17, 59), true],
    [utc(0, 18), false], // the end is exclusive
    [utc(5, 10), true],
    [utc(5, 14), false],
    [utc(6, 12), false],
  ])("mon-fri 09-18, sat 10-14 at %s: %s", (at, open) => {
    expect(isOpenAt(week, "UTC", at)).toBe(open);
  });
  it("runs past midnight into the next day", () => {
    const nights = hoursOf("fri 22:00-06:00");
    expect(isOpenAt(nights, "UTC", utc(4, 23))).toBe(true);
    expect(isOpenAt(nights, "UTC", utc(5, 5, 59))).toBe(true);
    expect(isOpenAt(nights, "UTC", utc(5, 6))).toBe(false);
    expect(isOpenAt(nights, "UTC", utc(4, 5))).toBe(false); // Friday early morning: Thursday is not listed
  });
  it("wraps a day range through the weekend", () => {
    const weekend = hoursOf("fri-mon 10:00-12:00");
    expect([0, 1, 2, 3, 4, 5, 6].map((d) => isOpenAt(weekend, "UTC", utc(d, 11)))).toEqual([
      true,
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
  });
  it("reads the hours in the inbox's time zone", () => {
    const nine = hoursOf("mon 09:00-10:00");
    // 09:30 in Berlin (UTC+1 in January) is 08:30 UTC.
    expect(isOpenAt(nine, "Europe/Berlin", utc(0, 8, 30))).toBe(true);
    expect(isOpenAt(nine, "UTC", utc(0, 8, 30))).toBe(false);
  });
});

describe("nextOpening", () => {
  const week = hoursOf("mon-fri 09:00-18:00");
  it("is now when open, else the next start", () => {
    expect(nextOpening(week, "UTC", utc(0, 10))).toBe(utc(0, 10));
    expect(nextOpening(week, "UTC", utc(0, 18))).toBe(utc(1, 9));
    expect(nextOpening(week, "UTC", utc(4, 20))).toBe(utc(7, 9));
  });
  it("finds an opening moved by a daylight-saving jump", () => {
    // Europe/Berlin springs forward on 2026-03-29 at 02:00 → 03:00; a 02:30 start opens at 03:00 local.
    const h = hoursOf("sun 02:30-05:00");
    expect(nextOpening(h, "Europe/Berlin", Date.UTC(2026, 2, 28, 23, 0))).toBe(Date.UTC(2026, 2, 29, 1, 0));
  });

  const dayRange = fc
    .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }))
    .map(([a, b]) =>
      a === b
        ? ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][a]
        : `${["mon", "tue", "wed", "thu", "fri", "sat", "sun"][a]}-${["mon", "tue", "wed", "thu", "fri", "sat", "sun"][b]}`,
    );
  const time = fc.integer({ min: 0, max: 95 }).map((q) => q * 15);
  const hhmm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  const item = fc
    .tuple(dayRange, time, time)
    .filter(([, s, e]) => s !== e)
    .map(([d, s, e]) => `${d} ${hhmm(s)}-${hhmm(e)}`);
  const hoursText = fc.array(item, { minLength: 1, maxLength: 3 }).map((items) => items.join(", "));
  const zone = fc.constantFrom("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata");
  const instant = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) });

  it("is open at the opening, and closed the minute before it (property)", () => {
    fc.assert(
      fc.property(hoursText, zone, instant, (text, z, from) => {
        const h = hoursOf(text);
        const at = nextOpening(h, z, from);
        expect(at).not.toBeNull();
        if (at === null) return;
        expect(at).toBeGreaterThanOrEqual(from);
        expect(isOpenAt(h, z, at)).toBe(true);
        if (at > from) {
          expect(isOpenAt(h, z, Math.max(from, at - MIN))).toBe(false);
          // Closed all the way there (sampled every 7 minutes).
          for (let t = from; t < at - MIN; t += 7 * MIN) expect(isOpenAt(h, z, t)).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
  });
});

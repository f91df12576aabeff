import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DAY_MS,
  formatAge,
  formatTimeLeft,
  formatWindow,
  HOUR_MS,
  MINUTE_MS,
  WINDOW_MS,
  windowExpiry,
  windowState,
} from "./window.js";

const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);

describe("windowState", () => {
  it.each([
    ["1 ms after the message", T0 + 1, { open: true, msLeft: WINDOW_MS - 1 }],
    ["1 ms before 24 h", T0 + WINDOW_MS - 1, { open: true, msLeft: 1 }],
    ["exactly 24 h", T0 + WINDOW_MS, { open: false, closedMsAgo: 0 }],
    ["1 ms after 24 h", T0 + WINDOW_MS + 1, { open: false, closedMsAgo: 1 }],
    ["3 h after closing", T0 + WINDOW_MS + 3 * HOUR_MS, { open: false, closedMsAgo: 3 * HOUR_MS }],
  ])("%s", (_name, now, expected) => {
    expect(windowState(windowExpiry(T0, T0), now)).toEqual(expected);
  });

  it("is closed with no age when the customer never wrote", () => {
    expect(windowState(null, T0)).toEqual({ open: false, closedMsAgo: null });
  });

  it("treats a corrupt expiry like a missing one", () => {
    expect(windowState(Number.NaN, T0)).toEqual({ open: false, closedMsAgo: null });
  });
});

describe("windowExpiry", () => {
  it.each([
    ["uses the message timestamp", T0 - HOUR_MS, T0, T0 - HOUR_MS + WINDOW_MS],
    ["caps a future timestamp at arrival", T0 + 5 * HOUR_MS, T0, T0 + WINDOW_MS],
    ["caps a timestamp 1 ms in the future", T0 + 1, T0, T0 + WINDOW_MS],
    ["keeps a timestamp equal to arrival", T0, T0, T0 + WINDOW_MS],
    ["falls back to arrival for 0", 0, T0, T0 + WINDOW_MS],
    ["falls back to arrival for NaN", Number.NaN, T0, T0 + WINDOW_MS],
    ["falls back to arrival for a negative timestamp", -5, T0, T0 + WINDOW_MS],
    ["falls back to arrival for Infinity", Number.POSITIVE_INFINITY, T0, T0 + WINDOW_MS],
  ])("%s", (_name, timestamp, receivedAt, expected) => {
    expect(windowExpiry(timestamp, receivedAt)).toBe(expected);
  });

  it("never lies beyond arrival + 24 h (property)", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: false }), fc.integer({ min: 1, max: 4_000_000_000_000 }), (ts, at) => {
        const expiry = windowExpiry(ts, at);
        expect(expiry).toBeLessThanOrEqual(at + WINDOW_MS);
        expect(Number.isFinite(expiry)).toBe(true);
      }),
    );
  });
});

describe("formatWindow", () => {
  it.each([
    [{ open: true, msLeft: 5 * HOUR_MS + 12 * MINUTE_MS + 59_999 }, "window open · 5h 12m left"],
    [{ open: true, msLeft: WINDOW_MS - 1 }, "window open · 23h 59m left"],
    [{ open: true, msLeft: 42 * MINUTE_MS }, "window open · 42m left"],
    [{ open: true, msLeft: HOUR_MS }, "window open · 1h 0m left"],
    [{ open: true, msLeft: 59_999 }, "window open · <1m left"],
    [{ open: false, closedMsAgo: 3 * HOUR_MS + 59 * MINUTE_MS }, "window closed 3h ago · templates only"],
    [{ open: false, closedMsAgo: 0 }, "window closed just now · templates only"],
    [{ open: false, closedMsAgo: 2 * DAY_MS }, "window closed 2d ago · templates only"],
    [{ open: false, closedMsAgo: null }, "no customer message yet · templates only"],
  ] as const)("%o → %s", (state, expected) => {
    expect(formatWindow(state)).toBe(expected);
  });
});

describe("formatAge", () => {
  it.each([
    [0, "now"],
    [59_999, "now"],
    [MINUTE_MS, "1m"],
    [4 * MINUTE_MS + 30_000, "4m"],
    [HOUR_MS - 1, "59m"],
    [HOUR_MS, "1h"],
    [5 * HOUR_MS, "5h"],
    [DAY_MS - 1, "23h"],
    [DAY_MS, "1d"],
    [3 * DAY_MS + 5 * HOUR_MS, "3d"],
    [-5_000, "now"],
    [Number.NaN, "now"],
  ])("%d ms → %s", (ms, expected) => {
    expect(formatAge(ms)).toBe(expected);
  });
});

describe("formatTimeLeft", () => {
  it("never rounds up (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: MINUTE_MS, max: WINDOW_MS }), (ms) => {
        const match = /^(?:(\d+)h )?(\d+)m$/.exec(formatTimeLeft(ms));
        expect(match).not.toBeNull();
        const shown = (Number(match?.[1] ?? 0) * 60 + Number(match?.[2])) * MINUTE_MS;
        expect(shown).toBeLessThanOrEqual(ms);
        expect(ms - shown).toBeLessThan(MINUTE_MS);
      }),
    );
  });
});

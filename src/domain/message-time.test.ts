import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { activityAfter, awaitingAfter, messageTime } from "./message-time.js";
import { HOUR_MS, WINDOW_MS, windowExpiry } from "./window.js";

const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);

describe("messageTime", () => {
  it.each([
    ["its own timestamp", T0 - HOUR_MS, T0, T0 - HOUR_MS],
    ["its own timestamp when equal to arrival", T0, T0, T0],
    ["capped at arrival when from the future", T0 + 5 * HOUR_MS, T0, T0],
    ["capped at arrival when 1 ms in the future", T0 + 1, T0, T0],
    ["the arrival for 0", 0, T0, T0],
    ["the arrival for a negative timestamp", -5, T0, T0],
    ["the arrival for NaN", Number.NaN, T0, T0],
    ["the arrival for Infinity", Number.POSITIVE_INFINITY, T0, T0],
  ])("is %s", (_name, timestamp, receivedAt, expected) => {
    expect(messageTime(timestamp, receivedAt)).toBe(expected);
  });

  const timestamps = fc.oneof(
    fc.integer({ min: -1, max: 4_000_000_000_000 }),
    fc.double({ noNaN: false }),
    fc.constantFrom(0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  );
  const arrivals = fc.integer({ min: 1, max: 4_000_000_000_000 });

  it("is never after arrival, always a real time, and the message's own when it can be (property)", () => {
    fc.assert(
      fc.property(timestamps, arrivals, (ts, at) => {
        const sent = messageTime(ts, at);
        expect(Number.isFinite(sent)).toBe(true);
        expect(sent).toBeLessThanOrEqual(at);
        if (Number.isFinite(ts) && ts > 0 && ts <= at) expect(sent).toBe(ts);
      }),
    );
  });

  it("is where the window it opens starts: one rule for both (property)", () => {
    fc.assert(
      fc.property(timestamps, arrivals, (ts, at) => {
        expect(windowExpiry(ts, at)).toBe(messageTime(ts, at) + WINDOW_MS);
      }),
    );
  });
});

describe("activityAfter", () => {
  it.each([
    ["a new conversation starts at the message's time", null, T0, T0],
    ["a later message moves it", T0, T0 + 1, T0 + 1],
    ["an earlier message delivered late leaves it", T0, T0 - HOUR_MS, T0],
    ["the same time leaves it", T0, T0, T0],
  ])("%s", (_name, current, at, expected) => {
    expect(activityAfter(current, at)).toBe(expected);
  });

  it("ends at the newest time whatever order the messages are delivered in (property)", () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.integer({ min: 1, max: 4_000_000_000_000 }), { minLength: 1, maxLength: 20 })
          .chain((times) =>
            fc.tuple(
              fc.constant(times),
              fc.shuffledSubarray(times, { minLength: times.length, maxLength: times.length }),
            ),
          ),
        ([sent, delivered]) => {
          const fold = (ts: number[]) => ts.reduce<number | null>((acc, t) => activityAfter(acc, t), null);
          expect(fold(delivered)).toBe(Math.max(...sent));
        },
      ),
    );
  });

  it("never moves backwards (property)", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (current, at) => {
        const next = activityAfter(current, at);
        expect(next).toBeGreaterThanOrEqual(current);
        expect(next).toBeGreaterThanOrEqual(at);
      }),
    );
  });
});

describe("awaitingAfter", () => {
  it.each([
    ["starts the wait at a first unanswered message", null, T0, T0],
    ["keeps the wait from the first message when the customer writes again", T0, T0 + HOUR_MS, T0],
    ["moves the wait back for an older message delivered late", T0, T0 - HOUR_MS, T0 - HOUR_MS],
  ])("%s", (_name, current, at, expected) => {
    expect(awaitingAfter(current, at)).toBe(expected);
  });

  it("ends at the oldest time whatever order the messages are delivered in (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4_000_000_000_000 }), { minLength: 1, maxLength: 20 }),
        (ts) => {
          const fold = (times: number[]) =>
            times.reduce<number | null>((acc, t) => awaitingAfter(acc, t), null);
          expect(fold(ts)).toBe(Math.min(...ts));
          expect(fold([...ts].reverse())).toBe(Math.min(...ts));
        },
      ),
    );
  });
});

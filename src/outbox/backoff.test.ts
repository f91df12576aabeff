import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { manualClock } from "../clock.js";
import {
  createRecipientPacer,
  MAX_DEBT,
  nextAttemptDelay,
  PAIR_INTERVAL_MS,
  RECIPIENT_BACKOFF_CAP_MS,
  RETRY_CAP_MS,
  recipientBackoff,
} from "./backoff.js";

describe("nextAttemptDelay (full jitter, base 2 s, cap 10 min)", () => {
  const ceilings: Array<[attempt: number, ceilingMs: number]> = [
    [1, 2_000],
    [2, 4_000],
    [3, 8_000],
    [5, 32_000],
    [9, 512_000],
    [10, 600_000],
    [12, 600_000],
    [1000, 600_000],
  ];
  it.each(ceilings)("attempt %i: random 0 → 0, random just under 1 → just under %i", (attempt, ceiling) => {
    expect(nextAttemptDelay(attempt, () => 0)).toBe(0);
    expect(nextAttemptDelay(attempt, () => 0.999999)).toBe(Math.floor(0.999999 * ceiling));
    expect(nextAttemptDelay(attempt, () => 0.5)).toBe(ceiling / 2);
  });

  it("is always within [0, cap], whatever the attempt and the random source", () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 10_000 }), fc.double({ noNaN: true }), (attempt, r) => {
        const delay = nextAttemptDelay(attempt, () => r);
        return Number.isInteger(delay) && delay >= 0 && delay <= RETRY_CAP_MS;
      }),
    );
  });
});

describe("recipientBackoff (4^X s, cap 15 min)", () => {
  const table: Array<[number, number]> = [
    [0, 1_000],
    [1, 4_000],
    [2, 16_000],
    [3, 64_000],
    [4, 256_000],
    [5, RECIPIENT_BACKOFF_CAP_MS],
    [50, RECIPIENT_BACKOFF_CAP_MS],
  ];
  it.each(table)("X=%i → %i ms", (x, ms) => expect(recipientBackoff(x)).toBe(ms));
});

describe("createRecipientPacer (token bucket per recipient)", () => {
  it("allows a burst of 5, then one every 6 s", () => {
    const clock = manualClock();
    const pacer = createRecipientPacer(clock);
    for (let i = 0; i < 5; i++) expect(pacer.tryTake("a")).toBe(true);
    expect(pacer.tryTake("a")).toBe(false);
    expect(pacer.nextAvailableAt("a")).toBe(clock.now() + 6_000);
    expect(pacer.tryTake("b")).toBe(true); // other recipients are independent
    clock.advance(5_999);
    expect(pacer.tryTake("a")).toBe(false);
    clock.advance(1);
    expect(pacer.tryTake("a")).toBe(true);
    expect(pacer.tryTake("a")).toBe(false);
  });

  it("takeNow goes into debt that later sends pay back", () => {
    const clock = manualClock();
    const pacer = createRecipientPacer(clock, { burst: 1 });
    expect(pacer.takeNow("a")).toBe(true);
    expect(pacer.takeNow("a")).toBe(true);
    expect(pacer.tryTake("a")).toBe(false);
    expect(pacer.nextAvailableAt("a")).toBe(clock.now() + 12_000);
  });

  it("debt stops at MAX_DEBT, so a notice waits at most (1 + MAX_DEBT) intervals however many answers went", () => {
    const clock = manualClock();
    const pacer = createRecipientPacer(clock);
    for (let i = 0; i < 1_000; i++) expect(pacer.takeNow("a")).toBe(true);
    expect(pacer.nextAvailableAt("a")).toBe(clock.now() + (1 + MAX_DEBT) * PAIR_INTERVAL_MS);
  });

  it("an answer waits only for a 131056 block to end, not for a token", () => {
    const clock = manualClock();
    const pacer = createRecipientPacer(clock);
    expect(pacer.penalize("a")).toBe(1_000);
    expect(pacer.takeNow("a")).toBe(false);
    expect(pacer.nextAvailableAt("a", true)).toBe(clock.now() + 1_000);
    expect(pacer.nextAvailableAt("a")).toBe(clock.now() + PAIR_INTERVAL_MS);
    clock.advance(1_000);
    expect(pacer.takeNow("a")).toBe(true);
  });

  it("penalize blocks for 4^X s with X growing, and success resets X", () => {
    const clock = manualClock();
    const pacer = createRecipientPacer(clock);
    expect(pacer.penalize("a")).toBe(1_000);
    expect(pacer.takeNow("a")).toBe(false);
    expect(pacer.penalize("a")).toBe(4_000);
    expect(pacer.penalize("a")).toBe(16_000);
    expect(pacer.nextAvailableAt("a")).toBeGreaterThanOrEqual(clock.now() + 16_000);
    pacer.succeeded("a");
    expect(pacer.penalize("a")).toBe(1_000);
  });

  it("never holds more than the burst, and prune forgets idle recipients", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(20_000), fc.boolean()), { maxLength: 60 }), (steps) => {
        const clock = manualClock();
        const pacer = createRecipientPacer(clock);
        let taken = 0;
        for (const [wait, force] of steps) {
          clock.advance(wait);
          if (force ? pacer.takeNow("x") : pacer.tryTake("x")) taken += 1;
        }
        clock.advance(10 * 60_000);
        pacer.prune();
        return taken <= steps.length && pacer.size() === 0;
      }),
    );
  });

  it("a paced sender never exceeds burst + elapsed/6 s", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(10_000), { maxLength: 100 }), (waits) => {
        const clock = manualClock();
        const start = clock.now();
        const pacer = createRecipientPacer(clock);
        let sent = 0;
        for (const wait of waits) {
          clock.advance(wait);
          if (pacer.tryTake("x")) sent += 1;
          if (sent > 5 + (clock.now() - start) / 6_000) return false;
        }
        return true;
      }),
    );
  });
});

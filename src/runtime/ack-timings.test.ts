import { describe, expect, it } from "vitest";
import { memoryLogger } from "../log.js";
import {
  BUCKET_BOUNDS_MS,
  countAtLeast,
  LatencyCounter,
  SLOW_MS,
  startAckTimer,
  worstBetween,
} from "./ack-timings.js";

describe("LatencyCounter", () => {
  it.each([
    [0, 0],
    [0.99, 0],
    [1, 1],
    [4.9, 1],
    [24.99, 3],
    [25, 4],
    [249, 6],
    [250, 7],
    [60_000, 7],
  ])("%s ms lands in bucket %i", (ms, bucket) => {
    const counter = new LatencyCounter();
    counter.add(ms);
    const counts = counter.read().counts;
    expect(counts).toHaveLength(BUCKET_BOUNDS_MS.length + 1);
    expect(counts.indexOf(1)).toBe(bucket);
    expect(counter.read().slowestMs).toBe(Math.round(ms * 10) / 10);
  });

  it("counts the samples at or above a bound between two reads", () => {
    const counter = new LatencyCounter();
    for (const ms of [0.3, 12, 30, 400]) counter.add(ms);
    const first = counter.read();
    for (const ms of [0.2, 26, 99, 120, 3000]) counter.add(ms);
    const second = counter.read();
    expect(countAtLeast(first, undefined, 25)).toBe(2);
    expect(countAtLeast(second, first, 25)).toBe(4);
    expect(countAtLeast(second, first, 100)).toBe(2);
    expect(countAtLeast(second, first, 250)).toBe(1);
    expect(countAtLeast(second, first, 0)).toBe(5);
    expect(second.slowestMs).toBe(3000);
    expect(worstBetween(second, first)).toBe("≥ 250 ms");
    expect(worstBetween(first, undefined)).toBe("≥ 250 ms");
    expect(worstBetween(second, second)).toBe("none");
    const quick = new LatencyCounter();
    quick.add(0.5);
    expect(worstBetween(quick.read(), undefined)).toBe("< 1 ms");
    quick.add(7);
    expect(worstBetween(quick.read(), undefined)).toBe("≥ 5 ms");
  });
});

describe("startAckTimer", () => {
  it("counts journal commits and logs a slow one, at most one line per 10 s with how many it left out", () => {
    let clock = 0;
    const log = memoryLogger();
    const timer = startAckTimer(log, () => clock);
    try {
      timer.journalCommit(0.4, 3);
      timer.journalCommit(SLOW_MS + 20, 7);
      clock += 5_000;
      timer.journalCommit(SLOW_MS, 1);
      timer.journalCommit(SLOW_MS * 2, 1);
      clock += 5_001;
      timer.journalCommit(SLOW_MS * 3, 2);
      const slow = log.lines.filter((l) => l.level === "warn");
      expect(slow.map((l) => l.fields)).toEqual([
        { ms: SLOW_MS + 20, bodies: 7 },
        { ms: SLOW_MS * 3, bodies: 2, moreSinceLastLine: 2 },
      ]);
      const commits = timer.read().journalCommitMs;
      expect(countAtLeast(commits, undefined, 0)).toBe(5);
      expect(countAtLeast(commits, undefined, SLOW_MS)).toBe(4);
    } finally {
      timer.stop();
    }
  });

  it("sees the event loop blocked for 150 ms in the second it happened", async () => {
    const log = memoryLogger();
    const timer = startAckTimer(log);
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const until = performance.now() + 150;
      while (performance.now() < until) {
        // block the loop, as a long garbage collection or a slow synchronous commit would
      }
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const loop = timer.read().loopDelayMs;
      expect(loop.slowestMs).toBeGreaterThanOrEqual(100);
      expect(countAtLeast(loop, undefined, 100)).toBeGreaterThanOrEqual(1);
      expect(log.lines.some((l) => l.msg.includes("event loop was blocked"))).toBe(true);
    } finally {
      timer.stop();
    }
  });
});

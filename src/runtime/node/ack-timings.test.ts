import { Histogram } from "prom-client";
import { describe, expect, it } from "vitest";
import { memoryLogger } from "../../log.js";
import {
  BUCKET_BOUNDS_MS,
  countAtLeast,
  LATENCY_BUCKETS_S,
  LatencyCounter,
  LoopLateness,
  SLOW_MS,
  startAckTimer,
  TICK_MS,
  WINDOW_MS,
  worstBetween,
} from "./ack-timings.js";

describe("LatencyCounter", () => {
  it.each([
    [0, 0],
    [0.99, 0],
    [1, 0], // bounds are inclusive, as Prometheus' le
    [1.01, 1],
    [4.9, 1],
    [24.99, 3],
    [25, 3],
    [25.01, 4],
    [249, 6],
    [250, 6],
    [250.5, 7],
    [60_000, 7],
  ])("%s ms lands in bucket %i", async (ms, bucket) => {
    const counter = new LatencyCounter();
    counter.add(ms);
    const read = await counter.read();
    expect(read.counts).toHaveLength(BUCKET_BOUNDS_MS.length + 1);
    expect(read.counts.indexOf(1)).toBe(bucket);
    expect(read.counts.filter((n) => n !== 0)).toEqual([1]);
    expect(read.slowestMs).toBe(Math.round(ms * 10) / 10);
  });

  it("reads its own series of a labelled histogram, which /metrics shows whole", async () => {
    const histogram = new Histogram({
      name: "t_seconds",
      help: "t",
      labelNames: ["n"],
      buckets: LATENCY_BUCKETS_S,
      registers: [],
    });
    const a = new LatencyCounter({ histogram, labels: { n: "a" } });
    const b = new LatencyCounter({ histogram, labels: { n: "b" } });
    a.add(3);
    b.add(30);
    b.add(300);
    expect((await a.read()).counts).toEqual([0, 1, 0, 0, 0, 0, 0, 0]);
    expect((await b.read()).counts).toEqual([0, 0, 0, 0, 1, 0, 0, 1]);
    const count = (await histogram.get()).values.filter((v) => v.metricName === "t_seconds_count");
    expect(count.map((v) => [v.labels.n, v.value])).toEqual([
      ["a", 1],
      ["b", 2],
    ]);
  });

  it("counts the samples above a bound between two reads", async () => {
    const counter = new LatencyCounter();
    for (const ms of [0.3, 12, 30, 400]) counter.add(ms);
    const first = await counter.read();
    for (const ms of [0.2, 26, 99, 120, 3000]) counter.add(ms);
    const second = await counter.read();
    expect(countAtLeast(first, undefined, 25)).toBe(2);
    expect(countAtLeast(second, first, 25)).toBe(4);
    expect(countAtLeast(second, first, 100)).toBe(2);
    expect(countAtLeast(second, first, 250)).toBe(1);
    expect(countAtLeast(second, first, 0)).toBe(5);
    expect(() => countAtLeast(second, first, 30)).toThrow(/not a bucket bound/);
    expect(second.slowestMs).toBe(3000);
    expect(worstBetween(second, first)).toBe("> 250 ms");
    expect(worstBetween(first, undefined)).toBe("> 250 ms");
    expect(worstBetween(second, second)).toBe("none");
    const quick = new LatencyCounter();
    quick.add(0.5);
    expect(worstBetween(await quick.read(), undefined)).toBe("≤ 1 ms");
    quick.add(7);
    expect(worstBetween(await quick.read(), undefined)).toBe("> 5 ms");
  });
});

describe("startAckTimer", () => {
  it("counts journal commits and logs a slow one, at most one line per 10 s with how many it left out", async () => {
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
      const commits = (await timer.read()).journalCommitMs;
      expect(countAtLeast(commits, undefined, 0)).toBe(5);
      // Above 100 ms: 120, 200 and 300 (SLOW_MS itself falls in the bucket up to 100 ms).
      expect(countAtLeast(commits, undefined, SLOW_MS)).toBe(3);
    } finally {
      timer.stop();
    }
  });

  it("counts acknowledgements held for a filing backlog, and logs a long hold", async () => {
    const log = memoryLogger();
    const timer = startAckTimer(log, () => 0);
    try {
      timer.held(3);
      timer.held(SLOW_MS * 5);
      const held = (await timer.read()).heldMs;
      expect(countAtLeast(held, undefined, 0)).toBe(2);
      expect(held.slowestMs).toBe(SLOW_MS * 5);
      expect(log.lines.map((l) => l.msg)).toEqual(["an acknowledgement waited for a filing backlog"]);
    } finally {
      timer.stop();
    }
  });

  it("samples the real event loop while commits come, and not before the first", async () => {
    const timer = startAckTimer(memoryLogger());
    const windows = async () => countAtLeast((await timer.read()).loopDelayMs, undefined, 0);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect(await windows()).toBe(0); // idle: no timer ticks at all
      const deadline = Date.now() + 10_000;
      while ((await windows()) === 0 && Date.now() < deadline) {
        timer.journalCommit(0.2, 1);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await windows()).toBeGreaterThan(0);
    } finally {
      timer.stop();
    }
  });
});

describe("LoopLateness", () => {
  const ticks = (lateness: LoopLateness, from: number, to: number) => {
    for (let at = from; at <= to; at += TICK_MS) lateness.tick(at);
  };

  it("keeps the worst lateness of each window, and a quiet window reads 0", () => {
    const windows: number[] = [];
    const lateness = new LoopLateness(0, (worst) => windows.push(worst));
    ticks(lateness, TICK_MS, 500);
    lateness.tick(500 + TICK_MS + 150); // the loop was blocked 150 ms
    ticks(lateness, 670, WINDOW_MS + 200);
    ticks(lateness, WINDOW_MS + 210, 2 * WINDOW_MS + 300);
    expect(windows).toEqual([150, 0]);
  });

  it("does not count a pause of the timer (an idle bot) as lateness, and keeps a partial window's worst", () => {
    const windows: number[] = [];
    const lateness = new LoopLateness(0, (worst) => windows.push(worst));
    ticks(lateness, TICK_MS, 300);
    lateness.tick(300 + TICK_MS + 40); // 40 ms late, then the timer stops for a minute
    lateness.resume(60_000);
    ticks(lateness, 60_000 + TICK_MS, 60_000 + WINDOW_MS);
    expect(windows).toEqual([40]);
  });

  it("does not count the time of a journal commit, which runs on the same loop", () => {
    const windows: number[] = [];
    const lateness = new LoopLateness(0, (worst) => windows.push(worst));
    ticks(lateness, TICK_MS, 500);
    lateness.commit(120); // a slow fsync: counted as a slow commit, not as a blocked loop
    lateness.tick(500 + TICK_MS + 150);
    ticks(lateness, 670, WINDOW_MS + 200);
    expect(windows).toEqual([30]);
  });
});

// What an acknowledgement waited for on the Node entry, counted where /healthz shows it: each
// receipt-journal commit (its fsync included); each hold for a filing backlog (backlog-gate.ts); and
// how late the HTTP thread's event loop ran besides those commits (garbage collection, parsing, or the
// CPU taken by other processes). The commit runs on that loop, so its time is taken out of the loop's
// lateness: a slow disk shows as slow commits, not as a blocked loop. A latency spike that none of the
// three explains happened before our loop (the network, the kernel). Counters only grow, so a reader
// takes differences between two reads; nothing resets on a read.
//
// The samples go into prom-client histograms: /metrics shows them whole (src/metrics/metrics.ts), and
// /healthz reads its coarser buckets out of the same histograms.
import { Histogram } from "prom-client";
import type { AckTimings, LatencyCounts } from "../../http/app.js";
import type { Logger } from "../../log.js";

/**
 * Upper bounds of /healthz's buckets, in ms, each inclusive (Prometheus' `le`); the last bucket counts
 * everything above the last bound. Each is one of LATENCY_BUCKETS_S.
 */
export const BUCKET_BOUNDS_MS = [1, 5, 10, 25, 50, 100, 250] as const;
/** The histograms' buckets, in seconds (Prometheus' unit). A 200 takes a few ms; Meta waits ~10 s. */
export const LATENCY_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** A wait this long is worth a line in the log: the disk or the machine is in trouble. */
export const SLOW_MS = 100;
/** At most one such line per kind per this many ms, carrying how many were left out. */
const LOG_EVERY_MS = 10_000;
/**
 * The loop's lateness is read from a timer due every TICK_MS (monitorEventLoopDelay misses a block
 * right after a reset); a block is seen up to TICK_MS short. Its worst is kept per WINDOW_MS of time.
 * The timer runs only while webhooks arrive (a lateness nobody waits through does not matter) and
 * stops after IDLE_AFTER_MS without a journal commit: a timer ticking all day costs an idle bot CPU for
 * nothing (docs/performance.md has the measurement).
 */
export const TICK_MS = 10;
export const WINDOW_MS = 1000;
const IDLE_AFTER_MS = 2000;

/** A histogram (labelled, or not) and the label values of the series a counter writes. */
export type LatencySeries = { histogram: Histogram<string>; labels: Record<string, string> };

/** A histogram of its own, in no registry: for a pipeline without /metrics (tests, the sandbox). */
export const privateSeries = (name: string): LatencySeries => ({
  histogram: new Histogram({ name, help: name, buckets: LATENCY_BUCKETS_S, registers: [] }),
  labels: {},
});

/** One series of a histogram, with the slowest sample (which a histogram does not keep). */
export class LatencyCounter {
  private slowest = 0;

  constructor(private readonly series: LatencySeries = privateSeries("latency_seconds")) {}

  add(ms: number): void {
    this.series.histogram.observe(this.series.labels, ms / 1000);
    if (ms > this.slowest) this.slowest = ms;
  }

  /** /healthz's buckets, read out of the histogram's cumulative ones. */
  async read(): Promise<LatencyCounts> {
    const { values } = await this.series.histogram.get();
    const ours = values.filter((v) =>
      Object.entries(this.series.labels).every(([name, value]) => v.labels[name] === value),
    );
    const upTo = (seconds: number | "+Inf") =>
      ours.find((v) => v.metricName?.endsWith("_bucket") && v.labels.le === seconds)?.value ?? 0;
    const cumulative = [...BUCKET_BOUNDS_MS.map((ms) => upTo(ms / 1000)), upTo("+Inf")];
    return {
      boundsMs: [...BUCKET_BOUNDS_MS],
      counts: cumulative.map((n, i) => n - (i === 0 ? 0 : (cumulative[i - 1] ?? 0))),
      slowestMs: Math.round(this.slowest * 10) / 10,
    };
  }
}

/** The smallest latency bucket `i` counts. */
const lowerBound = (i: number): number => (i === 0 ? 0 : (BUCKET_BOUNDS_MS[i - 1] ?? 0));

/** Samples above `ms` (0 or one of the bounds) between two reads of a counter (`before` absent: from zero). */
export function countAtLeast(after: LatencyCounts, before: LatencyCounts | undefined, ms: number): number {
  if (ms !== 0 && !(BUCKET_BOUNDS_MS as readonly number[]).includes(ms)) {
    throw new Error(`countAtLeast: ${ms} ms is not a bucket bound`);
  }
  let n = 0;
  for (let i = 0; i <= BUCKET_BOUNDS_MS.length; i++) {
    if (lowerBound(i) >= ms) n += (after.counts[i] ?? 0) - (before?.counts[i] ?? 0);
  }
  return n;
}

/** The worst bucket with a sample between two reads, as "> 50 ms" or "≤ 1 ms"; "none" if no sample. */
export function worstBetween(after: LatencyCounts, before: LatencyCounts | undefined): string {
  for (let i: number = BUCKET_BOUNDS_MS.length; i >= 0; i--) {
    if ((after.counts[i] ?? 0) - (before?.counts[i] ?? 0) > 0) {
      return i === 0 ? `≤ ${BUCKET_BOUNDS_MS[0]} ms` : `> ${lowerBound(i)} ms`;
    }
  }
  return "none";
}

/** Logs waits of SLOW_MS or more, at most once per LOG_EVERY_MS. */
function slowLogger(log: Logger, msg: string, now: () => number): (ms: number, fields?: object) => void {
  let lastAt = Number.NEGATIVE_INFINITY;
  let unlogged = 0;
  return (ms, fields) => {
    if (ms < SLOW_MS) return;
    if (now() - lastAt < LOG_EVERY_MS) {
      unlogged += 1;
      return;
    }
    log.warn(msg, {
      ms: Math.round(ms),
      ...fields,
      ...(unlogged > 0 ? { moreSinceLastLine: unlogged } : {}),
    });
    lastAt = now();
    unlogged = 0;
  };
}

/**
 * How late a timer due every TICK_MS fires, less the journal commits that ran on the loop meanwhile;
 * the worst of each WINDOW_MS goes to `onWindow`.
 */
export class LoopLateness {
  private lastTick: number;
  private windowStart: number;
  private worstMs = 0;
  private commitMs = 0;

  constructor(
    start: number,
    private readonly onWindow: (worstMs: number) => void,
  ) {
    this.lastTick = start;
    this.windowStart = start;
  }

  commit(ms: number): void {
    this.commitMs += ms;
  }

  /** The timer starts again after a pause: the pause is not lateness; a partial window's worst is kept. */
  resume(at: number): void {
    this.lastTick = at;
    this.windowStart = at;
    this.commitMs = 0;
  }

  tick(at: number): void {
    this.worstMs = Math.max(this.worstMs, at - this.lastTick - TICK_MS - this.commitMs);
    this.lastTick = at;
    this.commitMs = 0;
    if (at - this.windowStart >= WINDOW_MS) {
      this.onWindow(this.worstMs);
      this.worstMs = 0;
      this.windowStart = at;
    }
  }
}

export type AckTimer = {
  /** A journal commit took `ms` (it ran on this thread's loop). */
  journalCommit: (ms: number, bodies: number) => void;
  /** An acknowledgement was held `ms` for a filing backlog. */
  held: (ms: number) => void;
  read: () => Promise<AckTimings>;
  stop: () => void;
};

/** The histograms the samples go to: /metrics' (src/metrics/metrics.ts), or private ones. */
export type AckSeries = { journalCommit: LatencySeries; held: LatencySeries; loopDelay: LatencySeries };

/** Counts commits and holds as they are reported, and how late the event loop runs while they come. */
export function startAckTimer(
  log: Logger,
  now: () => number = () => performance.now(),
  series: AckSeries = {
    journalCommit: privateSeries("journal_commit_seconds"),
    held: privateSeries("ack_held_seconds"),
    loopDelay: privateSeries("loop_delay_seconds"),
  },
): AckTimer {
  const commits = new LatencyCounter(series.journalCommit);
  const holds = new LatencyCounter(series.held);
  const loop = new LatencyCounter(series.loopDelay);
  const slowCommit = slowLogger(log, "a receipt-journal commit was slow (the disk is busy or slow)", now);
  const slowHold = slowLogger(log, "an acknowledgement waited for a filing backlog", now);
  const slowLoop = slowLogger(
    log,
    "the HTTP thread's event loop was blocked (journal commits not counted)",
    now,
  );
  const lateness = new LoopLateness(now(), (worstMs) => {
    loop.add(worstMs);
    slowLoop(worstMs);
  });
  let sampler: ReturnType<typeof setInterval> | null = null;
  let lastCommitAt = now();
  const sample = () => {
    const at = now();
    lateness.tick(at);
    if (at - lastCommitAt >= IDLE_AFTER_MS && sampler !== null) {
      clearInterval(sampler);
      sampler = null;
    }
  };
  return {
    journalCommit(ms, bodies) {
      commits.add(ms);
      slowCommit(ms, { bodies });
      lastCommitAt = now();
      if (sampler === null) {
        lateness.resume(lastCommitAt);
        sampler = setInterval(sample, TICK_MS);
        sampler.unref();
      } else {
        lateness.commit(ms);
      }
    },
    held(ms) {
      holds.add(ms);
      slowHold(ms);
    },
    read: async () => ({
      journalCommitMs: await commits.read(),
      heldMs: await holds.read(),
      loopDelayMs: await loop.read(),
    }),
    stop() {
      if (sampler !== null) clearInterval(sampler);
      sampler = null;
    },
  };
}

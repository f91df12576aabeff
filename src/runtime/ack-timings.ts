// What an acknowledgement waited for, counted where /healthz can show it (Node entry only): how long
// each receipt-journal commit took (its fsync included), and how late the HTTP thread's event loop ran
// (garbage collection, or the thread busy with other work). A latency spike seen by Meta is one of the
// two, or the network before our loop; the soak prints both per minute, so a slow minute says which.
// Counters only grow, so a reader takes differences between two reads; nothing resets on a read.
import type { AckTimings, LatencyCounts } from "../http/app.js";
import type { Logger } from "../log.js";

/** Upper bounds of the buckets, in ms; the last bucket counts everything from the last bound up. */
export const BUCKET_BOUNDS_MS = [1, 5, 10, 25, 50, 100, 250] as const;
/** The loop's lateness is sampled this often (monitorEventLoopDelay misses a block right after a reset). */
const TICK_MS = 20;
/** A single wait this long is worth a line in the log: the disk or the machine is in trouble. */
export const SLOW_MS = 100;
/** At most one such line per this many ms, carrying how many were left out. */
const LOG_EVERY_MS = 10_000;

export class LatencyCounter {
  private readonly counts = new Array<number>(BUCKET_BOUNDS_MS.length + 1).fill(0);
  private slowest = 0;

  add(ms: number): void {
    const index = BUCKET_BOUNDS_MS.findIndex((bound) => ms < bound);
    const at = index === -1 ? BUCKET_BOUNDS_MS.length : index;
    this.counts[at] = (this.counts[at] ?? 0) + 1;
    if (ms > this.slowest) this.slowest = ms;
  }

  read(): LatencyCounts {
    return { counts: [...this.counts], slowestMs: Math.round(this.slowest * 10) / 10 };
  }
}

/** Samples at or above `ms` (one of the bounds) between two reads of a counter (`before` absent: from zero). */
export function countAtLeast(after: LatencyCounts, before: LatencyCounts | undefined, ms: number): number {
  let n = 0;
  for (let i = 0; i <= BUCKET_BOUNDS_MS.length; i++) {
    if (lowerBound(i) >= ms) n += (after.counts[i] ?? 0) - (before?.counts[i] ?? 0);
  }
  return n;
}

/** The smallest latency bucket `i` counts. */
const lowerBound = (i: number): number => (i === 0 ? 0 : (BUCKET_BOUNDS_MS[i - 1] ?? 0));

/** The worst bucket with a sample between two reads, as "≥ 50 ms" or "< 1 ms"; "none" if no sample. */
export function worstBetween(after: LatencyCounts, before: LatencyCounts | undefined): string {
  for (let i: number = BUCKET_BOUNDS_MS.length; i >= 0; i--) {
    if ((after.counts[i] ?? 0) - (before?.counts[i] ?? 0) > 0) {
      return i === 0 ? `< ${BUCKET_BOUNDS_MS[0]} ms` : `≥ ${lowerBound(i)} ms`;
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

export type AckTimer = {
  journalCommit: (ms: number, bodies: number) => void;
  read: () => AckTimings;
  stop: () => void;
};

/** Counts journal commits as they are reported, and how late the event loop runs, once a second. */
export function startAckTimer(log: Logger, now: () => number = () => performance.now()): AckTimer {
  const commits = new LatencyCounter();
  const loop = new LatencyCounter();
  const slowCommit = slowLogger(log, "a receipt-journal commit was slow (the disk is busy or slow)", now);
  const slowLoop = slowLogger(log, "the HTTP thread's event loop was blocked", now);
  // A timer that should fire every TICK_MS: how late it fires is how long the loop was busy.
  let lastTick = now();
  let worstMs = 0;
  let ticks = 0;
  const sampler = setInterval(() => {
    const at = now();
    worstMs = Math.max(worstMs, at - lastTick - TICK_MS);
    lastTick = at;
    ticks += 1;
    if (ticks % (1000 / TICK_MS) === 0) {
      loop.add(worstMs);
      slowLoop(worstMs);
      worstMs = 0;
    }
  }, TICK_MS);
  sampler.unref();
  return {
    journalCommit(ms, bodies) {
      commits.add(ms);
      slowCommit(ms, { bodies });
    },
    read: () => ({ journalCommitMs: commits.read(), loopDelayMs: loop.read() }),
    stop: () => clearInterval(sampler),
  };
}

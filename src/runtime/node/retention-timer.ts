// RAW_RETENTION_DAYS on Node: the Inbox side deletes processed raw bodies in batches (inbox/retention.ts)
// on a timer of its own. The Inbox side is one thread, so a batch runs between the copier's and the
// pump's turns, never inside them; webhooks are acknowledged by the journal on the other thread and do
// not wait for it at all. A full batch means more are due: the next follows shortly, so a backlog (the
// first start after an upgrade) drains in minutes without holding the thread for more than one batch.
import type { Clock } from "../../clock.js";
import { pruneRawEvents, RETENTION_BATCH } from "../../inbox/retention.js";
import type { Logger } from "../../log.js";
import type { InboxDb } from "../../store/db.js";

export type RetentionTimer = { runOnce: () => number; stop: () => void };

export function startRetention(o: {
  db: InboxDb;
  clock: Clock;
  days: number;
  log: Logger;
  intervalMs?: number;
}): RetentionTimer {
  const idleMs = o.intervalMs ?? 10_000;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let deleted = 0;
  let failing = false;

  function runOnce(): number {
    const n = pruneRawEvents(o.db, { now: o.clock.now(), days: o.days, limit: RETENTION_BATCH });
    deleted += n;
    return n;
  }

  function tick(): void {
    let n = 0;
    try {
      n = runOnce();
      if (failing) o.log.info("raw body retention runs again");
      failing = false;
    } catch (error) {
      // A full disk or a busy database: the bodies stay until a later tick; said once, not every tick.
      if (!failing) o.log.warn("raw body retention failed; will retry", { error: String(error) });
      failing = true;
    }
    if (n < RETENTION_BATCH && deleted > 0) {
      o.log.info("deleted processed webhook bodies past RAW_RETENTION_DAYS", { deleted, days: o.days });
      deleted = 0;
    }
    schedule(n === RETENTION_BATCH ? 20 : idleMs);
  }

  function schedule(ms: number): void {
    if (stopped) return;
    timer = setTimeout(tick, ms);
    timer.unref();
  }

  schedule(idleMs);
  return {
    runOnce,
    stop: () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
    },
  };
}

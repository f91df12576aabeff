// Everything one business number's Durable Object runs, built by buildInbox as on Node: the
// same Inbox, Graph client and outbox dispatcher over the object's SQLite database. What
// differs is who drives it: the object's alarm calls runDue(), and runDue() says when to call it next.
// Nothing here imports a Workers API, so it runs on better-sqlite3 too (object-runtime.test.ts).
import { min, ne } from "drizzle-orm";
import type { StoreResult } from "../../inbox/inbox.js";
import { pruneRawEvents, retentionDueAt } from "../../inbox/retention.js";
import { nextDueAt, sendingStatus } from "../../outbox/dispatcher.js";
import { rawEvents } from "../../store/schema.js";
import { buildInbox, type InboxDrivers } from "../build-inbox.js";

/** Stored bodies processed per transaction, as on Node's event pump. */
const EVENT_BATCH = 50;
/**
 * Outbox rows claimed per alarm, so at most this many Graph API calls: each is a subrequest, and an
 * invocation may make 50 on the Workers Free plan (1,000 and more on Paid). Rows left are due at once,
 * so the next alarm follows immediately.
 */
const OUTBOX_BATCH = 40;
/**
 * Batches filed by one alarm; what is left is due at once, so the next alarm follows immediately. A count,
 * not a time budget: inside a Worker the clock only moves on I/O, so a synchronous loop never sees it
 * move. An invocation also has a CPU-time limit (30 s by default).
 */
const EVENT_ROUNDS = 10;

/** The Worker's own fetch on Cloudflare; tests pass a fake. */
export type ObjectRuntimeOptions = Omit<InboxDrivers, "outboxBatch">;

export type ObjectRuntime = ReturnType<typeof createObjectRuntime>;

export function createObjectRuntime({ db, config, clock, log, fetch }: ObjectRuntimeOptions) {
  const { inbox, dispatcher, health, templates } = buildInbox({
    db,
    config,
    clock,
    log,
    fetch,
    outboxBatch: OUTBOX_BATCH,
  });

  /** When the alarm must fire next: the earliest due stored body or outbox row; null when none waits. */
  function nextWakeAt(): number | null {
    const event = db
      .select({ at: min(rawEvents.nextAttemptAt) })
      .from(rawEvents)
      .where(ne(rawEvents.state, "done"))
      .get();
    // While sending is stopped, due outbox rows stay due; waking for them would spin the alarm.
    const outbox = sendingStatus(db).sending === "ok" ? nextDueAt(db) : null;
    // A wanted read of the template list (only with a WABA id; otherwise nothing would ever serve it).
    const listing = templates?.dueAt() ?? null;
    // RAW_RETENTION_DAYS: also an idle number's old bodies go when their time comes.
    const retention = retentionDueAt(db, config.rawRetentionDays);
    const times = [event?.at, outbox, listing, retention].filter((t): t is number => typeof t === "number");
    return times.length === 0 ? null : Math.min(...times);
  }

  return {
    inbox,
    dispatcher,
    nextWakeAt,
    health,

    /** Invariant 1: the object's caller answers Meta only after this returns (see inbox-object.ts). */
    store(body: string, sha256: string): StoreResult {
      return inbox.storeRawEvent(body, sha256);
    },

    /** The alarm's work: file what was stored, then send what is due (outside any transaction). */
    async runDue(): Promise<number | null> {
      for (let round = 0; round < EVENT_ROUNDS; round++) {
        const { processed } = inbox.processPending(EVENT_BATCH);
        if (processed < EVENT_BATCH) break;
        // Webhooks waiting to be stored go first: the 200 to Meta waits for them, filing does not.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      // Rows a full batch left behind, and notices a failure enqueued, are due now: nextWakeAt says so.
      await dispatcher.runOnce();
      // One batch per alarm; a backlog is due at once, so the alarms that follow take the rest.
      pruneRawEvents(db, { now: clock.now(), days: config.rawRetentionDays });
      return nextWakeAt();
    },
  };
}

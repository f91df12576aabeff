// The Inbox: one business phone number's database, changed only by one synchronous transaction per
// update (DESIGN invariant 2). No awaits in here: network I/O happens in the outbox dispatcher.
import { and, asc, eq, lte, ne, sql } from "drizzle-orm";
import type { Clock } from "../clock.js";
import { type Logger, silentLogger } from "../log.js";
import type { InboxDb } from "../store/db.js";
import { type HotQueries, hot } from "../store/hot-queries.js";
import { rawEvents } from "../store/schema.js";
import { normalizeWebhook } from "../whatsapp/normalize.js";
import type { InboundMessage, StatusUpdate, WebhookUpdate } from "../whatsapp/updates.js";
import { applyCustomerMessage, isDuplicateMessage, recordUnroutedMessage } from "./customer-messages.js";
import { findActiveStaff } from "./identities.js";
import type { Notifier } from "./notifier.js";
import type { InboxOptions } from "./options.js";
import { applyStatus } from "./statuses.js";

/** Handles a message from a recognised staff member (commands live in commands/). */
export type StaffChannel = {
  staffMessage: (
    tx: InboxDb,
    msg: InboundMessage,
    staffId: number,
    ctx: { now: number; receivedAt: number },
  ) => void;
  /** A sender who is not staff wrote in the staff group: one "not on the staff list" reply. */
  strangerInGroup: (tx: InboxDb, msg: InboundMessage, ctx: { now: number }) => void;
};

export type EventCounts = {
  messages: number;
  duplicates: number;
  statuses: number;
  errors: number;
  ignored: number;
  foreign: number;
  failed: number;
};

export type StoreResult = { id: number; duplicate: boolean };

const RETRY_BASE_MS = 5_000;
const RETRY_CAP_MS = 3_600_000;

/**
 * Log lines per body for updates that change nothing (ignored, for another number, Meta's errors). A body
 * can hold thousands of them (normalize reads up to 5,000 elements of each list); the rest are counted in
 * one closing line, so a junk body cannot flood the log.
 */
const NOTED_PER_BODY = 10;

export class Inbox {
  private readonly q: HotQueries;

  constructor(
    readonly db: InboxDb,
    private readonly deps: {
      clock: Clock;
      log: Logger;
      options: InboxOptions;
      notifier: Notifier;
      staffChannel: StaffChannel;
    },
  ) {
    this.q = hot(db);
  }

  /**
   * Stores a verified webhook body. Invariant 1: the caller answers 200 only after this returns, and
   * the database runs synchronous=FULL, so an acknowledged body survives a power cut. A byte-identical
   * redelivery is recognised by its hash and stored once.
   */
  storeRawEvent(body: string, bodySha256: string): StoreResult {
    const now = this.deps.clock.now();
    const inserted = this.q.insertRawEvent.get({ now, sha: bodySha256, body });
    if (inserted) return { id: inserted.id, duplicate: false };
    const existing = this.q.rawEventIdByHash.get({ sha: bodySha256 });
    return { id: existing?.id ?? 0, duplicate: true };
  }

  /** Processes due events, oldest first. A failing one is kept for retry and never blocks the rest. */
  processPending(limit = 50): { processed: number; counts: EventCounts } {
    const now = this.deps.clock.now();
    const due = this.db
      .select({ id: rawEvents.id })
      .from(rawEvents)
      .where(and(ne(rawEvents.state, "done"), lte(rawEvents.nextAttemptAt, now)))
      .orderBy(asc(rawEvents.id))
      .limit(limit)
      .all();
    const counts = emptyCounts();
    for (const c of this.processEvents(due.map(({ id }) => ({ id })))) addCounts(counts, c);
    return { processed: due.length, counts };
  }

  /** Processes one stored body; see processEvents. */
  processEvent(id: number, parsedBody?: unknown): EventCounts {
    return this.processEvents([{ id, parsedBody }])[0] ?? emptyCounts();
  }

  /**
   * Applies every update of these stored bodies. Each update runs in its own savepoint, so it is
   * applied whole or not at all and a failing one never blocks the others; the batch commits once,
   * because a commit is the expensive part of filing a message. Updates are idempotent (deduplicated
   * by wamid and status keys), so a body that failed is retried whole later.
   */
  processEvents(items: ReadonlyArray<{ id: number; parsedBody?: unknown }>): EventCounts[] {
    const counts = items.map(() => emptyCounts());
    if (items.length === 0) return counts;
    this.db.transaction(
      (tx) => {
        items.forEach((item, i) => {
          this.applyEvent(tx, item.id, item.parsedBody, counts[i] ?? emptyCounts());
        });
      },
      { behavior: "immediate" },
    );
    return counts;
  }

  private applyEvent(tx: InboxDb, id: number, parsedBody: unknown, counts: EventCounts): void {
    const row = this.q.rawEventById.get({ id });
    if (!row || row.state === "done") return;
    const now = this.deps.clock.now();
    let body = parsedBody;
    if (body === undefined) {
      try {
        body = JSON.parse(row.body);
      } catch {
        body = null; // only JSON is stored; a null body normalizes to one ignored update
      }
    }
    const failures: string[] = [];
    let noted = 0;
    for (const update of normalizeWebhook(body)) {
      if ((update.kind === "message" || update.kind === "status") && !this.isForeign(update)) {
        try {
          tx.transaction((sp) => this.applyUpdate(sp, update, row.receivedAt, counts));
        } catch (error) {
          counts.failed += 1;
          failures.push(error instanceof Error ? error.message : String(error));
        }
      } else {
        // Changes nothing, so it needs no savepoint.
        this.noteUpdate(update, counts, id, noted < NOTED_PER_BODY);
        noted += 1;
      }
    }
    if (noted > NOTED_PER_BODY) {
      const { ignored, foreign, errors } = counts;
      this.deps.log.info("more webhook updates that change nothing, not logged one by one", {
        eventId: id,
        notLogged: noted - NOTED_PER_BODY,
        ignored,
        foreign,
        errors,
      });
    }
    if (failures.length === 0) {
      this.q.markRawEventDone.run({ id, now });
      return;
    }
    const attempts = row.attempts + 1;
    const delay = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (attempts - 1));
    tx.update(rawEvents)
      .set({
        state: "failed",
        attempts,
        nextAttemptAt: now + delay,
        lastError: failures.join("; ").slice(0, 2000),
      })
      .where(eq(rawEvents.id, id))
      .run();
    this.deps.log.error("webhook event failed, will retry", { eventId: id, attempts, error: failures[0] });
  }

  pendingEventCount(): number {
    const row = this.db
      .select({ n: sql<number>`count(*)` })
      .from(rawEvents)
      .where(ne(rawEvents.state, "done"))
      .get();
    return row?.n ?? 0;
  }

  private isForeign(update: WebhookUpdate): boolean {
    // Events for a number this deployment does not serve are stored (the raw body) and logged, never
    // processed as this number's (SPEC §9).
    return update.phoneNumberId !== null && update.phoneNumberId !== this.deps.options.phoneNumberId;
  }

  /** Counts an update that changes nothing (not a message or status of this number), and logs it if `log`. */
  private noteUpdate(update: WebhookUpdate, counts: EventCounts, eventId: number, log: boolean): void {
    const logger = log ? this.deps.log : silentLogger;
    if (this.isForeign(update)) {
      counts.foreign += 1;
      logger.warn("update for another business number", {
        eventId,
        phoneNumberId: update.phoneNumberId,
        kind: update.kind,
      });
    } else if (update.kind === "error") {
      counts.errors += 1;
      logger.warn("webhook reported an error", {
        eventId,
        code: update.error.code,
        title: update.error.title,
      });
    } else if (update.kind === "ignored") {
      counts.ignored += 1;
      logger.info("webhook update ignored", { eventId, reason: update.reason });
    }
  }

  private applyUpdate(
    tx: InboxDb,
    update: InboundMessage | StatusUpdate,
    receivedAt: number,
    counts: EventCounts,
  ): void {
    const { clock, notifier } = this.deps;
    const now = clock.now();
    switch (update.kind) {
      case "message": {
        if (this.routeMessage(tx, update, receivedAt, now) === "duplicate") counts.duplicates += 1;
        else counts.messages += 1;
        return;
      }
      case "status": {
        if (applyStatus(tx, update, { now, notifier }) === "duplicate") counts.duplicates += 1;
        else counts.statuses += 1;
        return;
      }
    }
  }

  private routeMessage(
    tx: InboxDb,
    msg: InboundMessage,
    receivedAt: number,
    now: number,
  ): "duplicate" | "stored" {
    const { options, staffChannel, notifier, log } = this.deps;
    // Every path below stores the message under its dedupKey, so this one check makes all of them
    // idempotent: a redelivered command is not run twice, a redelivered customer message not filed twice.
    if (isDuplicateMessage(tx, msg.dedupKey)) return "duplicate";
    const staffMember = findActiveStaff(tx, msg.from);
    if (msg.groupId !== null) {
      if (msg.groupId !== options.staffGroupId || !staffMember) {
        recordUnroutedMessage(tx, msg, { now, receivedAt });
        if (msg.groupId === options.staffGroupId) staffChannel.strangerInGroup(tx, msg, { now });
        else log.info("message from a group that is not the staff group", { groupId: msg.groupId });
        return "stored";
      }
    }
    if (staffMember) {
      staffChannel.staffMessage(tx, msg, staffMember.id, { now, receivedAt });
      return "stored";
    }
    return applyCustomerMessage(tx, msg, {
      now,
      receivedAt,
      reopenWindowHours: options.reopenWindowHours,
      notifier,
    });
  }
}

function emptyCounts(): EventCounts {
  return { messages: 0, duplicates: 0, statuses: 0, errors: 0, ignored: 0, foreign: 0, failed: 0 };
}

function addCounts(into: EventCounts, from: EventCounts): void {
  for (const key of Object.keys(into) as Array<keyof EventCounts>) into[key] += from[key];
}

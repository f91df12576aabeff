// Claiming due outbox rows, in one short transaction before any network I/O (DESIGN invariant 2).
// A claimed row is 'sending' with a lease: if the process dies mid-send, the lease expires and the row is
// claimed again (at-least-once, reliability §B2). Free-form rows whose window has closed, and rows whose
// recipient is being paced, are settled here and never reach Meta.
import { and, asc, eq, lt, lte, or, sql } from "drizzle-orm";
import type { InboxDb } from "../store/db.js";
import { conversations, outbox } from "../store/schema.js";
import type { GraphMessage } from "../whatsapp/graph-client.js";
import { MAX_ATTEMPTS, type RecipientPacer } from "./backoff.js";
import { failRows, type OutboxRow } from "./failure.js";
import { parsePayload, TEXT_LIMIT, textMessage, textOfPayload } from "./payload.js";

/** One Graph send: usually one row; several coalesced staff notifications share one message. */
export type SendBatch = {
  rows: OutboxRow[];
  recipient: string;
  kind: "individual" | "group";
  message: GraphMessage;
  /** biz_opaque_callback_data: the outbox row id(s), echoed in status webhooks. */
  opaque: string;
};

export type ClaimResult = {
  batches: SendBatch[];
  failed: number;
  deferred: number;
};

export type ClaimContext = {
  now: number;
  pacer: RecipientPacer;
  leaseMs: number;
  limit: number;
  notifyTemplate: string | null;
};

/** A coalesced message stays short enough to read and its opaque data stays small. */
const MAX_COALESCED = 20;

function dueCondition(now: number) {
  return or(
    and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)),
    // A lease that ran out: the process that held it died (or hung) mid-send.
    and(eq(outbox.status, "sending"), lt(outbox.leaseUntil, now)),
  );
}

function windowOpen(tx: InboxDb, conversationId: number | null, now: number): boolean {
  if (conversationId === null) return false;
  const c = tx
    .select({ windowExpiresAt: conversations.windowExpiresAt })
    .from(conversations)
    .where(eq(conversations.id, conversationId))
    .get();
  return c?.windowExpiresAt != null && c.windowExpiresAt > now;
}

/** Notifications to one staff member that are due together go as one message ("forward" never does). */
function coalescable(row: OutboxRow): boolean {
  return row.purpose === "notify" && row.recipientKind === "staff" && textOfPayload(row.payload) !== null;
}

export function claimDue(tx: InboxDb, ctx: ClaimContext): ClaimResult {
  const { now, pacer } = ctx;
  const due = tx
    .select()
    .from(outbox)
    // The status list is implied by dueCondition, but without it SQLite walks the whole outbox in id
    // order (every row ever sent) instead of the partial index outbox_due: 48 ms a run at 300k rows.
    // Literal, not bound: only a literal lets SQLite see that the index's WHERE holds.
    .where(and(sql`${outbox.status} in ('pending', 'sending')`, dueCondition(now)))
    .orderBy(asc(outbox.id))
    .limit(ctx.limit)
    .all();
  const result: ClaimResult = { batches: [], failed: 0, deferred: 0 };
  const openNotify = new Map<string, { batch: SendBatch; texts: string[] }>();

  for (const found of due) {
    // An expired lease counts as an attempt whose outcome is unknown, so a row that kills the process
    // every time it is sent still runs out of attempts.
    const row: OutboxRow = found.status === "sending" ? { ...found, attempts: found.attempts + 1 } : found;
    const message = parsePayload(row.payload);
    if (message === null || row.attempts >= MAX_ATTEMPTS) {
      const reason = message === null ? "unreadable payload" : "interrupted while sending";
      const failure =
        message === null
          ? ({ kind: "rejected", reason } as const)
          : ({ kind: "gave_up", attempts: row.attempts, reason } as const);
      failRows(tx, [row], failure, { now, notifyTemplate: ctx.notifyTemplate });
      result.failed += 1;
      continue;
    }
    if (row.needsWindow && !windowOpen(tx, row.conversationId, now)) {
      failRows(tx, [row], { kind: "window_closed_before_send" }, { now, notifyTemplate: ctx.notifyTemplate });
      result.failed += 1;
      continue;
    }

    const text = coalescable(row) ? textOfPayload(row.payload) : null;
    const open = text === null ? undefined : openNotify.get(row.recipient);
    if (text !== null && open !== undefined) {
      const joined = [...open.texts, text].join("\n\n");
      if (open.batch.rows.length < MAX_COALESCED && joined.length <= TEXT_LIMIT && claim(tx, row, ctx)) {
        open.texts.push(text);
        open.batch.rows.push(row);
        open.batch.message = textMessage(joined);
        open.batch.opaque = open.batch.rows.map((r) => r.id).join(",");
        continue;
      }
    }

    // The answer to a staff member's own command goes at once (only a 131056 block holds it back);
    // everything else waits for a token of the pair limit.
    const paced = row.purpose === "answer" ? pacer.takeNow(row.recipient) : pacer.tryTake(row.recipient);
    if (!paced) {
      tx.update(outbox)
        .set({
          status: "pending",
          leaseUntil: null,
          attempts: row.attempts,
          nextAttemptAt: pacer.nextAvailableAt(row.recipient),
        })
        .where(and(eq(outbox.id, row.id), dueCondition(now)))
        .run();
      result.deferred += 1;
      continue;
    }
    if (!claim(tx, row, ctx)) continue;
    const batch: SendBatch = {
      rows: [row],
      recipient: row.recipient,
      kind: row.recipientKind === "group" ? "group" : "individual",
      message,
      opaque: String(row.id),
    };
    result.batches.push(batch);
    if (text !== null) openNotify.set(row.recipient, { batch, texts: [text] });
  }
  return result;
}

/** The conditional update is the lock: only one claimer sees the row come back. */
function claim(tx: InboxDb, row: OutboxRow, ctx: ClaimContext): boolean {
  const claimed = tx
    .update(outbox)
    .set({ status: "sending", leaseUntil: ctx.now + ctx.leaseMs, attempts: row.attempts })
    .where(and(eq(outbox.id, row.id), dueCondition(ctx.now)))
    .returning({ id: outbox.id })
    .all();
  return claimed.length === 1;
}

/** Puts claimed rows that were never sent (sending stopped mid-run) back, with no attempt counted. */
export function releaseClaim(tx: InboxDb, rows: OutboxRow[], lastError: string | null): void {
  for (const row of rows) {
    tx.update(outbox)
      .set({ status: "pending", leaseUntil: null, attempts: row.attempts, lastError })
      .where(and(eq(outbox.id, row.id), eq(outbox.status, "sending")))
      .run();
  }
}

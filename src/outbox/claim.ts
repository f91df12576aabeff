// Claiming due outbox rows, in one short transaction before any network I/O (DESIGN invariant 2).
// A claimed row is 'sending' with a lease: if the process dies mid-send, the lease expires and the row is
// claimed again (at-least-once, reliability §B2). Free-form rows whose window has closed, and rows whose
// recipient is being paced, are settled here and never reach Meta.
import { and, eq } from "drizzle-orm";
import type { InboxDb } from "../store/db.js";
import { outbox } from "../store/schema.js";
import type { GraphMessage } from "../whatsapp/graph-client.js";
import type { RecipientPacer } from "./backoff.js";
import { type FillContext, joinOpenMessage, type OpenMessage, openMessage } from "./coalesce.js";
import { claimRow, readiness, selectDue, windowOpen, withLeaseCounted } from "./due.js";
import { failRows, type OutboxRow, type UnheardFailure } from "./failure.js";
import { type PaceMemo, pace } from "./pace.js";

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
  /** Rows failed here (out of attempts, say) with nobody to tell: the dispatcher logs them. */
  unheard: UnheardFailure[];
};

export type ClaimContext = {
  now: number;
  pacer: RecipientPacer;
  leaseMs: number;
  limit: number;
  notifyTemplate: string | null;
  /** Media relays (about four Graph calls each) in one run; the rest wait for the next run. */
  mediaLimit?: number;
};

/**
 * What a run has done for one recipient so far. A token spent on one of their rows may carry the rest,
 * and a recipient without a token has the rest put off with it, so their later rows in the list depend
 * on the earlier ones.
 */
export type RecipientRun = PaceMemo & {
  /** The message a token was spent on: their later notices (forwards too, once behind) join it. */
  open?: OpenMessage;
  /** Their waiting notices and forwards were folded into a message: none is left. */
  folded: boolean;
};

/**
 * A row in this run's list that an earlier row of the same recipient already dealt with: pulled into
 * a message, put off with the rest (and counted then), or folded. A row whose lease expired was not
 * touched by the statements that moved or folded pending rows, so it is always looked at.
 */
export function settledThisRun(row: OutboxRow, them: RecipientRun, taken: ReadonlySet<number>): boolean {
  if (taken.has(row.id)) return true;
  if (row.status !== "pending") return false;
  if (row.purpose === "answer") return them.putOff?.answersToo === true;
  return them.putOff !== undefined || them.folded;
}

/**
 * One pass over the due rows, oldest first: each is failed when it cannot be sent, joins the message
 * open to its recipient, or takes a token (or is put off with everything else of theirs) and becomes a
 * batch that carries what else is due for them.
 */
export function claimDue(tx: InboxDb, ctx: ClaimContext): ClaimResult {
  const { now, pacer } = ctx;
  const result: ClaimResult = { batches: [], failed: 0, deferred: 0, unheard: [] };
  const recipients = new Map<string, RecipientRun>();
  const claim = (row: OutboxRow) => claimRow(tx, row, ctx);
  const fill: FillContext = { now, leaseMs: ctx.leaseMs, claim, taken: new Set() };
  let mediaLeft = ctx.mediaLimit ?? Number.POSITIVE_INFINITY;
  for (const found of selectDue(tx, now, ctx.limit)) {
    const them = recipients.get(found.recipient) ?? { forced: false, folded: false };
    recipients.set(found.recipient, them);
    if (settledThisRun(found, them, fill.taken)) continue;
    const row = withLeaseCounted(found);
    const ready = readiness(row, (conversationId) => windowOpen(tx, conversationId, now));
    if (!ready.ok) {
      failRows(tx, [row], ready.failure, {
        now,
        notifyTemplate: ctx.notifyTemplate,
        unheard: result.unheard,
      });
      result.failed += 1;
      continue;
    }
    if (joinOpenMessage(them.open, row, claim)) continue;
    // Still due, so the next run (a Durable Object's next alarm, set at once) takes it.
    if (row.media !== null && row.mediaUploadId === null && mediaLeft <= 0) continue;
    const paced = pace(tx, pacer, now, them, row);
    if (!paced.token) {
      result.deferred += paced.deferred;
      continue;
    }
    if (!claim(row)) continue;
    if (row.media !== null && row.mediaUploadId === null) mediaLeft -= 1;
    const batch = batchOf(row, ready.message);
    result.batches.push(batch);
    const opened = openMessage(tx, row, batch, fill);
    if (opened !== null) {
      them.open = opened.open;
      them.folded ||= opened.folded;
    }
  }
  return result;
}

function batchOf(row: OutboxRow, message: GraphMessage): SendBatch {
  return {
    rows: [row],
    recipient: row.recipient,
    kind: row.recipientKind === "group" ? "group" : "individual",
    message,
    opaque: String(row.id),
  };
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

/**
 * At start, when this process alone uses the database (the Node entry holds DATA_DIR's lock): rows
 * still 'sending' were leased by a process that died mid-send. Their leases are expired now, so they go
 * at the next run, through the same path as a lease that ran out (an attempt counted), instead of
 * after the rest of the 60 s lease. Returns how many rows that was.
 */
export function expireOrphanedLeases(db: InboxDb): number {
  return db
    .update(outbox)
    .set({ leaseUntil: 0 })
    .where(eq(outbox.status, "sending"))
    .returning({ id: outbox.id })
    .all().length;
}

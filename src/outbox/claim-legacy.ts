// TEMPORARY: claimDue as it was before it was split into steps, verbatim but for its name, so
// claim.differential.test.ts can run old and new side by side on random outboxes. Removed once checked.
// Claiming due outbox rows, in one short transaction before any network I/O (DESIGN invariant 2).
// A claimed row is 'sending' with a lease: if the process dies mid-send, the lease expires and the row is
// claimed again (at-least-once, reliability §B2). Free-form rows whose window has closed, and rows whose
// recipient is being paced, are settled here and never reach Meta.
import { and, asc, eq, lt, lte, ne, or, sql } from "drizzle-orm";
import type { InboxDb } from "../store/db.js";
import { conversations, outbox } from "../store/schema.js";
import { MAX_ATTEMPTS } from "./backoff.js";
import type { ClaimContext, ClaimResult, SendBatch } from "./claim.js";
import {
  behind,
  coalesce,
  fillFromQueue,
  joinableText,
  type OpenMessage,
  undoCoalesce,
  waited,
} from "./coalesce.js";
import { failRows, type OutboxRow } from "./failure.js";
import { parsePayload } from "./payload.js";

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

export function legacyClaimDue(tx: InboxDb, ctx: ClaimContext): ClaimResult {
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
  const openNotify = new Map<string, OpenMessage>();
  /** Recipients whose waiting rows were all moved to their next token this run (answers: only if blocked). */
  const paced = new Map<string, { answersToo: boolean }>();
  /** Rows pulled into a coalesced message from beyond this run's list. */
  const taken = new Set<number>();
  /** Recipients who got a row through on a token that answers had spent (one per run). */
  const forcedFor = new Set<string>();
  /** Recipients whose waiting notices and forwards were folded into a message this run. */
  const folded = new Set<string>();

  for (const found of due) {
    if (taken.has(found.id)) continue;
    const deferredWith = paced.get(found.recipient);
    if (
      deferredWith !== undefined &&
      found.status === "pending" &&
      (found.purpose !== "answer" || deferredWith.answersToo)
    )
      continue; // moved (and counted) with the rest of this recipient's rows
    if (folded.has(found.recipient) && found.status === "pending" && found.purpose !== "answer") continue;

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

    const open = openNotify.get(row.recipient);
    const joining = open === undefined ? null : joinableText(row, open.behind);
    if (open !== undefined && joining !== null) {
      if (coalesce(open, row, joining) && claim(tx, row, ctx)) continue;
      undoCoalesce(open, row);
    }

    // The answer to a staff member's own command goes at once (only a 131056 block holds it back);
    // everything else waits for a token of the pair limit, once: the first row put off to its token goes
    // when that time comes, even if answers spent the token meanwhile (else a person who keeps typing
    // commands would never hear of anything else; the debt floor keeps the wait under 36 s). One such
    // row per person per run: the rest wait for the next token.
    const answer = row.purpose === "answer";
    const forced = !answer && waited(row) && !forcedFor.has(row.recipient);
    if (forced) forcedFor.add(row.recipient);
    const atOnce = answer || forced;
    if (!(atOnce ? pacer.takeNow(row.recipient) : pacer.tryTake(row.recipient))) {
      const until = pacer.nextAvailableAt(row.recipient, answer);
      deferRow(tx, row, until, now);
      // Everything else waiting for this person waits for the same token: one UPDATE for all of it,
      // not one per row (a busy staff member can have thousands of notices waiting).
      result.deferred += 1 + deferRecipient(tx, row.recipient, until, now, answer);
      paced.set(row.recipient, { answersToo: answer });
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
    // The token is spent: let it carry everything else due for this person (coalesce.ts).
    const isBehind = behind(row, now);
    const text = joinableText(row, isBehind);
    if (text === null) continue;
    const opened: OpenMessage = { batch, texts: [text], behind: isBehind };
    openNotify.set(row.recipient, opened);
    if (fillFromQueue(tx, opened, { now, leaseMs: ctx.leaseMs, claim: (r) => claim(tx, r, ctx), taken }))
      folded.add(row.recipient);
  }
  return result;
}

function deferRow(tx: InboxDb, row: OutboxRow, until: number, now: number): void {
  tx.update(outbox)
    .set({ status: "pending", leaseUntil: null, attempts: row.attempts, nextAttemptAt: until })
    .where(and(eq(outbox.id, row.id), dueCondition(now)))
    .run();
}

/** Moves a paced recipient's other due rows to `until`; answers too only when a 131056 block holds them. */
function deferRecipient(
  tx: InboxDb,
  recipient: string,
  until: number,
  now: number,
  answersToo: boolean,
): number {
  return tx
    .update(outbox)
    .set({ nextAttemptAt: until })
    .where(
      and(
        eq(outbox.recipient, recipient),
        sql`${outbox.status} = 'pending'`,
        lte(outbox.nextAttemptAt, now),
        answersToo ? undefined : ne(outbox.purpose, "answer"),
      ),
    )
    .returning({ id: outbox.id })
    .all().length;
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

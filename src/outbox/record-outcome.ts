// Recording what Meta (or the network) said about one send, in one short transaction after the send.
import { and, eq, inArray, isNull, or } from "drizzle-orm";
import type { InboxDb } from "../store/db.js";
import { messages, outbox } from "../store/schema.js";
import { requestTemplateRefresh } from "../store/template-list.js";
import type { SendResult } from "../whatsapp/graph-client.js";
import { isTemplateError } from "../whatsapp/graph-errors.js";
import { MAX_ATTEMPTS, nextAttemptDelay, type RecipientPacer } from "./backoff.js";
import type { SendBatch } from "./claim.js";
import { releaseClaim } from "./claim.js";
import { applyRecordedStatuses } from "./delivery-status.js";
import { failRows, type OutboxRow, type UnheardFailure, type WindowClosedInfo } from "./failure.js";
import { stopSending } from "./sending-state.js";

export type RecordContext = {
  now: number;
  random: () => number;
  pacer: RecipientPacer;
  notifyTemplate: string | null;
};

export type Recorded =
  | { kind: "sent"; count: number }
  | { kind: "retried"; count: number }
  | { kind: "failed"; count: number; closed: WindowClosedInfo[]; unheard: UnheardFailure[] }
  | { kind: "mixed"; retried: number; failed: number; unheard: UnheardFailure[] }
  | { kind: "stopped"; reason: string };

/** A 131056 backoff only counts as an attempt once it is a minute or longer, so the early 1/4/16 s steps
 * of Meta's 4^X schedule do not eat the retry budget, while a recipient that never recovers still fails. */
const COUNTED_BACKOFF_MS = 60_000;

export function recordOutcome(
  tx: InboxDb,
  batch: SendBatch,
  result: SendResult,
  ctx: RecordContext,
): Recorded {
  const { now } = ctx;
  const ids = batch.rows.map((r) => r.id);
  if (result.ok) {
    tx.update(outbox)
      .set({ status: "sent", wamid: result.wamid, sentAt: now, leaseUntil: null, lastError: null })
      .where(inArray(outbox.id, ids))
      .run();
    const keys = ids.map((id) => `out:${id}`);
    tx.update(messages).set({ wamid: result.wamid }).where(inArray(messages.dedupKey, keys)).run();
    tx.update(messages)
      .set({ status: "sent", statusAt: now })
      .where(
        and(inArray(messages.dedupKey, keys), or(isNull(messages.status), eq(messages.status, "pending"))),
      )
      .run();
    // Statuses that overtook the send response were parked in message_statuses; apply them now.
    applyRecordedStatuses(tx, result.wamid);
    ctx.pacer.succeeded(batch.recipient);
    return { kind: "sent", count: ids.length };
  }

  // The pair limit counts messages Meta sent. Without this, every failed attempt during an outage
  // would push this person's later notifications back by another 6 s (minutes, after a short 5xx burst).
  // A timeout may have been sent after all; if so, Meta's 131056 makes the pacer catch up.
  if (result.outcome !== "recipient_backoff") ctx.pacer.refund(batch.recipient);
  switch (result.outcome) {
    case "stop": {
      const reason = result.reason;
      stopSending(tx, { now, reason });
      releaseClaim(tx, batch.rows, reason);
      return { kind: "stopped", reason };
    }
    case "fail": {
      const template = isTemplateError(result.code);
      // Meta does not know the template as it was called: the cached list may be out of date.
      if (template) requestTemplateRefresh(tx, { now });
      const failure = result.windowClosed
        ? ({ kind: "window_closed_by_meta" } as const)
        : ({ kind: template ? "template_rejected" : "rejected", reason: result.reason } as const);
      const unheard: UnheardFailure[] = [];
      const closed = failRows(tx, batch.rows, failure, { now, notifyTemplate: ctx.notifyTemplate, unheard });
      return { kind: "failed", count: ids.length, closed, unheard };
    }
    case "retry":
      // A Retry-After (429, 503) says when Graph wants to hear from us again: that, not our own guess.
      // It still counts as an attempt, so a Graph that never recovers still runs the row out of them.
      return reschedule(tx, batch.rows, result.reason, ctx, (row) => {
        const attempts = row.attempts + 1;
        return { attempts, at: now + (result.retryAfterMs ?? nextAttemptDelay(attempts, ctx.random)) };
      });
    case "recipient_backoff": {
      const delay = ctx.pacer.penalize(batch.recipient);
      const counted = delay >= COUNTED_BACKOFF_MS ? 1 : 0;
      return reschedule(tx, batch.rows, result.reason, ctx, (row) => ({
        attempts: row.attempts + counted,
        at: now + delay,
      }));
    }
  }
}

function reschedule(
  tx: InboxDb,
  rows: OutboxRow[],
  reason: string,
  ctx: RecordContext,
  next: (row: OutboxRow) => { attempts: number; at: number },
): Recorded {
  const exhausted: Array<{ row: OutboxRow; attempts: number }> = [];
  const unheard: UnheardFailure[] = [];
  let retried = 0;
  for (const row of rows) {
    const { attempts, at } = next(row);
    if (attempts >= MAX_ATTEMPTS) {
      exhausted.push({ row, attempts });
      continue;
    }
    tx.update(outbox)
      .set({ status: "pending", attempts, nextAttemptAt: at, leaseUntil: null, lastError: reason })
      .where(eq(outbox.id, row.id))
      .run();
    retried += 1;
  }
  for (const { row, attempts } of exhausted) {
    failRows(
      tx,
      [row],
      { kind: "gave_up", attempts, reason },
      {
        now: ctx.now,
        notifyTemplate: ctx.notifyTemplate,
        attempts: () => attempts,
        unheard,
      },
    );
  }
  if (exhausted.length === 0) return { kind: "retried", count: retried };
  if (retried === 0) return { kind: "failed", count: exhausted.length, closed: [], unheard };
  return { kind: "mixed", retried, failed: exhausted.length, unheard };
}

// The pacing step of a claim run (claim.ts): Meta lets about one message every 6 s reach one person
// (the pair limit, backoff.ts), so each row takes a token of its recipient's bucket before it is claimed,
// and a recipient without one has everything waiting for them put off to their next token.
import { and, eq, lte, ne, sql } from "drizzle-orm";
import type { InboxDb } from "../store/db.js";
import { outbox } from "../store/schema.js";
import type { RecipientPacer } from "./backoff.js";
import { waited } from "./coalesce.js";
import { dueCondition } from "./due.js";
import type { OutboxRow } from "./failure.js";

/**
 * How a row gets its token. The answer to a staff member's own command goes at once (only a 131056 block
 * holds it back); everything else waits for a token, once: the first row put off to its token goes when
 * that time comes, even if answers spent the token meanwhile (else a person who keeps typing commands
 * would never hear of anything else; the debt floor bounds the wait). One such row per person per run:
 * the rest wait for the next token.
 */
export type TokenRule = "answer" | "forced" | "wait";

export function tokenRule(row: OutboxRow, forcedAlready: boolean): TokenRule {
  // A "seen" mark (inbox/seen-signals.ts) is not a message the person reads; it goes at once, like an answer.
  if (row.purpose === "answer" || row.purpose === "read") return "answer";
  return waited(row) && !forcedAlready ? "forced" : "wait";
}

/** What pacing remembers of one recipient for the rest of a run. */
export type PaceMemo = {
  /** A row of theirs already went on a token that answers had spent. */
  forced: boolean;
  /** Their waiting rows were all put off to their next token; answers too when a 131056 block holds them. */
  putOff?: { answersToo: boolean };
};

export type Paced = { token: true } | { token: false; deferred: number };

export function pace(tx: InboxDb, pacer: RecipientPacer, now: number, memo: PaceMemo, row: OutboxRow): Paced {
  const rule = tokenRule(row, memo.forced);
  if (rule === "forced") memo.forced = true;
  const took = rule === "wait" ? pacer.tryTake(row.recipient) : pacer.takeNow(row.recipient);
  if (took) return { token: true };
  const answersToo = rule === "answer";
  // Sticky for the run: a row looked at later (a lease that ran out) must not un-settle the answers an
  // earlier put-off already moved, or they would be counted twice and handled again.
  memo.putOff = { answersToo: answersToo || memo.putOff?.answersToo === true };
  return { token: false, deferred: putOff(tx, pacer, row, now, answersToo) };
}

/**
 * Moves `row`, and everything else due for its recipient, to their next token; answers too only when a
 * 131056 block holds them. One UPDATE for the rest, not one per row: a busy staff member can have
 * thousands of notices waiting. Returns how many rows moved.
 */
export function putOff(
  tx: InboxDb,
  pacer: RecipientPacer,
  row: OutboxRow,
  now: number,
  answersToo: boolean,
): number {
  const until = pacer.nextAvailableAt(row.recipient, answersToo);
  tx.update(outbox)
    .set({ status: "pending", leaseUntil: null, attempts: row.attempts, nextAttemptAt: until })
    .where(and(eq(outbox.id, row.id), dueCondition(now)))
    .run();
  const rest = tx
    .update(outbox)
    .set({ nextAttemptAt: until })
    .where(
      and(
        eq(outbox.recipient, row.recipient),
        sql`${outbox.status} = 'pending'`,
        lte(outbox.nextAttemptAt, now),
        answersToo ? undefined : ne(outbox.purpose, "answer"),
      ),
    )
    .returning({ id: outbox.id })
    .all();
  return 1 + rest.length;
}

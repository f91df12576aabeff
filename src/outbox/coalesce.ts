// Several outbox rows to one staff member in one WhatsApp message. Meta allows about one message every
// 6 s to a person (backoff.ts), so when a token comes it should carry everything waiting for them:
// - notices ("#12 new", "#3 assigned to you") due together always share a message;
// - a forwarded customer message goes alone while the person keeps up (so quoting it replies to that
//   customer), but once one has waited a minute for a token, the person is behind: forwards join the
//   message too (a quote then names one conversation, or the bot lists them and asks for /reply #N);
// - when more is waiting than one message holds, the rest is folded into one closing line, so a person
//   who fell behind gets one message per token and never an hours-long trickle of stale notices;
// - a notice with reply buttons (SPEC §12) keeps them only when it goes alone: joined with others it is
//   its text fallback, so one message never carries the buttons of several conversations.
import { and, asc, eq, inArray, lte, ne, sql } from "drizzle-orm";
import type { InboxDb } from "../store/db.js";
import { outbox } from "../store/schema.js";
import { inboxTexts } from "../texts/stored-language.js";
import { MAX_ATTEMPTS } from "./backoff.js";
import type { SendBatch } from "./claim.js";
import type { OutboxRow } from "./failure.js";
import { goesAlone } from "./interactive.js";
import { parsePayload, TEXT_LIMIT, textMessage, textOfPayload } from "./payload.js";

/** A coalesced message stays short enough to read and its opaque data stays small. */
export const MAX_COALESCED = 20;
/** Room kept for the folded line when a person is behind. */
const FOLD_RESERVE = 160;

export type OpenMessage = { batch: SendBatch; texts: string[]; behind: boolean };

/** A staff row that was put off to a pacing token (or a retry) and whose time has come. */
export function waited(row: OutboxRow): boolean {
  return row.recipientKind === "staff" && row.purpose !== "answer" && row.nextAttemptAt > row.createdAt;
}

/**
 * How long a row may wait for its token before its recipient counts as behind. Waiting a few tokens is
 * ordinary pacing after a burst (forwards still go one by one, each answerable by quoting it); a minute
 * means messages arrive faster than WhatsApp lets us pass them on.
 */
export const BEHIND_AFTER_MS = 60_000;

export function behind(row: OutboxRow, now: number): boolean {
  return waited(row) && now - row.createdAt >= BEHIND_AFTER_MS;
}

/** The text a row adds to an open message, or null when it must go on its own. */
export function joinableText(row: OutboxRow, behind: boolean): string | null {
  if (row.attempts >= MAX_ATTEMPTS || row.recipientKind !== "staff" || goesAlone(row.payload)) return null;
  if (row.purpose === "notify" || (behind && row.purpose === "forward")) return textOfPayload(row.payload);
  return null;
}

/** Adds a row's text if it still fits; the caller claims the row or undoes this. */
export function coalesce(open: OpenMessage, row: OutboxRow, text: string): boolean {
  const reserve = open.behind ? FOLD_RESERVE : 0;
  const maxRows = open.behind ? MAX_COALESCED - 1 : MAX_COALESCED;
  const joined = [...open.texts, text].join("\n\n");
  if (open.batch.rows.length >= maxRows || joined.length + reserve > TEXT_LIMIT) return false;
  push(open, row, text);
  return true;
}

export function undoCoalesce(open: OpenMessage, row: OutboxRow): void {
  if (open.batch.rows.at(-1) !== row) return;
  open.batch.rows.pop();
  open.texts.pop();
  rebuild(open);
}

function push(open: OpenMessage, row: OutboxRow, text: string): void {
  open.texts.push(text);
  open.batch.rows.push(row);
  rebuild(open);
}

/**
 * The message lists its rows in the order they were written (by id), not the order they became due:
 * pacing puts off rows that waited for a token past later ones that did not, and a person reads a
 * folded message top to bottom as what happened (SPEC §16). The fold line is written last, so it stays last.
 */
function rebuild(open: OpenMessage): void {
  const [only] = open.batch.rows;
  // One row left (a join undone): it goes as it was written, reply buttons included (SPEC §12).
  const alone = open.batch.rows.length === 1 && only !== undefined ? parsePayload(only.payload) : null;
  if (alone !== null && only !== undefined) {
    open.batch.message = alone;
    open.batch.opaque = String(only.id);
    return;
  }
  const inOrder = open.batch.rows
    .map((row, i) => ({ id: row.id, text: open.texts[i] ?? "" }))
    .sort((a, b) => a.id - b.id)
    .map((entry) => entry.text);
  open.batch.message = textMessage(inOrder.join("\n\n"));
  open.batch.opaque = open.batch.rows.map((r) => r.id).join(",");
}

/**
 * The coalesce step of a claim run (claim.ts): a row joins the message already open to its recipient
 * when it may and still fits. True when it joined and is claimed; otherwise it goes on its own token.
 */
export function joinOpenMessage(
  open: OpenMessage | undefined,
  row: OutboxRow,
  claim: (row: OutboxRow) => boolean,
): boolean {
  if (open === undefined) return false;
  const text = joinableText(row, open.behind);
  if (text === null) return false;
  if (coalesce(open, row, text) && claim(row)) return true;
  undoCoalesce(open, row);
  return false;
}

/**
 * The fold step of a claim run: a token was spent on `row`'s batch, so let it carry everything else due
 * for that person (fillFromQueue). Null when the row cannot carry others (it is not a staff text, or it
 * is a forward to someone who keeps up); otherwise the message their later rows may still join, and
 * whether what did not fit was folded into it.
 */
export function openMessage(
  tx: InboxDb,
  row: OutboxRow,
  batch: SendBatch,
  ctx: FillContext,
): { open: OpenMessage; folded: boolean } | null {
  const isBehind = behind(row, ctx.now);
  const text = joinableText(row, isBehind);
  if (text === null) return null;
  const open: OpenMessage = { batch, texts: [text], behind: isBehind };
  return { open, folded: fillFromQueue(tx, open, ctx) };
}

export type FillContext = {
  now: number;
  leaseMs: number;
  /** The conditional claim (claimRow, due.ts): true when this caller got the row. */
  claim: (row: OutboxRow) => boolean;
  /** Rows claimed here, so the caller's own list skips them. */
  taken: Set<number>;
};

/**
 * A token was spent on `open`'s first row: add everything else due for that person that may join, in
 * the order it became due, and, when they are behind and more is waiting than fits, fold the rest.
 * True when it folded: nothing else of theirs is waiting now.
 */
export function fillFromQueue(tx: InboxDb, open: OpenMessage, ctx: FillContext): boolean {
  const first = open.batch.rows[0];
  if (first === undefined) return false;
  let full = false;
  for (const more of dueFor(tx, first, ctx.now, MAX_COALESCED * 2)) {
    const text = joinableText(more, open.behind);
    if (text === null) continue;
    if (!coalesce(open, more, text)) {
      full = true;
      break;
    }
    if (ctx.claim(more)) ctx.taken.add(more.id);
    else undoCoalesce(open, more);
  }
  return full && open.behind && foldTheRest(tx, open, first, ctx);
}

/** Due pending rows of the same recipient after `row`, through outbox_recipient_due (no sort). */
function dueFor(tx: InboxDb, row: OutboxRow, now: number, limit: number): OutboxRow[] {
  return tx
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.recipient, row.recipient),
        sql`${outbox.status} = 'pending'`,
        lte(outbox.nextAttemptAt, now),
        ne(outbox.id, row.id),
      ),
    )
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(limit)
    .all();
}

/**
 * The person is behind and more notices and forwards wait than one message holds: they become one line
 * ("…and 312 more"), written as an outbox row of its own (so a retry of the message keeps it) and sent
 * with this message; the folded rows are marked sent, pointing at it, like held notices released in a
 * summary (enqueue.ts).
 */
function foldTheRest(tx: InboxDb, open: OpenMessage, first: OutboxRow, ctx: FillContext): boolean {
  const rest = and(
    eq(outbox.recipient, first.recipient),
    sql`${outbox.status} = 'pending'`,
    lte(outbox.nextAttemptAt, ctx.now),
    inArray(outbox.purpose, ["notify", "forward"]),
  );
  const waiting = tx.select({ n: sql<number>`count(*)` }).from(outbox).where(rest).get()?.n ?? 0;
  if (waiting === 0) return false;
  const text = inboxTexts(tx).foldedMore({ count: waiting });
  const fold = tx
    .insert(outbox)
    .values({
      recipient: first.recipient,
      recipientKind: "staff",
      staffId: first.staffId,
      purpose: "notify",
      payload: JSON.stringify(textMessage(text)),
      status: "sending",
      leaseUntil: ctx.now + ctx.leaseMs,
      nextAttemptAt: ctx.now,
      createdAt: ctx.now,
    })
    .returning()
    .get();
  tx.update(outbox)
    .set({ status: "sent", sentAt: ctx.now, lastError: `folded into outbox #${fold.id}` })
    .where(rest)
    .run();
  push(open, fold, text);
  return true;
}

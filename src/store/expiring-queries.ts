// /expiring (SPEC §13): open conversations whose customer waits for an answer and whose window is still
// open, soonest-closing first. Each slice of the person's scope is one range of conversations_expiring_team
// or conversations_expiring_owner, already in window order, so SQLite merges the slices (MERGE UNION ALL)
// without sorting, as view-queries.ts does for the other lists. Counted only up to COUNT_AHEAD, like them.
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { unionAll } from "drizzle-orm/sqlite-core";
import type { Slice } from "../domain/stats-scope.js";
import type { InboxDb } from "./db.js";
import { prepared } from "./prepared.js";
import { contacts, conversations } from "./schema.js";
import { COUNT_AHEAD, PAGE_SIZE, type ViewPage, type ViewRow } from "./view-queries.js";

const c = conversations;
const p = sql.placeholder;
const WAITING = sql`${c.status} = 'open' and ${c.awaitingReplySince} is not null`;

function shapeOf(slices: readonly Slice[]): string {
  return slices
    .map(
      (s) => (s.assignee === "any" ? "*" : s.assignee === null ? "0" : "n") + (s.team === null ? "0" : "n"),
    )
    .join(",");
}

function condition(s: Slice, i: number): SQL | undefined {
  const owner =
    s.assignee === "any"
      ? undefined
      : s.assignee === null
        ? sql`${c.assigneeId} is null`
        : eq(c.assigneeId, p(`a${i}`));
  const team = s.team === null ? sql`${c.teamId} is null` : eq(c.teamId, p(`t${i}`));
  return and(WAITING, owner, team, sql`${c.windowExpiresAt} > ${p("now")}`);
}

function params(slices: readonly Slice[], now: number): Record<string, number> {
  const out: Record<string, number> = { now };
  slices.forEach((s, i) => {
    if (typeof s.assignee === "number") out[`a${i}`] = s.assignee;
    if (s.team !== null) out[`t${i}`] = s.team;
  });
  return out;
}

const MAX_ARMS = 30;
type KeyRow = { id: number; at: number; since: number };

/** Up to `limit` rows after `offset` of the slices, merged in window order by SQLite. */
function pageRows(
  tx: InboxDb,
  slices: readonly Slice[],
  now: number,
  limit: number,
  offset: number,
): KeyRow[] {
  const query = prepared(tx, `expiring.page.${shapeOf(slices)}`, (db) => {
    const arms = slices.map((s, i) =>
      db
        .select({
          id: c.id,
          at: sql<number>`${c.windowExpiresAt}`.as("at"),
          since: sql<number>`${c.awaitingReplySince}`.as("since"),
        })
        .from(c)
        .where(condition(s, i)),
    );
    const [first, second, ...rest] = arms;
    if (!first) throw new Error("no slices to page");
    return (
      (second ? unionAll(first, second, ...rest) : first)
        // The index order exactly (window, then the longer wait, then #N), so the arms merge unsorted.
        .orderBy(
          sql`${sql.identifier("at")} asc`,
          sql`${sql.identifier("since")} asc`,
          sql`${sql.identifier("id")} asc`,
        )
        .limit(p("limit"))
        .offset(p("offset"))
        .prepare()
    );
  });
  return query.all({ ...params(slices, now), limit, offset });
}

/** `page` from 1. The slices must not overlap. `countAhead` is for tests. */
export function readExpiringPage(
  tx: InboxDb,
  slices: readonly Slice[],
  now: number,
  page: number,
  countAhead = COUNT_AHEAD,
): ViewPage {
  const offset = (page - 1) * PAGE_SIZE;
  const cap = offset + countAhead;
  let total = 0;
  for (const s of slices) {
    if (total >= cap) break;
    const counter = prepared(tx, `expiring.count.${shapeOf([s])}`, (db) => {
      const upTo = db.select({ one: sql`1` }).from(c).where(condition(s, 0)).limit(p("cap")).as("up_to");
      return db.select({ n: sql<number>`count(*)` }).from(upTo).prepare();
    });
    total += counter.get({ ...params([s], now), cap: cap - total })?.n ?? 0;
  }
  const capped = total >= cap;
  if (total <= offset || slices.length === 0) return { rows: [], total, capped };
  // A statement binds up to 3 values per arm, and a Durable Object allows 100 per statement: past
  // MAX_ARMS slices (an inbox with very many teams) each group of slices is merged on its own, up to the
  // end of the page, and the groups' rows are merged here.
  if (slices.length <= MAX_ARMS) {
    const ids = pageRows(tx, slices, now, PAGE_SIZE, offset).map((r) => r.id);
    return { rows: rowsOf(tx, ids), total, capped };
  }
  const merged: KeyRow[] = [];
  for (let i = 0; i < slices.length; i += MAX_ARMS) {
    merged.push(...pageRows(tx, slices.slice(i, i + MAX_ARMS), now, offset + PAGE_SIZE, 0));
  }
  merged.sort((x, y) => x.at - y.at || x.since - y.since || x.id - y.id);
  const ids = merged.slice(offset, offset + PAGE_SIZE).map((r) => r.id);
  return { rows: rowsOf(tx, ids), total, capped };
}

/** The page's rows with their customer, in the order of `ids` (at most PAGE_SIZE). */
function rowsOf(tx: InboxDb, ids: number[]): ViewRow[] {
  if (ids.length === 0) return [];
  const rows = tx
    .select({
      id: c.id,
      status: c.status,
      lastActivityAt: c.lastActivityAt,
      lastSnippet: c.lastSnippet,
      windowExpiresAt: c.windowExpiresAt,
      contact: {
        name: contacts.name,
        username: contacts.username,
        waId: contacts.waId,
        bsuid: contacts.bsuid,
      },
    })
    .from(c)
    .innerJoin(contacts, eq(contacts.id, c.contactId))
    .where(inArray(c.id, ids))
    .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

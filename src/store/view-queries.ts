// Reading one page of a view (SPEC §2). Most views are newest activity first: last_activity_at desc,
// id desc. New and the team queues are worked from their oldest end (SPEC §4): longest waiting first,
// by WAITING_KEY asc, id asc (plan.order "waiting").
//
// A view is a set of "sources", each a slice of conversations by (assignee, team) within one status.
// Where both are fixed values (or NULL) the slice is one range of conversations_view /
// conversations_team_view already in activity order, so several such slices are merged in order by
// SQLite (MERGE UNION ALL) with no sort at all: New, a team queue, Mine, /assigned @handle. A closed
// conversation's owner is kept in previous_assignee_id (lifecycle.ts): one previous owner's slice is one
// range of conversations_previous_owner, also in activity order (assignee and team are checked on each
// row), so the Closed view of someone with no team is merged the same way. In waiting order, an
// unassigned open slice with a fixed team (or none) is one range of conversations_waiting, merged alike.
// Slices with a free column (a whole team, "anyone") are not in activity order in any index we have.
// For those we count first, through covering indexes and only up to a cap: a small view is gathered and
// sorted (cheap because it is small); a big one is walked in activity order along
// conversations_status_activity, which finds a page quickly precisely because the view is a big share
// of it. Either way no query scans the table. (No view walks in waiting order: New and the queues are
// always merged. A plan that did would be right, only sorted.)
//
// Statements are prepared once per connection and shape (prepared.ts): building drizzle SQL cost more
// than running it. Status is always a literal: bound, SQLite re-plans every call to check the partial
// index on open conversations.
import { and, count, eq, inArray, isNotNull, isNull, notInArray, or, type SQL, sql } from "drizzle-orm";
import { unionAll } from "drizzle-orm/sqlite-core";
import type { InboxDb } from "./db.js";
import { prepared } from "./prepared.js";
import { contacts, conversations } from "./schema.js";

export const PAGE_SIZE = 10;
/**
 * Views are counted only this far past the page's first row: counting is linear, and "2,000+" tells a
 * person all they need while keeping every list within a few milliseconds on a million conversations.
 */
export const COUNT_AHEAD = 2000;
/** SQLite allows 500 arms in a compound SELECT; past this many slices we sort instead of merging. */
const MAX_MERGED_SOURCES = 64;

export type Status = "open" | "closed";
/** A fixed id, NULL, "some" (IS NOT NULL) or "any" (no condition). */
export type Slot = number | null | "some" | "any";
/**
 * A slice by (assignee, team), or the conversations whose previous owner is `previousOwner` and that
 * have no assignee, outside the teams `outside` (no team counts as outside).
 */
export type Source = { assignee: Slot; team: Slot } | { previousOwner: number; outside: readonly number[] };
/** Newest activity first (the default), or longest waiting first (New and the team queues). */
export type ViewOrder = "activity" | "waiting";
/**
 * `sources` must not overlap (counts add up). A function lists them when the view is read, for views
 * whose slices depend on which teams exist.
 */
export type ViewPlan = {
  status: Status;
  sources: readonly Source[] | ((tx: InboxDb) => readonly Source[]);
  order?: ViewOrder;
};

export type ViewRow = {
  id: number;
  status: Status;
  lastActivityAt: number;
  lastSnippet: string | null;
  windowExpiresAt: number | null;
  contact: { name: string | null; username: string | null; waId: string | null; bsuid: string | null };
};
/** `total` is exact unless `capped`, when the view holds at least that many. */
export type ViewPage = { rows: ViewRow[]; total: number; capped: boolean };

type Params = Record<string, number | null>;

const c = conversations;
const p = sql.placeholder;
/**
 * How long a customer has waited: since their oldest unanswered message, else (nobody waiting, e.g. a
 * conversation handed back after an answer) since its last activity. Written exactly as
 * conversations_waiting indexes it, so SQLite reads that index in this order.
 */
export const WAITING_KEY = sql`coalesce(${c.awaitingReplySince}, ${c.lastActivityAt})`;
/**
 * One index range in the view's order. Activity: fixed (assignee, team), or a previous owner (a residual
 * filter). Waiting: conversations_waiting holds only unassigned open conversations, by team.
 */
const ordered = (s: Source, status: Status, order: ViewOrder) => {
  if (order === "waiting") {
    return status === "open" && !("previousOwner" in s) && s.assignee === null && typeof s.team !== "string";
  }
  return "previousOwner" in s || (typeof s.assignee !== "string" && typeof s.team !== "string");
};
const statusIs = (status: Status) =>
  status === "open" ? sql`${c.status} = 'open'` : sql`${c.status} = 'closed'`;
const idsOf = (rows: { id: number }[]) => rows.map((r) => r.id);

/**
 * `page` starts at 1. A page past the end comes back with no rows and the true total. `countAhead` is
 * there for tests, to reach the big-view strategies with a few rows.
 */
export function readViewPage(tx: InboxDb, plan: ViewPlan, page: number, countAhead?: number): ViewPage {
  const offset = (page - 1) * PAGE_SIZE;
  const { status, order = "activity" } = plan;
  const sources = typeof plan.sources === "function" ? plan.sources(tx) : plan.sources;
  const cap = offset + (countAhead ?? COUNT_AHEAD);
  let total = 0;
  for (const s of sources) {
    if (total >= cap) break;
    total += sourceCount(tx, status, s).all({ ...sourceParams([s]), cap: cap - total })[0]?.n ?? 0;
  }
  const capped = total >= cap;
  if (total <= offset) return { rows: [], total, capped };
  const ids = pageIds(tx, { status, sources, order }, offset, capped);
  return { rows: rowsByIds(tx, ids), total, capped };
}

type Listed = { status: Status; sources: readonly Source[]; order: ViewOrder };
type How = "merged" | "gathered" | "walked";

function pageIds(tx: InboxDb, plan: Listed, offset: number, capped: boolean) {
  const { status, sources, order } = plan;
  const params = { ...sourceParams(sources), offset };
  // Counted exactly below the cap, so gathering sorts at most that many rows.
  let how: How = capped ? "walked" : "gathered";
  if (sources.every((s) => ordered(s, status, order)) && sources.length <= MAX_MERGED_SOURCES) how = "merged";
  return idsOf(pageQuery(tx, plan, how).all(params));
}

/**
 * "n" a fixed id, "0" NULL, "s" some, "*" any; "p<k>" a previous owner outside k teams: the statement's
 * shape, which is its cache key.
 */
function shapeOf(sources: readonly Source[]): string {
  const kind = (slot: Slot) =>
    typeof slot === "number" ? "n" : slot === null ? "0" : slot === "some" ? "s" : "*";
  return sources
    .map((s) => ("previousOwner" in s ? `p${s.outside.length}` : kind(s.assignee) + kind(s.team)))
    .join(",");
}

/** Placeholder values for the fixed ids of the sources: a<i> and t<i>; p<i> and o<i>_<j>. */
function sourceParams(sources: readonly Source[]): Params {
  const params: Params = {};
  sources.forEach((s, i) => {
    if ("previousOwner" in s) {
      params[`p${i}`] = s.previousOwner;
      s.outside.forEach((t, j) => {
        params[`o${i}_${j}`] = t;
      });
      return;
    }
    if (typeof s.assignee === "number") params[`a${i}`] = s.assignee;
    if (typeof s.team === "number") params[`t${i}`] = s.team;
  });
  return params;
}

/** `plus` wraps the column in SQLite's unary +, which keeps the planner from using an index for it. */
function slotCondition(
  column: typeof c.assigneeId | typeof c.teamId,
  slot: Slot,
  name: string,
  plus: boolean,
) {
  const target: SQL = plus ? sql`+${column}` : sql`${column}`;
  if (slot === "any") return undefined;
  if (slot === "some") return isNotNull(target);
  return slot === null ? isNull(target) : eq(target, p(name));
}

function sourceCondition(s: Source, i: number, plus: boolean): SQL | undefined {
  if ("previousOwner" in s) {
    // Along conversations_previous_owner (or, walked, the activity index): assignee and team are only
    // checked on the row, never used to pick an index.
    const previous: SQL = plus ? sql`+${c.previousAssigneeId}` : sql`${c.previousAssigneeId}`;
    const outside = s.outside.map((_, j) => p(`o${i}_${j}`));
    return and(
      eq(previous, p(`p${i}`)),
      isNull(sql`+${c.assigneeId}`),
      outside.length > 0 ? or(isNull(sql`+${c.teamId}`), notInArray(sql`+${c.teamId}`, outside)) : undefined,
    );
  }
  return and(
    slotCondition(c.assigneeId, s.assignee, `a${i}`, plus),
    slotCondition(c.teamId, s.team, `t${i}`, plus),
  );
}

/** count(*) that stops at :cap rows: the LIMIT inside bounds the work, not just the answer. */
function sourceCount(tx: InboxDb, status: Status, source: Source) {
  return prepared(tx, `views.count.${status}.${shapeOf([source])}`, (db) => {
    const upTo = db
      .select({ one: sql`1` })
      .from(c)
      .where(and(statusIs(status), sourceCondition(source, 0, false)))
      .limit(p("cap"))
      .as("up_to");
    return db.select({ n: count() }).from(upTo).prepare();
  });
}

function pageQuery(tx: InboxDb, plan: Listed, how: How) {
  const { status, sources, order } = plan;
  return prepared(tx, `views.${how}.${order}.${status}.${shapeOf(sources)}`, (db) => {
    const waiting = order === "waiting";
    const key = waiting ? WAITING_KEY : sql`${c.lastActivityAt}`;
    // Newest activity first, or longest waiting first; ties by #N the same way.
    const sorted = (at: SQL, id: SQL) =>
      waiting ? [sql`${at} asc`, sql`${id} asc`] : [sql`${at} desc`, sql`${id} desc`];
    if (how === "walked") {
      // The union of the sources as a row filter, along the status's activity index.
      const each = sources.map((s, i) => sourceCondition(s, i, true));
      const everything = each.some((w) => w === undefined);
      return db
        .select({ id: c.id })
        .from(c)
        .where(and(statusIs(status), everything ? undefined : or(...each)))
        .orderBy(...sorted(key, sql`${c.id}`))
        .limit(PAGE_SIZE)
        .offset(p("offset"))
        .prepare();
    }
    // Merged: each arm is one index range already in the view's order, and SQLite merges them as long
    // as the ORDER BY sits on the compound itself (inside a subquery it would sort the whole union).
    if (how === "merged") {
      const arms = sources.map((s, i) =>
        db
          .select({ id: c.id, at: sql<number>`${key}`.as("at") })
          .from(c)
          .where(and(statusIs(status), sourceCondition(s, i, false))),
      );
      const [first, second, ...rest] = arms;
      if (!first) throw new Error("a view with no sources has nothing to page");
      return (second ? unionAll(first, second, ...rest) : first)
        .orderBy(...sorted(sql`${sql.identifier("at")}`, sql`${sql.identifier("id")}`))
        .limit(PAGE_SIZE)
        .offset(p("offset"))
        .prepare();
    }
    // Gathered: the unary + keeps SQLite from walking the activity index instead, which for a small
    // view would visit most of the table; each arm is read from a covering index and the union (small,
    // as counted) sorted.
    const arms = sources.map((s, i) =>
      db
        .select({ id: c.id, at: sql<number>`+${key}`.as("at") })
        .from(c)
        .where(and(statusIs(status), sourceCondition(s, i, false))),
    );
    const [first, second, ...rest] = arms;
    if (!first) throw new Error("a view with no sources has nothing to page");
    const scope = (second ? unionAll(first, second, ...rest) : first).as("scope");
    return db
      .select({ id: scope.id })
      .from(scope)
      .orderBy(...sorted(sql`${scope.at}`, sql`${scope.id}`))
      .limit(PAGE_SIZE)
      .offset(p("offset"))
      .prepare();
  });
}

/** The page's rows with their customer, in the order of `ids` (at most PAGE_SIZE; unused slots NULL). */
function rowsByIds(tx: InboxDb, ids: number[]): ViewRow[] {
  if (ids.length === 0) return [];
  const names = Array.from({ length: PAGE_SIZE }, (_, i) => `id${i}`);
  const query = prepared(tx, "views.rows", (db) =>
    db
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
      .where(
        inArray(
          c.id,
          names.map((n) => p(n)),
        ),
      )
      .prepare(),
  );
  const rows = query.all(Object.fromEntries(names.map((n, i) => [n, ids[i] ?? null])));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

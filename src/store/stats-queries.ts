// What /stats reads (SPEC §14), each a few index ranges or a small table, so one answer stays within
// milliseconds on a million conversations. Counts of open conversations come from stats_open and what
// happened in a period from stats_hours, both kept by the triggers of migrations/0009; the rest reads the
// partial indexes on conversations whose customer waits (schema.ts), one range per slice of the scope.
import { and, eq, gte, inArray, lte, type SQL, sql } from "drizzle-orm";
import type { Slice } from "../domain/stats-scope.js";
import type { InboxDb } from "./db.js";
import { prepared } from "./prepared.js";
import { conversations, staff, statsDays, statsHours, statsOpen, statsSweep } from "./schema.js";
import { WAITING_KEY } from "./view-queries.js";

const c = conversations;
const p = sql.placeholder;
/** Written exactly as the partial indexes' WHERE, so SQLite may use them. */
const WAITING = sql`${c.status} = 'open' and ${c.awaitingReplySince} is not null`;

export type OpenCell = { teamKey: number; staffKey: number; awaiting: number; n: number };

/** Every (team, owner, waiting) cell of open conversations: a few hundred rows at most. */
export function openCells(tx: InboxDb): OpenCell[] {
  return prepared(tx, "stats.cells", (db) => db.select().from(statsOpen).prepare()).all();
}

/** The shape of a slice's condition, which is also its statement's cache key. */
function shape(s: Slice): string {
  const a = s.assignee === "any" ? "*" : s.assignee === null ? "0" : "n";
  return a + (s.team === null ? "0" : "n");
}

function sliceCondition(s: Slice): SQL | undefined {
  const owner =
    s.assignee === "any"
      ? undefined
      : s.assignee === null
        ? sql`${c.assigneeId} is null`
        : eq(c.assigneeId, p("a"));
  const team = s.team === null ? sql`${c.teamId} is null` : eq(c.teamId, p("t"));
  return and(owner, team);
}

function sliceParams(s: Slice): Record<string, number> {
  return {
    ...(typeof s.assignee === "number" ? { a: s.assignee } : {}),
    ...(s.team === null ? {} : { t: s.team }),
  };
}

/** Since when the longest-waiting customer in the slice has waited (null: nobody waits). */
export function longestAwaiting(tx: InboxDb, s: Slice): number | null {
  const query = prepared(tx, `stats.awaiting.${shape(s)}`, (db) =>
    db
      .select({ at: c.awaitingReplySince })
      .from(c)
      .where(and(WAITING, sliceCondition(s)))
      .orderBy(c.awaitingReplySince)
      .limit(1)
      .prepare(),
  );
  return query.get(sliceParams(s))?.at ?? null;
}

/** How long the first conversation in New has waited, by the order /new lists it (null: New is empty). */
export function longestNewWait(tx: InboxDb): number | null {
  const query = prepared(tx, "stats.new-wait", (db) =>
    db
      .select({ at: sql<number>`${WAITING_KEY}` })
      .from(c)
      .where(and(sql`${c.status} = 'open'`, sql`${c.assigneeId} is null`, sql`${c.teamId} is null`))
      .orderBy(WAITING_KEY)
      .limit(1)
      .prepare(),
  );
  return query.get()?.at ?? null;
}

/** Waiting customers in the slice whose window closes after `from` and by `to`. */
export function windowsClosing(tx: InboxDb, s: Slice, from: number, to: number): number {
  const query = prepared(tx, `stats.closing.${shape(s)}`, (db) =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(c)
      .where(
        and(
          WAITING,
          sliceCondition(s),
          sql`${c.windowExpiresAt} > ${p("from")}`,
          sql`${c.windowExpiresAt} <= ${p("to")}`,
        ),
      )
      .prepare(),
  );
  return query.get({ ...sliceParams(s), from, to })?.n ?? 0;
}

export type HourRow = { metric: string; bin: number; n: number };
export type HourKey = { level: "a" | "t" | "p"; teamKey: number; staffKey: number };
const PERIOD_METRICS = ["new", "closed", "reopened", "missed", "first", "resolve"];

/** What happened in the hours from…to (included) at one level and key: per metric and bin. */
export function hourSums(tx: InboxDb, key: HourKey, from: number, to: number): HourRow[] {
  const query = prepared(tx, "stats.hours", (db) =>
    db
      .select({ metric: statsHours.metric, bin: statsHours.bin, n: sql<number>`sum(${statsHours.n})` })
      .from(statsHours)
      .where(
        and(
          eq(statsHours.level, p("level")),
          eq(statsHours.teamKey, p("team")),
          eq(statsHours.staffKey, p("staff")),
          inArray(statsHours.metric, PERIOD_METRICS),
          gte(statsHours.hour, p("from")),
          lte(statsHours.hour, p("to")),
        ),
      )
      .groupBy(statsHours.metric, statsHours.bin)
      .prepare(),
  );
  return query.all({ level: key.level, team: key.teamKey, staff: key.staffKey, from, to });
}

/** The same per UTC day (stats_days), days from…to included. */
export function daySums(tx: InboxDb, key: HourKey, from: number, to: number): HourRow[] {
  const query = prepared(tx, "stats.days", (db) =>
    db
      .select({ metric: statsDays.metric, bin: statsDays.bin, n: sql<number>`sum(${statsDays.n})` })
      .from(statsDays)
      .where(
        and(
          eq(statsDays.level, p("level")),
          eq(statsDays.teamKey, p("team")),
          eq(statsDays.staffKey, p("staff")),
          inArray(statsDays.metric, PERIOD_METRICS),
          gte(statsDays.day, p("from")),
          lte(statsDays.day, p("to")),
        ),
      )
      .groupBy(statsDays.metric, statsDays.bin)
      .prepare(),
  );
  return query.all({ level: key.level, team: key.teamKey, staff: key.staffKey, from, to });
}

/**
 * What happened in the hours from…to (UTC hours, included): the whole UTC days in between from
 * stats_days, the partial days at either end from stats_hours, so 30 days read about 30 + 48 rows per
 * bin rather than 720.
 */
export function periodSums(tx: InboxDb, key: HourKey, from: number, to: number): HourRow[] {
  const firstDay = Math.ceil(from / 24);
  const lastDay = Math.floor((to + 1) / 24) - 1;
  if (firstDay > lastDay) return hourSums(tx, key, from, to);
  const rows = daySums(tx, key, firstDay, lastDay);
  if (from < firstDay * 24) rows.push(...hourSums(tx, key, from, firstDay * 24 - 1));
  if ((lastDay + 1) * 24 <= to) rows.push(...hourSums(tx, key, (lastDay + 1) * 24, to));
  return rows;
}

/**
 * Counts the windows that have closed on a waiting customer since the last sweep: marking one
 * (window_missed_at) is what counts it, by trigger, once per window. Other ways a missed window ends
 * (an answer, a close, the customer writing again) are counted by trigger when they happen; this is for
 * the ones where nothing happened yet. One index range per team (and no team).
 */
export function sweepMissedWindows(tx: InboxDb, now: number, teams: readonly number[]): void {
  const state = prepared(tx, "stats.sweep.read", (db) =>
    db.select({ until: statsSweep.sweptUntil }).from(statsSweep).where(eq(statsSweep.id, 1)).prepare(),
  ).get();
  const from = state?.until ?? 0;
  if (now <= from) return;
  for (const team of [null, ...teams]) {
    const slice: Slice = { assignee: "any", team };
    const mark = prepared(tx, `stats.sweep.${shape(slice)}`, (db) =>
      db
        .update(c)
        .set({ windowMissedAt: sql`${c.windowExpiresAt}` })
        .where(
          and(
            WAITING,
            sliceCondition(slice),
            sql`${c.windowExpiresAt} >= ${p("from")}`,
            sql`${c.windowExpiresAt} <= ${p("now")}`,
            sql`${c.windowMissedAt} is not ${c.windowExpiresAt}`,
          ),
        )
        .prepare(),
    );
    mark.run({ ...sliceParams(slice), from, now });
  }
  prepared(tx, "stats.sweep.write", (db) =>
    db
      .insert(statsSweep)
      .values({ id: 1, sweptUntil: p("now") })
      .onConflictDoUpdate({ target: statsSweep.id, set: { sweptUntil: sql`excluded.swept_until` } })
      .prepare(),
  ).run({ now });
}

export type StaffName = { id: number; handle: string; away: boolean; active: boolean };

/**
 * Every staff member's handle and availability (for "open per person"): the staff table is small, and
 * reading it whole keeps the statement under the Durable Object's 100 bound parameters.
 */
export function staffNames(tx: InboxDb): Map<number, StaffName> {
  const query = prepared(tx, "stats.staff", (db) =>
    db
      .select({ id: staff.id, handle: staff.handle, away: staff.away, active: staff.active })
      .from(staff)
      .prepare(),
  );
  return new Map(query.all().map((r) => [r.id, r]));
}

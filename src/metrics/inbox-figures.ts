// What /metrics shows of one number's Inbox that /healthz does not: read on the Inbox side (it owns the
// database), carried to the HTTP thread in the answer to the health message (pipeline.ts).
import type Database from "better-sqlite3";

export type InboxFigures = {
  /** raw_events waiting to be filed (state 'pending'). */
  eventsPending: number;
  /** raw_events that failed to file and wait for a retry (state 'failed'). */
  eventsFailed: number;
  /** Outbox rows that will never be sent (status 'failed'). */
  outboxFailed: number;
  /** Timers whose time has come and that have not fired; null when this database has no timers table. */
  timersDue: number | null;
  /** Graph send calls by outcome and Meta error code (send-counter.ts), counted since start. */
  sends: SendCount[];
};

export type SendCount = { outcome: string; errorCode: string; count: number };

/**
 * Counts on the partial index raw_events_pending (state != 'done'), so a scrape never walks the history.
 * The timers table comes with the follow-up feature's migration; until it is there the figure is null
 * and /metrics leaves the gauge out, rather than claiming 0.
 */
export function figuresReader(
  sqlite: Database.Database,
): (now: number) => Omit<InboxFigures, "sends" | "outboxFailed"> {
  const events = sqlite.prepare(
    "select state, count(*) as n from raw_events where state != 'done' group by state",
  );
  let timers: Database.Statement | null | undefined;
  const timersStatement = (): Database.Statement | null => {
    if (timers !== undefined && timers !== null) return timers;
    const columns = sqlite.prepare("select name from pragma_table_info('timers')").pluck().all() as string[];
    // Looked up again on each scrape until the table appears (a migration of a later version).
    if (!columns.includes("due_at") || !columns.includes("fired_at")) return null;
    timers = sqlite.prepare("select count(*) from timers where fired_at is null and due_at <= ?").pluck();
    return timers;
  };
  return (now) => {
    let eventsPending = 0;
    let eventsFailed = 0;
    for (const row of events.all() as Array<{ state: string; n: number }>) {
      if (row.state === "failed") eventsFailed += row.n;
      else eventsPending += row.n;
    }
    const statement = timersStatement();
    const timersDue = statement === null ? null : Number(statement.get(now));
    return { eventsPending, eventsFailed, timersDue };
  };
}

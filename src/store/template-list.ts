// The cached list of approved templates (SPEC §4 /templates) and the one row that says when it was read
// and whether it must be read again. Every function here is synchronous: the ones that write run inside
// the caller's transaction (a command's, a send outcome's, or the refresh's own short one after its
// fetch). The fetch itself happens in outbox/template-refresh.ts, outside any transaction (DESIGN
// invariant 2).
import { asc, eq } from "drizzle-orm";
import { HOUR_MS, MINUTE_MS } from "../domain/window.js";
import type { ApprovedTemplate } from "../whatsapp/templates.js";
import type { InboxDb } from "./db.js";
import { approvedTemplates, templateList, templateWaiters } from "./schema.js";

const LIST_ROW = 1;
/** A list older than this is read again when it is used (SPEC §4: "cached"). */
export const TEMPLATE_LIST_MAX_AGE_MS = HOUR_MS;
/** At most one listing this often, however many template errors or /templates ask for one. */
export const TEMPLATE_LIST_MIN_GAP_MS = MINUTE_MS;
/** A listing that failed in a way worth retrying is retried this many times, with backoff, then dropped. */
export const TEMPLATE_LIST_MAX_ATTEMPTS = 5;

export type TemplateList = {
  /** When the list was read; null: never, and then nothing is known about the approved templates. */
  fetchedAt: number | null;
  complete: boolean;
  /** Sorted by name, then language. */
  templates: ApprovedTemplate[];
  /** Why the last listing failed, while no later one has succeeded. */
  lastError: string | null;
};

type StateRow = typeof templateList.$inferSelect;

function stateOf(db: InboxDb): StateRow | undefined {
  return db.select().from(templateList).where(eq(templateList.id, LIST_ROW)).get();
}

function parseParameters(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((p): p is string => typeof p === "string") : [];
  } catch {
    return [];
  }
}

export function readTemplateList(db: InboxDb): TemplateList {
  const state = stateOf(db);
  const rows = db
    .select()
    .from(approvedTemplates)
    .orderBy(asc(approvedTemplates.name), asc(approvedTemplates.language))
    .all();
  return {
    fetchedAt: state?.fetchedAt ?? null,
    complete: state?.complete ?? true,
    lastError: state?.lastError ?? null,
    templates: rows.map((r) => ({
      name: r.name,
      language: r.language,
      parameters: parseParameters(r.parameters),
      headerParameters: r.headerParameters,
      named: r.named,
      mediaHeader: r.mediaHeader,
    })),
  };
}

export function templateListIsStale(list: TemplateList, now: number): boolean {
  return list.fetchedAt === null || now - list.fetchedAt >= TEMPLATE_LIST_MAX_AGE_MS;
}

/**
 * Asks for the list to be read again. `asked`: a person is waiting for it (/templates), so a backoff
 * after earlier failures is cut short; the one-a-minute gap still holds.
 */
export function requestTemplateRefresh(tx: InboxDb, input: { now: number; asked?: boolean }): void {
  const { now } = input;
  const state = stateOf(tx);
  const earliest = Math.max(now, (state?.lastAttemptAt ?? -Infinity) + TEMPLATE_LIST_MIN_GAP_MS);
  const pending = state?.refreshRequestedAt !== null && state?.refreshRequestedAt !== undefined;
  // A refresh already waiting keeps its time (which may be a backoff), unless someone is waiting.
  const nextAttemptAt = pending && input.asked !== true ? (state?.nextAttemptAt ?? earliest) : earliest;
  // The latest ask: a listing that started before it does not answer it (storeTemplateList).
  const refreshRequestedAt = now;
  tx.insert(templateList)
    .values({ id: LIST_ROW, refreshRequestedAt, nextAttemptAt })
    .onConflictDoUpdate({ target: templateList.id, set: { refreshRequestedAt, nextAttemptAt } })
    .run();
}

/** The time a wanted refresh may run (the Durable Object's alarm); null when none is wanted. */
export function templateRefreshDueAt(db: InboxDb): number | null {
  const state = stateOf(db);
  return state?.refreshRequestedAt === null || state === undefined ? null : state.nextAttemptAt;
}

/**
 * Replaces the stored list with a fresh listing. The request is cleared only if it came before the
 * listing started: a template error during the fetch still gets its own refresh.
 */
export function storeTemplateList(
  tx: InboxDb,
  input: { now: number; startedAt: number; templates: readonly ApprovedTemplate[]; complete: boolean },
): void {
  tx.delete(approvedTemplates).run();
  // One row per statement: a Durable Object's SQLite takes at most 100 bound parameters per statement.
  for (const t of input.templates) {
    tx.insert(approvedTemplates)
      .values({
        name: t.name,
        language: t.language,
        parameters: JSON.stringify(t.parameters),
        headerParameters: t.headerParameters,
        named: t.named,
        mediaHeader: t.mediaHeader,
      })
      .onConflictDoNothing()
      .run();
  }
  const state = stateOf(tx);
  const newer = (state?.refreshRequestedAt ?? -Infinity) > input.startedAt;
  const set = {
    fetchedAt: input.now,
    complete: input.complete,
    refreshRequestedAt: newer ? (state?.refreshRequestedAt ?? null) : null,
    nextAttemptAt: input.startedAt + TEMPLATE_LIST_MIN_GAP_MS,
    attempts: 0,
    lastAttemptAt: input.startedAt,
    lastError: null,
  };
  tx.insert(templateList)
    .values({ id: LIST_ROW, ...set })
    .onConflictDoUpdate({ target: templateList.id, set })
    .run();
}

/**
 * A listing failed; the stored list (if any) stays as it was. `retry`: a failure that may pass (network,
 * 5xx, rate limit) is tried again with backoff, a few times. Any other (a wrong WABA id, a token without
 * whatsapp_business_management) waits until someone uses the list again.
 */
export function recordTemplateRefreshFailure(
  tx: InboxDb,
  input: { now: number; startedAt: number; reason: string; retry: boolean },
): void {
  const state = stateOf(tx);
  const attempts = (state?.attempts ?? 0) + 1;
  const newer = (state?.refreshRequestedAt ?? -Infinity) > input.startedAt;
  const again = newer || (input.retry && attempts < TEMPLATE_LIST_MAX_ATTEMPTS);
  const backoff = Math.min(HOUR_MS, TEMPLATE_LIST_MIN_GAP_MS * 2 ** (attempts - 1));
  const set = {
    refreshRequestedAt: again ? (state?.refreshRequestedAt ?? input.now) : null,
    nextAttemptAt: input.now + (newer ? TEMPLATE_LIST_MIN_GAP_MS : backoff),
    attempts: again ? attempts : 0,
    lastAttemptAt: input.startedAt,
    lastError: input.reason,
  };
  tx.insert(templateList)
    .values({ id: LIST_ROW, ...set })
    .onConflictDoUpdate({ target: templateList.id, set })
    .run();
}

export type TemplateWaiter = { staffId: number; groupId: string | null; page: number };

/** One waiting answer per person and chat: asking twice while the list loads gets one list. */
export function addTemplateWaiter(tx: InboxDb, input: TemplateWaiter & { now: number }): void {
  const rows = tx.select().from(templateWaiters).where(eq(templateWaiters.staffId, input.staffId)).all();
  for (const row of rows) {
    if (row.groupId === input.groupId) tx.delete(templateWaiters).where(eq(templateWaiters.id, row.id)).run();
  }
  tx.insert(templateWaiters)
    .values({ staffId: input.staffId, groupId: input.groupId, page: input.page, requestedAt: input.now })
    .run();
}

/** Everyone waiting, oldest first; they are removed, to be answered in the same transaction. */
export function takeTemplateWaiters(tx: InboxDb): TemplateWaiter[] {
  return tx
    .delete(templateWaiters)
    .returning({
      id: templateWaiters.id,
      staffId: templateWaiters.staffId,
      groupId: templateWaiters.groupId,
      page: templateWaiters.page,
    })
    .all()
    .sort((a, b) => a.id - b.id)
    .map(({ staffId, groupId, page }) => ({ staffId, groupId, page }));
}

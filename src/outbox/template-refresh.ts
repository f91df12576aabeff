// Reading the approved templates from Meta when the cached list was asked to be read again. Run by the
// outbox dispatcher beside its sends, and shaped like them: a short read of what is due, the fetch
// OUTSIDE any transaction (DESIGN invariant 2), then one short transaction that stores the list (or the
// failure) and answers everyone who was waiting for it, through the outbox like any other answer.
//
// A refresh is asked for inside other transactions (store/template-list.ts requestTemplateRefresh):
// /templates with no fresh list, /template using a list older than an hour, and Meta answering a
// template send with a 132000-range error.
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import type { InboxDb } from "../store/db.js";
import {
  readTemplateList,
  recordTemplateRefreshFailure,
  storeTemplateList,
  type TemplateList,
  templateRefreshDueAt,
} from "../store/template-list.js";
import { type GraphClient, type TemplateListResult, threwFailure } from "../whatsapp/graph-client.js";

/** What the waiting people are told: the list just read, or why it could not be read. */
export type TemplateListOutcome = { ok: true; list: TemplateList } | { ok: false; reason: string };

/** Answers the people waiting for the list; runs inside the refresh's transaction. Returns how many. */
export type AnswerTemplateWaiters = (tx: InboxDb, outcome: TemplateListOutcome, now: number) => number;

export type TemplateRefresher = {
  /** Reads the list if a refresh is due; resolves to the number of answers enqueued. Never rejects. */
  refreshIfDue: () => Promise<number>;
  /** When a wanted refresh may run; null when none is wanted. */
  dueAt: () => number | null;
};

export function createTemplateRefresher(options: {
  db: InboxDb;
  graph: Pick<GraphClient, "listTemplates">;
  clock: Clock;
  log: Logger;
  businessAccountId: string;
  answerWaiters: AnswerTemplateWaiters;
}): TemplateRefresher {
  const { db, graph, clock, log, businessAccountId, answerWaiters } = options;

  async function list(): Promise<TemplateListResult> {
    try {
      return await graph.listTemplates(businessAccountId);
    } catch (error) {
      return threwFailure("listing", error);
    }
  }

  async function refreshIfDue(): Promise<number> {
    const startedAt = clock.now();
    const due = templateRefreshDueAt(db);
    if (due === null || due > startedAt) return 0;
    const result = await list();
    const now = clock.now();
    const answered = db.transaction((tx) => {
      if (!result.ok) {
        recordTemplateRefreshFailure(tx, {
          now,
          startedAt,
          reason: result.reason,
          retry: result.outcome === "retry" || result.outcome === "recipient_backoff",
        });
        return answerWaiters(tx, { ok: false, reason: result.reason }, now);
      }
      storeTemplateList(tx, { now, startedAt, templates: result.templates, complete: result.complete });
      return answerWaiters(tx, { ok: true, list: readTemplateList(tx) }, now);
    });
    if (result.ok) {
      const { skipped, complete } = result;
      log.info("approved templates read", {
        templates: result.templates.length,
        skipped,
        complete,
        answered,
      });
    } else {
      // Not a reason to stop sending (a "stop" code here is not one for sends): a token may be allowed to
      // send messages without being allowed to read the account's templates.
      log.warn("approved templates could not be read", {
        reason: result.reason,
        code: result.code,
        answered,
      });
    }
    return answered;
  }

  return {
    async refreshIfDue() {
      try {
        return await refreshIfDue();
      } catch (error) {
        // A failed write leaves the request in place: the next run tries again.
        log.error("template list refresh failed", {
          error: error instanceof Error ? error.message : String(error),
        });
        return 0;
      }
    },
    dueAt: () => templateRefreshDueAt(db),
  };
}

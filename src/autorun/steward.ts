// The inbox running itself (SPEC §13): the one object the rest of the bot calls. Inside an event's
// transaction it arms timers and hands out waiting conversations (after each staff message, after each
// customer message); from the runtime's loop (Node's dispatcher loop, a Durable Object's alarm) it fires
// the timers that are due, each in the same transaction as what it does.
import { and, desc, eq, inArray } from "drizzle-orm";
import { readSettings } from "../commands/lookup.js";
import { windowState } from "../domain/window.js";
import type { ConversationRow } from "../inbox/conversations.js";
import { type ContactRow, contactAddress } from "../inbox/identities.js";
import type { InboxOptions } from "../inbox/options.js";
import type { Logger } from "../log.js";
import { enqueueToCustomer } from "../outbox/enqueue.js";
import { textMessage } from "../outbox/payload.js";
import type { InboxDb } from "../store/db.js";
import { assignmentTurns, conversationEvents, conversations, timers } from "../store/schema.js";
import { handOutWaiting } from "./auto-assign.js";
import { type AutorunConfig, autorunConfig } from "./config.js";
import { type FireEnv, fireFollowUp, syncFollowUp } from "./follow-ups.js";
import { isOpenAt, nextOpening } from "./hours.js";
import {
  armTimer,
  dueTimers,
  markFired,
  nextTimerAt,
  settleConversationTimers,
  type TimerRow,
  timerOf,
} from "./timers.js";
import { fireWindowWarning, syncWindowWarning } from "./window-warnings.js";

/** Timers fired per transaction; a run repeats while full batches come back. */
const FIRE_BATCH = 50;
const FIRE_ROUNDS = 10;
/** A timer whose firing threw is tried again this much later (and logged), never in a tight loop. */
const RETRY_MS = 60_000;

export type Steward = ReturnType<typeof createSteward>;

type Options = Pick<InboxOptions, "staffNotifyTemplate" | "staffGroupId">;

export function readAutorun(tx: InboxDb): {
  cfg: AutorunConfig;
  agentReassign: ReturnType<typeof readSettings>["agentReassign"];
} {
  const settings = readSettings(tx);
  return { cfg: autorunConfig(settings), agentReassign: settings.agentReassign };
}

/** Hands out what waits, starting each new owner's follow-up clock. */
export function handOut(tx: InboxDb, now: number, options: Options): number[] {
  const { cfg, agentReassign } = readAutorun(tx);
  return handOutWaiting(tx, {
    now,
    cfg,
    agentReassign,
    options,
    assigned: (conv) => syncFollowUp(tx, conv, cfg, now),
  });
}

export function createSteward(deps: { db: InboxDb; log: Logger; now: () => number; options: Options }) {
  const { db, log, options } = deps;

  function fireEnv(tx: InboxDb, now: number): FireEnv {
    const { cfg } = readAutorun(tx);
    return { now, cfg, options, handOut: () => handOut(tx, now, options) };
  }

  function fireOne(tx: InboxDb, timer: TimerRow, env: FireEnv): void {
    switch (timer.kind) {
      case "follow_up":
        fireFollowUp(tx, timer, env);
        return;
      case "window_warning":
        fireWindowWarning(tx, timer, env);
        return;
      case "hours_open":
        // §17.11: business hours beginning by the clock hands out what waited overnight.
        markFired(tx, timer.id, env.now);
        env.handOut();
        return;
      case "away_message":
        markFired(tx, timer.id, env.now);
        return;
    }
  }

  /** Runs a step in a savepoint: a bug in the inbox running itself never loses the event around it. */
  function guarded(tx: InboxDb, what: string, step: () => void): void {
    try {
      tx.transaction(() => step());
    } catch (error) {
      log.error("autorun step failed", {
        what,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  return {
    /** Fires every due timer (Node: from the dispatcher's loop; a Durable Object: from its alarm). */
    fireDue(): number {
      // The usual answer is "nothing yet": one index read, no write transaction (this runs every loop).
      const next = nextTimerAt(db);
      if (next === null || next > deps.now()) return 0;
      let fired = 0;
      for (let round = 0; round < FIRE_ROUNDS; round++) {
        const n = db.transaction(
          (tx) => {
            const now = deps.now();
            const due = dueTimers(tx, now, FIRE_BATCH);
            if (due.length === 0) return 0;
            const env = fireEnv(tx, now);
            for (const timer of due) {
              try {
                tx.transaction((sp) => fireOne(sp, timer, env));
              } catch (error) {
                log.error("timer failed, trying again later", {
                  timer: timer.id,
                  kind: timer.kind,
                  error: error instanceof Error ? error.message : String(error),
                });
                tx.update(timers)
                  .set({ dueAt: now + RETRY_MS })
                  .where(eq(timers.id, timer.id))
                  .run();
              }
            }
            return due.length;
          },
          { behavior: "immediate" },
        );
        fired += n;
        if (n < FIRE_BATCH) break;
      }
      return fired;
    },

    nextDueAt(): number | null {
      return nextTimerAt(db);
    },

    /**
     * After a staff message (a command, a reply): the conversation it was about gets its timers armed
     * again (a new owner, an answer), and anyone who now qualifies gets waiting conversations (§17.11:
     * /back, a close, an unassign or hand-over, a team join, max_open rising, auto_assign on, hours).
     */
    afterStaffMessage(tx: InboxDb, at: { now: number; conversationId: number | null; wamid: string }): void {
      guarded(tx, "after staff message", () => {
        const { now, conversationId } = at;
        const { cfg } = readAutorun(tx);
        if (conversationId !== null) {
          const conv = tx.select().from(conversations).where(eq(conversations.id, conversationId)).get();
          if (conv) {
            recordManualTurn(tx, conv, at.wamid, now);
            if (conv.status !== "open" || conv.awaitingReplySince === null) {
              settleConversationTimers(tx, conv.id, now);
            } else {
              syncFollowUp(tx, conv, cfg, now);
              syncWindowWarning(tx, conv, cfg, now);
            }
          }
        }
        handOut(tx, now, options);
      });
    },

    /**
     * A customer wrote (before the notices of §6 go out): the away message outside business hours,
     * auto-assignment when the conversation waits, the follow-up and window-warning timers. Returns the
     * conversation as it is now, so the notifier tells its new owner rather than New.
     */
    customerMessage(
      tx: InboxDb,
      notice: { conversation: ConversationRow; contact: ContactRow; now: number },
    ): ConversationRow {
      let conv = notice.conversation;
      guarded(tx, "customer message", () => {
        const { now, contact } = notice;
        const { cfg } = readAutorun(tx);
        sendAwayMessage(tx, conv, contact, cfg, now);
        if (conv.assigneeId === null && handOut(tx, now, options).includes(conv.id)) {
          conv = tx.select().from(conversations).where(eq(conversations.id, conv.id)).get() ?? conv;
        }
        syncFollowUp(tx, conv, cfg, now);
        syncWindowWarning(tx, conv, cfg, now);
        // §17.13: a warning already due when the message arrives goes at once.
        const w = cfg.windowWarningMs;
        const dueNow = w !== null && conv.windowExpiresAt !== null && conv.windowExpiresAt - w <= now;
        const warning = dueNow ? timerOf(tx, "window_warning", conv.id) : undefined;
        if (warning && warning.firedAt === null && warning.dueAt <= now) {
          fireWindowWarning(tx, warning, { now, cfg, options, handOut: () => [] });
        }
      });
      return conv;
    },
  };
}

/** balanced's tie-break counts manual assignments too: a command that gave someone this conversation. */
function recordManualTurn(tx: InboxDb, conv: ConversationRow, wamid: string, now: number): void {
  if (conv.assigneeId === null) return;
  const last = tx
    .select({ wamid: conversationEvents.commandWamid })
    .from(conversationEvents)
    .where(
      and(
        eq(conversationEvents.conversationId, conv.id),
        inArray(conversationEvents.action, ["assigned", "reopened"]),
      ),
    )
    .orderBy(desc(conversationEvents.id))
    .limit(1)
    .get();
  if (last?.wamid !== wamid) return;
  tx.insert(assignmentTurns)
    .values({ staffId: conv.assigneeId, lastAssignedAt: now })
    .onConflictDoUpdate({ target: assignmentTurns.staffId, set: { lastAssignedAt: now } })
    .run();
}

/**
 * §13, §17.15: outside business hours a customer gets away_message once per stretch of closed hours (the
 * stretch is named by when it ends), and only while their window is open.
 */
function sendAwayMessage(
  tx: InboxDb,
  conv: ConversationRow,
  contact: ContactRow,
  cfg: AutorunConfig,
  now: number,
): void {
  if (cfg.awayMessage === null || isOpenAt(cfg.hours, cfg.timezone, now)) return;
  if (!windowState(conv.windowExpiresAt, now).open) return;
  const address = contactAddress(contact);
  if (address === null) return;
  const stretch = nextOpening(cfg.hours, cfg.timezone, now) ?? 0;
  if (timerOf(tx, "away_message", conv.id)?.generation === stretch) return;
  armTimer(tx, { kind: "away_message", conversationId: conv.id, generation: stretch, dueAt: now, now });
  const row = timerOf(tx, "away_message", conv.id);
  if (row) markFired(tx, row.id, now);
  enqueueToCustomer(tx, {
    now,
    conversationId: conv.id,
    recipient: address,
    message: textMessage(cfg.awayMessage),
    freeForm: true,
    requestedByStaffId: null,
    purpose: "reply",
  });
}

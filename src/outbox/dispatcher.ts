// The outbox dispatcher: claim due rows (short transaction) → send them OUTSIDE any transaction → record
// each outcome (another short transaction). DESIGN invariant 2: no transaction ever spans an await.
//
// On Node a timer loop drives it (start/stop/wake); a Durable Object calls runOnce from its alarm and sets
// the next alarm with nextDueAt(). Delivery is at-least-once: a crash between Meta's 200 and the record
// step resends that row when its lease expires (Meta has no idempotency key, reliability §B2).
import type { Clock } from "../clock.js";
import { markOf, type ReadMark } from "../inbox/seen-signals.js";
import type { Logger } from "../log.js";
import { isMediaBatch, type MediaRelayDeps, sendMediaRow } from "../media/relay.js";
import type { InboxDb } from "../store/db.js";
import { type GraphClient, type SendResult, threwFailure } from "../whatsapp/graph-client.js";
import { createRecipientPacer, type RecipientPacer } from "./backoff.js";
import { claimDue, releaseClaim, type SendBatch } from "./claim.js";
import type { UnheardFailure, WindowClosedInfo } from "./failure.js";
import { type Recorded, recordOutcome } from "./record-outcome.js";
import { resumeSending, sendingStatus } from "./sending-state.js";
import type { TemplateRefresher } from "./template-refresh.js";

export { nextDueAt, outboxCounts, resumeSending, sendingStatus } from "./sending-state.js";

export type DispatcherOptions = {
  db: InboxDb;
  /** markRead for "seen" marks (inbox/seen-signals.ts); without it a mark fails as unsupported. */
  graph: Pick<GraphClient, "sendMessage"> & Partial<Pick<GraphClient, "markRead">>;
  clock: Clock;
  log: Logger;
  random?: () => number;
  /** STAFF_NOTIFY_TEMPLATE, for failure notices to a requester whose own window has closed. */
  notifyTemplate?: string | null;
  /** Meta answered 131047: the conversation's window was marked closed (after the commit). */
  onWindowClosed?: (info: WindowClosedInfo) => void;
  pacer?: RecipientPacer;
  /** Rows claimed per run. */
  batchSize?: number;
  /** Media relays claimed per run (unlimited when absent): a Durable Object's subrequest budget. */
  mediaPerRun?: number;
  /** Recipients sent to in parallel; sends to one recipient stay in order. */
  concurrency?: number;
  /** Longer than the client's timeout, so a live send never loses its lease. */
  leaseMs?: number;
  /** Reads the approved templates when asked to (only with WHATSAPP_BUSINESS_ACCOUNT_ID). */
  templates?: TemplateRefresher | null;
  /** Runs first in every run: fires due timers (autorun/steward.ts), so what they enqueue goes in the same run. */
  beforeRun?: () => void;
  /** Relays media rows (SPEC §11): the streams and the hash; the graph must then read media urls too. */
  media?: Pick<MediaRelayDeps, "streams" | "sha256" | "transferTimeoutMs"> & {
    graph: MediaRelayDeps["graph"];
  };
};

export type RunResult = { sent: number; retried: number; failed: number; deferred: number };

export type Dispatcher = {
  runOnce: () => Promise<RunResult>;
  start: (intervalMs: number) => void;
  /** Stops the loop and waits for in-flight sends to be recorded. */
  stop: () => Promise<void>;
  /** Run now (the Inbox calls it after a commit that enqueued something). */
  wake: () => void;
  resumeSending: () => void;
};

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, graph, clock, log } = options;
  const random = options.random ?? Math.random;
  const notifyTemplate = options.notifyTemplate ?? null;
  const pacer = options.pacer ?? createRecipientPacer(clock);
  const batchSize = options.batchSize ?? 50;
  const concurrency = options.concurrency ?? 8;
  const leaseMs = options.leaseMs ?? 60_000;

  const media = options.media;
  async function send(batch: SendBatch): Promise<SendResult> {
    try {
      if (isMediaBatch(batch)) {
        if (media === undefined) throw new Error("this dispatcher cannot relay media");
        return await sendMediaRow({ db, clock, ...media }, batch);
      }
      const mark = markOf(batch.message);
      if (mark !== null) return await sendMark(mark);
      return await graph.sendMessage(
        { recipient: batch.recipient, kind: batch.kind },
        batch.message,
        batch.opaque,
      );
    } catch (error) {
      return threwFailure("send", error);
    }
  }

  /**
   * A "seen" mark: Meta answers `{ success: true }` with no message id, so the row records a marker
   * wamid of its own (`read:<the customer's wamid>`), which no status or quote ever names.
   */
  async function sendMark(mark: ReadMark): Promise<SendResult> {
    if (graph.markRead === undefined) {
      const failure = threwFailure("mark read", new Error("this Graph client cannot mark messages read"));
      return { ...failure, outcome: "fail" };
    }
    const result = await graph.markRead(mark.message_id, mark.typing);
    return result.ok ? { ok: true, wamid: `read:${mark.message_id}` } : result;
  }

  /** Rows that ended with no failure notice to anyone: never silent (SPEC §4), so each is an error line. */
  function logUnheard(unheard: UnheardFailure[]): void {
    for (const u of unheard) {
      const msg = u.held
        ? "outbox row ran out of retries; held for the staff member's next message"
        : "outbox row failed for good and nobody could be told";
      log.error(msg, {
        outboxId: u.outboxId,
        purpose: u.purpose,
        recipientKind: u.recipientKind,
        reason: u.reason,
      });
    }
  }

  function tally(totals: RunResult, recorded: Recorded, batch: SendBatch): void {
    const ids = batch.rows.map((r) => r.id);
    switch (recorded.kind) {
      case "sent":
        totals.sent += recorded.count;
        log.debug("outbox sent", { outboxIds: ids });
        return;
      case "retried":
        totals.retried += recorded.count;
        log.warn("outbox send will be retried", { outboxIds: ids });
        return;
      case "mixed":
        totals.retried += recorded.retried;
        totals.failed += recorded.failed;
        log.warn("outbox send retried, some rows gave up", { outboxIds: ids });
        logUnheard(recorded.unheard);
        return;
      case "failed":
        totals.failed += recorded.count;
        log.warn("outbox send failed", { outboxIds: ids });
        logUnheard(recorded.unheard);
        for (const info of recorded.closed) options.onWindowClosed?.(info);
        return;
      case "stopped":
        log.error("sending stopped: Meta refused our credentials or billing", {
          reason: recorded.reason,
          outboxIds: ids,
        });
        return;
    }
  }

  /**
   * A due template listing runs beside the sends (a slow listing never holds up an answer); if it
   * answered people waiting for the list, those answers are sent in the same run.
   */
  async function runNow(): Promise<RunResult> {
    try {
      options.beforeRun?.();
    } catch (error) {
      log.error("timers not fired", { error: String(error) });
    }
    const listing = options.templates?.refreshIfDue() ?? null;
    const totals = await sendDue();
    if (listing !== null && (await listing) > 0) {
      const more = await sendDue();
      totals.sent += more.sent;
      totals.retried += more.retried;
      totals.failed += more.failed;
      totals.deferred += more.deferred;
    }
    return totals;
  }

  async function sendDue(): Promise<RunResult> {
    const totals: RunResult = { sent: 0, retried: 0, failed: 0, deferred: 0 };
    if (sendingStatus(db).sending === "stopped") return totals;
    pacer.prune();
    const claimed = db.transaction((tx) =>
      claimDue(tx, {
        now: clock.now(),
        pacer,
        leaseMs,
        limit: batchSize,
        notifyTemplate,
        mediaLimit: options.mediaPerRun ?? Number.POSITIVE_INFINITY,
      }),
    );
    totals.failed += claimed.failed;
    totals.deferred += claimed.deferred;
    logUnheard(claimed.unheard);

    // One queue per recipient keeps their messages in order; recipients proceed in parallel.
    const queues = new Map<string, SendBatch[]>();
    for (const batch of claimed.batches) {
      const queue = queues.get(batch.recipient) ?? [];
      queue.push(batch);
      queues.set(batch.recipient, queue);
    }
    let stopped = false;
    const work = [...queues.values()];
    const worker = async () => {
      for (let queue = work.shift(); queue !== undefined; queue = work.shift()) {
        for (const batch of queue) {
          if (stopped) {
            db.transaction((tx) => releaseClaim(tx, batch.rows, null));
            continue;
          }
          const result = await send(batch);
          try {
            const recorded = db.transaction((tx) =>
              recordOutcome(tx, batch, result, { now: clock.now(), random, pacer, notifyTemplate }),
            );
            if (recorded.kind === "stopped") stopped = true;
            tally(totals, recorded, batch);
          } catch (error) {
            // The row keeps its lease and is claimed again when it expires: at-least-once, never lost.
            log.error("outbox outcome not recorded", {
              outboxIds: batch.rows.map((r) => r.id),
              error: String(error),
            });
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, work.length) }, worker));
    return totals;
  }

  // runOnce calls never overlap: a second caller waits for the run in flight, then runs again.
  let current: Promise<RunResult> | null = null;
  function runOnce(): Promise<RunResult> {
    if (current !== null) return current.then(runOnce, runOnce);
    const run = runNow().finally(() => {
      current = null;
    });
    current = run;
    return run;
  }

  let started = false;
  let intervalMs = 1000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ticking: Promise<void> | null = null;
  let wakeRequested = false;

  function schedule(delayMs: number): void {
    clearTimeout(timer);
    timer = setTimeout(() => {
      ticking = tick();
    }, delayMs);
  }

  async function tick(): Promise<void> {
    wakeRequested = false;
    let full = false;
    try {
      const r = await runOnce();
      // A full batch may have left due rows behind; a failure may have enqueued a notice to its requester.
      full = r.sent + r.retried + r.failed + r.deferred >= batchSize || r.failed > 0;
    } catch (error) {
      log.error("outbox run failed", { error: String(error) });
    }
    ticking = null;
    if (started) schedule(wakeRequested || full ? 0 : intervalMs);
  }

  return {
    runOnce,
    start(every) {
      if (started) return;
      started = true;
      intervalMs = every;
      schedule(0);
    },
    async stop() {
      started = false;
      clearTimeout(timer);
      await ticking;
      await current?.catch(() => undefined);
    },
    wake() {
      if (!started) return;
      wakeRequested = true;
      if (ticking === null) schedule(0);
    },
    resumeSending() {
      resumeSending(db, clock.now());
      log.info("sending resumed");
      if (started) schedule(0);
    },
  };
}

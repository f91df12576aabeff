// GET /metrics on Node (SPEC §15): one prom-client registry per process, every business number a label.
// Figures that happen on the HTTP thread (webhooks, acknowledgements, journal commits) are counted as
// they happen; figures that live in a number's database or on its Inbox thread (events, outbox, held
// notices, timers, sends) are read at scrape time through the health message (pipeline.ts), so a scrape
// costs a few indexed counts per number and nothing between scrapes.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { HealthReport } from "../http/app.js";
import { type AckSeries, LATENCY_BUCKETS_S } from "../runtime/node/ack-timings.js";
import type { InboxFigures } from "./inbox-figures.js";

const ACK_BUCKETS = LATENCY_BUCKETS_S;

/** What a scrape reads of one number (pipeline.ts `snapshot`). */
export type NumberSnapshot = {
  phoneNumberId: string;
  health: HealthReport;
  figures: InboxFigures;
  /** How long the Inbox thread took to answer the health message: its event loop's lag plus the reads. */
  inboxAnswerMs: number;
};

/** Per number, what the HTTP thread's pipeline reports as it happens. */
export type PipelineMetrics = {
  /** A body (or a number's part of one) was stored in the journal. */
  stored: () => void;
  /** The histograms the pipeline's ack timer writes (ack-timings.ts); /healthz reads them too. */
  series: AckSeries;
};

/** HTTP status of POST /webhook → outcome label. */
const OUTCOMES: Record<number, string> = {
  200: "stored",
  400: "not_json",
  401: "bad_signature",
  413: "too_large",
  503: "not_stored",
};

export type BotMetrics = ReturnType<typeof createBotMetrics>;

export function createBotMetrics() {
  const registry = new Registry();
  const registers = [registry];
  // Process figures (memory, CPU, GC, event-loop lag). The lag monitor samples once a second, not every
  // 10 ms: an idle bot should not wake up 100 times a second for a figure scraped every 15 s.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 1000 });

  const webhooks = new Counter({
    name: "inbox_webhooks_total",
    help: "POST /webhook requests by outcome (stored = answered 200). A body is signed as a whole, so a rejected one has no trusted business number.",
    labelNames: ["outcome"],
    registers,
  });
  const ack = new Histogram({
    name: "inbox_webhook_ack_seconds",
    help: "Time from a webhook request's arrival to its 200 (the body is in the journal, on disk).",
    buckets: ACK_BUCKETS,
    registers,
  });
  const stored = new Counter({
    name: "inbox_webhook_bodies_stored_total",
    help: "Webhook bodies (or a number's part of a body) stored for the number.",
    labelNames: ["phone_number_id"],
    registers,
  });
  const journalCommit = new Histogram({
    name: "inbox_journal_commit_seconds",
    help: "Each receipt-journal group commit, fsync included (what an acknowledgement waits for).",
    labelNames: ["phone_number_id"],
    buckets: ACK_BUCKETS,
    registers,
  });
  const held = new Histogram({
    name: "inbox_ack_held_seconds",
    help: "Each acknowledgement held while filing was too far behind (backlog gate).",
    labelNames: ["phone_number_id"],
    buckets: ACK_BUCKETS,
    registers,
  });
  const loopDelay = new Histogram({
    name: "inbox_http_loop_delay_seconds",
    help: "The HTTP thread's worst event-loop lateness per second while webhooks arrive (journal commits not counted).",
    labelNames: ["phone_number_id"],
    buckets: ACK_BUCKETS,
    registers,
  });

  const byNumber = (name: string, help: string) =>
    new Gauge({ name, help, labelNames: ["phone_number_id"], registers });
  const eventsPending = byNumber("inbox_events_pending", "Webhook bodies received and not yet filed.");
  const eventsFailed = byNumber(
    "inbox_events_failed",
    "Webhook bodies whose filing failed; retried with backoff.",
  );
  const outboxDepth = byNumber("inbox_outbox_depth", "Messages waiting to be sent to Meta (or being sent).");
  const outboxFailed = byNumber("inbox_outbox_failed", "Messages that could not be sent, ever.");
  const heldNotices = byNumber(
    "inbox_held_staff_notices",
    "Staff notifications held until that person's window opens.",
  );
  const timersDue = byNumber(
    "inbox_timers_due",
    "Follow-ups, warnings and other timers whose time has come and that have not fired.",
  );
  const sendingStopped = byNumber(
    "inbox_sending_stopped",
    "1 while sending is stopped (auth, permission or billing error from Meta), else 0.",
  );
  const storageFailing = byNumber(
    "inbox_storage_failing",
    "1 while bodies cannot be stored (webhooks get 503), else 0.",
  );
  const inboxLag = byNumber(
    "inbox_thread_lag_seconds",
    "How long the number's Inbox thread took to answer a scrape: its event-loop lag plus a few counts.",
  );
  const sends = new Counter({
    name: "inbox_sends_total",
    help: "Sends to Meta since the process started, by outcome (accepted, refused, network_error) and Meta error code.",
    labelNames: ["phone_number_id", "outcome", "error_code"],
    registers,
  });

  function update(snapshots: NumberSnapshot[]): void {
    for (const gauge of [timersDue, sends]) gauge.reset();
    for (const { phoneNumberId, health, figures, inboxAnswerMs } of snapshots) {
      const labels = { phone_number_id: phoneNumberId };
      eventsPending.set(labels, figures.eventsPending);
      eventsFailed.set(labels, figures.eventsFailed);
      outboxDepth.set(labels, health.outboxPending);
      outboxFailed.set(labels, figures.outboxFailed);
      heldNotices.set(labels, health.heldNotifications);
      if (figures.timersDue !== null) timersDue.set(labels, figures.timersDue);
      sendingStopped.set(labels, health.sending === "ok" ? 0 : 1);
      storageFailing.set(labels, health.storage === undefined || health.storage === "ok" ? 0 : 1);
      inboxLag.set(labels, inboxAnswerMs / 1000);
      for (const { outcome, errorCode, count } of figures.sends) {
        // The Inbox thread keeps the running totals; the counter shows them as they are.
        sends.inc({ ...labels, outcome, error_code: errorCode }, count);
      }
    }
  }

  return {
    registry,
    /** Called by the HTTP app for every POST /webhook, with its status and how long it took. */
    webhook(status: number, seconds: number): void {
      webhooks.inc({ outcome: OUTCOMES[status] ?? `http_${status}` });
      if (status === 200) ack.observe(seconds);
    },
    forNumber(phoneNumberId: string): PipelineMetrics {
      const labels = { phone_number_id: phoneNumberId };
      // Created up front, so a number with no traffic yet shows 0 rather than nothing.
      stored.inc(labels, 0);
      return {
        stored: () => stored.inc(labels),
        series: {
          journalCommit: { histogram: journalCommit, labels },
          held: { histogram: held, labels },
          loopDelay: { histogram: loopDelay, labels },
        },
      };
    },
    /** Reads every number, then renders the registry as Prometheus text. */
    async render(read: () => Promise<NumberSnapshot[]>): Promise<string> {
      update(await read());
      return registry.metrics();
    },
    contentType: registry.contentType,
  };
}

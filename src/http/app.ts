// createApp(deps): the Hono app shared by every runtime. It knows nothing of Node or Workers.
import { Hono } from "hono";
import type { Logger } from "../log.js";
import { addMetricsRoute, countWebhooks, type MetricsEndpoint } from "./metrics-route.js";
import { type WebhookDeps, webhookRoutes } from "./webhook-routes.js";

/** Latencies in buckets (src/runtime/node/ack-timings.ts). */
export type LatencyCounts = {
  /** Upper bounds of the buckets, ms (inclusive, as Prometheus' `le`). */
  boundsMs: number[];
  /** counts[i] = samples at or below boundsMs[i] and above boundsMs[i - 1]; the last: above the last bound. */
  counts: number[];
  slowestMs: number;
};

/** What the 200s waited for, counted since start (Node entry only). */
export type AckTimings = {
  /** Each receipt-journal commit, fsync included. */
  journalCommitMs: LatencyCounts;
  /** Each acknowledgement held while filing was too far behind. */
  heldMs: LatencyCounts;
  /** How late the HTTP thread's event loop ran besides journal commits, the worst of each second. */
  loopDelayMs: LatencyCounts;
};

/** Whether bodies can be stored: failing while the disk refuses writes (full, read-only, broken). */
export type StorageHealth = "ok" | { state: "failing"; forMs: number; reason: string };

export type HealthReport = {
  ok: boolean;
  eventsPending: number;
  outboxPending: number;
  heldNotifications: number;
  sending: "ok" | { state: "stopped"; reason: string };
  /** Node: the journal's commits and the Inbox side's copies of them. */
  storage?: StorageHealth;
  /** Node entry only (src/runtime/node/ack-timings.ts). */
  acknowledgements?: AckTimings;
  /** Why this part is not ok, when a reason is known. */
  error?: string;
  /** Workers: each business number's own report. */
  numbers?: Record<string, HealthReport | undefined>;
};

export type AppDeps = WebhookDeps & {
  log: Logger;
  /** Async when the Inbox runs elsewhere (Node's Inbox side, a Durable Object). */
  health: () => HealthReport | Promise<HealthReport>;
  /** GET /metrics, where the runtime has a registry (Node: src/metrics/metrics.ts). */
  metrics?: MetricsEndpoint;
};

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  if (deps.metrics) app.use("/webhook", countWebhooks(deps.metrics));
  app.route("/", webhookRoutes(deps));
  if (deps.metrics) addMetricsRoute(app, deps.metrics);
  app.get("/healthz", async (c) => {
    const report = await deps.health();
    return c.json(report, report.ok ? 200 : 503);
  });
  app.notFound((c) => c.text("Not Found", 404));
  // Never a stack trace to a caller; the log keeps the detail.
  app.onError((error, c) => {
    deps.log.error("unhandled request error", { path: c.req.path, error: error.message });
    return c.text("Internal Server Error", 500);
  });
  return app;
}

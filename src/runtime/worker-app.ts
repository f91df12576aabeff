// The Worker's HTTP app: the same webhook routes as Node (signature over the raw bytes, 3 MiB limit, JSON
// check), then each business number's part of the body to that number's Durable Object; 200 only when
// every part is stored there. Processing and sending happen in the objects, on their alarms.
import { Hono } from "hono";
import type { HealthReport } from "../http/app.js";
import { webCrypto, webhookRoutes } from "../http/webhook-routes.js";
import type { StoreResult } from "../inbox/inbox.js";
import { healthOfObject, storeInObject } from "./object-client.js";
import { routeTo, splitByBusinessNumber } from "./split-batch.js";
import { parseWorkerConfig, type WorkerEnv } from "./worker-env.js";

export function createWorkerApp(env: WorkerEnv): Hono {
  const app = new Hono();
  const parsed = parseWorkerConfig(env);
  const { log } = parsed;
  if (!parsed.ok) {
    // Meta redelivers anything not answered 200, so nothing is lost while the secrets are fixed.
    for (const problem of parsed.problems) log.error("configuration problem", { problem });
    app.all("*", (c) => c.text("Service Unavailable: the Worker is not configured (see its log)", 503));
    return app;
  }
  const first = parsed.configs.get(parsed.numbers[0] ?? "");
  if (first === undefined) throw new Error("parseWorkerConfig returned no config");
  const routeOf = routeTo(parsed.numbers);

  async function store(text: string, sha256: string, body: unknown): Promise<StoreResult> {
    const parts = splitByBusinessNumber(body, text, routeOf);
    // All parts in parallel; one that fails fails the request (503), and Meta's redelivery is split the
    // same way, so the parts already stored are recognised as duplicates.
    const results = await Promise.all(
      parts.map(async (part) =>
        storeInObject(
          env.INBOX,
          part.target,
          part.body,
          part.whole ? sha256 : await webCrypto.sha256Hex(part.body),
        ),
      ),
    );
    return { id: results[0]?.id ?? 0, duplicate: results.every((r) => r.duplicate) };
  }

  app.route(
    "/",
    webhookRoutes({
      appSecret: first.appSecret,
      verifyToken: first.verifyToken,
      log,
      store,
      // Nothing to do here: each object set its alarm when it stored its part.
      stored: () => undefined,
    }),
  );
  app.get("/healthz", async (c) => {
    const reports = await Promise.all(parsed.numbers.map((id) => healthOfObject(env.INBOX, id)));
    const report = combineHealth(reports);
    return c.json({
      ...report,
      numbers: Object.fromEntries(parsed.numbers.map((id, i) => [id, reports[i]])),
    });
  });
  app.notFound((c) => c.text("Not Found", 404));
  // Never a stack trace to a caller; the log keeps the detail.
  app.onError((error, c) => {
    log.error("unhandled request error", { path: c.req.path, error: error.message });
    return c.text("Internal Server Error", 500);
  });
  return app;
}

/** One /healthz answer for the deployment: sums of every number's counts; stopped if any is stopped. */
export function combineHealth(reports: readonly HealthReport[]): HealthReport {
  const stopped = reports.find((r) => r.sending !== "ok");
  return {
    ok: reports.every((r) => r.ok),
    eventsPending: reports.reduce((n, r) => n + r.eventsPending, 0),
    outboxPending: reports.reduce((n, r) => n + r.outboxPending, 0),
    heldNotifications: reports.reduce((n, r) => n + r.heldNotifications, 0),
    sending: stopped?.sending ?? "ok",
  };
}

// The Worker's HTTP app: the same app as Node (createApp: signature over the raw bytes, 3 MiB limit, JSON
// check, /healthz, errors), then each business number's part of the body to that number's Durable Object;
// 200 only when every part is stored there. Processing and sending happen in the objects, on their alarms.
import { Hono } from "hono";
import { createApp, type HealthReport } from "../../http/app.js";
import { webCrypto } from "../../http/webhook-routes.js";
import type { StoreResult } from "../../inbox/inbox.js";
import { routeTo, splitByBusinessNumber } from "../../whatsapp/split-by-number.js";
import { healthOfObject, storeInObject } from "./object-client.js";
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
    // All parts in parallel, each tried to the end; one that fails fails the request (503), and Meta's
    // redelivery is split the same way, so the parts already stored are recognised as duplicates.
    const settled = await Promise.allSettled(
      parts.map(async (part) =>
        storeInObject(
          env.INBOX,
          part.target,
          part.body,
          part.whole ? sha256 : await webCrypto.sha256Hex(part.body),
        ),
      ),
    );
    const results: StoreResult[] = [];
    for (const outcome of settled) {
      if (outcome.status === "rejected") throw outcome.reason;
      results.push(outcome.value);
    }
    return { id: results[0]?.id ?? 0, duplicate: results.every((r) => r.duplicate) };
  }

  return createApp({
    appSecret: first.appSecret,
    verifyToken: first.verifyToken,
    log,
    store,
    // Nothing to do here: each object set its alarm when it stored its part.
    stored: () => undefined,
    async health() {
      const reports = await Promise.all(
        parsed.numbers.map((id) =>
          // An object that cannot answer (it failed to start, or is unreachable) makes the deployment
          // unhealthy: /healthz says which number and why, with a 503.
          healthOfObject(env.INBOX, id).catch(
            (error: unknown): HealthReport => ({ ...UNREACHABLE, error: messageOf(error) }),
          ),
        ),
      );
      return {
        ...combineHealth(reports),
        numbers: Object.fromEntries(parsed.numbers.map((id, i) => [id, reports[i]])),
      };
    },
  });
}

const UNREACHABLE: HealthReport = {
  ok: false,
  eventsPending: 0,
  outboxPending: 0,
  heldNotifications: 0,
  sending: "ok",
};

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

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

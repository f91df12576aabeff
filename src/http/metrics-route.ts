// GET /metrics (SPEC §15) and the counting of POST /webhook outcomes behind it. The registry itself lives
// with the runtime (src/metrics/metrics.ts on Node); this app only asks it to render, and guards it with
// METRICS_TOKEN when one is set: missing or wrong gets 401 (SPEC §17.18).
import type { Hono, MiddlewareHandler } from "hono";

export type MetricsEndpoint = {
  /** METRICS_TOKEN; null leaves /metrics open (keep the port off the internet, README). */
  token: string | null;
  contentType: string;
  render: () => Promise<string>;
  /** Each POST /webhook: its status and how long until the answer. */
  webhook: (status: number, seconds: number) => void;
};

/** Times and counts POST /webhook; registered before the webhook routes. */
export function countWebhooks(metrics: MetricsEndpoint): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== "POST") return next();
    const startedAt = performance.now();
    await next();
    metrics.webhook(c.res.status, (performance.now() - startedAt) / 1000);
  };
}

export function addMetricsRoute(app: Hono, metrics: MetricsEndpoint): void {
  app.get("/metrics", async (c) => {
    if (metrics.token !== null && !bearerMatches(c.req.header("authorization"), metrics.token)) {
      return c.text("Unauthorized", 401, { "www-authenticate": 'Bearer realm="metrics"' });
    }
    return c.body(await metrics.render(), 200, { "content-type": metrics.contentType });
  });
}

/** Compares without an early exit, so the token cannot be guessed byte by byte. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  const given = new TextEncoder().encode(match?.[1] ?? "");
  const wanted = new TextEncoder().encode(token);
  let diff = given.length ^ wanted.length;
  for (let i = 0; i < Math.max(given.length, wanted.length); i++) diff |= (given[i] ?? 0) ^ (wanted[i] ?? 0);
  return match !== null && diff === 0;
}

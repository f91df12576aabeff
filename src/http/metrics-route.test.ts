import { describe, expect, it } from "vitest";
import { silentLogger } from "../log.js";
import { createApp } from "./app.js";
import type { MetricsEndpoint } from "./metrics-route.js";

function appWith(token: string | null) {
  const seen: Array<{ status: number; seconds: number }> = [];
  const metrics: MetricsEndpoint = {
    token,
    contentType: "text/plain; version=0.0.4; charset=utf-8",
    render: async () => "# TYPE up gauge\nup 1\n",
    webhook: (status, seconds) => seen.push({ status, seconds }),
  };
  const app = createApp({
    appSecret: "secret",
    verifyToken: "verify",
    log: silentLogger,
    store: () => ({ id: 1, duplicate: false }),
    stored: () => {},
    health: () => ({ ok: true, eventsPending: 0, outboxPending: 0, heldNotifications: 0, sending: "ok" }),
    metrics,
  });
  return { app, seen };
}

const get = (app: ReturnType<typeof appWith>["app"], authorization?: string) =>
  app.request("/metrics", authorization === undefined ? {} : { headers: { authorization } });

describe("GET /metrics", () => {
  it("with METRICS_TOKEN: 401 without it, with a wrong one or another scheme; 200 with it", async () => {
    const { app } = appWith("s3cret");
    for (const header of [undefined, "Bearer", "Bearer s3cre", "Bearer s3cret2", "Basic s3cret", "s3cret"]) {
      const res = await get(app, header);
      expect(res.status, String(header)).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
    }
    const ok = await get(app, "Bearer s3cret");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(await ok.text()).toBe("# TYPE up gauge\nup 1\n");
    expect((await get(app, "bearer   s3cret ")).status).toBe(200);
  });

  it("without METRICS_TOKEN: open", async () => {
    expect((await get(appWith(null).app)).status).toBe(200);
  });

  it("counts each POST /webhook with its status, and nothing else", async () => {
    const { app, seen } = appWith(null);
    await app.request("/webhook", { method: "POST", body: "{}" }); // unsigned: 401
    await app.request("/webhook?hub.mode=subscribe&hub.verify_token=verify&hub.challenge=1");
    await app.request("/healthz");
    expect(seen.map((s) => s.status)).toEqual([401]);
    expect(seen[0]?.seconds).toBeGreaterThanOrEqual(0);
  });
});

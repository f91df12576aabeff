// One business number's Inbox as a SQLite-backed Durable Object (DESIGN: the Cloudflare column). The
// Worker reaches it by idFromName(phone_number_id), so every number has its own database and its own
// single thread, like one better-sqlite3 file per number on Node. The object stores what the Worker
// hands it and returns; its alarm files the stored bodies and dispatches the outbox.
import { drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import { systemClock } from "../../clock.js";
import type { StorageHealth } from "../../http/app.js";
import { webCrypto } from "../../http/webhook-routes.js";
import type { InboxDb } from "../../store/db.js";
import * as schema from "../../store/schema.js";
import { EVENTS_PATH, HEALTH_PATH, NUMBER_HEADER, SHA_HEADER } from "./object-client.js";
import { createObjectRuntime, type ObjectRuntime } from "./object-runtime.js";
import { configForNumber, type DurableObjectState, type WorkerEnv, workerLogger } from "./worker-env.js";
import { workerMigrations } from "./worker-migrations.js";

const NUMBER_KEY = "phone_number_id";
/** After an alarm that threw: try again soon, without spinning. */
const ALARM_RETRY_MS = 10_000;

export class InboxObject {
  private readonly db: InboxDb;
  /** For failures before a Config exists; the runtime logs at the configured level. */
  private readonly log = workerLogger("info");
  private runtime: Promise<ObjectRuntime> | null = null;
  /** Set while stores fail; cleared by the next one that succeeds. */
  private storeFailure: { since: number; reason: string } | null = null;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: WorkerEnv,
  ) {
    this.db = drizzle(ctx.storage, { schema });
    // blockConcurrencyWhile holds every request and alarm until the schema is current.
    void ctx.blockConcurrencyWhile(() => migrate(this.db, workerMigrations));
  }

  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const runtime = await this.runtimeFor(request.headers.get(NUMBER_HEADER));
    if (request.method === "POST" && url.pathname === EVENTS_PATH) {
      const body = await request.text();
      const sha = request.headers.get(SHA_HEADER) ?? (await webCrypto.sha256Hex(body));
      // Invariant 1: this write commits before the object answers, and the runtime's output gate holds
      // the answer until the write is durable, so the Worker's 200 to Meta follows a durable store.
      let result: ReturnType<ObjectRuntime["store"]>;
      try {
        result = runtime.store(body, sha);
        this.storeFailure = null;
      } catch (error) {
        this.storeFailure ??= {
          since: Date.now(),
          reason: error instanceof Error ? error.message : String(error),
        };
        throw error;
      }
      if (!result.duplicate) await this.wakeBy(Date.now());
      return Response.json(result);
    }
    if (request.method === "GET" && url.pathname === HEALTH_PATH) {
      const failing = this.storeFailure;
      // As on Node: an object that cannot store cannot acknowledge Meta, and a monitor must see it.
      const storage: StorageHealth =
        failing === null
          ? "ok"
          : { state: "failing", forMs: Date.now() - failing.since, reason: failing.reason };
      return Response.json({ ok: storage === "ok", ...runtime.health(), storage });
    }
    return new Response("Not Found", { status: 404 });
  }

  async alarm(): Promise<void> {
    let next: number | null;
    try {
      const runtime = await this.runtimeFor(null);
      next = await runtime.runDue();
    } catch (error) {
      // The runtime retries a throwing alarm a few times and then drops it; stored bodies must not wait
      // for the next webhook, so the schedule stays in our hands.
      this.log.error("alarm failed", { error: error instanceof Error ? error.message : String(error) });
      next = Date.now() + ALARM_RETRY_MS;
    }
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  /** Moves the alarm earlier when `at` is sooner than the one set (never later: that would lose work). */
  private async wakeBy(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  private runtimeFor(numberFromWorker: string | null): Promise<ObjectRuntime> {
    if (this.runtime === null) {
      const starting = this.startRuntime(numberFromWorker);
      this.runtime = starting;
      // A failed start (a configuration problem) is tried again by the next request or alarm.
      starting.catch(() => {
        if (this.runtime === starting) this.runtime = null;
      });
    }
    return this.runtime;
  }

  private async startRuntime(numberFromWorker: string | null): Promise<ObjectRuntime> {
    // The object's name is its business number. Where the runtime does not expose the name inside the
    // object, the number the Worker sent is kept, so that an alarm (which has no request) knows it too.
    const stored = await this.ctx.storage.get<string>(NUMBER_KEY);
    const number = this.ctx.id.name ?? numberFromWorker ?? stored;
    if (number === undefined) throw new Error("Durable Object without a business number");
    if (stored !== number) await this.ctx.storage.put(NUMBER_KEY, number);
    const parsed = configForNumber(this.env, number);
    if (!parsed.ok) {
      throw new Error(`configuration: ${[...parsed.missingSecrets, ...parsed.problems].join("; ")}`);
    }
    const config = parsed.config;
    const runtime = createObjectRuntime({
      db: this.db,
      config,
      clock: systemClock,
      log: workerLogger(config.logLevel),
      fetch: (url, init) => fetch(url, init),
    });
    // Work left from before a restart (or held back while sending was stopped) gets its alarm.
    const next = runtime.nextWakeAt();
    if (next !== null) await this.wakeBy(next);
    return runtime;
  }
}

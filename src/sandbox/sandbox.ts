// The sandbox: the unmodified bot (startPipeline, the Inbox side beside it for the movable clock) and a simulated Meta on one local HTTP server.
//   /webhook, /healthz   the bot's own app, which Meta (the simulator) calls over HTTP, signed
//   /graph/…             the simulated Graph API: the bot's GRAPH_API_URL points here
//   /sandbox             the phones page
// The bot gets a generated app secret and token, and the sandbox clock as its Clock; nothing in the bot
// knows it is in a sandbox.
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { type Config, parseConfig } from "../config.js";
import { jsonLogger, type Logger } from "../log.js";
import { outboxCounts } from "../outbox/dispatcher.js";
import { startPipeline } from "../runtime/node/pipeline.js";
import { databasePath } from "../store/open-node.js";
import { customerHeader, staffHeader } from "./bot-view.js";
import { SANDBOX_ADMIN, SANDBOX_BUSINESS, SANDBOX_PEOPLE } from "./cast.js";
import { sandboxClock } from "./clock.js";
import { graphRoutes } from "./graph-routes.js";
import { createMetaSimulator } from "./meta-simulator.js";
import { wantsSandbox } from "./mode.js";
import type { PhoneHeader } from "./page.js";
import { seedThroughCommands } from "./seed.js";
import { sandboxUi } from "./ui-routes.js";

/** Settings a visitor may still choose; everything that would reach a real Meta is the sandbox's own. */
const PASSED_THROUGH = ["PORT", "DATA_DIR", "GRAPH_API_VERSION", "REOPEN_WINDOW_HOURS", "LOG_LEVEL"] as const;

export type SandboxOptions = {
  env: Record<string, string | undefined>;
  /** Loopback by default: the sandbox has no login, anyone who reaches it can type as anyone. */
  hostname?: string;
  /** Meta's sent/delivered/read delays, ms after the Graph call. */
  statusDelaysMs?: readonly [number, number, number];
  log?: Logger;
};

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

function listen(fetch: (request: Request) => Response | Promise<Response>, port: number, hostname: string) {
  return new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, (info: AddressInfo) =>
      resolve({ server, port: info.port }),
    );
    server.once("error", (error: Error) =>
      reject(new Error(`the sandbox could not listen on port ${port}: ${error.message}`)),
    );
  });
}

/**
 * The bot's Config: the visitor's PORT, DATA_DIR and a few harmless settings, everything else the
 * sandbox's own (fresh secrets, the sandbox business number, its admin). GRAPH_API_URL is set once the
 * server listens and its port is known.
 */
export function sandboxConfig(env: Record<string, string | undefined>): Config {
  const passed = Object.fromEntries(
    PASSED_THROUGH.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])),
  );
  const secret = () => randomBytes(24).toString("hex");
  const parsed = parseConfig({
    LOG_LEVEL: "warn",
    ...passed,
    WHATSAPP_APP_SECRET: secret(),
    WHATSAPP_VERIFY_TOKEN: secret(),
    WHATSAPP_ACCESS_TOKEN: `SANDBOX${secret()}`,
    WHATSAPP_PHONE_NUMBER_ID: SANDBOX_BUSINESS.phoneNumberId,
    INBOX_ADMINS: `${SANDBOX_ADMIN.seed?.handle}:+${SANDBOX_ADMIN.waId}`,
    // So staff whose own window has closed (after +25 h) still see their notices, as a template.
    STAFF_NOTIFY_TEMPLATE: "inbox_notice",
    // /templates lists the simulated Meta's templates (meta-templates.ts), and /template is checked.
    WHATSAPP_BUSINESS_ACCOUNT_ID: SANDBOX_BUSINESS.wabaId,
  });
  if (!parsed.ok) throw new Error(`sandbox configuration: ${parsed.problems.join("; ")}`);
  // Its own folder, so it never touches a real number's database.
  return { ...parsed.config, dataDir: join(parsed.config.dataDir, "sandbox") };
}

export async function startSandbox(options: SandboxOptions) {
  // Invariant: the sandbox never runs next to real secrets (issue 6), whoever calls it.
  if (!wantsSandbox(options.env)) {
    throw new Error("refusing to start the sandbox: WHATSAPP_* secrets are set");
  }
  const hostname = options.hostname ?? "127.0.0.1";
  const base = sandboxConfig(options.env);
  let handle: (request: Request) => Response | Promise<Response> = () =>
    new Response("starting", { status: 503 });
  const { server, port } = await listen((request) => handle(request), base.port, hostname);
  const origin = `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`;
  const stopServer = () => {
    const closed = new Promise((resolve) => server.close(resolve));
    // Open event streams would keep server.close waiting forever.
    if ("closeAllConnections" in server) server.closeAllConnections();
    return closed;
  };
  try {
    const config: Config = { ...base, port, graphApiUrl: `${origin}/graph` };
    return await wire({
      options,
      config,
      origin,
      stopServer,
      serve: (app) => {
        handle = (request) => app.fetch(request);
      },
    });
  } catch (error) {
    await stopServer();
    throw error;
  }
}

type Wiring = {
  options: SandboxOptions;
  config: Config;
  origin: string;
  stopServer: () => Promise<unknown>;
  serve: (app: Hono) => void;
};

async function wire({ options, config, origin, stopServer, serve: serveApp }: Wiring) {
  const clock = sandboxClock();
  // A fresh database each start: the simulated phones live in memory only.
  const dbFile = databasePath(config.dataDir, config.phoneNumberId);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${dbFile}${suffix}`, { force: true });

  const log = options.log ?? jsonLogger(config.logLevel);
  const bot = await startPipeline({ config, log, inbox: { clock } });
  if (bot.local === null) throw new Error("the sandbox's Inbox side runs in this thread");
  const node = { app: bot.app, ...bot.local, markStopping: bot.markStopping, stop: bot.stop };
  const simulator = createMetaSimulator({
    business: SANDBOX_BUSINESS,
    appSecret: config.appSecret,
    clock,
    people: SANDBOX_PEOPLE,
    webhookUrl: () => `${origin}/webhook`,
    ...(options.statusDelaysMs ? { statusDelaysMs: options.statusDelaysMs } : {}),
  });

  function header(waId: string): PhoneHeader {
    const now = clock.now();
    const person = simulator.chats.person(waId);
    const found =
      person?.side === "customer" ? customerHeader(node.db, waId, now) : staffHeader(node.db, waId, now);
    if (found) return { line: found.title, window: found.window, windowOpen: found.window.includes("open") };
    const line = person?.side === "customer" ? "no conversation yet" : "not staff";
    return { line, window: null, windowOpen: false };
  }

  const ui = sandboxUi({ simulator, clock, header, afterClockJump: () => node.dispatcher.wake() });
  const app = new Hono();
  app.route(
    "/graph",
    graphRoutes({
      simulator,
      accessToken: config.accessToken,
      phoneNumberId: config.phoneNumberId,
      businessAccountId: SANDBOX_BUSINESS.wabaId,
      baseUrl: () => `${origin}/graph`,
    }),
  );
  app.route("/sandbox", ui.app);
  app.get("/", (c) => c.redirect("/sandbox"));
  // Everything else is the bot's own, unmodified app.
  app.all("*", (c) => node.app.fetch(c.req.raw));
  serveApp(app);

  /** Resolves when the bot has processed every stored webhook and sent every message that is due. */
  async function botIdle(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (node.inbox.pendingEventCount() + outboxCounts(node.db).pending > 0) {
      if (Date.now() > deadline) throw new Error("the bot did not finish its work in time");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** botIdle, and Meta has reported every status; repeated, as statuses are webhooks the bot processes. */
  async function settle(timeoutMs = 15_000): Promise<void> {
    do {
      await simulator.settle();
      await botIdle(timeoutMs);
    } while (simulator.busy());
  }

  let closed = false;
  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    ui.close();
    simulator.close();
    node.markStopping();
    await stopServer();
    await node.stop();
  }

  try {
    await seedThroughCommands(simulator);
    await botIdle();
    // The admin typed nine commands in a second; Meta's pair limit (about one message per 6 s) would make
    // the first customer wait for the admin's notice. Let the seed have happened a few minutes ago.
    clock.advance(3 * 60_000);
  } catch (error) {
    ui.close();
    simulator.close();
    await node.stop();
    throw error;
  }

  return { url: `${origin}/sandbox`, origin, clock, simulator, node, config, settle, close };
}

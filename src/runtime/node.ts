// The Node entry point: the only place (with config.ts) that reads the environment. The HTTP app
// (signature, body limit, the 200) runs here; the receipt journal and the Inbox core (database, filing,
// outbox) run on threads of their own (node-threads.ts), so the loop that answers Meta never waits for
// SQLite. Shuts all three down in order.
import { serve } from "@hono/node-server";
import { parseConfig } from "../config.js";
import { createApp } from "../http/app.js";
import { jsonLogger } from "../log.js";
import { wantsSandbox } from "../sandbox/mode.js"; // sandbox (issue 6)
import { nodeWebhookCrypto } from "./node-crypto.js";
import { startNodeThreads } from "./node-threads.js";

// --- sandbox (issue 6) ---
// With NONE of the four WHATSAPP_* secrets set, run the local sandbox (src/sandbox) instead; runSandbox
// never returns. With some but not all set, fall through to the "Missing …" lines below.
if (wantsSandbox(process.env)) await (await import("../sandbox/run.js")).runSandbox(process.env);
// --- end sandbox ---

const parsed = parseConfig(process.env);
if (!parsed.ok) {
  for (const name of parsed.missingSecrets) {
    process.stderr.write(`Missing ${name}: set it in the environment (see README, "Configuration").\n`);
  }
  for (const problem of parsed.problems) process.stderr.write(`Invalid ${problem}\n`);
  process.exit(1);
}

const config = parsed.config;
const log = jsonLogger(config.logLevel);
const threads = await startNodeThreads(config, log, (error) => {
  // Without either thread nothing can be stored or filed. Exit so a supervisor restarts us; every body
  // answered 200 is in the journal, and Meta redelivers the rest.
  log.error("a thread stopped unexpectedly; exiting", { error: error.message });
  process.exit(1);
}).catch((error: unknown) => {
  log.error("inbox could not start", { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});

let stopping = false;
const app = createApp({
  crypto: nodeWebhookCrypto,
  appSecret: config.appSecret,
  verifyToken: config.verifyToken,
  log,
  store: (body, sha) => threads.store(body, sha),
  // The Inbox thread files each body as the journal hands it over: nothing to do here.
  stored: () => {},
  health: async () => ({ ok: !stopping, ...(await threads.health()) }),
});

const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
  log.info("listening", { port: info.port, phoneNumberId: config.phoneNumberId, dataDir: config.dataDir });
});

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info("shutting down", { signal });
  // Stop accepting connections; in-flight requests finish (their bodies are stored before the 200),
  // and none waits for a filing backlog.
  threads.stopHolding();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await threads.stop();
  log.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

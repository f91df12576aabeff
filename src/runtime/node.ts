// The Node entry point: the only place (with config.ts) that reads the environment. It wires the
// Inbox for the configured business number, the HTTP app, the event pump and the outbox dispatcher,
// and shuts them down in order.
import { serve } from "@hono/node-server";
import { systemClock } from "../clock.js";
import { parseConfig } from "../config.js";
import { jsonLogger } from "../log.js";
import { wantsSandbox } from "../sandbox/mode.js"; // sandbox (issue 6)
import { createNodeInbox } from "./node-inbox.js";

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
const node = createNodeInbox({ config, clock: systemClock, log });
node.start();

const server = serve({ fetch: node.app.fetch, port: config.port }, (info) => {
  log.info("listening", { port: info.port, phoneNumberId: config.phoneNumberId, dataDir: config.dataDir });
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info("shutting down", { signal });
  node.markStopping();
  // Stop accepting connections; in-flight requests finish (their bodies are stored before the 200).
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await node.stop();
  log.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

// `npm start`: the only place (with config.ts) that reads the environment on Node. Starts one pipeline
// (pipeline.ts) per business number, each with its Inbox side on its own thread (numbers.ts), serves
// them on one port, and stops them in order on SIGTERM or SIGINT.
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { parseConfig } from "../../config.js";
import { jsonLogger } from "../../log.js";
import { wantsSandbox } from "../../sandbox/mode.js";
import { dataDirProblem } from "./data-dir.js";
import { startNumbers } from "./numbers.js";

// With NONE of the four WHATSAPP_* secrets set, run the local sandbox (src/sandbox) instead; runSandbox
// never returns. With some but not all set, fall through to the "Missing …" lines below.
if (wantsSandbox(process.env)) await (await import("../../sandbox/run.js")).runSandbox(process.env);

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
const unusable = dataDirProblem(config.dataDir);
if (unusable !== null) {
  log.error("inbox could not start", { error: unusable });
  process.exit(1);
}
const bot = await startNumbers({
  config,
  log,
  // Without the Inbox side nothing can be filed. Exit so a supervisor restarts the bot: every body
  // answered 200 is in the journal, and Meta redelivers the rest.
  onCrash: () => process.exit(1),
}).catch((error: unknown) => {
  log.error("inbox could not start", { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});

let stopping = false;
// Once stopping, new requests (on connections kept alive, say) are refused and their connections closed:
// a deploy ends even while Meta keeps posting, and Meta redelivers what was refused.
const refuse = () =>
  new Response("Service Unavailable: shutting down", { status: 503, headers: { connection: "close" } });
const server = serve(
  { fetch: (request) => (stopping ? refuse() : bot.app.fetch(request)), port: config.port },
  (info) => {
    log.info("listening", {
      port: info.port,
      phoneNumberIds: config.phoneNumberIds,
      dataDir: config.dataDir,
    });
  },
) as Server;

/** Requests in flight get this long to finish; a client still sending its body then is cut off. */
const DRAIN_MS = 5_000;
/** After this the process exits whatever is left: everything acknowledged is in the journal. */
const STOP_DEADLINE_MS = 30_000;

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info("shutting down", { signal });
  setTimeout(() => {
    log.error("stopping took too long; exiting (the journal keeps every acknowledged body)", {
      deadlineMs: STOP_DEADLINE_MS,
    });
    process.exit(1);
  }, STOP_DEADLINE_MS).unref();
  // Stop accepting; in-flight requests finish (their bodies are stored before the 200), and none waits
  // for a filing backlog. A slow client is not waited for: its body was never acknowledged.
  bot.markStopping();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const cutOff = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
  await closed;
  clearTimeout(cutOff);
  await bot.stop();
  log.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

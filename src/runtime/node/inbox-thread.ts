// The production placement of the Inbox side: a worker thread of its own, so the loop that answers Meta
// never waits for filing, the outbox or the Inbox database (docs/architecture.md has the measurements).
import { writeSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type MessagePort, workerData } from "node:worker_threads";
import { systemClock } from "../../clock.js";
import type { Config } from "../../config.js";
import { jsonLogger } from "../../log.js";
import { startInboxSide } from "./inbox-side.js";
import { withFields } from "./log-fields.js";
import { lowerThisThreadPriority } from "./thread-priority.js";

const { config, port } = workerData as { config: Config; port: MessagePort };
// Straight to fd 1: relaying each line through the HTTP thread would put the log back on its loop.
const lines = jsonLogger(config.logLevel, (line) => {
  try {
    writeSync(1, line);
  } catch {
    // stdout is gone (a closed pipe): the line is lost, the thread goes on.
  }
});
// With several numbers, one Inbox thread each: every line says whose it is.
const log =
  config.phoneNumberIds.length > 1 ? withFields(lines, { phoneNumberId: config.phoneNumberId }) : lines;
// Filing and sending can wait a few milliseconds; the HTTP thread's acknowledgements should not.
const nice = lowerThisThreadPriority(10);
try {
  startInboxSide(port, { config, clock: systemClock, log });
  // Which file the thread runs (dist/ when built): the compiled-start test checks it is not TypeScript.
  log.info("inbox thread started", { nice, file: fileURLToPath(import.meta.url) });
} catch (error) {
  port.postMessage({ kind: "failed", error: error instanceof Error ? error.message : String(error) });
}

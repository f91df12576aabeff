// The Inbox core on its own thread (see inbox-thread-client.ts for why). It owns the database
// connection, so everything that touches SQLite happens here, in the same order as in one process:
// store (group commit) → answer the HTTP thread → file → wake the dispatcher.
import { writeSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { systemClock } from "../clock.js";
import type { Config } from "../config.js";
import { jsonLogger } from "../log.js";
import type { FromInbox, ToInbox } from "./inbox-thread-client.js";
import { createInboxCore, type InboxCore } from "./node-inbox.js";

const port = parentPort;
if (port === null) throw new Error("inbox-thread.ts runs as a worker thread");
const post = (message: FromInbox) => port.postMessage(message);
const config = workerData as Config;
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

// Written straight to fd 1 from this thread: relaying each line through the HTTP thread would put the
// log back on the loop this thread exists to keep free. Lines are short, so each write is atomic.
const log = jsonLogger(config.logLevel, (line) => {
  try {
    writeSync(1, line);
  } catch {
    // stdout is gone (a closed pipe): the log is lost, the inbox goes on.
  }
});

let core: InboxCore;
try {
  core = createInboxCore({ config, clock: systemClock, log });
  core.start();
} catch (error) {
  post({ kind: "failed", error: messageOf(error) });
  process.exit(1);
}

port.on("message", (message: ToInbox) => {
  switch (message.kind) {
    case "store": {
      const receivedAt = performance.now();
      core.store(message.body, message.sha256).then(
        (result) => {
          post({ kind: "stored", seq: message.seq, result });
          // Parsed here: the string crosses anyway (it is what gets stored); sending the parsed object
          // too would clone it as well. Not measured against the alternative.
          if (!result.duplicate) core.accepted(result, JSON.parse(message.body), receivedAt, message.bytes);
        },
        (error: unknown) => post({ kind: "request-failed", seq: message.seq, error: messageOf(error) }),
      );
      return;
    }
    case "health":
      try {
        post({ kind: "health", seq: message.seq, report: core.health() });
      } catch (error) {
        // A failing read must not take the thread (and with it the process) down: /healthz says 500.
        post({ kind: "request-failed", seq: message.seq, error: messageOf(error) });
      }
      return;
    case "stop":
      void core.stop().then(() => {
        post({ kind: "stopped" });
        port.close();
      });
      return;
  }
});
post({ kind: "ready" });

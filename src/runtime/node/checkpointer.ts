// WAL checkpoints of the Inbox database, on a thread of their own. SQLite checkpoints from inside a
// commit once the WAL passes 1,000 pages; on the Inbox side that commit is a filing or sending one, so
// the copy back into the database file and its fsync held up the answers behind it. Here the Inbox's
// connection never checkpoints (wal_autocheckpoint = 0) and this thread's connection runs a PASSIVE
// checkpoint, which never blocks the Inbox's writes, once a second. Closing the Inbox's
// connection last still checkpoints everything (the journal relies on that at a clean stop).
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** Often enough that the WAL stays a few MB under load, seldom enough that its fsyncs stay few. */
const EVERY_MS = 1000;

// Plain CommonJS, so the thread needs no TypeScript loader; better-sqlite3 is passed by path.
const THREAD = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
let running = true;
const timer = setInterval(() => {
  if (!running) return;
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
}, workerData.everyMs);
parentPort.on("message", () => { running = false; clearInterval(timer); db.close(); parentPort.close(); });
`;

export type Checkpointer = { stop: () => Promise<void> };

/**
 * `onError` hears of a failed checkpoint; `onGone` of a thread that ended without being stopped, after
 * which the caller must checkpoint itself again (or the WAL grows without end).
 */
export function startCheckpointer(
  file: string,
  onError: (error: string) => void,
  onGone: () => void,
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(THREAD, {
    eval: true,
    name: "wal checkpoints",
    workerData: { file, driver, everyMs: EVERY_MS },
  });
  worker.on("message", (message: { error?: string }) => {
    if (message.error) onError(message.error);
  });
  let stopping = false;
  worker.on("error", (error) => onError(error.message));
  worker.on("exit", () => {
    if (!stopping) onGone();
  });
  return {
    async stop() {
      stopping = true;
      const exited = new Promise((resolve) => worker.once("exit", resolve));
      worker.postMessage("stop");
      await exited;
    },
  };
}

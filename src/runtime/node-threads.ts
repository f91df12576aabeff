// The HTTP thread's handle on the two threads behind it, so the event loop that answers Meta never
// waits for SQLite:
// - the journal thread (journal-thread.ts) appends each body to the receipt journal in a group commit
//   that reached the disk, and answers; it does nothing else, so that fsync starts at once;
// - the Inbox thread (inbox-thread.ts) owns the Inbox database: it copies the journal's entries into
//   raw_events, files them and runs the outbox.
// The two talk over a channel of their own: entries one way, progress the other.
import { MessageChannel } from "node:worker_threads";
import type { Config } from "../config.js";
import type { StoreResult } from "../inbox/inbox.js";
import type { Logger } from "../log.js";
import { journalPath } from "../store/open-node.js";
import type { InboxHealth, InboxThreadData } from "./inbox-thread.js";
import type { AppendRequest, JournalThreadData } from "./journal-thread.js";
import { startThread } from "./thread.js";

export type NodeThreads = {
  /** Resolves once the body is in a journal commit that reached the disk (invariant 1). */
  store: (body: string, sha256: string) => Promise<StoreResult>;
  health: () => Promise<InboxHealth>;
  /** Stops the journal (after the HTTP server closed), then lets the Inbox copy and file what it sent. */
  stop: () => Promise<void>;
};

/** Starts both threads; resolves once the Inbox database is open and the journal's leftovers copied. */
export async function startNodeThreads(
  config: Config,
  log: Logger,
  onCrash: (error: Error) => void,
): Promise<NodeThreads> {
  const channel = new MessageChannel();
  const [inbox, journal] = await Promise.all([
    startThread<"health", InboxHealth, null>({
      entry: new URL("./inbox-thread.ts", import.meta.url),
      name: "inbox thread",
      workerData: { config, journal: channel.port1 } satisfies InboxThreadData,
      transferList: [channel.port1],
      log,
      onCrash,
    }),
    startThread<AppendRequest, StoreResult, null>({
      entry: new URL("./journal-thread.ts", import.meta.url),
      name: "journal thread",
      workerData: {
        file: journalPath(config.dataDir, config.phoneNumberId),
        logLevel: config.logLevel,
        inbox: channel.port2,
      } satisfies JournalThreadData,
      transferList: [channel.port2],
      log,
      onCrash,
    }),
  ]);
  return {
    store: (body, sha256) => journal.thread.ask({ body, sha256 }),
    health: () => inbox.thread.ask("health"),
    async stop() {
      await journal.thread.stop();
      await inbox.thread.stop();
    },
  };
}

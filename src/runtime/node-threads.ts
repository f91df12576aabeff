// What the HTTP thread runs behind its routes, so the event loop that answers Meta never waits for
// filing, the outbox or the Inbox database:
// - the receipt journal (receipt-journal.ts), on this thread: each body is appended in a group commit
//   that reached the disk before the 200. Its fsync is all this thread waits for (0.7 ms median, 10 ms
//   p99 in the soak); on a thread of its own, the two hops cost more than that at p99 (measured:
//   server-side p99 20–21 ms there against 14–15 ms here).
// - the Inbox thread (inbox-thread.ts) owns the Inbox database: it copies the journal's entries into
//   raw_events, files them and runs the outbox.
// The two talk over a channel of their own: entries one way, progress the other.
import { MessageChannel } from "node:worker_threads";
import type { Config } from "../config.js";
import type { HealthReport } from "../http/app.js";
import type { StoreResult } from "../inbox/inbox.js";
import type { Logger } from "../log.js";
import { journalPath } from "../store/open-node.js";
import { startAckTimer } from "./ack-timings.js";
import type { InboxHealth, InboxThreadData } from "./inbox-thread.js";
import { Journal } from "./journal.js";
import { openReceiptJournal } from "./receipt-journal.js";
import { startThread } from "./thread.js";

export type NodeThreads = {
  /** Resolves once the body is in a journal commit that reached the disk (invariant 1). */
  store: (body: string, sha256: string) => Promise<StoreResult>;
  /** The Inbox's queues, and what acknowledgements waited for on this thread (ack-timings.ts). */
  health: () => Promise<InboxHealth & Pick<HealthReport, "acknowledgements">>;
  /** Answers the requests held for a filing backlog, so closing the server never waits on filing. */
  stopHolding: () => void;
  /**
   * After the HTTP server closed: commits the journal's last bodies, lets the Inbox thread copy and
   * file them and stop, then lets the journal forget them, so a clean restart has nothing to replay.
   */
  stop: () => Promise<void>;
};

/** Starts the Inbox thread and opens the journal; resolves once the journal's leftovers are copied. */
export async function startNodeThreads(
  config: Config,
  log: Logger,
  onCrash: (error: Error) => void,
): Promise<NodeThreads> {
  // First, before any thread starts: the journal's lock fails a second bot on the same DATA_DIR.
  const lockedJournal = new Journal(journalPath(config.dataDir, config.phoneNumberId));
  const channel = new MessageChannel();
  const inboxStarted = startThread<"health", InboxHealth, null>({
    entry: new URL("./inbox-thread.ts", import.meta.url),
    name: "inbox thread",
    workerData: { config, journal: channel.port1 } satisfies InboxThreadData,
    transferList: [channel.port1],
    log,
    onCrash,
  });
  const timer = startAckTimer(log);
  // The journal's replay waits for the Inbox thread's progress; a thread that cannot start ends both.
  const [inbox, journal] = await Promise.all([
    inboxStarted,
    openReceiptJournal(lockedJournal, channel.port2, log, timer),
  ]).catch((error: unknown) => {
    timer.stop();
    throw error;
  });
  return {
    store: journal.store,
    health: async () => ({ ...(await inbox.thread.ask("health")), acknowledgements: timer.read() }),
    stopHolding: journal.stopHolding,
    async stop() {
      journal.flush();
      await inbox.thread.stop();
      journal.close();
      timer.stop();
    },
  };
}

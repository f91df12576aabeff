// The Inbox core on its own thread (see node-threads.ts for why). It owns the Inbox database, so
// everything that touches it happens here: copy each journal entry into raw_events → file → wake the
// dispatcher. The HTTP thread's journal sends entries over their own channel; this thread tells it how far
// it got (journal-copier.ts), which lets the journal forget entries and hold acknowledgements while
// filing lags.
import { type MessagePort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { systemClock } from "../clock.js";
import type { Config } from "../config.js";
import type { HealthReport } from "../http/app.js";
import { JournalCopier } from "./journal-copier.js";
import { createInboxCore } from "./node-inbox.js";
import type { JournalToInbox } from "./receipt-journal.js";
import { serveThread, threadLog } from "./thread.js";
import { lowerThisThreadPriority } from "./thread-priority.js";

export type InboxThreadData = { config: Config; journal: MessagePort };
export type InboxHealth = Omit<HealthReport, "ok">;

const { config, journal } = workerData as InboxThreadData;
const log = threadLog(config.logLevel);
// Filing and sending can wait a few milliseconds; the HTTP thread's acknowledgements should not. On two
// cores shared with other work, this took the soak's p50 from 5 to 3 ms and p99 from 26–36 to 17–23 ms.
const nice = lowerThisThreadPriority(10);

void serveThread<"health", InboxHealth, null>(() => {
  // Filing reports progress too: acknowledgements held for a filing backlog are released by it.
  // soleOwner: node-threads.ts took DATA_DIR's lock (the journal's) before starting this thread.
  const core = createInboxCore({
    config,
    clock: systemClock,
    log,
    afterFiling: () => copies.report(),
    soleOwner: true,
  });
  log.info("inbox thread started", { nice });
  const copies = new JournalCopier({
    copy: core.copyFromJournal,
    accepted: core.accepted,
    filingQueue: core.filingQueue,
    report: (progress) => journal.postMessage(progress),
    giveUp: (error) => {
      // Everything not copied is in the journal: end the thread, and with it the process, so a
      // supervisor restarts it (and someone looks at the disk).
      log.error("journal entries could not be copied for 30 s; stopping", { error: String(error) });
      process.exit(1);
    },
    log,
  });
  core.start();
  journal.on("message", (message: JournalToInbox) => copies.receive(message));

  return {
    ready: null,
    answer: () => {
      const health = core.health();
      return { ...health, eventsPending: health.eventsPending + copies.backlog };
    },
    async stop() {
      // The journal is closed: take what it sent last, copy it durably, then file and close.
      for (let m = receiveMessageOnPort(journal); m !== undefined; m = receiveMessageOnPort(journal)) {
        copies.take(m.message as JournalToInbox);
      }
      copies.stop();
      copies.copy(true);
      await core.stop();
      copies.closedCleanly();
    },
  };
});

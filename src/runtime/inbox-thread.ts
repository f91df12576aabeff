// The Inbox core on its own thread (see node-threads.ts for why). It owns the Inbox database, so
// everything that touches it happens here: copy each journal entry into raw_events → file → wake the
// dispatcher. The journal thread sends entries over their own channel; this thread tells it how far
// it got, which is what lets the journal forget entries and hold acknowledgements while filing lags.
import { type MessagePort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { systemClock } from "../clock.js";
import type { Config } from "../config.js";
import type { HealthReport } from "../http/app.js";
import type { JournalEntry } from "./journal.js";
import type { InboxProgress, JournalToInbox } from "./journal-thread.js";
import { createInboxCore } from "./node-inbox.js";
import { messageOf, serveThread, threadLog } from "./thread.js";

export type InboxThreadData = { config: Config; journal: MessagePort };
export type InboxHealth = Omit<HealthReport, "ok">;

/** A copy is made durable (and the journal told it may forget) at most this often. */
const DURABLE_EVERY_MS = 1000;
const RETRY_COPY_MS = 1000;

const { config, journal } = workerData as InboxThreadData;
const log = threadLog(config.logLevel);

void serveThread<"health", InboxHealth, null>(() => {
  const toCopy: Array<JournalEntry & { fresh: boolean }> = [];
  let copiedUpTo = 0;
  let durableUpTo = 0;
  let lastDurableAt = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  const core = createInboxCore({ config, clock: systemClock, log, afterFiling: () => report() });
  core.start();

  function report(): void {
    journal.postMessage({
      kind: "progress",
      copiedUpTo,
      durableUpTo,
      filing: core.filingQueue(),
    } satisfies InboxProgress);
  }

  /** Copies what arrived, in order; on failure keeps it all and tries again (the journal has it). */
  function copy(durable = false): void {
    if (toCopy.length === 0) return;
    const now = performance.now();
    const makeDurable = durable || now - lastDurableAt >= DURABLE_EVERY_MS;
    let results: ReturnType<typeof core.copyFromJournal>;
    try {
      results = core.copyFromJournal(toCopy, makeDurable);
    } catch (error) {
      log.error("journal entries could not be copied; retrying", { error: messageOf(error) });
      retry ??= setTimeout(() => {
        retry = null;
        copy();
      }, RETRY_COPY_MS);
      return;
    }
    const copied = toCopy.splice(0);
    copiedUpTo = copied.at(-1)?.id ?? copiedUpTo;
    if (makeDurable) {
      durableUpTo = copiedUpTo;
      lastDurableAt = now;
    }
    copied.forEach((entry, i) => {
      const result = results[i];
      // Replayed entries are filed by the pump's sweep from raw_events, a slice at a time, instead of
      // all at once from memory.
      if (result && !result.duplicate && entry.fresh) {
        core.accepted(result, parseOrUndefined(entry.body), now, Buffer.byteLength(entry.body));
      }
    });
    report();
  }

  const take = (message: JournalToInbox) => {
    for (const entry of message.entries) toCopy.push({ ...entry, fresh: !message.replayed });
  };
  journal.on("message", (message: JournalToInbox) => {
    take(message);
    if (retry === null) copy();
  });

  return {
    ready: null,
    answer: () => {
      const health = core.health();
      return { ...health, eventsPending: health.eventsPending + toCopy.length };
    },
    async stop() {
      // The journal thread has stopped: take what it sent last, copy it durably, then file and close.
      for (let m = receiveMessageOnPort(journal); m !== undefined; m = receiveMessageOnPort(journal)) {
        take(m.message as JournalToInbox);
      }
      if (retry !== null) clearTimeout(retry);
      copy(true);
      journal.close();
      await core.stop();
    },
  };
});

function parseOrUndefined(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined; // filing parses the stored body itself and records why it failed
  }
}

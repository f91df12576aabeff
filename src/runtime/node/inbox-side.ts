// The Inbox side of the Node pipeline: it owns the Inbox database. Every entry the receipt journal sends
// is copied into raw_events (journal-copier.ts), filed (event-pump.ts) and its answers sent (the outbox
// dispatcher). It talks to the journal side over one port (pipeline.ts), so it runs the same whether it
// is placed on a worker thread (the production entry) or beside the journal (tests and the sandbox).
import type { MessagePort } from "node:worker_threads";
import type { Clock } from "../../clock.js";
import type { Config } from "../../config.js";
import type { StorageHealth } from "../../http/app.js";
import type { Logger } from "../../log.js";
import { figuresReader, type InboxFigures } from "../../metrics/inbox-figures.js";
import { countingSends } from "../../metrics/send-counter.js";
import { expireOrphanedLeases } from "../../outbox/claim.js";
import { outboxCounts } from "../../outbox/dispatcher.js";
import { databasePath, type OpenedDb, openNodeDatabase } from "../../store/open-node.js";
import type { GraphFetch } from "../../whatsapp/graph-client.js";
import { nodeFetchWithAgent } from "../../whatsapp/undici-fetch.js";
import { buildInbox, type InboxHealth } from "../build-inbox.js";
import { type Checkpointer, startCheckpointer } from "./checkpointer.js";
import { EventPump } from "./event-pump.js";
import { GroupCommitter } from "./group-commit.js";
import type { JournalEntry } from "./journal.js";
import { JournalCopier } from "./journal-copier.js";
import { type RetentionTimer, startRetention } from "./retention-timer.js";

/** Journal side → Inbox side. One port keeps them in order: a stop always follows the last entries. */
export type ToInbox =
  | { kind: "entries"; entries: JournalEntry[]; replayed: boolean }
  /** `figures`: also read what /metrics shows (a /healthz poll does not need it). */
  | { kind: "health"; seq: number; figures?: boolean }
  | { kind: "stop" };

/** How far the Inbox side got (journal ids; `filing` = bodies copied but not yet filed). */
export type InboxProgress = { kind: "progress"; copiedUpTo: number; durableUpTo: number; filing: number };

/** Inbox side → journal side. */
export type FromInbox =
  | InboxProgress
  | { kind: "ready" }
  | {
      kind: "health";
      seq: number;
      report: InboxHealth & { storage: StorageHealth };
      figures?: InboxFigures;
    }
  /** The Inbox side could not start. */
  | { kind: "failed"; error: string }
  | { kind: "stopped" };

export type InboxSideOptions = {
  config: Config;
  clock: Clock;
  log: Logger;
  /** Injected by tests and the sandbox; the default is undici with a keep-alive Agent. */
  fetch?: GraphFetch;
  /** Tests pass an in-memory database; the default is the number's file under DATA_DIR. */
  open?: () => OpenedDb;
  /** The filing retry sweep and the dispatcher's loop; tests drive both by hand instead. */
  timers?: boolean;
  dispatchIntervalMs?: number;
};

export type InboxSide = ReturnType<typeof startInboxSide>;

/** Opens the database and serves the port; posts "ready", or "failed" if it could not start. */
export function startInboxSide(port: MessagePort, options: InboxSideOptions) {
  const { config, clock, log } = options;
  const post = (message: FromInbox) => port.postMessage(message);
  const file = databasePath(config.dataDir, config.phoneNumberId);
  const opened = options.open ? options.open() : openNodeDatabase(file);
  // The production database checkpoints on a thread of its own (checkpointer.ts); an injected one (an
  // in-memory test database) keeps SQLite's own.
  let checkpointer: Checkpointer | null = null;
  if (!options.open) {
    opened.sqlite.pragma("wal_autocheckpoint = 0");
    checkpointer = startCheckpointer(
      file,
      (error) => log.warn("WAL checkpoint failed", { error }),
      () => {
        log.error("the WAL checkpoint thread ended; the Inbox checkpoints its WAL itself again");
        opened.sqlite.pragma("wal_autocheckpoint = 1000");
      },
    );
  }
  // The journal side holds DATA_DIR's lock, so rows left 'sending' were leased by a process that died:
  // they are sent again now rather than when their lease runs out.
  const orphaned = expireOrphanedLeases(opened.db);
  if (orphaned > 0)
    log.warn("messages interrupted mid-send by the last process: sending them again", { orphaned });

  const nodeFetch = options.fetch ? null : nodeFetchWithAgent();
  // Sends by outcome and Meta error code, for /metrics.
  const sends = countingSends(options.fetch ?? (nodeFetch as GraphFetch));
  const readFigures = figuresReader(opened.sqlite);
  const built = buildInbox({ db: opened.db, config, clock, log, fetch: sends.fetch });
  const pump = new EventPump({
    inbox: built.inbox,
    log,
    clock,
    afterProcessing: () => {
      built.dispatcher.wake();
      // Filing progress releases acknowledgements held for a filing backlog (backlog-gate.ts).
      copier.report();
    },
  });
  const raw = new GroupCommitter(opened.sqlite, (body, sha) => built.inbox.storeRawEvent(body, sha));
  const copier = new JournalCopier({
    copy: (entries, durable) => raw.commitNow(entries, durable),
    accepted: (result, parsed, receivedAt, bytes) => pump.accept(result, parsed, receivedAt, bytes),
    filingQueue: () => pump.waiting,
    report: post,
    log,
  });

  let retention: RetentionTimer | null = null;

  async function stop(): Promise<void> {
    retention?.stop();
    // Entries that came before the stop were received in order: copy them durably, file, close.
    copier.stop();
    copier.copy(true);
    pump.stop();
    await built.dispatcher.stop();
    await nodeFetch?.close();
    // Its connection first, so the Inbox's is the last: closing the last one checkpoints the whole WAL.
    await checkpointer?.stop();
    opened.close();
    // Closing checkpointed the WAL, so every copy is durable and the journal may forget it.
    copier.closedCleanly();
    post({ kind: "stopped" });
  }

  function figures(): InboxFigures {
    const read = readFigures(clock.now());
    return {
      ...read,
      // Bodies received but not yet copied into raw_events wait to be filed too.
      eventsPending: read.eventsPending + copier.backlog,
      outboxFailed: outboxCounts(opened.db).failed,
      sends: sends.read(),
    };
  }

  port.on("message", (message: ToInbox) => {
    switch (message.kind) {
      case "entries":
        copier.receive(message);
        return;
      case "health": {
        const report = built.health();
        const failing = copier.failing;
        post({
          kind: "health",
          seq: message.seq,
          report: {
            ...report,
            eventsPending: report.eventsPending + copier.backlog,
            storage: failing === null ? "ok" : { state: "failing", ...failing },
          },
          ...(message.figures ? { figures: figures() } : {}),
        });
        return;
      }
      case "stop":
        void stop();
        return;
    }
  });
  if (options.timers !== false) {
    pump.start();
    built.dispatcher.start(options.dispatchIntervalMs ?? 500);
    retention = startRetention({ db: opened.db, clock, days: config.rawRetentionDays, log });
  }
  post({ kind: "ready" });
  return { ...built, db: opened.db, sqlite: opened.sqlite };
}

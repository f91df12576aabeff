// The Node bot, the one pipeline that `npm start`, the tests, the sandbox and the benchmarks run:
//
//   HTTP app (signature, body limit) → receipt journal (a group commit reached the disk) → 200
//        → Inbox side over one port: copy into raw_events → file → outbox → Graph API
//
// The journal is on this thread, so a 200 waits for one small fsync and nothing else; the Inbox side is
// placed on a worker thread in production (inbox-thread.ts) or beside the journal when the caller wants
// to drive it (tests, the sandbox's movable clock). The code each side runs is the same either way.
import { MessageChannel, type Worker } from "node:worker_threads";
import type { Config } from "../../config.js";
import { createApp, type HealthReport, type StorageHealth } from "../../http/app.js";
import type { StoreResult } from "../../inbox/inbox.js";
import type { Logger } from "../../log.js";
import type { InboxFigures } from "../../metrics/inbox-figures.js";
import type { NumberSnapshot, PipelineMetrics } from "../../metrics/metrics.js";
import { journalPath } from "../../store/open-node.js";
import { nodeWebhookCrypto } from "../../whatsapp/node-crypto.js";
import type { InboxHealth } from "../build-inbox.js";
import { startAckTimer } from "./ack-timings.js";
import { BacklogGate } from "./backlog-gate.js";
import { GroupCommitter } from "./group-commit.js";
import {
  type FromInbox,
  type InboxSide,
  type InboxSideOptions,
  startInboxSide,
  type ToInbox,
} from "./inbox-side.js";
import { Journal, replayJournal } from "./journal.js";
import { startInboxThread } from "./start-inbox-thread.js";

export type PipelineOptions = {
  config: Config;
  log: Logger;
  /**
   * Where the Inbox side runs: "thread" (production), or in this thread with these drivers. The
   * in-process journal is in memory unless `journalFile` says otherwise.
   */
  inbox: "thread" | Omit<InboxSideOptions, "config" | "log">;
  journalFile?: string;
  /** The Inbox side stopped unexpectedly (production: exit, so a supervisor restarts the bot). */
  onCrash?: (error: Error) => void;
  /** This number's figures for /metrics, counted as they happen (src/metrics/metrics.ts). */
  metrics?: PipelineMetrics;
};

export type NodeBot = Awaited<ReturnType<typeof startPipeline>>;

/** Opens the journal (taking DATA_DIR's lock), starts the Inbox side, replays what a crash left. */
export async function startPipeline(options: PipelineOptions) {
  const { config, log } = options;
  const inThread = options.inbox === "thread";
  // First, before anything starts: the journal's lock fails a second bot on the same DATA_DIR.
  const journal = new Journal(
    options.journalFile ?? (inThread ? journalPath(config.dataDir, config.phoneNumberId) : ":memory:"),
  );
  const channel = new MessageChannel();
  const port = channel.port1;
  let local: InboxSide | null = null;
  let worker: Worker | null = null;
  let stopping = false;
  let crashedAlready = false;
  function crashed(error: Error): void {
    if (stopping || crashedAlready) return;
    crashedAlready = true;
    log.error("the inbox side stopped unexpectedly", { error: error.message });
    options.onCrash?.(error);
  }
  const ready = new Promise<void>((resolve, reject) => {
    const onFirst = (message: FromInbox) => {
      if (message.kind === "ready") resolve();
      else if (message.kind === "failed") reject(new Error(message.error));
      else return;
      port.off("message", onFirst);
    };
    port.on("message", onFirst);
    if (inThread) {
      worker = startInboxThread(config, channel.port2, reject, crashed);
    }
  });
  if (options.inbox !== "thread") {
    try {
      local = startInboxSide(channel.port2, { ...options.inbox, config, log });
    } catch (error) {
      journal.close();
      throw error;
    }
  }

  const post = (message: ToInbox) => port.postMessage(message);
  const timer = startAckTimer(log, undefined, options.metrics?.series);
  const gate = new BacklogGate();
  let copiedUpTo = 0;
  let forgottenUpTo = 0;
  let appendedUpTo = 0;
  let healthSeq = 0;
  type InboxAnswer = { report: InboxHealth & { storage: StorageHealth }; figures?: InboxFigures };
  const healthWaiting = new Map<number, (answer: InboxAnswer) => void>();
  const progressWaiters = new Set<() => void>();
  let stopped: (() => void) | null = null;

  port.on("message", (message: FromInbox) => {
    switch (message.kind) {
      case "progress":
        copiedUpTo = message.copiedUpTo;
        if (message.durableUpTo > forgottenUpTo) {
          forgottenUpTo = message.durableUpTo;
          try {
            journal.forget(forgottenUpTo);
          } catch (error) {
            // Kept entries are only copied again (and recognised) after a restart: log and go on.
            log.warn("journal entries could not be deleted", { error: String(error) });
          }
        }
        gate.progress(message.copiedUpTo, message.filing);
        for (const wake of progressWaiters) wake();
        return;
      case "health":
        healthWaiting.get(message.seq)?.(message);
        healthWaiting.delete(message.seq);
        return;
      case "failed":
        crashed(new Error(message.error));
        return;
      case "stopped":
        stopped?.();
        return;
    }
  });

  const committer = new GroupCommitter(
    journal.sqlite,
    (body, sha256) => journal.append(body, sha256, Date.now()),
    (batch, commitMs) => {
      timer.journalCommit(commitMs, batch.length);
      const entries = batch.map(({ body, sha256, result }) => ({ id: result.id, body, sha256 }));
      appendedUpTo = entries.at(-1)?.id ?? appendedUpTo;
      gate.appended(appendedUpTo);
      post({ kind: "entries", entries, replayed: false });
    },
  );

  /** Resolves once the Inbox side has copied every entry up to `upTo` into raw_events. */
  const copied = (upTo: number) =>
    new Promise<void>((resolve) => {
      if (copiedUpTo >= upTo) return resolve();
      const wake = () => {
        if (copiedUpTo < upTo) return;
        progressWaiters.delete(wake);
        resolve();
      };
      progressWaiters.add(wake);
    });

  try {
    await ready;
    const replayed = await replayJournal(
      journal,
      (entries) => {
        appendedUpTo = entries.at(-1)?.id ?? appendedUpTo;
        gate.appended(appendedUpTo);
        post({ kind: "entries", entries, replayed: true });
      },
      copied,
    );
    if (replayed > 0) log.info("journal replayed", { upTo: replayed });
  } catch (error) {
    timer.stop();
    await (worker as Worker | null)?.terminate();
    journal.close();
    throw error;
  }

  /** Set while journal commits fail (the webhook gets a 503, /healthz says why); cleared by a success. */
  let commitFailure: { since: number; reason: string } | null = null;

  async function store(body: string, sha256: string): Promise<StoreResult> {
    let result: StoreResult;
    try {
      result = await committer.store(body, sha256);
      commitFailure = null;
      options.metrics?.stored();
    } catch (error) {
      commitFailure ??= {
        since: performance.now(),
        reason: error instanceof Error ? error.message : String(error),
      };
      throw error;
    }
    const held = gate.pass();
    if (held) {
      const since = performance.now();
      await held;
      timer.held(performance.now() - since);
    }
    return result;
  }

  /** Asks the Inbox side; `figures` adds what /metrics shows. */
  function askInbox(figures: boolean): Promise<InboxAnswer> {
    healthSeq += 1;
    const seq = healthSeq;
    return new Promise<InboxAnswer>((resolve) => {
      healthWaiting.set(seq, resolve);
      post({ kind: "health", seq, figures });
    });
  }

  async function health(answer?: InboxAnswer): Promise<HealthReport> {
    const { report } = answer ?? (await askInbox(false));
    const storage: StorageHealth =
      commitFailure === null
        ? report.storage
        : {
            state: "failing",
            forMs: Math.round(performance.now() - commitFailure.since),
            reason: commitFailure.reason,
          };
    // A bot that cannot store cannot acknowledge Meta: a monitor must see it (503).
    return { ...report, ok: !stopping && storage === "ok", storage, acknowledgements: await timer.read() };
  }

  /** What /metrics shows of this number: one round trip to the Inbox side, timed. */
  async function snapshot(): Promise<NumberSnapshot> {
    const askedAt = performance.now();
    const answer = await askInbox(true);
    const inboxAnswerMs = performance.now() - askedAt;
    if (answer.figures === undefined) throw new Error("the inbox side sent no figures");
    return {
      phoneNumberId: config.phoneNumberId,
      health: await health(answer),
      figures: answer.figures,
      inboxAnswerMs,
    };
  }

  const app = createApp({
    crypto: nodeWebhookCrypto,
    appSecret: config.appSecret,
    verifyToken: config.verifyToken,
    log,
    store,
    // The Inbox side files each body as the journal hands it over: nothing to do here.
    stored: () => {},
    health: () => health(),
  });

  function markStopping(): void {
    stopping = true;
    gate.open();
  }

  return {
    app,
    /** The journal's store and the health report, for an app that serves several numbers (main.ts). */
    store,
    health: () => health(),
    snapshot,
    /** The Inbox side's parts when it runs in this thread (tests and the sandbox drive and read them). */
    local,
    /** Resolves once every body acknowledged so far is in raw_events. */
    copied: () => copied(appendedUpTo),
    /** Answers the requests held for a filing backlog, so closing the server never waits on filing. */
    markStopping,
    /**
     * After the HTTP server closed: commits the journal's last bodies, lets the Inbox side copy and file
     * them and close its database, then lets the journal forget them, so a clean restart replays nothing.
     */
    async stop(): Promise<void> {
      markStopping();
      committer.flush();
      await new Promise<void>((resolve) => {
        stopped = resolve;
        post({ kind: "stop" });
      });
      await (worker as Worker | null)?.terminate();
      port.close();
      journal.close();
      timer.stop();
    },
  };
}

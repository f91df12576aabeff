// Everything the Node process runs, built from a Config. The core (database file, Inbox, group commit,
// event pump, Graph client, outbox dispatcher) knows nothing of HTTP, so it runs either beside the HTTP
// app (tests, the sandbox, benchmarks: createNodeInbox) or on a thread of its own (the production entry,
// inbox-thread.ts), where its fsyncs and filing never hold up the event loop that answers Meta.
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import { createApp, type HealthReport } from "../http/app.js";
import { bootstrapAdmins } from "../inbox/bootstrap.js";
import { Inbox, type StoreResult } from "../inbox/inbox.js";
import type { Logger } from "../log.js";
import { expireOrphanedLeases } from "../outbox/claim.js";
import { createDispatcher, outboxCounts, sendingStatus } from "../outbox/dispatcher.js";
import { databasePath, type OpenedDb, openNodeDatabase } from "../store/open-node.js";
import { createGraphClient, type GraphFetch } from "../whatsapp/graph-client.js";
import { nodeFetchWithAgent } from "../whatsapp/undici-fetch.js";
import { EventPump } from "./event-pump.js";
import { GroupCommitter } from "./group-commit.js";
import { nodeWebhookCrypto } from "./node-crypto.js";
import { createInboxServices } from "./services.js";

export type NodeInboxOptions = {
  config: Config;
  clock: Clock;
  log: Logger;
  /** Injected by tests; the default is undici with a keep-alive Agent. */
  fetch?: GraphFetch;
  dispatchIntervalMs?: number;
  /** Tests pass an in-memory database; the default is the number's file under DATA_DIR. */
  open?: () => OpenedDb;
  /** Called after each slice of bodies is filed (the Inbox thread reports its progress). */
  afterFiling?: () => void;
  /**
   * This process alone uses the database (the Node entry holds DATA_DIR's lock): rows left 'sending'
   * were leased by a process that died, and are sent again at once (expireOrphanedLeases).
   */
  soleOwner?: boolean;
};

/** The Inbox side of the process, as the HTTP side (in-process or across a thread) calls it. */
export type InboxCore = ReturnType<typeof createInboxCore>;

export function createInboxCore({
  config,
  clock,
  log,
  fetch,
  dispatchIntervalMs = 500,
  open,
  afterFiling,
  soleOwner = false,
}: NodeInboxOptions) {
  const opened = open ? open() : openNodeDatabase(databasePath(config.dataDir, config.phoneNumberId));
  const created = bootstrapAdmins(opened.db, config.admins, clock.now());
  if (created.length > 0) log.info("admins created from INBOX_ADMINS", { handles: created });
  const orphaned = soleOwner ? expireOrphanedLeases(opened.db) : 0;
  if (orphaned > 0)
    log.warn("messages interrupted mid-send by the last process: sending them again", { orphaned });

  const nodeFetch = fetch ? null : nodeFetchWithAgent();
  const graph = createGraphClient({
    baseUrl: config.graphApiUrl,
    version: config.graphApiVersion,
    phoneNumberId: config.phoneNumberId,
    accessToken: config.accessToken,
    fetch: fetch ?? (nodeFetch as GraphFetch),
  });
  const dispatcher = createDispatcher({
    db: opened.db,
    graph,
    clock,
    log,
    notifyTemplate: config.staffNotifyTemplate,
  });
  const services = createInboxServices(config, log);
  const inbox = new Inbox(opened.db, {
    clock,
    log,
    options: services.options,
    notifier: services.notifier,
    staffChannel: services.staffChannel,
  });
  const committer = new GroupCommitter(opened.sqlite, (body, sha) => inbox.storeRawEvent(body, sha));
  const pump = new EventPump({
    inbox,
    log,
    clock,
    afterProcessing: () => {
      dispatcher.wake();
      afterFiling?.();
    },
  });

  return {
    inbox,
    db: opened.db,
    sqlite: opened.sqlite,
    dispatcher,
    /** Resolves once the body is in a commit that reached the disk (invariant 1). */
    store: (body: string, sha256: string): Promise<StoreResult> => committer.store(body, sha256),
    /**
     * Copies journal entries (bodies already durable in the journal) into raw_events in one commit,
     * at synchronous=FULL when `durable` (the journal may then forget them), else NORMAL: a crash loses
     * at most copies the journal still holds. A body already stored is recognised by its SHA-256.
     */
    copyFromJournal: (entries: ReadonlyArray<{ body: string; sha256: string }>, durable: boolean) =>
      committer.commitNow(entries, durable),
    /** Bodies accepted but not yet filed. */
    filingQueue: (): number => pump.waiting,
    /** A stored body whose 200 is on its way: file it. */
    accepted: (result: StoreResult, parsed: unknown, ackStartedAt: number, bytes = 0): void =>
      pump.accept(result, parsed, ackStartedAt, bytes),
    /** /healthz without `ok`, which is the HTTP side's to say (it knows when it is stopping). */
    health: (): Omit<HealthReport, "ok"> => {
      const counts = outboxCounts(opened.db);
      const sending = sendingStatus(opened.db);
      return {
        eventsPending: inbox.pendingEventCount(),
        outboxPending: counts.pending,
        heldNotifications: counts.held,
        sending: sending.sending === "ok" ? "ok" : { state: "stopped", reason: sending.reason },
      };
    },
    start(): void {
      // A restart is how a new token arrives, so sending resumes; it stops again if the token is still bad.
      dispatcher.resumeSending();
      pump.start();
      dispatcher.start(dispatchIntervalMs);
    },
    /** Files what was accepted, waits for sends in flight to be recorded, closes the database. */
    async stop(): Promise<void> {
      pump.stop();
      await dispatcher.stop();
      await nodeFetch?.close();
      opened.close();
    },
  };
}

/** The core and the HTTP app on one event loop. */
export function createNodeInbox(options: NodeInboxOptions) {
  const core = createInboxCore(options);
  let stopping = false;
  const app = createApp({
    crypto: nodeWebhookCrypto,
    appSecret: options.config.appSecret,
    verifyToken: options.config.verifyToken,
    log: options.log,
    store: (body, sha) => core.store(body, sha),
    stored: (result, parsed, startedAt) => core.accepted(result, parsed, startedAt),
    health: () => ({ ok: !stopping, ...core.health() }),
  });

  return {
    app,
    inbox: core.inbox,
    db: core.db,
    sqlite: core.sqlite,
    dispatcher: core.dispatcher,
    start: core.start,
    markStopping(): void {
      stopping = true;
    },
    async stop(): Promise<void> {
      stopping = true;
      await core.stop();
    },
  };
}

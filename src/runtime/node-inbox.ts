// Everything the Node process runs, built from a Config: database file, Inbox, HTTP app, event pump,
// Graph client and outbox dispatcher. Tests build it too (with a fake Graph API) to run the real wiring.
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import { createApp } from "../http/app.js";
import { bootstrapAdmins } from "../inbox/bootstrap.js";
import { Inbox } from "../inbox/inbox.js";
import type { Logger } from "../log.js";
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
};

export function createNodeInbox({
  config,
  clock,
  log,
  fetch,
  dispatchIntervalMs = 500,
  open,
}: NodeInboxOptions) {
  const opened = open ? open() : openNodeDatabase(databasePath(config.dataDir, config.phoneNumberId));
  const created = bootstrapAdmins(opened.db, config.admins, clock.now());
  if (created.length > 0) log.info("admins created from INBOX_ADMINS", { handles: created });

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
  const pump = new EventPump({ inbox, log, clock, afterProcessing: () => dispatcher.wake() });

  let stopping = false;
  const app = createApp({
    crypto: nodeWebhookCrypto,
    appSecret: config.appSecret,
    verifyToken: config.verifyToken,
    log,
    store: (body, sha) => committer.store(body, sha),
    stored: (result, parsed, startedAt) => pump.accept(result, parsed, startedAt, 0),
    health: () => {
      const counts = outboxCounts(opened.db);
      const sending = sendingStatus(opened.db);
      return {
        ok: !stopping,
        eventsPending: inbox.pendingEventCount(),
        outboxPending: counts.pending,
        heldNotifications: counts.held,
        sending: sending.sending === "ok" ? "ok" : { state: "stopped", reason: sending.reason },
      };
    },
  });

  return {
    app,
    inbox,
    db: opened.db,
    sqlite: opened.sqlite,
    dispatcher,
    start(): void {
      // A restart is how a new token arrives, so sending resumes; it stops again if the token is still bad.
      dispatcher.resumeSending();
      pump.start();
      dispatcher.start(dispatchIntervalMs);
    },
    markStopping(): void {
      stopping = true;
    },
    async stop(): Promise<void> {
      stopping = true;
      pump.stop();
      await dispatcher.stop();
      await nodeFetch?.close();
      opened.close();
    },
  };
}

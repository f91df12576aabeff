// The one composition of an Inbox: the same code, settings and outbox on Node and in a Durable Object.
// Only the drivers differ, and they are passed in: the database (better-sqlite3 or the object's storage),
// the clock, the log and the fetch that reaches Meta.
import { createSteward } from "../autorun/steward.js";
import type { Clock } from "../clock.js";
import { answerTemplateWaiters } from "../commands/handlers/templates.js";
import { createStaffChannel } from "../commands/staff-channel.js";
import type { Config } from "../config.js";
import { bootstrapAdmins } from "../inbox/bootstrap.js";
import { createCustomerNotifier } from "../inbox/customer-notices.js";
import { Inbox } from "../inbox/inbox.js";
import type { InboxOptions } from "../inbox/options.js";
import type { Logger } from "../log.js";
import { portableSha256, type Sha256Factory } from "../media/sha256.js";
import { createDispatcher, outboxCounts, sendingStatus } from "../outbox/dispatcher.js";
import { createTemplateRefresher } from "../outbox/template-refresh.js";
import type { InboxDb } from "../store/db.js";
import { createGraphClient, type GraphFetch } from "../whatsapp/graph-client.js";
import { createMediaStreams, type MediaStreamOptions, type MediaStreams } from "../whatsapp/graph-media.js";

export type InboxDrivers = {
  db: InboxDb;
  config: Config;
  clock: Clock;
  log: Logger;
  fetch: GraphFetch;
  /** Outbox rows claimed per dispatcher run (a Durable Object's alarm has a subrequest limit). */
  outboxBatch?: number;
  /** Media relays per dispatcher run: each is about four subrequests (a Durable Object's budget). */
  mediaPerRun?: number;
  /** The media relay's checksum; Node passes its native one, anything else gets the portable one. */
  sha256?: Sha256Factory;
  /** The media relay's transfers; without it they go through `fetch` (graph-media.ts). */
  mediaStreams?: (options: Omit<MediaStreamOptions, "fetch">) => MediaStreams;
};

/** What /healthz says of an Inbox; `ok` is the runtime's to add (it knows when it is stopping). */
export type InboxHealth = {
  eventsPending: number;
  outboxPending: number;
  heldNotifications: number;
  sending: "ok" | { state: "stopped"; reason: string };
};

export type BuiltInbox = ReturnType<typeof buildInbox>;

export function inboxOptionsFrom(config: Config): InboxOptions {
  return {
    phoneNumberId: config.phoneNumberId,
    reopenWindowHours: config.reopenWindowHours,
    staffGroupId: config.staffGroupId,
    staffNotifyTemplate: config.staffNotifyTemplate,
    businessAccountId: config.businessAccountId,
  };
}

export function buildInbox({
  db,
  config,
  clock,
  log,
  fetch,
  outboxBatch,
  mediaPerRun,
  sha256,
  mediaStreams,
}: InboxDrivers) {
  const created = bootstrapAdmins(db, config.admins, clock.now());
  if (created.length > 0) log.info("admins created from INBOX_ADMINS", { handles: created });

  const graph = createGraphClient({
    baseUrl: config.graphApiUrl,
    version: config.graphApiVersion,
    phoneNumberId: config.phoneNumberId,
    accessToken: config.accessToken,
    fetch,
  });
  const graphAt = {
    baseUrl: config.graphApiUrl,
    version: config.graphApiVersion,
    phoneNumberId: config.phoneNumberId,
    accessToken: config.accessToken,
  };
  const streams = mediaStreams?.(graphAt) ?? createMediaStreams({ ...graphAt, fetch });
  // Without a WABA id nothing reads the template list, and /template sends unchecked.
  const templates =
    config.businessAccountId === null
      ? null
      : createTemplateRefresher({
          db,
          graph,
          clock,
          log,
          businessAccountId: config.businessAccountId,
          answerWaiters: answerTemplateWaiters,
        });
  const options = inboxOptionsFrom(config);
  // SPEC §13: timers are rows; the dispatcher's run (Node's loop, a Durable Object's alarm) fires them.
  const steward = createSteward({ db, log, now: () => clock.now(), options });
  const dispatcher = createDispatcher({
    db,
    graph,
    clock,
    log,
    templates,
    notifyTemplate: config.staffNotifyTemplate,
    beforeRun: () => steward.fireDue(),
    media: { graph, streams, sha256: sha256 ?? portableSha256 },
    ...(outboxBatch === undefined ? {} : { batchSize: outboxBatch }),
    ...(mediaPerRun === undefined ? {} : { mediaPerRun }),
  });
  const inbox = new Inbox(db, {
    clock,
    log,
    options,
    notifier: createCustomerNotifier(options, steward),
    staffChannel: createStaffChannel(options, log, steward),
  });
  // Building an Inbox is a (re)start, and a restart is how a new access token arrives: sending resumes,
  // and stops again at the first send if the token is still refused.
  dispatcher.resumeSending();

  return {
    inbox,
    dispatcher,
    steward,
    graph,
    templates,
    health(): InboxHealth {
      const counts = outboxCounts(db);
      const sending = sendingStatus(db);
      return {
        eventsPending: inbox.pendingEventCount(),
        outboxPending: counts.pending,
        heldNotifications: counts.held,
        sending: sending.sending === "ok" ? "ok" : { state: "stopped", reason: sending.reason },
      };
    },
  };
}

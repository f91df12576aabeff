// The production bot on Node: one pipeline (journal, Inbox thread, database, outbox) per business number
// of WHATSAPP_PHONE_NUMBER_ID, nothing shared but the process and its port (SPEC §15, §17.17). One HTTP
// app in front checks the signature once, splits a body by business number as the Worker does
// (whatsapp/split-by-number.ts), and answers 200 once every number's part is in that number's journal.
// An update for a number not served goes to the first number's journal, where it is stored, logged and
// never processed as that number's (SPEC §9). With one number the body goes to its journal unchanged.
import { createHash } from "node:crypto";
import type { Hono } from "hono";
import { type Config, forNumber } from "../../config.js";
import { createApp, type HealthReport } from "../../http/app.js";
import type { StoreResult } from "../../inbox/inbox.js";
import type { Logger } from "../../log.js";
import { createBotMetrics } from "../../metrics/metrics.js";
import { nodeWebhookCrypto } from "../../whatsapp/node-crypto.js";
import { routeTo, splitByBusinessNumber } from "../../whatsapp/split-by-number.js";
import { combineHealth } from "../workers/worker-app.js";
import { withFields } from "./log-fields.js";
import { type NodeBot, startPipeline } from "./pipeline.js";

export type NumbersBot = {
  app: Hono;
  /** Answers the requests held for a filing backlog, so closing the server never waits on filing. */
  markStopping: () => void;
  /** Stops every number's pipeline (each commits, files and closes its own files). */
  stop: () => Promise<void>;
};

export async function startNumbers(options: {
  config: Config;
  log: Logger;
  onCrash: (error: Error) => void;
}): Promise<NumbersBot> {
  const { config, log } = options;
  const ids = config.phoneNumberIds;
  const several = ids.length > 1;
  const metrics = createBotMetrics();
  const pipelines = new Map<string, NodeBot>();
  // All at once (each boots its own thread); if one cannot start (its journal's lock is held, say), the
  // others are stopped again and the bot does not start.
  const started = await Promise.allSettled(
    ids.map(async (id) => {
      const pipeline = await startPipeline({
        config: forNumber(config, id),
        log: several ? withFields(log, { phoneNumberId: id }) : log,
        inbox: "thread",
        onCrash: options.onCrash,
        metrics: metrics.forNumber(id),
      });
      pipelines.set(id, pipeline);
    }),
  );
  const failed = started.find((outcome) => outcome.status === "rejected");
  if (failed !== undefined) {
    await Promise.all([...pipelines.values()].map((pipeline) => pipeline.stop()));
    throw failed.reason;
  }
  const pipelineOf = (id: string): NodeBot => {
    const pipeline = pipelines.get(id);
    if (pipeline === undefined) throw new Error(`no pipeline for ${id}`);
    return pipeline;
  };
  const routeOf = routeTo(ids);

  async function store(text: string, sha256: string, parsed: unknown): Promise<StoreResult> {
    if (!several) return pipelineOf(routeOf(null)).store(text, sha256);
    // No size limit per part: a journal stores any body the HTTP app accepted (the Worker's limit is
    // a Durable Object's).
    const parts = splitByBusinessNumber(parsed, text, routeOf, Number.POSITIVE_INFINITY);
    // Every part is tried; one that fails fails the request (503), and Meta's redelivery splits the same
    // way, byte for byte, so the parts already stored are recognised by their hash.
    const settled = await Promise.allSettled(
      parts.map((part) =>
        pipelineOf(part.target).store(
          part.body,
          part.whole ? sha256 : createHash("sha256").update(part.body).digest("hex"),
        ),
      ),
    );
    const results: StoreResult[] = [];
    for (const outcome of settled) {
      if (outcome.status === "rejected") throw outcome.reason;
      results.push(outcome.value);
    }
    return { id: results[0]?.id ?? 0, duplicate: results.every((r) => r.duplicate) };
  }

  async function health(): Promise<HealthReport> {
    if (!several) return pipelineOf(routeOf(null)).health();
    const reports = await Promise.all(ids.map((id) => pipelineOf(id).health()));
    return {
      ...combineHealth(reports),
      numbers: Object.fromEntries(ids.map((id, i) => [id, reports[i]])),
    };
  }

  const app = createApp({
    crypto: nodeWebhookCrypto,
    appSecret: config.appSecret,
    verifyToken: config.verifyToken,
    log,
    store,
    // Each number's Inbox side files what its journal hands over: nothing to do here.
    stored: () => {},
    health,
    metrics: {
      token: config.metricsToken,
      contentType: metrics.contentType,
      render: () => metrics.render(() => Promise.all(ids.map((id) => pipelineOf(id).snapshot()))),
      webhook: metrics.webhook,
    },
  });

  return {
    app,
    markStopping: () => {
      for (const pipeline of pipelines.values()) pipeline.markStopping();
    },
    stop: async () => {
      await Promise.all([...pipelines.values()].map((pipeline) => pipeline.stop()));
    },
  };
}
